"""Sample data for the public map (`manage.py ocop_demo`): approximate coordinates for the
sample producers of the Kon Rẫy scenario, so the map has points. Idempotent: producers that
already have coordinates, and every real producer, are left alone."""

from decimal import Decimal

from ocop.producers.models import Producer
from ocop.producers.services import producer_update

# Approximate centres of the communes of the former Kon Rẫy district (by commune code, the
# same for the unit before and after 1/7/2025 where the code was kept). Sample data only.
COMMUNE_CENTRES = {
    "23479": (Decimal("14.5490"), Decimal("108.2230")),  # Đắk Rve
    "23482": (Decimal("14.6150"), Decimal("108.2900")),  # Đắk Kôi
    "23485": (Decimal("14.6600"), Decimal("108.2400")),  # Đắk Tơ Lung / Đăk Kôi
    "23488": (Decimal("14.4800"), Decimal("108.1600")),  # Đắk Ruồng
    "23491": (Decimal("14.5200"), Decimal("108.2800")),  # Đắk Pne
    "23494": (Decimal("14.4600"), Decimal("108.2000")),  # Đắk Tờ Re
    "23497": (Decimal("14.4300"), Decimal("108.1300")),  # Tân Lập / Kon Braih
}


def load_coordinates(context: dict) -> None:
    producers = Producer.objects.filter(is_sample=True, latitude__isnull=True).select_related("commune")
    for index, producer in enumerate(producers.order_by("pk")):
        centre = COMMUNE_CENTRES.get(producer.commune.code)
        if centre is None:
            continue
        # Spread producers of one commune a little so their markers do not overlap.
        offset = Decimal(index % 5) * Decimal("0.0060")
        producer_update(
            actor=None, producer=producer, latitude=centre[0] + offset, longitude=centre[1] + offset
        )


DEMO_STEPS = [load_coordinates]
