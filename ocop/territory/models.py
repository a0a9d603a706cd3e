"""Administrative units with validity dates and successor links.

Units change: on 1/7/2025 the district level was abolished and communes merged
(Nghị quyết 202/2025/QH15; conversion table shipped by `vietnam-provinces`). A record keeps
the unit it was made under; `UnitSuccession` lets it be shown under today's unit, and
`UnitCoverage` answers "which units count under this one" in a single join.
"""

from django.db import models

from ocop.core.keys import optional_fk, unique
from ocop.core.models import SearchableModel


class UnitLevel(models.TextChoices):
    PROVINCE = "province", "Cấp tỉnh"
    DISTRICT = "district", "Cấp huyện"
    COMMUNE = "commune", "Cấp xã"


def check_commune_level(errors, record, field: str = "commune") -> None:
    """Records made in a commune (producers, products, ideas, showrooms) name a commune-level
    unit in `field`, never a province or a legacy district."""
    if getattr(record, f"{field}_id") and getattr(record, field).level != UnitLevel.COMMUNE:
        errors[field] = "Hãy chọn một đơn vị cấp xã (xã, phường, thị trấn, đặc khu)."


class UnitKind(models.TextChoices):
    TINH = "tinh", "Tỉnh"
    THANH_PHO_TRUNG_UONG = "thanh_pho_trung_uong", "Thành phố trực thuộc trung ương"
    HUYEN = "huyen", "Huyện"
    QUAN = "quan", "Quận"
    THI_XA = "thi_xa", "Thị xã"
    THANH_PHO = "thanh_pho", "Thành phố thuộc tỉnh"
    XA = "xa", "Xã"
    PHUONG = "phuong", "Phường"
    THI_TRAN = "thi_tran", "Thị trấn"
    DAC_KHU = "dac_khu", "Đặc khu"


class AdministrativeUnit(SearchableModel):
    SEARCH_FIELDS = ("name", "code")

    code = models.CharField("mã đơn vị", max_length=10)
    name = models.CharField("tên đơn vị", max_length=200)
    level = models.CharField("cấp", max_length=10, choices=UnitLevel.choices)
    kind = models.CharField("loại đơn vị", max_length=30, choices=UnitKind.choices)
    parent = optional_fk("self", "đơn vị cấp trên", on_delete=models.PROTECT, related_name="children")
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)
    source = models.CharField("nguồn dữ liệu", max_length=100, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "đơn vị hành chính"
        ordering = ["level", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "code", "valid_from"], name="unique_unit_code_per_period"
            ),
        ]
        indexes = [models.Index(fields=["level", "valid_to"])]

    def __str__(self) -> str:
        return self.name

    def is_valid_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    @property
    def is_current(self) -> bool:
        return self.valid_to is None


class SuccessionKind(models.TextChoices):
    MERGE = "merge", "Sáp nhập"
    SPLIT = "split", "Chia tách (một phần)"
    # Boundaries unchanged: the unit continues under a new name, kind or level (e.g. an island
    # district that became a đặc khu, or a province that was not merged).
    RENAME = "rename", "Giữ nguyên địa giới"


class UnitSuccession(models.Model):
    predecessor = models.ForeignKey(
        AdministrativeUnit,
        verbose_name="đơn vị cũ",
        on_delete=models.CASCADE,
        related_name="successor_links",
    )
    successor = models.ForeignKey(
        AdministrativeUnit,
        verbose_name="đơn vị mới",
        on_delete=models.CASCADE,
        related_name="predecessor_links",
    )
    kind = models.CharField("hình thức", max_length=10, choices=SuccessionKind.choices)
    effective_date = models.DateField("ngày hiệu lực")
    legal_basis = models.CharField("căn cứ", max_length=300, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "liên kết kế thừa đơn vị"
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="unique_unit_succession"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


class UnitCoverage(models.Model):
    """Materialised answer to "which units' records count under `unit`".

    For a unit valid today: itself, its descendants, every predecessor (transitively) and
    their descendants (in general: everything reachable by following children and
    predecessors). For a legacy unit: itself and its descendants. Rebuilt by
    `ocop.territory.services.unit_coverage_rebuild` whenever units or successions change.
    """

    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.CASCADE, related_name="coverage"
    )
    covered = models.ForeignKey(
        AdministrativeUnit, on_delete=models.CASCADE, related_name="covered_by"
    )

    class Meta:
        constraints = [unique("unit", "covered", name="unique_unit_coverage")]

    def __str__(self) -> str:
        return f"{self.unit} ⊇ {self.covered}"
