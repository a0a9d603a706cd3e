"""E-mail without a mail server: messages are written to the log.

E-mail is optional for this system (notifications always appear in the application). A
deployment without EMAIL_HOST uses this backend: every message is logged by the `ocop.mail`
logger (recipients, subject, body), so an operator can still read what would have been
sent. It is a supported production setting, unlike Django's console backend, which
`check --deploy` rightly refuses (mail.E001); docs/operations.md says what it implies.
"""

from __future__ import annotations

import logging

from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger("ocop.mail")


class LogEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        sent = 0
        for message in email_messages or []:
            logger.info(
                "E-mail not sent (no mail server configured) to %s: %s\n%s",
                ", ".join(message.recipients()), message.subject, message.body,
            )
            sent += 1
        return sent
