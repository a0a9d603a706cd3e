"""The parser: finds every set in the decision, reads irregular layouts, is rerunnable."""

import json

import pytest

from ocop.criteria import catalog
from ocop.criteria.parsing import ParseError, parse_source, render_files
from ocop.criteria.parsing.html import html_blocks


def test_it_finds_all_26_sets(parsed):
    assert [cset.number for cset in parsed.sets] == list(range(1, 27))
    assert len(parsed.classification) == 26


def test_it_finds_the_irregular_headings_of_sets_12_13_and_19(parsed):
    by_number = {cset.number: cset for cset in parsed.sets}
    assert by_number[12].heading == "12. Sản phẩm trà từ thực vật khác"  # no "Bộ sản phẩm:"
    assert by_number[13].heading == "13. Sản phẩm cà phê, ca cao"
    assert by_number[19].name == "Mỹ phẩm có thành phần từ dược liệu"  # split anchors
    assert by_number[19].disqualifiers[0].text.startswith("Giả mạo hồ sơ")  # "Bị loại khi:"


def test_rerunning_the_parser_gives_the_committed_files_byte_for_byte(parsed, source_bytes):
    errata = catalog.data_dir() / "errata.json"
    files = render_files(
        parsed,
        source_name="qd-26-2026-qd-ttg.html",
        source_bytes=source_bytes,
        errata_bytes=errata.read_bytes(),
    )
    for name, content in files.items():
        committed = (catalog.data_dir() / name).read_text(encoding="utf-8")
        assert committed == content, f"{name} is stale: rerun manage.py ocop_parse_criteria"


def test_it_reads_the_heading_classification_line(parsed):
    first = parsed.sets[0]
    assert first.classification["source_line"] == "(Sản phẩm: Thực phẩm. Nhóm: Thực phẩm tươi sống)"
    assert first.classification["san_pham"] == "Thực phẩm"
    assert first.classification["nhom"] == "Thực phẩm tươi sống"
    appendix = first.classification["appendix_i"]
    assert appendix["nganh"]["code"] == "I"
    assert appendix["phan_nhom"] == {"code": "a", "name": "Rau, củ, quả, hạt tươi"}
    assert parsed.sets[22].classification["nhom"] is None  # "(Sản phẩm: Sinh vật cảnh)"


def test_it_reads_star_markers_options_notes_and_disqualifiers(parsed):
    set1 = parsed.sets[0]
    leaf = set1.leaf_by_code["4.1"]
    assert [(o.points, o.stars) for o in leaf.options] == [(1, None), (2, 3), (3, 4), (5, 5)]
    assert set1.leaf_by_code["5.2"].notes[0].kind == "applicability"
    assert set1.leaf_by_code["5.2"].requires.criterion == "5.1"
    assert set1.leaf_by_code["1.1"].notes[0].text.startswith("Yêu cầu: 100% sản phẩm")
    assert [d.id for d in set1.disqualifiers] == ["set-1", "2.1-1", "6.1-1"]
    assert {d.kind for d in set1.disqualifiers} == {"disqualifier", "not_evaluated", "stop"}
    # Set 3, 5.1: the marker is printed with spaces ("* * * *").
    assert parsed.sets[2].leaf_by_code["5.1"].options[-1].stars == 4


def test_scoreable_criteria_are_the_leaves(parsed):
    set13 = parsed.sets[12]
    codes = [leaf.code for leaf in set13.leaves]
    assert codes[22:29] == ["6.1.1", "6.1.2", "6.1.3", "6.1.4", "6.1.5", "6.2.1", "6.2.2"]
    assert set13.node_by_code["6.1"].kind == "composite"
    assert "6.1" not in set13.leaf_by_code
    # A group printed with options under its heading is a single criterion.
    group7 = set13.part_by_code["C"].groups[1]
    assert (group7.code, group7.is_criterion, group7.criteria[0].code) == ("7", True, "7")


def test_set26_alternative_cases_are_kept(parsed):
    leaf = parsed.sets[25].leaf_by_code["8"]
    assert [case.key for case in leaf.cases] == ["a", "b"]
    assert [(o.case, o.points) for o in leaf.options] == [("a", 1), ("a", 3), ("b", 1), ("b", 3)]
    assert parsed.sets[25].disqualifiers == ()  # set 26 prints no "Hồ sơ bị loại khi"


def test_errata_apply_only_where_the_source_prints_the_misprint(parsed):
    option = parsed.sets[3].leaf_by_code["7"].options[2]
    assert (option.text, option.points, option.printed) == ("Có trên 2 chỉ tiêu", 3, "13")
    assert "bộ 1 và bộ 3" in option.erratum


def test_without_errata_the_misprints_show_up_as_deviations(source_bytes):
    raw = parse_source(source_bytes.decode("utf-8"))
    set4 = raw.sets[3]
    assert set4.leaf_by_code["7"].options[2].points == 13
    assert {(d.check, d.location) for d in set4.deviations} >= {
        ("criterion_max", "7"),
        ("max_points", "set"),
    }


def test_an_erratum_that_no_longer_matches_fails_loudly(source_bytes):
    stale = [{"set": 4, "criterion": "7", "option": "Có trên 2 chỉ tiêu", "printed": "31",
              "points": 3, "reason": "…"}]  # fmt: skip
    with pytest.raises(ParseError, match="đính chính"):
        parse_source(source_bytes.decode("utf-8"), errata=stale)


# A miniature decision exercising the layout rules without the 2.4 MB source.
MINI = """
<p>PHỤ LỤC I</p>
<table><tr><td><p>STT</p></td><td><p>Phân loại</p></td><td><p>Cơ quan</p></td></tr>
<tr><td><p>I</p></td><td><p>SẢN PHẨM THỬ</p></td><td></td></tr>
<tr><td><p>1</p></td><td><p>Nhóm: Thử nghiệm</p></td><td><p>Bộ A; Bộ B</p></td></tr></table>
<p>PHỤ LỤC II</p>
<table><tr><td><p>STT</p></td><td><p>Nội dung</p></td></tr>
<tr><td><p>1</p></td><td><p>Bộ sản phẩm: Thử</p></td></tr></table>
<p><a name="x"><b>1.</b></a><b> <a name="y">Bộ sản phẩm: Thử</a></b></p>
<p>(Sản phẩm: Thử. Nhóm: Thử nghiệm)</p>
<p>Hồ sơ bị loại khi: Giả mạo hồ sơ</p>
<table>
<tr><td><p>Các tiêu chí</p></td><td><p>Thang điểm</p></td></tr>
<tr><td><p>Phần A:</p><p>SẢN PHẨM (40 Điểm)</p></td><td><p>40</p></td></tr>
<tr><td><p>1. NHÓM MỘT</p></td><td><p>30</p></td></tr>
<tr><td><p>1.1. Có phương án</p></td><td><p>20</p></td></tr>
<tr><td><p>□ Thấp</p></td><td></td></tr>
<tr><td><p>□ Cao * * * *</p></td><td><p>20</p></td></tr>
<tr><td><p>1.2. Không in phương án</p></td><td><p>5</p></td></tr>
<tr><td><p>1.3. Tổng hợp</p></td><td><p>5</p></td></tr>
<tr><td><p>1.3.1 Con</p></td><td><p>5</p></td></tr>
<tr><td><p>□ Đạt</p><p>Ghi chú: Bị loại nếu gian lận</p></td><td><p>5</p></td></tr>
<tr><td><p>Ghi chú: Nếu được 0 điểm tại một trong các chỉ tiêu trên, sẽ không đánh giá các bước tiếp theo.</p></td></tr>
<tr><td><p>2. NHÓM HAI</p><p>(Mô tả)</p></td><td><p>10</p></td></tr>
<tr><td><p>o Một</p></td><td><p>10</p></td></tr>
<tr><td><p>Phần B: TIẾP THỊ (25 Điểm)</p></td><td><p>25</p></td></tr>
<tr><td><p>3. NHÓM BA</p></td><td><p>25</p></td></tr>
<tr><td><p>□ Có</p></td><td><p>25</p></td></tr>
<tr><td><p>PHẦN C CHẤT LƯỢNG (35 Điểm)</p></td><td><p>35</p></td></tr>
<tr><td><p>4. NHÓM BỐN</p></td><td><p>35</p></td></tr>
<tr><td><p>□ Có</p></td><td><p>34</p></td></tr>
<tr><td><p>TỔNG CỘNG</p></td><td><p>100</p></td></tr>
</table>
<p>Ghi chú: Dấu sao là yêu cầu tối thiểu</p>
<p>PHỤ LỤC III</p>
"""


def test_it_parses_a_miniature_decision():
    result = parse_source(MINI)
    (cset,) = result.sets
    assert (cset.number, cset.name) == (1, "Thử")
    assert cset.classification["appendix_i"]["agencies"] == ["Bộ A", "Bộ B"]
    one = cset.leaf_by_code["1.1"]
    assert [(o.points, o.stars, o.printed) for o in one.options] == [(0, None, ""), (20, 4, None)]
    assert cset.leaf_by_code["1.2"].kind == "yes_no"
    assert cset.node_by_code["1.3"].kind == "composite"
    assert [leaf.code for leaf in cset.leaves] == ["1.1", "1.2", "1.3.1", "2", "3", "4"]
    assert cset.leaf_by_code["2"].notes[0].kind == "description"
    stop = cset.disqualifier_by_id["1-1"]
    assert stop.zero_points_in == ("1.1", "1.2", "1.3.1")
    assert cset.disqualifier_by_id["1.3.1-1"].kind == "disqualifier"
    checks = {(d.check, d.location) for d in cset.deviations}
    assert checks == {
        ("option_points_missing", "1.1[0]"),
        ("option_bullet", "2[0]"),
        ("criterion_max", "4"),
        ("max_points", "set"),
    }


def test_it_fails_loudly_on_rows_it_does_not_understand():
    broken = MINI.replace("<p>□ Có</p></td><td><p>25</p>", "<p>Một dòng lạ</p></td><td><p>25</p>")
    with pytest.raises(ParseError, match="không nhận ra dòng"):
        parse_source(broken)


def test_it_refuses_a_document_without_appendix_ii():
    with pytest.raises(ParseError, match="Phụ lục II"):
        parse_source(MINI.replace("PHỤ LỤC II", "PHỤ LỤC X"))


def test_html_blocks_keep_cells_paragraphs_and_entities():
    blocks = html_blocks("<p>a&nbsp;b</p><table><tr><td><p>x</p><p>y</p></td></tr></table>")
    assert blocks[0].text == "a b"
    assert blocks[1].rows == ((("x", "y"),),)


def test_manifest_records_source_hash_and_parser_version():
    manifest = json.loads((catalog.data_dir() / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["source"]["file"] == "qd-26-2026-qd-ttg.html"
    assert len(manifest["source"]["sha256"]) == 64
    assert manifest["parser"]["version"]
    assert manifest["set_count"] == 26
