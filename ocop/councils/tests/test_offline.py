"""Sheets scored offline: the installable app's files, the bundle of pages a member takes
along, and the conflict rules applied when a device sends its copy (services/offline.py)."""

import io
import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from ocop.accounts.models import User
from ocop.councils import services
from ocop.councils.models import (
    AdvisoryRecord,
    CouncilKind,
    EvaluationStatus,
    Position,
    ScoreSheet,
    SheetStatus,
)
from ocop.councils.services.offline import sheet_sync
from ocop.criteria.presentation import field_name
from ocop.territory.models import AdministrativeUnit
from tests.factories import ProductFactory

from .helpers import make_council, make_dossier, sheet_with_total

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    province = AdministrativeUnit.objects.get(level="province", code="51", valid_to__isnull=True)
    council, round_obj, members = make_council(province)
    dossier = make_dossier(ProductFactory(name="Mật ong rừng Kon Braih"), round_obj=round_obj)
    evaluation = services.evaluation_open(actor=members[0].user, council=council, dossier=dossier)
    return evaluation, members


def _form(points, **extra):
    data = {field_name(code): str(value) for code, value in points.items()}
    data.update(extra)
    return data


def _sync(client, evaluation, points, *, sync_id="may-1", base_revision=0, saved_at=None, comment="Đi thực địa"):
    saved_at = saved_at or timezone.now()
    return client.post(
        reverse("councils:sync", args=[evaluation.pk]),
        _form(points, sync_id=sync_id, base_revision=str(base_revision), saved_at=saved_at.isoformat(), comment=comment),
    )


def test_it_applies_an_offline_copy_as_a_draft_once_even_when_sent_twice(client, setup):
    evaluation, members = setup
    points = sheet_with_total(13, 76)
    client.force_login(members[1].user)
    first = _sync(client, evaluation, points)
    again = _sync(client, evaluation, points)
    assert first.status_code == 200 and first.json()["ok"]
    assert again.status_code == 200 and "trước đó" in again.json()["message"]
    sheet = ScoreSheet.objects.get(evaluation=evaluation, member=members[1])
    assert ScoreSheet.objects.filter(evaluation=evaluation).count() == 1
    assert sheet.points == points and sheet.total == 76 and sheet.status == SheetStatus.DRAFT
    assert sheet.revision == 1 and sheet.comment == "Đi thực địa" and sheet.last_sync_id == "may-1"


def test_a_sheet_submitted_on_the_server_wins_over_the_offline_copy(client, setup):
    evaluation, members = setup
    services.sheet_save(actor=members[1].user, evaluation=evaluation, points=sheet_with_total(13, 80), submit=True)
    client.force_login(members[1].user)
    response = _sync(client, evaluation, sheet_with_total(13, 60), base_revision=0)
    assert response.status_code == 409
    assert "đã được nộp trên máy chủ" in response.json()["message"]
    assert ScoreSheet.objects.get(evaluation=evaluation, member=members[1]).total == 80


def test_a_newer_server_save_wins_but_a_later_device_change_wins_over_an_older_one(client, setup):
    evaluation, members = setup
    copied_at = timezone.now() - timedelta(hours=3)
    services.sheet_save(actor=members[1].user, evaluation=evaluation, points=sheet_with_total(13, 70))  # revision 1
    client.force_login(members[1].user)
    older = _sync(client, evaluation, sheet_with_total(13, 60), sync_id="cu", base_revision=0, saved_at=copied_at)
    assert older.status_code == 409 and "bản mới hơn trên máy chủ" in older.json()["message"]
    assert ScoreSheet.objects.get(evaluation=evaluation, member=members[1]).total == 70
    later = _sync(client, evaluation, sheet_with_total(13, 62), sync_id="moi", base_revision=0,
                  saved_at=timezone.now() + timedelta(seconds=1))
    assert later.status_code == 200
    assert ScoreSheet.objects.get(evaluation=evaluation, member=members[1]).total == 62


def test_it_refuses_a_copy_after_scoring_closed(setup):
    evaluation, members = setup
    evaluation.status = EvaluationStatus.CLOSED
    evaluation.save(update_fields=["status"])
    outcome = sheet_sync(actor=members[1].user, evaluation=evaluation, sync_id="x", base_revision=0,
                         saved_at=timezone.now(), points=sheet_with_total(13, 70))
    assert not outcome.applied and "kết thúc chấm điểm" in outcome.message
    assert not ScoreSheet.objects.filter(evaluation=evaluation, member=members[1]).exists()


def test_bad_values_are_refused_with_the_criterion_named_and_nothing_saved(client, setup):
    evaluation, members = setup
    points = sheet_with_total(13, 76)
    client.force_login(members[1].user)
    response = client.post(reverse("councils:sync", args=[evaluation.pk]), _form(
        points, **{field_name("1.1"): "1e309"}, sync_id="x", base_revision="0", saved_at=timezone.now().isoformat()))
    assert response.status_code == 400 and "1.1" in " ".join(response.json()["errors"])
    missing = client.post(reverse("councils:sync", args=[evaluation.pk]), _form(points, sync_id="x"))
    assert missing.status_code == 400
    assert not ScoreSheet.objects.filter(evaluation=evaluation).exists()


def test_only_a_scoring_member_of_the_council_can_send_a_copy(client, setup, django_user_model):
    evaluation, members = setup
    stranger = django_user_model.objects.create_user("nguoi-ngoai", password="x")
    client.force_login(stranger)
    assert _sync(client, evaluation, sheet_with_total(13, 70)).status_code in (400, 403, 404)
    client.logout()
    assert _sync(client, evaluation, sheet_with_total(13, 70)).status_code == 302  # to the login page
    assert not ScoreSheet.objects.filter(evaluation=evaluation).exists()


def test_the_bundle_lists_the_members_open_sheets_only(client, setup):
    evaluation, members = setup
    client.force_login(members[2].user)
    bundle = client.get(reverse("councils:offline_bundle")).json()
    assert reverse("councils:sheet", args=[evaluation.pk]) in bundle["urls"]
    assert bundle["sheets"] == [{"url": reverse("councils:sheet", args=[evaluation.pk]), "product": "Mật ong rừng Kon Braih"}]
    services.sheet_save(actor=members[2].user, evaluation=evaluation, points=sheet_with_total(13, 70), submit=True)
    assert client.get(reverse("councils:offline_bundle")).json()["sheets"] == []


def test_the_manifest_and_service_worker_are_served_for_the_council_scope(client):
    manifest = client.get(reverse("councils:manifest"))
    data = json.loads(manifest.content)
    assert manifest["Content-Type"] == "application/manifest+json"
    assert data["scope"] == "/hoi-dong/" and data["start_url"] == "/hoi-dong/viec-cham-diem/" and data["lang"] == "vi"
    assert {icon["sizes"] for icon in data["icons"]} == {"192x192", "512x512"}
    worker = client.get(reverse("councils:service_worker"))
    text = worker.content.decode()
    assert worker["Content-Type"].startswith("text/javascript") and worker["Cache-Control"] == "no-cache"
    assert "/static/js/offline-scoring.js" in text and 'addEventListener("fetch"' in text


def _advisory_team(evaluation, username="tuvan1"):
    council = evaluation.council
    team = services.council_create(actor=None, level=council.level, unit=council.unit, year=council.year,
                                   name="Tổ tư vấn thử", kind=CouncilKind.ADVISORY, advisory_for=council)
    user, _ = User.objects.get_or_create(username=username, defaults={"full_name": "Chuyên gia tư vấn"})
    services.council_member_add(actor=None, council=team, user=user, position=Position.MEMBER)
    return team, user


def test_an_advisory_record_written_offline_is_kept_once_with_its_photo(client, setup):
    evaluation, members = setup
    team, expert = _advisory_team(evaluation)
    client.force_login(expert)
    url = reverse("councils:advisory", args=[team.pk, evaluation.dossier_id])
    bundle = client.get(reverse("councils:offline_bundle")).json()
    assert url in bundle["urls"] and bundle["advisory"][0]["product"] == "Mật ong rừng Kon Braih"

    def send():
        photo = io.BytesIO()
        Image.new("RGB", (40, 30), "#1f6f43").save(photo, "JPEG")
        upload = SimpleUploadedFile("co-so.jpg", photo.getvalue(), content_type="image/jpeg")
        return client.post(url, {"kind": "site_visit", "happened_on": "2026-12-05", "text": "Khảo sát nhà xưởng",
                                 "photo": upload, "offline_id": "ghi-1"}, HTTP_ACCEPT="application/json")

    first, again = send(), send()
    assert first.status_code == 200 and again.status_code == 200 and first.json()["ok"]
    records = AdvisoryRecord.objects.filter(council=team, dossier=evaluation.dossier)
    assert records.count() == 1
    record = records.get()
    assert record.author == expert and record.offline_id == "ghi-1" and record.photo
    assert Image.open(record.photo.open("rb")).size == (40, 30)
    refused = client.post(url, {"kind": "site_visit", "text": "", "offline_id": "ghi-2"}, HTTP_ACCEPT="application/json")
    assert refused.status_code == 409 and "Ngày" in refused.json()["message"]
    assert records.count() == 1
