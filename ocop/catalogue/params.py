"""Filters of the public lists, read from a query string.

The pages use Vietnamese parameter names (`?q=ca+phe&don_vi=…&sao=4&sap_xep=sao`), the API
English ones (`?q=ca+phe&unit=…&stars=4&sort=stars`); both end up in the same selectors.
Pages ignore a value they do not understand; the API answers 400 and says which one.
"""

from __future__ import annotations

from dataclasses import dataclass

from ocop.catalogue import maps, selectors, sources
from ocop.producers.models import ProducerType

PAGE_NAMES = {
    "q": "q",
    "unit": "don_vi",
    "category": "phan_loai",
    "stars": "sao",
    "producer_type": "loai",
    "in_force": "hieu_luc",
    "sort": "sap_xep",
    "status": "tinh_trang",
    "number": "so",
    "level": "cap",
    "period": "thoi_ky",
    "parent": "cap_tren",
    "province": "tinh",
    "commune": "xa",
}
API_NAMES = {key: key for key in PAGE_NAMES}

PAGE_SORTS = {key: key for key, _label in selectors.SEARCH_SORTS}
API_SORTS = {
    "name": selectors.SORT_NAME,
    "stars": selectors.SORT_STARS,
    "newest": selectors.SORT_NEWEST,
    "relevance": selectors.SORT_RELEVANCE,
}
TRUE_WORDS = {"1", "true", "co", "có", "yes"}
FALSE_WORDS = {"0", "false", "khong", "không", "no"}


class BadParameter(ValueError):
    def __init__(self, name: str, message: str):
        super().__init__(message)
        self.name = name
        self.message = message


@dataclass
class ProductFilters:
    q: str = ""
    unit: object = None
    category: object = None
    stars: int | None = None
    producer_type: str = ""
    in_force: bool | None = None
    sort: str = selectors.SORT_NAME
    # Pages only: a province chosen from the short select, and a commune name typed
    # (resolved by `selectors.communes_named`; `communes` None = no commune typed).
    province: object = None
    commune_text: str = ""
    communes: list | None = None

    @property
    def commune_message(self) -> str:
        """What the page says about the typed commune name, if it needs saying."""
        if self.communes is None:
            return ""
        if not self.communes:
            return f"Không tìm thấy xã, phường nào tên «{self.commune_text}»."
        if len(self.communes) > selectors.MAX_TYPED_COMMUNES:
            return f"Có quá nhiều xã, phường khớp «{self.commune_text}»: hãy gõ đầy đủ tên hoặc chọn tỉnh."
        if len(self.communes) > 1:
            names = ", ".join(f"{u.name} ({u.parent.name})" if u.parent_id else u.name for u in self.communes[:5])
            more = "…" if len(self.communes) > 5 else ""
            return f"Có {len(self.communes)} xã, phường khớp «{self.commune_text}»: {names}{more} — kết quả gồm tất cả."
        return ""

    def api_query(self) -> str:
        """The same filters as the API's query string (English names and values), so a
        page's export link downloads exactly what the page lists."""
        from urllib.parse import urlencode

        values = {
            "q": self.q,
            "unit": self.unit.pk if self.unit is not None else "",
            "category": self.category.code if self.category is not None else "",
            "stars": self.stars or "",
            "producer_type": self.producer_type,
            "in_force": "" if self.in_force is None else ("true" if self.in_force else "false"),
            "sort": {v: k for k, v in API_SORTS.items()}[self.sort] if self.sort != selectors.SORT_NAME else "",
        }
        return urlencode({key: value for key, value in values.items() if value != ""})

    def selector_kwargs(self) -> dict:
        unit = self.unit
        units = None
        if unit is None and self.communes is not None:
            # Too many matches means "be more precise": no product rather than a country.
            units = [u.pk for u in self.communes] if len(self.communes) <= selectors.MAX_TYPED_COMMUNES else []
        elif unit is None:
            unit = self.province
        return {
            "q": self.q,
            "unit": unit,
            "units": units,
            "category": self.category,
            "stars": self.stars,
            "producer_type": self.producer_type,
            "in_force": self.in_force,
            "sort": self.sort,
        }


class _Reader:
    def __init__(self, params, names: dict, strict: bool):
        self.params, self.names, self.strict = params, names, strict

    def raw(self, key: str) -> str:
        return (self.params.get(self.names[key]) or "").strip()

    def fail(self, key: str, message: str):
        if self.strict:
            raise BadParameter(self.names[key], message)
        return None

    def found(self, key: str, find, message: str):
        """`find(value)` for the parameter's value: None when the parameter is empty, else
        the record found, or `message` (which may name the `{value}`) when none is."""
        value = self.raw(key)
        if not value:
            return None
        record = find(value)
        return record if record is not None else self.fail(key, message.format(value=value))

    def unit(self):
        return self.found("unit", selectors.unit_by_id, "Không có đơn vị hành chính có id «{value}» (xem /api/v1/units).")

    def province(self):
        def province_by_id(value):
            unit = selectors.unit_by_id(value)
            return unit if unit is not None and unit.level == "province" else None

        return self.found("province", province_by_id, "Không có tỉnh, thành phố có id «{value}».")

    def category(self):
        return self.found("category", selectors.category_by_code, "Không có phân loại sản phẩm mã «{value}».")

    def stars(self):
        return self.found("stars", lambda value: int(value) if value in {"3", "4", "5"} else None, "Số sao phải là 3, 4 hoặc 5.")

    def producer_type(self) -> str:
        value = self.raw("producer_type")
        if not value or value in ProducerType.values:
            return value
        return self.fail("producer_type", f"Loại hình chủ thể «{value}» không hợp lệ.") or ""

    def boolean(self, key: str) -> bool | None:
        value = self.raw(key).lower()
        if not value:
            return None
        if value in TRUE_WORDS:
            return True
        if value in FALSE_WORDS:
            return False
        return self.fail(key, "Giá trị phải là true hoặc false.")


def product_filters(params, *, api: bool) -> ProductFilters:
    reader = _Reader(params, API_NAMES if api else PAGE_NAMES, strict=api)
    sorts = API_SORTS if api else PAGE_SORTS
    sort_value = reader.raw("sort")
    sort = sorts.get(sort_value)
    q = reader.raw("q")
    if sort is None:
        if sort_value:
            reader.fail("sort", f"Cách sắp xếp phải là một trong: {', '.join(sorts)}.")
        # A text search lists the best matches first unless another order is asked for.
        sort = selectors.SORT_RELEVANCE if q else selectors.SORT_NAME
    province = communes = None
    commune_text = ""
    if not api:
        province = reader.province()
        commune_text = reader.raw("commune")
        if commune_text:
            communes = selectors.communes_named(commune_text, on=selectors.today(), province=province)
    return ProductFilters(
        q=q,
        unit=reader.unit(),
        province=province,
        commune_text=commune_text,
        communes=communes,
        category=reader.category(),
        stars=reader.stars(),
        producer_type=reader.producer_type(),
        in_force=reader.boolean("in_force"),
        sort=sort,
    )


@dataclass
class ProducerFilters:
    q: str = ""
    unit: object = None
    producer_type: str = ""


def producer_filters(params, *, api: bool) -> ProducerFilters:
    reader = _Reader(params, API_NAMES if api else PAGE_NAMES, strict=api)
    return ProducerFilters(q=reader.raw("q"), unit=reader.unit(), producer_type=reader.producer_type())


@dataclass
class CertificateFilters:
    q: str = ""
    unit: object = None
    stars: int | None = None
    status: str = ""
    number: str = ""


def certificate_filters(params) -> CertificateFilters:
    reader = _Reader(params, API_NAMES, strict=True)
    status = reader.raw("status")
    allowed = [key for key, _label in sources.certificate_statuses()] + ["in_force"]
    if status and status not in allowed:
        reader.fail("status", f"Tình trạng phải là một trong: {', '.join(allowed)}.")
    return CertificateFilters(
        q=reader.raw("q"), unit=reader.unit(), stars=reader.stars(), status=status, number=reader.raw("number")
    )


@dataclass
class UnitFilters:
    q: str = ""
    level: str | None = None
    period: str | None = None
    parent: object = None


def unit_filters(params) -> UnitFilters:
    from ocop.territory.models import UnitLevel

    reader = _Reader(params, API_NAMES, strict=True)
    level = reader.raw("level") or None
    if level and level not in UnitLevel.values:
        reader.fail("level", f"Cấp phải là một trong: {', '.join(UnitLevel.values)}.")
    period = reader.raw("period") or None
    if period and period not in ("current", "legacy"):
        reader.fail("period", "Thời kỳ phải là current (hiện hành) hoặc legacy (trước 1/7/2025).")
    parent = None
    parent_value = reader.raw("parent")
    if parent_value:
        parent = selectors.unit_by_id(parent_value)
        if parent is None:
            reader.fail("parent", f"Không có đơn vị hành chính có id «{parent_value}».")
    return UnitFilters(q=reader.raw("q"), level=level, period=period, parent=parent)


@dataclass
class MapView:
    west: float
    south: float
    east: float
    north: float
    zoom: int

    def selector_kwargs(self) -> dict:
        return {"west": self.west, "south": self.south, "east": self.east, "north": self.north, "zoom": self.zoom}


MAX_ZOOM = 20


def map_view(params) -> MapView:
    """`bbox=west,south,east,north` (degrees, WGS 84) and `zoom` (0–20) of the map's data
    endpoint; without them, the whole of Vietnam at zoom 5."""
    bbox = (params.get("bbox") or "").strip()
    if bbox:
        parts = bbox.split(",")
        try:
            west, south, east, north = (float(part) for part in parts)
        except ValueError:
            raise BadParameter(
                "bbox", "«bbox» phải gồm 4 số thập phân cách nhau bởi dấu phẩy: tây,nam,đông,bắc (độ)."
            ) from None
        if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
            raise BadParameter("bbox", "«bbox» phải có tây < đông trong [-180, 180] và nam < bắc trong [-90, 90].")
    else:
        west, south, east, north = maps.VIETNAM_BOUNDS
    zoom_text = (params.get("zoom") or "").strip()
    if not zoom_text:
        zoom = 5
    elif zoom_text.isdigit() and int(zoom_text) <= MAX_ZOOM:
        zoom = int(zoom_text)
    else:
        raise BadParameter("zoom", f"«zoom» phải là số nguyên từ 0 đến {MAX_ZOOM}.")
    return MapView(west=west, south=south, east=east, north=north, zoom=zoom)
