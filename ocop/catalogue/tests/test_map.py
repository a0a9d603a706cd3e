"""The public map: a light page, and its points from a bounding-box/zoom GeoJSON endpoint."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ocop.catalogue import cards, maps
from ocop.catalogue.tests.helpers import issue_certificate
from tests.factories import ProducerFactory, ProductFactory

KON_TUM = (14.35, 108.0)
QUANG_NGAI = (15.12, 108.8)


def _located(name, lat, lon):
    producer = ProducerFactory(name=name, latitude=lat, longitude=lon)
    issue_certificate(ProductFactory(producer=producer))
    return producer


def _geojson(client, **params):
    response = client.get(reverse("catalogue:api_map"), params)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/geo+json")
    return response.json()


@pytest.mark.django_db
def test_the_map_page_carries_no_point_and_names_its_data_endpoint(client):
    _located("Hợp tác xã Nông nghiệp Đăk Kôi", *KON_TUM)
    html = client.get(reverse("catalogue:map")).content.decode()
    assert 'data-endpoint="/api/v1/map.geojson"' in html
    assert 'type="application/json"' not in html and '"lat"' not in html
    # The list under the map (works without script) still names the producer.
    assert "Hợp tác xã Nông nghiệp Đăk Kôi" in html
    assert "<script>" not in html  # no inline script (CSP)


@pytest.mark.django_db
def test_it_answers_producers_one_by_one_when_few_are_in_view(client):
    _located("HTX Đăk Kôi", *KON_TUM)
    _located("HTX Nghĩa Hành", *QUANG_NGAI)
    ProducerFactory(name="Chủ thể chưa có sản phẩm OCOP", latitude=14.4, longitude=108.1)  # not public
    data = _geojson(client, bbox="107.5,14.0,108.5,14.8", zoom="9")
    assert data["type"] == "FeatureCollection" and data["clustered"] is False and data["truncated"] is False
    [feature] = data["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [108.0, 14.35]}  # RFC 7946: lon, lat
    assert feature["properties"]["kind"] == "producer" and feature["properties"]["name"] == "HTX Đăk Kôi"
    assert feature["properties"]["url"].startswith("/ocop/chu-the/") and feature["properties"]["products"] == 1
    # Without a box: the whole country.
    names = {f["properties"]["name"] for f in _geojson(client)["features"]}
    assert names == {"HTX Đăk Kôi", "HTX Nghĩa Hành"}


@pytest.mark.django_db
@pytest.mark.usefixtures("no_cache")
def test_it_groups_many_producers_in_grid_cells_with_one_aggregate_query(client, monkeypatch):
    monkeypatch.setattr(maps, "MAP_POINTS_MAX", 3)
    for index in range(4):
        _located(f"Kon Tum {index}", KON_TUM[0] + index * 0.01, KON_TUM[1])
    for index in range(3):
        _located(f"Quảng Ngãi {index}", QUANG_NGAI[0], QUANG_NGAI[1] + index * 0.01)
    with CaptureQueriesContext(connection) as few:
        data = _geojson(client, zoom="6")
    assert data["clustered"] is True and data["producers_in_view"] == 7
    clusters = sorted(f["properties"]["count"] for f in data["features"])
    assert clusters == [3, 4]
    assert all(f["properties"]["kind"] == "cluster" for f in data["features"])
    for index in range(10):
        _located(f"Thêm {index}", KON_TUM[0], KON_TUM[1] + index * 0.001)
    with CaptureQueriesContext(connection) as many:
        data = _geojson(client, zoom="6")
    assert sum(f["properties"]["count"] for f in data["features"]) == 17
    assert len(many) == len(few) <= 4


@pytest.mark.django_db
@pytest.mark.usefixtures("no_cache")
def test_a_wide_view_groups_the_country_once_per_data_version(client, monkeypatch):
    monkeypatch.setattr(maps, "MAP_POINTS_MAX", 1)
    cards.MEMO.clear()
    _located("Kon Tum 1", *KON_TUM)
    _located("Kon Tum 2", KON_TUM[0] + 0.01, KON_TUM[1])
    _located("Quảng Ngãi", *QUANG_NGAI)
    first = _geojson(client, zoom="6")
    with CaptureQueriesContext(connection) as again:
        second = _geojson(client, zoom="6")
    assert second["features"] == first["features"] and second["producers_in_view"] == 3
    assert not any("producers_producer" in q["sql"] for q in again.captured_queries)
    # A view takes the cells whose centre it holds.
    kon_tum = _geojson(client, bbox="107.5,14.0,108.5,14.8", zoom="8")
    assert kon_tum["clustered"] is True and [f["properties"]["count"] for f in kon_tum["features"]] == [2]
    # A new producer is a new data version: the grid is made again.
    _located("Quảng Ngãi 2", QUANG_NGAI[0] + 0.01, QUANG_NGAI[1])
    assert _geojson(client, zoom="6")["producers_in_view"] == 4


@pytest.mark.django_db
def test_close_up_it_draws_points_capped_and_says_to_zoom_in(client, monkeypatch):
    monkeypatch.setattr(maps, "MAP_POINTS_MAX", 1)
    monkeypatch.setattr(maps, "MAP_POINTS_CAP", 2)
    for index in range(3):
        _located(f"Gần nhau {index}", KON_TUM[0] + index * 0.0001, KON_TUM[1])
    data = _geojson(client, bbox="107.9,14.3,108.1,14.4", zoom="15")
    assert data["clustered"] is False and data["truncated"] is True and data["producers_in_view"] == 3
    assert len(data["features"]) == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"bbox": "108,14"}, "bbox"),
        ({"bbox": "a,b,c,d"}, "bbox"),
        ({"bbox": "109,14,108,15"}, "bbox"),  # west > east
        ({"bbox": "108,14,109,95"}, "bbox"),
        ({"zoom": "21"}, "zoom"),
        ({"zoom": "-1"}, "zoom"),
        ({"zoom": "abc"}, "zoom"),
    ],
)
def test_it_refuses_a_bad_box_or_zoom_naming_the_parameter(client, params, name):
    response = client.get(reverse("catalogue:api_map"), params)
    assert response.status_code == 400
    assert response.json()["parameter"] == name and response.json()["detail"]


@pytest.mark.django_db
def test_sales_points_in_view_are_drawn_too(client):
    from ocop.catalogue.tests.helpers import add_showroom

    producer = _located("HTX Đăk Kôi", *KON_TUM)
    showroom = add_showroom(producer.products.get())
    showroom.latitude, showroom.longitude = 14.36, 108.01
    showroom.save()
    kinds = {f["properties"]["kind"]: f for f in _geojson(client, bbox="107.5,14.0,108.5,14.8", zoom="9")["features"]}
    assert kinds["shop"]["geometry"]["coordinates"] == [108.01, 14.36]
    assert not [f for f in _geojson(client, bbox="100,20,101,21", zoom="9")["features"]]


def _static_size(url: str) -> int:
    path = finders.find(url.removeprefix("/static/"))
    assert path, url
    with open(path, "rb") as handle:
        return len(gzip.compress(handle.read()))


@pytest.mark.django_db
def test_the_map_page_first_paint_weighs_under_200_kb_compressed_whatever_the_number_of_producers(client):
    for index in range(30):
        _located(f"Chủ thể {index}", KON_TUM[0] + index * 0.01, KON_TUM[1])
    html = client.get(reverse("catalogue:map")).content
    assets = re.findall(r'(?:src|href)="(/static/[^"]+\.(?:js|css))"', html.decode())
    assert any("leaflet.js" in a for a in assets) and any("map.js" in a for a in assets)
    total = len(gzip.compress(html)) + sum(_static_size(a) for a in assets)
    assert total < 200 * 1024, total
    # The outline for the built-in base is fetched only when no tile loads: not in first paint.
    assert "countries-50m.json" not in " ".join(assets)
