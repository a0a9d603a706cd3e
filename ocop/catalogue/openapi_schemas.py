"""The shapes of the open-data API's answers (OpenAPI 3 component schemas), written as data.

ocop/catalogue/openapi.py puts them into the API description; the tests there check that the
answers have these shapes.
"""

from __future__ import annotations


def ref(kind: str, name: str) -> dict:
    return {"$ref": f"#/components/{kind}/{name}"}


_DATE = {"type": "string", "format": "date"}
_NULLABLE_DATE = {"type": ["string", "null"], "format": "date"}
_URL = {"type": "string", "format": "uri"}


def schemas() -> dict:
    unit_ref = {
        "type": "object",
        "properties": {"id": {"type": "integer"}, "code": {"type": "string"}, "name": {"type": "string"}},
    }
    key_label = {"type": "object", "properties": {"key": {"type": "string"}, "label": {"type": "string"}}}
    return {
        "Error": {
            "type": "object",
            "properties": {"detail": {"type": "string"}, "parameter": {"type": "string"}},
            "required": ["detail"],
        },
        "Page": {
            "type": "object",
            "properties": {
                "count": {"type": "integer"},
                "page": {"type": "integer"},
                "page_size": {"type": "integer"},
                "num_pages": {"type": "integer"},
                "next": {"type": ["string", "null"], "format": "uri"},
                "previous": {"type": ["string", "null"], "format": "uri"},
                "results": {"type": "array"},
            },
            "required": ["count", "page", "page_size", "num_pages", "next", "previous", "results"],
        },
        "CursorPage": {
            "type": "object",
            "properties": {
                "count": {
                    "type": "integer",
                    "description": "Tổng số dòng khớp bộ lọc, đếm ở trang đầu và được con trỏ mang theo.",
                },
                "page_size": {"type": "integer"},
                "cursor": {"type": ["string", "null"], "description": "Con trỏ của trang này (null: trang đầu)."},
                "next": {"type": ["string", "null"], "format": "uri"},
                "results": {"type": "array"},
            },
            "required": ["count", "page_size", "cursor", "next", "results"],
        },
        "UnitRef": unit_ref,
        "UnitToday": {
            "type": "object",
            "description": "Đơn vị khi đăng ký, kèm đơn vị hiện nay (sau sắp xếp 1/7/2025) và tỉnh hiện nay.",
            "properties": {
                **unit_ref["properties"],
                "is_current": {"type": "boolean"},
                "today": {"type": "array", "items": ref("schemas", "UnitRef")},
                "province_today": {"oneOf": [ref("schemas", "UnitRef"), {"type": "null"}]},
            },
        },
        "Certificate": {
            "type": "object",
            "properties": {
                "number": {"type": "string"},
                "verification_code": {"type": "string"},
                "product_code": {"type": "string"},
                "product_name": {"type": "string", "description": "Tên sản phẩm ghi trên giấy."},
                "producer_name": {"type": "string", "description": "Tên chủ thể ghi trên giấy."},
                "stars": {"type": "integer", "enum": [3, 4, 5]},
                "issued_on": _DATE,
                "expires_on": {**_DATE, "description": "Ngày cuối cùng còn hiệu lực (36 tháng, QĐ 26/2026 Điều 4.3)."},
                "status": {
                    "type": "string",
                    "description": "valid, reevaluation_window, late_for_reevaluation, extended_pending (còn hiệu lực); "
                    "expired, replaced (hết hiệu lực); revoked (bị thu hồi).",
                },
                "status_label": {"type": "string"},
                "in_force": {"type": "boolean"},
                "revoked_on": _NULLABLE_DATE,
                "replaced_on": _NULLABLE_DATE,
                "decision": {
                    "type": "object",
                    "properties": {
                        "number": {"type": "string"},
                        "decided_on": _NULLABLE_DATE,
                        "issuer": {"type": "string"},
                        "level": {"type": "string", "enum": ["district", "province", "central"]},
                    },
                },
                "verification_url": _URL,
                "qr_svg": _URL,
                "api_url": _URL,
                "sample": {"type": "boolean", "description": "Dữ liệu mẫu (trình diễn)."},
            },
        },
        "Ambiguous": {
            "type": "object",
            "properties": {
                "detail": {"type": "string"},
                "matches": {"type": "array", "items": ref("schemas", "Certificate")},
            },
        },
        "Product": {
            "type": "object",
            "properties": {
                "code": {"type": "string", "example": "SP-12"},
                "name": {"type": "string"},
                "url": _URL,
                "api_url": _URL,
                "qr_svg": _URL,
                "qr_png": _URL,
                "category": {
                    "type": "object",
                    "properties": {
                        "code": {"type": "string"},
                        "name": {"type": "string"},
                        "parent": {"type": ["string", "null"]},
                        "criteria_set": {"type": "integer"},
                        "criteria_set_name": {"type": "string"},
                    },
                },
                "production_status": key_label,
                "stars": {"type": ["integer", "null"], "description": "Số sao của giấy chứng nhận còn hiệu lực; null nếu không còn."},
                "in_force": {"type": "boolean"},
                "certificate": {"oneOf": [ref("schemas", "Certificate"), {"type": "null"}]},
                "producer": {
                    "type": "object",
                    "properties": {"code": {"type": "string"}, "name": {"type": "string"}, "api_url": _URL},
                },
                "commune": ref("schemas", "UnitToday"),
                "description": {"type": "string"},
                "story": {"type": "string"},
                "photos": {
                    "type": "array",
                    "items": {"type": "object", "properties": {"url": _URL, "caption": {"type": "string"}}},
                },
                "updated_at": {"type": "string", "format": "date-time"},
                "sample": {"type": "boolean"},
            },
        },
        "ProductDetail": {
            "allOf": [
                ref("schemas", "Product"),
                {
                    "type": "object",
                    "properties": {
                        "certificates": {"type": "array", "items": ref("schemas", "Certificate")},
                        "producer": ref("schemas", "Producer"),
                        "where_to_buy": {
                            "type": "object",
                            "properties": {
                                "shops": {"type": "array", "items": {"type": "object"}},
                                "online": {"type": "array", "items": {"type": "object"}},
                                "fairs": {"type": "array", "items": {"type": "object"}},
                            },
                        },
                    },
                },
            ]
        },
        "Producer": {
            "type": "object",
            "properties": {
                "code": {"type": "string", "example": "CT-3"},
                "name": {"type": "string"},
                "type": key_label,
                "url": _URL,
                "api_url": _URL,
                "address": {"type": "string"},
                "commune": ref("schemas", "UnitToday"),
                "business_registration_number": {
                    "type": ["string", "null"],
                    "description": "Chỉ với tổ chức (hợp tác xã, tổ hợp tác, doanh nghiệp, hội…); null với hộ, trang trại.",
                },
                "tax_code": {"type": ["string", "null"], "description": "Như trên."},
                "phone": {"type": ["string", "null"], "description": "Chỉ khi chủ thể đồng ý công khai."},
                "email": {"type": ["string", "null"], "description": "Chỉ khi chủ thể đồng ý công khai."},
                "latitude": {"type": ["number", "null"]},
                "longitude": {"type": ["number", "null"]},
                "product_count": {"type": "integer"},
                "sample": {"type": "boolean"},
            },
        },
        "ProducerDetail": {
            "allOf": [
                ref("schemas", "Producer"),
                {
                    "type": "object",
                    "properties": {"products": {"type": "array", "items": ref("schemas", "Product")}},
                },
            ]
        },
        "MapFeatures": {
            "type": "object",
            "properties": {
                "type": {"type": "string", "enum": ["FeatureCollection"]},
                "zoom": {"type": "integer"},
                "clustered": {"type": "boolean", "description": "Chủ thể được gộp theo ô lưới."},
                "producers_in_view": {"type": "integer", "description": "Số chủ thể có tọa độ trong khung."},
                "truncated": {"type": "boolean", "description": "Còn chủ thể chưa vẽ: hãy phóng to."},
                "features": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "type": {"type": "string", "enum": ["Feature"]},
                            "geometry": {
                                "type": "object",
                                "properties": {
                                    "type": {"type": "string", "enum": ["Point"]},
                                    "coordinates": {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2},
                                },
                            },
                            "properties": {
                                "type": "object",
                                "properties": {
                                    "kind": {"type": "string", "enum": ["cluster", "producer", "shop"]},
                                    "count": {"type": "integer"},
                                    "name": {"type": "string"},
                                    "url": {"type": "string"},
                                    "commune": {"type": "string"},
                                    "products": {"type": "integer"},
                                    "address": {"type": "string"},
                                },
                                "required": ["kind"],
                            },
                        },
                    },
                },
            },
        },
        "DocumentVerification": {
            "type": "object",
            "properties": {
                "sha256": {"type": "string"},
                "verdict": {"type": "string", "enum": ["issued", "altered", "unknown_signed", "foreign", "none"]},
                "issued": {"type": "boolean", "description": "Đúng văn bản do hệ thống phát hành, nguyên vẹn."},
                "message": {"type": "string", "description": "Kết luận bằng tiếng Việt."},
                "document": {"type": ["object", "null"], "properties": {
                    "kind": {"type": "string", "enum": ["certificate", "decision", "minutes"]},
                    "kind_label": {"type": "string"}, "title": {"type": "string"}, "issuer": {"type": "string"},
                    "issued_at": {"type": "string", "format": "date-time"},
                }},
                "signature": {"type": ["object", "null"], "properties": {
                    "signed": {"type": "boolean"}, "intact": {"type": "boolean"}, "whole_file": {"type": "boolean"},
                    "trusted": {"type": "boolean"}, "valid": {"type": "boolean"}, "signer": {"type": "string"},
                    "organisation": {"type": "string"}, "demo": {"type": "boolean"},
                    "signed_at": {"type": ["string", "null"], "format": "date-time"},
                    "timestamp": {"type": ["string", "null"], "format": "date-time"},
                    "problems": {"type": "array", "items": {"type": "string"}},
                }},
                "signature_text": {"type": "string"},
                "certificates": {"type": "array", "items": {"type": "object", "properties": {
                    "number": {"type": "string"}, "product": {"type": "string"},
                    "verification_code": {"type": "string"}, "status": {"type": "string"},
                    "in_force": {"type": "boolean"}, "revocation": {"type": "string"},
                }}},
            },
            "required": ["sha256", "verdict", "issued", "message"],
        },
        "Unit": {
            "type": "object",
            "properties": {
                **unit_ref["properties"],
                "level": key_label,
                "kind": key_label,
                "parent": {"oneOf": [ref("schemas", "UnitRef"), {"type": "null"}]},
                "valid_from": _NULLABLE_DATE,
                "valid_to": _NULLABLE_DATE,
                "is_current": {"type": "boolean"},
                "today": {"type": "array", "items": ref("schemas", "UnitRef")},
                "catalogue_url": {"type": ["string", "null"], "format": "uri"},
            },
        },
    }
