"""Open-data API, version 1: read-only JSON (and CSV/XLSX exports) of the public catalogue.

Plain Django views returning JsonResponse; the objects come from `serializers`, the rows
from the same selectors as the public pages. Described by `openapi.document()`, served at
/api/v1/openapi.json; docs/api.md explains it in Vietnamese.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from urllib.parse import urlencode

from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from ocop.accounts.scopes import covered_unit_ids
from ocop.catalogue import openapi, params, selectors, serializers, sources
from ocop.catalogue.cache import public_cache
from ocop.core.responses import (
    EXPORT_CHUNK,
    batched,
    csv_streaming_response,
    xlsx_streaming_response,
)
from ocop.territory.selectors import PERIOD_CURRENT, PERIOD_LEGACY, current_units_map, unit_search

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


def json_response(data, status: int = 200, content_type: str = "application/json") -> JsonResponse:
    response = JsonResponse(
        data, status=status, content_type=content_type, json_dumps_params={"ensure_ascii": False}
    )
    # Open data: any web page may read it (no cookies are involved).
    response["Access-Control-Allow-Origin"] = "*"
    return response


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


def paginated(request, queryset, build: Callable[[list], list]) -> JsonResponse:
    """{count, page, page_size, num_pages, next, previous, results}. A page past the end is
    empty (not an error), so a client can stop on `next: null` or on empty results."""
    page, size = _page_numbers(request)
    count = queryset.count()
    rows = list(queryset[(page - 1) * size : page * size])
    num_pages = max(1, -(-count // size))
    return json_response(
        {
            "count": count,
            "page": page,
            "page_size": size,
            "num_pages": num_pages,
            "next": _page_link(request, page + 1) if page < num_pages else None,
            "previous": _page_link(request, page - 1) if 1 < page <= num_pages + 1 else None,
            "results": build(rows),
        }
    )


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
    return on, selectors.product_search(on=on, **filters.selector_kwargs())


@api_view
def products(request):
    on, queryset = _products_queryset(request)
    return paginated(
        request, queryset, lambda rows: [serializers.product_json(c) for c in selectors.product_cards(rows, on=on)]
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


def _csv(columns, rows, filename: str):
    return _open(csv_streaming_response(columns, rows, filename=filename))


def _xlsx(columns, rows, filename: str, title: str):
    return _open(xlsx_streaming_response(columns, rows, filename=filename, title=title, note=EXPORT_NOTE))


@api_view
def products_csv(request):
    return _csv(serializers.PRODUCT_COLUMNS, _product_rows(*_products_queryset(request)), f"san-pham-ocop-{_stamp()}.csv")


@api_view
def products_xlsx(request):
    return _xlsx(serializers.PRODUCT_COLUMNS, _product_rows(*_products_queryset(request)), f"san-pham-ocop-{_stamp()}.xlsx", "Sản phẩm OCOP")


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
    data["products"] = [serializers.product_json(card) for card in page.cards]
    return json_response(data)


def _producer_rows(queryset) -> Iterator[dict]:
    on = selectors.today()
    for rows in _stream(queryset):
        for producer in selectors.public_producer_rows(rows, on=on):
            yield serializers.producer_row(producer)


@api_view
def producers_csv(request):
    return _csv(serializers.PRODUCER_COLUMNS, _producer_rows(_producers_queryset(request)), f"chu-the-ocop-{_stamp()}.csv")


@api_view
def producers_xlsx(request):
    return _xlsx(serializers.PRODUCER_COLUMNS, _producer_rows(_producers_queryset(request)), f"chu-the-ocop-{_stamp()}.xlsx", "Chủ thể OCOP")


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
        _certificates_queryset(request),
        lambda rows: [serializers.certificate_json(c) for c in sources.certificate_rows(rows)],
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


@api_view
def certificates_csv(request):
    return _csv(serializers.CERTIFICATE_COLUMNS, _certificate_rows(_certificates_queryset(request)), f"giay-chung-nhan-ocop-{_stamp()}.csv")


@api_view
def certificates_xlsx(request):
    return _xlsx(
        serializers.CERTIFICATE_COLUMNS,
        _certificate_rows(_certificates_queryset(request)),
        f"giay-chung-nhan-ocop-{_stamp()}.xlsx",
        "Giấy chứng nhận OCOP",
    )


# -- map ---------------------------------------------------------------------------------------


@api_view
def map_geojson(request):
    """Producers (one by one, or grouped in grid cells when many) and sales points inside
    `bbox` at `zoom`, as GeoJSON (RFC 7946): what the public map draws for its view."""
    view = params.map_view(request.GET)
    data = selectors.map_features(on=selectors.today(), **view.selector_kwargs())
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
