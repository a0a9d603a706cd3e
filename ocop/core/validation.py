"""What a model's `clean()` uses to collect its problems by field."""

from django.core.exceptions import ValidationError

# A certificate or a compliance paper ends after the day it was issued.
EXPIRY_AFTER_ISSUE = "Ngày hết hạn phải sau ngày cấp."


class FieldErrors(dict):
    """The problems a model's `clean()` finds, by field, raised together so that a form shows
    each under its field. A later problem on the same field replaces the earlier one."""

    def check(self, problem, field: str, message: str) -> None:
        if problem:
            self[field] = message

    def check_order(self, earlier, later, field: str, message: str, *, same_day: bool = True) -> None:
        """`later` may not come before `earlier` (nor equal it when `same_day` is False);
        nothing to check while either is empty."""
        if earlier and later:
            self.check(later < earlier or (not same_day and later == earlier), field, message)

    def raise_if_any(self) -> None:
        if self:
            raise ValidationError(dict(self))
