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


def client_ip(request) -> str | None:
    """The address of the client that sent `request`.

    `REMOTE_ADDR` is the peer of this process: behind a reverse proxy, that is the proxy.
    Only when the peer is one of the configured trusted proxies (`OCOP_TRUSTED_PROXIES`,
    addresses or networks) is `X-Forwarded-For` read, from the right: each trusted proxy
    appended the address it received from, so the first address from the right that is not
    a trusted proxy is the client. Anything further left was written by the client itself
    and could be forged, so it is never used. Without trusted proxies the header is ignored.
    """
    if request is None:
        return None
    remote = _valid_ip(request.META.get("REMOTE_ADDR", ""))
    trusted = _trusted_proxy_networks()
    if remote is None or not trusted or not _is_trusted(remote, trusted):
        return str(remote) if remote is not None else None
    forwarded = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    client = remote
    for hop in reversed([hop for hop in forwarded if hop]):
        address = _valid_ip(hop)
        if address is None:
            # Garbage where an address should be: the last trusted hop is all we know.
            break
        client = address
        if not _is_trusted(address, trusted):
            break
    return str(client)


def _valid_ip(value: str):
    import ipaddress

    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    # An IPv4 client seen through an IPv6 socket ("::ffff:203.0.113.5") is that IPv4 client.
    return getattr(address, "ipv4_mapped", None) or address


def _trusted_proxy_networks() -> tuple:
    import ipaddress

    from django.conf import settings

    configured = tuple(getattr(settings, "OCOP_TRUSTED_PROXIES", ()) or ())
    cached = _TRUSTED_CACHE.get(configured)
    if cached is None:
        cached = tuple(ipaddress.ip_network(item.strip(), strict=False) for item in configured if item.strip())
        _TRUSTED_CACHE.clear()
        _TRUSTED_CACHE[configured] = cached
    return cached


# Parsed networks of the last OCOP_TRUSTED_PROXIES seen (settings rarely change; tests do).
_TRUSTED_CACHE: dict = {}


def _is_trusted(address, networks) -> bool:
    return any(address.version == network.version and address in network for network in networks)
