"""The register base (ocop.core.registers): filters read from the query string, the filter
bar drawn from them, pagination links keeping the filters, exports and the add/edit page."""

import csv
import io
from datetime import date

import openpyxl
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse

from ocop.core.registers import (
    CheckFilter,
    ChoiceFilter,
    IntFilter,
    Register,
    Search,
    ValidChoiceFilter,
    YearFilter,
    export_response,
    form_page,
)


def _request(**params):
    request = RequestFactory().get("/danh-sach/", params)
    request.user = AnonymousUser()
    return request


FILTERS = (
    Search(placeholder="Tên…"),
    ChoiceFilter("loai", "Loại", [("a", "Loại A"), ("b", "Loại B")]),
    ValidChoiceFilter("cap", "Cấp", [("tinh", "Tỉnh")], all_label="Tất cả các cấp"),
    IntFilter("ke_hoach", "Kế hoạch", lambda request: [(7, "Kế hoạch 7")]),
    YearFilter([2025, 2026]),
    CheckFilter("cua_toi", "Của tôi"),
)


def test_it_reads_every_filter_into_a_clean_value():
    values = Register("x.html", FILTERS).values(
        _request(q="  dak koi ", loai="b", cap="xa", ke_hoach="7", nam="2026", cua_toi="1")
    )
    assert values == {"q": "dak koi", "loai": "b", "cap": "", "ke_hoach": 7, "nam": 2026, "cua_toi": True}


def test_it_ignores_numbers_and_choices_it_cannot_read():
    values = Register("x.html", FILTERS).values(_request(ke_hoach="7; drop", nam="abc", cap="tinh", cua_toi="yes"))
    assert values["ke_hoach"] is None and values["nam"] is None
    assert values["cap"] == "tinh" and values["cua_toi"] is False


def test_it_marks_the_chosen_option_only():
    request = _request(loai="b", nam="2026")
    bound = {f.name: f.bind(request, f.clean(request)) for f in FILTERS}
    [(_group, options)] = bound["loai"].groups
    assert [(o.value, o.selected) for o in options] == [("a", False), ("b", True)]
    [(_group, years)] = bound["nam"].groups
    assert [(o.value, o.selected) for o in years] == [("2025", False), ("2026", True)]
    assert bound["cap"].all_label == "Tất cả các cấp"


@pytest.mark.django_db
def test_it_draws_the_filter_bar_with_the_chosen_unit_and_keeps_filters_in_page_links(client_for, demo, settings):
    settings.PAGE_SIZE = 1
    unit = demo["producers"]["producer1"].commune
    response = client_for("tinh").get(reverse("producers:list"), {"don_vi": unit.pk, "loai": "hop_tac_xa"})
    html = response.content.decode()
    assert f'<option value="{unit.pk}" selected>{unit.name}' in html
    assert '<optgroup label="Đơn vị hiện hành">' in html
    assert '<option value="hop_tac_xa" selected>' in html
    assert 'placeholder="Tên, mã số thuế, người đại diện…"' in html
    if response.context["page_obj"].has_next():
        assert f"don_vi={unit.pk}&amp;loai=hop_tac_xa&amp;trang=2" in html


@pytest.mark.django_db
def test_it_ticks_the_check_filter_and_labels_the_search_button(client_for, demo):
    tasks = client_for("tinh").get(reverse("planning:tasks"), {"cua_toi": "1"}).content.decode()
    assert 'id="cua_toi" checked' in tasks
    units = client_for("tinh").get(reverse("territory:list"), {"cap": "tinh"}).content.decode()
    assert '<option value="">Tất cả các cấp</option>' in units
    assert 'type="submit">Tìm</button>' in units


COLUMNS = [("name", "Tên"), ("day", "Ngày")]
ROWS = [{"name": "Cà phê Đăk Kôi", "day": date(2026, 7, 1)}]


def test_it_exports_a_register_as_csv_for_excel():
    response = export_response("csv", COLUMNS, ROWS, filename="chu-the", title="Chủ thể")
    assert response["Content-Disposition"] == 'attachment; filename="chu-the.csv"'
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(text.lstrip("\ufeff")))) == [["Tên", "Ngày"], ["Cà phê Đăk Kôi", "01/07/2026"]]


def test_it_exports_a_register_as_a_real_xlsx_file():
    response = export_response("xlsx", COLUMNS, ROWS, filename="chu-the", title="Chủ thể")
    assert 'filename="chu-the.xlsx"' in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.title == "Chủ thể"
    assert [c.value for c in sheet[1]] == ["Tên", "Ngày"]
    assert sheet["A2"].value == "Cà phê Đăk Kôi" and sheet["B2"].value.date() == date(2026, 7, 1)


@pytest.mark.django_db
def test_it_shows_a_service_refusal_on_the_form_and_does_not_redirect(rf, admin_user):
    from django import forms
    from django.contrib.messages.storage.fallback import FallbackStorage

    class NameForm(forms.Form):
        name = forms.CharField()

    def refuse(data):
        raise ValidationError("Tên đã có trong sổ.")

    request = rf.post("/them/", {"name": "Cà phê"})
    request.user = admin_user
    request.session = {}
    request._messages = FallbackStorage(request)
    response = form_page(request, NameForm(request.POST), refuse, template="core/form_errors.html", success="Đã lưu.")
    assert response.status_code == 200
    assert "Tên đã có trong sổ." in response.content.decode()
    accepted = form_page(
        request, NameForm(request.POST), lambda data: "/xong/", template="core/form_errors.html",
        success=lambda target: f"Đã lưu, xem {target}.",
    )
    assert accepted.status_code == 302 and accepted["Location"] == "/xong/"
    assert [str(m) for m in request._messages] == ["Đã lưu, xem /xong/."]

