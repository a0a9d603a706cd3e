from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ocop.core.homes import home_sections


@require_GET
@never_cache
def healthz(request):
    """Liveness and database check for monitors and load balancers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "error"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@login_required
def home(request):
    """The work of each role the user holds (see ocop.core.homes), then every function."""
    return render(request, "core/home.html", {"sections": home_sections(request.user)})
