"""Typed dates are read day first, as Vietnamese write them."""

from datetime import date

from django import forms


class _DateForm(forms.Form):
    day = forms.DateField()


def test_it_reads_a_typed_date_day_first():
    form = _DateForm(data={"day": "06/12/2026"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == date(2026, 12, 6)


def test_it_still_accepts_the_iso_date_a_date_picker_sends():
    form = _DateForm(data={"day": "2026-12-06"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == date(2026, 12, 6)


def test_it_refuses_a_day_that_does_not_exist_in_the_month():
    # 31/02 would have been read as month 31 before; now it is day 31 of February: refused.
    assert not _DateForm(data={"day": "31/02/2026"}).is_valid()


def test_a_date_field_renders_its_value_in_iso_for_the_browser_date_picker():
    # <input type="date"> shows nothing for any other format, and then sends nothing back.
    class _PickerForm(forms.Form):
        day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))

    html = str(_PickerForm(initial={"day": date(2026, 12, 6)})["day"])
    assert 'value="2026-12-06"' in html
