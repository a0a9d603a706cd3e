"""The plan parser over the seed text (Kon Rẫy 2024) and our 2026 sample: no database."""

from pathlib import Path

import pytest
from django.conf import settings

from ocop.planning.management.commands.ocop_parse_plan import (
    DATA_DIR,
    DEFAULT_SOURCE_NAME,
    data_path,
    render,
)
from ocop.planning.parsing import (
    RECURRENCE_PERIODIC,
    RECURRENCE_YEARLY,
    ROLE_COORDINATE,
    ROLE_LEAD,
    ParseError,
    parse_plan,
    plan_from_data,
    task_role,
)

SAMPLE_2026 = DATA_DIR / "ke-hoach-mau-2026-quang-ngai.txt"


def seed_path() -> Path:
    return Path(settings.OCOP_REFERENCE_DIR) / DEFAULT_SOURCE_NAME


@pytest.fixture(scope="module")
def seed_text() -> str:
    path = seed_path()
    if not path.is_file():
        pytest.skip(f"Tệp nguồn {path.name} không có trong OCOP_REFERENCE_DIR.")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed(seed_text):
    return parse_plan(seed_text)


def test_it_reads_the_title_bases_and_preamble(seed):
    assert seed.doc_type == "KẾ HOẠCH"
    assert seed.title.startswith("Triển khai thực hiện Chương trình mỗi xã một sản phẩm (OCOP) năm 2024")
    assert len(seed.bases) == 3
    assert all(basis.startswith("Căn cứ") for basis in seed.bases)
    assert "298/QĐ-UBND ngày 14/4/2024" in seed.bases[2]
    assert seed.preamble.startswith("UBND huyện Kon Rẫy xây dựng Kế hoạch")


def test_it_reads_purposes_requirements_and_objectives(seed):
    assert len(seed.purposes) == 2 and len(seed.requirements) == 2
    assert seed.general_objective.startswith("Đẩy mạnh phát triển sản xuất")
    assert seed.specific_objective.startswith("Mỗi xã phấn đấu có ít nhất 01 ý tưởng/sản phẩm")


def test_it_reads_the_solutions_of_section_iii_inline_or_with_bullets(seed):
    titles = [(item.number, item.title, item.inline) for item in seed.solutions]
    assert titles == [
        (1, "Tuyên truyền nâng cao nhận thức về Chương trình OCOP", True),
        (2, "Triển khai chu trình OCOP hàng năm", False),
        (3, "Phát triển sản phẩm", False),
        (4, "Phát triển các tổ chức kinh tế", False),
        (5, "Đẩy mạnh hoạt động xúc tiến thương mại", False),
    ]
    assert [len(item.paragraphs) for item in seed.solutions] == [1, 3, 2, 2, 2]


def test_it_reads_every_agency_of_section_iv_with_its_tasks(seed):
    found = [(r.number, r.heading, len(r.tasks)) for r in seed.responsibilities]
    assert found == [
        (1, "Phòng Nông nghiệp và PTNT huyện", 4),
        (2, "Phòng Kinh tế và Hạ tầng huyện", 4),
        (3, "Văn phòng HĐND&UBND huyện", 1),
        (4, "Phòng Tài chính - Kế hoạch huyện", 3),
        (5, "Phòng Văn hoá-Thông tin huyện; Trung tâm VH-TT-DL&TT huyện", 2),
        (6, "UBND các xã, thị trấn", 5),
        (7, "Đề nghị Mặt trận tổ quốc và các Đoàn thể chính trị - xã hội huyện", 2),
    ]
    assert seed.responsibilities[2].inline is True
    assert [r.is_request for r in seed.responsibilities] == [False] * 6 + [True]


def test_it_joins_the_paragraph_cut_by_a_page_break(seed):
    commune_tasks = seed.responsibilities[5].tasks
    assert "nhãn hiệu các sản phẩm tham gia Chương trình OCOP, nhất là" in commune_tasks[2].text
    assert len(seed.repairs) == 1


def test_it_reads_roles_and_periodic_reporting_from_the_first_words(seed):
    first, second = seed.responsibilities[0], seed.responsibilities[1]
    assert first.tasks[0].role == ROLE_LEAD
    assert first.tasks[0].recurrence == RECURRENCE_YEARLY  # "… hàng năm"
    assert first.tasks[3].recurrence == RECURRENCE_PERIODIC  # "Định kỳ tổng hợp tiến độ …"
    assert second.tasks[1].role == ROLE_COORDINATE  # "Phối hợp với …"
    assert seed.responsibilities[5].tasks[4].recurrence == RECURRENCE_PERIODIC  # "Định kỳ báo cáo …"
    assert seed.responsibilities[6].tasks[0].role == ROLE_COORDINATE  # "Tăng cường phối hợp …"
    assert task_role("Hướng dẫn các đơn vị …") == ROLE_LEAD


def test_it_finds_the_measurable_targets_of_the_plan(seed):
    targets = {t.indicator: t for t in seed.targets}
    assert set(targets) == {"products_evaluated", "evaluated_reaching_3_stars", "focus_products"}
    assert targets["products_evaluated"].per_commune and targets["products_evaluated"].value == 1
    assert targets["products_evaluated"].source == "II.2"
    assert targets["evaluated_reaching_3_stars"].value == 100 and targets["evaluated_reaching_3_stars"].unit == "%"
    assert (targets["focus_products"].value, targets["focus_products"].maximum) == (3, 5)
    assert targets["focus_products"].source == "III.3"


def test_it_reads_the_recipients_and_the_signature(seed):
    assert seed.closing.startswith("Trên đây là Kế hoạch của UBND huyện Kon Rẫy")
    assert seed.recipients[0] == "Văn phòng điều phối NTM tỉnh (b/c)"
    assert seed.recipients[-1] == "Lưu: VT, NN&PTNT"
    assert seed.signature.authority == "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH"
    assert seed.signature.position == "PHÓ CHỦ TỊCH"
    assert seed.signature.signer == "Nguyễn Văn Thủy"


def test_rerunning_the_parser_gives_the_committed_file_byte_for_byte(seed_text):
    assert data_path(DEFAULT_SOURCE_NAME).read_text(encoding="utf-8") == render(seed_path())
    assert data_path(SAMPLE_2026.name).read_text(encoding="utf-8") == render(SAMPLE_2026)


def test_the_committed_data_loads_back_into_the_same_plan(seed):
    import json

    data = json.loads(data_path(DEFAULT_SOURCE_NAME).read_text(encoding="utf-8"))
    assert plan_from_data(data) == seed


def test_the_2026_sample_yields_the_provincial_targets():
    plan = parse_plan(SAMPLE_2026.read_text(encoding="utf-8"))
    targets = {t.indicator: t for t in plan.targets}
    assert targets["producers_coop_sme_share"].value == 60
    assert targets["producers_modern_channels"].value == 50
    assert targets["funds_mobilised"].value == 500_000_000
    assert [r.heading for r in plan.responsibilities][:2] == ["Sở Nông nghiệp và Môi trường", "Sở Công Thương"]


@pytest.mark.parametrize(
    "text, message",
    [
        ("Một đoạn văn bất kỳ.\n\nKhông có mục nào.", "Không thấy mục La Mã"),
        ("KẾ HOẠCH\n\nTên\n\nI. MỤC ĐÍCH, YÊU CẦU\n\n1. Mục đích\n\n- a\n\n2. Yêu cầu\n\n- b", "MỤC TIÊU"),
    ],
)
def test_it_refuses_a_text_that_is_not_a_plan_and_says_why(text, message):
    with pytest.raises(ParseError, match=message):
        parse_plan(text)
