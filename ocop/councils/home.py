"""Council and advisory work on the role homes (see ocop.core.homes)."""

from __future__ import annotations

from typing import NamedTuple

from django.urls import reverse

from ocop.accounts.models import Role
from ocop.core import homes
from ocop.councils import selectors


class _Spec(NamedTuple):
    """What stays the same of a home list: where it shows, its title, its full page."""

    section: str
    column: str
    order: int
    title: str
    url_name: str  # the full list (its count is the list's count)
    empty: str


# One row per home list: section, column, order, title, full list, text when empty.
# The province's lists link to the councils' pages: several councils may hold such dossiers.
_SCORING = _Spec(homes.COUNCIL, homes.TODO, 10, "Hồ sơ cần chấm điểm (phiên đang mở)", "councils:queue", "Không có hồ sơ nào đang chờ bạn chấm điểm.")
_ADVISORY = _Spec(homes.COUNCIL, homes.TODO, 20, "Tổ tư vấn: hồ sơ chưa có báo cáo đánh giá", "councils:list", "Không có hồ sơ nào chờ Tổ tư vấn.")
_COUNCILS = _Spec(homes.COUNCIL, homes.FOLLOWING, 10, "Hội đồng, tổ tư vấn của tôi", "councils:list", "Bạn chưa là thành viên hội đồng nào.")
_TO_START = _Spec(homes.PROVINCE, homes.TODO, 15, "Hồ sơ đã tiếp nhận, chờ Hội đồng bắt đầu chấm điểm", "councils:list", "Không có hồ sơ nào chờ bắt đầu chấm điểm.")
_RESULTS = _Spec(homes.PROVINCE, homes.TODO, 16, "Kết quả Hội đồng chờ quyết định công nhận hoặc chuyển cấp trên", "councils:list", "Không có kết quả nào chờ xử lý.")


def _home_list(spec: _Spec, items: list[homes.WorkItem], count: int) -> homes.HomeList:
    return homes.HomeList(
        section=spec.section,
        column=spec.column,
        title=spec.title,
        items=items,
        count=count,
        url=reverse(spec.url_name),
        empty=spec.empty,
        order=spec.order,
    )


def _scoring(user) -> homes.HomeList:
    pairs, count = selectors.scoring_waiting_for(actor=user, limit=homes.HOME_LIST_SIZE)
    items = [
        homes.WorkItem(
            title=evaluation.dossier.product.name,
            url=reverse("councils:sheet", args=[evaluation.pk]),
            action="Xem phiếu" if sheet is not None and sheet.is_locked else "Chấm điểm",
            detail=f"{evaluation.dossier.producer.name} · {evaluation.council.name}",
            state=sheet.get_status_display() if sheet is not None else "Chưa chấm",
        )
        for evaluation, sheet in pairs
    ]
    return _home_list(_SCORING, items, count)


def _advisory(user) -> homes.HomeList:
    reviews, count = selectors.advisory_reviews_waiting(actor=user, limit=homes.HOME_LIST_SIZE)
    items = [
        homes.WorkItem(
            title=evaluation.dossier.product.name,
            url=reverse("councils:advisory", args=[team.pk, evaluation.dossier_id]),
            action="Ghi chép, lập báo cáo của Tổ tư vấn",
            detail=f"{evaluation.dossier.producer.name} · {team.name}",
        )
        for team, evaluation in reviews
    ]
    return _home_list(_ADVISORY, items, count)


def _councils(user) -> homes.HomeList:
    councils = selectors.council_list(actor=user)
    items = [
        homes.WorkItem(
            title=council.name,
            url=reverse("councils:detail", args=[council.pk]),
            action="Mở",
            detail=f"Năm {council.year} · {council.member_count} thành viên",
            state=council.get_kind_display(),
        )
        for council in councils.order_by("-year", "-id")[: homes.HOME_LIST_SIZE]
    ]
    return _home_list(_COUNCILS, items, councils.count())


def _to_start(user) -> homes.HomeList:
    pairs, count = selectors.scoring_to_start(actor=user, limit=homes.HOME_LIST_SIZE)
    items = [
        homes.WorkItem(
            title=dossier.product.name,
            url=reverse("councils:detail", args=[council.pk]),
            action="Bắt đầu chấm điểm",
            detail=f"{dossier.producer.name} · {council.name}",
        )
        if council is not None
        else homes.WorkItem(
            title=dossier.product.name,
            url=reverse("councils:list"),
            action="Lập hội đồng hoặc gắn đợt cho hội đồng",
            detail=f"{dossier.producer.name} · {dossier.round.name}",
            state="Đợt đánh giá chưa có hội đồng",
        )
        for council, dossier in pairs
    ]
    return _home_list(_TO_START, items, count)


def _results(user) -> homes.HomeList:
    from ocop.councils.models import Outcome

    evaluations, count = selectors.results_to_act_on(actor=user, limit=homes.HOME_LIST_SIZE)
    items = []
    for evaluation in evaluations:
        if evaluation.outcome == Outcome.FORWARD:
            url, action = reverse("councils:evaluation", args=[evaluation.pk]), "Chuyển cấp trên đánh giá"
        else:
            url, action = reverse("councils:decision_create", args=[evaluation.council_id]), "Lập quyết định công nhận"
        items.append(
            homes.WorkItem(
                title=evaluation.dossier.product.name,
                url=url,
                action=action,
                detail=f"{evaluation.dossier.producer.name} · {evaluation.council.name}",
                state=f"{evaluation.get_outcome_display()} · {evaluation.stars or 0} sao",
            )
        )
    return _home_list(_RESULTS, items, count)


def home_lists(user, scope, today) -> list[homes.HomeList]:
    held = homes.held_sections(scope)
    lists = []
    if homes.PROVINCE in held:
        lists += [_to_start(user), _results(user)]
    if homes.COUNCIL not in held:
        return lists
    lists.append(_councils(user))
    if Role.COUNCIL_CHAIR in scope.roles or Role.COUNCIL_MEMBER in scope.roles:
        lists.append(_scoring(user))
    if Role.ADVISORY_MEMBER in scope.roles:
        lists.append(_advisory(user))
    return lists
