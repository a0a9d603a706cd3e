from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ocop.core.paging import paginate
from ocop.notifications import selectors, services


@login_required
def notification_list(request):
    page_obj = paginate(request, selectors.notification_list(actor=request.user))
    return render(request, "notifications/list.html", {"page_obj": page_obj})


@login_required
@require_POST
def notification_read_all(request):
    services.notification_mark_read(actor=request.user)
    return redirect("notifications:list")
