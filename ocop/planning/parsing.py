"""Read a plan written in the Vietnamese administrative layout (plain text) into data.

The seed is the Kon Rẫy 2024 OCOP plan (`shared/reference/ke-hoach-ocop-2024-kon-ray.txt`):
a title, "Căn cứ …" paragraphs, a preamble, Roman sections (I Mục đích – yêu cầu, II Mục
tiêu, III Nhiệm vụ và giải pháp, IV Tổ chức thực hiện) made of numbered items, each either
"N. Title: text" (inline) or "N. Title" followed by "- …" bullets, then a closing sentence,
"Nơi nhận:" and the signature block. Nothing here touches the database: the result is
plain dataclasses, written to `data/*.json` by `manage.py ocop_parse_plan` and loaded by the
demo, so the plan's words are never retyped by hand.

Targets are read from the objectives and solutions by the patterns in TARGET_PATTERNS (data:
a phrase → an indicator of `ocop.planning.actuals`), roles ("Chủ trì" → lead, "Phối hợp" →
coordination) and recurrence ("Định kỳ …") from each task's first words.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

PARSER_VERSION = "1.0.0"

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
ROMAN_HEADING = re.compile(r"^(?P<number>[IVX]+)\.\s+(?P<title>.+)$")
NUMBERED = re.compile(r"^(?P<number>\d+)\.\s+(?P<text>.+)$", re.S)
# "Title: text" — the title part is short and has no sentence inside it.
INLINE_TITLE = re.compile(r"^(?P<title>[^:.;]{3,140}):\s+(?P<text>\S.*)$", re.S)

# Section titles the four parts of a plan carry (compared without case).
SECTION_KEYS = {
    "purposes": "MỤC ĐÍCH",
    "objectives": "MỤC TIÊU",
    "solutions": "NHIỆM VỤ",
    "organisation": "TỔ CHỨC THỰC HIỆN",
}

ROLE_LEAD = "chu_tri"
ROLE_COORDINATE = "phoi_hop"

RECURRENCE_NONE = ""
RECURRENCE_PERIODIC = "dinh_ky"
RECURRENCE_YEARLY = "hang_nam"


class ParseError(ValueError):
    """The text does not have the structure of a plan; the message says where."""


@dataclass
class ParsedItem:
    """A numbered item of a section: "2. Yêu cầu" with its bullets, or "1. X: text"."""

    number: int
    title: str
    inline: bool
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class ParsedSection:
    number: str  # Roman
    title: str
    paragraphs: list[str] = field(default_factory=list)  # before the first numbered item
    items: list[ParsedItem] = field(default_factory=list)


@dataclass
class ParsedTask:
    position: int
    text: str
    role: str  # ROLE_LEAD or ROLE_COORDINATE
    recurrence: str  # RECURRENCE_*


@dataclass
class ParsedResponsibility:
    """An item of section IV: who (as written) and their tasks."""

    number: int
    heading: str
    inline: bool
    is_request: bool  # "Đề nghị …": the plan asks, it cannot order (mass organisations)
    tasks: list[ParsedTask] = field(default_factory=list)


@dataclass
class ParsedTarget:
    indicator: str
    label: str  # the sentence of the plan the target comes from
    value: float
    maximum: float | None
    per_commune: bool
    unit: str
    source: str  # where in the plan: "II.2", "III.3"


@dataclass
class ParsedSignature:
    authority: str  # "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH"
    position: str  # "PHÓ CHỦ TỊCH"
    signer: str


@dataclass
class ParsedPlan:
    doc_type: str
    title: str
    bases: list[str]
    preamble: str
    purposes: list[str]
    requirements: list[str]
    general_objective: str
    specific_objective: str
    solutions: list[ParsedItem]
    responsibilities: list[ParsedResponsibility]
    targets: list[ParsedTarget]
    closing: str
    recipients: list[str]
    signature: ParsedSignature
    repairs: list[str] = field(default_factory=list)


# -- targets as data ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetPattern:
    indicator: str
    section: str  # "objectives" or "solutions"
    pattern: re.Pattern
    per_commune: bool
    unit: str
    # value and maximum from the match: group names "value"/"max", or fixed numbers
    fixed_value: float | None = None


TARGET_PATTERNS = (
    # Kế hoạch Kon Rẫy 2024 mục II.2: "Mỗi xã phấn đấu có ít nhất 01 ý tưởng/sản phẩm tham gia
    # đánh giá, phân hạng sản phẩm OCOP cấp huyện".
    TargetPattern(
        "products_evaluated",
        "objectives",
        re.compile(
            r"[Mm]ỗi xã phấn đấu có ít nhất (?P<value>\d+) ý tưởng/sản phẩm tham gia đánh giá, phân hạng[^;.]*"
        ),
        per_commune=True,
        unit="ý tưởng/sản phẩm",
    ),
    # Mục II.2: "phấn đấu các sản phẩm tham gia đánh giá cấp huyện được công nhận đạt ba sao".
    TargetPattern(
        "evaluated_reaching_3_stars",
        "objectives",
        re.compile(r"phấn đấu các sản phẩm tham gia đánh giá[^;.]*được công nhận đạt ba sao[^;.]*"),
        per_commune=False,
        unit="%",
        fixed_value=100.0,
    ),
    # Phrases of the kind a provincial plan uses for its other measurable targets.
    TargetPattern(
        "producers_coop_sme_share",
        "objectives",
        re.compile(r"tỷ lệ chủ thể OCOP là hợp tác xã, doanh nghiệp[^;.]*?đạt ít nhất (?P<value>\d+)%"),
        per_commune=False,
        unit="%",
    ),
    TargetPattern(
        "producers_modern_channels",
        "objectives",
        re.compile(r"tỷ lệ chủ thể OCOP có sản phẩm bán qua[^;.]*?đạt ít nhất (?P<value>\d+)%"),
        per_commune=False,
        unit="%",
    ),
    TargetPattern(
        "funds_mobilised",
        "objectives",
        re.compile(r"huy động ít nhất (?P<value>\d{1,3}(?:\.\d{3})*) đồng[^;.]*"),
        per_commune=False,
        unit="đồng",
    ),
    # Mục III.3: "Xác định, lựa chọn từ 3 đến 5 ý tưởng/sản phẩm để tập trung củng cố, hỗ trợ".
    TargetPattern(
        "focus_products",
        "solutions",
        re.compile(r"[Xx]ác định, lựa chọn từ (?P<value>\d+) đến (?P<max>\d+) ý tưởng/sản phẩm[^;.]*"),
        per_commune=False,
        unit="ý tưởng/sản phẩm",
    ),
)


# -- helpers -----------------------------------------------------------------------------------


def _paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs, whitespace-trimmed, inner line breaks kept."""
    text = text.replace("\r\n", "\n").replace("\ufeff", "")
    blocks = [block.strip() for block in re.split(r"\n\s*\n", text)]
    return [block for block in blocks if block]


def _join_broken(paragraphs: list[str], repairs: list[str]) -> list[str]:
    """Join a paragraph cut in two by a page break: the second half starts in lower case."""
    joined: list[str] = []
    for paragraph in paragraphs:
        if joined and paragraph[:1].islower():
            repairs.append(f"Nối đoạn bị ngắt: “…{joined[-1][-30:]}” + “{paragraph[:30]}…”")
            joined[-1] = f"{joined[-1]} {paragraph}"
        else:
            joined.append(paragraph)
    return joined


def _bullet(text: str) -> str:
    """The text of a "- …" paragraph without its dash."""
    return re.sub(r"^[-–•]\s*", "", text).strip()


def task_role(text: str) -> str:
    """Chủ trì / phối hợp from the task's first words ("Tăng cường phối hợp…" coordinates)."""
    head = text.lower()[:40]
    if head.startswith("chủ trì"):
        return ROLE_LEAD
    if head.startswith("phối hợp") or head.startswith("tăng cường phối hợp"):
        return ROLE_COORDINATE
    return ROLE_LEAD


def task_recurrence(text: str) -> str:
    lowered = text.lower()
    if lowered.startswith("định kỳ") or "định kỳ báo cáo" in lowered:
        return RECURRENCE_PERIODIC
    if "hàng năm" in lowered or "hằng năm" in lowered:
        return RECURRENCE_YEARLY
    return RECURRENCE_NONE


def _split_sections(paragraphs: list[str]) -> tuple[list[str], list[ParsedSection], list[str]]:
    """(paragraphs before section I, the Roman sections, paragraphs after the last one).

    The tail starts at the closing sentence ("Trên đây là …") or "Nơi nhận".
    """
    head: list[str] = []
    sections: list[ParsedSection] = []
    tail: list[str] = []
    for paragraph in paragraphs:
        match = ROMAN_HEADING.match(paragraph)
        if tail:
            tail.append(paragraph)
        elif match and match.group("number") in ROMAN and match.group("title").isupper():
            sections.append(ParsedSection(match.group("number"), match.group("title").strip()))
        elif sections and (paragraph.startswith("Trên đây") or paragraph.startswith("Nơi nhận")):
            tail.append(paragraph)
        elif sections:
            section = sections[-1]
            numbered = NUMBERED.match(paragraph)
            if numbered:
                text = numbered.group("text").strip()
                inline = INLINE_TITLE.match(text)
                if inline:
                    item = ParsedItem(int(numbered.group("number")), inline.group("title").strip(), True)
                    item.paragraphs.append(inline.group("text").strip())
                else:
                    item = ParsedItem(int(numbered.group("number")), text, False)
                section.items.append(item)
            elif section.items:
                section.items[-1].paragraphs.append(paragraph)
            else:
                section.paragraphs.append(paragraph)
        else:
            head.append(paragraph)
    return head, sections, tail


def _section(sections: list[ParsedSection], key: str) -> ParsedSection:
    wanted = SECTION_KEYS[key]
    for section in sections:
        if wanted in section.title.upper():
            return section
    found = ", ".join(f"{s.number}. {s.title}" for s in sections) or "không có"
    raise ParseError(f"Không thấy mục “{wanted}” trong kế hoạch (các mục đọc được: {found}).")


def _item(section: ParsedSection, title_word: str) -> ParsedItem:
    for item in section.items:
        if title_word.lower() in item.title.lower():
            return item
    raise ParseError(f"Mục {section.number} thiếu tiểu mục “{title_word}”.")


def _targets(objectives: ParsedSection, solutions: ParsedSection) -> list[ParsedTarget]:
    found: list[ParsedTarget] = []
    for rule in TARGET_PATTERNS:
        section = objectives if rule.section == "objectives" else solutions
        for item in section.items:
            for paragraph in item.paragraphs:
                match = rule.pattern.search(paragraph)
                if not match:
                    continue
                groups = match.groupdict()
                value = rule.fixed_value if rule.fixed_value is not None else float(int(groups["value"].replace(".", "")))
                maximum = float(int(groups["max"])) if groups.get("max") else None
                label = _bullet(match.group(0)).rstrip(" ;,.")
                found.append(
                    ParsedTarget(
                        indicator=rule.indicator,
                        label=label[:1].upper() + label[1:],
                        value=value,
                        maximum=maximum,
                        per_commune=rule.per_commune,
                        unit=rule.unit,
                        source=f"{section.number}.{item.number}",
                    )
                )
                break
            else:
                continue
            break
    return found


def _tail(tail: list[str]) -> tuple[str, list[str], ParsedSignature]:
    closing = ""
    recipients: list[str] = []
    signature_lines: list[str] = []
    state = "closing"
    for paragraph in tail:
        if paragraph.startswith("Nơi nhận"):
            state = "recipients"
            rest = paragraph[len("Nơi nhận") :].lstrip(":").strip()
            if rest:
                recipients.extend(_recipient_lines(rest))
            continue
        if state == "closing":
            closing = f"{closing} {paragraph}".strip()
        elif state == "recipients" and paragraph.lstrip().startswith(("-", "–")):
            recipients.extend(_recipient_lines(paragraph))
        else:
            state = "signature"
            signature_lines.extend(line.strip() for line in paragraph.splitlines() if line.strip())
    if not recipients:
        raise ParseError("Không thấy phần “Nơi nhận” của kế hoạch.")
    if not signature_lines:
        raise ParseError("Không thấy khối chữ ký sau phần “Nơi nhận”.")
    signer = signature_lines[-1] if not signature_lines[-1].isupper() else ""
    titles = signature_lines[:-1] if signer else signature_lines
    authority_lines = [line for line in titles if line.startswith(("TM.", "KT.", "TL.", "TUQ.", "Q."))]
    position_lines = [line for line in titles if line not in authority_lines]
    return (
        closing,
        recipients,
        ParsedSignature("\n".join(authority_lines), "\n".join(position_lines), signer),
    )


def _recipient_lines(paragraph: str) -> list[str]:
    lines = []
    for line in paragraph.splitlines():
        line = _bullet(line.strip())
        if line:
            lines.append(line.rstrip(";. "))
    return lines


# -- entry point -------------------------------------------------------------------------------


def parse_plan(text: str) -> ParsedPlan:
    repairs: list[str] = []
    paragraphs = _join_broken(_paragraphs(text), repairs)
    head, sections, tail = _split_sections(paragraphs)
    if not sections:
        raise ParseError("Không thấy mục La Mã nào (I. MỤC ĐÍCH, YÊU CẦU …): văn bản không phải một kế hoạch.")
    if not head or head[0].upper() != head[0]:
        raise ParseError("Dòng đầu phải là tên loại văn bản viết hoa (KẾ HOẠCH).")
    doc_type = head[0]
    title = head[1] if len(head) > 1 and not head[1].startswith("Căn cứ") else ""
    bases = [p for p in head if p.startswith("Căn cứ")]
    preamble_parts = [p for p in head[2 if title else 1 :] if not p.startswith("Căn cứ")]
    purposes_section = _section(sections, "purposes")
    objectives = _section(sections, "objectives")
    solutions = _section(sections, "solutions")
    organisation = _section(sections, "organisation")
    purposes = _item(purposes_section, "Mục đích")
    requirements = _item(purposes_section, "Yêu cầu")
    general = _item(objectives, "chung")
    specific = _item(objectives, "cụ thể")
    responsibilities = []
    for item in organisation.items:
        tasks = []
        for position, paragraph in enumerate(item.paragraphs, start=1):
            text_ = _bullet(paragraph)
            tasks.append(ParsedTask(position, text_, task_role(text_), task_recurrence(text_)))
        if not tasks:
            raise ParseError(f"Mục IV.{item.number} “{item.title}” không có nhiệm vụ nào.")
        responsibilities.append(
            ParsedResponsibility(
                number=item.number,
                heading=item.title,
                inline=item.inline,
                is_request=item.title.startswith("Đề nghị"),
                tasks=tasks,
            )
        )
    closing, recipients, signature = _tail(tail)
    return ParsedPlan(
        doc_type=doc_type,
        title=title,
        bases=bases,
        preamble=" ".join(preamble_parts),
        purposes=purposes.paragraphs,
        requirements=requirements.paragraphs,
        general_objective=" ".join(general.paragraphs),
        specific_objective=" ".join(specific.paragraphs),
        solutions=solutions.items,
        responsibilities=responsibilities,
        targets=_targets(objectives, solutions),
        closing=closing,
        recipients=recipients,
        signature=signature,
        repairs=repairs,
    )


def plan_to_data(plan: ParsedPlan, *, source_name: str, source_bytes: bytes) -> dict[str, Any]:
    """The JSON-ready form written to data/, with the source's name and checksum."""
    return {
        "parser_version": PARSER_VERSION,
        "source": {"file": source_name, "sha256": hashlib.sha256(source_bytes).hexdigest()},
        "plan": asdict(plan),
    }


def render_json(data: dict[str, Any]) -> str:
    """Deterministic text (sorted keys, fixed indentation) so reruns are byte-identical."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def plan_from_data(data: dict[str, Any]) -> ParsedPlan:
    raw = data["plan"]
    return ParsedPlan(
        doc_type=raw["doc_type"],
        title=raw["title"],
        bases=list(raw["bases"]),
        preamble=raw["preamble"],
        purposes=list(raw["purposes"]),
        requirements=list(raw["requirements"]),
        general_objective=raw["general_objective"],
        specific_objective=raw["specific_objective"],
        solutions=[ParsedItem(**item) for item in raw["solutions"]],
        responsibilities=[
            ParsedResponsibility(
                number=r["number"],
                heading=r["heading"],
                inline=r["inline"],
                is_request=r["is_request"],
                tasks=[ParsedTask(**task) for task in r["tasks"]],
            )
            for r in raw["responsibilities"]
        ],
        targets=[ParsedTarget(**target) for target in raw["targets"]],
        closing=raw["closing"],
        recipients=list(raw["recipients"]),
        signature=ParsedSignature(**raw["signature"]),
        repairs=list(raw.get("repairs", [])),
    )
