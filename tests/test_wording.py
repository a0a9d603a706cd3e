"""Wording: names keep their case inside messages, and regimes are shown by their legal
names, never by their data keys."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from ocop.core.text import lower_first
from ocop.criteria.regimes import all_regimes, regime_label
from ocop.evaluation.models import Dossier, DossierState
from tests.test_every_page import PATHS

REGIME_KEYS = re.compile(r"qd148-2023|qd148-1489-2025|qd26-2026")


def test_it_lowers_only_the_first_word_and_keeps_names():
    assert lower_first("Đã nộp UBND xã") == "đã nộp UBND xã"
    assert lower_first("UBND xã đang kiểm tra") == "UBND xã đang kiểm tra"
    assert lower_first("Ban hành báo cáo Mẫu 03") == "ban hành báo cáo Mẫu 03"
    assert lower_first("Mẫu 03 đã ban hành") == "Mẫu 03 đã ban hành"
    assert lower_first("QĐ 26/2026/QĐ-TTg") == "QĐ 26/2026/QĐ-TTg"
    assert lower_first("") == ""


def test_it_names_every_regime_by_its_legal_name():
    assert regime_label("qd26-2026") == "QĐ 26/2026/QĐ-TTg"
    assert regime_label("qd148-2023") == "QĐ 148/QĐ-TTg (2023)"
    assert regime_label("qd148-1489-2025") == "QĐ 148/QĐ-TTg sửa đổi bởi QĐ 1489/QĐ-TTg (2025)"
    for regime in all_regimes():
        assert regime.legal_name and not REGIME_KEYS.search(regime.legal_name)
        assert regime.name.startswith(regime.legal_name)
    assert regime_label("khong-co") == "khong-co"


@pytest.mark.django_db
def test_it_keeps_the_case_of_ubnd_in_the_refusal_message(client, demo):
    dossier = Dossier.objects.filter(state=DossierState.DRAFT, regime_key="qd26-2026").first()
    client.force_login(demo["users"]["admin"])
    response = client.post(reverse("evaluation:transition", args=[dossier.pk, "submit"]), follow=True)
    html = response.content.decode()
    assert "Chưa thể «Nộp hồ sơ cho UBND xã»" in html
    assert "ubnd" not in html


class _Text(HTMLParser):
    """Visible text of a page (attribute values such as <option value>
    are identifiers, not wording)."""

    def __init__(self):
        super().__init__()
        self.text, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def _demo_pages():
    """Parameterless pages and the record pages where regimes are named: dossiers, their
    histories, council evaluations and score sheets, product histories, self-assessments."""
    from ocop.councils.models import CouncilEvaluation
    from ocop.criteria.models import SelfAssessment

    pages = list(PATHS)
    for pk, product_id in Dossier.objects.values_list("pk", "product_id"):
        pages += [reverse("evaluation:detail", args=[pk]), reverse("evaluation:history", args=[pk]),
                  reverse("councils:product_history", args=[product_id])]
    for pk in CouncilEvaluation.objects.values_list("pk", flat=True):
        pages += [reverse("councils:evaluation", args=[pk]), reverse("councils:sheet", args=[pk])]
    for pk in SelfAssessment.objects.values_list("pk", flat=True):
        pages.append(reverse("criteria:self_assessment_detail", args=[pk]))
    return list(dict.fromkeys(pages))


@pytest.mark.django_db
def test_no_page_of_the_demo_shows_a_regime_key(client, demo):
    """As the administrator (who sees every record), the visible text of every page."""
    client.force_login(demo["users"]["admin"])
    offenders, read = [], 0
    for path in _demo_pages():
        response = client.get(path)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        read += 1
        parser = _Text()
        parser.feed(response.content.decode())
        found = REGIME_KEYS.search(" ".join(parser.text))
        if found:
            offenders.append((path, found.group()))
    assert read > 40
    assert not offenders, offenders
