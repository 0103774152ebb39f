"""``dtpr validate``: exit codes 0 (valid), 1 (errors), 2 (usage); text and JSON output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dtpr_cli.main import main
from dtpr_core.yaml_source import load_register_text
from tests.domain.registers import edited, line_of

ROOT = Path(__file__).resolve().parents[2]
OLD_RETENTION = "        - element: data_retained\n          variables: {duration: {fr: 1 an, en: 1 year}}\n"
CURRENT = edited(
    ("    accountable: [alm]", "    purpose: {fr: suivre la pollution, en: follow pollution}\n    accountable: [alm]"),
    (OLD_RETENTION, "        - data_retained\n"),
    ("    datachain:", "    kept: {measurements: 1 year}\n    datachain:"),
)
"""A register in the current shape: ``dtpr validate`` has nothing to say about it."""
BROKEN = edited(("tech: [air_quality]", "tech: [air_qualty]"), ("lat: 47.47", "lat: 470"), base=CURRENT)
WARNED = edited(("status: active", "status: retired"), base=CURRENT)


@pytest.fixture
def write(tmp_path: Path):
    def _write(text: str, name: str = "sensors.yaml") -> str:
        path = tmp_path / name
        path.write_text(text, "utf-8")
        return str(path)

    return _write


def test_valid_register_exits_0(write, capsys: pytest.CaptureFixture[str]):
    path = write(CURRENT)
    assert main(["validate", path]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"{path}: 1 sensor valid (0 warnings)\nfree texts translated: en 50 % (2/4), es 0 % (0/4)")


def test_an_old_register_validates_with_warnings_saying_what_to_move(write, capsys: pytest.CaptureFixture[str]):
    old = edited(("  alm: {name:", "  alm: {role: {fr: Responsable du traitement}, name:"))
    path = write(old)
    assert main(["validate", path]) == 0
    out = capsys.readouterr().out
    assert f"{path}:{line_of(old, '  alm:')}:" in out and "organisation 'alm' role is a free text" in out
    assert "write one of controller, joint_controller, processor, operator, owner" in out
    assert "add purpose: a short plain clause said after 'Pour'" in out
    assert "the retention duration is a free text, which other languages cannot show: move it to kept:" in out
    assert load_register_text(old).problems == [], "only `dtpr validate` asks for the migration"


def test_warnings_are_printed_but_exit_0(write, capsys: pytest.CaptureFixture[str]):
    path = write(WARNED)
    assert main(["validate", path]) == 0
    out, _ = capsys.readouterr()
    line = line_of(WARNED, "status: retired")
    assert out == f"{path}:{line}:13: warning: status is retired: add retired_on (YYYY-MM-DD)\n"
    assert main(["validate", "--quiet", path]) == 0
    assert capsys.readouterr().out == ""


def test_errors_exit_1_with_compiler_style_lines(write, capsys: pytest.CaptureFixture[str]):
    path = write(BROKEN)
    assert main(["validate", path]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"{path}:{line_of(BROKEN, 'lat: 470')}:21: error: latitude (lat) must be between -90 and 90, not 470",
        f"{path}:{line_of(BROKEN, 'air_qualty')}:14: error: unknown DTPR element 'air_qualty' in tech "
        "(did you mean 'air_quality'?)",
    ]
    assert err == f"{path}: 2 errors, 0 warnings\n"


def test_json_format(write, capsys: pytest.CaptureFixture[str]):
    path = write(BROKEN)
    assert main(["validate", "--format", "json", path]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False and report["errors"] == 2 and report["warnings"] == 0 and report["sensors"] == 0
    first = report["problems"][0]
    assert first == {
        "path": path,
        "severity": "error",
        "message": "latitude (lat) must be between -90 and 90, not 470",
        "field": "sensors[0].location.lat",
        "line": line_of(BROKEN, "lat: 470"),
        "column": 21,
    }
    assert main(["validate", "--format", "json", write(CURRENT, "ok.yaml")]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["ok"], report["sensors"], report["problems"]) == (True, 1, [])


def test_missing_file_and_bad_yaml_exit_1_without_traceback(write, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["validate", str(tmp_path / "absent.yaml")]) == 1
    assert "error: cannot read the file: No such file or directory" in capsys.readouterr().out
    assert main(["validate", write("sensors: [\n")]) == 1
    out = capsys.readouterr().out
    assert "error: YAML syntax" in out and "Traceback" not in out


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]):
    with pytest.raises(SystemExit) as exit_info:
        main(["validate", "--format", "xml", "sensors.yaml"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'xml'" in capsys.readouterr().err


def test_real_register_through_a_subprocess():
    done = subprocess.run(
        [sys.executable, "-m", "dtpr_cli.main", "validate", "--format", "json", "sensors.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(done.stdout)
    assert report["ok"] is True and report["errors"] == 0 and report["sensors"] >= 18
    # the only warning is the intentional one, explained in a comment of sensors.yaml
    assert [p["message"] for p in report["problems"]] == [
        "datachain.data lists 'personal' but no technology is identifiable or de-identified"
    ]
