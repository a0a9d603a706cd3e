"""Council and advisory work on the role homes (see ocop.core.homes)."""

from __future__ import annotations

from django.urls import reverse

from ocop.accounts.models import Role
from ocop.core import homes
from ocop.councils import selectors


def _scoring(user) -> homes.HomeList:
    pairs, count = selectors.scoring_waiting_for(actor=user, limit=homes.HOME_LIST_SIZE)
    return homes.HomeList(
        section=homes.COUNCIL,
        column=homes.TODO,
        title="Hồ sơ cần chấm điểm (phiên đang mở)",
        items=[
            homes.WorkItem(
                title=evaluation.dossier.product.name,
                url=reverse("councils:sheet", args=[evaluation.pk]),
                action="Xem phiếu" if sheet is not None and sheet.is_locked else "Chấm điểm",
                detail=f"{evaluation.dossier.producer.name} · {evaluation.council.name}",
                state=sheet.get_status_display() if sheet is not None else "Chưa chấm",
            )
            for evaluation, sheet in pairs
        ],
        count=count,
        url=reverse("councils:queue"),
        empty="Không có hồ sơ nào đang chờ bạn chấm điểm.",
        order=10,
    )


def _advisory(user) -> homes.HomeList:
    reviews, count = selectors.advisory_reviews_waiting(actor=user, limit=homes.HOME_LIST_SIZE)
    return homes.HomeList(
        section=homes.COUNCIL,
        column=homes.TODO,
        title="Tổ tư vấn: hồ sơ chưa có báo cáo đánh giá",
        items=[
            homes.WorkItem(
                title=evaluation.dossier.product.name,
                url=reverse("councils:advisory", args=[team.pk, evaluation.dossier_id]),
                action="Ghi chép, lập báo cáo của Tổ tư vấn",
                detail=f"{evaluation.dossier.producer.name} · {team.name}",
            )
            for team, evaluation in reviews
        ],
        count=count,
        url=reverse("councils:list"),
        empty="Không có hồ sơ nào chờ Tổ tư vấn.",
        order=20,
    )


def _councils(user) -> homes.HomeList:
    councils = selectors.council_list(actor=user)
    return homes.HomeList(
        section=homes.COUNCIL,
        column=homes.FOLLOWING,
        title="Hội đồng, tổ tư vấn của tôi",
        items=[
            homes.WorkItem(
                title=council.name,
                url=reverse("councils:detail", args=[council.pk]),
                action="Mở",
                detail=f"Năm {council.year} · {council.member_count} thành viên",
                state=council.get_kind_display(),
            )
            for council in councils.order_by("-year", "-id")[: homes.HOME_LIST_SIZE]
        ],
        count=councils.count(),
        url=reverse("councils:list"),
        empty="Bạn chưa là thành viên hội đồng nào.",
        order=10,
    )


def _to_start(user) -> homes.HomeList:
    pairs, count = selectors.scoring_to_start(actor=user, limit=homes.HOME_LIST_SIZE)
    return homes.HomeList(
        section=homes.PROVINCE,
        column=homes.TODO,
        title="Hồ sơ đã tiếp nhận, chờ Hội đồng bắt đầu chấm điểm",
        items=[
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
        ],
        count=count,
        # Several councils may hold such dossiers: the full list is the councils' pages.
        url=reverse("councils:list"),
        empty="Không có hồ sơ nào chờ bắt đầu chấm điểm.",
        order=15,
    )


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
    return homes.HomeList(
        section=homes.PROVINCE,
        column=homes.TODO,
        title="Kết quả Hội đồng chờ quyết định công nhận hoặc chuyển cấp trên",
        items=items,
        count=count,
        url=reverse("councils:list"),
        empty="Không có kết quả nào chờ xử lý.",
        order=16,
    )


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
