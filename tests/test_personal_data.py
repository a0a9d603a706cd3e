"""Personal data (Nghị định 13/2023/NĐ-CP): the register, the journal of views of a
representative's details, export of all about a person and erasure that keeps the records a
law requires (docs/personal-data.md)."""

import json
import re

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from ocop.accounts.models import User
from ocop.evaluation.models import Dossier
from ocop.notifications.models import Notification
from ocop.privacy.models import PersonalDataAccess, PersonalDataRequest
from ocop.privacy.register import (
    ERASED_NAME,
    REGISTER,
    SUBJECT_REPRESENTATIVE,
    SUBJECT_USER,
    registered_names,
)
from ocop.privacy.services import personal_data_erase, personal_data_export
from ocop.producers.services import producer_update

# A field whose name says it holds a person's data.
PERSONAL_NAME = re.compile(r"(phone|email|full_name|first_name|last_name|representative|signer_name|residence|ip_address|username)$")


def test_it_lists_every_field_that_looks_personal_in_the_register():
    names = registered_names()
    missing = []
    for model in apps.get_models():
        if not model.__module__.startswith("ocop."):
            continue
        for field in model._meta.concrete_fields:
            label = f"{model._meta.label}.{field.name}"
            if PERSONAL_NAME.search(field.name) or field.name.startswith("representative_"):
                if label not in names:
                    missing.append(label)
    assert missing == []


def test_it_names_real_fields_and_says_why_each_kept_one_is_kept():
    for entry in REGISTER:
        apps.get_model(entry.model)._meta.get_field(entry.field)  # raises if the field is gone
        assert entry.purpose
        if entry.on_erase == "giữ":
            assert entry.basis, entry


def test_the_docs_print_every_register_entry():
    from pathlib import Path

    text = Path(__file__).resolve().parents[1].joinpath("docs", "personal-data.md").read_text(encoding="utf-8")
    for entry in REGISTER:
        assert f"`{entry.model}.{entry.field}`" in text, entry


@pytest.mark.django_db
def test_it_logs_who_viewed_a_representatives_details_and_when(client_for, demo, users):
    producer = demo["producers"]["producer1"]
    client = client_for("xa.dakkoi")
    assert client.get(reverse("producers:detail", args=[producer.pk])).status_code == 200
    assert client.get(reverse("producers:edit", args=[producer.pk])).status_code == 200
    views = list(PersonalDataAccess.objects.filter(subject_model="producers.Producer", subject_id=producer.pk))
    assert [(v.viewer, v.purpose) for v in views] == [(users["xa.dakkoi"], "Sửa chủ thể"), (users["xa.dakkoi"], "Trang chủ thể")]
    assert views[0].viewed_at and views[0].subject_repr == producer.name


@pytest.mark.django_db
def test_it_logs_nothing_when_the_viewer_is_refused(client_for, demo):
    producer = demo["producers"]["producer2"]
    assert client_for("xa.dakkoi").get(reverse("producers:detail", args=[producer.pk])).status_code == 404
    assert not PersonalDataAccess.objects.exists()


@pytest.mark.django_db
def test_it_logs_the_dossier_forms_that_carry_the_representative(client_for, demo):
    dossier = Dossier.objects.filter(producer=demo["producers"]["producer1"]).first()
    response = client_for("admin").get(reverse("evaluation:document", args=[dossier.pk, "mau-01", "docx"]))
    assert response.status_code == 200
    assert PersonalDataAccess.objects.filter(subject_model="evaluation.Dossier", subject_id=dossier.pk, purpose="Văn bản mau-01.docx").exists()


@pytest.mark.django_db
def test_the_admin_sees_the_journal_of_views(client_for, demo):
    producer = demo["producers"]["producer1"]
    client_for("tinh").get(reverse("producers:detail", args=[producer.pk]))
    client = client_for("admin")
    page = client.get(reverse("admin:privacy_personaldataaccess_changelist"))
    assert page.status_code == 200
    assert producer.name in page.content.decode()
    entry = PersonalDataAccess.objects.get()
    assert client.post(reverse("admin:privacy_personaldataaccess_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    assert PersonalDataAccess.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db
def test_it_exports_everything_held_about_a_representative(demo, users):
    producer = demo["producers"]["producer1"]
    producer_update(actor=users["tinh"], producer=producer, phone="0912345678")
    PersonalDataAccess.objects.create(viewer=users["tinh"], subject_model="producers.Producer", subject_id=producer.pk, subject_repr=producer.name, purpose="Trang chủ thể")
    data = personal_data_export(actor=users["admin"], subject_type=SUBJECT_REPRESENTATIVE, subject_id=producer.pk, reason="Đơn số 1")
    text = json.dumps(data, ensure_ascii=False)
    assert producer.representative_name in text and "0912345678" in text
    tables = {item["bảng"] for item in data["dữ liệu"]}
    assert {"chủ thể OCOP", "hồ sơ đánh giá"} <= tables or "chủ thể OCOP" in tables
    assert [v["người xem"] for v in data["lượt xem dữ liệu cá nhân"]] == [str(users["tinh"])]
    assert any(entry["thay đổi"].get("phone") for entry in data["lịch sử thay đổi"])
    assert data["tài khoản của chủ thể"][0]["tên đăng nhập"] == "chuthe1"
    request = PersonalDataRequest.objects.get()
    assert (request.kind, request.actor, request.reason) == ("export", users["admin"], "Đơn số 1")


@pytest.mark.django_db
def test_it_exports_a_users_account_and_what_points_at_it(demo, users):
    user = users["xa.dakkoi"]
    data = personal_data_export(actor=users["admin"], subject_type=SUBJECT_USER, subject_id=user.pk, reason="Đơn số 2")
    account = next(item for item in data["dữ liệu"] if item["bảng"] == "người dùng")
    assert "xa.dakkoi" in account["trường"].values()
    assert any(link["bảng"] == "phân công vai trò" for link in data["liên kết"])


@pytest.mark.django_db
def test_it_erases_a_representative_but_keeps_dossiers_and_certificates(demo, users):
    producer = demo["producers"]["producer1"]
    producer_update(actor=users["tinh"], producer=producer, phone="0912345678", email="a@example.vn", representative_disability=True)
    old_name = producer.representative_name
    dossiers_before = Dossier.objects.filter(producer=producer).count()
    certificates = apps.get_model("certificates.Certificate")
    certificates_before = certificates.objects.count()
    Dossier.objects.filter(producer=producer).update(phone="0987654321", representative_residence="Thôn 1")

    summary = personal_data_erase(actor=users["admin"], subject_type=SUBJECT_REPRESENTATIVE, subject_id=producer.pk, reason="Đơn số 3")

    producer.refresh_from_db()
    assert producer.representative_name == ERASED_NAME
    assert (producer.phone, producer.email, producer.representative_disability) == ("", "", False)
    assert old_name.lower() not in producer.search_text
    assert producer.name  # the organisation stays in the register
    assert Dossier.objects.filter(producer=producer).count() == dossiers_before
    assert certificates.objects.count() == certificates_before
    dossier = Dossier.objects.filter(producer=producer).first()
    if dossier:
        assert (dossier.phone, dossier.representative_residence) == ("", "")
        assert dossier.representative_name  # as filed on Mẫu 01: a kept record
    history = json.dumps([e.changes for e in LogEntry.objects.get_for_object(producer)], ensure_ascii=False)
    assert "0912345678" not in history and "a@example.vn" not in history
    assert summary["lịch sử thay đổi đã che"] >= 1
    assert PersonalDataRequest.objects.get(kind="erase").subject_repr == producer.name


@pytest.mark.django_db
def test_it_anonymises_a_user_who_can_no_longer_log_in(client, demo, users):
    user = users["chuthe2"]
    Notification.objects.create(recipient=user, title="Nhắc hạn")
    personal_data_erase(actor=users["admin"], subject_type=SUBJECT_USER, subject_id=user.pk, reason="Đơn số 4")
    user = User.objects.get(pk=user.pk)
    assert user.username == f"an-danh-{user.pk}" and user.full_name == ERASED_NAME
    assert (user.email, user.phone, user.is_active, user.has_usable_password()) == ("", "", False, False)
    assert not Notification.objects.filter(recipient=user).exists()
    assert user.roles.exists()  # what the account did stays attributed to it
    response = client.post(reverse("accounts:login"), {"username": "chuthe2", "password": "ocop2026"})
    assert "_auth_user_id" not in client.session and response.status_code == 200


@pytest.mark.django_db
def test_it_refuses_a_request_without_a_reason_or_subject(demo, users):
    with pytest.raises(ValidationError, match="căn cứ"):
        personal_data_erase(actor=users["admin"], subject_type=SUBJECT_USER, subject_id=users["tinh"].pk, reason=" ")
    with pytest.raises(ValidationError, match="Không tìm thấy"):
        personal_data_export(actor=users["admin"], subject_type=SUBJECT_REPRESENTATIVE, subject_id=999999, reason="x")
    assert not PersonalDataRequest.objects.exists()


@pytest.mark.django_db
def test_the_command_writes_the_export_as_a_json_file(demo, users, tmp_path):
    target = tmp_path / "export.json"
    call_command("ocop_personal_data", "export", "--user", "tinh", "--actor", "admin", "--reason", "Đơn số 5", "-o", str(target))
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["chủ thể dữ liệu"] == "tài khoản người dùng"
    assert PersonalDataRequest.objects.filter(kind="export", actor=users["admin"]).exists()


@pytest.mark.django_db
def test_it_logs_the_admin_opening_a_producer(client_for, demo, users):
    producer = demo["producers"]["producer2"]
    assert client_for("admin").get(reverse("admin:producers_producer_change", args=[producer.pk])).status_code == 200
    assert PersonalDataAccess.objects.get().purpose == "Trang quản trị"
