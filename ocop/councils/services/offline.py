"""Sheets scored offline on a site visit and sent when the network returns.

A member's device keeps a copy of the sheet (scores, comment) while there is no network and
sends it later with three marks: `sync_id` (made once per copy on the device), the sheet's
`base_revision` the device started from, and `saved_at`, when the member last changed the
copy. The rules, written for the member who scored in a mountain commune and comes back
online hours later (docs/councils.md §Chấm điểm ngoại tuyến):

1. A copy already applied (same `sync_id` as the sheet's last one) is answered "applied"
   again and changes nothing: a device that lost the answer may send it twice.
2. A sheet submitted on the server wins: a submitted sheet is locked (only the chair reopens
   it), so the offline copy is refused and stays on the device for the member to read.
3. Scoring closed by the chair: refused, like any late save.
4. The sheet was saved on the server after the device took its copy (another device of the
   same member) *and* later than the member's last offline change: the newer server copy
   wins and the device copy is refused. Otherwise the member's latest change wins.
5. Otherwise the copy is saved as a draft through `sheet_save` (same validation, same
   locking); submitting still needs the network and the confirmation page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from ocop.councils.models import CouncilEvaluation, EvaluationStatus, ScoreSheet
from ocop.councils.services.scoring import _member_for, _sheet_save


@dataclass(frozen=True)
class SyncOutcome:
    applied: bool
    message: str
    sheet: ScoreSheet | None = None
    already: bool = False


def _when(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "H:i d/m/Y")


@transaction.atomic
def sheet_sync(
    *, actor, evaluation: CouncilEvaluation, sync_id: str, base_revision: int, saved_at: datetime,
    points: dict | None = None, part_totals: dict | None = None, comment: str = "",
) -> SyncOutcome:
    """Apply an offline copy of the actor's own sheet by the rules in the module docstring.
    Raises `ValidationError` for bad values (nothing saved); a refused copy is an outcome,
    not an error, so the device can show the reason beside the copy it keeps."""
    sync_id = (sync_id or "").strip()
    if not sync_id or len(sync_id) > 64:
        raise ValidationError("Thiếu mã đồng bộ của bản chấm trên máy.")
    member = _member_for(actor, evaluation)
    evaluation = CouncilEvaluation.objects.select_for_update().get(pk=evaluation.pk)
    sheet = ScoreSheet.objects.select_for_update().filter(evaluation=evaluation, member=member).first()
    if sheet is not None and sheet.last_sync_id == sync_id:
        return SyncOutcome(applied=True, already=True, sheet=sheet, message="Bản chấm này đã được đồng bộ trước đó.")
    if sheet is not None and sheet.is_locked:
        when = f" lúc {_when(sheet.submitted_at)}" if sheet.submitted_at else ""
        return SyncOutcome(applied=False, sheet=sheet, message=(
            f"Phiếu đã được nộp trên máy chủ{when}; bản chấm trên máy không được nhận. "
            "Muốn sửa, đề nghị Chủ tịch Hội đồng mở lại phiếu."))
    if evaluation.status != EvaluationStatus.SCORING:
        return SyncOutcome(applied=False, sheet=sheet, message=(
            "Hội đồng đã kết thúc chấm điểm hồ sơ này; bản chấm trên máy không được nhận."))
    if sheet is not None and sheet.revision > base_revision and sheet.updated_at > saved_at:
        return SyncOutcome(applied=False, sheet=sheet, message=(
            f"Phiếu trên máy chủ đã được lưu lúc {_when(sheet.updated_at)}, sau lần sửa cuối trên máy "
            f"({_when(saved_at)}); bản mới hơn trên máy chủ được giữ, bản trên máy không được nhận."))
    sheet = _sheet_save(actor=actor, evaluation=evaluation, member=member, points=points,
                        part_totals=part_totals, comment=comment, submit=False)
    sheet.last_sync_id = sync_id
    sheet.save(update_fields=["last_sync_id"])
    return SyncOutcome(applied=True, sheet=sheet, message="Đã đồng bộ bản chấm trên máy thành bản nháp trên máy chủ.")
