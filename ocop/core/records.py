"""Reading one record through a scoped queryset (the selectors' `<entity>_get`)."""


def scoped_get(queryset, pk, *related):
    """The record `pk` of `queryset` (already narrowed to what the actor may see) with the
    related rows its page shows, or None: outside the scope and missing read the same, and
    the view answers both with found_or_404."""
    return queryset.select_related(*related).filter(pk=pk).first()
