import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ocop.catalogue.codes import product_code
from ocop.catalogue.tests.helpers import body, issue_certificate, revoke
from tests.factories import ProducerFactory, ProductFactory, legacy_commune


@pytest.fixture
def register(db):
    """A valid, an expired and a revoked certificate (the register's own services)."""
    valid = issue_certificate(ProductFactory(name="Sâm dây khô"), stars=4, expires_in_days=700, number="01/GCN-OCOP")
    expired = issue_certificate(ProductFactory(name="Thịt heo gác bếp"), stars=3, expires_in_days=-100, number="06/GCN-OCOP")
    revoked = issue_certificate(ProductFactory(name="Rượu cần"), stars=3, expires_in_days=380, number="07/GCN-OCOP")
    revoke(revoked)
    return {"valid": valid, "expired": expired, "revoked": revoked}


def _get(client, name, *args, **params):
    response = client.get(reverse(f"catalogue:{name}", args=args), params)
    return response, response.json()


@pytest.mark.django_db
def test_it_reports_the_status_of_a_valid_an_expired_and_a_revoked_certificate(client, register):
    expected = {
        "valid": ("valid", True, "Còn hiệu lực"),
        "expired": ("expired", False, "Đã hết hiệu lực"),
        "revoked": ("revoked", False, "Đã bị thu hồi"),
    }
    for key, certificate in register.items():
        response, data = _get(client, "api_certificate", certificate.public_code)
        assert response.status_code == 200
        assert (data["status"], data["in_force"], data["status_label"]) == expected[key], key
        assert data["number"] == certificate.number
    _, revoked = _get(client, "api_certificate", register["revoked"].public_code)
    assert revoked["revoked_on"] == register["revoked"].revoked_on.isoformat()


@pytest.mark.django_db
def test_the_certificate_list_filters_by_status(client, register):
    _, data = _get(client, "api_certificates", status="revoked")
    assert [c["number"] for c in data["results"]] == ["07/GCN-OCOP"]
    _, data = _get(client, "api_certificates", status="in_force")
    assert [c["number"] for c in data["results"]] == ["01/GCN-OCOP"]
    response, data = _get(client, "api_certificates", status="bogus")
    assert response.status_code == 400 and data["parameter"] == "status"


@pytest.mark.django_db
def test_a_certificate_number_with_slashes_works_raw_or_encoded(client, register):
    for path in ("/api/v1/certificates/01/GCN-OCOP", "/api/v1/certificates/01%2FGCN-OCOP", "/api/v1/certificates/01/gcn-ocop"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.json()["verification_code"] == register["valid"].public_code
    assert client.get("/api/v1/certificates/99/KHONG-CO").status_code == 404


@pytest.mark.django_db
def test_a_number_shared_by_two_issuers_answers_300_with_both(client, register):
    # The same number issued by another authority (3-star, district, before 1/7/2025).
    issue_certificate(ProductFactory(name="Chè dây"), stars=3, expires_in_days=400, number="01/GCN-OCOP")
    response = client.get("/api/v1/certificates/01/GCN-OCOP")
    assert response.status_code == 300
    assert len(response.json()["matches"]) == 2


@pytest.mark.django_db
def test_the_product_api_reports_stars_certificate_and_todays_commune(client):
    product = ProductFactory(name="Cà phê Đắk Tơ Lung", producer=ProducerFactory(commune=legacy_commune("23485")))
    issue_certificate(product, stars=4)
    response, data = _get(client, "api_product", product_code(product.pk))
    assert response.status_code == 200
    assert data["stars"] == 4 and data["in_force"] is True
    assert data["certificate"]["status"] == "valid"
    assert data["commune"]["name"] == "Xã Đắk Tơ Lung"
    assert [u["name"] for u in data["commune"]["today"]] == ["Xã Đăk Kôi"]
    assert data["commune"]["province_today"]["name"] == "Tỉnh Quảng Ngãi"
    assert data["where_to_buy"] == {"shops": [], "online": [], "fairs": []}
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["ca phe", "Cà Phê", "CÀ PHÊ"])
def test_the_product_api_searches_without_diacritics(client, query):
    issue_certificate(ProductFactory(name="Cà phê bột"))
    issue_certificate(ProductFactory(name="Mật ong"))
    _, data = _get(client, "api_products", q=query)
    assert [p["name"] for p in data["results"]] == ["Cà phê bột"]


@pytest.mark.django_db
def test_the_product_api_paginates_and_caps_the_page_size(client):
    for index in range(5):
        issue_certificate(ProductFactory(name=f"Sản phẩm {index}"))
    _, data = _get(client, "api_products", page_size=2, page=2)
    assert data["count"] == 5 and data["num_pages"] == 3 and len(data["results"]) == 2
    assert data["next"].endswith("page=3&page_size=2")
    assert data["previous"].endswith("page=1&page_size=2")
    _, data = _get(client, "api_products", page_size=100000)
    assert data["page_size"] == 200
    _, data = _get(client, "api_products", page=9)
    assert data["results"] == [] and data["next"] is None
    response, data = _get(client, "api_products", page="abc")
    assert response.status_code == 400 and data["parameter"] == "page"


@pytest.mark.django_db
def test_the_product_api_rejects_unknown_filter_values(client):
    for params, parameter in (
        ({"stars": "7"}, "stars"),
        ({"unit": "999999999"}, "unit"),
        ({"category": "ZZ"}, "category"),
        ({"sort": "price"}, "sort"),
        ({"in_force": "maybe"}, "in_force"),
        ({"producer_type": "tap_doan"}, "producer_type"),
    ):
        response, data = _get(client, "api_products", **params)
        assert response.status_code == 400, params
        assert data["parameter"] == parameter


@pytest.mark.django_db
def test_the_product_api_filters_by_stars_unit_category_and_in_force(client, register):
    _, data = _get(client, "api_products", stars=4)
    assert [p["name"] for p in data["results"]] == ["Sâm dây khô"]
    _, data = _get(client, "api_products", in_force="false")
    assert {p["name"] for p in data["results"]} == {"Thịt heo gác bếp", "Rượu cần"}
    unit = register["valid"].product.commune
    _, data = _get(client, "api_products", unit=unit.pk)
    assert data["count"] == 3
    _, data = _get(client, "api_products", category="I")
    assert data["count"] == 3  # factories default to criteria set 13 (sector I)


@pytest.mark.django_db
def test_the_units_api_finds_old_and_new_units(client):
    _, data = _get(client, "api_units", q="dak to lung")
    legacy = [u for u in data["results"] if u["name"] == "Xã Đắk Tơ Lung"]
    assert legacy and legacy[0]["is_current"] is False
    assert [u["name"] for u in legacy[0]["today"]] == ["Xã Đăk Kôi"]
    _, data = _get(client, "api_units", q="dak koi", period="current", level="commune")
    assert [u["name"] for u in data["results"]] == ["Xã Đăk Kôi"]
    assert data["results"][0]["catalogue_url"].endswith("/ocop/dia-ban/23485/")
    response, data = _get(client, "api_units", level="huyen")
    assert response.status_code == 400 and data["parameter"] == "level"


def _queries(client, url):
    # A streamed export reads the database while it is sent: count until the last byte.
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        content = body(response)
    assert response.status_code == 200, content[:300]
    return len(queries)


def _add(count, start=0):
    for index in range(start, start + count):
        producer = ProducerFactory(commune=legacy_commune("23485"))
        product = ProductFactory(name=f"Sản phẩm {index}", producer=producer, commune=producer.commune)
        issue_certificate(product, stars=3 + index % 3, expires_in_days=500 + index)


@pytest.mark.django_db
@pytest.mark.usefixtures("no_cache")
@pytest.mark.parametrize(
    "name",
    [
        "api_products", "api_producers", "api_certificates", "api_units",
        "api_products_csv", "api_producers_xlsx", "api_certificates_csv",
    ],
)
def test_api_lists_and_exports_cost_the_same_queries_for_few_and_many_rows(client, name):
    _add(2)
    url = reverse(f"catalogue:{name}")
    few = _queries(client, url)
    _add(10, start=2)
    assert _queries(client, url) == few
    assert few <= 8
