"""The public map's data: the located public producers of a view as GeoJSON, grouped in grid
cells when many (docs/catalogue.md). Read by the map page (first view) and /api/v1/map.geojson."""

from __future__ import annotations

from datetime import date

from django.db.models import Avg, Count, FloatField, Max, Min, QuerySet
from django.db.models.functions import Cast, Floor

from ocop.catalogue import sources
from ocop.catalogue.cache import per_version
from ocop.catalogue.selectors import producer_search, public_producer_rows, public_producers
from ocop.producers.models import Producer
from ocop.territory.models import AdministrativeUnit

# Vietnam's mainland and islands, the map's first view when no producer has coordinates.
VIETNAM_BOUNDS = (102.1, 8.2, 117.8, 23.4)  # west, south, east, north
# Up to this many producers in view are drawn one by one; more are grouped in grid cells.
MAP_POINTS_MAX = 300
# From this zoom (a few streets across) points are always drawn one by one, at most
# MAP_POINTS_CAP of them: the answer says when more were left out ("zoom in").
MAP_POINTS_ZOOM = 14
MAP_POINTS_CAP = 500
# A cluster cell is about this many screen pixels wide (tiles are 256 px).
MAP_CELL_PIXELS = 64
# Up to this zoom (cells of 0.09° and more: a few thousand at most over the country) the
# whole country's grid is kept per data version and a view takes its cells from it.
MAP_GRID_MEMO_ZOOM = 10


def located_producers() -> QuerySet[Producer]:
    return public_producers().filter(latitude__isnull=False, longitude__isnull=False)


def map_extent() -> tuple[float, float, float, float]:
    """(west, south, east, north) of the located public producers, for the first view."""
    box = located_producers().aggregate(
        west=Min("longitude"), south=Min("latitude"), east=Max("longitude"), north=Max("latitude")
    )
    if box["west"] is None:
        return VIETNAM_BOUNDS
    return float(box["west"]), float(box["south"]), float(box["east"]), float(box["north"])


def first_view_extent(*, on: date) -> tuple[float, float, float, float]:
    """`map_extent`, computed once per data version and day (`cache.per_version`): it reads
    every located producer, which no request of the map page should pay for."""
    return per_version("map-extent", map_extent, on=on)


def map_cell_degrees(zoom: int) -> float:
    return 360.0 / (2**zoom) * MAP_CELL_PIXELS / 256


def _cells(producers: QuerySet[Producer], zoom: int) -> list[dict]:
    """One GROUP BY: the grid cells (anchored at 0°,0°) holding `producers`, with their
    count and mean position."""
    cell = map_cell_degrees(zoom)
    return list(
        producers.annotate(
            cell_y=Floor(Cast("latitude", FloatField()) / cell), cell_x=Floor(Cast("longitude", FloatField()) / cell)
        )
        .values("cell_y", "cell_x")
        .annotate(count=Count("pk"), lat=Avg(Cast("latitude", FloatField())), lon=Avg(Cast("longitude", FloatField())))
        .order_by()
    )


def country_cells(zoom: int, *, on: date) -> list[dict]:
    """The whole country's cells at a wide zoom, once per data version and day: every wide
    view (the first view of every visitor) would otherwise group every located producer."""
    return per_version(f"map-cells-{zoom}", lambda: _cells(located_producers(), zoom), on=on)


def _feature(lon: float, lat: float, properties: dict) -> dict:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": properties}


def map_features(*, west: float, south: float, east: float, north: float, zoom: int, on: date) -> dict:
    """The map's data for a view, as a GeoJSON FeatureCollection.

    Few producers in view (or a close zoom): one feature each, with name, page, commune and
    product count. Many: one feature per grid cell (`kind` "cluster", `count`). Up to zoom
    MAP_GRID_MEMO_ZOOM the cells come from the country's grid kept per data version
    (`country_cells`; a cell belongs to the view when its centre does), so a wide view costs
    no pass over the register; closer, by a single GROUP BY over the producers in view. The
    grid is anchored at 0°,0° so cells do not move when the map is panned. Sales points are
    few and always drawn one by one.
    """
    box = {"latitude__gte": south, "latitude__lte": north, "longitude__gte": west, "longitude__lte": east}
    in_view = located_producers().filter(**box)
    features: list[dict] = []
    truncated = False
    cells: list[dict] = []
    if zoom <= MAP_GRID_MEMO_ZOOM:
        # A wide view: the country's grid at this zoom, grouped once per data version, and
        # the cells whose centre (the mean of their producers) is in view.
        cells = [
            row for row in country_cells(zoom, on=on)
            if south <= row["lat"] <= north and west <= row["lon"] <= east
        ]
        total = sum(row["count"] for row in cells)
    elif zoom < MAP_POINTS_ZOOM:
        # The cells are counted first and their counts add up to the total: a wide view
        # then reads the register once, not once to count and again to group.
        cells = _cells(in_view, zoom)
        total = sum(row["count"] for row in cells)
    else:
        total = in_view.count()
    clustered = total > MAP_POINTS_MAX and zoom < MAP_POINTS_ZOOM
    if not clustered and zoom <= MAP_GRID_MEMO_ZOOM:
        total = in_view.count()  # few in view: the exact count, by the box
    if clustered:
        for row in cells:
            features.append(_feature(round(row["lon"], 6), round(row["lat"], 6), {"kind": "cluster", "count": row["count"]}))
    else:
        # The box filters the producers before their products are counted (GROUP BY).
        producers = list(producer_search().filter(**box)[:MAP_POINTS_CAP])
        truncated = total > len(producers)
        for row in public_producer_rows(producers, on=on):
            features.append(
                _feature(
                    row.longitude,
                    row.latitude,
                    {
                        "kind": "producer",
                        "name": row.name,
                        "url": row.path,
                        "commune": _unit_today_text(row.commune, row.current_units),
                        "products": row.product_count or 0,
                    },
                )
            )
    for shop in sources.shops_on_map():
        if south <= shop.latitude <= north and west <= shop.longitude <= east:
            features.append(
                _feature(float(shop.longitude), float(shop.latitude), {"kind": "shop", "name": shop.name, "address": shop.address})
            )
    return {
        "type": "FeatureCollection",
        "features": features,
        "zoom": zoom,
        "clustered": clustered,
        "producers_in_view": total,
        "truncated": truncated,
    }


def _unit_today_text(unit: AdministrativeUnit, current: list[AdministrativeUnit]) -> str:
    if unit.is_current or not current:
        return unit.name
    return f"{unit.name} (nay là {', '.join(u.name for u in current)})"
