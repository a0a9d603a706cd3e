from ocop.accounts.scopes import navigation_for, navigation_menu


def navigation(request):
    """The menu the current user may open (see accounts.scopes.navigation_for): `nav_items`
    flat, `nav_menu` as the menu bar shows it, sections as drop-downs."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_menu": []}
    items = navigation_for(user)
    return {"nav_items": items, "nav_menu": navigation_menu(items)}
