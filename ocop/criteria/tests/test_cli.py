"""The management commands ocop_score and ocop_parse_criteria (no database needed)."""

import json
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from ocop.core.tests.helpers import run_command as run
from ocop.criteria import catalog
from ocop.criteria.engine import leaf_maxima
from ocop.criteria.tests.sheets import SET13_NEAR_TOP, SET26_COMMUNITY


def write(tmp_path, name, data) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_template_lists_the_leaves_with_options_and_markers():
    out, _ = run("ocop_score", "--set", "13", "--template")
    data = json.loads(out)
    assert (data["set"], data["name"]) == (13, "Cà phê, cacao")
    first = data["criteria"][0]
    assert {k: first[k] for k in ("code", "part", "group", "max")} == {
        "code": "1.1", "part": "A", "group": "1", "max": 3,
    }  # fmt: skip
    assert [(o["points"], o["stars"]) for o in first["options"]] == [(1, None), (2, 3), (3, None)]
    assert [c["code"] for c in data["criteria"]] == [
        leaf.code for leaf in catalog.get_set(13).leaves
    ]


def test_scoring_prints_sheets_council_and_advice(tmp_path):
    cset = catalog.get_set(13)
    first = write(tmp_path, "a.json", SET13_NEAR_TOP)
    second = write(tmp_path, "b.json", leaf_maxima(cset))
    out, err = run("ocop_score", "--set", "13", first, second)
    assert err == ""
    data = json.loads(out)
    assert (data["set"], data["regime"]) == (13, "qd26-2026")
    sheet = data["sheets"][0]
    assert sheet["total"] == 96
    assert sheet["parts"] == {"A": 39, "B": 25, "C": 32}
    assert (sheet["band_stars"], sheet["stars"], sheet["disqualified"]) == (5, 4, False)
    assert sheet["unmet_minimums"][0] == {
        "criterion": "1.5", "stars": 5, "required_points": 3, "given_points": 2,
    }  # fmt: skip
    council = data["council"]
    assert (council["average_total"], council["band_stars"], council["stars"]) == (98, 5, 4)
    assert (council["max_spread"], council["divergent"]) == (4, False)
    assert data["advice"][0]["target_stars"] == 5
    assert [u["criterion"] for u in data["advice"][0]["upgrades"]] == ["1.5", "7"]
    assert data["advice"][1]["reachable"] is False


def test_a_flag_disqualifies_in_the_cli(tmp_path):
    sheet = write(tmp_path, "a.json", SET26_COMMUNITY)
    data = json.loads(run("ocop_score", "--set", "1", "--flag", "set-1",
                          write(tmp_path, "b.json", leaf_maxima(catalog.get_set(1))))[0])  # fmt: skip
    assert data["sheets"][0]["disqualified"] is True
    assert data["council"]["stars"] == 0
    assert json.loads(run("ocop_score", "--set", "26", sheet)[0])["sheets"][0]["stars"] == 3


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"9.9": 1}, "Tiêu chí «9.9» không có trong bộ tiêu chí số 13."),
        ({"4.2": 2}, "Tiêu chí 4.2 không có phương án 2 điểm"),
        ({"1.1": None}, "Thiếu điểm tiêu chí 1.1"),
    ],
)
def test_a_bad_sheet_exits_2_with_a_vietnamese_message_and_no_output(tmp_path, change, message):
    sheet = {**SET13_NEAR_TOP, **change}
    if change.get("1.1", 0) is None:
        del sheet["1.1"]
    path = write(tmp_path, "bad.json", sheet)
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("ocop_score", "--set", "13", path, stdout=out, stderr=err)
    assert exit_info.value.code == 2
    assert out.getvalue() == ""
    assert message in err.getvalue()


def test_unreadable_input_exits_2(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{không phải json", encoding="utf-8")
    for args in (["--set", "13", str(broken)], ["--set", "27", "--template"],
                 ["--set", "13", "--regime", "qd148-2023", "--template"]):  # fmt: skip
        err = StringIO()
        with pytest.raises(SystemExit) as exit_info:
            call_command("ocop_score", *args, stdout=StringIO(), stderr=err)
        assert exit_info.value.code == 2
        assert err.getvalue().strip()


def test_the_real_command_line_exits_with_status_2(tmp_path):
    path = write(tmp_path, "bad.json", {**SET13_NEAR_TOP, "4.2": 2})
    completed = subprocess.run(
        [sys.executable, "manage.py", "ocop_score", "--set", "13", path],
        cwd=Path(settings.BASE_DIR),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert "Tiêu chí 4.2 không có phương án 2 điểm" in completed.stderr


def test_parse_check_passes_on_the_committed_data():
    out, _ = run("ocop_parse_criteria", "--check")
    assert "Dữ liệu hợp lệ: 26 bộ tiêu chí" in out


def test_parse_check_fails_on_hand_edited_data(tmp_path):
    copy = tmp_path / "qd26-2026"
    shutil.copytree(catalog.data_dir(), copy)
    path = copy / "sets" / "01.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["parts"][0]["groups"][0]["criteria"][0]["max"] = 4  # 1.1: 3 → 4
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="vấn đề"):
        call_command(
            "ocop_parse_criteria", "--check", "--output", str(copy), stdout=StringIO(), stderr=err
        )
    assert "1.1" in err.getvalue()
    assert "sửa tay" in err.getvalue()


def test_parse_writes_byte_identical_files(tmp_path, source_bytes):
    output = tmp_path / "out"
    run("ocop_parse_criteria", "--output", str(output),
        "--errata", str(catalog.data_dir() / "errata.json"))  # fmt: skip
    for path in sorted(catalog.data_dir().rglob("*.json")):
        if path.name == "errata.json":
            continue
        relative = path.relative_to(catalog.data_dir())
        assert (output / relative).read_bytes() == path.read_bytes(), relative
