from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models

from ocop.core.audit import audit
from ocop.core.keys import unit_fk
from ocop.core.models import GeoPointModel, RecordModel, SearchableModel
from ocop.core.search import sort_key_index
from ocop.core.validation import FieldErrors
from ocop.territory.models import check_commune_level

# Mã số thuế: 10 digits for an organisation, or 10 digits + "-" + 3 digits for a branch
# (Thông tư 105/2020/TT-BTC Điều 5).
tax_code_validator = RegexValidator(
    regex=r"^\d{10}(-\d{3})?$",
    message="Mã số thuế phải gồm 10 chữ số, hoặc 10 chữ số, dấu gạch ngang và 3 chữ số (ví dụ 6100123456 hoặc 6100123456-001).",
)
phone_validator = RegexValidator(
    regex=r"^(\+84|0)\d{9,10}$",
    message="Số điện thoại phải bắt đầu bằng 0 hoặc +84 và có 10–11 chữ số (ví dụ 0912345678).",
)


class ProducerType(models.TextChoices):
    COOPERATIVE = "hop_tac_xa", "Hợp tác xã"
    COOPERATIVE_GROUP = "to_hop_tac", "Tổ hợp tác"
    SME = "doanh_nghiep", "Doanh nghiệp nhỏ và vừa"
    FARM = "trang_trai", "Trang trại"
    HOUSEHOLD = "ho_san_xuat", "Hộ sản xuất, hộ gia đình có đăng ký kinh doanh"
    # Tourism services only (QĐ 26/2026 Điều 2.3).
    ASSOCIATION = "hoi", "Hội (dịch vụ du lịch)"
    FEDERATION = "hiep_hoi", "Hiệp hội (dịch vụ du lịch)"
    TOURISM_CENTRE = "trung_tam_dieu_hanh", "Trung tâm điều hành (dịch vụ du lịch)"


TOURISM_ONLY_PRODUCER_TYPES = {
    ProducerType.ASSOCIATION,
    ProducerType.FEDERATION,
    ProducerType.TOURISM_CENTRE,
}


class Gender(models.TextChoices):
    MALE = "nam", "Nam"
    FEMALE = "nu", "Nữ"


class Producer(SearchableModel, RecordModel, GeoPointModel):
    SEARCH_FIELDS = ("name", "tax_code", "business_registration_number", "representative_name", "address")

    name = models.CharField("tên chủ thể", max_length=255)
    producer_type = models.CharField("loại hình chủ thể", max_length=30, choices=ProducerType.choices)
    business_registration_number = models.CharField("số đăng ký kinh doanh", max_length=50, blank=True)
    registration_date = models.DateField("ngày cấp đăng ký", null=True, blank=True)
    registration_issuer = models.CharField("nơi cấp đăng ký", max_length=255, blank=True)
    tax_code = models.CharField(
        "mã số thuế", max_length=14, blank=True, validators=[tax_code_validator]
    )
    representative_name = models.CharField("họ tên người đại diện pháp luật", max_length=150)
    representative_gender = models.CharField(
        "giới tính người đại diện", max_length=5, choices=Gender.choices
    )
    representative_ethnicity = models.CharField("dân tộc người đại diện", max_length=50, default="Kinh")
    representative_disability = models.BooleanField("người đại diện là người khuyết tật", default=False)
    address = models.CharField("địa chỉ", max_length=255)
    commune = unit_fk("xã, phường", related_name="producers")
    phone = models.CharField("số điện thoại", max_length=20, blank=True, validators=[phone_validator])
    email = models.EmailField("thư điện tử", blank=True)
    public_contact = models.BooleanField(
        "đồng ý công khai điện thoại và thư điện tử", default=False
    )
    founded_on = models.DateField("ngày thành lập", null=True, blank=True)
    workforce_total = models.PositiveIntegerField("tổng số lao động", default=0)
    workforce_local = models.PositiveIntegerField("số lao động địa phương", default=0)
    community_capital_share = models.DecimalField(
        "tỷ lệ vốn góp của cộng đồng địa phương (%)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    notes = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "chủ thể OCOP"
        ordering = ["name", "id"]
        # The public producer list's order (the GIN trigram index is in migration 0002), and
        # the public map's box of latitude and longitude.
        indexes = [
            models.Index(sort_key_index(), "id", name="producer_sort_key_idx"),
            models.Index(fields=["latitude", "longitude"], name="producer_location_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors = FieldErrors()
        errors.check(
            self.workforce_local and self.workforce_local > (self.workforce_total or 0),
            "workforce_local",
            "Số lao động địa phương không được lớn hơn tổng số lao động.",
        )
        self.check_geo_point(errors)
        check_commune_level(errors, self)
        errors.raise_if_any()


audit(Producer)
