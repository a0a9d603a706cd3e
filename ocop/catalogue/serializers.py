"""Public records as JSON objects (API) and as flat rows (CSV and XLSX exports).

The same whitelist feeds every output: a field not written here is never published.
JSON dates are ISO 8601 (YYYY-MM-DD); export rows keep `date` objects, which the CSV
writer prints dd/mm/yyyy and the XLSX writer stores as dates shown dd/mm/yyyy.
"""

from __future__ import annotations

from django.conf import settings

from ocop.catalogue import sources
from ocop.catalogue.codes import code_path, producer_code, product_code
from ocop.catalogue.selectors import (
    ProductCard,
    ProductPage,
    PublicProducer,
    commune_path,
    headline_certificate,
)
from ocop.producers.models import ProducerType
from ocop.products.models import ProductStatus


def absolute(path: str) -> str:
    return settings.OCOP_SITE_URL + path


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _unit_ref(unit) -> dict | None:
    if unit is None:
        return None
    return {"id": unit.pk, "code": unit.code, "name": unit.name}


def unit_with_today(unit, current_units) -> dict:
    """A unit as recorded, with the unit(s) it belongs to today and today's province."""
    today_units = current_units if not unit.is_current else [unit]
    province = today_units[0].parent if today_units and today_units[0].parent_id else None
    return {
        "id": unit.pk,
        "code": unit.code,
        "name": unit.name,
        "is_current": unit.is_current,
        "today": [_unit_ref(u) for u in today_units],
        "province_today": _unit_ref(province),
    }


def _certificate_identity(certificate: sources.PublicCertificate) -> dict:
    """The fields that name a certificate, first in both the JSON and the table exports."""
    return {
        "number": certificate.number,
        "verification_code": certificate.public_code,
        "product_code": product_code(certificate.product_id),
        "product_name": certificate.product_name,
        "producer_name": certificate.producer_name,
        "stars": certificate.stars,
    }


def certificate_json(certificate: sources.PublicCertificate) -> dict:
    return {
        **_certificate_identity(certificate),
        "issued_on": _iso(certificate.issued_on),
        "expires_on": _iso(certificate.expires_on),
        "status": certificate.status,
        "status_label": certificate.status_label,
        "in_force": certificate.in_force,
        "revoked_on": _iso(certificate.revoked_on),
        "replaced_on": _iso(certificate.replaced_on),
        "decision": {
            "number": certificate.decision_number,
            "decided_on": _iso(certificate.decided_on),
            "issuer": certificate.issuer_name,
            "level": certificate.decision_level,
        },
        "verification_url": absolute(certificate.verification_path),
        "qr_svg": absolute(code_path("catalogue:certificate_qr_svg", certificate.public_code)),
        "api_url": absolute(code_path("catalogue:api_certificate", certificate.public_code)),
        "sample": certificate.is_sample,
    }


def _category(category) -> dict:
    return {
        "code": category.code,
        "name": category.name,
        "parent": category.parent.name if category.parent_id else None,
        "criteria_set": category.criteria_set,
        "criteria_set_name": category.criteria_set_name,
    }


def product_json(card: ProductCard) -> dict:
    product = card.product
    headline = card.headline
    return {
        "code": card.code,
        "name": product.name,
        "url": absolute(card.path),
        "api_url": absolute(code_path("catalogue:api_product", card.code)),
        "qr_svg": absolute(code_path("catalogue:product_qr_svg", card.code)),
        "qr_png": absolute(code_path("catalogue:product_qr_png", card.code)),
        "category": _category(product.category),
        "production_status": {"key": product.status, "label": product.get_status_display()},
        "stars": card.stars,
        "in_force": card.stars is not None,
        "certificate": certificate_json(headline) if headline else None,
        "producer": {
            "code": producer_code(product.producer_id),
            "name": product.producer.name,
            "api_url": absolute(code_path("catalogue:api_producer", producer_code(product.producer_id))),
        },
        "commune": unit_with_today(product.commune, card.current_units),
        "description": product.description,
        "story": product.story,
        "photos": [{"url": absolute(photo.image.url), "caption": photo.caption} for photo in card.photos],
        "updated_at": product.updated_at.isoformat(),
        "sample": product.is_sample,
    }


def product_detail_json(page: ProductPage) -> dict:
    data = product_json(page.card)
    data["certificates"] = [certificate_json(c) for c in page.card.certificates]
    data["producer"] = producer_json(page.producer)
    buy = page.where_to_buy
    data["where_to_buy"] = {
        "shops": [
            {
                "name": s.name,
                "address": s.address,
                "commune": s.commune,
                "phone": s.phone or None,
                "latitude": s.latitude,
                "longitude": s.longitude,
            }
            for s in buy.shops
        ],
        "online": [{"platform": x.platform, "platform_label": x.platform_label, "url": x.url} for x in buy.listings],
        "fairs": [
            {
                "name": f.name,
                "starts_on": _iso(f.starts_on),
                "ends_on": _iso(f.ends_on),
                "place": f.place,
                "organiser_level": f.level_label,
            }
            for f in buy.fairs
        ],
    }
    return data


def producer_json(producer: PublicProducer) -> dict:
    data = {
        "code": producer.code,
        "name": producer.name,
        "type": {"key": producer.producer_type, "label": producer.producer_type_label},
        "url": absolute(producer.path),
        "api_url": absolute(code_path("catalogue:api_producer", producer.code)),
        "address": producer.address,
        "commune": unit_with_today(producer.commune, producer.current_units),
        "business_registration_number": producer.business_registration_number or None,
        "tax_code": producer.tax_code or None,
        "phone": producer.phone or None,
        "email": producer.email or None,
        "latitude": producer.latitude,
        "longitude": producer.longitude,
        "sample": producer.is_sample,
    }
    if producer.product_count is not None:
        data["product_count"] = producer.product_count
    return data


def unit_json(unit, current_units) -> dict:
    data = {
        "id": unit.pk,
        "code": unit.code,
        "name": unit.name,
        "level": {"key": unit.level, "label": unit.get_level_display()},
        "kind": {"key": unit.kind, "label": unit.get_kind_display()},
        "parent": _unit_ref(unit.parent) if unit.parent_id else None,
        "valid_from": _iso(unit.valid_from),
        "valid_to": _iso(unit.valid_to),
        "is_current": unit.is_current,
        "today": [_unit_ref(u) for u in (current_units if not unit.is_current else [unit])],
        "catalogue_url": absolute(commune_path(unit)) if unit.is_current and unit.level == "commune" else None,
    }
    return data


# == Export rows ================================================================================
# (key, header). Headers are Vietnamese: the files are opened by officials in Excel.

PRODUCT_COLUMNS = [
    ("code", "Mã sản phẩm"),
    ("name", "Tên sản phẩm"),
    ("category", "Phân loại"),
    ("criteria_set", "Bộ sản phẩm số"),
    ("stars", "Hạng sao hiện hành"),
    ("certificate_number", "Số giấy chứng nhận"),
    ("certificate_status", "Tình trạng giấy chứng nhận"),
    ("issued_on", "Ngày cấp"),
    ("expires_on", "Hiệu lực đến hết ngày"),
    ("producer_code", "Mã chủ thể"),
    ("producer_name", "Chủ thể"),
    ("producer_type", "Loại hình chủ thể"),
    ("commune", "Xã, phường (khi đăng ký)"),
    ("commune_today", "Xã, phường hiện nay"),
    ("province_today", "Tỉnh, thành phố hiện nay"),
    ("production_status", "Tình trạng sản xuất"),
    ("url", "Trang sản phẩm"),
    ("sample", "Dữ liệu mẫu"),
]

PRODUCER_COLUMNS = [
    ("code", "Mã chủ thể"),
    ("name", "Tên chủ thể"),
    ("type", "Loại hình"),
    ("business_registration_number", "Số đăng ký kinh doanh"),
    ("tax_code", "Mã số thuế"),
    ("address", "Địa chỉ"),
    ("commune", "Xã, phường (khi đăng ký)"),
    ("commune_today", "Xã, phường hiện nay"),
    ("province_today", "Tỉnh, thành phố hiện nay"),
    ("phone", "Điện thoại"),
    ("email", "Thư điện tử"),
    ("latitude", "Vĩ độ"),
    ("longitude", "Kinh độ"),
    ("product_count", "Số sản phẩm OCOP"),
    ("url", "Trang chủ thể"),
    ("sample", "Dữ liệu mẫu"),
]

CERTIFICATE_COLUMNS = [
    ("number", "Số giấy chứng nhận"),
    ("verification_code", "Mã xác minh"),
    ("product_code", "Mã sản phẩm"),
    ("product_name", "Tên sản phẩm (trên giấy)"),
    ("producer_name", "Chủ thể (trên giấy)"),
    ("stars", "Số sao"),
    ("issued_on", "Ngày cấp"),
    ("expires_on", "Hiệu lực đến hết ngày"),
    ("status", "Mã tình trạng"),
    ("status_label", "Tình trạng"),
    ("revoked_on", "Ngày thu hồi"),
    ("decision_number", "Quyết định công nhận số"),
    ("decided_on", "Ngày quyết định"),
    ("issuer", "Cơ quan ban hành"),
    ("verification_url", "Trang xác minh"),
    ("sample", "Dữ liệu mẫu"),
]


def _today_names(unit, current_units) -> tuple[str, str]:
    today_units = current_units if not unit.is_current else [unit]
    names = ", ".join(u.name for u in today_units)
    province = today_units[0].parent.name if today_units and today_units[0].parent_id else ""
    return names, province


def _yes_no(value: bool) -> str:
    return "Có" if value else ""


def product_row(card: ProductCard) -> dict:
    product = card.product
    headline = card.headline
    commune_today, province_today = _today_names(product.commune, card.current_units)
    return {
        "code": card.code,
        "name": product.name,
        "category": product.category.name,
        "criteria_set": product.category.criteria_set,
        "stars": card.stars,
        "certificate_number": headline.number if headline else "",
        "certificate_status": headline.status_label if headline else "",
        "issued_on": headline.issued_on if headline else None,
        "expires_on": headline.expires_on if headline else None,
        "producer_code": producer_code(product.producer_id),
        "producer_name": product.producer.name,
        "producer_type": product.producer.get_producer_type_display(),
        "commune": product.commune.name,
        "commune_today": commune_today,
        "province_today": province_today,
        "production_status": product.get_status_display(),
        "url": absolute(card.path),
        "sample": _yes_no(product.is_sample),
    }


_PRODUCER_TYPES = dict(ProducerType.choices)
_PRODUCT_STATUSES = dict(ProductStatus.choices)

# What a product export row reads from the database, as plain values (no model instances).
PRODUCT_EXPORT_FIELDS = (
    "pk", "name", "status", "is_sample", "producer_id", "producer__name", "producer__producer_type",
    "commune_id", "commune__name", "category__name", "category__criteria_set",
)


def product_export_row(values: dict, certificates: list, current_units: list) -> dict:
    """The same row as `product_row`, from `PRODUCT_EXPORT_FIELDS` values, the product's
    certificates and the units its commune belongs to today (exports of the whole register)."""
    headline = headline_certificate(certificates)
    in_force = headline is not None and headline.in_force
    province = current_units[0].parent.name if current_units and current_units[0].parent_id else ""
    return {
        "code": product_code(values["pk"]),
        "name": values["name"],
        "category": values["category__name"],
        "criteria_set": values["category__criteria_set"],
        "stars": headline.stars if in_force else None,
        "certificate_number": headline.number if headline else "",
        "certificate_status": headline.status_label if headline else "",
        "issued_on": headline.issued_on if headline else None,
        "expires_on": headline.expires_on if headline else None,
        "producer_code": producer_code(values["producer_id"]),
        "producer_name": values["producer__name"],
        "producer_type": _PRODUCER_TYPES.get(values["producer__producer_type"], values["producer__producer_type"]),
        "commune": values["commune__name"],
        "commune_today": ", ".join(u.name for u in current_units),
        "province_today": province,
        "production_status": _PRODUCT_STATUSES.get(values["status"], values["status"]),
        "url": absolute(code_path("catalogue:product", product_code(values["pk"]))),
        "sample": _yes_no(values["is_sample"]),
    }


def producer_row(producer: PublicProducer) -> dict:
    commune_today, province_today = _today_names(producer.commune, producer.current_units)
    return {
        "code": producer.code,
        "name": producer.name,
        "type": producer.producer_type_label,
        "business_registration_number": producer.business_registration_number,
        "tax_code": producer.tax_code,
        "address": producer.address,
        "commune": producer.commune.name,
        "commune_today": commune_today,
        "province_today": province_today,
        "phone": producer.phone,
        "email": producer.email,
        "latitude": producer.latitude,
        "longitude": producer.longitude,
        "product_count": producer.product_count,
        "url": absolute(producer.path),
        "sample": _yes_no(producer.is_sample),
    }


def certificate_row(certificate: sources.PublicCertificate) -> dict:
    return {
        **_certificate_identity(certificate),
        "issued_on": certificate.issued_on,
        "expires_on": certificate.expires_on,
        "status": certificate.status,
        "status_label": certificate.status_label,
        "revoked_on": certificate.revoked_on,
        "decision_number": certificate.decision_number,
        "decided_on": certificate.decided_on,
        "issuer": certificate.issuer_name,
        "verification_url": absolute(certificate.verification_path),
        "sample": _yes_no(certificate.is_sample),
    }
