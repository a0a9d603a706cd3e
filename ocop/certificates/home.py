"""Certificates needing re-evaluation on the role homes (see ocop.core.homes)."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from ocop.certificates import selectors, validity
from ocop.core import homes

_SECTIONS = (homes.PRODUCER, homes.COMMUNE, homes.PROVINCE)


def home_lists(user, scope, today) -> list[homes.HomeList]:
    held = [section for section in _SECTIONS if section in homes.held_sections(scope)]
    if not held:
        return []
    certificates, count = selectors.certificates_due_for(actor=user, limit=homes.HOME_LIST_SIZE, on=today)
    rules = validity.current_rules()
    lists = []
    for section in held:
        items = []
        for certificate in certificates:
            # QĐ 26/2026 Điều 7.6.a: the re-evaluation dossier is filed 180–120 days before
            # expiry; the home shows the last filing day while it is ahead.
            file_by = certificate.expires_on - timedelta(days=rules.window_until_days)
            detail = f"{certificate.product.producer.name} · {certificate.stars} sao · hết hạn {certificate.expires_on:%d/%m/%Y}"
            items.append(
                homes.WorkItem(
                    title=certificate.product.name,
                    url=reverse("certificates:detail", args=[certificate.pk]),
                    action="Bắt đầu đánh giá lại" if section == homes.PRODUCER else "Xem, đôn đốc đánh giá lại",
                    detail=detail,
                    state=validity.STATUS_LABELS[certificate.status],
                    due_on=file_by if file_by >= today else certificate.expires_on,
                    overdue=certificate.status in (validity.LATE_FOR_REEVALUATION, validity.EXPIRED),
                )
            )
        lists.append(
            homes.HomeList(
                section=section,
                column=homes.TODO if section == homes.PRODUCER else homes.FOLLOWING,
                title="Giấy chứng nhận cần đánh giá lại",
                items=items,
                count=count,
                url=f"{reverse('certificates:list')}?trang_thai=due",
                empty="Không có giấy chứng nhận nào sắp hết hạn.",
                order=30,
            )
        )
    return lists
