from django.db.models import Q

from ocop.accounts.scopes import user_scope
from ocop.signin.models import LoginEvent


def login_event_list(*, actor, everyone: bool = False, q: str = "", kind: str = ""):
    """The login history `actor` may read: their own account's, or (administrators asking
    for `everyone`) the whole site's, including names that match no account."""
    queryset = LoginEvent.objects.select_related("user")
    if not (everyone and user_scope(actor).is_admin):
        queryset = queryset.filter(user=actor)
    if q:
        queryset = queryset.filter(Q(username__icontains=q.strip()) | Q(ip_address=_ip_or_none(q)))
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.order_by("-created_at", "-id")


def _ip_or_none(value: str):
    import ipaddress

    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None
