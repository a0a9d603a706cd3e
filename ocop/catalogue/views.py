"""Public pages (no login): search, product, producer, commune, map, open data, sitemap,
QR codes; and the printable QR label sheets for logged-in staff."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.decorators.http import require_http_methods, require_safe

from ocop.accounts.models import Role
from ocop.accounts.scopes import user_scope
from ocop.catalogue import labels as label_sheets
from ocop.catalogue import maps, params, selectors, sources
from ocop.catalogue.cache import cached_count, per_version, public_cache
from ocop.catalogue.cards import rendered_cards
from ocop.catalogue.codes import PRODUCT_PREFIX, parse_code
from ocop.catalogue.serializers import absolute
from ocop.catalogue.sitemap import sitemap_entries
from ocop.catalogue.templatetags.catalogue_tags import escaped_options
from ocop.core.paging import paginate, query_without_page
from ocop.core.qr import qr_png, qr_svg
from ocop.jobs.requests import export_job_page
from ocop.producers.models import ProducerType

# Products per page of the public lists (a multiple of 2 and 3 for the card grid).
CARDS_PER_PAGE = 24
# Pages of a public list that can be opened (40 × 24 = 960 products); beyond, a word or a
# filter narrows the list (the API's cursor reads the whole register: docs/api.md).
MAX_PAGES = 40
# Label sheets: 3 columns × 8 rows of 70 × 37 mm on A4 (a common label paper).
LABELS_PER_SHEET, MAX_LABELS = label_sheets.LABELS_PER_SHEET, label_sheets.MAX_LABELS
LABEL_ROLES = (Role.PROVINCE_OFFICE, Role.DISTRICT_OFFICE, Role.COMMUNE_OFFICER, Role.PRODUCER)


def _not_found(request, message: str):
    return render(request, "catalogue/not_found.html", {"message": message}, status=404)


class BoundedPaginator(Paginator):
    """Pages of a public list: only the first MAX_PAGES pages are served — an OFFSET deep
    into the register costs reading every row before it, and nobody browses page 800 of a
    catalogue: the page asks for a word or a filter instead.

    For the same reason the rows are counted only up to one more than those pages hold
    (`COUNT(*)` over `LIMIT n + 1`): counting the whole national register (40,000 products)
    on every request cost more than the rest of the page. A longer list says "hơn n"
    (`truncated`, `shown_count`); the exact totals are in the open data and the API."""

    def __init__(self, object_list, per_page, *, count_name: str):
        super().__init__(object_list, per_page)
        self.count_name = count_name

    @property
    def shown_count(self) -> int:
        """How many rows the pages can show (MAX_PAGES full pages)."""
        return MAX_PAGES * self.per_page

    @cached_property
    def count(self) -> int:
        bounded = self.object_list.order_by()[: self.shown_count + 1]
        return cached_count(bounded, self.count_name)

    @cached_property
    def num_pages(self) -> int:
        return min(super().num_pages, MAX_PAGES)

    @property
    def truncated(self) -> bool:
        return self.count > self.shown_count


def bounded_page(request, queryset, per_page: int | None = None):
    query = request.GET.copy()
    for name in ("trang", "sap_xep"):
        query.pop(name, None)
    paginator = BoundedPaginator(queryset, per_page or CARDS_PER_PAGE, count_name=f"{request.path}?{query.urlencode()}")
    return paginator.get_page(request.GET.get("trang"))


def _filter_options(on) -> dict:
    """The filters' choices as (value, label) strings, made once per data version and day."""
    return {
        "province_options": escaped_options((unit.pk, unit.name) for unit in selectors.province_choices(on=on)),
        "category_options": escaped_options(
            (category.code, f"— {category.name}" if category.level == "group" else category.name)
            for category in selectors.category_choices()
        ),
        "producer_types": escaped_options((key, str(label)) for key, label in ProducerType.choices),
    }


def _filters_context(on) -> dict:
    return {
        **per_version("filter_options", lambda: _filter_options(on), on=on),
        "star_choices": selectors.STAR_CHOICES,
    }


@require_safe
@public_cache("page")
def search(request):
    on = selectors.today()
    filters = params.product_filters(request.GET, api=False)
    page_obj = bounded_page(request, selectors.product_ids(on=on, **filters.selector_kwargs()))
    filtered = any(request.GET.get(name) for name in params.PAGE_NAMES.values() if name != "sap_xep")
    # On a phone the filter panel stays folded for a plain text search, so results come first.
    filters_open = any(request.GET.get(name) for name in params.PAGE_NAMES.values() if name not in ("q", "sap_xep"))
    return render(
        request,
        "catalogue/search.html",
        {
            "page_obj": page_obj,
            "cards": rendered_cards(page_obj, on=on),
            "base_query": query_without_page(request),
            "filters": filters,
            "export_query": filters.api_query(),
            "filtered": filtered,
            "filters_open": filters_open,
            "fairs": [] if filtered else per_version("fairs", lambda: sources.upcoming_fairs(today=on), on=on),
            "today": on,
            "sorts": selectors.SEARCH_SORTS if filters.q else selectors.SORTS,
            "max_pages": MAX_PAGES,
            **_filters_context(on),
        },
    )


def _public_record(find, what: str, canonical):
    """A public record's page: `find(code, on=today)` gives it (None: a 404 naming `what`);
    a code written another way (case, old form) redirects permanently to `canonical(page)`'s
    address. The view gets the page and today."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, code):
            on = selectors.today()
            page = find(code, on=on)
            if page is None:
                return _not_found(request, f"Không có {what} OCOP công khai mã «{code}».")
            record = canonical(page)
            if code != record.code:
                return redirect(record.path, permanent=True)
            return view(request, page, on)

        return wrapper

    return decorator


@require_safe
@public_cache("page")
@_public_record(selectors.product_page, "sản phẩm", lambda page: page.card)
def product(request, page, on):
    card = page.card
    return render(
        request,
        "catalogue/product.html",
        {
            "page": page,
            "card": card,
            "product": card.product,
            "producer": page.producer,
            "buy": page.where_to_buy,
            "absolute_url": absolute(card.path),
            "og_image": absolute(card.first_photo.image.url) if card.first_photo else "",
            "today": on,
        },
    )


@require_safe
@public_cache("page")
@_public_record(selectors.producer_page, "chủ thể", lambda page: page.producer)
def producer(request, page, on):
    return render(
        request,
        "catalogue/producer.html",
        {"producer": page.producer, "cards": rendered_cards(page.product_ids, on=on), "absolute_url": absolute(page.producer.path), "today": on},
    )


@require_safe
@public_cache("page")
def commune(request, code):
    on = selectors.today()
    unit = selectors.current_commune_by_code(code, on=on)
    if unit is None:
        successor = selectors.successor_of_legacy_commune(code, on=on)
        if successor is not None:
            return redirect(selectors.commune_path(successor))
        return _not_found(request, f"Không có xã, phường hiện hành mã «{code}».")
    filters = params.product_filters(request.GET, api=False)
    data = selectors.commune_page(unit, on=on, sort=filters.sort)
    page_obj = bounded_page(request, selectors.ids_only(data.page_products))
    return render(
        request,
        "catalogue/commune.html",
        {
            "data": data,
            "unit": unit,
            "page_obj": page_obj,
            "cards": rendered_cards(page_obj, on=on),
            "base_query": query_without_page(request),
            "sorts": selectors.SORTS,
            "filters": filters,
            "today": on,
        },
    )


def _leaflet_available() -> bool:
    # The library comes from npm (package.json) and is served as vendor/leaflet (settings
    # STATICFILES_DIRS); without it the page stays a list.
    return finders.find("vendor/leaflet/leaflet.js") is not None


# Producers per page of the list under the map (the map's fallback without JavaScript).
MAP_LIST_PER_PAGE = 50


@require_safe
@public_cache("page")
def map_page(request):
    """The map page carries no point: the script asks /api/v1/map.geojson for the view it
    shows (grouped in cells when many), so the page weighs the same for 40 or 40,000
    producers. Under it, the producers as a paginated list, which works without script."""
    on = selectors.today()
    page_obj = bounded_page(request, selectors.producer_search(), MAP_LIST_PER_PAGE)
    tile_url = getattr(settings, "OCOP_MAP_TILE_URL", "") or ""
    return render(
        request,
        "catalogue/map.html",
        {
            "page_obj": page_obj,
            "rows": selectors.public_producer_rows(page_obj, on=on),
            "base_query": query_without_page(request),
            "extent": ",".join(f"{value:.5f}" for value in maps.first_view_extent(on=on)),
            "tile_url": tile_url,
            "tile_attribution": getattr(settings, "OCOP_MAP_TILE_ATTRIBUTION", "") or "",
            "map_enabled": _leaflet_available(),
        },
    )


@require_safe
@public_cache("page")
def open_data(request):
    return render(
        request,
        "catalogue/open_data.html",
        {"api_root": absolute("/api/v1"), "statuses": sources.certificate_statuses()},
    )


@require_safe
@public_cache("sitemap")
def sitemap(request):
    entries = sitemap_entries(on=selectors.today())
    xml = render_to_string(
        "catalogue/sitemap.xml", {"entries": entries, "site": settings.OCOP_SITE_URL}
    )
    return HttpResponse(xml, content_type="application/xml; charset=utf-8")


# -- QR codes ------------------------------------------------------------------------------------


def _product_payload(code: str) -> str | None:
    """The QR payload of a public product: OCOP_SITE_URL + its page's path."""
    pk = parse_code(code, PRODUCT_PREFIX)
    if pk is None or not selectors.public_products().filter(pk=pk).exists():
        return None
    return absolute(selectors.product_path(pk))


def _certificate_payload(public_code: str) -> str | None:
    certificate = sources.certificate_by_public_code(public_code, selectors.today())
    return absolute(certificate.verification_path) if certificate else None


def _svg(payload):
    return HttpResponse(qr_svg(payload), content_type="image/svg+xml; charset=utf-8")


def _png(payload):
    return HttpResponse(qr_png(payload), content_type="image/png")


def _qr_view(payload_of, image, missing: str):
    """A public QR image view: `image(payload)` for the record the URL's one code names
    (`payload_of(code)`), else a 404 saying `missing`."""

    @require_safe
    @public_cache("qr")
    def view(request, **url_kwargs):
        (code,) = url_kwargs.values()
        payload = payload_of(code)
        return image(payload) if payload else _not_found(request, missing)

    return view


product_qr_svg = _qr_view(_product_payload, _svg, "Không có sản phẩm này.")
product_qr_png = _qr_view(_product_payload, _png, "Không có sản phẩm này.")
certificate_qr_svg = _qr_view(_certificate_payload, _svg, "Không có giấy chứng nhận này.")
certificate_qr_png = _qr_view(_certificate_payload, _png, "Không có giấy chứng nhận này.")


# -- QR label sheets (staff) ----------------------------------------------------------------------


def _require_label_role(request) -> None:
    if not user_scope(request.user).has(*LABEL_ROLES):
        raise PermissionDenied("Chỉ cơ quan OCOP, cán bộ xã và chủ thể được in nhãn QR.")


def _ids(values) -> list[int]:
    return [int(value) for value in values if value.isdigit()][:MAX_LABELS]


def _copies(value: str) -> int:
    return min(max(int(value), 1), LABELS_PER_SHEET) if value.isdigit() else 1


@login_required
@require_safe
def labels(request):
    _require_label_role(request)
    page_obj = paginate(request, selectors.label_products(actor=request.user, q=request.GET.get("q", "")), 50)
    return render(
        request,
        "catalogue/labels.html",
        {
            "page_obj": page_obj,
            "base_query": query_without_page(request),
            "selected": set(_ids(request.GET.getlist("sp"))),
            "labels_per_sheet": LABELS_PER_SHEET,
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def labels_pdf(request):
    """An A4 sheet of 3 × 8 labels: name, stars, code and QR of each chosen product,
    `so_nhan` copies each. Only products the user may see and that are public. More than a
    sheet is made by a job: GET says how many labels and pages, its POST starts the job."""
    _require_label_role(request)
    ids = _ids(request.GET.getlist("sp"))
    products = list(selectors.label_products(actor=request.user, ids=ids)) if ids else []
    if not products:
        # A link that promises a PDF never answers a page that looks like success: say
        # plainly why there is no file (400), with the way back to the choice.
        message = (
            "Chưa chọn sản phẩm nào để in nhãn: hãy đánh dấu ít nhất một sản phẩm trong danh sách rồi bấm "
            "«Tạo tệp PDF để in»."
            if not ids
            else "Các sản phẩm đã chọn không có trong phạm vi của bạn hoặc chưa có giấy chứng nhận OCOP nên "
            "không in được nhãn."
        )
        return render(request, "catalogue/labels_error.html", {"message": message}, status=400)
    copies = _copies(request.GET.get("so_nhan", "1"))
    count = label_sheets.label_count(len(products), copies)
    if count > label_sheets.LABELS_AT_ONCE:
        return export_job_page(
            request, kind=label_sheets.KIND, title=label_sheets.TITLE,
            params={"ids": [product.pk for product in products], "copies": copies}, rows=count,
            back_url=reverse("catalogue:labels"), what="nhãn",
            message=f"{count} nhãn của {len(products)} sản phẩm, trên {label_sheets.sheet_count(count)} trang A4.",
        )
    if request.method == "POST":
        return redirect(request.get_full_path())
    response = HttpResponse(label_sheets.labels_pdf_bytes(products, copies), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="nhan-qr-ocop.pdf"'
    return response
