"""Ideas and business plans awaiting action on the role homes (see ocop.core.homes)."""

from __future__ import annotations

from django.urls import reverse

from ocop.core import homes
from ocop.ideas import selectors
from ocop.ideas.workflow import IdeaStatus, PlanStatus

# (section, kind, status, title, next step): the step of the OCOP cycle each role takes
# (ocop.gov.vn "6 bước": the commune reviews ideas and plans, the province approves plans).
_WAITING = (
    (homes.PRODUCER, "idea", IdeaStatus.RETURNED, "Ý tưởng UBND xã yêu cầu bổ sung", "Bổ sung, gửi lại UBND xã"),
    (homes.PRODUCER, "plan", PlanStatus.RETURNED, "Phương án kinh doanh cần hoàn thiện", "Hoàn thiện, gửi lại UBND xã"),
    (homes.COMMUNE, "idea", IdeaStatus.SUBMITTED, "Ý tưởng chờ UBND xã xem xét", "Xem xét, đề nghị"),
    (homes.COMMUNE, "plan", PlanStatus.SUBMITTED, "Phương án kinh doanh chờ xã xem xét", "Xem xét, đề nghị tỉnh phê duyệt"),
    (homes.PROVINCE, "plan", PlanStatus.FORWARDED, "Phương án kinh doanh chờ tỉnh phê duyệt", "Phê duyệt phương án"),
)


def home_lists(user, scope, today) -> list[homes.HomeList]:
    held = homes.held_sections(scope)
    lists = []
    for order, (section, kind, status, title, action) in enumerate(_WAITING):
        if section not in held:
            continue
        if kind == "idea":
            records, count = selectors.ideas_waiting_for(actor=user, status=status, limit=homes.HOME_LIST_SIZE)
            detail_name, list_name = "ideas:detail", "ideas:list"
        else:
            records, count = selectors.business_plans_waiting_for(actor=user, status=status, limit=homes.HOME_LIST_SIZE)
            detail_name, list_name = "ideas:plan_detail", "ideas:plan_list"
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
