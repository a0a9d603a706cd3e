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


@pytest.mark.django_db
@pytest.mark.usefixtures("no_cache")
def test_exports_are_streamed_not_built_in_memory(client, data):
    for name in ("api_products_csv", "api_producers_csv", "api_certificates_csv"):
        response = client.get(reverse(f"catalogue:{name}"))
        assert response.streaming, name
        first = next(iter(response.streaming_content))
        assert first.startswith(b"\xef\xbb\xbf")  # the header leaves before any row is read
    for name in ("api_products_xlsx", "api_producers_xlsx", "api_certificates_xlsx"):
        response = client.get(reverse(f"catalogue:{name}"))
        assert response.streaming and response["Content-Disposition"].startswith("attachment; filename="), name
        assert load_workbook(io.BytesIO(body(response)), read_only=True).sheetnames[0]


@pytest.mark.django_db
def test_the_xlsx_and_producer_exports_follow_the_api_filters_too(client, data):
    other = ProductFactory(name="Mật ong rừng", producer=ProducerFactory(name="Tổ hợp tác Mật ong"))
    issue_certificate(other, stars=3, expires_in_days=500)
    response = client.get(reverse("catalogue:api_products_xlsx"), {"stars": "4"})
    rows = [[c.value for c in r] for r in load_workbook(io.BytesIO(body(response))).worksheets[0].iter_rows()]
    assert [r[1] for r in rows[1:]] == ["Cà phê hạt rang"]
    rows = _csv(client, "api_producers_csv", q="mat ong")
    assert [r[1] for r in rows[1:]] == ["Tổ hợp tác Mật ong"]
    response = client.get(reverse("catalogue:api_producers_csv"), {"unit": "khong-phai-so"})
    assert response.status_code == 400 and response.json()["parameter"] == "unit"


@pytest.mark.django_db
def test_a_small_streamed_export_is_kept_in_the_cache_and_a_large_one_is_not(client, data, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ocop.catalogue import cache as public_cache

    url = reverse("catalogue:api_products_csv")
    first = body(client.get(url))
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url)
    assert len(queries) == 0 and body(again) == first
    monkeypatch.setattr(public_cache, "MAX_STREAMED_BYTES", 10)
    url = reverse("catalogue:api_certificates_csv")
    body(client.get(url))
    with CaptureQueriesContext(connection) as queries:
        assert body(client.get(url)).startswith(b"\xef\xbb\xbf")
    assert len(queries) > 0


@pytest.mark.django_db
def test_the_search_page_export_links_carry_its_filters(client, data):
    from ocop.catalogue.tests.helpers import issue_certificate as certify

    certify(ProductFactory(name="Cà phê phin", producer=ProducerFactory()), stars=3, expires_in_days=500)
    unit = data["product"].commune
    page = client.get(reverse("catalogue:search"), {"q": "ca phe", "sao": "4", "don_vi": unit.pk, "sap_xep": "sao"})
    html = page.content.decode()
    query = f"q=ca+phe&amp;unit={unit.pk}&amp;stars=4&amp;sort=stars"
    assert f'href="/api/v1/products.csv?{query}"' in html and f'href="/api/v1/products.xlsx?{query}"' in html
    # The link downloads exactly what the page lists.
    listed = [card.product.name for card in page.context["cards"]]
    rows = _csv(client, "api_products_csv", q="ca phe", unit=unit.pk, stars="4", sort="stars")
    assert [row[1] for row in rows[1:]] == listed == ["Cà phê hạt rang"]
    # Without filters: the whole register.
    assert 'href="/api/v1/products.csv"' in client.get(reverse("catalogue:search")).content.decode()


# -- longer than a request may take: the whole register's files, made by a job ------------------


@pytest.mark.django_db
def test_a_long_export_is_served_from_files_made_by_a_job(client, data, settings):
    from ocop.jobs.models import Job
    from ocop.jobs.testing import run_worker

    settings.OCOP_SYNC_EXPORT_MAX_ROWS = 1
    settings.OCOP_CATALOGUE_CACHE_SECONDS = 0
    first = client.get(reverse("catalogue:api_products_xlsx"))
    assert first.status_code == 503 and first["Retry-After"] == "60"
    assert "đang được lập" in first.json()["detail"]
    assert client.get(reverse("catalogue:api_products_csv")).status_code == 503
    assert Job.objects.filter(kind="open-data-files").count() == 1  # asked twice, made once

    run_worker()

    job = Job.objects.get(kind="open-data-files")
    assert job.state == "succeeded" and job.owner is None
    products = _xlsx(client, "api_products_xlsx")
    assert products[0] == [header for _key, header in serializers.PRODUCT_COLUMNS]
    assert sorted(r[1] for r in products[1:]) == ["Cà phê hạt rang", "Rượu cần"]
    coffee = dict(zip(products[0], next(r for r in products[1:] if r[1] == "Cà phê hạt rang"), strict=True))
    assert coffee["Ngày cấp"].date() == data["certificate"].issued_on
    rows = _csv(client, "api_certificates_csv")
    assert len(rows) == 3 and rows[0] == [header for _key, header in serializers.CERTIFICATE_COLUMNS]
    response = client.get(reverse("catalogue:api_producers_xlsx"))
    assert f"chu-the-ocop-{date.today():%Y%m%d}.xlsx" in response["Content-Disposition"]


@pytest.mark.django_db
def test_a_retried_open_data_job_leaves_one_set_of_files(data):
    """A worker that died half-way left a file; the retry (attempt 2) writes the six files
    and nothing of the first attempt stays beside them."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import storages

    from ocop.catalogue import opendata
    from ocop.jobs import runner
    from ocop.jobs.models import Job

    job = opendata.request_files()
    store = storages["private"]
    store.save(f"open-data/{job.pk}/products.csv", ContentFile(b"half a file from the first attempt"))
    Job.objects.filter(pk=job.pk).update(state=Job.State.QUEUED, attempts=1)

    assert runner.run(job.pk) == Job.State.SUCCEEDED
    job.refresh_from_db()
    assert job.attempts == 2
    _dirs, names = store.listdir(f"open-data/{job.pk}")
    assert sorted(names) == sorted(f"{name}.{fmt}" for name in opendata.FILES for fmt in ("csv", "xlsx"))
    with store.open(job.result["files"]["products.csv"], "rb") as handle:
        assert b"half a file" not in handle.read()


@pytest.mark.django_db
def test_a_long_filtered_export_asks_for_a_narrower_filter(client, data, settings):
    settings.OCOP_SYNC_EXPORT_MAX_ROWS = 0
    settings.OCOP_CATALOGUE_CACHE_SECONDS = 0
    response = client.get(reverse("catalogue:api_products_xlsx"), {"q": "hat rang"})
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert "Bộ lọc cho 1 dòng, nhiều hơn 0 dòng" in detail and "hãy lọc hẹp hơn" in detail
    assert "/api/v1/products.xlsx" in detail
    # Sorting is not a filter: the whole register's file (being made) is the answer.
    assert client.get(reverse("catalogue:api_products_xlsx"), {"sort": "newest"}).status_code == 503
