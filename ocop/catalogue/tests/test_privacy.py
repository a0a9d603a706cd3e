"""Anonymous visitors and the API never see drafts, internal fields, or personal contacts
without the producer's consent."""

import csv
import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ocop.catalogue.codes import producer_code, product_code
from ocop.catalogue.tests.helpers import body, issue_certificate
from tests.factories import ProducerFactory, ProductFactory

PHONE = "0912345678"
EMAIL = "lienhe.htx@example.vn"
NOTE = "Ghi chú nội bộ: chưa nộp thuế quý 3"
SECRET_STORY_DRAFT = "Bản nháp chưa duyệt"


def _producer(public_contact: bool, **fields):
    return ProducerFactory(
        name="Hợp tác xã Mật ong Đăk Kôi",
        phone=PHONE,
        email=EMAIL,
        public_contact=public_contact,
        notes=NOTE,
        representative_name="Y Hiền",
        **fields,
    )


def _everything(client, producer, product) -> dict[str, str]:
    """Every public output that could mention the producer, as text."""
    outputs = {
        "search": client.get(reverse("catalogue:search")).content.decode(),
        "product": client.get(reverse("catalogue:product", args=[product_code(product.pk)])).content.decode(),
        "producer": client.get(reverse("catalogue:producer", args=[producer_code(producer.pk)])).content.decode(),
        "map": client.get(reverse("catalogue:map")).content.decode(),
        "commune": client.get(reverse("catalogue:commune", args=[producer.commune.code])).content.decode(),
        "api_products": client.get(reverse("catalogue:api_products")).content.decode(),
        "api_product": client.get(reverse("catalogue:api_product", args=[product_code(product.pk)])).content.decode(),
        "api_producers": client.get(reverse("catalogue:api_producers")).content.decode(),
        "api_producer": client.get(reverse("catalogue:api_producer", args=[producer_code(producer.pk)])).content.decode(),
        "api_certificates": client.get(reverse("catalogue:api_certificates")).content.decode(),
    }
    for name in ("api_products_csv", "api_producers_csv", "api_certificates_csv"):
        outputs[name] = body(client.get(reverse(f"catalogue:{name}"))).decode("utf-8-sig")
    for name in ("api_products_xlsx", "api_producers_xlsx", "api_certificates_xlsx"):
        workbook = load_workbook(io.BytesIO(body(client.get(reverse(f"catalogue:{name}")))))
        cells = [str(c.value) for sheet in workbook for row in sheet.iter_rows() for c in row if c.value is not None]
        outputs[name] = "\n".join(cells)
    return outputs


def _honey(public_contact: bool):
    """The honey cooperative's certified product, with its contacts published or not."""
    producer = _producer(public_contact=public_contact)
    product = ProductFactory(name="Mật ong rừng", producer=producer)
    issue_certificate(product)
    return producer, product


@pytest.mark.django_db
def test_it_never_publishes_contacts_without_consent(client):
    producer, product = _honey(public_contact=False)
    for name, text in _everything(client, producer, product).items():
        assert "Mật ong" in text or name.startswith("api_certificates"), name
        assert PHONE not in text, name
        assert EMAIL not in text, name


@pytest.mark.django_db
def test_it_publishes_contacts_the_producer_agreed_to_publish(client):
    outputs = _everything(client, *_honey(public_contact=True))
    for name in ("product", "producer", "api_product", "api_producers", "api_producer", "api_producers_csv", "api_producers_xlsx"):
        assert PHONE in outputs[name], name
        assert EMAIL in outputs[name], name


@pytest.mark.django_db
def test_it_never_publishes_internal_fields(client):
    producer, product = _honey(public_contact=True)
    outputs = _everything(client, producer, product)
    for name, text in outputs.items():
        assert NOTE not in text, name
        assert "Y Hiền" not in text, name  # the representative is a person: not published
        assert "search_text" not in text and "created_by" not in text and '"notes"' not in text, name
        assert product.search_text not in text, name
    detail = json.loads(outputs["api_product"])
    assert not {"notes", "created_by", "search_text", "score", "reevaluation_reference"} & _all_keys(detail)


def _all_keys(data) -> set[str]:
    if isinstance(data, dict):
        return set(data) | {key for value in data.values() for key in _all_keys(value)}
    if isinstance(data, list):
        return {key for value in data for key in _all_keys(value)}
    return set()


@pytest.mark.django_db
def test_it_publishes_tax_codes_of_organisations_but_not_of_households(client):
    cooperative = ProducerFactory(producer_type="hop_tac_xa", tax_code="6101234501", business_registration_number="62010001")
    household = ProducerFactory(producer_type="ho_san_xuat", tax_code="6109998887", business_registration_number="62HK0002")
    for producer in (cooperative, household):
        issue_certificate(ProductFactory(producer=producer))
    text = client.get(reverse("catalogue:api_producers")).content.decode()
    assert "6101234501" in text and "62010001" in text
    assert "6109998887" not in text and "62HK0002" not in text
    csv_text = body(client.get(reverse("catalogue:api_producers_csv"))).decode("utf-8-sig")
    assert "6101234501" in csv_text and "6109998887" not in csv_text


@pytest.mark.django_db
def test_drafts_appear_nowhere(client):
    producer = _producer(public_contact=True)
    published = ProductFactory(name="Mật ong rừng", producer=producer)
    issue_certificate(published)
    draft = ProductFactory(name="Sản phẩm nháp bí mật", producer=producer, story=SECRET_STORY_DRAFT)
    outputs = _everything(client, producer, published)
    for name, text in outputs.items():
        assert "Sản phẩm nháp bí mật" not in text, name
        assert SECRET_STORY_DRAFT not in text, name
    assert client.get(reverse("catalogue:product", args=[product_code(draft.pk)])).status_code == 404
    assert client.get(reverse("catalogue:api_product", args=[product_code(draft.pk)])).status_code == 404
    assert client.get(reverse("catalogue:product_qr_svg", args=[product_code(draft.pk)])).status_code == 404
    # A producer whose products are all drafts is not public either.
    hidden = ProducerFactory(name="Tổ hợp tác chưa có sản phẩm OCOP")
    ProductFactory(producer=hidden)
    assert client.get(reverse("catalogue:api_producer", args=[producer_code(hidden.pk)])).status_code == 404
    assert "Tổ hợp tác chưa có sản phẩm OCOP" not in client.get(reverse("catalogue:api_producers")).content.decode()


@pytest.mark.django_db
def test_exports_keep_csv_cells_free_of_contacts_without_consent(client):
    producer = _producer(public_contact=False)
    issue_certificate(ProductFactory(producer=producer))
    rows = list(csv.DictReader(io.StringIO(body(client.get(reverse("catalogue:api_producers_csv"))).decode("utf-8-sig"))))
    assert rows[0]["Điện thoại"] == "" and rows[0]["Thư điện tử"] == ""
