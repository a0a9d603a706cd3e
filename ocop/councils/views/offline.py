"""Scoring on site visits without network: the installable app (manifest, service worker),
the list of pages a member takes along, and the endpoint a device sends its offline copy
to (rules in `services/offline.py`, how-to in docs/councils.md §Chấm điểm ngoại tuyến)."""

from __future__ import annotations

import hashlib
import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_GET, require_POST

from ocop.councils import selectors
from ocop.councils.services.offline import sheet_sync
from ocop.councils.views.common import evaluation_or_404
from ocop.criteria.presentation import points_from_post
from ocop.criteria.regimes import get_regime

# What every scoring page needs besides its own HTML; cached when the service worker installs.
OFFLINE_ASSETS = (
    "vendor/bootstrap/css/bootstrap.min.css",
    "css/ocop.css",
    "img/favicon.svg",
    "vendor/bootstrap/js/bootstrap.bundle.min.js",
    "vendor/htmx/htmx.min.js",
    "js/ocop.js",
    "js/offline-scoring.js",
)


@require_GET
def service_worker(request):
    """Served from /hoi-dong/ so that its scope covers the council pages. Its text changes
    with the static files' hashed names, so a new release installs a new cache."""
    assets = json.dumps([static(path) for path in OFFLINE_ASSETS])
    version = hashlib.sha256((assets + render_to_string("councils/offline/sw.js", {})).encode()).hexdigest()[:12]
    body = render_to_string("councils/offline/sw.js", {"assets": assets, "version": version})
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def manifest(request):
    data = {
        "name": "OCOP – Chấm điểm của Hội đồng",
        "short_name": "Chấm điểm OCOP",
        "description": "Phiếu đánh giá sản phẩm OCOP của thành viên Hội đồng, dùng được khi không có mạng.",
        "lang": "vi",
        "start_url": reverse("councils:queue"),
        "scope": reverse("councils:list"),
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1f6f43",
        "icons": [
            {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


@login_required
@require_GET
def offline_bundle(request):
    """The pages to keep on the device before a visit: the queue and every sheet the member
    can still change (submitted sheets are read on the server)."""
    urls = [reverse("councils:queue")]
    sheets = []
    for evaluation, sheet in selectors.scoring_queue(actor=request.user):
        if sheet is not None and sheet.is_locked:
            continue
        url = reverse("councils:sheet", args=[evaluation.pk])
        urls.append(url)
        sheets.append({"url": url, "product": evaluation.dossier.product.name})
    # The advisory team's site-visit records (with photos) can be written offline too.
    reviews, _ = selectors.advisory_reviews_waiting(actor=request.user, limit=50)
    advisory = []
    for team, evaluation in reviews:
        url = reverse("councils:advisory", args=[team.pk, evaluation.dossier_id])
        urls.append(url)
        advisory.append({"url": url, "product": evaluation.dossier.product.name})
    return JsonResponse({"urls": urls, "sheets": sheets, "advisory": advisory}, json_dumps_params={"ensure_ascii": False})


@login_required
@require_POST
def sync(request, pk):
    """Receive a device's offline copy of the member's own sheet (same fields as the sheet
    form, plus `sync_id`, `base_revision`, `saved_at`). JSON answers: 200 applied, 409
    refused by the conflict rules (with the reason), 400 bad values."""
    evaluation = evaluation_or_404(request, pk)
    saved_at = parse_datetime(request.POST.get("saved_at", "") or "")
    try:
        base_revision = int(request.POST.get("base_revision", "0") or 0)
    except ValueError:
        base_revision = -1
    if saved_at is None or base_revision < 0:
        return JsonResponse({"ok": False, "errors": ["Bản chấm trên máy thiếu thời điểm lưu hoặc số lần lưu."]}, status=400)
    from ocop.councils.services.scoring import evaluation_criteria_set

    points = part_totals = None
    if evaluation.criteria_set:
        points, problems = points_from_post(evaluation_criteria_set(evaluation), request.POST)
        if problems:
            return JsonResponse({"ok": False, "errors": [p.message for p in problems]}, status=400)
    else:
        part_totals = {code: request.POST.get(f"part_{code}", "") for code in get_regime(evaluation.regime_key).part_maxima}
    try:
        outcome = sheet_sync(
            actor=request.user, evaluation=evaluation, sync_id=request.POST.get("sync_id", ""),
            base_revision=base_revision, saved_at=saved_at, points=points, part_totals=part_totals,
            comment=request.POST.get("comment", ""),
        )
    except ValidationError as exc:
        return JsonResponse({"ok": False, "errors": exc.messages}, status=400)
    body = {"ok": outcome.applied, "message": outcome.message,
            "revision": outcome.sheet.revision if outcome.sheet else 0}
    return JsonResponse(body, status=200 if outcome.applied else 409, json_dumps_params={"ensure_ascii": False})
