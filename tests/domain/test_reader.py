"""Every check of the register reader and of the YAML layer: message, line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from dtpr_core import yaml_source
from dtpr_core.yaml_source import load_register_file, load_register_text
from tests.domain.registers import HEAD, SENSOR, VALID, edited, line_of, the_problem

# ── types and values ─────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("old", "new", "message", "needle"),
    [
        (
            "location: {lat: 47.47, lon: -0.55}",
            "location: here",
            "location must be a mapping (key: value), not text",
            "location: here",
        ),
        ("accountable: [alm]", "accountable: alm", "accountable must be a list, not text", "accountable: alm"),
        ("lat: 47.47", "lat: north", "latitude (lat) must be a number, not text", "lat: north"),
        ("lat: 47.47", "lat: 147.47", "latitude (lat) must be between -90 and 90, not 147.47", "lat: 147.47"),
        ("lon: -0.55", "lon: -190", "longitude (lon) must be between -180 and 180, not -190", "lon: -190"),
        ("lat: 47.47", "lat: .nan", "latitude (lat) must be between -90 and 90, not nan", "lat: .nan"),
        ("lat: 47.47", "lat: true", "latitude (lat) must be a number, not true or false", "lat: true"),
        (
            "status: active",
            "status: actve",
            "status must be one of planned, active, maintenance, retired, not 'actve' (did you mean 'active'?)",
            "status: actve",
        ),
        (
            "installed_on: 2024-01-01",
            "installed_on: 01/01/2024",
            "installed_on must be a date written YYYY-MM-DD, not '01/01/2024'",
            "installed_on:",
        ),
        (
            "    status: active",
            "    status: active\n    legal_basis: public_interest",
            "legal_basis must be one of consent, contract, legal_obligation, vital_interests, public_task, legitimate_interests, not 'public_interest'",
            "legal_basis:",
        ),
        ("    status: active", "    status: active\n    mounting: ''", "mounting must not be empty", "mounting:"),
        (
            "    status: active",
            "    status: active\n    mounting: [a, b]",
            "mounting must be text, not a list",
            "mounting:",
        ),
        (
            "    status: active",
            "    status: active\n    mounting: " + "x" * 501,
            "mounting is too long (501 characters, at most 500)",
            "mounting:",
        ),
        (
            "name: {fr: Capteur de test, en: Test sensor}",
            "name: {en: Test sensor}",
            "sensor 'ANG-T-0001' name needs a French text (fr: …); other languages are optional",
            "    name:",
        ),
        (
            "en: Test sensor}",
            "de: Testsensor}",
            "unknown language 'de' in sensor 'ANG-T-0001' name; use one of fr, en, es, pt, tl, km",
            "    name:",
        ),
        (
            "en: Test sensor}",
            "EN: Test sensor}",
            "unknown language 'EN' in sensor 'ANG-T-0001' name; use one of fr, en, es, pt, tl, km (did you mean 'en'?)",
            "    name:",
        ),
        (
            "name: {fr: Capteur de test, en: Test sensor}",
            "name: [Capteur]",
            "sensor 'ANG-T-0001' name must be text or a mapping of languages (fr: …, en: …), not a list",
            "    name:",
        ),
        (
            "tech: [air_quality]",
            "tech: [{element: air_quality, priority: -1}]",
            "priority must be between 0 and 10000, not -1",
            "tech:",
        ),
        (
            "tech: [air_quality]",
            "tech: [{element: air_quality, priority: first}]",
            "priority must be a whole number, not text",
            "tech:",
        ),
        (
            "tech: [air_quality]",
            "tech: [{elemnt: air_quality}]",
            "unknown key 'elemnt' in datachain entry (did you mean 'element'?)",
            "tech:",
        ),
        (
            "tech: [air_quality]",
            "tech: [{priority: 1}]",
            "datachain entry is missing the required key 'element'",
            "tech:",
        ),
        (
            "tech: [air_quality]",
            "tech: [[air_quality]]",
            "datachain entry must be a mapping (key: value), not a list",
            "tech:",
        ),
        (
            "{duration: {fr: 1 an, en: 1 year}}",
            "{duration: {fr: 1 an, en: 1 year}, duraton: 1 an}",
            "unknown key 'duraton' in variables (did you mean 'duration'?)",
            "duraton",
        ),
        (
            "- id: ANG-T-0001",
            "- id: ANG T 0001",
            "sensor id 'ANG T 0001' must match ^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$ (letters, digits, - and _, at most 64, used in URLs and file names)",
            "- id:",
        ),
    ],
)
def test_reader_check(old: str, new: str, message: str, needle: str):
    text = edited((old, new))
    problem = the_problem(text, message)
    assert problem.message == message or problem.message.startswith(message)
    assert problem.line == line_of(text, needle)


def test_passing_values_of_the_same_fields():
    text = edited(
        ("name: {fr: Capteur de test, en: Test sensor}", "name: Capteur de test"),
        ("{duration: {fr: 1 an, en: 1 year}}", "{duration: 1 an}"),
        (
            "status: active",
            "status: maintenance\n    mounting: Sur le mât, à 3 m.\n    legal_basis: consent\n    consent_withdrawal: Écrivez à dpo@example.fr",
        ),
        ("tech: [air_quality]", "tech: {element: air_quality, priority: 0}"),
        ("lat: 47.47", "lat: 47"),
    )
    result = load_register_text(text)
    assert result.ok, result.problems
    sensor = result.register.sensors[0] if result.register else None
    assert sensor is not None and sensor.name == {"fr": "Capteur de test"} and sensor.location.lat == 47.0


def test_missing_required_sensor_keys_are_each_reported():
    text = HEAD + "  - id: ANG-T-0002\n    status: active\n"
    result = load_register_text(text)
    messages = [p.message for p in result.problems]
    for key in ("name", "location", "accountable", "datachain"):
        assert f"sensor is missing the required key '{key}'" in messages
    assert {p.line for p in result.problems} == {line_of(text, "- id: ANG-T-0002")}


def test_unknown_sensor_key_points_at_the_key_with_a_suggestion():
    text = edited(("    status: active", "    status: active\n    adress: Place du Ralliement"))
    problem = the_problem(text, "unknown key 'adress' in sensor")
    assert (problem.line, problem.column) == (line_of(text, "adress:"), 5)
    text = edited(("    status: active", "    status: active\n    instaled_on: 2024-01-01"))
    assert the_problem(text, "unknown key 'instaled_on' in sensor (did you mean 'installed_on'?)")


def test_unknown_location_key_is_an_error_with_a_suggestion():
    text = edited(("lon: -0.55}", "lon: -0.55, comune: Angers}"))
    assert the_problem(text, "unknown key 'comune' in location (did you mean 'commune'?)").line == line_of(
        text, "comune"
    )


def test_unknown_datachain_category_suggests_the_right_one():
    text = edited(("data: [values_time]", "datas: [values_time]"))
    problem = the_problem(text, "unknown key 'datas' in datachain (did you mean 'data'?)")
    assert (problem.line, problem.column) == (line_of(text, "datas:"), 7)


# ── organisations and accountable ────────────────────────────────────────────


def test_unknown_organisation_suggests_the_declared_key():
    text = edited(("accountable: [alm]", "accountable: [ville_angers]"))
    problem = the_problem(
        text, "unknown organisation 'ville_angers'; declare it under organisations first (did you mean 'ville-angers'?)"
    )
    assert problem.line == line_of(text, "accountable: [ville_angers]")


def test_accountable_with_a_role_and_inline_organisations():
    text = edited(
        (
            "accountable: [alm]",
            "accountable:\n      - {organisation: alm, role: Exploitant}\n"
            "      - {key: air-pdl, name: Air Pays de la Loire, contact: {url: https://www.airpl.org}}",
        )
    )
    result = load_register_text(text)
    assert result.ok and result.register is not None
    first, second = result.register.sensors[0].accountable
    assert first.role == {"fr": "Exploitant"} and second.key == "air-pdl"
    text = edited(("accountable: [alm]", "accountable: [{organisation: almm, role: Exploitant}]"))
    problem = the_problem(
        text, "unknown organisation 'almm'; declare it under organisations first (did you mean 'alm'?)"
    )
    assert problem.field == "sensors[0].accountable[0].organisation"


def test_organisation_key_must_be_lower_case():
    text = edited(("  alm: {name", "  ALM: {name"))
    problem = the_problem(text, "organisation key 'ALM' must be lower-case letters, digits, - or _")
    assert (problem.line, problem.column) == (line_of(text, "ALM:"), 3)


def test_organisation_checks():
    base = "version: 1\norganisations:\n  alm:\n    name: Angers Loire Métropole\n"
    cases = {
        "    kind: public\n": "organisation 'alm' kind must be one of organization, institution, not 'public'",
        "    contact: {email: donnees.angers.fr}\n": "organisation 'alm' contact email 'donnees.angers.fr' is not an e-mail address",
        "    contact: {url: www.angers.fr}\n": "organisation 'alm' contact url must start with https://, not 'www.angers.fr'",
        "    contact: {phone: 02 41 05 40 00 (standard)}\n": "organisation 'alm' contact phone '02 41 05 40 00 (standard)' may only hold digits, spaces and + . - ( )",
        "    contact: {fax: 02 41 05 40 01}\n": "unknown key 'fax' in organisation 'alm' contact",
        "    data_protection: {form: mailto:dpo@angers.fr}\n": "organisation 'alm' data_protection form must start with https://",
        "    colour: blue\n": "unknown key 'colour' in organisation 'alm'",
    }
    for extra, message in cases.items():
        text = base + extra + "sensors: []\n"
        problem = the_problem(text, message)
        assert problem.line == 5, (message, problem)
    text = "version: 1\norganisations:\n  alm: {kind: institution}\nsensors: []\n"
    assert the_problem(text, "organisation 'alm' is missing the required key 'name'").line == 3
    good = (
        base
        + "    kind: institution\n    contact: {email: a@b.fr, url: https://b.fr, phone: '+33 2 41 00 00 00'}\nsensors: []\n"
    )
    assert load_register_text(good).ok


# ── register level ───────────────────────────────────────────────────────────


def test_register_level_checks():
    assert the_problem("version: 2\nsensors: []\n", "register version must be 1, not 2").line == 1
    problem = the_problem("sensors: []\norganisation: {}\n", "unknown key 'organisation' in the register")
    assert "(did you mean 'organisations'?)" in problem.message and problem.line == 2
    assert the_problem("version: 1\n", "the register is missing the required key 'sensors'").line == 1
    assert the_problem("- a\n- b\n", "the register must be a mapping (key: value), not a list").line == 1
    assert the_problem("sensors: {a: 1}\n", "sensors must be a list, not a mapping (key: value)").line == 1
    assert load_register_text("sensors: []\n").ok


def test_duplicate_sensor_id_names_the_first():
    text = VALID + SENSOR
    problem = the_problem(text, "duplicate sensor id 'ANG-T-0001' (first declared as sensors[0])")
    assert problem.line == len(HEAD.splitlines()) + len(SENSOR.splitlines()) + 1


# ── YAML layer ───────────────────────────────────────────────────────────────


def test_duplicate_yaml_key_is_an_error_at_the_second():
    text = edited(("    status: active", "    status: active\n    status: retired"))
    problem = the_problem(text, "duplicate key 'status' (the later one would silently win)")
    assert (problem.line, problem.column) == (line_of(text, "status: retired"), 5)


def test_syntax_error_has_a_line_and_a_hint():
    text = edited(("    status: active", "    mounting: Hauteur: 3 m"))
    problem = the_problem(text, "YAML syntax: mapping values are not allowed")
    assert problem.message.endswith("; put text that contains ': ' in quotes, or check the indentation")
    assert problem.line == line_of(text, "Hauteur")


def test_tab_indentation_is_explained():
    text = VALID.replace("    status: active", "\tstatus: active")
    problem = the_problem(text, "YAML syntax")
    assert problem.message.endswith("; indent with spaces, not tabs")
    assert problem.line == line_of(text, "\tstatus")


def test_unsupported_tag_and_unreadable_value():
    text = edited(("status: active", "status: !!python/name:os.system active"))
    problem = the_problem(text, "unsupported YAML tag tag:yaml.org,2002:python/name:os.system; write plain values")
    assert problem.line == line_of(text, "!!python")
    text = edited(("installed_on: 2024-01-01", "installed_on: 2024-13-45"))
    assert the_problem(text, "cannot read the value '2024-13-45'").line == line_of(text, "2024-13-45")


def test_complex_key_must_be_plain_text():
    text = edited(("    status: active", "    ? [a, b]\n    : x\n    status: active"))
    assert the_problem(text, "a key must be plain text").line == line_of(text, "? [a, b]")


def test_empty_file():
    for text in ("", "# nothing\n", "---\n"):
        assert the_problem(text, "the file is empty: it needs a 'sensors:' list").line == 1


def test_too_large(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(yaml_source, "MAX_BYTES", 100)
    assert the_problem(VALID, "file too large").line == 1


def test_too_large_is_counted_in_bytes_and_said_before_any_reading(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """A register over the limit is one clear problem, never read in part (a cut file once said
    "YAML syntax: did not find expected ','" at the cut, after a minute): counted in UTF-8 bytes,
    so a French text's accents count, in a file as in a text."""
    text = VALID.replace("sensors:", "# " + "é" * 4000 + "\nsensors:", 1)
    monkeypatch.setattr(yaml_source, "MAX_BYTES", len(text) + 100)  # fewer characters than that, more bytes
    path = tmp_path / "sensors.yaml"
    path.write_text(text, encoding="utf-8")
    for result in (load_register_text(text), load_register_file(str(path))):
        assert [p.message for p in result.problems] == ["file too large (0 MiB; a register is read up to 0 MiB)"]
        assert result.register is None
    monkeypatch.setattr(yaml_source, "MAX_BYTES", len(text.encode()))
    assert load_register_text(text).ok
    assert load_register_file(str(path)).ok


def test_reading_leaves_the_garbage_collector_as_it_found_it():
    import gc

    assert gc.isenabled()
    assert load_register_text(VALID).ok
    assert gc.isenabled()
    gc.disable()
    try:
        assert load_register_text(VALID).ok
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_aliases_are_read_once_and_do_not_explode():
    bomb = "a: &a [x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(20)
    )
    result = load_register_text(bomb + "sensors: []\n")
    assert not result.ok
    assert all(p.line and p.line >= 1 for p in result.problems)


def test_files_not_found_not_utf8_and_with_bom(tmp_path: Path):
    assert "cannot read the file" in load_register_file(str(tmp_path / "absent.yaml")).problems[0].message
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(b"sensors: []\n# M\xe9tropole\n")
    problem = load_register_file(str(latin)).problems[0]
    assert (problem.message, problem.line) == ("the file is not UTF-8 text; save it as UTF-8", 2)
    bom = tmp_path / "bom.yaml"
    bom.write_bytes("\ufeff".encode() + VALID.encode())
    assert load_register_file(str(bom)).ok


# ── several mistakes, one pass ───────────────────────────────────────────────


def test_every_mistake_of_a_file_is_reported_together():
    text = edited(
        ("    status: active", "    status: active\n    status: planned"),  # YAML duplicate key
        ("lat: 47.47", "lat: 247"),  # out of range
        ("accountable: [alm]", "accountable: alm"),  # wrong type
        ("tech: [air_quality]", "tech: [air_qualty]"),  # unknown element
    )
    text += SENSOR.replace("lon: -0.55", "lon: east")  # duplicate id + wrong type
    result = load_register_text(text)
    assert not result.ok and result.register is None
    second = line_of(text, "lon: east")
    expected = [
        (line_of(text, "status: planned"), "duplicate key 'status'"),
        (line_of(text, "lat: 247"), "latitude (lat) must be between -90 and 90, not 247"),
        (line_of(text, "accountable: alm"), "accountable must be a list, not text"),
        (line_of(text, "air_qualty"), "unknown DTPR element 'air_qualty' in tech"),
        (second, "longitude (lon) must be a number, not text"),
        (second - 2, "duplicate sensor id 'ANG-T-0001'"),
    ]
    for line, message in expected:
        assert any(p.line == line and message in p.message for p in result.problems), (line, message)
    assert [p.line for p in result.problems] == sorted(p.line or 0 for p in result.problems)


# ── regressions found by the property tests ──────────────────────────────────


def test_huge_integer_coordinate_is_an_error_not_a_crash():
    text = edited(("lat: 47.47", "lat: 1" + "0" * 400))
    assert the_problem(text, "latitude (lat) must be between -90 and 90").line == line_of(text, "lat: 1000")


def test_date_with_a_time_is_an_error_not_a_crash():
    text = edited(("installed_on: 2024-01-01", "installed_on: 2024-01-01 10:00:00\n    retired_on: 2025-01-01"))
    problem = the_problem(
        text, "installed_on must be a date written YYYY-MM-DD, without a time, not 2024-01-01 10:00:00"
    )
    assert problem.line == line_of(text, "installed_on")


def test_merge_key_is_one_clear_error():
    text = edited(("    status: active", "    status: active\n    <<: {mounting: Mât}"))
    result = load_register_text(text)
    assert [p.message for p in result.problems] == [
        "YAML merge keys (<<) are not supported; write the values out in full"
    ]
    assert result.problems[0].line == line_of(text, "<<:")


@pytest.mark.parametrize("depth", [100, 900, 10_000])
def test_deeply_nested_yaml_is_a_located_error(depth: int) -> None:
    """``[[[…]]]`` 10,000 deep (or deep enough to exhaust Python's stack): one located error, no RecursionError."""
    text = "sensors:\n  - id: ANG-AQ-0001\n    datachain:\n      purpose: " + "[" * depth + "]" * depth + "\n"
    result = load_register_text(text)
    assert result.register is None
    (problem,) = result.problems
    assert "nested" in problem.message and problem.line == 4 and problem.column > 1, problem


@pytest.mark.parametrize("field", ["commune", "zone"])
def test_a_place_name_is_bounded(field: str) -> None:
    """A commune or zone name becomes a listing's address and the export's file name: 80 characters at most."""
    from dtpr_core.register import PLACE_NAME_MAX

    fits = edited(
        ("location: {lat: 47.47, lon: -0.55}", f'location: {{lat: 47.47, lon: -0.55, {field}: "{"é" * 80}"}}')
    )
    assert PLACE_NAME_MAX == 80 and load_register_text(fits).ok
    long = fits.replace("é" * 80, "é" * 81)
    problem = the_problem(long, f"{field} is too long (81 characters, at most 80)")
    assert problem.line == line_of(long, "é" * 81)
