"""OpenAPI 3 description of the open-data API, written as data.

Kept in sync by tests: every path here is called (ocop/catalogue/tests/test_openapi.py), and
every API route in urls.py must appear here. Paths are relative to the server
`OCOP_SITE_URL + /api/v1`.
"""

from __future__ import annotations

from django.conf import settings

from ocop.catalogue.maps import MAP_POINTS_CAP, MAP_POINTS_MAX, MAP_POINTS_ZOOM
from ocop.catalogue.openapi_schemas import ref as _ref
from ocop.catalogue.openapi_schemas import schemas

# 1.1: keyset cursor on /products (numbered pages kept, bounded), sort=relevance, the map's
# GeoJSON endpoint.
API_VERSION = "1.1.0"
BASE_PATH = "/api/v1"
# Numbered pages (`?page=`) read and skip every row before them: allowed for this many rows.
MAX_PAGE_OFFSET = 10_000
MAX_PAGE_OFFSET_TEXT = f"{MAX_PAGE_OFFSET:,}".replace(",", ".")

def _param(name: str) -> dict:
    return _ref("parameters", name)


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _page_of(item: str) -> dict:
    return {
        "allOf": [
            _ref("schemas", "Page"),
            {"type": "object", "properties": {"results": {"type": "array", "items": _ref("schemas", item)}}},
        ]
    }


_ERROR_400 = _json(_ref("schemas", "Error"), "Tham số không hợp lệ (trường `parameter` cho biết tham số nào).")
_ERROR_404 = _json(_ref("schemas", "Error"), "Không tìm thấy.")

_CSV = {"description": "Tệp CSV (UTF-8 có BOM, mở được bằng Excel).", "content": {"text/csv": {"schema": {"type": "string"}}}}
_XLSX = {
    "description": "Tệp Excel (XLSX).",
    "content": {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
            "schema": {"type": "string", "format": "binary"}
        }
    },
}

PRODUCT_FILTERS = ["q", "unit", "category", "stars", "producer_type", "in_force", "sort"]
PRODUCER_FILTERS = ["q", "unit", "producer_type"]
CERTIFICATE_FILTERS = ["q", "unit", "stars", "status", "number"]
UNIT_FILTERS = ["q", "level", "period", "parent"]
PAGING = ["page", "page_size"]


def _get(operation: str, tag: str, summary: str, parameters: list, responses: dict, description=None) -> dict:
    """One GET operation; `description` is left out when None (the detail pages have none)."""
    get = {"operationId": operation, "tags": [tag], "summary": summary}
    if description is not None:
        get["description"] = description
    return {"get": {**get, "parameters": parameters, "responses": responses}}


def _code_param(name: str, description: str, schema: dict, example: str) -> dict:
    return {"name": name, "in": "path", "required": True, "description": description, "schema": schema, "example": example}


def _list(summary: str, operation: str, item: str, filters: list[str], tag: str, description: str = "") -> dict:
    return _get(
        operation, tag, summary,
        [_param(name) for name in filters + PAGING],
        {"200": _json(_page_of(item), "Một trang kết quả."), "400": _ERROR_400},
        description,
    )


def _cursor_list(summary: str, operation: str, item: str, filters: list[str], tag: str, description: str) -> dict:
    page = {
        "oneOf": [
            {
                "allOf": [
                    _ref("schemas", "CursorPage"),
                    {"type": "object", "properties": {"results": {"type": "array", "items": _ref("schemas", item)}}},
                ]
            },
            _page_of(item),
        ]
    }
    link = {"description": "`<địa chỉ trang sau>; rel=\"next\"` khi còn trang sau.", "schema": {"type": "string"}}
    ok = {**_json(page, "Một trang kết quả: `CursorPage`, hoặc `Page` khi có tham số `page`."), "headers": {"Link": link}}
    return _get(
        operation, tag, summary,
        [_param(name) for name in [*filters, "cursor", *PAGING]],
        {"200": ok, "400": _ERROR_400},
        description,
    )


def _export(summary: str, operation: str, filters: list[str], tag: str, response: dict) -> dict:
    return _get(
        operation, tag, summary,
        [_param(name) for name in filters],
        {"200": response, "400": _ERROR_400},
        "Toàn bộ kết quả (không phân trang), cùng bộ lọc như danh sách JSON.",
    )


def _paths() -> dict:
    return {
        "/": {
            "get": {
                "operationId": "index",
                "tags": ["Chung"],
                "summary": "Danh mục các điểm truy cập",
                "responses": {"200": _json({"type": "object"}, "Tên, phiên bản và liên kết.")},
            }
        },
        "/openapi.json": {
            "get": {
                "operationId": "openapi",
                "tags": ["Chung"],
                "summary": "Tài liệu OpenAPI này",
                "responses": {"200": _json({"type": "object"}, "Tài liệu OpenAPI 3.")},
            }
        },
        "/products": _cursor_list(
            "Danh sách sản phẩm OCOP công khai",
            "listProducts",
            "Product",
            PRODUCT_FILTERS,
            "Sản phẩm",
            "Sản phẩm công khai là sản phẩm đã có ít nhất một giấy chứng nhận OCOP (kể cả đã hết "
            "hiệu lực hoặc bị thu hồi — tình trạng được ghi rõ).\n\n"
            "**Phân trang bằng con trỏ** (mặc định): mỗi trang có `next` (và tiêu đề `Link: <…>; rel=\"next\"`) "
            "là địa chỉ của trang sau, kèm `cursor`; đi theo `next` cho tới khi nó là `null` thì đọc được mọi "
            "dòng đúng một lần, theo thứ tự, kể cả khi có dòng được thêm giữa chừng. Con trỏ là chuỗi mờ "
            "(base64url của khóa sắp xếp và id của dòng cuối trang trước), gắn với cách sắp xếp `sort`; đừng "
            "tự tạo. Chi phí mọi trang như nhau. `page=N` (kiểu cũ) vẫn dùng được cho "
            f"{MAX_PAGE_OFFSET_TEXT} dòng đầu.",
        ),
        "/products/{code}": _get(
            "getProduct", "Sản phẩm", "Một sản phẩm: giấy chứng nhận, chủ thể, nơi mua",
            [
                _code_param(
                    "code",
                    "Mã công khai của sản phẩm, dạng `SP-<số>` (không đổi theo thời gian).",
                    {"type": "string", "pattern": "^[Ss][Pp]-[1-9][0-9]*$"},
                    "SP-12",
                )
            ],
            {"200": _json(_ref("schemas", "ProductDetail"), "Sản phẩm."), "404": _ERROR_404},
        ),
        "/products.csv": _export("Xuất danh sách sản phẩm (CSV)", "exportProductsCsv", PRODUCT_FILTERS, "Sản phẩm", _CSV),
        "/products.xlsx": _export("Xuất danh sách sản phẩm (Excel)", "exportProductsXlsx", PRODUCT_FILTERS, "Sản phẩm", _XLSX),
        "/producers": _list(
            "Danh sách chủ thể OCOP có sản phẩm công khai", "listProducers", "Producer", PRODUCER_FILTERS, "Chủ thể"
        ),
        "/producers/{code}": _get(
            "getProducer", "Chủ thể", "Một chủ thể và các sản phẩm công khai của chủ thể",
            [
                _code_param(
                    "code", "Mã công khai của chủ thể, dạng `CT-<số>`.",
                    {"type": "string", "pattern": "^[Cc][Tt]-[1-9][0-9]*$"}, "CT-3",
                )
            ],
            {"200": _json(_ref("schemas", "ProducerDetail"), "Chủ thể."), "404": _ERROR_404},
        ),
        "/producers.csv": _export("Xuất danh sách chủ thể (CSV)", "exportProducersCsv", PRODUCER_FILTERS, "Chủ thể", _CSV),
        "/producers.xlsx": _export("Xuất danh sách chủ thể (Excel)", "exportProducersXlsx", PRODUCER_FILTERS, "Chủ thể", _XLSX),
        "/certificates": _list(
            "Sổ giấy chứng nhận OCOP và tình trạng hiệu lực", "listCertificates", "Certificate", CERTIFICATE_FILTERS,
            "Giấy chứng nhận",
        ),
        "/certificates/{number}": _get(
            "getCertificate", "Giấy chứng nhận", "Một giấy chứng nhận theo mã xác minh hoặc số giấy",
            [
                _code_param(
                    "number", "Mã xác minh hoặc số giấy chứng nhận.", {"type": "string"}, "01%2FGCN-OCOP",
                )
            ],
            {
                "200": _json(_ref("schemas", "Certificate"), "Giấy chứng nhận và tình trạng hôm nay."),
                "300": _json(_ref("schemas", "Ambiguous"), "Nhiều giấy chứng nhận cùng số."),
                "404": _ERROR_404,
            },
            description=(
                "`number` là mã xác minh (10 ký tự, in trên giấy và trong mã QR) hoặc số giấy chứng nhận. "
                "Số giấy thường có dấu `/` (ví dụ `01/GCN-OCOP`): viết nguyên hoặc mã hóa thành `%2F`. "
                "Số giấy có thể trùng giữa các cơ quan ban hành: khi đó trả về 300 với danh sách `matches`."
            ),
        ),
        "/certificates.csv": _export(
            "Xuất sổ giấy chứng nhận (CSV)", "exportCertificatesCsv", CERTIFICATE_FILTERS, "Giấy chứng nhận", _CSV
        ),
        "/certificates.xlsx": _export(
            "Xuất sổ giấy chứng nhận (Excel)", "exportCertificatesXlsx", CERTIFICATE_FILTERS, "Giấy chứng nhận", _XLSX
        ),
        "/map.geojson": {
            "get": {
                "operationId": "mapFeatures",
                "tags": ["Bản đồ"],
                "summary": "Điểm trên bản đồ trong một khung nhìn (GeoJSON)",
                "description": (
                    "Chủ thể có tọa độ và điểm bán trong khung `bbox` ở mức phóng `zoom`. Khi trong khung có nhiều "
                    f"hơn {MAP_POINTS_MAX} chủ thể và `zoom` < {MAP_POINTS_ZOOM}, chủ thể được gộp theo ô lưới "
                    "(`kind` = `cluster`, `count` = số chủ thể, tọa độ là trung bình của ô); nếu không, mỗi chủ thể "
                    f"một điểm (`kind` = `producer`, tối đa {MAP_POINTS_CAP}; `truncated` = true khi còn chủ thể "
                    "chưa vẽ: hãy phóng to). Tọa độ theo RFC 7946: [kinh độ, vĩ độ]."
                ),
                "parameters": [_param("bbox"), _param("zoom")],
                "responses": {
                    "200": {
                        "description": "FeatureCollection.",
                        "content": {"application/geo+json": {"schema": _ref("schemas", "MapFeatures")}},
                    },
                    "400": _ERROR_400,
                },
            }
        },
        "/documents/verify": {
            "get": {
                "operationId": "verifyDocumentHash",
                "tags": ["Xác minh văn bản"],
                "summary": "Kiểm tra một văn bản theo mã SHA-256 của tệp",
                "description": (
                    "Cho biết tệp có mã SHA-256 này có phải văn bản (giấy chứng nhận, quyết định công nhận, biên bản) "
                    "do hệ thống phát hành không; nếu có: chữ ký số (kiểm tra bằng pyHanko với chứng thư gốc được tin "
                    "cậy) và tình trạng hôm nay của giấy chứng nhận. Không lưu, không lưu đệm."
                ),
                "parameters": [{
                    "name": "sha256", "in": "query", "required": False,
                    "description": "SHA-256 của tệp PDF, 64 ký tự hex.",
                    "schema": {"type": "string", "pattern": "^[0-9a-fA-F]{64}$"},
                }],
                "responses": {"200": _json(_ref("schemas", "DocumentVerification"), "Kết quả kiểm tra."),
                              "400": _ERROR_400},
            },
            "post": {
                "operationId": "verifyDocumentFile",
                "tags": ["Xác minh văn bản"],
                "summary": "Kiểm tra một tệp PDF",
                "description": (
                    "Gửi tệp PDF (multipart, trường `file`, tối đa 20 MB, kiểm tra theo nội dung) hoặc trường `sha256`. "
                    "`verdict`: `issued` – đúng văn bản do hệ thống phát hành, nguyên vẹn; `altered` – tệp có chữ ký "
                    "nhưng đã bị sửa sau khi ký; `unknown_signed` – có chữ ký hợp lệ nhưng không có trong sổ văn bản "
                    "đã phát hành; `foreign` – không phải văn bản do hệ thống phát hành; `none` – không gửi gì để "
                    "kiểm tra. Tệp không được lưu lại."
                ),
                "requestBody": {"required": False, "content": {"multipart/form-data": {"schema": {
                    "type": "object",
                    "properties": {"file": {"type": "string", "format": "binary"}, "sha256": {"type": "string"}},
                }}}},
                "responses": {"200": _json(_ref("schemas", "DocumentVerification"), "Kết quả kiểm tra."),
                              "400": _ERROR_400},
            },
        },
        "/units": _list(
            "Đơn vị hành chính (hiện hành và trước 1/7/2025)",
            "listUnits",
            "Unit",
            UNIT_FILTERS,
            "Địa bàn",
            "Dùng `id` của đơn vị cho tham số `unit` của các danh sách khác. Mã đơn vị (`code`) có thể trùng "
            "giữa đơn vị cũ và mới, nên `id` mới là khóa duy nhất.",
        ),
    }


def _parameters() -> dict:
    def query(name, description, schema, example=None):
        item = {"name": name, "in": "query", "required": False, "description": description, "schema": schema}
        if example is not None:
            item["example"] = example
        return item

    from ocop.catalogue import sources
    from ocop.producers.models import ProducerType
    from ocop.territory.models import UnitLevel

    return {
        "q": query("q", "Tìm theo chữ, không phân biệt dấu và hoa thường (\"ca phe\" tìm được \"Cà phê\").", {"type": "string"}, "ca phe"),
        "unit": query(
            "unit",
            "id đơn vị hành chính (cũ hoặc mới, cấp tỉnh, huyện hoặc xã; xem /units). Đơn vị hiện hành gồm cả "
            "các đơn vị trước sắp xếp đã nhập vào nó.",
            {"type": "integer"},
        ),
        "category": query("category", "Mã phân loại sản phẩm theo Phụ lục I QĐ 26/2026 (ngành, nhóm hoặc phân nhóm), ví dụ `I`, `I.3`.", {"type": "string"}, "I"),
        "stars": query("stars", "Số sao của giấy chứng nhận đang có hiệu lực.", {"type": "integer", "enum": [3, 4, 5]}),
        "producer_type": query("producer_type", "Loại hình chủ thể.", {"type": "string", "enum": list(ProducerType.values)}),
        "in_force": query("in_force", "true: chỉ sản phẩm có giấy chứng nhận còn hiệu lực; false: chỉ sản phẩm không còn.", {"type": "boolean"}),
        "sort": query("sort", "Sắp xếp: theo tên, số sao (nhiều trước), mới công nhận trước, hoặc phù hợp nhất với `q` (mặc định khi có `q`; không có `q` thì như `name`).", {"type": "string", "enum": ["name", "stars", "newest", "relevance"], "default": "name"}),
        "status": query(
            "status",
            "Tình trạng giấy chứng nhận hôm nay; `in_force` gồm mọi tình trạng còn hiệu lực.",
            {"type": "string", "enum": [key for key, _label in sources.certificate_statuses()] + ["in_force"]},
        ),
        "number": query("number", "Số giấy chứng nhận (không phân biệt hoa thường, khoảng trắng).", {"type": "string"}, "01/GCN-OCOP"),
        "level": query("level", "Cấp đơn vị.", {"type": "string", "enum": list(UnitLevel.values)}),
        "period": query("period", "current: đơn vị hiện hành; legacy: đơn vị trước 1/7/2025.", {"type": "string", "enum": ["current", "legacy"]}),
        "parent": query("parent", "id đơn vị cấp trên.", {"type": "integer"}),
        "bbox": query(
            "bbox",
            "Khung nhìn: tây,nam,đông,bắc (độ, WGS 84). Mặc định: cả nước.",
            {"type": "string", "pattern": r"^-?[0-9.]+,-?[0-9.]+,-?[0-9.]+,-?[0-9.]+$"},
            "107.5,14.0,109.0,15.5",
        ),
        "zoom": query("zoom", "Mức phóng của bản đồ (0–20, như Leaflet/OpenStreetMap).", {"type": "integer", "minimum": 0, "maximum": 20, "default": 5}),
        "page": query(
            "page",
            f"Số trang, từ 1 (kiểu cũ, chỉ cho {MAX_PAGE_OFFSET_TEXT} dòng đầu; sâu hơn trả 400: hãy dùng `cursor`).",
            {"type": "integer", "minimum": 1, "default": 1},
        ),
        "cursor": query(
            "cursor",
            "Con trỏ lấy nguyên từ `next` của trang trước (chuỗi mờ). Sai hoặc của cách sắp xếp khác: 400.",
            {"type": "string"},
        ),
        "page_size": query(
            "page_size", "Số dòng mỗi trang (tối đa 200).", {"type": "integer", "minimum": 1, "maximum": 200, "default": 50}
        ),
    }


def document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Dữ liệu mở sản phẩm OCOP",
            "version": API_VERSION,
            "description": (
                "Dữ liệu công khai của Chương trình Mỗi xã một sản phẩm (OCOP): sản phẩm, chủ thể, giấy chứng "
                "nhận và tình trạng hiệu lực, đơn vị hành chính. Chỉ đọc, không cần đăng nhập. Danh sách có phân "
                "trang (`page`, `page_size` ≤ 200). Ngày theo ISO 8601. Điện thoại, thư điện tử của chủ thể chỉ "
                "có khi chủ thể đồng ý công khai."
            ),
            "license": {"name": "AGPL-3.0-or-later (phần mềm)", "identifier": "AGPL-3.0-or-later"},
        },
        "servers": [{"url": settings.OCOP_SITE_URL + BASE_PATH}],
        "paths": _paths(),
        "components": {"parameters": _parameters(), "schemas": schemas()},
    }
