"""Dossier services: regime by filing date, numbering, notifications, to-do lists, the
re-evaluation hook for the certificates app, the demo."""

import sys
import types
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ocop.evaluation import checklist, services
from ocop.evaluation.models import Dossier, DossierKind, DossierState, EvaluationRound
from ocop.evaluation.selectors import dossier_todo
from ocop.evaluation.tests.builders import (
    complete_dossier,
    current_dakkoi,
    fill_commune_report,
    legacy_dakkoi,
    make_product,
    producer_user,
    put_in_state,
)
from ocop.notifications.models import Notification
from ocop.products.models import Product


@pytest.mark.django_db
@pytest.mark.parametrize(
    "filed_on, regime_key",
    [
        (date(2024, 5, 6), "qd148-2023"),
        (date(2025, 7, 5), "qd148-2023"),
        (date(2025, 7, 6), "qd148-1489-2025"),
        (date(2026, 5, 21), "qd148-1489-2025"),
        (date(2026, 5, 22), "qd26-2026"),
    ],
)
def test_it_chooses_the_regime_by_filing_date(filed_on, regime_key):
    commune = legacy_dakkoi() if filed_on < date(2025, 7, 1) else current_dakkoi()
    dossier = services.dossier_create(
        actor=None, product=make_product(commune=commune), kind=DossierKind.FIRST, filed_on=filed_on
    )
    assert dossier.regime_key == regime_key
    assert dossier.events.get(action="create").data["regime"] == regime_key


@pytest.mark.django_db
def test_the_regime_never_changes_afterwards():
    dossier = services.dossier_create(
        actor=None, product=make_product(commune=current_dakkoi()), kind=DossierKind.FIRST, filed_on=date(2026, 5, 20)
    )
    assert dossier.regime_key == "qd148-1489-2025"
    with pytest.raises(ValueError):
        services.dossier_update(actor=None, dossier=dossier, regime_key="qd26-2026")
    services.dossier_update(actor=None, dossier=dossier, representative_title="Giám đốc")
    assert Dossier.objects.get(pk=dossier.pk).regime_key == "qd148-1489-2025"


@pytest.mark.django_db
def test_a_product_has_at_most_one_open_dossier():
    product = make_product(commune=current_dakkoi())
    services.dossier_create(actor=None, product=product, kind=DossierKind.FIRST)
    with pytest.raises(ValidationError) as error:
        services.dossier_create(actor=None, product=product, kind=DossierKind.UPGRADE)
    assert "đang có hồ sơ chưa hoàn tất" in error.value.messages[0]


@pytest.mark.django_db
def test_a_2026_dossier_of_a_product_of_a_merged_commune_goes_to_todays_commune():
    product = make_product(commune=legacy_dakkoi())
    dossier = services.dossier_create(actor=None, product=product, kind=DossierKind.FIRST, filed_on=date(2026, 9, 1))
    assert dossier.commune == current_dakkoi()
    assert (dossier.province.code, dossier.commune.code) == ("51", "23485")
    old = services.dossier_create(
        actor=None, product=make_product(commune=legacy_dakkoi()), kind=DossierKind.FIRST, filed_on=date(2024, 3, 1)
    )
    assert (old.province.code, old.commune.code, old.commune.is_current) == ("62", "23482", False)


@pytest.mark.django_db
def test_it_numbers_registrations_per_commune_and_year_and_codes_products_per_evaluation_year(users):
    xa = users["xa.dakkoi"]
    numbers, codes = [], []
    for day in (date(2026, 10, 5), date(2026, 10, 6)):
        dossier = complete_dossier(make_product(commune=current_dakkoi()), filed_on=day)
        dossier = services.dossier_transition(actor=xa, dossier=dossier, action="submit", today=day)
        dossier = services.dossier_transition(actor=xa, dossier=dossier, action="receive", today=day)
        fill_commune_report(dossier)
        dossier = services.dossier_transition(actor=xa, dossier=dossier, action="issue_report", today=day)
        dossier = services.dossier_transition(
            actor=xa, dossier=dossier, action="forward", today=day,
            letter_number="1/UBND", letter_date=day, samples_count=5,
        )
        numbers.append(dossier.registration_number)
        codes.append(dossier.product_code)
    # The demo's Đăk Kôi dossiers of 2026 already hold 01 and 02.
    assert numbers == ["03-LĐ/PĐK-51-23485-2026", "04-LĐ/PĐK-51-23485-2026"]
    # Proposed before 30/10/2026: round 2 of 2026; the demo's accepted one holds STT 01.
    assert codes == ["51-23485-02-2026", "51-23485-03-2026"]


@pytest.mark.django_db
def test_it_reissues_the_product_code_when_accepted_into_a_round_of_another_year(users):
    dossier = complete_dossier(make_product(commune=current_dakkoi()), filed_on=date(2026, 11, 2))
    dossier = put_in_state(dossier, DossierState.COMMUNE_REPORTED)
    dossier = services.dossier_transition(
        actor=users["xa.dakkoi"], dossier=dossier, action="forward", today=date(2026, 11, 5),
        letter_number="9/UBND", letter_date=date(2026, 11, 5), samples_count=5,
    )
    assert dossier.product_code.endswith("-2027")  # after 30/10: round 1 of 2027
    extra = services.round_create(
        actor=None, level="province", unit=dossier.province, year=2026, number=3, is_extra=True,
        held_before=date(2026, 12, 20),
    )
    dossier = services.dossier_transition(actor=users["tinh"], dossier=dossier, action="office_receive")
    dossier = services.dossier_transition(actor=users["tinh"], dossier=dossier, action="accept", round=extra)
    assert dossier.product_code.endswith("-2026") and dossier.product_code_year == 2026


@pytest.mark.django_db
def test_it_notifies_the_people_concerned_but_not_the_actor(users):
    product = make_product(commune=current_dakkoi())
    owner = producer_user(product.producer, "chu.the.moi")
    dossier = complete_dossier(product, filed_on=date(2026, 10, 1))
    Notification.objects.all().delete()

    services.dossier_transition(actor=owner, dossier=dossier, action="submit")
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert recipients == {"xa.dakkoi"}  # the commune; the producer acted itself
    note = Notification.objects.get()
    assert product.name in note.title and "đã nộp ubnd xã" in note.title.lower()
    assert "Hạn UBND xã kiểm tra" in note.body
    assert note.url == reverse("evaluation:detail", args=[dossier.pk])

    Notification.objects.all().delete()
    services.dossier_transition(actor=users["xa.dakkoi"], dossier=dossier, action="receive")
    services.dossier_transition(
        actor=users["xa.dakkoi"], dossier=dossier, action="return", comment="Thiếu ảnh vùng nguyên liệu."
    )
    returned = Notification.objects.filter(recipient=owner).order_by("id").last()
    assert "Thiếu ảnh vùng nguyên liệu." in returned.body
    assert not Notification.objects.filter(recipient__username__in=["tinh", "xa.dakrve", "chuthe1"]).exists()

    dossier = put_in_state(Dossier.objects.get(pk=dossier.pk), DossierState.COMMUNE_REPORTED)
    Notification.objects.all().delete()
    services.dossier_transition(
        actor=users["xa.dakkoi"], dossier=dossier, action="forward",
        letter_number="2/UBND", letter_date=date(2026, 11, 2), samples_count=5,
    )
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert recipients == {"chu.the.moi", "tinh"}


@pytest.mark.django_db
def test_the_district_office_is_notified_under_qd148(users):
    dossier = complete_dossier(make_product(commune=legacy_dakkoi()), filed_on=date(2024, 5, 6))
    dossier = put_in_state(dossier, DossierState.COMMUNE_REPORTED)
    Notification.objects.all().delete()
    services.dossier_transition(
        actor=users["xa.dakkoi"], dossier=dossier, action="forward", today=date(2024, 5, 20),
        letter_number="2/UBND", letter_date=date(2024, 5, 20), samples_count=5,
    )
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {"huyen"}


@pytest.mark.django_db
def test_the_todo_list_of_each_role_holds_what_waits_for_it(users, demo):
    def names(username):
        return {d.product.name for d in dossier_todo(actor=users[username])}

    assert names("chuthe1") == {"Mật ong rừng Đăk Kôi"}  # its draft
    assert names("xa.dakkoi") == {"Cà phê nhân xanh Đăk Kôi"}
    assert names("xa.dakrve") == {"Tinh dầu sả chanh Đăk Rve"}  # the returned one waits for the producer
    assert names("xa.konbraih") == set()
    assert names("tinh") == {"Gạo lúa rẫy Kon Braih", "Du lịch cộng đồng làng Kon Braih"}
    assert names("huyen") == set()
    assert names("hoidong1") == set()
    overdue = list(dossier_todo(actor=users["xa.dakrve"]))
    assert overdue[0].is_overdue


@pytest.mark.django_db
def test_the_todo_page_lists_overdue_first_with_the_deadline(client_for, demo):
    response = client_for("xa.dakrve").get(reverse("evaluation:todo"))
    text = response.content.decode()
    assert "Tinh dầu sả chanh Đăk Rve" in text and "Quá hạn" in text
    dossier = Dossier.objects.get(product__name="Tinh dầu sả chanh Đăk Rve")
    assert dossier.commune_deadline.strftime("%d/%m/%Y") in text


@pytest.mark.django_db
def test_it_tells_the_certificates_app_when_a_reevaluation_is_submitted(users, demo):
    certificates = pytest.importorskip("ocop.certificates.models")
    coffee = Product.objects.get(name="Cà phê bột Robusta Đăk Kôi")
    certificate = services.current_certificate_of(coffee)
    if certificate is None:
        pytest.skip("the certificates demo gives the coffee no certificate")
    # "Lập hồ sơ" with kind "đánh giá lại" starts from the certificate in force.
    dossier = services.dossier_file(actor=users["chuthe1"], product=coffee, kind=DossierKind.REEVALUATION)
    assert dossier.kind == DossierKind.REEVALUATION and dossier.certificate_ref == certificate.pk
    assert dossier.certificate_expires_on == certificate.expires_on
    dossier = complete_dossier_fields(dossier)
    dossier = services.dossier_transition(actor=users["chuthe1"], dossier=dossier, action="submit")
    certificate = certificates.Certificate.objects.get(pk=certificate.pk)
    assert certificate.reevaluation_filed_on == dossier.submitted_on
    assert str(dossier.pk) in certificate.reevaluation_reference


@pytest.mark.django_db
def test_it_refuses_the_submission_when_the_certificates_app_refuses_the_filing(monkeypatch, users):
    calls = []

    def refuse(**kwargs):
        calls.append(kwargs)
        raise ValidationError("Giấy chứng nhận đã hết hạn: đăng ký đánh giá lần đầu.")

    fake = types.ModuleType("ocop.certificates.services")
    fake.certificate_mark_reevaluation_filed = refuse
    monkeypatch.setitem(sys.modules, "ocop.certificates.services", fake)
    product = make_product(commune=current_dakkoi())
    certificate = types.SimpleNamespace(pk=10**9, product=product, expires_on=date(2026, 1, 1))
    dossier = services.dossier_start_reevaluation(actor=None, certificate_or_product=certificate, filed_on=date(2026, 11, 1))
    dossier = complete_dossier_fields(dossier)
    # No such certificate row: nothing to tell, the submission goes through.
    dossier = services.dossier_transition(actor=users["xa.dakkoi"], dossier=dossier, action="submit")
    assert dossier.state == DossierState.SUBMITTED and calls == []


def complete_dossier_fields(dossier):
    """Fill a re-evaluation started from a certificate so that it can be submitted."""
    from ocop.criteria.services import self_assessment_save
    from ocop.evaluation.demo import MAU02_TEXT, sample_pdf, sample_sheet

    product = dossier.product
    services.dossier_update(
        actor=None, dossier=dossier, phone="0912345678", changes_summary="Bao bì mới.",
        self_assessment=self_assessment_save(actor=None, product=product, points=sample_sheet(13)),
        **MAU02_TEXT,
    )
    from django.core.files.base import ContentFile

    for key, subtype in [("business_registration", ""), ("production_conditions", "attp"),
                         ("quality_declaration", ""), ("lab_results", "")]:
        services.evidence_upload(
            actor=None, dossier=dossier, item_key=key, subtype=subtype,
            file=ContentFile(sample_pdf(key), name="x.pdf"),
        )
    return Dossier.objects.get(pk=dossier.pk)


@pytest.mark.django_db
def test_a_reevaluation_filed_outside_the_window_is_warned_about():
    product = make_product(commune=current_dakkoi())
    dossier = services.dossier_start_reevaluation(actor=None, certificate_or_product=product, filed_on=date(2026, 11, 1))
    assert dossier.certificate_ref is None and services.reevaluation_window_warning(dossier) == ""
    Dossier.objects.filter(pk=dossier.pk).update(certificate_expires_on=date(2027, 1, 15))
    dossier.refresh_from_db()
    assert "Nộp muộn" in services.reevaluation_window_warning(dossier)  # 120 days before: 17/09/2026
    Dossier.objects.filter(pk=dossier.pk).update(certificate_expires_on=date(2027, 12, 1))
    dossier.refresh_from_db()
    assert "Nộp sớm" in services.reevaluation_window_warning(dossier)


@pytest.mark.django_db
def test_the_demo_is_idempotent_and_leaves_the_coffee_without_a_dossier(demo):
    from ocop.core.demo import load_demo

    counts = (Dossier.objects.count(), EvaluationRound.objects.count())
    load_demo()
    assert (Dossier.objects.count(), EvaluationRound.objects.count()) == counts
    assert not Dossier.objects.filter(product__name="Cà phê bột Robusta Đăk Kôi").exists()
    assert Dossier.objects.filter(regime_key="qd26-2026", is_sample=True).count() >= 6
    old = Dossier.objects.get(product__name="Thịt heo đen gác bếp")
    assert old.regime_key == "qd148-2023"
    assert old.round.level == "district" and old.events.filter(actor__username="huyen").exists()
    assert EvaluationRound.objects.filter(level="province", unit__code="51", status="open").exists()
    states = set(Dossier.objects.values_list("state", flat=True))
    assert {"draft", "commune_checking", "returned", "forwarded_to_province", "province_checking", "accepted"} <= states


@pytest.mark.django_db
def test_the_menu_offers_dossiers_todo_and_rounds_to_the_roles_concerned(client_for, demo):
    response = client_for("xa.dakkoi").get(reverse("core:home"))
    labels = [item.label for item in response.context["nav_items"]]
    assert "Hồ sơ đánh giá" in labels and "Đợt đánh giá" in labels
    assert any(label.startswith("Việc cần làm (1)") for label in labels)
    labels = [item.label for item in client_for("nganh.congthuong").get(reverse("core:home")).context["nav_items"]]
    assert "Hồ sơ đánh giá" not in labels


def test_the_checklist_is_the_table_of_mau_02():
    items = checklist.checklist_for("qd26-2026").items
    assert [item.title for item in items][:3] == [
        "Giấy đăng ký kinh doanh",
        "Giấy chứng nhận cơ sở đủ điều kiện sản xuất",
        "Nguồn gốc nguyên liệu, vùng nguyên liệu, liên kết chuỗi",
    ]
    assert len(items) == 15 and [item.row for item in items] == list(range(1, 16))
    assert "Mẫu số 02" in checklist.checklist_for("qd26-2026").source
    # Each item proves criteria of the coffee set (bộ 13), resolved by title.
    codes = {item.key: checklist.item_criteria_codes(item, 13, "qd26-2026") for item in items}
    assert codes["business_registration"] == ("3.1",)
    assert codes["local_labour"] == ("3.3",)
    assert codes["quality_declaration"] == ("8",)
    assert all(codes.values())
    # The same title carries another code in another set (bộ 21: 1.4 vs bộ 13: 1.5).
    assert "1.4" in checklist.item_criteria_codes(checklist.checklist_for("qd26-2026").item("raw_materials"), 21, "qd26-2026")


@pytest.mark.parametrize(
    "criteria_set, required",
    [
        (13, {"business_registration", "production_conditions", "quality_declaration", "lab_results"}),
        (21, {"business_registration", "quality_declaration"}),
        (26, {"business_registration"}),
    ],
)
def test_the_required_items_depend_on_the_product_set(criteria_set, required):
    items = checklist.checklist_for("qd26-2026").items
    assert {item.key for item in items if checklist.is_required(item, criteria_set, "qd26-2026")} == required
