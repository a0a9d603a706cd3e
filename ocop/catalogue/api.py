"""Open-data API, version 1: read-only JSON (and CSV/XLSX exports) of the public catalogue.

Plain Django views returning JsonResponse; the objects come from `serializers`, the rows
from the same selectors as the public pages. Described by `openapi.document()`, served at
/api/v1/openapi.json; docs/api.md explains it in Vietnamese.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Iterator
from datetime import date
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import F, Q
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from ocop.accounts.scopes import covered_unit_ids
from ocop.catalogue import maps, openapi, opendata, params, selectors, serializers, sources
from ocop.catalogue.cache import cached_count, public_cache
from ocop.catalogue.cards import encode, product_objects, product_texts
from ocop.core.responses import (
    EXPORT_CHUNK,
    batched,
    csv_streaming_response,
    xlsx_file_response,
)
from ocop.core.search import RankedIds
from ocop.territory.selectors import PERIOD_CURRENT, PERIOD_LEGACY, current_units_map, unit_search

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
# `?page=` reads and skips every row before the page (OFFSET): allowed up to
# openapi.MAX_PAGE_OFFSET rows; deeper, clients follow the cursor (`next`), which costs the
# same on every page.
MAX_PAGE_OFFSET = openapi.MAX_PAGE_OFFSET
CURSOR_PARAMETER = "cursor"


def _open(response: HttpResponse) -> HttpResponse:
    # Open data: any web page may read it (no cookies are involved).
    response["Access-Control-Allow-Origin"] = "*"
    return response


def json_response(data, status: int = 200, content_type: str = "application/json") -> JsonResponse:
    return _open(JsonResponse(data, status=status, content_type=content_type, json_dumps_params={"ensure_ascii": False}))


class EncodedResults(list):
    """A page's results already encoded as JSON texts (product objects are kept so:
    ocop.catalogue.cards.product_texts)."""


def page_response(data: dict, results: list) -> HttpResponse:
    """`data` followed by its `results`: encoded ones are joined, not decoded and encoded
    again; the bytes are those json_response would write."""
    if not isinstance(results, EncodedResults):
        return json_response({**data, "results": results})
    body = encode(data)[:-1] + ', "results": [' + ", ".join(results) + "]}"
    return _open(HttpResponse(body, content_type="application/json"))


def error(status: int, message: str, parameter: str | None = None) -> JsonResponse:
    body = {"detail": message}
    if parameter:
        body["parameter"] = parameter
    return json_response(body, status=status)


def _page_numbers(request) -> tuple[int, int]:
    def number(name: str, default: int) -> int:
        value = request.GET.get(name, "").strip()
        if not value:
            return default
        if not value.isdigit() or int(value) < 1:
            raise params.BadParameter(name, f"«{name}» phải là số nguyên dương.")
        return int(value)

    return number("page", 1), min(number("page_size", DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE)


def _page_link(request, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return serializers.absolute(request.path) + "?" + urlencode(sorted(query.lists()), doseq=True)


def _count_name(request) -> str:
    """The list a request reads, whatever page of it: the key of its cached count."""
    query = request.GET.copy()
    for name in ("page", "page_size", CURSOR_PARAMETER, "sort"):
        query.pop(name, None)
    return request.path + "?" + urlencode(sorted(query.lists()), doseq=True)


def paginated(request, queryset, build: Callable[[list], list]) -> HttpResponse:
    """{count, page, page_size, num_pages, next, previous, results}. A page past the end is
    empty (not an error), so a client can stop on `next: null` or on empty results. The
    count is cached per data version; pages beyond MAX_PAGE_OFFSET rows answer 400."""
    page, size = _page_numbers(request)
    if (page - 1) * size > MAX_PAGE_OFFSET:
        raise params.BadParameter(
            "page",
            f"Trang quá sâu: «page» chỉ dùng cho {openapi.MAX_PAGE_OFFSET_TEXT} dòng đầu. Hãy đọc tiếp bằng "
            "«cursor» (liên kết «next» của mỗi trang) hoặc thu hẹp bằng bộ lọc.",
        )
    count = cached_count(queryset, _count_name(request))
    rows = list(queryset[(page - 1) * size : page * size])
    num_pages = max(1, -(-count // size))
    return page_response(
        {
            "count": count,
            "page": page,
            "page_size": size,
            "num_pages": num_pages,
            "next": _page_link(request, page + 1) if page < num_pages else None,
            "previous": _page_link(request, page - 1) if 1 < page <= num_pages + 1 else None,
        },
        build(rows),
    )


# -- keyset (cursor) pagination ------------------------------------------------------------------


def encode_cursor(sort: str, values: list, count: int | None = None) -> str:
    """Opaque to clients: base64url of {"s": sort, "k": [sort key values…, id], "n": count}
    of the last row of a page. Stable: it names a position in the order, not a page number,
    so rows added or removed meanwhile never make a client skip or repeat a row. `n` is the
    list's count as the first page found it, carried along so that reading page after page
    does not count the whole register again on every request."""
    data = {"s": sort, "k": values} if count is None else {"s": sort, "k": values, "n": count}
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return base64.urlsafe_b64encode(raw.encode("utf-8")).decode("ascii").rstrip("=")


BAD_CURSOR = "Con trỏ «cursor» không hợp lệ: hãy dùng nguyên giá trị lấy từ liên kết «next» của trang trước."


def decode_cursor(text: str, sort: str, fields: list[tuple[str, bool]]) -> list:
    return _decode_cursor(text, sort, fields)[0]


def _decode_cursor(text: str, sort: str, fields: list[tuple[str, bool]]) -> tuple[list, int | None]:
    """(sort key values, count carried by the cursor or None)."""
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        data = json.loads(raw.decode("utf-8"))
        values = data["k"]
        if data["s"] != sort or not isinstance(values, list) or len(values) != len(fields):
            raise ValueError
        count = data.get("n")
        if count is not None and (not isinstance(count, int) or isinstance(count, bool) or count < 0):
            raise ValueError
        return [_cursor_value(name, value) for (name, _desc), value in zip(fields, values, strict=True)], count
    except (ValueError, TypeError, KeyError, AttributeError, UnicodeDecodeError, binascii.Error):
        raise params.BadParameter(CURSOR_PARAMETER, BAD_CURSOR) from None


def _cursor_value(name: str, value):
    if name in ("pk", "sort_stars", "sort_rank"):
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError
        return value
    if name == "sort_issued":
        return date.fromisoformat(value)
    if not isinstance(value, str):
        raise ValueError
    return value


def after_q(fields: list[tuple[str, bool]], values: list) -> Q:
    """Rows strictly after `values` in the order `fields` (row-value comparison spelled
    out, so that mixed ascending and descending keys work on SQLite and PostgreSQL).

    The spelled-out OR cannot start an index scan, so the bound it implies on the first key
    (not before the cursor's) is added: PostgreSQL then starts reading the order's index at
    the cursor instead of reading and discarding every row before it."""
    condition = Q(pk__in=[])
    equal = Q()
    for (name, desc), value in zip(fields, values, strict=True):
        condition |= equal & Q(**{f"{name}__{'lt' if desc else 'gt'}": value})
        equal &= Q(**{name: value})
    (first, first_desc), first_value = fields[0], values[0]
    return Q(**{f"{first}__{'lte' if first_desc else 'gte'}": first_value}) & condition


def keyset_paginated(
    request, queryset, *, sort: str, fields, build: Callable[[list], list], ranked: RankedIds | None = None
) -> HttpResponse:
    """{count, page_size, cursor, next, results}: the page after `?cursor=` (the first
    page without one), read from the order's index whatever its depth. `next` (also a
    `Link: <…>; rel="next"` header) is null on the last page. `ranked`: the same rows as
    `queryset` (ordered by relevance) read rank by rank."""
    size = _page_numbers(request)[1]
    queryset = queryset.order_by(*[F(name).desc() if desc else F(name).asc() for name, desc in fields])
    cursor = request.GET.get(CURSOR_PARAMETER, "").strip()
    count = None
    if cursor:
        values, count = _decode_cursor(cursor, sort, fields)
    if count is None:
        count = cached_count(queryset, _count_name(request))
    # Only the sort keys are read here (the rows' objects come from `build`, which keeps
    # the ones already made: ocop.catalogue.cards).
    names = list(dict.fromkeys(["pk", *[name for name, _desc in fields]]))
    queryset = queryset.select_related(None).prefetch_related(None)
    if ranked is not None:
        # Rank first, then the name order: read rank by rank from the name index.
        rank, rest = (values[0], values[1:]) if cursor else (0, None)
        rows = ranked.rows(names, limit=size + 1, start=rank, after=after_q(fields[1:], rest) if rest else None)
    else:
        if cursor:
            queryset = queryset.filter(after_q(fields, values))
        rows = list(queryset.values(*names)[: size + 1])
    has_next = len(rows) > size
    rows = rows[:size]
    next_link = None
    if has_next:
        last = rows[-1]
        query = request.GET.copy()
        query.pop("page", None)
        query[CURSOR_PARAMETER] = encode_cursor(sort, [_key_value(last[name]) for name, _desc in fields], count)
        next_link = serializers.absolute(request.path) + "?" + urlencode(sorted(query.lists()), doseq=True)
    response = page_response(
        {"count": count, "page_size": size, "cursor": cursor or None, "next": next_link}, build(rows)
    )
    if next_link:
        response["Link"] = f'<{next_link}>; rel="next"'
    return response


def _key_value(value):
    return value.isoformat() if isinstance(value, date) else value


def api_view(view):
    """GET (and HEAD) only, cached, and bad parameters answered 400 with the parameter's name."""

    @require_safe
    @public_cache("api")
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except params.BadParameter as exc:
            return error(400, exc.message, exc.name)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


# -- index and description -----------------------------------------------------------------------


@api_view
def index(request):
    links = {
        "openapi": reverse("catalogue:api_openapi"),
        "products": reverse("catalogue:api_products"),
        "producers": reverse("catalogue:api_producers"),
        "certificates": reverse("catalogue:api_certificates"),
        "units": reverse("catalogue:api_units"),
        "map": reverse("catalogue:api_map"),
    }
    return json_response(
        {
            "name": "Dữ liệu mở sản phẩm OCOP",
            "version": openapi.API_VERSION,
            "links": {key: serializers.absolute(path) for key, path in links.items()},
        }
    )


@api_view
def openapi_document(request):
    return json_response(openapi.document())


# -- products ------------------------------------------------------------------------------------


def _products_queryset(request):
    on = selectors.today()
    filters = params.product_filters(request.GET, api=True)
    return on, selectors.product_search(on=on, with_category=True, **filters.selector_kwargs())


@api_view
def products(request):
    """Keyset pages (`cursor`) by default; `?page=N` still answers the older numbered pages
    (bounded by MAX_PAGE_OFFSET)."""
    on = selectors.today()
    filters = params.product_filters(request.GET, api=True)
    queryset = selectors.product_search(on=on, with_category=True, **filters.selector_kwargs())

    def build(rows):
        return EncodedResults(product_texts(rows, on=on))

    if request.GET.get("page", "").strip():
        return paginated(request, queryset, build)
    sort = filters.sort if filters.sort != selectors.SORT_RELEVANCE or filters.q else selectors.SORT_NAME
    ranked = None
    if sort == selectors.SORT_RELEVANCE:
        ranked = selectors.ranked_products(on=on, with_category=True, **filters.selector_kwargs())
    return keyset_paginated(
        request, queryset, sort=sort, fields=selectors.sort_fields(sort), build=build, ranked=ranked
    )


@api_view
def product(request, code):
    page = selectors.product_page(code, on=selectors.today())
    if page is None:
        return error(404, f"Không có sản phẩm OCOP công khai mã «{code}».")
    return json_response(serializers.product_detail_json(page))


# The row generators take a queryset built (and its parameters checked) by the view itself:
# a generator runs only once the response is being sent, too late to answer 400.
def _stream(queryset) -> Iterator[list]:
    """The rows of an export in batches: one query streams the whole queryset (a
    server-side cursor on PostgreSQL), and what each batch needs besides is read once per
    batch — never per row, and never with OFFSET, which re-reads every earlier row."""
    return batched(queryset.prefetch_related(None).iterator(chunk_size=EXPORT_CHUNK), EXPORT_CHUNK)


def _product_rows(on, queryset) -> Iterator[dict]:
    # Plain values with the joins done in SQL (no model instances: 40,000 rows), then per
    # batch one query for the certificates and one for today's units.
    values = queryset.select_related(None).values(*serializers.PRODUCT_EXPORT_FIELDS)
    for rows in _stream(values):
        certificates = sources.certificates_for_products([row["pk"] for row in rows], on)
        current = current_units_map([row["commune_id"] for row in rows], on=on)
        for row in rows:
            yield serializers.product_export_row(row, certificates[row["pk"]], current.get(row["commune_id"], []))


def _stamp() -> str:
    return selectors.today().strftime("%Y%m%d")


EXPORT_NOTE = (
    "Dữ liệu mở của Chương trình OCOP: chỉ gồm thông tin công khai. Điện thoại, thư điện tử "
    "của chủ thể chỉ có khi chủ thể đồng ý công khai."
)


def _open(response):
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _exports(register: str, columns, select, rows, name: str, title: str):
    """The CSV and Excel views of one register: `select(request)` gives the arguments of
    `rows` (the filtered queryset last), every filtered row, no paging, files named
    `<name>-<yyyymmdd>`. A selection longer than OCOP_SYNC_EXPORT_MAX_ROWS is answered by
    `_too_long` (the whole register's file made by a job, or a request to narrow the filter)."""

    @api_view
    def as_csv(request):
        selected = select(request)
        return _too_long(request, selected[-1], register, "csv") or _open(
            csv_streaming_response(columns, rows(*selected), filename=f"{name}-{_stamp()}.csv")
        )

    @api_view
    def as_xlsx(request):
        selected = select(request)
        filename = f"{name}-{_stamp()}.xlsx"
        return _too_long(request, selected[-1], register, "xlsx") or _open(
            xlsx_file_response(columns, rows(*selected), filename=filename, title=title, note=EXPORT_NOTE)
        )

    return as_csv, as_xlsx


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


# Parameters that choose how, not what: an export with only these is the whole register.
NOT_FILTERS = {"sort", "page", "page_size", CURSOR_PARAMETER}


def _too_long(request, queryset, name: str, fmt: str):
    """None when the export is short enough to make now (at most OCOP_SYNC_EXPORT_MAX_ROWS
    rows); else the answer: the whole register's file made by a job (opendata.py), or,
    for a filter, a request to narrow it."""
    bound = settings.OCOP_SYNC_EXPORT_MAX_ROWS
    rows = cached_count(queryset, request.get_full_path())
    if rows <= bound:
        return None
    whole = reverse(f"catalogue:api_{name}_{fmt}")
    if any(value.strip() for key, value in request.GET.items() if key not in NOT_FILTERS):
        return error(
            400,
            f"Bộ lọc cho {_thousands(rows)} dòng, nhiều hơn {_thousands(bound)} dòng của một tệp xuất theo bộ lọc; "
            f"hãy lọc hẹp hơn, hoặc tải tệp toàn bộ (lập sẵn, cập nhật khi dữ liệu thay đổi) tại {whole}.",
        )
    response = opendata.file_response(name, fmt)
    if response is None:
        response = error(503, "Tệp toàn bộ đang được lập; hãy tải lại sau ít phút.")
        response["Retry-After"] = "60"
    return response


products_csv, products_xlsx = _exports(
    "products", serializers.PRODUCT_COLUMNS, _products_queryset, _product_rows, "san-pham-ocop", "Sản phẩm OCOP"
)


# -- producers -----------------------------------------------------------------------------------


def _producers_queryset(request):
    filters = params.producer_filters(request.GET, api=True)
    return selectors.producer_search(q=filters.q, unit=filters.unit, producer_type=filters.producer_type)


@api_view
def producers(request):
    on = selectors.today()
    return paginated(
        request,
        _producers_queryset(request),
        lambda rows: [serializers.producer_json(p) for p in selectors.public_producer_rows(rows, on=on)],
    )


@api_view
def producer(request, code):
    on = selectors.today()
    page = selectors.producer_page(code, on=on)
    if page is None:
        return error(404, f"Không có chủ thể OCOP công khai mã «{code}».")
    data = serializers.producer_json(page.producer)
    data["products"] = product_objects(page.product_ids, on=on)
    return json_response(data)


def _producer_rows(queryset) -> Iterator[dict]:
    on = selectors.today()
    for rows in _stream(queryset):
        for producer in selectors.public_producer_rows(rows, on=on):
            yield serializers.producer_row(producer)


producers_csv, producers_xlsx = _exports(
    "producers", serializers.PRODUCER_COLUMNS, lambda request: (_producers_queryset(request),), _producer_rows,
    "chu-the-ocop", "Chủ thể OCOP",
)


# -- certificates --------------------------------------------------------------------------------


def _certificates_queryset(request):
    on = selectors.today()
    filters = params.certificate_filters(request.GET)
    return sources.certificate_search(
        on=on,
        q=filters.q,
        commune_ids=covered_unit_ids([filters.unit.pk]) if filters.unit is not None else None,
        stars=filters.stars,
        status=filters.status,
        number=filters.number,
    )


@api_view
def certificates(request):
    return paginated(
        request,
        sources.public_values(_certificates_queryset(request)),
        lambda rows: [serializers.certificate_json(c) for c in sources.public_records(rows)],
    )


@api_view
def certificate(request, number):
    """One certificate by its verification code or its number ("01/GCN-OCOP": the slash may
    be written as is or as %2F). Numbers repeat across issuers: several matches give 300."""
    found = sources.certificates_by_code_or_number(number, selectors.today())
    if not found:
        return error(404, f"Không có giấy chứng nhận số hoặc mã xác minh «{number}».")
    if len(found) > 1:
        response = json_response(
            {
                "detail": f"Có {len(found)} giấy chứng nhận số «{number}» của các cơ quan ban hành khác nhau; "
                "hãy dùng mã xác minh.",
                "matches": [serializers.certificate_json(c) for c in found],
            },
            status=300,
        )
        return response
    return json_response(serializers.certificate_json(found[0]))


def _certificate_rows(queryset) -> Iterator[dict]:
    for certificate in sources.certificate_values(queryset):
        yield serializers.certificate_row(certificate)


certificates_csv, certificates_xlsx = _exports(
    "certificates", serializers.CERTIFICATE_COLUMNS, lambda request: (_certificates_queryset(request),),
    _certificate_rows, "giay-chung-nhan-ocop", "Giấy chứng nhận OCOP",
)


# -- map ---------------------------------------------------------------------------------------


@api_view
def map_geojson(request):
    """Producers (one by one, or grouped in grid cells when many) and sales points inside
    `bbox` at `zoom`, as GeoJSON (RFC 7946): what the public map draws for its view."""
    view = params.map_view(request.GET)
    data = maps.map_features(on=selectors.today(), **view.selector_kwargs())
    return json_response(data, content_type="application/geo+json")


# -- administrative units ------------------------------------------------------------------------


@api_view
def units(request):
    filters = params.unit_filters(request.GET)
    period = {"current": PERIOD_CURRENT, "legacy": PERIOD_LEGACY}.get(filters.period or "")
    queryset = unit_search(filters.q, level=filters.level, period=period, parent=filters.parent)

    def build(rows):
        current = current_units_map([u.pk for u in rows])
        return [serializers.unit_json(u, current.get(u.pk, [])) for u in rows]

    return paginated(request, queryset, build)


# -- document verification -------------------------------------------------------------------


@csrf_exempt  # an open API: no cookie or session is read, so there is nothing to forge
@require_http_methods(["GET", "POST"])
def document_verify(request):
    """Is this PDF (multipart `file`, POST) or this SHA-256 (`sha256`, GET or POST) a document
    the system issued, unaltered, signed by whom, and is its certificate in force? The same
    answer as the public verification page (ocop.certificates.verification). Not cached: a
    certificate's state changes with the day and with revocations."""
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from ocop.certificates import verification

    uploaded = request.FILES.get("file") if request.method == "POST" else None
    digest = (request.POST if request.method == "POST" else request.GET).get("sha256", "")
    if uploaded is None and not digest:
        # Nothing to check is not an error of the caller's data: say how to ask.
        return json_response({
            "verdict": "none", "issued": False,
            "message": "Chưa có gì để kiểm tra: gửi tệp PDF (trường `file`, POST multipart) hoặc mã SHA-256 "
                       "(tham số `sha256`).",
        })
    try:
        data = verification.upload_read(uploaded) if uploaded is not None else None
        result = verification.document_verify(data=data, sha256=digest, on=timezone.localdate())
    except ValidationError as exc:
        name = "file" if uploaded is not None else "sha256"
        return error(400, " ".join(exc.messages), name)
    response = json_response(result.as_json())
    response["Cache-Control"] = "no-store"
    return response
