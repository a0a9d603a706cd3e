"""Expiry reminders for compliance documents of products holding a certificate in force
(sent by `manage.py ocop_certificate_reminders`; idempotent through event keys)."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from django.urls import reverse

from ocop.certificates import legal
from ocop.certificates.selectors import current_certificates_for, product_recipients
from ocop.core.text import format_date_vn
from ocop.monitoring.models import ComplianceDocument
from ocop.notifications.services import notify


def send_compliance_reminders(*, on: date) -> Counter:
    days = legal.compliance_alert_days()
    grace = legal.reminder_grace_days()
    documents = list(
        ComplianceDocument.objects.filter(
            expires_on__gte=on - timedelta(days=grace), expires_on__lte=on + timedelta(days=days)
        ).select_related("product")
    )
    certified = current_certificates_for({d.product_id for d in documents}, on=on)
    documents = [d for d in documents if d.product_id in certified]
    recipients = product_recipients({d.product_id: d.product for d in documents}.values())
    sent: Counter = Counter()
    for document in documents:
        expires = format_date_vn(document.expires_on)
        what = f"{document.get_kind_display()} số {document.number} của sản phẩm “{document.product.name}”"
        if document.expires_on >= on:
            suffix = f"expires-in-{days}"
            title = f"Giấy tờ sắp hết hạn: {document.product.name}"
            body = f"{what} hết hạn ngày {expires}. Hãy gia hạn hoặc cập nhật giấy tờ mới."
        else:
            suffix = "expired"
            title = f"Giấy tờ đã hết hạn: {document.product.name}"
            body = (
                f"{what} đã hết hạn ngày {expires}. Sản phẩm OCOP phải duy trì các tiêu chí đã được công nhận "
                "(QĐ 26/2026/QĐ-TTg Điều 9.3.a)."
            )
        created = notify(
            recipients=recipients.get(document.product_id, []),
            title=title,
            body=body,
            url=reverse("monitoring:product", args=[document.product_id]),
            event_key=f"doc:{document.pk}:{document.expires_on.isoformat()}:{suffix}",
        )
        sent[f"document-{suffix}"] += len(created)
    return sent

