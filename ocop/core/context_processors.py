from ocop.accounts.scopes import navigation_for


def navigation(request):
    """The menu entries the current user may open (see accounts.scopes.navigation_for)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    return {"nav_items": navigation_for(user)}
