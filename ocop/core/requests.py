"""Small helpers thin views share: reading list filters from the query string, and the
404/403 answers with a Vietnamese reason."""

from django.core.exceptions import PermissionDenied
from django.http import Http404


def to_int(value) -> int | None:
    """A whole number typed in a query string or form, or None for anything else.

    ASCII digits only: str.isdigit() is also true for "²" or "①", which int() refuses, so a
    hostile `?page=²` would otherwise end in a server error."""
    text = str(value) if value is not None else ""
    return int(text) if text.isascii() and text.isdigit() else None


def int_param(request, name: str) -> int | None:
    return to_int(request.GET.get(name, ""))


# How a unit id becomes an administrative unit: registered by the territory app
# (TerritoryConfig.ready), which sits above core, so core imports no app.
_unit_lookup = None


def register_unit_lookup(lookup) -> None:
    """`lookup(unit_id) -> AdministrativeUnit | None`."""
    global _unit_lookup
    _unit_lookup = lookup


def unit_from_request(request):
    """The administrative unit chosen in a list's territory filter (`?don_vi=<id>`), if any."""
    unit_id = int_param(request, "don_vi")
    return _unit_lookup(unit_id) if unit_id and _unit_lookup is not None else None


def found_or_404(record, what: str):
    """`record`, or a 404 that does not tell an outsider whether it exists."""
    if record is None:
        raise Http404(f"Không tìm thấy {what} hoặc bạn không có quyền xem.")
    return record


def require_perm(request, perm: str, obj=None, message: str = "Bạn không có quyền thực hiện thao tác này."):
    allowed = request.user.has_perm(perm, obj) if obj is not None else request.user.has_perm(perm)
    if not allowed:
        raise PermissionDenied(message)
