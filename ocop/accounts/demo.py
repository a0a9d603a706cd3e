"""The sample accounts and agencies of the Kon Rẫy scenario (`manage.py ocop_demo`).

Every account has the password DEMO_PASSWORD (ocop/core/demo.py). This step creates the
agencies, every account and the roles of officers, council members and agency staff; a
producer's role needs the producer, so the producers app's step assigns it.
"""

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from ocop.accounts.models import Agency, AgencyKind, Role, RoleAssignment, User
from ocop.accounts.services import role_assign
from ocop.core.demo import DEMO_PASSWORD
from ocop.territory.demo import (
    CURRENT_COMMUNES,
    KON_RAY_DISTRICT,
    QUANG_NGAI,
    current_unit,
    legacy_unit,
)
from ocop.territory.models import UnitLevel


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: str
    scope: str  # key into the scope table built in load_accounts


DEMO_ACCOUNTS = [
    DemoAccount("admin", "Quản trị hệ thống", Role.ADMIN, ""),
    DemoAccount("tinh", "Nguyễn Thị Hoa – Văn phòng OCOP tỉnh Quảng Ngãi", Role.PROVINCE_OFFICE, "province"),
    DemoAccount("huyen", "Trần Văn Minh – Phòng NN&PTNT huyện Kon Rẫy (đến 30/6/2025)", Role.DISTRICT_OFFICE, "district"),
    DemoAccount("xa.dakrve", "A Thuận – Cán bộ xã Đăk Rve", Role.COMMUNE_OFFICER, "dakrve"),
    DemoAccount("xa.dakkoi", "Y Liên – Cán bộ xã Đăk Kôi", Role.COMMUNE_OFFICER, "dakkoi"),
    DemoAccount("xa.konbraih", "A Kiên – Cán bộ xã Kon Braih", Role.COMMUNE_OFFICER, "konbraih"),
    DemoAccount("hoidong1", "Lê Văn Bình – Chủ tịch Hội đồng", Role.COUNCIL_CHAIR, "province"),
    DemoAccount("hoidong2", "Phạm Thị Lan – Thành viên Hội đồng", Role.COUNCIL_MEMBER, "province"),
    DemoAccount("hoidong3", "Đinh Văn Sơn – Thành viên Hội đồng", Role.COUNCIL_MEMBER, "province"),
    DemoAccount("tuvan1", "Võ Thị Mai – Tổ tư vấn", Role.ADVISORY_MEMBER, "province"),
    DemoAccount("nganh.congthuong", "Hồ Văn Tâm – Sở Công Thương", Role.AGENCY_STAFF, "congthuong"),
    DemoAccount("chuthe1", "Y Hiền – HTX Nông nghiệp Đăk Kôi", Role.PRODUCER, "producer1"),
    DemoAccount("chuthe2", "A Dũng – HTX Dịch vụ nông nghiệp Kon Braih", Role.PRODUCER, "producer2"),
]

DEMO_AGENCIES = [
    # (key, name, short name, kind, unit key)
    ("nongnghiep", "Sở Nông nghiệp và Môi trường tỉnh Quảng Ngãi", "Sở NN&MT", AgencyKind.DEPARTMENT, "province"),
    ("congthuong", "Sở Công Thương tỉnh Quảng Ngãi", "Sở Công Thương", AgencyKind.DEPARTMENT, "province"),
    ("phongnn", "Phòng Nông nghiệp và Phát triển nông thôn huyện Kon Rẫy", "Phòng NN&PTNT", AgencyKind.OFFICE, "district"),
    ("phongkt", "Phòng Kinh tế và Hạ tầng huyện Kon Rẫy", "Phòng KT&HT", AgencyKind.OFFICE, "district"),
]


def load_accounts(context: dict) -> None:
    scopes = {
        "province": current_unit(UnitLevel.PROVINCE, QUANG_NGAI),
        "district": legacy_unit(UnitLevel.DISTRICT, KON_RAY_DISTRICT),
        **{key: current_unit(UnitLevel.COMMUNE, code) for key, code in CURRENT_COMMUNES.items()},
    }
    agencies = {}
    for key, name, short, kind, unit_key in DEMO_AGENCIES:
        agencies[key], _ = Agency.objects.get_or_create(
            name=name,
            defaults={"short_name": short, "kind": kind, "unit": scopes[unit_key], "is_sample": True},
        )
    scopes.update(agencies)
    # One hash for the shared demo password: hashing it (PBKDF2, over a million rounds) once
    # per account took most of a second each, for the same password.
    password = None
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(username=account.username).first()
        if user is None:
            password = password or make_password(DEMO_PASSWORD)
            user = User(username=account.username, full_name=account.full_name, password=password)
            user.save()
        if account.role == Role.PRODUCER:
            continue  # needs the producer: assigned by the producers app's step
        if RoleAssignment.objects.filter(user=user, role=account.role).exists():
            continue
        target = scopes.get(account.scope)
        kwargs = {}
        if account.role == Role.AGENCY_STAFF:
            kwargs["agency"] = target
        elif account.scope:
            kwargs["unit"] = target
        role_assign(actor=None, user=user, role=account.role, **kwargs)


DEMO_STEPS = [load_accounts]
