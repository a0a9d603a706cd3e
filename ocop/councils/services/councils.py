"""Councils and advisory teams: creating them, their members and the rounds they serve."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from ocop.councils import access, rules
from ocop.councils.models import Council, CouncilKind, CouncilLevel, CouncilMember, Position


def _require_manager(actor, council) -> None:
    if actor is not None and not access.can_manage(actor, council):
        raise ValidationError("Chỉ cơ quan tham mưu quản lý OCOP được quản lý hội đồng này.")


@transaction.atomic
def council_create(
    *, actor, level: str, year: int, name: str, unit=None, kind: str = CouncilKind.COUNCIL,
    decision_number: str = "", decision_date: date | None = None, advisory_for: Council | None = None,
    rounds=(), is_sample: bool = False,
) -> Council:
    defaults = rules.council_defaults()
    council = Council(
        kind=kind, level=level, unit=unit, year=year, name=name.strip(), decision_number=decision_number.strip(),
        decision_date=decision_date, advisory_for=advisory_for, is_sample=is_sample, created_by=actor,
        quorum_percent=Decimal(str(defaults["quorum_percent"])),
        quorum_requires_chair=bool(defaults["quorum_requires_chair"]),
        divergence_threshold=Decimal(str(defaults["divergence_threshold"])),
    )
    if level != CouncilLevel.MINISTRY and unit is None:
        raise ValidationError({"unit": "Chọn địa bàn (tỉnh hoặc huyện) của hội đồng."})
    if kind == CouncilKind.ADVISORY and advisory_for is None:
        raise ValidationError({"advisory_for": "Tổ tư vấn phải thuộc một hội đồng."})
    council.full_clean()
    _require_manager(actor, council)
    council.save()
    for round_obj in rounds:
        council_round_attach(actor=actor, council=council, round_obj=round_obj)
    return council


@transaction.atomic
def council_member_add(*, actor, council: Council, user, position: str = Position.MEMBER, agency: str = "") -> CouncilMember:
    _require_manager(actor, council)
    from ocop.accounts.models import RoleAssignment
    from ocop.councils.selectors import EXCLUDED_MEMBER_ROLES, council_member_candidates

    if (not user.is_active or user.is_superuser
            or RoleAssignment.objects.filter(user=user, role__in=EXCLUDED_MEMBER_ROLES).exists()):
        raise ValidationError({"user": f"{user} không thể là thành viên hội đồng: tài khoản chủ thể OCOP, "
                                       "quản trị hệ thống hoặc đã ngừng hoạt động."})
    if actor is not None and not council_member_candidates(council).filter(pk=user.pk).exists():
        if CouncilMember.objects.filter(council=council, user=user).exists():
            raise ValidationError({"user": f"{user} đã là thành viên của {council}."})
        raise ValidationError({"user": f"{user} không có vai trò cán bộ, chuyên gia hoặc thành viên hội đồng, "
                                       "tổ tư vấn ở cấp và địa bàn của hội đồng này."})
    if CouncilMember.objects.filter(council=council, user=user).exists():
        raise ValidationError({"user": f"{user} đã là thành viên của {council}."})
    if position == Position.CHAIR and CouncilMember.objects.filter(council=council, position=Position.CHAIR).exists():
        raise ValidationError({"position": "Hội đồng đã có Chủ tịch."})
    member = CouncilMember(council=council, user=user, position=position, agency=agency.strip())
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def council_round_attach(*, actor, council: Council, round_obj) -> None:
    _require_manager(actor, council)
    if round_obj.level != council.level:
        raise ValidationError({"round": "Đợt đánh giá phải cùng cấp với hội đồng."})
    if council.unit_id and round_obj.unit_id != council.unit_id:
        raise ValidationError({"round": "Đợt đánh giá phải của cùng địa bàn với hội đồng."})
    council.rounds.add(round_obj)
