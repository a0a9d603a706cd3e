"""The yearly list of ideas/products as DOCX (administrative format) and XLSX.

Both are built from `selectors.idea_list_as_of(decision)`: the list after that decision and
every earlier one of the same unit and year, so a document generated "as of" the original
approval differs from one generated after an amendment. The DOCX follows Nghị định
30/2020/NĐ-CP through ocop.core.documents.OfficialDocument; officials edit it in Word.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ocop.core.documents import OfficialDocument, Signature
from ocop.core.text import format_date_vn
from ocop.ideas.models import ChangeAction
from ocop.ideas.selectors import ListState
from ocop.territory.selectors import current_units_map, display_with_current

UNIT_PREFIXES = ("Thành phố ", "Tỉnh ", "Huyện ", "Thị xã ", "Quận ", "Thị trấn ", "Xã ", "Phường ")


def place_name(unit) -> str:
    """'Huyện Kon Rẫy' → 'Kon Rẫy' (the place in "Kon Rẫy, ngày … tháng … năm …")."""
    for prefix in UNIT_PREFIXES:
        if unit.name.startswith(prefix):
            return unit.name[len(prefix):]
    return unit.name


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _decision_ref(decision) -> str:
    return f"Quyết định số {decision.number} ngày {format_date_vn(decision.signed_on)}"


def list_title(state: ListState) -> str:
    decision = state.decision
    return (
        f"Ý tưởng/sản phẩm tham gia Chương trình mỗi xã một sản phẩm (OCOP) năm {decision.year} "
        f"trên địa bàn {lower_first(decision.issuing_unit.name)}"
    )


def basis_line(state: ListState) -> str:
    """'(Kèm theo Quyết định số 298/QĐ-UBND ngày 14/04/2024 …; điều chỉnh, bổ sung tại …)'."""
    first, *amendments = state.decisions
    text = f"Kèm theo {_decision_ref(first)} của {first.issuer_name}"
    if amendments:
        text += "; được điều chỉnh, bổ sung tại " + ", ".join(_decision_ref(d) for d in amendments)
    return f"({text})"


def _rows(state: ListState):
    current = current_units_map([entry.idea.commune_id for entry in state.entries])
    for index, entry in enumerate(state.entries, start=1):
        idea = entry.idea
        yield [
            index,
            idea.name,
            idea.producer.name,
            display_with_current(idea.commune, current.get(idea.commune_id)),
            f"{idea.category.criteria_set}. {idea.category.criteria_set_name}",
            _decision_ref(entry.added_by),
        ]


LIST_HEADERS = ["TT", "Tên ý tưởng/sản phẩm", "Chủ thể", "Địa bàn (xã)", "Bộ sản phẩm", "Căn cứ đưa vào danh sách"]
REMOVED_HEADERS = ["TT", "Tên ý tưởng/sản phẩm", "Chủ thể", "Đưa ra tại", "Lý do"]


def idea_list_docx(state: ListState) -> bytes:
    decision = state.decision
    unit = decision.issuing_unit
    document = OfficialDocument(
        issuer_parent="Ủy ban nhân dân",
        issuer=unit.name,
        number=f"Số: {decision.number}",
        place=place_name(unit),
        day=decision.signed_on,
        doc_type="Danh sách",
        summary=list_title(state),
    )
    document.centered(basis_line(state), italic=True)
    document.paragraph("")
    document.table(LIST_HEADERS, _rows(state), widths_cm=[1, 4.5, 4, 3.5, 3, 3.5])
    document.paragraph(f"Tổng số: {len(state.entries)} ý tưởng/sản phẩm.", bold=True)
    if state.removed:
        document.heading("Ý tưởng/sản phẩm đã đưa ra khỏi danh sách", level=2)
        document.table(
            REMOVED_HEADERS,
            (
                [index, item.idea.name, item.idea.producer.name, _decision_ref(item.removed_by), item.reason]
                for index, item in enumerate(state.removed, start=1)
            ),
            widths_cm=[1, 4.5, 4, 4, 4],
        )
    position = decision.signer_position.strip()
    deputy = position.lower().startswith("phó")
    document.closing(
        ["Như Điều 3", "UBND các xã có ý tưởng/sản phẩm", "Lưu: VT"],
        Signature(
            authority="TM. Ủy ban nhân dân" + ("\nKT. Chủ tịch" if deputy else ""),
            position=position,
            signer=decision.signer_name,
        ),
    )
    return document.to_bytes()


def _autosize(sheet, widths) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def idea_list_xlsx(state: ListState) -> bytes:
    """Three sheets: the list, the entries removed, and every change with who recorded it."""
    decision = state.decision
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    bold = Font(bold=True)
    sheet.append([f"DANH SÁCH {list_title(state).upper()}"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([basis_line(state)])
    sheet.append([f"Tổng hợp đến {_decision_ref(decision)}; tổng số {len(state.entries)} ý tưởng/sản phẩm."])
    sheet.append([])
    sheet.append(LIST_HEADERS)
    for cell in sheet[5]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in _rows(state):
        sheet.append(row)
    sheet.freeze_panes = "A6"
    _autosize(sheet, [6, 40, 40, 34, 34, 36])

    removed = workbook.create_sheet("Đã đưa ra")
    removed.append(REMOVED_HEADERS)
    for cell in removed[1]:
        cell.font = bold
    for index, item in enumerate(state.removed, start=1):
        removed.append([index, item.idea.name, item.idea.producer.name, _decision_ref(item.removed_by), item.reason])
    _autosize(removed, [6, 40, 40, 36, 50])

    history = workbook.create_sheet("Lịch sử điều chỉnh")
    history.append(
        ["Quyết định số", "Ngày ký", "Loại quyết định", "Nội dung", "Ý tưởng/sản phẩm", "Chủ thể", "Lý do", "Người ghi", "Thời điểm ghi"]
    )
    for cell in history[1]:
        cell.font = bold
    for change in state.changes:
        history.append(
            [
                change.decision.number,
                format_date_vn(change.decision.signed_on),
                change.decision.get_kind_display(),
                "Đưa vào" if change.action == ChangeAction.ADD else "Đưa ra",
                change.idea.name,
                change.idea.producer.name,
                change.reason,
                str(change.created_by) if change.created_by else "Hệ thống",
                _local(change.created_at),
            ]
        )
    _autosize(history, [18, 12, 28, 10, 40, 40, 40, 30, 18])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _local(moment) -> str:
    from django.utils import timezone

    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M") if moment else ""
