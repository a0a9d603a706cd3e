"""Generated documents are made once and kept; a change of their data makes a new file."""

import pytest
from django.urls import reverse

from ocop.core import generated
from ocop.core.documents import docx_text, pdf_text
from ocop.core.storage import private_storage
from ocop.evaluation import services
from ocop.evaluation.models import Dossier, DossierState


def _renders(kind: str) -> int:
    return generated.RENDERS[kind]


@pytest.mark.django_db
def test_it_builds_once_and_again_only_when_the_data_change(settings):
    calls = []

    def build(text):
        return lambda: calls.append(text) or text.encode()

    first = generated.kept_file(kind="thu", object_id=1, data={"a": 1}, build=build("một"), extension="txt")
    again = generated.kept_file(kind="thu", object_id=1, data={"a": 1}, build=build("hai"), extension="txt")
    assert first == again and calls == ["một"]
    changed = generated.kept_file(kind="thu", object_id=1, data={"a": 2}, build=build("ba"), extension="txt")
    assert changed != first and calls == ["một", "ba"]
    assert private_storage.open(changed).read() == b"ba"
    assert not private_storage.exists(first)  # only the current version is kept
    assert private_storage.url(changed) == ""  # never public


@pytest.mark.django_db
def test_the_digest_follows_every_field_of_a_row(demo):
    dossier = Dossier.objects.first()
    before = generated.data_digest(dossier)
    assert generated.data_digest(Dossier.objects.get(pk=dossier.pk)) == before
    dossier.phone = "0900000000"
    assert generated.data_digest(dossier) != before


@pytest.mark.django_db
def test_a_dossier_form_is_rendered_once_and_again_after_an_edit(client_for, demo):
    dossier = Dossier.objects.filter(state=DossierState.DRAFT, producer__name__contains="Đăk Kôi").first()
    client = client_for("chuthe1")
    url = reverse("evaluation:document", args=[dossier.pk, "mau-01", "pdf"])
    start = _renders("ho-so-mau-01-pdf")
    first = client.get(url)
    second = client.get(url)
    assert first.status_code == second.status_code == 200
    assert _renders("ho-so-mau-01-pdf") == start + 1  # the second request is served from the store
    assert first.content == second.content and first.content.startswith(b"%PDF")
    services.dossier_update(actor=None, dossier=dossier, phone="0912 345 678")
    third = client.get(url)
    assert _renders("ho-so-mau-01-pdf") == start + 2
    assert "0912 345 678" in pdf_text(third.content)
    # The DOCX of the same form is kept separately.
    docx_url = reverse("evaluation:document", args=[dossier.pk, "mau-01", "docx"])
    assert "0912 345 678" in docx_text(client.get(docx_url).content)
    client.get(docx_url)
    assert _renders("ho-so-mau-01-docx") >= 1
    count = _renders("ho-so-mau-01-docx")
    client.get(docx_url)
    assert _renders("ho-so-mau-01-docx") == count


@pytest.mark.django_db
def test_the_certificate_and_the_minutes_are_kept(client_for, demo):
    from ocop.certificates.models import Certificate
    from ocop.councils.models import CouncilEvaluation, EvaluationStatus

    certificate = Certificate.objects.get(product__name="Cà phê bột Robusta Đăk Kôi")
    client = client_for("admin")
    start = _renders("giay-chung-nhan-pdf")
    for _ in range(2):
        response = client.get(reverse("certificates:pdf", args=[certificate.pk]))
        assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert _renders("giay-chung-nhan-pdf") == start + 1

    evaluation = CouncilEvaluation.objects.filter(status=EvaluationStatus.CLOSED).first()
    start = _renders("bien-ban-docx")
    for _ in range(2):
        response = client.get(reverse("councils:minutes", args=[evaluation.pk]))
        assert response.status_code == 200 and "BIÊN BẢN" in docx_text(response.content)
    assert _renders("bien-ban-docx") == start + 1


@pytest.mark.django_db
def test_document_links_say_a_file_is_being_prepared(client_for, demo):
    from django.contrib.staticfiles import finders

    dossier = Dossier.objects.filter(state=DossierState.DRAFT, producer__name__contains="Đăk Kôi").first()
    html = client_for("chuthe1").get(reverse("evaluation:detail", args=[dossier.pk])).content.decode()
    assert html.count("data-generated href=") >= 4  # Mẫu 01 and Mẫu 02, DOCX and PDF
    assert "js/ocop.js" in html
    script = open(finders.find("js/ocop.js"), encoding="utf-8").read()
    assert "a[data-generated]" in script and "Đang tạo tệp…" in script
