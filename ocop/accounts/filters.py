"""The territory filter of register lists, limited to the units the reader may see (it
reads the reader's scope, so it lives with the scopes rather than in ocop.core.registers)."""

from __future__ import annotations

from ocop.accounts.scopes import filter_unit_choices
from ocop.core.registers import COLUMN, Filter, Option
from ocop.core.requests import unit_from_request


class UnitFilter(Filter):
    """The territory filter (`?don_vi=`): the units the reader may filter by
    (`filter_unit_choices`), current ones and those before the 1/7/2025 reorganisation apart."""

    def __init__(self, label: str = "Địa bàn", *, column: str = COLUMN, name: str = "don_vi"):
        super().__init__(name, label, column=column)

    def clean(self, request):
        return unit_from_request(request)

    def groups(self, request, value) -> list:
        selected = value.pk if value is not None else None
        current, former = [], []
        for unit in filter_unit_choices(request.user):
            (current if unit.is_current else former).append(Option(str(unit.pk), unit.label, unit.pk == selected))
        groups = [("Đơn vị hiện hành", current), ("Đơn vị trước 1/7/2025", former)]
        return [(label, options) for label, options in groups if options]
