"""The dossier's history rows in the core history shape: labels from the table that made
the move (the evaluation table or the council table), and the numbers each move gave."""

from ocop.evaluation.models import DossierEvent


def test_it_labels_a_move_by_the_table_that_made_it():
    assert DossierEvent(action="issue_report").action_label == "Ban hành báo cáo (Mẫu 03)"
    assert DossierEvent(action="council_close").action_label == "Kết thúc chấm điểm"
    assert DossierEvent(action="create").action_label == "Tạo mới"
    assert DossierEvent(action="accept", to_state="accepted").to_state_label == "Đã tiếp nhận vào đợt đánh giá"


def test_it_shows_the_numbers_and_dates_a_move_gave_under_its_comment():
    event = DossierEvent(
        action="accept",
        data={"registration_number": "12/PĐK-KTM", "commune_deadline": "2026-03-20", "product_code": "KTM-01",
              "round_name": "Đợt 1 năm 2026"},
    )
    assert event.details == [
        ("Số phiếu", "12/PĐK-KTM"), ("Hạn kiểm tra", "20/03/2026"), ("Mã số sản phẩm", "KTM-01"),
        ("Đợt đánh giá", "Đợt 1 năm 2026"),
    ]
    assert DossierEvent(action="receive", data={}).details == []
