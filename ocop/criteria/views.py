from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ocop.core.requests import found_or_404
from ocop.criteria import catalog, selectors, services
from ocop.criteria.models import SelfAssessment
from ocop.criteria.presentation import leaf_flags, points_from_post, sheet_rows
from ocop.products.selectors import product_get


def _get_set_or_404(number: int):
    try:
        return catalog.get_set(number)
    except catalog.CriteriaSetNotFound as exc:
        raise Http404("Không có bộ tiêu chí này.") from exc


def criteria_index(request):
    """The 26 sets by ngành → nhóm → phân nhóm (QĐ 26/2026 Phụ lục I). Public: it is the law."""
    query = request.GET.get("q", "").strip()
    found = catalog.find_sets(query) if query else None
    return render(
        request,
        "criteria/index.html",
        {"tree": catalog.classification_tree(), "found": found, "query": query, "manifest": catalog.manifest()},
    )


def criteria_set_detail(request, number: int, printable: bool = False):
    cset = _get_set_or_404(number)
    return render(
        request,
        "criteria/set_print.html" if printable else "criteria/set_detail.html",
        {"cset": cset, "parts": sheet_rows(cset), "readonly": True},
    )


def _result_context(cset, points, problems) -> dict:
    """The sheet's totals, stars, unmet minimums and advice (criteria/_result.html); no
    result or advice while it still has problems to show."""
    result, advice = (None, None) if problems else services.sheet_evaluate(
        criteria_set=cset.number, points=points, version=cset.version
    )
    return {"cset": cset, "result": result, "advice": advice, "problems": problems, "flags": leaf_flags(cset, result)}


@login_required
@require_POST
def sheet_preview(request, number: int):
    """htmx: live totals, stars, unmet minimums and advice for the sheet being filled in."""
    cset = _get_set_or_404(number)
    points, problems = points_from_post(cset, request.POST)
    return render(request, "criteria/_result.html", {**_result_context(cset, points, problems), "oob": True})


def _product_or_404(request, product_id):
    product = found_or_404(product_get(actor=request.user, pk=product_id), "sản phẩm")
    return product


@login_required
def self_assessment(request, product_id: int):
    """Mẫu 02 Phần III: the producer scores its own product on the product's criteria set."""
    product = _product_or_404(request, product_id)
    can_save = request.user.has_perm("products.change_product", product)
    cset = _get_set_or_404(product.category.criteria_set)
    latest = selectors.latest_self_assessments([product.pk]).get(product.pk)
    points = dict(latest.points) if latest and latest.criteria_version == cset.version else services.zero_sheet(cset.number)
    problems = []
    if request.method == "POST":
        if not can_save:
            raise PermissionDenied("Bạn chỉ được xem, không được chấm điểm sản phẩm này.")
        points, problems = points_from_post(cset, request.POST)
        if not problems and "luu" in request.POST:
            try:
                assessment = services.self_assessment_save(actor=request.user, product=product, points=points)
            except ValidationError as exc:
                messages.error(request, "; ".join(exc.messages))
            else:
                messages.success(request, "Đã lưu phiếu tự đánh giá.")
                return redirect("criteria:self_assessment_detail", pk=assessment.pk)
    return render(
        request,
        "criteria/self_assessment.html",
        {
            **_result_context(cset, points, problems),
            "product": product,
            "parts": sheet_rows(cset, points, problems),
            "can_save": can_save,
            "history": selectors.self_assessment_history(product=product)[:10],
        },
    )


@login_required
def self_assessment_detail(request, pk: int, printable: bool = False):
    assessment = get_object_or_404(SelfAssessment.objects.select_related("product", "created_by"), pk=pk)
    product = _product_or_404(request, assessment.product_id)
    cset = catalog.get_set(assessment.criteria_set, assessment.criteria_version)
    result, advice = services.sheet_evaluate(
        criteria_set=assessment.criteria_set, points=assessment.points, version=assessment.criteria_version
    )
    return render(
        request,
        "criteria/self_assessment_print.html" if printable else "criteria/self_assessment_detail.html",
        {
            "assessment": assessment,
            "product": product,
            "cset": cset,
            "parts": sheet_rows(cset, assessment.points),
            "result": result,
            "advice": advice,
            "readonly": True,
        },
    )
