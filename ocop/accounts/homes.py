"""The role groups of the role homes (ocop/core/homes.py): which roles make up each section.

Registered from AccountsConfig.ready(), with `user_scope`, so that core, below accounts,
does not import the roles.
"""

from ocop.accounts.models import Role
from ocop.accounts.scopes import user_scope
from ocop.core import homes

SECTIONS = {
    homes.PRODUCER: ("Chủ thể OCOP", (Role.PRODUCER,)),
    homes.COMMUNE: ("Cán bộ UBND cấp xã", (Role.COMMUNE_OFFICER,)),
    homes.COUNCIL: (
        "Hội đồng đánh giá, Tổ tư vấn",
        (Role.COUNCIL_CHAIR, Role.COUNCIL_MEMBER, Role.ADVISORY_MEMBER),
    ),
    homes.PROVINCE: ("Cơ quan tham mưu OCOP cấp tỉnh", (Role.PROVINCE_OFFICE,)),
    homes.DISTRICT: ("Phòng chuyên môn cấp huyện (trước 1/7/2025)", (Role.DISTRICT_OFFICE,)),
    homes.AGENCY: ("Cơ quan, ngành", (Role.AGENCY_STAFF,)),
}


def register() -> None:
    homes.register_sections(SECTIONS, scope_of=user_scope)
