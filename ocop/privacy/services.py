"""Personal data services: log a view, export all about a person, erase on request.

Nghị định 13/2023/NĐ-CP: the data subject may obtain their data (Điều 9.6, Điều 14) and ask for
it to be deleted (Điều 9.5, Điều 16), except where a law requires the record to be kept (Điều
16); the controller keeps a record of processing (Điều 27). What each field is and what erasure
does to it is the register (`ocop.privacy.register`), not code here.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from ocop.privacy.models import PersonalDataAccess, PersonalDataRequest, RequestKind
from ocop.privacy.register import (
    ERASED_NAME,
    SUBJECT_LOOKUPS,
    SUBJECT_REPRESENTATIVE,
    SUBJECT_USER,
    OnErase,
    fields_of,
)

SUBJECT_LABELS = {SUBJECT_USER: "tài khoản người dùng", SUBJECT_REPRESENTATIVE: "người đại diện của chủ thể OCOP"}


def personal_data_access_record(*, viewer, record, purpose: str, path: str = "") -> PersonalDataAccess:
    """Log that `viewer` was shown the personal details held on `record` (who, when, which)."""
    return PersonalDataAccess.objects.create(
        viewer=viewer if getattr(viewer, "is_authenticated", False) else None,
        subject_model=record._meta.label,
        subject_id=record.pk,
        subject_repr=str(record)[:255],
        purpose=purpose[:100],
        path=path[:500],
    )


def personal_data_viewed(request, record, purpose: str) -> None:
    """The views' one-liner: log the page `request` shows with `record`'s personal details."""
    personal_data_access_record(viewer=request.user, record=record, purpose=purpose, path=request.get_full_path())


# ---------------------------------------------------------------- the subject and their rows


def _subject(subject_type: str, subject_id: int):
    if subject_type == SUBJECT_USER:
        model = get_user_model()
    elif subject_type == SUBJECT_REPRESENTATIVE:
        model = apps.get_model("producers.Producer")
    else:
        raise ValidationError({"subject_type": "Loại chủ thể dữ liệu không hợp lệ: chọn tài khoản hoặc người đại diện."})
    try:
        return model.objects.get(pk=subject_id)
    except (model.DoesNotExist, ValueError, TypeError):
        raise ValidationError(
            {"subject_id": f"Không tìm thấy {SUBJECT_LABELS[subject_type]} có mã {subject_id}."}
        ) from None


def _rows(subject_type: str, subject) -> list[tuple[str, models.QuerySet]]:
    """(model label, rows of that model holding the subject's registered data); the subject's
    own row last, so lookups through its fields (a user's name) still match while the others
    are changed."""
    found = []
    for label, lookup in SUBJECT_LOOKUPS[subject_type].items():
        model = apps.get_model(label)
        value = subject.pk if lookup in ("pk", "producer") else getattr(subject, lookup)
        found.append((label, model.objects.filter(**{lookup: value}).order_by("pk")))
    return sorted(found, key=lambda item: item[0] == subject._meta.label)


def _plain(value):
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _registered_values(row) -> dict:
    model = type(row)
    values = {}
    for entry in fields_of(model._meta.label):
        field = model._meta.get_field(entry.field)
        value = getattr(row, entry.field)
        values[str(field.verbose_name)] = _plain(row._get_FIELD_display(field) if field.choices else value)
    return values


# ---------------------------------------------------------------- export


def _audit_entries(rows) -> list[dict]:
    from auditlog.models import LogEntry

    return [
        {
            "thời điểm": timezone.localtime(entry.timestamp).isoformat(),
            "bản ghi": entry.object_repr,
            "hành động": entry.get_action_display(),
            "thay đổi": entry.changes or {},
        }
        for entry in LogEntry.objects.get_for_objects(rows).order_by("timestamp", "pk")
    ]


def _views_of(rows) -> list[dict]:
    model_label = rows.model._meta.label
    return [
        {
            "thời điểm": timezone.localtime(access.viewed_at).isoformat(),
            "người xem": str(access.viewer) if access.viewer else "",
            "bản ghi": access.subject_repr,
            "trang": access.purpose,
        }
        for access in PersonalDataAccess.objects.filter(
            subject_model=model_label, subject_id__in=rows.values("pk")
        ).select_related("viewer")
    ]


def _references_to_user(user) -> list[dict]:
    """Every row of any model that points at the user (records they created, sheets they
    scored, roles they hold…): named, not copied, as the records belong to the agency."""
    User = type(user)
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not (field.is_relation and field.many_to_one and field.related_model is User):
                continue
            for row in model.objects.filter(**{field.name: user}).order_by("pk"):
                found.append(
                    {"bảng": str(model._meta.verbose_name), "trường": str(field.verbose_name), "mã": row.pk, "bản ghi": str(row)}
                )
    return found


def _export_payload(subject_type: str, subject) -> dict:
    data: dict = {
        "chủ thể dữ liệu": SUBJECT_LABELS[subject_type],
        "mã": subject.pk,
        "xuất lúc": timezone.localtime().isoformat(),
        "căn cứ": "Nghị định 13/2023/NĐ-CP Điều 9, Điều 14",
        "dữ liệu": [],
    }
    for _label, rows in _rows(subject_type, subject):
        for row in rows:
            data["dữ liệu"].append(
                {"bảng": str(rows.model._meta.verbose_name), "mã": row.pk, "bản ghi": str(row), "trường": _registered_values(row)}
            )
    own = type(subject).objects.filter(pk=subject.pk)
    data["lịch sử thay đổi"] = _audit_entries(own)
    if subject_type == SUBJECT_USER:
        from auditlog.models import LogEntry

        data["liên kết"] = _references_to_user(subject)
        data["thao tác đã ghi nhật ký"] = LogEntry.objects.filter(actor=subject).count()
        data["lượt xem dữ liệu cá nhân của người khác"] = PersonalDataAccess.objects.filter(viewer=subject).count()
    else:
        dossiers = apps.get_model("evaluation.Dossier").objects.filter(producer=subject)
        data["lượt xem dữ liệu cá nhân"] = _views_of(own) + _views_of(dossiers)
        data["tài khoản của chủ thể"] = [
            {"tên đăng nhập": role.user.username, "họ tên": role.user.full_name}
            for role in apps.get_model("accounts.RoleAssignment").objects.filter(producer=subject).select_related("user")
        ]
    return data


@transaction.atomic
def personal_data_export(*, actor, subject_type: str, subject_id: int, reason: str) -> dict:
    """Everything held about a person, as a JSON-ready dict; the export itself is recorded."""
    reason = _required_reason(reason)
    subject = _subject(subject_type, subject_id)
    payload = _export_payload(subject_type, subject)
    PersonalDataRequest.objects.create(
        kind=RequestKind.EXPORT, subject_type=subject_type, subject_id=subject.pk, subject_repr=str(subject)[:255],
        actor=actor, reason=reason, summary={"số mục": len(payload["dữ liệu"])},
    )
    return payload


# ---------------------------------------------------------------- erasure


def _erased_value(model, entry, row):
    field = model._meta.get_field(entry.field)
    if entry.on_erase == OnErase.REPLACE:
        # A unique field (the username) gets a distinct placeholder per row.
        return f"an-danh-{row.pk}" if field.unique else ERASED_NAME
    if isinstance(field, models.BooleanField):
        return False
    if field.null:
        return None
    return ""


def _scrub_audit(rows, erased_fields: list[str]) -> int:
    """Old values of erased fields also live in the change history: replace them there."""
    from auditlog.models import LogEntry

    changed = 0
    for entry in LogEntry.objects.get_for_objects(rows):
        changes = entry.changes or {}
        hits = [name for name in erased_fields if name in changes]
        if not hits:
            continue
        for name in hits:
            changes[name] = [ERASED_NAME, ERASED_NAME]
        LogEntry.objects.filter(pk=entry.pk).update(changes=changes, changes_text="")
        changed += 1
    return changed


@transaction.atomic
def personal_data_erase(*, actor, subject_type: str, subject_id: int, reason: str) -> dict:
    """Erase or anonymise the person's data as the register says; keep the records a law
    requires (certificates, decisions, dossiers and the representative as filed on them).

    Rows are changed with `update()` so the change history does not copy the old values into
    a new entry; the request row is the record of what was done."""
    reason = _required_reason(reason)
    subject = _subject(subject_type, subject_id)
    subject_repr = str(subject)[:255]
    summary: dict = {"bảng": {}, "lịch sử thay đổi đã che": 0, "giữ lại": []}
    for label, rows in _rows(subject_type, subject):
        model = rows.model
        erasable = [entry for entry in fields_of(label) if entry.on_erase != OnErase.KEEP]
        summary["giữ lại"] += [f"{label}.{entry.field}" for entry in fields_of(label) if entry.on_erase == OnErase.KEEP]
        pks = list(rows.values_list("pk", flat=True))
        for row in model.objects.filter(pk__in=pks):
            values = {entry.field: _erased_value(model, entry, row) for entry in erasable}
            for name, value in values.items():
                setattr(row, name, value)
            if hasattr(row, "refresh_search_text"):
                row.refresh_search_text()
                values["search_text"] = row.search_text
            model.objects.filter(pk=row.pk).update(**values)
        summary["bảng"][label] = len(pks)
        summary["lịch sử thay đổi đã che"] += _scrub_audit(model.objects.filter(pk__in=pks), [e.field for e in erasable])
    if subject_type == SUBJECT_USER:
        _close_account(subject, summary)
    PersonalDataRequest.objects.create(
        kind=RequestKind.ERASE, subject_type=subject_type, subject_id=subject.pk, subject_repr=subject_repr,
        actor=actor, reason=reason, summary=summary,
    )
    return summary


def _close_account(user, summary: dict) -> None:
    """The account cannot log in again (a new password hash also ends its sessions), its
    messages go, and the e-mail copied onto its history entries is removed; what it did stays
    attributed to the anonymised account."""
    from auditlog.models import LogEntry

    user.refresh_from_db()
    user.set_unusable_password()
    user.is_active = False
    type(user).objects.filter(pk=user.pk).update(password=user.password, is_active=False, last_login=None)
    LogEntry.objects.filter(actor=user).update(actor_email=None)
    LogEntry.objects.filter(content_type__app_label="accounts", content_type__model="user", object_id=user.pk).update(
        object_repr=str(user)
    )
    deleted, _ = apps.get_model("notifications.Notification").objects.filter(recipient=user).delete()
    summary["thông báo đã xóa"] = deleted


def _required_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Hãy ghi căn cứ, lý do (ví dụ số, ngày đơn yêu cầu của chủ thể dữ liệu)."})
    return reason
