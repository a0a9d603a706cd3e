"""The synthetic national register (`manage.py ocop_national_data`) at a tiny scale."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from ocop import national
from ocop.certificates import validity
from ocop.certificates.models import Certificate, RecognitionDecision, Revocation
from ocop.certificates.selectors import with_status
from ocop.councils.models import CouncilEvaluation, ScoreSheet
from ocop.evaluation.models import Dossier
from ocop.producers.models import Producer
from ocop.products.models import Product, ProductPhoto

pytestmark = pytest.mark.django_db

ALL_STATUSES = set(validity.STATUSES)


def _run(**options) -> str:
    out = StringIO()
    call_command("ocop_national_data", stdout=out, **options)
    return out.getvalue()


def _synthetic_certificates():
    return Certificate.objects.filter(product__producer__notes__startswith=national.MARKER)


def test_it_builds_the_requested_sizes_with_every_regime_and_status():
    _run(producers=40, batch=15)

    producers = Producer.objects.filter(notes__startswith=national.MARKER)
    assert producers.count() == 40
    assert Product.objects.filter(producer__in=producers).count() == 80
    assert ProductPhoto.objects.filter(product__producer__in=producers).count() == 80
    assert _synthetic_certificates().count() >= 60  # 1.5 a producer, plus replacements
    assert Dossier.objects.filter(producer__in=producers).count() == 20
    assert not producers.filter(latitude__isnull=True).exists()
    # Vietnamese names, searchable without diacritics.
    assert all(p.search_text and p.name for p in producers)

    statuses = set(with_status(_synthetic_certificates()).values_list("status", flat=True))
    assert statuses == ALL_STATUSES
    regimes = set(RecognitionDecision.objects.filter(certificates__in=_synthetic_certificates())
                  .values_list("regime_key", flat=True))
    assert {"qd148-2023", "qd148-1489-2025", "qd26-2026"} <= regimes
    assert Revocation.objects.filter(certificate__in=_synthetic_certificates()).exists()
    # Replaced certificates point at the certificate that replaced them.
    replaced = _synthetic_certificates().filter(replaced_on__isnull=False)
    assert replaced.exists() and not replaced.filter(replaced_by__isnull=True).exists()


def test_it_gives_councils_a_sheet_per_member_on_every_evaluated_dossier():
    _run(producers=40)

    evaluations = CouncilEvaluation.objects.filter(dossier__producer__notes__startswith=national.MARKER)
    assert evaluations.exists()
    per_evaluation = evaluations.annotate(n=Count("sheets")).values_list("n", flat=True)
    assert set(per_evaluation) == {national.COUNCIL_SIZE}
    sheets = ScoreSheet.objects.filter(evaluation__in=evaluations)
    assert not sheets.filter(total__isnull=True).exists()
    # Both kinds of sheet: option points (QĐ 26/2026) and part totals (QĐ 148 regimes).
    assert sheets.exclude(points={}).exists() or sheets.exclude(part_totals={}).exists()
    assert all(e.dossier.state in national.SCORED_STATES for e in evaluations.select_related("dossier"))


def test_it_adds_nothing_when_run_again_and_only_the_difference_when_asked_for_more():
    _run(producers=30)
    counts = (Producer.objects.count(), Product.objects.count(), Certificate.objects.count(), Dossier.objects.count())

    output = _run(producers=30)

    assert (Producer.objects.count(), Product.objects.count(), Certificate.objects.count(), Dossier.objects.count()) == counts
    assert "không thêm gì" in output

    _run(producers=20, scale=2)  # 40 in total: ten more
    assert Producer.objects.filter(notes__startswith=national.MARKER).count() == 40


def test_it_refuses_a_scale_that_gives_no_producer():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        _run(producers=10, scale=0)


def test_photos_only_writes_the_sample_photos_of_this_installation_and_no_data(settings, tmp_path):
    from ocop.national.vocabulary import PHOTO_COUNT, PHOTO_DIR

    settings.MEDIA_ROOT = tmp_path
    out = _run(photos_only=True)
    assert sorted(p.name for p in (tmp_path / PHOTO_DIR).iterdir()) == [
        f"san-pham-{n:02d}.jpg" for n in range(1, PHOTO_COUNT + 1)
    ]
    assert f"Ảnh mẫu: {PHOTO_COUNT} tệp." in out
    assert not Producer.objects.exists()
