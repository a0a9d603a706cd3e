"""The criteria-set data model: immutable dataclasses mirroring `data/<version>/sets/NN.json`.

Pure Python (no Django): used by the parser, the validator, the catalog loader and the
scoring engine. A criteria set (bộ tiêu chí, QĐ 26/2026 Phụ lục II) is a tree:

    CriteriaSet → Part (A/B/C) → Group (1, 2, … numbered across the set)
                → Criterion (1.1, 6.1, 6.1.1 …) → Option (□ lines with fixed points)

Only LEAF criteria are scored: the assessor ticks one option per leaf. A group that the
source prints with options directly under its heading (e.g. "7. TÍNH ĐỘC ĐÁO") is stored as a
group holding one criterion with the group's own code, so that every leaf lives in a group.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

# Note kinds, classified from the wording of the source (see parsing.lines.classify_note).
NOTE_KINDS = (
    "requirement",  # "Yêu cầu: …"
    "disqualifier",  # "Bị loại nếu …", "… sẽ bị loại bỏ"
    "stop",  # "… sẽ không đánh giá các bước tiếp theo", "Không xem xét các chỉ tiêu khác nếu …"
    "not_evaluated",  # "Không đánh giá những sản phẩm …"
    "applicability",  # "Chỉ áp dụng khi có câu chuyện sản phẩm", "Áp dụng bắt buộc đối với …"
    "evidence",  # "Bản tiêu chuẩn sản phẩm phải có phiếu kiểm nghiệm …", "Đánh giá dựa trên …"
    "description",  # "(Khả năng sản xuất …)", "(Gồm: …)", "(Chất lượng: …)"
    "choice",  # "Lựa chọn một trong hai trường hợp sau:"
    "note",  # anything else
)

# Disqualifier kinds that end the evaluation of a dossier.
DISQUALIFYING_KINDS = ("disqualifier", "stop", "not_evaluated")


@dataclass(frozen=True)
class Note:
    kind: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Note:
        return cls(kind=data["kind"], text=data["text"])


@dataclass(frozen=True)
class Option:
    text: str
    points: int
    # Minimum-requirement marker: 3, 4 or 5 when the source prints ***, **** or *****
    # after the option ("yêu cầu tối thiểu phải đạt theo các cấp độ sao"), else None.
    stars: int | None = None
    # For criteria offering alternative cases ("Lựa chọn một trong hai trường hợp sau",
    # set 26), the key of the case this option belongs to ("a", "b").
    case: str | None = None
    # What the "Thang điểm" cell says, kept only when `points` differs from it: "" when the
    # source printed nothing (scored 0), or the printed number when an erratum corrects an
    # obvious misprint (see data/<version>/errata.json and the set's deviations).
    printed: str | None = None
    # Why `points` differs from `printed` (the erratum's reason), when it does.
    erratum: str | None = None
    # True for the two options made up for a criterion printed without options (yes/no).
    synthetic: bool = False

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"text": self.text, "points": self.points, "stars": self.stars}
        if self.case is not None:
            data["case"] = self.case
        if self.printed is not None:
            data["printed"] = self.printed
        if self.erratum is not None:
            data["erratum"] = self.erratum
        if self.synthetic:
            data["synthetic"] = True
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Option:
        return cls(
            text=data["text"],
            points=data["points"],
            stars=data.get("stars"),
            case=data.get("case"),
            printed=data.get("printed"),
            erratum=data.get("erratum"),
            synthetic=data.get("synthetic", False),
        )


@dataclass(frozen=True)
class Case:
    key: str
    label: str

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Case:
        return cls(key=data["key"], label=data["label"])


@dataclass(frozen=True)
class Requires:
    """A leaf may score above 0 only if another criterion scores at least `min_points`.

    Derived from "Chỉ áp dụng khi có câu chuyện sản phẩm" (5.2 applies only when 5.1 > 0).
    """

    criterion: str
    min_points: int
    source_text: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "criterion": self.criterion,
            "min_points": self.min_points,
            "source_text": self.source_text,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Requires:
        return cls(data["criterion"], data["min_points"], data["source_text"])


@dataclass(frozen=True)
class Criterion:
    code: str
    title: str
    # The maximum printed in the "Thang điểm" column.
    max: int
    part: str
    group: str
    # "options": options printed; "yes_no": printed without options (scored 0 or max);
    # "composite": has numbered sub-criteria (e.g. 6.1 → 6.1.1 … 6.1.5), not scored itself.
    kind: str
    notes: tuple[Note, ...] = ()
    options: tuple[Option, ...] = ()
    children: tuple[Criterion, ...] = ()
    cases: tuple[Case, ...] = ()
    requires: Requires | None = None

    @property
    def is_leaf(self) -> bool:
        return self.kind != "composite"

    @cached_property
    def best_points(self) -> int:
        """The most a leaf can score: its best option (for composites, sum of children)."""
        if self.kind == "composite":
            return sum(child.best_points for child in self.children)
        return max((option.points for option in self.options), default=0)

    @cached_property
    def allowed_points(self) -> frozenset[int]:
        # 0 means "no option met" and is always accepted.
        return frozenset({0, *(option.points for option in self.options)})

    @cached_property
    def markers(self) -> tuple[tuple[int, int], ...]:
        """(stars, required points) for each marked option, in source order."""
        return tuple(
            (option.stars, option.points) for option in self.options if option.stars is not None
        )

    def required_points(self, stars: int) -> int | None:
        """Points needed on this leaf for a product to reach `stars` (None: no requirement).

        A marker of N stars binds every level ≥ N, so the requirement for level `stars` is
        the highest marked option among markers of `stars` or fewer stars.
        """
        needed = [points for marker, points in self.markers if marker <= stars]
        return max(needed) if needed else None

    def option_for(self, points: int) -> Option | None:
        for option in self.options:
            if option.points == points:
                return option
        return None

    def iter_leaves(self) -> Iterator[Criterion]:
        if self.kind == "composite":
            for child in self.children:
                yield from child.iter_leaves()
        else:
            yield self

    def iter_all(self) -> Iterator[Criterion]:
        yield self
        for child in self.children:
            yield from child.iter_all()

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "code": self.code,
            "title": self.title,
            "max": self.max,
            "kind": self.kind,
            "notes": [note.to_dict() for note in self.notes],
        }
        if self.cases:
            data["cases"] = [case.to_dict() for case in self.cases]
        if self.requires is not None:
            data["requires"] = self.requires.to_dict()
        if self.kind == "composite":
            data["children"] = [child.to_dict() for child in self.children]
        else:
            data["options"] = [option.to_dict() for option in self.options]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, part: str, group: str) -> Criterion:
        return cls(
            code=data["code"],
            title=data["title"],
            max=data["max"],
            part=part,
            group=group,
            kind=data["kind"],
            notes=tuple(Note.from_dict(n) for n in data.get("notes", ())),
            options=tuple(Option.from_dict(o) for o in data.get("options", ())),
            children=tuple(
                Criterion.from_dict(c, part=part, group=group) for c in data.get("children", ())
            ),
            cases=tuple(Case.from_dict(c) for c in data.get("cases", ())),
            requires=Requires.from_dict(data["requires"]) if data.get("requires") else None,
        )


@dataclass(frozen=True)
class Group:
    code: str
    title: str
    max: int
    part: str
    criteria: tuple[Criterion, ...]
    notes: tuple[Note, ...] = ()
    # True when the source prints options directly under the group heading; the group then
    # holds a single criterion carrying the group's own code.
    is_criterion: bool = False

    def iter_leaves(self) -> Iterator[Criterion]:
        for criterion in self.criteria:
            yield from criterion.iter_leaves()

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "title": self.title,
            "max": self.max,
            "is_criterion": self.is_criterion,
            "notes": [note.to_dict() for note in self.notes],
            "criteria": [criterion.to_dict() for criterion in self.criteria],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, part: str) -> Group:
        code = data["code"]
        return cls(
            code=code,
            title=data["title"],
            max=data["max"],
            part=part,
            criteria=tuple(Criterion.from_dict(c, part=part, group=code) for c in data["criteria"]),
            notes=tuple(Note.from_dict(n) for n in data.get("notes", ())),
            is_criterion=data.get("is_criterion", False),
        )


@dataclass(frozen=True)
class Part:
    code: str  # "A", "B", "C"
    title: str
    # The maximum printed in the "Thang điểm" column.
    max: int
    # The maximum printed in the part label "(40 Điểm)"; None when not printed.
    label_points: int | None
    groups: tuple[Group, ...]

    def iter_leaves(self) -> Iterator[Criterion]:
        for group in self.groups:
            yield from group.iter_leaves()

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "title": self.title,
            "max": self.max,
            "label_points": self.label_points,
            "groups": [group.to_dict() for group in self.groups],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Part:
        code = data["code"]
        return cls(
            code=code,
            title=data["title"],
            max=data["max"],
            label_points=data.get("label_points"),
            groups=tuple(Group.from_dict(g, part=code) for g in data["groups"]),
        )


@dataclass(frozen=True)
class Disqualifier:
    """A ground that eliminates a dossier ("Hồ sơ bị loại khi …", "Bị loại nếu …", stops).

    `scope` is "set" for the set header, else the code of the criterion or group it is
    printed under. Most grounds are facts the council establishes, so the engine takes them
    as input flags (by `id`). A ground with a `zero_points_in` trigger is computed from the
    sheet: "Nếu được 0 điểm tại một trong các chỉ tiêu trên, sẽ không đánh giá các bước tiếp
    theo" stops the evaluation when any of the listed criteria scores 0.
    """

    id: str
    scope: str
    kind: str
    text: str
    zero_points_in: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "scope": self.scope,
            "kind": self.kind,
            "text": self.text,
        }
        if self.zero_points_in:
            data["zero_points_in"] = list(self.zero_points_in)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Disqualifier:
        return cls(
            id=data["id"],
            scope=data["scope"],
            kind=data["kind"],
            text=data["text"],
            zero_points_in=tuple(data.get("zero_points_in", ())),
        )


@dataclass(frozen=True)
class Deviation:
    """A place where the source fails a consistency check, recorded instead of "fixed"."""

    check: str  # e.g. "group_sum", "criterion_max", "part_label", "erratum"
    location: str  # e.g. "A", "6", "6.1", "1.2[0]"
    source_text: str  # the quoted source line(s)
    expected: Any
    found: Any
    message: str  # Vietnamese explanation
    handling: str  # what the software does about it

    def to_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "location": self.location,
            "source_text": self.source_text,
            "expected": self.expected,
            "found": self.found,
            "message": self.message,
            "handling": self.handling,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Deviation:
        return cls(**{key: data[key] for key in cls.__dataclass_fields__})


@dataclass(frozen=True)
class CriteriaSet:
    version: str
    number: int
    name: str
    heading: str
    classification: dict[str, Any]
    disqualifiers: tuple[Disqualifier, ...]
    parts: tuple[Part, ...]
    # The "TỔNG CỘNG" row.
    total: int
    star_legend: str | None
    deviations: tuple[Deviation, ...] = field(default=())

    @cached_property
    def leaves(self) -> tuple[Criterion, ...]:
        return tuple(leaf for part in self.parts for leaf in part.iter_leaves())

    @cached_property
    def leaf_by_code(self) -> dict[str, Criterion]:
        return {leaf.code: leaf for leaf in self.leaves}

    @cached_property
    def node_by_code(self) -> dict[str, Criterion]:
        return {
            node.code: node
            for part in self.parts
            for group in part.groups
            for criterion in group.criteria
            for node in criterion.iter_all()
        }

    @cached_property
    def part_by_code(self) -> dict[str, Part]:
        return {part.code: part for part in self.parts}

    @cached_property
    def disqualifier_by_id(self) -> dict[str, Disqualifier]:
        return {d.id: d for d in self.disqualifiers}

    @cached_property
    def max_points(self) -> int:
        """The most a sheet can score (sum of each leaf's best option)."""
        return sum(leaf.best_points for leaf in self.leaves)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "number": self.number,
            "name": self.name,
            "heading": self.heading,
            "classification": self.classification,
            "disqualifiers": [d.to_dict() for d in self.disqualifiers],
            "total": self.total,
            "star_legend": self.star_legend,
            "parts": [part.to_dict() for part in self.parts],
            "deviations": [d.to_dict() for d in self.deviations],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CriteriaSet:
        return cls(
            version=data["version"],
            number=data["number"],
            name=data["name"],
            heading=data["heading"],
            classification=data["classification"],
            disqualifiers=tuple(Disqualifier.from_dict(d) for d in data["disqualifiers"]),
            parts=tuple(Part.from_dict(p) for p in data["parts"]),
            total=data["total"],
            star_legend=data.get("star_legend"),
            deviations=tuple(Deviation.from_dict(d) for d in data.get("deviations", ())),
        )
