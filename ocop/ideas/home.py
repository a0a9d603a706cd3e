"""Ideas awaiting action on the role homes (see ocop.core.homes)."""

from __future__ import annotations

from django.urls import reverse

from ocop.core import homes
from ocop.ideas import selectors
from ocop.ideas.workflow import IdeaStatus

# (order, section, status, title, next step): the step of the OCOP cycle each role takes
# (ocop.gov.vn "6 bước": the commune reviews ideas). The order interleaves with the business
# plans' lists (ocop.business_plans.home) as the cycle does.
WAITING = (
    (0, homes.PRODUCER, IdeaStatus.RETURNED, "Ý tưởng UBND xã yêu cầu bổ sung", "Bổ sung, gửi lại UBND xã"),
    (2, homes.COMMUNE, IdeaStatus.SUBMITTED, "Ý tưởng chờ UBND xã xem xét", "Xem xét, đề nghị"),
)


def waiting_lists(user, scope, waiting, records_for, detail_name: str, list_name: str) -> list[homes.HomeList]:
    """One home list per (order, section, status, title, action) row the user's roles hold;
    `records_for(actor=, status=, limit=)` returns (records, count). Shared with business plans."""
    held = homes.held_sections(scope)
    lists = []
    for order, section, status, title, action in waiting:
        if section not in held:
            continue
        records, count = records_for(actor=user, status=status, limit=homes.HOME_LIST_SIZE)
        lists.append(
            homes.HomeList(
                section=section,
                column=homes.TODO,
                title=title,
                items=[
                    homes.WorkItem(
                        title=str(record),
                        url=reverse(detail_name, args=[record.pk]),
                        action=action,
                        detail=f"{record.producer} · {record.commune.name}" if record.producer_id else record.commune.name,
                        state=record.get_status_display(),
                    )
                    for record in records
                ],
                count=count,
                url=f"{reverse(list_name)}?trang_thai={status}",
                empty="Không có hồ sơ nào đang chờ.",
                order=60 + order,
            )
        )
    return lists


def home_lists(user, scope, today) -> list[homes.HomeList]:
    return waiting_lists(user, scope, WAITING, selectors.ideas_waiting_for, "ideas:detail", "ideas:list")
