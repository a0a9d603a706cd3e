import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ocop.catalogue import serializers
from ocop.catalogue.tests.helpers import body, issue_certificate, revoke
from tests.factories import ProducerFactory, ProductFactory, legacy_commune


@pytest.fixture
def data(db):
    producer = ProducerFactory(name="Hợp tác xã Cà phê Đắk Tơ Lung", commune=legacy_commune("23485"))
    product = ProductFactory(name="Cà phê hạt rang", producer=producer)
    certificate = issue_certificate(product, stars=4, number="05/GCN-OCOP")
    revoked = issue_certificate(ProductFactory(name="Rượu cần", producer=producer), stars=3, expires_in_days=380)
    revoke(revoked)
    return {"product": product, "certificate": certificate}


def _csv(client, name, **params):
    response = client.get(reverse(f"catalogue:{name}"), params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    content = body(response)
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for Excel
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def _xlsx(client, name):
    response = client.get(reverse(f"catalogue:{name}"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = load_workbook(io.BytesIO(body(response)))
    return [[cell.value for cell in row] for row in workbook.worksheets[0].iter_rows()]


@pytest.mark.django_db
def test_the_product_csv_has_the_documented_columns_and_todays_commune(client, data):
    rows = _csv(client, "api_products_csv")
    assert rows[0] == [header for _key, header in serializers.PRODUCT_COLUMNS]
    by_name = {row[1]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    coffee = by_name["Cà phê hạt rang"]
    assert coffee["Hạng sao hiện hành"] == "4"
    assert coffee["Tình trạng giấy chứng nhận"] == "Còn hiệu lực"
    assert coffee["Xã, phường (khi đăng ký)"] == "Xã Đắk Tơ Lung"
    assert coffee["Xã, phường hiện nay"] == "Xã Đăk Kôi"
    assert coffee["Ngày cấp"] == data["certificate"].issued_on.strftime("%d/%m/%Y")
    assert by_name["Rượu cần"]["Tình trạng giấy chứng nhận"] == "Đã bị thu hồi"
    assert by_name["Rượu cần"]["Hạng sao hiện hành"] == ""


@pytest.mark.django_db
def test_the_csv_exports_follow_the_api_filters(client, data):
    rows = _csv(client, "api_products_csv", q="hat rang")
    assert [row[1] for row in rows[1:]] == ["Cà phê hạt rang"]
    rows = _csv(client, "api_certificates_csv", status="revoked")
    assert len(rows) == 2 and rows[1][9] == "Đã bị thu hồi"


@pytest.mark.django_db
def test_the_xlsx_exports_have_the_documented_columns_and_real_dates(client, data):
    products = _xlsx(client, "api_products_xlsx")
    assert products[0] == [header for _key, header in serializers.PRODUCT_COLUMNS]
    coffee = dict(zip(products[0], next(r for r in products[1:] if r[1] == "Cà phê hạt rang"), strict=True))
    assert coffee["Hạng sao hiện hành"] == 4
    assert coffee["Ngày cấp"].date() == data["certificate"].issued_on
    producers = _xlsx(client, "api_producers_xlsx")
    assert producers[0] == [header for _key, header in serializers.PRODUCER_COLUMNS]
    assert producers[1][1] == "Hợp tác xã Cà phê Đắk Tơ Lung"
    certificates = _xlsx(client, "api_certificates_xlsx")
    assert certificates[0] == [header for _key, header in serializers.CERTIFICATE_COLUMNS]
    numbers = {row[0]: row for row in certificates[1:]}
    assert numbers["05/GCN-OCOP"][9] == "Còn hiệu lực"
    assert isinstance(numbers["05/GCN-OCOP"][7].date(), date)


@pytest.mark.django_db
def test_the_producer_csv_has_the_documented_columns(client, data):
    rows = _csv(client, "api_producers_csv")
    assert rows[0] == [header for _key, header in serializers.PRODUCER_COLUMNS]
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Số sản phẩm OCOP"] == "2"
    assert row["Tỉnh, thành phố hiện nay"] == "Tỉnh Quảng Ngãi"
