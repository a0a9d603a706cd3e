"""Importing existing registers: matching, validation row by row, all or nothing."""

import io
from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from ocop.certificates.importing import services as import_services
from ocop.certificates.importing.cells import parse_date, parse_producer_type
from ocop.certificates.importing.planner import plan_import
from ocop.certificates.models import Certificate, CertificateImport, RecognitionDecision
from ocop.certificates.tests.sheets import HEADERS, csv_bytes, row, xlsx_bytes
from ocop.jobs.testing import run_worker
from ocop.producers.models import Producer, ProducerType
from ocop.products.models import Product
from ocop.territory.selectors import display_with_current

TODAY = date(2026, 11, 30)


def plan(data, *, kind="xlsx", actor=None):
    return plan_import(data, filename="so-ocop.xlsx", kind=kind, actor=actor, today=TODAY)


def import_file(data, *, actor=None, name="so-ocop.xlsx"):
    return import_services.certificate_import_file(actor=actor, filename=name, data=data)


@pytest.mark.django_db
def test_it_shows_a_legacy_commune_under_todays_commune(demo):
    batch, result = import_file(xlsx_bytes([row()]))
    assert batch is not None, result.issues
    certificate = Certificate.objects.get(number="05/GCN-UBND")
    commune = certificate.product.commune
    assert commune.name == "Xã Đắk Tơ Lung" and not commune.is_current
    assert display_with_current(commune) == "Xã Đắk Tơ Lung (nay là Xã Đăk Kôi)"
    # The demo producer of the same name in the same (old) commune is reused, so is its product.
    assert certificate.product.producer.name == "Hợp tác xã Cà phê Đắk Tơ Lung"
    assert Producer.objects.filter(name="Hợp tác xã Cà phê Đắk Tơ Lung").count() == 1
    assert Product.objects.filter(name="Cà phê hạt rang Đắk Tơ Lung").count() == 1
    assert certificate.decision.level == "district"
    assert certificate.decision.issuing_unit.name == "Huyện Kon Rẫy"
    assert certificate.decision.issuer_name == "UBND huyện Kon Rẫy"
    assert certificate.decision.regime_key == "qd148-2023"
    assert certificate.expires_on == date(2027, 9, 15)
    assert certificate.source == "imported" and certificate.import_batch == batch
    assert str(certificate.score) == "62.50"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "commune, district, province",
    [
        ("xa dak to lung", "huyen kon ray", "tinh kon tum"),
        ("Đắk Tơ Lung", "Kon Rẫy", "Kon Tum"),
        ("  ĐĂK TƠ LUNG ", "Huyện Kon Rẫy", "Tỉnh Kon Tum"),
        ("Xã Đắk Tơ-Lung", "Kon Rẫy", "Quảng Ngãi"),  # today's province, old district and commune
    ],
)
def test_it_matches_units_without_regard_to_diacritics_case_or_prefix(db, commune, district, province):
    result = plan(xlsx_bytes([row(commune=commune, district=district, province=province)]))
    assert result.ok, result.issues
    assert result.rows[0].commune.name == "Xã Đắk Tơ Lung"
    assert result.rows[0].commune.valid_to is not None


@pytest.mark.django_db
def test_it_uses_todays_commune_when_the_district_is_empty(db):
    result = plan(
        xlsx_bytes([row(commune="Đăk Kôi", district="", province="Quảng Ngãi", decided="02/10/2025", level="tỉnh")])
    )
    assert result.ok, result.issues
    planned = result.rows[0]
    assert planned.commune.name == "Xã Đăk Kôi" and planned.commune.is_current
    decision = planned.decision_ref
    assert decision.issuing_unit.name == "Tỉnh Quảng Ngãi" and decision.issuing_unit.is_current
    assert decision.regime_key == "qd148-1489-2025"


@pytest.mark.django_db
def test_it_takes_the_province_valid_on_the_decision_day(db):
    # A 4★ provincial decision of 2024 was issued by UBND tỉnh Kon Tum (before the merger).
    result = plan(xlsx_bytes([row(stars=4, score="75", level="tỉnh", decided="10/12/2024")]))
    assert result.ok, result.issues
    assert result.rows[0].decision_ref.issuer_name == "UBND tỉnh Kon Tum"


@pytest.mark.django_db
def test_it_reports_exactly_the_three_bad_rows_and_imports_nothing(demo):
    rows = [
        row(number="10/GCN", product="Sản phẩm tốt 1", producer="HTX Mới Một", criteria_set=7),
        row(number="11/GCN", product="Sản phẩm lỗi sao", stars=6),  # row 3
        row(number="12/GCN", product="Sản phẩm tốt 2", producer="HTX Mới Hai", criteria_set=7),
        row(number="13/GCN", product="Sản phẩm lỗi xã", commune="Xã Không Có Thật"),  # row 5
        row(number="14/GCN", product="Sản phẩm lỗi ngày", decided="31/02/2024"),  # row 6
        row(number="15/GCN", product="Sản phẩm tốt 3", producer="HTX Mới Ba", criteria_set=7),
    ]
    before = (Certificate.objects.count(), Producer.objects.count(), Product.objects.count(), RecognitionDecision.objects.count())
    batch, result = import_file(xlsx_bytes(rows))
    assert batch is None
    assert [(i.row, i.column) for i in result.issues] == [(3, "Số sao"), (5, "Xã"), (6, "Ngày quyết định")]
    messages = [i.message for i in result.issues]
    assert "Số sao 6 không hợp lệ" in messages[0]
    assert "Không tìm thấy xã, phường “Xã Không Có Thật” thuộc huyện “Kon Rẫy”" in messages[1]
    assert "Ngày 31/02/2024 không có trên lịch" in messages[2]
    after = (Certificate.objects.count(), Producer.objects.count(), Product.objects.count(), RecognitionDecision.objects.count())
    assert after == before


@pytest.mark.django_db
def test_it_counts_rows_as_in_the_file_below_title_lines(db):
    data = xlsx_bytes(
        [row(), row(number="06/GCN-UBND", product="X", stars="ba")],
        title_rows=[["DANH SÁCH SẢN PHẨM OCOP TỈNH KON TUM"], ["(Kèm theo báo cáo số 12/BC-SNN)"], []],
    )
    result = plan(data)
    assert result.header_row == 4
    assert [(i.row, i.column) for i in result.issues] == [(6, "Số sao")]


@pytest.mark.django_db
def test_it_matches_headers_ignoring_case_diacritics_spaces_order_and_extra_columns(db):
    headers = ["  so GIAY chung nhan ", "STT", "ten san pham", "Chủ Thể", "loai hinh chu the", "tinh",
               "huyen", "XÃ", "bo san pham", "Số sao (3-5)", "diem", "so quyet dinh", "NGAY QUYET DINH",
               "cap cong nhan"]
    values = row()
    by_header = dict(zip(HEADERS, values, strict=True))
    reordered = [by_header["Số giấy chứng nhận"], 1] + [by_header[h] for h in HEADERS if h != "Số giấy chứng nhận"]
    result = plan(xlsx_bytes([reordered], headers=headers))
    assert result.ok, result.issues
    assert result.rows[0].number == "05/GCN-UBND"


@pytest.mark.django_db
def test_it_names_missing_columns(db):
    headers = [h for h in HEADERS if h not in ("Số sao", "Cấp công nhận")]
    result = plan(xlsx_bytes([row()[:7] + row()[8:12]], headers=headers))
    assert [(i.row, i.column, i.message) for i in result.issues] == [
        (1, "Số sao", "Thiếu cột “Số sao” trong dòng tiêu đề."),
        (1, "Cấp công nhận", "Thiếu cột “Cấp công nhận” trong dòng tiêu đề."),
    ]


@pytest.mark.django_db
def test_it_reads_a_utf8_csv_with_semicolons(db):
    result = plan(csv_bytes([row()], delimiter=";"), kind="csv")
    assert result.ok, result.issues
    assert result.rows[0].product_name == "Cà phê hạt rang Đắk Tơ Lung"


@pytest.mark.django_db
def test_it_accepts_real_excel_dates_and_serial_numbers(db):
    rows = [
        row(decided=datetime(2024, 9, 15), number="A1"),
        row(decided=45550, number="A2", product="SP 2", producer="HTX Hai", criteria_set=13),
    ]
    result = plan(xlsx_bytes(rows))
    assert result.ok, result.issues
    assert [r.issued_on for r in result.rows] == [date(2024, 9, 15), date(2024, 9, 15)]


@pytest.mark.parametrize(
    "value, expected",
    [("15/09/2024", date(2024, 9, 15)), ("5/9/2024", date(2024, 9, 5)), ("15-09-2024", date(2024, 9, 15)),
     ("15.09.2024", date(2024, 9, 15)), ("2024-09-15", date(2024, 9, 15)), (datetime(2024, 9, 15, 0, 0), date(2024, 9, 15))],
)
def test_it_parses_vietnamese_dates(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "label, expected",
    [("HTX", ProducerType.COOPERATIVE), ("Hợp tác xã", ProducerType.COOPERATIVE),
     ("Tổ hợp tác", ProducerType.COOPERATIVE_GROUP), ("Công ty TNHH", ProducerType.SME),
     ("Doanh nghiệp nhỏ và vừa", ProducerType.SME), ("Hộ kinh doanh", ProducerType.HOUSEHOLD),
     ("hộ sản xuất", ProducerType.HOUSEHOLD), ("Cơ sở sản xuất", ProducerType.HOUSEHOLD),
     ("Trang trại", ProducerType.FARM), ("Hiệp hội", ProducerType.FEDERATION), ("Hội", ProducerType.ASSOCIATION),
     ("xyz", None)],
)
def test_it_maps_the_usual_producer_type_labels(label, expected):
    assert parse_producer_type(label) == expected


@pytest.mark.django_db
def test_it_creates_missing_producers_and_products_once(db):
    rows = [
        row(product="Mứt gừng", producer="Hộ kinh doanh Y Nhung", producer_type="Hộ kinh doanh",
            criteria_set="Chế biến từ rau, củ, quả, hạt", number="1/GCN"),
        row(product="Gừng sấy", producer="hộ kinh doanh y nhung", producer_type="", criteria_set="7",
            number="2/GCN"),
    ]
    batch, result = import_file(xlsx_bytes(rows))
    assert batch is not None, result.issues
    producers = Producer.objects.filter(name__iexact="Hộ kinh doanh Y Nhung")
    assert producers.count() == 1
    producer = producers.get()
    assert producer.producer_type == ProducerType.HOUSEHOLD
    assert producer.commune.name == "Xã Đắk Tơ Lung"
    assert "cần bổ sung" in producer.notes.lower()
    assert set(producer.products.values_list("name", "category__criteria_set")) == {("Mứt gừng", 7), ("Gừng sấy", 7)}
    assert batch.summary["producers_new"] == 1 and batch.summary["products_new"] == 2
    assert batch.summary["decisions_new"] == 1  # both rows on decision 1234/QĐ-UBND


@pytest.mark.django_db
def test_it_refuses_a_new_product_without_its_criteria_set(db):
    result = plan(xlsx_bytes([row(product="Sản phẩm lạ", producer="HTX Lạ", criteria_set="")]))
    assert [(i.column, i.message[:36]) for i in result.issues] == [("Bộ sản phẩm", "Sản phẩm “Sản phẩm lạ” chưa có trong")]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes, column, fragment",
    [
        ({"level": "huyện", "stars": 4, "score": "75"}, "Số sao", "không công nhận sản phẩm 4 sao"),
        ({"score": "48"}, "Điểm", "chỉ đạt hạng 2 sao"),
        ({"level": "xã"}, "Cấp công nhận", "huyện”, “tỉnh” hoặc “trung ương"),
        ({"decided": "02/10/2025", "district": ""}, "Cấp công nhận", "cấp huyện công nhận đến hết ngày 05/07/2025"),
        ({"decided": "01/01/2030"}, "Ngày quyết định", "ở tương lai"),
        ({"decided": "01/01/2017"}, "Ngày quyết định", "trước khi có Chương trình OCOP"),
        ({"province": "Tỉnh Không Có"}, "Tỉnh", "Không tìm thấy tỉnh"),
        ({"district": "Huyện Không Có"}, "Huyện", "Không tìm thấy huyện"),
        ({"producer_type": "Liên minh"}, "Loại hình chủ thể", "không nhận ra"),
        ({"criteria_set": 27}, "Bộ sản phẩm", "số từ 1 đến 26"),
        ({"number": ""}, "Số giấy chứng nhận", "Thiếu số giấy chứng nhận"),
    ],
)
def test_it_explains_each_problem_in_vietnamese(db, changes, column, fragment):
    result = plan(xlsx_bytes([row(**changes)]))
    assert any(i.row == 2 and i.column == column and fragment in i.message for i in result.issues), result.issues


@pytest.mark.django_db
def test_it_reports_a_duplicate_number_within_the_file(db):
    rows = [row(), row(product="Sản phẩm khác", producer="HTX Khác", criteria_set=7)]
    result = plan(xlsx_bytes(rows))
    assert [(i.row, i.column, i.message) for i in result.issues] == [
        (3, "Số giấy chứng nhận", "Số giấy chứng nhận trùng với dòng 2 trong cùng tệp.")
    ]


@pytest.mark.django_db
def test_it_skips_certificates_already_in_the_register_on_a_second_import(db):
    data = xlsx_bytes([row()])
    first, _ = import_file(data)
    second, result = import_file(data)
    assert second is not None, result.issues
    assert second.summary["certificates_new"] == 0 and second.summary["certificates_existing"] == 1
    assert Certificate.objects.count() == 1


@pytest.mark.django_db
def test_it_refuses_a_number_already_used_for_another_product(db):
    import_file(xlsx_bytes([row()]))
    result = plan(xlsx_bytes([row(product="Sản phẩm khác", producer="HTX Khác", criteria_set=7)]))
    assert result.issues[0].column == "Số giấy chứng nhận"
    assert "đã có trong sổ cho sản phẩm “Cà phê hạt rang Đắk Tơ Lung”" in result.issues[0].message


@pytest.mark.django_db
def test_it_keeps_a_provincial_office_to_its_own_province(users):
    result = plan(
        xlsx_bytes([row(province="Hà Nội", district="", commune="Phường Ba Đình", level="tỉnh", stars=4, score="80",
                        decided="02/10/2025")]),
        actor=users["tinh"],
    )
    assert [(i.column, i.message) for i in result.issues] == [
        ("Xã", "Phường Ba Đình không thuộc tỉnh bạn quản lý; không được nhập.")
    ]


@pytest.mark.django_db
def test_it_dates_certificates_issued_before_qd148_with_the_earlier_validity(db):
    result = plan(xlsx_bytes([row(decided="20/12/2021")]))
    assert result.ok, result.issues
    assert result.rows[0].decision_ref.regime_key == "truoc-qd148"
    assert result.rows[0].expires_on == date(2024, 12, 20)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, content, fragment",
    [
        ("so.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "Excel 97–2003"),
        ("so.xlsx", b"PK\x03\x04 not really a zip", "bị hỏng"),
        ("so.csv", "Tên sản phẩm;Chủ thể\n".encode("utf-16"), "không phải"),
        ("so.csv", "Tên sản phẩm,Chủ thể\nCà phê,HTX\n".encode("cp1258", errors="replace"), "UTF-8"),
    ],
)
def test_it_checks_the_file_type_by_content(db, name, content, fragment):
    with pytest.raises(ValidationError) as error:
        import_services.certificate_import_preview(actor=None, filename=name, data=content)
    assert fragment in error.value.messages[0]


@pytest.mark.django_db
def test_it_refuses_files_over_the_size_limit(db, settings):
    settings.MAX_DOCUMENT_UPLOAD_BYTES = 1000
    with pytest.raises(ValidationError, match="quá lớn"):
        import_services.certificate_import_preview(actor=None, filename="so.csv", data=b"a," * 600)


# -- through the web: upload, preview, confirm (each step a job run by the real worker) ----------


def _upload(client, name, data):
    """Upload as the page does; the check runs as a job; its page then forwards to the
    preview. Returns (the upload's response, the preview page)."""
    response = client.post(reverse("certificates:import"), {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 302 and response["Location"].startswith("/viec/")
    run_worker()
    done = client.get(response["Location"], headers={"HX-Request": "true"})
    assert done["HX-Redirect"].startswith("/giay-chung-nhan/nhap/")
    return response, client.get(done["HX-Redirect"])


def _confirm(client, batch):
    response = client.post(reverse("certificates:import_preview", args=[batch.token]))
    run_worker()
    return response


@pytest.mark.django_db
def test_it_previews_then_imports_only_after_confirmation(client_for):
    client = client_for("tinh")
    response, preview = _upload(client, "so-ocop-kon-tum.xlsx", xlsx_bytes([row()]))
    assert response.status_code == 302
    batch = CertificateImport.objects.get()
    assert batch.status == "preview" and bytes(batch.data)
    assert not Certificate.objects.filter(number="05/GCN-UBND").exists()
    page = preview.content.decode()
    assert "Xã Đắk Tơ Lung (nay là Xã Đăk Kôi)" in page
    assert "Xác nhận nhập" in page
    response = _confirm(client, batch)
    assert response.status_code == 302
    assert Certificate.objects.filter(number="05/GCN-UBND").exists()
    batch.refresh_from_db()
    assert batch.status == "imported"
    job_page = client.get(response["Location"]).content.decode()
    assert "Đã nhập 1 giấy chứng nhận từ tệp “so-ocop-kon-tum.xlsx”." in job_page
    # Confirming twice imports nothing more.
    _confirm(client, batch)
    assert Certificate.objects.filter(number="05/GCN-UBND").count() == 1


@pytest.mark.django_db
def test_it_shows_errors_on_screen_and_as_a_downloadable_workbook(client_for):
    client = client_for("tinh")
    rows = [row(), row(number="2/GCN", stars=7), row(number="3/GCN", commune="Xã Ma")]
    _response, preview = _upload(client, "loi.xlsx", xlsx_bytes(rows))
    page = preview.content.decode()
    assert "Tệp có 2 lỗi; không có dòng nào được nhập." in page
    assert "Số sao 7 không hợp lệ" in page
    batch = CertificateImport.objects.get()
    assert batch.status == "rejected" and not bytes(batch.data)
    report = client.get(reverse("certificates:import_errors", args=[batch.token]))
    assert report["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(report.content)).worksheets[0]
    lines = [tuple(c.value for c in r) for r in sheet.iter_rows()]
    assert lines[0] == ("Dòng", "Cột", "Giá trị", "Lỗi")
    assert [(line[0], line[1]) for line in lines[1:]] == [(3, "Số sao"), (4, "Xã")]
    assert "Không tìm thấy xã, phường “Xã Ma”" in lines[2][3]
    assert not Certificate.objects.filter(number__in=["05/GCN-UBND", "2/GCN", "3/GCN"]).exists()


@pytest.mark.django_db
def test_it_keeps_an_upload_private_to_its_uploader(client_for, users):
    client = client_for("tinh")
    _upload(client, "a.xlsx", xlsx_bytes([row()]))
    batch = CertificateImport.objects.get()
    client.force_login(users["admin"])
    assert client.get(reverse("certificates:import_preview", args=[batch.token])).status_code == 404
    assert client.post(reverse("certificates:import_preview", args=[batch.token])).status_code == 404
    assert not Certificate.objects.filter(number="05/GCN-UBND").exists()


@pytest.mark.django_db
def test_it_offers_a_template_workbook_that_imports_as_is(client_for):
    response = client_for("tinh").get(reverse("certificates:import_template"))
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]] == HEADERS
    result = plan(response.content)
    assert result.ok, result.issues


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["Xã Sơn Hà", "Xã Sơn Hạ", "Ba Tơ", "Ba Tô"])
def test_it_prefers_the_exact_spelling_when_plain_names_collide(db, name):
    # "Sơn Hà"/"Sơn Hạ" and "Ba Tơ"/"Ba Tô" are different communes of today's Quảng Ngãi.
    result = plan(xlsx_bytes([row(commune=name, district="", province="Quảng Ngãi", level="tỉnh", decided="02/10/2025")]))
    assert result.ok, result.issues
    assert result.rows[0].commune.name.removeprefix("Xã ") == name.removeprefix("Xã ")


@pytest.mark.django_db
def test_it_asks_for_the_exact_spelling_when_a_plain_name_is_ambiguous(db):
    result = plan(xlsx_bytes([row(commune="son ha", district="", province="Quảng Ngãi", level="tỉnh", decided="02/10/2025")]))
    assert [(i.column, i.message[:30]) for i in result.issues] == [("Xã", "Có 2 đơn vị tên “son ha” (Tỉnh")]


@pytest.mark.django_db
def test_it_does_not_query_per_row(db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ocop.accounts.models import User
    from ocop.certificates.tests.sheets import current_quang_ngai_communes, many_rows

    communes = current_quang_ngai_communes()
    actor = User.objects.create_user(username="nhap.so", is_superuser=True)
    counts = []
    for size in (5, 300):
        data = xlsx_bytes(many_rows(size, communes, year=2025 if size == 5 else 2026))
        with CaptureQueriesContext(connection) as queries:
            batch, result = import_file(data, name=f"{size}.xlsx", actor=actor)
        assert batch is not None, result.issues[:3]
        counts.append(len(queries))
    # Lookups are preloaded; only bulk inserts split into a few more batches (SQLite caps
    # the parameters of one statement).
    assert counts[1] - counts[0] <= 6, counts
