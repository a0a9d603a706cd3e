"""The dossier work on the role homes (see ocop.core.homes)."""

from __future__ import annotations

from django.urls import reverse

from ocop.core import homes
from ocop.evaluation import selectors, workflow
from ocop.evaluation.completeness import dossier_missing
from ocop.evaluation.models import EDITABLE_STATES, DossierState, RoundStatus

# Which to-do share (`?vai_tro=`) each home section shows, and its title.
_TODO = {
    homes.PRODUCER: ("chu-the", "Hồ sơ cần bạn hoàn thiện, nộp"),
    homes.COMMUNE: ("xa", "Hồ sơ chờ UBND xã kiểm tra, lập Mẫu 03, gửi đi"),
    homes.PROVINCE: ("tinh", "Hồ sơ đề nghị chờ tỉnh tiếp nhận"),
    homes.DISTRICT: ("huyen", "Hồ sơ đề nghị chờ huyện tiếp nhận"),
}
# What each section follows: dossiers it filed or passed on, by state.
_FOLLOWED_STATES = {
    homes.PRODUCER: [s for s in DossierState.values if s not in (DossierState.DRAFT, DossierState.WITHDRAWN)],
    homes.COMMUNE: [
        DossierState.COMMUNE_REPORTED,
        DossierState.FORWARDED_TO_PROVINCE,
        DossierState.PROVINCE_CHECKING,
        DossierState.PROVINCE_RETURNED,
        DossierState.FORWARDED_TO_DISTRICT,
        DossierState.DISTRICT_CHECKING,
        DossierState.DISTRICT_RETURNED,
        DossierState.ACCEPTED,
        DossierState.IN_EVALUATION,
        DossierState.EVALUATED,
        DossierState.FORWARDED_UP,
    ],
    homes.PROVINCE: [
        DossierState.ACCEPTED,
        DossierState.IN_EVALUATION,
        DossierState.EVALUATED,
        DossierState.FORWARDED_UP,
    ],
}
_FOLLOWED_TITLES = {
    homes.PRODUCER: "Hồ sơ của bạn",
    homes.COMMUNE: "Hồ sơ trên địa bàn xã",
    homes.PROVINCE: "Hồ sơ trên địa bàn tỉnh",
}


def next_step(dossier, side: str) -> str:
    """The label of the first move waiting for `side` in the dossier's state (the button the
    detail page shows), e.g. "Tiếp nhận và kiểm tra hồ sơ"."""
    moves = [
        move
        for move in workflow.outgoing(dossier.regime_key, dossier.state)
        if move.action != "withdraw" and side in move.waiting_for
    ]
    # The step forward (a primary button) before the alternatives (return, refuse).
    moves.sort(key=lambda move: move.style != "primary")
    return moves[0].label if moves else "Xem hồ sơ"


def _missing_note(dossier, today) -> str:
    # Reuses the submission check (QĐ 26/2026 Điều 6.2), so the home says what the "Nộp"
    # button would refuse; bounded by the home's list size, not by the register.
    if dossier.state not in EDITABLE_STATES:
        return ""
    problems = dossier_missing(dossier, today=today)
    if not problems:
        return "Đã đủ thành phần, có thể nộp."
    first = problems[0]
    return f"Còn thiếu {len(problems)} mục: {first}" if len(problems) > 1 else f"Còn thiếu: {first}"


def _waiting(user, section: str, today) -> homes.HomeList:
    param, title = _TODO[section]
    side = selectors.TODO_SIDES[param]
    dossiers, count = selectors.dossiers_waiting_for(actor=user, side=side, limit=homes.HOME_LIST_SIZE)
    marks = selectors.deadline_marks(dossiers, today)
    items = []
    for dossier in dossiers:
        working_days, overdue = marks.get(dossier.pk, (None, False))
        detail = f"{dossier.producer.name} · {dossier.commune.name}"
        if section == homes.PRODUCER:
            detail = _missing_note(dossier, today) or dossier.commune.name
        items.append(
            homes.WorkItem(
                title=dossier.product.name,
                url=reverse("evaluation:detail", args=[dossier.pk]),
                action=next_step(dossier, side),
                detail=detail,
                state=dossier.get_state_display(),
                due_on=dossier.commune_deadline if dossier.pk in marks else None,
                working_days=working_days,
                overdue=overdue,
            )
        )
    overdue_count, overdue_url = 0, ""
    if section == homes.COMMUNE:
        # The commune's own late checks: the list's "quá hạn" filter, counted on its queryset.
        overdue_count = selectors.dossiers_overdue(actor=user, limit=0)[1]
        overdue_url = f"{reverse('evaluation:list')}?qua_han=1"
    return homes.HomeList(
        section=section,
        column=homes.TODO,
        title=title,
        items=items,
        count=count,
        url=f"{reverse('evaluation:todo')}?vai_tro={param}",
        empty="Không có hồ sơ nào đang chờ.",
        order=10,
        overdue_count=overdue_count,
        overdue_url=overdue_url,
    )


def _followed(user, section: str) -> homes.HomeList:
    list_url = reverse("evaluation:list")
    counts, total = selectors.dossier_state_counts(actor=user, states=_FOLLOWED_STATES[section])
    items = [
        homes.WorkItem(title=label, url=f"{list_url}?trang_thai={state}", action="Xem danh sách", badge=str(n))
        for state, label, n in counts
    ]
    return homes.HomeList(
        section=section,
        column=homes.FOLLOWING,
        title=_FOLLOWED_TITLES[section],
        items=items,
        count=total,
        url=list_url,
        empty="Chưa có hồ sơ nào.",
        order=10,
    )


def _overdue(user, section: str, today) -> homes.HomeList:
    """Commune checks past 15 working days (QĐ 26/2026 Điều 7.2)."""
    dossiers, count = selectors.dossiers_overdue(actor=user, limit=homes.HOME_LIST_SIZE)
    marks = selectors.deadline_marks(dossiers, today)
    items = [
        homes.WorkItem(
            title=dossier.product.name,
            url=reverse("evaluation:detail", args=[dossier.pk]),
            action="Xem hồ sơ, đôn đốc UBND xã" if section == homes.PROVINCE else next_step(dossier, workflow.COMMUNE),
            detail=f"{dossier.producer.name} · {dossier.commune.name}",
            state=dossier.get_state_display(),
            due_on=dossier.commune_deadline,
            working_days=marks.get(dossier.pk, (None, True))[0],
            overdue=True,
        )
        for dossier in dossiers
    ]
    return homes.HomeList(
        section=section,
        column=homes.TODO,
        title="UBND xã kiểm tra quá 15 ngày làm việc",
        items=items,
        count=count,
        url=f"{reverse('evaluation:list')}?qua_han=1",
        empty="Không có hồ sơ nào quá hạn kiểm tra.",
        order=20,
    )


def _open_rounds(user, section: str) -> homes.HomeList:
    queryset = selectors.round_list(actor=user, status=RoundStatus.OPEN)
    rounds = list(queryset[: homes.HOME_LIST_SIZE])
    items = [
        homes.WorkItem(
            title=round_obj.name,
            url=reverse("evaluation:round_detail", args=[round_obj.pk]),
            action="Mở đợt đánh giá",
            detail=(
                f"Đã tiếp nhận {round_obj.count_accepted} · hội đồng đang đánh giá "
                f"{round_obj.count_in_evaluation} · có kết quả {round_obj.count_evaluated}"
            ),
            state=round_obj.get_status_display(),
            due_on=round_obj.held_before,
            badge=f"{round_obj.dossier_count} hồ sơ",
        )
        for round_obj in rounds
    ]
    return homes.HomeList(
        section=section,
        column=homes.FOLLOWING,
        title="Đợt đánh giá đang nhận hồ sơ",
        items=items,
        count=queryset.count(),
        url=f"{reverse('evaluation:rounds')}?trang_thai={RoundStatus.OPEN}",
        empty="Không có đợt đánh giá nào đang mở.",
        order=20,
    )


def home_lists(user, scope, today) -> list[homes.HomeList]:
    held = homes.held_sections(scope)
    lists: list[homes.HomeList] = []
    for section in (homes.PRODUCER, homes.COMMUNE, homes.PROVINCE, homes.DISTRICT):
        if section in held:
            lists.append(_waiting(user, section, today))
    for section in (homes.PRODUCER, homes.COMMUNE, homes.PROVINCE):
        if section in held:
            lists.append(_followed(user, section))
    if homes.PROVINCE in held:
        lists.append(_overdue(user, homes.PROVINCE, today))
    if homes.PROVINCE in held:
        lists.append(_open_rounds(user, homes.PROVINCE))
    return lists
