"""The GDPR fields, rules and the privacy notice (dtpr_core.privacy_rules, notice, notice_text)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from dtpr_core.model import LEGAL_BASES, Sensor
from dtpr_core.notice import CNIL, RIGHTS_BY_BASIS, SupervisoryAuthority, privacy_notice
from dtpr_core.notice_text import (
    exercise_sentence,
    feedback_notice,
    legal_basis_text,
    rights_sentence,
    sign_lines,
)
from dtpr_core.privacy_rules import collects_personal_data
from dtpr_core.register import dump_register, read_sensor_data, sensor_to_data
from dtpr_core.taxonomy import load_taxonomy
from dtpr_core.yaml_source import load_register_file, load_register_text
from tests.domain.registers import edited, line_of, the_problem
from tests.strategies import sensor_data

ROOT = Path(__file__).resolve().parents[2]
CAMERA = (
    ("tech: [air_quality]", "tech: [identifiable_video]"),
    ("data: [values_time]", "data: [personal, pixel_based_image]"),
    ("    datachain:", "    legal_basis: public_task\n    datachain:"),
)


@pytest.fixture(scope="module")
def register() -> dict[str, Sensor]:
    result = load_register_file(ROOT / "sensors.yaml")
    assert result.register is not None
    return {sensor.id: sensor for sensor in result.register.sensors}


# ── rules ────────────────────────────────────────────────────────────────────


def test_personal_data_needs_the_dpo_contact():
    text = edited(*CAMERA, ("accountable: [alm]", "accountable: [ville-angers]"))
    problem = the_problem(text, "people need the data-protection officer's contact")
    assert "add data_protection: {email: dpo@…, postal: …} to organisation 'ville-angers'" in problem.message
    assert problem.line == line_of(text, "accountable: [ville-angers]")
    # a second organisation with a DPO is enough
    assert load_register_text(edited(*CAMERA, ("accountable: [alm]", "accountable: [ville-angers, alm]"))).ok


def test_personal_data_needs_a_retention():
    text = edited(*CAMERA, ("      retention:\n        - element: data_retained\n", "      x_retention:\n"))
    text = text.replace("      x_retention:\n          variables: {duration: {fr: 1 an, en: 1 year}}\n", "")
    problem = the_problem(text, "this sensor collects personal data (identifiable_video): say how long it is kept")
    assert problem.field == "sensors[0].datachain"
    assert not [p for p in load_register_text(text).problems if "retention is empty" in p.message]


def test_legitimate_interests_need_the_interest():
    text = edited(("    datachain:", "    legal_basis: legitimate_interests\n    datachain:"))
    problem = the_problem(text, "legal_basis legitimate_interests: state the interest pursued")
    assert problem.line == line_of(text, "legal_basis:")
    fixed = edited(("    datachain:", "    legitimate_interest: Protéger le dépôt\n    datachain:"), base=text)
    assert load_register_text(fixed).ok


def test_consent_needs_how_to_withdraw_it():
    text = edited(("    datachain:", "    legal_basis: consent\n    datachain:"))
    assert the_problem(text, "legal_basis consent: say how people withdraw their consent")
    fixed = edited(("    datachain:", "    consent_withdrawal: Écrivez au DPO\n    datachain:"), base=text)
    assert load_register_text(fixed).ok


def test_a_field_for_another_basis_warns():
    text = edited(*CAMERA, ("    datachain:", "    consent_withdrawal: Écrivez au DPO\n    datachain:"))
    assert the_problem(text, "consent_withdrawal is only shown with legal_basis consent", "warning")


@pytest.mark.parametrize("purpose", ["safety_security", "enforcement"])
def test_a_safety_camera_warns_about_the_prefects_authorisation(purpose: str):
    text = edited(*CAMERA, ("purpose: [health]", f"purpose: [mobility, {purpose}]"))
    warning = the_problem(text, "needs the prefect's authorisation (Code de la sécurité intérieure", "warning")
    assert "'vidéoprotection'" in warning.message and warning.field == "sensors[0].datachain.purpose"
    given_ref = edited(
        ("    datachain:", '    video_protection_authorisation: "Arrêté n° 12"\n    datachain:'), base=text
    )
    assert load_register_text(given_ref).problems == []


def test_a_traffic_camera_or_a_de_identified_one_does_not_warn():
    traffic = edited(*CAMERA, ("purpose: [health]", "purpose: [mobility]"))
    assert load_register_text(traffic).problems == []
    counter = edited(
        ("tech: [air_quality]", "tech: [de_identified_video]"),
        ("purpose: [health]", "purpose: [safety_security]"),
        ("    datachain:", "    legal_basis: public_task\n    datachain:"),
    )
    assert load_register_text(counter).problems == []


def test_recipients_are_texts_and_at_most_ten():
    many = "    recipients: [" + ", ".join(f"R{i}" for i in range(11)) + "]\n    datachain:"
    assert the_problem(edited(("    datachain:", many)), "at most 10 recipients")
    no_french = edited(("    datachain:", "    recipients: [{en: Police}]\n    datachain:"))
    assert the_problem(no_french, "recipient 1 needs a French text")


def test_the_shipped_register_round_trips_its_privacy_fields(register: dict[str, Sensor]):
    camera = register["ANG-VID-0001"]
    assert camera.video_protection_authorisation.startswith("Arrêté préfectoral")
    assert camera.recipient_codes[0] == "police_requisition"
    assert camera.recipients[0]["fr"] == "Police ou gendarmerie, sur réquisition, en cas d’enquête"
    assert camera.recipients[0]["es"].startswith("Policía o gendarmería"), "a code is said in every language"
    assert camera.legal_grounds == ("csi_l251_2", "csi_l252_1") and camera.kept[0].as_text() == "15 days"
    result = load_register_file(ROOT / "sensors.yaml")
    assert result.register is not None
    again = load_register_text(yaml.safe_dump(dump_register(result.register), allow_unicode=True))
    assert again.register is not None and again.register.sensors == result.register.sensors


# ── the notice ───────────────────────────────────────────────────────────────


def test_the_camera_notice_in_french(register: dict[str, Sensor]):
    notice = privacy_notice(register["ANG-VID-0001"], "fr")
    assert notice is not None
    assert notice.controller.key == "alm" and notice.dpo_contact == "dpo@angersloiremetropole.fr"
    assert notice.purposes[0] == "Pour régler les feux et aider en cas d'accident."
    assert notice.purposes[1:] == ("Mobilité", "Sécurité et prévention") or len(notice.purposes) == 3
    assert legal_basis_text(notice) == "Mission d’intérêt public — RGPD, article 6-1-e"
    # one does not "correct" an image: no rectification for pictures
    assert notice.rights == ("access", "erasure_limited", "restriction", "objection")
    assert "Police ou gendarmerie, sur réquisition, en cas d’enquête" in notice.recipients
    assert notice.retention == "Images\u00a0: gardées 15\u00a0jours."
    assert notice.authority == CNIL and not notice.transfers_outside_eu and not notice.automated_processing
    assert notice.video_protection and not notice.police_justice
    assert exercise_sentence(notice) == (
        "Pour voir vos images ou vérifier qu’elles sont effacées, écrivez à dpo@angersloiremetropole.fr."
    )
    assert rights_sentence(notice).startswith("Vous pouvez voir les données qui vous concernent, demander ")
    assert rights_sentence(notice).endswith(" et vous opposer à leur usage.")
    lines = sign_lines(notice)
    # the accountable hexagon names the controller as such: the first layer says the purpose first
    assert lines[0] == "Elle sert à régler les feux et aider en cas d'accident."
    assert not any(line.startswith("Images") for line in lines), "the retention is said once, in the rights line"
    assert (
        "Pour voir vos images ou vérifier qu’elles sont effacées, écrivez avant 15\u00a0jours à notre délégué à la "
        "protection des données (DPO), dpo@angersloiremetropole.fr (article L.\u00a0253-5)." in lines
    )
    assert (
        "Pour vous plaindre, à tout moment\u00a0: la CNIL, cnil.fr/plaintes, "
        "ou la commission départementale de vidéoprotection." in lines
    )
    assert (
        "Vidéoprotection (Code de la sécurité intérieure, L.\u00a0251-2)\u00a0: Arrêté préfectoral n° 2020-VP-0153 du 2 novembre 2020."
        in lines
    )


def test_the_camera_notice_in_english_and_another_authority(register: dict[str, Sensor]):
    belgian = SupervisoryAuthority(
        "APD", "Autorité de protection des données", "Rue de la Presse 35", "https://apd.be/"
    )
    notice = privacy_notice(register["ANG-VID-0001"], "en", belgian)
    assert notice is not None and legal_basis_text(notice) == "Public interest task — GDPR, Article 6(1)(e)"
    assert exercise_sentence(notice) == (
        "To see your images or check they have been erased, write to dpo@angersloiremetropole.fr."
    )
    assert "To complain, at any time: the APD, apd.be, or the commission départementale de vidéoprotection." in (
        sign_lines(notice)
    )


def test_no_notice_without_personal_data(register: dict[str, Sensor]):
    assert privacy_notice(register["ANG-AQ-0001"], "fr") is None
    wifi = privacy_notice(register["ANG-WIFI-0001"], "fr")  # `personal` data with a white technology
    assert wifi is not None and wifi.rights == RIGHTS_BY_BASIS["legal_obligation"] and not wifi.images
    assert exercise_sentence(wifi).startswith("Pour voir ou effacer vos données, écrivez à dpo@ville.angers.fr")


def test_transfers_and_automated_processing_come_from_the_datachain(register: dict[str, Sensor]):
    counter = privacy_notice(register["ANG-PC-0001"], "fr")
    assert counter is not None and counter.automated_processing and not counter.transfers_outside_eu
    abroad = edited(*CAMERA, ("storage: [stored_locally]", "storage: [stored_primarily_internationally]"))
    sensor = load_register_text(abroad).register
    assert sensor is not None
    notice = privacy_notice(sensor.sensors[0], "fr")
    assert notice is not None and notice.transfers_outside_eu


@pytest.mark.parametrize("basis", LEGAL_BASES)
def test_rights_follow_the_legal_basis_table(basis: Any):
    rights = RIGHTS_BY_BASIS[basis]
    assert {"access", "rectification", "restriction"} <= set(rights)
    assert ("objection" in rights) == (basis in ("public_task", "legitimate_interests"))
    assert ("withdraw_consent" in rights) == (basis == "consent")
    assert ("portability" in rights) == (basis in ("consent", "contract"))
    assert ("erasure_limited" in rights) == (basis in ("legal_obligation", "public_task"))


@settings(max_examples=60, deadline=None)
@given(sensor_data(), st.sampled_from(["fr", "en", "es", "pt", "tl", "km"]))
def test_any_valid_sensor_gets_a_notice_exactly_when_it_collects_personal_data(data: dict[str, Any], locale: str):
    sensor, problems = read_sensor_data(data)
    assert sensor is not None, [p.message for p in problems]
    notice = privacy_notice(sensor, locale)
    assert (notice is None) == (not collects_personal_data(sensor, load_taxonomy()))
    if notice is None:
        return
    assert notice.dpo_contact and notice.legal_basis and notice.rights
    assert all(line.strip() for line in sign_lines(notice))
    sentences = rights_sentence(notice) + exercise_sentence(notice)
    assert "{" not in sentences.replace(notice.rights_contact, ""), "a placeholder left unfilled"


def test_a_sensor_stored_before_the_rules_still_reads_with_warnings(register: dict[str, Sensor]):
    data = sensor_to_data(register["ANG-VID-0001"])
    data["accountable"] = [{"key": "alm", "name": {"fr": "Angers Loire Métropole"}}]  # no DPO, as stored before
    refused, problems = read_sensor_data(data)
    assert refused is None and any("data-protection officer" in p.message for p in problems if p.is_error)
    stored, problems = read_sensor_data(data, stored=True)
    assert stored is not None and any("data-protection officer" in p.message for p in problems)
    notice = privacy_notice(stored, "fr")
    assert notice is not None and notice.dpo_contact == "" and notice.rights_contact == ""
    del data["legal_basis"]
    assert read_sensor_data(data, stored=True)[0] is None, "a missing legal basis was always refused"


@pytest.mark.parametrize("locale", ["fr", "en", "es", "pt", "tl", "km"])
def test_the_feedback_notice_says_who_reads_and_how_long(locale: str):
    notice = feedback_notice(locale, city="Angers", email_retention_days=90, contact="dpo@example.fr")
    text = " ".join(notice)
    assert "(Angers)" in text and "90" in text and "dpo@example.fr" in text and "{" not in text
    assert len(feedback_notice(locale, city="Angers", email_retention_days=1, contact="")) == len(notice) - 1
