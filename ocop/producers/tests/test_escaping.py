import pytest
from django.urls import reverse

from ocop.producers.services import producer_update

SCRIPT = '<script>alert("x")</script>'


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["producers:detail", "producers:list"])
def test_it_escapes_script_typed_into_a_producer_name(client_for, demo, users, url_name):
    producer = demo["producers"]["producer1"]
    producer_update(actor=users["tinh"], producer=producer, name=f"HTX {SCRIPT}", representative_name=SCRIPT)
    args = [producer.pk] if url_name == "producers:detail" else []
    html = client_for("tinh").get(reverse(url_name, args=args)).content.decode()
    assert SCRIPT not in html
    assert "&lt;script&gt;" in html
