"""Users, agencies and role assignments.

A user's powers come from role assignments, each scoped to a unit (province, legacy
district, commune), an agency or a producer. Permission predicates in `rules.py` read
these; selectors in each app filter lists by the same scopes.
"""

from django.contrib.auth.models import AbstractUser
from django.db import models

from ocop.core.keys import optional_fk, producer_fk, unit_fk
from ocop.core.models import SampleFlagModel, SearchableModel, TimeStampedModel


class User(AbstractUser):
    full_name = models.CharField("họ và tên", max_length=150, blank=True)
    phone = models.CharField("số điện thoại", max_length=20, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "người dùng"

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name() or self.username


class AgencyKind(models.TextChoices):
    PEOPLES_COMMITTEE = "ubnd", "Ủy ban nhân dân"
    DEPARTMENT = "so_nganh", "Sở, ban, ngành cấp tỉnh"
    OFFICE = "phong_ban", "Phòng, ban chuyên môn"
    MASS_ORGANISATION = "doan_the", "Mặt trận Tổ quốc và các đoàn thể"
    OTHER = "khac", "Cơ quan, đơn vị khác"


class Agency(SearchableModel, TimeStampedModel, SampleFlagModel):
    """An agency that holds tasks or staff: Sở Công Thương, Phòng Kinh tế và Hạ tầng…"""

    SEARCH_FIELDS = ("name", "short_name")

    name = models.CharField("tên cơ quan", max_length=255)
    short_name = models.CharField("tên viết tắt", max_length=100, blank=True)
    kind = models.CharField("loại cơ quan", max_length=20, choices=AgencyKind.choices)
    unit = unit_fk("thuộc địa bàn", related_name="agencies")

    class Meta:
        verbose_name = verbose_name_plural = "cơ quan, đơn vị"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    ADMIN = "admin", "Quản trị hệ thống"
    PROVINCE_OFFICE = "province_office", "Cơ quan tham mưu OCOP cấp tỉnh"
    DISTRICT_OFFICE = "district_office", "Phòng chuyên môn cấp huyện (trước 1/7/2025)"
    COMMUNE_OFFICER = "commune_officer", "Cán bộ UBND cấp xã"
    AGENCY_STAFF = "agency_staff", "Cán bộ cơ quan, ngành"
    COUNCIL_CHAIR = "council_chair", "Chủ tịch Hội đồng đánh giá"
    COUNCIL_MEMBER = "council_member", "Thành viên Hội đồng đánh giá"
    ADVISORY_MEMBER = "advisory_member", "Thành viên Tổ tư vấn"
    PRODUCER = "producer", "Chủ thể OCOP"


# Which scope each role needs (validated by the role-assignment service).
ROLE_SCOPE = {
    Role.ADMIN: None,
    Role.PROVINCE_OFFICE: "unit",
    Role.DISTRICT_OFFICE: "unit",
    Role.COMMUNE_OFFICER: "unit",
    Role.AGENCY_STAFF: "agency",
    Role.COUNCIL_CHAIR: "unit",
    Role.COUNCIL_MEMBER: "unit",
    Role.ADVISORY_MEMBER: "unit",
    Role.PRODUCER: "producer",
}


class RoleAssignment(TimeStampedModel):
    user = models.ForeignKey(
        User, verbose_name="người dùng", on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField("vai trò", max_length=30, choices=Role.choices)
    unit = unit_fk("địa bàn", related_name="role_assignments", optional=True)
    agency = optional_fk(Agency, "cơ quan", on_delete=models.PROTECT, related_name="role_assignments")
    producer = producer_fk(related_name="role_assignments", optional=True, on_delete=models.CASCADE)

    class Meta:
        verbose_name = verbose_name_plural = "phân công vai trò"

    def __str__(self) -> str:
        scope = self.unit or self.agency or self.producer or ""
        return f"{self.get_role_display()} {scope}".strip()

