"""Issue 18: a council member scores a whole sheet with the network switched off and finds
it on the server exactly once, with every value, when the network returns."""

import pytest
from playwright.sync_api import expect

from ocop.accounts.models import User
from ocop.councils import services
from ocop.councils.models import ScoreSheet, SheetStatus
from ocop.councils.tests.helpers import make_council, make_dossier, sheet_with_total
from ocop.territory.models import AdministrativeUnit
from tests.factories import ProductFactory

# The pages come from the service worker's cache while the network is off.
pytestmark = pytest.mark.service_workers

PASSWORD = "Thuc-dia-2026"


def _go_offline(context):
    # set_offline makes navigator.onLine false and fails the page's own requests; the route
    # also fails the service worker's requests, which set_offline does not reach.
    context.set_offline(True)
    context.route("**/*", lambda route: route.abort("internetdisconnected"))


def _go_online(context):
    context.unroute("**/*")
    context.set_offline(False)


def _open_session(product_name, suffix=""):
    """A provincial council scoring one dossier; returns the evaluation and its second member,
    who can sign in with PASSWORD."""
    province = AdministrativeUnit.objects.get(level="province", code="51", valid_to__isnull=True)
    usernames = tuple(name + suffix for name in ("chutich", "thanhvien", "uyvien"))
    council, round_obj, members = make_council(province, usernames=usernames)
    dossier = make_dossier(ProductFactory(name=product_name), round_obj=round_obj)
    evaluation = services.evaluation_open(actor=members[0].user, council=council, dossier=dossier)
    member = members[1].user
    member.set_password(PASSWORD)
    member.save()
    return evaluation, member


def _prepare_visit(page, login, username, expected="Đã tải 1 phiếu về máy"):
    login(page, username, PASSWORD)
    page.goto("/hoi-dong/viec-cham-diem/")
    page.get_by_role("button", name="Chuẩn bị chấm ngoại tuyến").click()
    expect(page.locator("#offline-prepared")).to_contain_text(expected)


def test_a_member_scores_offline_and_the_sheet_reaches_the_server_once(page, login):
    evaluation, member = _open_session("Sâm dây Kon Braih")
    _prepare_visit(page, login, member.username)

    context = page.context
    _go_offline(context)
    sheet_url = f"/hoi-dong/danh-gia/{evaluation.pk}/cham-diem/"
    page.goto(sheet_url)  # from the device: the server cannot be reached
    expect(page.get_by_role("heading", name="Phiếu đánh giá: Sâm dây Kon Braih")).to_be_visible()

    points = sheet_with_total(13, 76)
    page.evaluate(
        """(points) => { for (const [code, value] of Object.entries(points)) {
             const radio = document.querySelector(`input[name="c_${code}"][value="${value}"]`);
             if (radio) radio.checked = true; } }""",
        points,
    )
    page.locator("#comment").fill("Chấm tại cơ sở, thôn Kon Braih")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.get_by_text("Đã lưu trên máy (chưa có mạng)")).to_be_visible()

    page.reload()  # still offline: the page comes from the device, the copy from IndexedDB
    expect(page.get_by_text("chưa gửi lên máy chủ")).to_be_visible()
    for code in ("1.1", "3.2", "5.1"):
        expect(page.locator(f'input[name="c_{code}"][value="{points[code]}"]')).to_be_checked()
    assert not ScoreSheet.objects.filter(evaluation=evaluation).exists()

    _go_online(context)
    expect(page.get_by_text("Đã đồng bộ bản chấm trên máy")).to_be_visible()
    page.reload()
    expect(page.get_by_text("Đã đồng bộ bản chấm trên máy")).to_have_count(0)  # nothing left to send

    sheets = ScoreSheet.objects.filter(evaluation=evaluation)
    assert sheets.count() == 1
    sheet = sheets.get()
    assert sheet.member.user == member and sheet.status == SheetStatus.DRAFT
    assert sheet.points == points and sheet.total == 76
    assert sheet.comment == "Chấm tại cơ sở, thôn Kon Braih"


def test_a_copy_refused_because_the_sheet_was_submitted_stays_with_the_reason(page, login):
    evaluation, member = _open_session("Cà phê Đăk Kôi", suffix="2")
    _prepare_visit(page, login, member.username)
    _go_offline(page.context)
    page.goto(f"/hoi-dong/danh-gia/{evaluation.pk}/cham-diem/")
    page.locator('input[name="c_1.1"]').first.check()
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.get_by_text("Đã lưu trên máy (chưa có mạng)")).to_be_visible()

    # Meanwhile the sheet is submitted on the server (from another device).
    services.sheet_save(actor=member, evaluation=evaluation, points=sheet_with_total(13, 80), submit=True)
    _go_online(page.context)
    expect(page.get_by_role("alert").filter(has_text="đã được nộp trên máy chủ")).to_be_visible()
    assert ScoreSheet.objects.get(evaluation=evaluation).total == 80
    page.get_by_role("button", name="Bỏ bản trên máy").click()
    page.reload()
    expect(page.get_by_text("đã được nộp trên máy chủ")).to_have_count(0)


def test_a_site_visit_record_with_a_photo_taken_offline_uploads_later(page, login, tmp_path):
    from PIL import Image

    from ocop.councils.models import AdvisoryRecord, CouncilKind, Position

    evaluation, _ = _open_session("Rượu cần Đăk Tờ Re", suffix="3")
    council, dossier = evaluation.council, evaluation.dossier
    team = services.council_create(actor=None, level=council.level, unit=council.unit, year=council.year,
                                   name="Tổ tư vấn tỉnh", kind=CouncilKind.ADVISORY, advisory_for=council)
    expert = User.objects.create_user("chuyengia", password=PASSWORD, full_name="Chuyên gia Y Đôn")
    services.council_member_add(actor=None, council=team, user=expert, position=Position.MEMBER)
    photo = tmp_path / "nha-xuong.jpg"
    Image.new("RGB", (64, 48), "#8a5a2b").save(photo, "JPEG")

    _prepare_visit(page, login, "chuyengia", expected="1 trang ghi chép tổ tư vấn")

    _go_offline(page.context)
    page.goto(f"/hoi-dong/{team.pk}/tu-van/{dossier.pk}/")
    page.get_by_label("Loại").select_option("site_visit")
    page.get_by_label("Ngày").fill("2026-12-05")
    page.get_by_label("Nội dung, phát hiện").fill("Nhà xưởng sạch, có sổ ghi chép nguyên liệu")
    page.get_by_label("Ảnh").set_input_files(str(photo))
    page.get_by_role("button", name="Ghi nhận").click()
    expect(page.get_by_text("Đã lưu ghi chép trên máy")).to_be_visible()
    assert not AdvisoryRecord.objects.exists()

    _go_online(page.context)
    expect(page.get_by_text("Đã gửi ghi chép (và ảnh)")).to_be_visible()
    record = AdvisoryRecord.objects.get()
    assert record.author == expert and record.text == "Nhà xưởng sạch, có sổ ghi chép nguyên liệu"
    assert Image.open(record.photo.open("rb")).size == (64, 48)
