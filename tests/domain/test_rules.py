"""Every DTPR rule of dtpr_core.rules: a failing case (message and line) and a passing one."""

from __future__ import annotations

import pytest

from dtpr_core.rules import check_sensor, personal_first
from dtpr_core.taxonomy import load_taxonomy
from dtpr_core.yaml_source import load_register_text
from tests.domain.registers import VALID, edited, line_of, problems, the_problem

IDENTIFIABLE = (
    ("tech: [air_quality]", "tech: [identifiable_video]"),
    ("data: [values_time]", "data: [personal, pixel_based_image]"),
    ("    datachain:", "    legal_basis: public_task\n    datachain:"),
)


def test_valid_register_has_no_problem():
    result = load_register_text(VALID)
    assert result.ok and result.problems == []
    assert result.register is not None and result.register.sensors[0].id == "ANG-T-0001"


# ── check_datachain ──────────────────────────────────────────────────────────


def test_unknown_element_with_did_you_mean():
    text = edited(("tech: [air_quality]", "tech: [air_qualty]"))
    problem = the_problem(text, "unknown DTPR element 'air_qualty' in tech (did you mean 'air_quality'?)")
    assert problem.line == line_of(text, "air_qualty")
    assert problem.field == "sensors[0].datachain.tech[0]"


def test_unknown_element_suggests_from_another_category_when_nothing_close_at_home():
    text = edited(("purpose: [health]", "purpose: [health, air_qualty]"))
    problem = the_problem(text, "unknown DTPR element 'air_qualty' in purpose")
    assert "(did you mean 'air_quality'?)" in problem.message


def test_unknown_element_far_from_everything_has_no_suggestion():
    text = edited(("tech: [air_quality]", "tech: [zzzzzzzz]"))
    assert the_problem(text, "unknown DTPR element 'zzzzzzzz' in tech").message.endswith("in tech")


def test_element_in_the_wrong_category_says_where_it_belongs():
    text = edited(("purpose: [health]", "purpose: [air_quality]"))
    problem = the_problem(text, "'air_quality' is a tech element, not a purpose one: list it under datachain.tech")
    assert problem.line == line_of(text, "purpose: [air_quality]")


def test_element_listed_twice():
    text = edited(("data: [values_time]", "data: [values_time, values_time]"))
    problem = the_problem(text, "'values_time' is listed twice in data")
    assert problem.line == line_of(text, "data: [values_time, values_time]")
    assert problem.field == "sensors[0].datachain.data[1]"


def test_duration_needed_in_every_language_of_the_sensor():
    text = edited(("{duration: {fr: 1 an, en: 1 year}}", "{duration: {fr: 1 an}}"))
    problem = the_problem(text, "'data_retained' needs its duration in every language of the sensor (missing: en)")
    assert "add variables: {duration: {fr: 30 jours, en: 30 days}}" in problem.message
    assert problem.line == line_of(text, "- element: data_retained")


def test_duration_missing_altogether():
    text = edited(("        - element: data_retained\n          variables: {duration: {fr: 1 an, en: 1 year}}\n", ""))
    text = edited(("      retention:\n", "      retention: [data_retained]\n"), base=text)
    problem = the_problem(text, "needs its duration in every language of the sensor (missing: fr, en)")
    assert problem.line == line_of(text, "retention: [data_retained]")


def test_duration_in_a_third_language_when_the_name_has_it():
    text = edited(("en: Test sensor}", "en: Test sensor, es: Sensor de prueba}"))
    assert the_problem(text, "(missing: es)").line == line_of(text, "- element: data_retained")
    fixed = edited(("en: 1 year}", "en: 1 year, es: 1 año}"), base=text)
    assert load_register_text(fixed).ok


def test_variable_on_an_element_that_takes_none():
    text = edited(("tech: [air_quality]", "tech: [{element: air_quality, variables: {duration: 1 an}}]"))
    problem = the_problem(text, "'air_quality' takes no variable 'duration'")
    assert problem.line == line_of(text, "tech: [{element")
    assert problem.field == "sensors[0].datachain.tech[0].variables"


# ── _check_counts ────────────────────────────────────────────────────────────


def test_at_least_one_purpose():
    text = edited(("purpose: [health]", "purpose: []"))
    problem = the_problem(text, "a sensor needs at least one purpose (why it is there)")
    assert problem.line == line_of(text, "    datachain:")


@pytest.mark.parametrize("count", [1, 2, 3])
def test_up_to_three_purposes_pass(count: int):
    purposes = ", ".join(["health", "ecology", "mobility"][:count])
    assert load_register_text(edited(("purpose: [health]", f"purpose: [{purposes}]"))).ok


def test_at_most_three_purposes_points_at_the_fourth():
    text = edited(("purpose: [health]", "purpose: [health, ecology, mobility,\n                safety_security]"))
    problem = the_problem(text, "at most 3 purposes, most important first; found 4")
    assert (problem.line, problem.column) == (line_of(text, "safety_security"), 17)


def test_at_least_one_accountable():
    text = edited(("accountable: [alm]", "accountable: []"))
    problem = the_problem(text, "a sensor needs at least one accountable organisation")
    assert problem.line == line_of(text, "accountable: []")


def test_at_least_one_technology():
    text = edited(("tech: [air_quality]", "tech: []"))
    problem = the_problem(text, "a sensor needs at least one technology element (datachain.tech)")
    assert problem.line == line_of(text, "    datachain:")


def test_organisation_listed_twice_in_accountable():
    text = edited(("accountable: [alm]", "accountable:\n      - alm\n      - ville-angers\n      - alm"))
    problem = the_problem(text, "organisation 'alm' is listed twice in accountable")
    assert problem.line == line_of(text, "- ville-angers") + 1
    assert load_register_text(edited(("accountable: [alm]", "accountable: [alm, ville-angers]"))).ok


# ── _check_personal_data ─────────────────────────────────────────────────────


def test_identifiable_sensor_with_legal_basis_and_personal_data_passes():
    result = load_register_text(edited(*IDENTIFIABLE))
    assert result.ok and result.problems == []


def test_personal_data_needs_a_legal_basis():
    text = edited(*IDENTIFIABLE[:2])
    problem = the_problem(text, "this sensor collects personal data (identifiable_video): give its GDPR legal_basis")
    assert "(consent, contract, legal_obligation, vital_interests, public_task or legitimate_interests)" in (
        problem.message
    )
    assert problem.line == line_of(text, "- id: ANG-T-0001")
    assert problem.field == "sensors[0]"


def test_de_identified_technology_also_needs_a_legal_basis():
    text = edited(("tech: [air_quality]", "tech: [de_identified_video]"))
    assert the_problem(text, "collects personal data (de_identified_video)").line == line_of(text, "- id:")
    fixed = edited(("    datachain:", "    legal_basis: public_task\n    datachain:"), base=text)
    assert load_register_text(fixed).ok


def test_personal_data_type_alone_needs_a_legal_basis():
    text = edited(("data: [values_time]", "data: [personal]"))
    assert the_problem(text, "this sensor collects personal data (personal data): give its GDPR legal_basis")


def test_identifiable_without_personal_data_type_warns():
    text = edited(IDENTIFIABLE[0], IDENTIFIABLE[2])
    warning = the_problem(
        text, "identifiable_video is identifiable but datachain.data does not list 'personal'", "warning"
    )
    assert warning.line == line_of(text, "    datachain:")
    assert load_register_text(text).ok


def test_personal_data_without_personal_technology_warns():
    text = edited(("data: [values_time]", "data: [personal]"), IDENTIFIABLE[2])
    warning = the_problem(
        text, "datachain.data lists 'personal' but no technology is identifiable or de-identified", "warning"
    )
    assert warning.line == line_of(text, "    datachain:")


# ── _check_retention ─────────────────────────────────────────────────────────

RETENTION = (
    "      retention:\n        - element: data_retained\n          variables: {duration: {fr: 1 an, en: 1 year}}\n"
)


def test_empty_retention_warns():
    text = edited((RETENTION, ""))
    warning = the_problem(text, "datachain.retention is empty: say how long data is kept", "warning")
    assert warning.line == line_of(text, "    datachain:")


def test_retained_and_not_retained_together_is_an_error():
    text = edited((RETENTION, RETENTION + "        - no_data_retained\n"))
    problem = the_problem(text, "retention cannot be both data_retained and no_data_retained")
    assert problem.line == line_of(text, "      retention:")


def test_no_data_retained_with_storage_warns():
    text = edited((RETENTION, "      retention: [no_data_retained]\n"))
    warning = the_problem(text, "no_data_retained, yet datachain.storage says where data is stored", "warning")
    assert warning.line == line_of(text, "storage: [stored_locally]")
    fixed = edited(("      storage: [stored_locally]\n", ""), base=text)
    assert load_register_text(fixed).problems == []


# ── _check_lifecycle ─────────────────────────────────────────────────────────


def test_retired_before_installed_is_an_error():
    text = edited(("status: active", "status: retired\n    retired_on: 2023-12-31"))
    problem = the_problem(text, "retired_on is before installed_on")
    assert problem.line == line_of(text, "retired_on: 2023-12-31")


def test_retired_with_its_date_passes():
    result = load_register_text(edited(("status: active", "status: retired\n    retired_on: 2025-06-30")))
    assert result.ok and result.problems == []


def test_retired_without_date_warns():
    text = edited(("status: active", "status: retired"))
    warning = the_problem(text, "status is retired: add retired_on (YYYY-MM-DD)", "warning")
    assert warning.line == line_of(text, "status: retired")


def test_retired_on_without_retired_status_warns():
    text = edited(("status: active", "status: maintenance\n    retired_on: 2025-06-30"))
    warning = the_problem(text, "retired_on is set but status is maintenance", "warning")
    assert warning.line == line_of(text, "retired_on: 2025-06-30")


# ── identifiable technology first ────────────────────────────────────────────


def test_identifiable_technology_is_moved_first_with_a_warning():
    text = edited(("tech: [identifiable_video]", "tech: [radar, identifiable_video]"), base=edited(*IDENTIFIABLE))
    result = load_register_text(text)
    warning = the_problem(
        text,
        "identifiable and de-identified technologies are shown first: datachain.tech was reordered to "
        "identifiable_video, radar",
        "warning",
    )
    assert warning.line == line_of(text, "tech: [radar, identifiable_video]")
    assert result.ok and result.register is not None
    tech = result.register.sensors[0].elements("tech")
    assert [(s.element_id, s.priority) for s in tech] == [("identifiable_video", 0), ("radar", 1)]


def test_identifiable_technology_already_first_is_silent():
    text = edited(("tech: [identifiable_video]", "tech: [identifiable_video, radar]"), base=edited(*IDENTIFIABLE))
    assert load_register_text(text).problems == []


def test_priorities_decide_the_order_of_the_others():
    text = edited(("tech: [air_quality]", "tech: [{element: radar, priority: 5}, {element: thermometer, priority: 1}]"))
    result = load_register_text(text)
    assert result.ok and result.register is not None
    assert [s.element_id for s in result.register.sensors[0].elements("tech")] == ["thermometer", "radar"]
    assert problems(result) == []


def test_check_sensor_is_pure_and_normalises_once():
    result = load_register_text(
        edited(("tech: [identifiable_video]", "tech: [radar, identifiable_video]"), base=edited(*IDENTIFIABLE))
    )
    assert result.register is not None
    sensor = result.register.sensors[0]
    again, found = check_sensor(sensor)
    assert again == sensor and found == []
    assert personal_first(sensor.elements("tech"), load_taxonomy()) == sensor.elements("tech")
