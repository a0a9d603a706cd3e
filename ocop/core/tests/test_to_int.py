import pytest

from ocop.core.requests import to_int


@pytest.mark.parametrize("value", ["²", "①", "٣x", "--5", "-1", "1.5", "", None, "1e3", " 7"])
def test_it_reads_anything_but_plain_ascii_digits_as_no_number(value):
    assert to_int(value) is None


def test_it_reads_plain_digits():
    assert (to_int("0"), to_int("42"), to_int(7)) == (0, 42, 7)


@pytest.mark.django_db
def test_a_hostile_page_number_does_not_break_a_list(client_for):
    response = client_for("tinh").get("/chu-the/?page=²&don_vi=①")
    assert response.status_code == 200
