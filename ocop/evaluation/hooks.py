"""What the dossier workflow tells, and asks, the certificate register, without importing it.

`ocop.certificates` sits above `ocop.evaluation`: a certificate page opens a re-evaluation
dossier through evaluation's services, so evaluation never imports the certificates app (the
layer contract in pyproject.toml enforces it). The two places where the dossier workflow
needs the register go through this module instead; the certificates app plugs itself in
from its `AppConfig.ready()` (ocop/certificates/receivers.py):

- `reevaluation_submitted`, a signal sent when a re-evaluation dossier that started from a
  certificate (`certificate_ref`) is submitted. The certificate records the filing (QĐ
  26/2026/QĐ-TTg Điều 7.6.a, 12.3) and may refuse it with a ValidationError; `Signal.send`
  lets the exception through, so the submission is refused too (the move is one
  transaction).
- `current_certificate_of(product)`, the product's certificate in force, answered by the
  function registered with `register_current_certificate_finder` (None when no register is
  installed).
"""

from __future__ import annotations

from collections.abc import Callable

from django.dispatch import Signal

# Sent with sender=Dossier and keyword arguments dossier, actor, reference.
reevaluation_submitted = Signal()

_current_certificate_finder: Callable | None = None


def register_current_certificate_finder(finder: Callable) -> None:
    """Called once by the certificates app: `finder(product)` returns its certificate in
    force or None."""
    global _current_certificate_finder
    _current_certificate_finder = finder


def current_certificate_of(product):
    """The product's certificate in force in the certificate register, or None."""
    if _current_certificate_finder is None:
        return None
    return _current_certificate_finder(product)
