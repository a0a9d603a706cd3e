"""Step 6 of the yearly cycle (xúc tiến thương mại) and step 1 (tuyên truyền).

Kế hoạch Kon Rẫy 2024 mục III.5: fairs organised by the centre, the province and localities
inside and outside the province; OCOP showrooms; linking producers with consultants.
Mục III.1: communication through conferences, websites, social media, bulletins.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models

from ocop.core.audit import audit
from ocop.core.fields import private_file
from ocop.core.keys import agency_fk, producer_fk, product_fk, unique, unit_fk
from ocop.core.models import (
    Attachment,
    CreatedByModel,
    DetailPageMixin,
    GeoPointModel,
    RecordModel,
    SearchableModel,
    TimeStampedModel,
)
from ocop.core.storage import random_name
from ocop.core.validation import FieldErrors
from ocop.products.models import check_own_product
from ocop.territory.models import check_commune_level

END_NOT_BEFORE_START = "Ngày kết thúc phải từ ngày bắt đầu trở đi."


class EventKind(models.TextChoices):
    FAIR = "hoi_cho", "Hội chợ"
    EXHIBITION = "trien_lam", "Triển lãm, trưng bày"
    FESTIVAL = "le_hoi", "Lễ hội, tuần lễ sản phẩm"
    OTHER = "khac", "Khác (phiên chợ, kết nối cung cầu…)"


class EventLevel(models.TextChoices):
    CENTRAL = "trung_uong", "Trung ương tổ chức"
    PROVINCE = "tinh", "Tỉnh tổ chức"
    OTHER_PROVINCE = "tinh_khac", "Tỉnh, thành phố khác (ngoài tỉnh)"
    LOCAL = "dia_phuong", "Địa phương (huyện, xã)"


class TradeEvent(DetailPageMixin, SearchableModel, RecordModel):
    SEARCH_FIELDS = ("name", "place", "organiser")
    DETAIL_URL = "promotion:event_detail"

    name = models.CharField("tên sự kiện", max_length=255)
    kind = models.CharField("loại sự kiện", max_length=20, choices=EventKind.choices, default=EventKind.FAIR)
    level = models.CharField("cấp tổ chức", max_length=20, choices=EventLevel.choices)
    organiser = models.CharField("đơn vị tổ chức", max_length=255, blank=True)
    starts_on = models.DateField("từ ngày")
    ends_on = models.DateField("đến ngày")
    place = models.CharField("địa điểm", max_length=255)
    # The unit whose delegation takes part and records it (scope of who may read and edit).
    unit = unit_fk("đơn vị tham gia, theo dõi", related_name="trade_events")
    notes = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "sự kiện xúc tiến thương mại"
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors = FieldErrors()
        errors.check_order(self.starts_on, self.ends_on, "ends_on", END_NOT_BEFORE_START)
        errors.raise_if_any()


class EventParticipation(TimeStampedModel, CreatedByModel):
    event = models.ForeignKey(TradeEvent, on_delete=models.CASCADE, related_name="participations")
    producer = producer_fk(related_name="event_participations")
    products = models.ManyToManyField(
        "products.Product", verbose_name="sản phẩm trưng bày", blank=True, related_name="event_participations"
    )
    sales = models.PositiveBigIntegerField("doanh thu bán hàng (đồng)", default=0)
    contracts_count = models.PositiveIntegerField("số hợp đồng, biên bản ghi nhớ", default=0)
    contracts_value = models.PositiveBigIntegerField("giá trị hợp đồng (đồng)", default=0)
    notes = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "chủ thể tham gia sự kiện"
        ordering = ["id"]
        constraints = [unique("event", "producer", name="unique_event_participant")]

    def __str__(self) -> str:
        return f"{self.producer} tại {self.event}"

    def clean(self):
        errors = FieldErrors()
        errors.check(
            self.contracts_value and not self.contracts_count,
            "contracts_count",
            "Có giá trị hợp đồng thì số hợp đồng phải lớn hơn 0.",
        )
        errors.raise_if_any()


class Showroom(DetailPageMixin, SearchableModel, RecordModel, GeoPointModel):
    """Điểm giới thiệu và bán sản phẩm OCOP."""

    SEARCH_FIELDS = ("name", "address", "operator")
    DETAIL_URL = "promotion:showroom_detail"

    name = models.CharField("tên điểm", max_length=255)
    address = models.CharField("địa chỉ", max_length=255)
    commune = unit_fk("xã, phường", related_name="showrooms")
    operator = models.CharField("đơn vị quản lý", max_length=255, blank=True)
    phone = models.CharField("điện thoại", max_length=20, blank=True)
    opened_on = models.DateField("ngày mở cửa", null=True, blank=True)
    is_active = models.BooleanField("đang hoạt động", default=True)
    products = models.ManyToManyField(
        "products.Product", verbose_name="sản phẩm trưng bày", blank=True, related_name="showrooms"
    )
    notes = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "điểm giới thiệu và bán sản phẩm OCOP"
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors = FieldErrors()
        self.check_geo_point(errors)
        check_commune_level(errors, self)
        errors.raise_if_any()


class EcommercePlatform(models.TextChoices):
    SHOPEE = "shopee", "Shopee"
    LAZADA = "lazada", "Lazada"
    TIKI = "tiki", "Tiki"
    TIKTOK = "tiktok", "TikTok Shop"
    POSTMART = "postmart", "Postmart (Bưu điện Việt Nam)"
    VOSO = "voso", "Voso (Viettel)"
    WEBSITE = "website", "Website của chủ thể"
    OTHER = "khac", "Sàn, kênh khác"


# The addresses each known marketplace serves from: a listing must point there.
PLATFORM_HOSTS = {
    EcommercePlatform.SHOPEE: ("shopee.vn",),
    EcommercePlatform.LAZADA: ("lazada.vn",),
    EcommercePlatform.TIKI: ("tiki.vn",),
    EcommercePlatform.TIKTOK: ("tiktok.com",),
    EcommercePlatform.POSTMART: ("postmart.vn",),
    EcommercePlatform.VOSO: ("voso.vn",),
}

web_url_validator = URLValidator(
    schemes=["http", "https"], message="Địa chỉ trang bán hàng phải là một địa chỉ web đầy đủ (bắt đầu bằng https://)."
)


class EcommerceListing(RecordModel):
    product = product_fk(related_name="ecommerce_listings", on_delete=models.CASCADE)
    platform = models.CharField("sàn, kênh", max_length=20, choices=EcommercePlatform.choices)
    url = models.URLField("địa chỉ trang bán hàng", max_length=500, validators=[web_url_validator])
    is_active = models.BooleanField("đang bán", default=True)
    notes = models.CharField("ghi chú", max_length=255, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "gian hàng thương mại điện tử"
        ordering = ["product__name", "platform", "id"]
        constraints = [unique("product", "url", name="unique_listing_url_per_product")]

    def __str__(self) -> str:
        return f"{self.product} trên {self.get_platform_display()}"

    def clean(self):
        hosts = PLATFORM_HOSTS.get(self.platform)
        if hosts and self.url:
            host = (urlsplit(self.url).hostname or "").lower()
            if not any(host == h or host.endswith("." + h) for h in hosts):
                raise ValidationError(
                    {"url": f"Địa chỉ này không thuộc {self.get_platform_display()} ({', '.join(hosts)})."}
                )


class ConsultingField(models.TextChoices):
    PACKAGING = "bao_bi", "Thiết kế bao bì, nhãn mác"
    QUALITY = "tieu_chuan", "Tiêu chuẩn, chất lượng sản phẩm"
    INTELLECTUAL_PROPERTY = "so_huu_tri_tue", "Sở hữu trí tuệ"
    TECHNOLOGY = "cong_nghe", "Công nghệ chế biến, bảo quản"
    MARKETING = "thi_truong", "Thị trường, xúc tiến thương mại"
    MANAGEMENT = "quan_tri", "Quản trị, tài chính, kế toán"
    TOURISM = "du_lich", "Du lịch cộng đồng"
    OTHER = "khac", "Lĩnh vực khác"


class Consultant(DetailPageMixin, SearchableModel, RecordModel):
    """A consultant (person or firm) in the province's directory (Kế hoạch Kon Rẫy 2024 mục
    III.5: "kết nối các tổ chức … với các nhà tư vấn phù hợp với ngành hàng")."""

    SEARCH_FIELDS = ("name", "organisation")
    DETAIL_URL = "promotion:consultant_detail"

    name = models.CharField("tên nhà tư vấn", max_length=255)
    organisation = models.CharField("tổ chức", max_length=255, blank=True)
    phone = models.CharField("điện thoại", max_length=20, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    address = models.CharField("địa chỉ", max_length=255, blank=True)
    unit = unit_fk("danh bạ của", related_name="consultants")
    is_active = models.BooleanField("đang hợp tác", default=True)
    notes = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "nhà tư vấn"
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class ConsultantExpertise(models.Model):
    consultant = models.ForeignKey(Consultant, on_delete=models.CASCADE, related_name="expertise")
    field = models.CharField("lĩnh vực", max_length=20, choices=ConsultingField.choices)

    class Meta:
        verbose_name = verbose_name_plural = "lĩnh vực tư vấn"
        ordering = ["field"]
        constraints = [unique("consultant", "field", name="unique_consultant_field")]

    def __str__(self) -> str:
        return self.get_field_display()


class ConsultantEngagement(RecordModel):
    """A producer working with a consultant on one field (and optionally one product)."""

    consultant = models.ForeignKey(Consultant, on_delete=models.PROTECT, related_name="engagements")
    producer = producer_fk(related_name="consultant_engagements")
    product = product_fk(related_name="+", optional=True, on_delete=models.SET_NULL)
    field = models.CharField("lĩnh vực", max_length=20, choices=ConsultingField.choices)
    started_on = models.DateField("từ ngày")
    ended_on = models.DateField("đến ngày", null=True, blank=True)
    content = models.TextField("nội dung tư vấn")
    result = models.TextField("kết quả", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "kết nối chủ thể – nhà tư vấn"
        ordering = ["-started_on", "-id"]

    def __str__(self) -> str:
        return f"{self.producer} – {self.consultant}"

    def clean(self):
        errors = FieldErrors()
        errors.check_order(self.started_on, self.ended_on, "ended_on", END_NOT_BEFORE_START)
        check_own_product(errors, self, "Sản phẩm đã chọn không thuộc chủ thể.")
        errors.raise_if_any()


class CommunicationType(models.TextChoices):
    CONFERENCE = "hoi_nghi", "Hội nghị"
    TRAINING = "tap_huan", "Tập huấn"
    PRESS = "bao_chi", "Báo chí"
    BROADCAST = "phat_thanh_truyen_hinh", "Phát thanh, truyền hình"
    WEBSITE = "website", "Cổng, trang thông tin điện tử"
    SOCIAL_MEDIA = "mang_xa_hoi", "Mạng xã hội"
    BULLETIN = "ban_tin", "Bản tin, tài liệu, tờ rơi"


class CommunicationActivity(DetailPageMixin, SearchableModel, RecordModel):
    SEARCH_FIELDS = ("title", "organiser", "audience")
    DETAIL_URL = "promotion:communication_detail"

    title = models.CharField("tên hoạt động", max_length=255)
    activity_type = models.CharField("hình thức", max_length=30, choices=CommunicationType.choices)
    held_on = models.DateField("ngày thực hiện")
    unit = unit_fk("địa bàn", related_name="communication_activities")
    organiser = models.CharField("cơ quan, đơn vị thực hiện", max_length=255)
    agency = agency_fk(
        "cơ quan (nếu có trong hệ thống)",
        related_name="communication_activities",
        on_delete=models.SET_NULL,
    )
    audience = models.CharField("đối tượng", max_length=255, blank=True)
    reach = models.PositiveIntegerField(
        "số người tham dự, lượt tiếp cận", default=0, help_text="Số người dự, số lượt xem, phát hành…"
    )
    notes = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "hoạt động tuyên truyền"
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title


def communication_attachment_path(instance: "CommunicationAttachment", filename: str) -> str:
    return random_name(f"communication/{instance.activity_id}", filename)


class CommunicationAttachment(Attachment):
    activity = models.ForeignKey(CommunicationActivity, on_delete=models.CASCADE, related_name="attachments")
    file = private_file(communication_attachment_path, max_length=255)

    class Meta(Attachment.Meta):
        verbose_name = verbose_name_plural = "tài liệu tuyên truyền"


audit(TradeEvent, EventParticipation, Showroom, EcommerceListing)
audit(Consultant, ConsultantEngagement, CommunicationActivity)
