from django.conf import settings
from django.core.paginator import Paginator


def paginate(request, queryset, per_page: int | None = None):
    """The requested page of a list; out-of-range or invalid numbers give the last/first page."""
    paginator = Paginator(queryset, per_page or settings.PAGE_SIZE)
    return paginator.get_page(request.GET.get("trang"))


def query_without_page(request) -> str:
    """The current query string minus the page number, for pagination links."""
    params = request.GET.copy()
    params.pop("trang", None)
    return params.urlencode()
