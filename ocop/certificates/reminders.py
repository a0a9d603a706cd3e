"""Reminders about certificates, sent by `manage.py ocop_certificate_reminders` (daily).

Each reminder goes in-app (and by e-mail when configured) to the producer's users and the
officers of the product's commune, once: the event key names the certificate and the
reminder, and `notify` skips recipients who already have it, so running the command twice
(or every day) sends each reminder once. Schedule (docs/certificates.md §5):

* the re-evaluation window opens (180 days before expiry, QĐ 26/2026 Điều 7.6.a): sent on
  any day the certificate is in its window and nothing has been filed;
* N days before expiry (data: 30): sent on any day from then until expiry;
* on expiry: "expired", or "extended while the re-evaluation is pending" (Điều 12.3), sent
  during the first days after expiry (grace, data: 30) so a missed run still sends it but a
  newly imported old register does not flood everyone;
* the Điều 12.3 extension ends without a result: sent in the grace days after its end.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from django.urls import reverse

from ocop.certificates import legal, validity
from ocop.certificates.models import Certificate
from ocop.certificates.selectors import certificate_recipients, with_status
from ocop.core.text import format_date_vn
from ocop.notifications.services import notify


def _messages(certificate, on: date, rules) -> list[tuple[str, str, str]]:
    """[(event suffix, title, body)] due for `certificate` on `on`."""
    status = certificate.status
    days_left = (certificate.expires_on - on).days
    expires = format_date_vn(certificate.expires_on)
    product = certificate.product_name
    head = f"Giấy chứng nhận OCOP số {certificate.number} ({certificate.stars} sao) của sản phẩm “{product}”"
    grace = legal.reminder_grace_days()
    result = []
    if status == validity.REEVALUATION_WINDOW:
        first, last = validity.window(certificate.expires_on, rules)
        result.append((
            "window-open",
            f"Đến thời hạn nộp hồ sơ đánh giá lại: {product}",
            f"{head} hết hạn ngày {expires}. Theo QĐ 26/2026/QĐ-TTg Điều 7.6.a, hồ sơ đánh giá lại "
            f"nộp từ ngày {format_date_vn(first)} đến hết ngày {format_date_vn(last)}.",
        ))
    if status not in (validity.REVOKED, validity.REPLACED) and days_left >= 0:
        for days in legal.reminder_days_before_expiry():
            if days_left <= days:
                if validity.reevaluation_pending(certificate, on):
                    tail = (
                        f"Hồ sơ đánh giá lại đã nộp ngày {format_date_vn(certificate.reevaluation_filed_on)}; nếu "
                        "chưa có kết quả, giấy tiếp tục có hiệu lực tối đa đến hết ngày "
                        f"{format_date_vn(validity.extension_end(certificate.expires_on, rules))} (Điều 12.3)."
                    )
                else:
                    tail = (
                        "Chưa có hồ sơ đánh giá lại. Hồ sơ vẫn được nhận đến hết ngày hết hạn; khi đó giấy "
                        "tiếp tục có hiệu lực đến khi có kết quả, tối đa 180 ngày (QĐ 26/2026 Điều 12.3)."
                    )
                result.append((
                    f"expires-in-{days}",
                    f"Giấy chứng nhận OCOP sắp hết hạn: {product}",
                    f"{head} hết hạn ngày {expires} (còn {days_left} ngày). {tail}",
                ))
                break
    if days_left < 0 and -days_left <= grace:
        if status == validity.EXTENDED_PENDING:
            result.append((
                "expired-extended",
                f"Giấy chứng nhận OCOP hết hạn, đang gia hạn chờ kết quả: {product}",
                f"{head} hết hạn ngày {expires}. Vì đã nộp hồ sơ đánh giá lại, giấy tiếp tục có hiệu lực "
                "đến khi có kết quả, tối đa đến hết ngày "
                f"{format_date_vn(validity.extension_end(certificate.expires_on, rules))} (QĐ 26/2026 Điều 12.3).",
            ))
        elif status == validity.EXPIRED:
            result.append((
                "expired",
                f"Giấy chứng nhận OCOP đã hết hiệu lực: {product}",
                f"{head} đã hết hiệu lực sau ngày {expires}. Sản phẩm không được tiếp tục sử dụng nhãn hiệu "
                "OCOP; muốn được công nhận lại, chủ thể đăng ký đánh giá, phân hạng lần đầu.",
            ))
    extension_end = validity.extension_end(certificate.expires_on, rules)
    since_extension = (on - extension_end).days
    if (
        status == validity.EXPIRED
        and certificate.reevaluation_filed_on is not None
        and certificate.reevaluation_filed_on <= certificate.expires_on
        and certificate.reevaluation_decided_on is None
        and 0 < since_extension <= grace
    ):
        result.append((
            "extension-ended",
            f"Hết thời gian gia hạn giấy chứng nhận OCOP: {product}",
            f"{head} đã hết thời gian gia hạn chờ kết quả đánh giá lại (hết ngày {format_date_vn(extension_end)}, "
            "QĐ 26/2026 Điều 12.3) và nay hết hiệu lực.",
        ))
    return result


def send_certificate_reminders(*, on: date) -> Counter:
    """Send what is due on `on`; returns the number of notifications created per reminder."""
    rules = validity.current_rules()
    grace = legal.reminder_grace_days()
    earliest = on - timedelta(days=rules.extension_days + grace)
    latest = on + timedelta(days=rules.window_from_days)
    certificates = list(
        with_status(Certificate.objects.filter(expires_on__gte=earliest, expires_on__lte=latest), on)
        .exclude(status__in=[validity.REVOKED, validity.REPLACED])
        .select_related("product")
        .order_by("expires_on", "id")
    )
    recipients = certificate_recipients(certificates)
    sent: Counter = Counter()
    for certificate in certificates:
        for suffix, title, body in _messages(certificate, on, rules):
            created = notify(
                recipients=recipients.get(certificate.pk, []),
                title=title,
                body=body,
                url=reverse("certificates:detail", args=[certificate.pk]),
                event_key=f"cert:{certificate.pk}:{suffix}",
            )
            sent[suffix] += len(created)
    return sent
