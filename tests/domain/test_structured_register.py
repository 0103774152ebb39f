"""Issue #20: a register that translates by construction (kept, role and recipient codes,
legal_ground, purpose), and the validator's warnings on what the law says precisely."""

from __future__ import annotations

import yaml
from hypothesis import given

from dtpr_core.kept import Kept, duration_words, kept_text, parse_duration
from dtpr_core.locales import LOCALES
from dtpr_core.notice import privacy_notice
from dtpr_core.notice_text import page_rows
from dtpr_core.register import dump_register
from dtpr_core.yaml_source import load_register_text
from tests import strategies
from tests.domain.registers import HEAD, edited

CAMERA = """\
  - id: ANG-CAM-0001
    name: {fr: Caméra de test, en: Test camera}
    location: {lat: 47.47, lon: -0.55}
    purpose: {fr: régler les feux, en: adjust the traffic lights}
    accountable: [alm]
    legal_basis: public_task
    legal_ground: [csi_l251_2, csi_l252_1]
    recipients: [police_requisition, {fr: Centre de régulation, en: Traffic centre}]
    video_protection_authorisation: "Arrêté n° 1"
    kept: {images: 15 days}
    datachain:
      purpose: [mobility]
      tech: [identifiable_video]
      data: [personal]
      retention: [data_retained]
      storage: [stored_locally]
"""


def camera(*replacements: tuple[str, str]):
    result = load_register_text(edited(*replacements, base=HEAD + CAMERA))
    assert result.register is not None, [p.message for p in result.problems]
    return result


@given(strategies.duration_like)
def test_a_duration_is_read_or_refused_never_crashes(value: object) -> None:
    parsed = parse_duration(value)
    assert parsed is None or (parsed[0] >= 0 and parsed[1] in ("hour", "day", "week", "month", "year"))


@given(strategies.durations)
def test_every_accepted_duration_is_said_in_every_language(text: str) -> None:
    parsed = parse_duration(text)
    assert parsed is not None
    item = Kept("counts", *parsed)
    assert parse_duration(item.as_text()) == (parsed if parsed[0] else (0, "day"))
    for locale in LOCALES:
        sentence = kept_text((item,), locale)
        assert sentence and "{" not in sentence
        if parsed[0]:
            assert duration_words(parsed[0], parsed[1], locale) in sentence


def test_kept_is_said_from_the_catalogues_with_babel_durations() -> None:
    kept = (Kept("images", 0), Kept("counts", 5, "year"))
    assert kept_text(kept, "fr") == "Images\u00a0: aucune n’est gardée. Comptages\u00a0: gardés 5\u00a0ans."
    assert kept_text(kept, "es") == "Imágenes: no se guarda ninguna. Recuentos: se guardan 5\u00a0años."
    assert kept_text(kept, "pt") == "Imagens: nenhuma é guardada. Contagens: guardadas durante 5\u00a0anos."
    assert kept_text(kept, "km").startswith("រូបភាព")


def test_a_bad_kept_is_one_clear_error() -> None:
    result = load_register_text(edited(("kept: {images: 15 days}", "kept: {images: fifteen days}"), base=HEAD + CAMERA))
    assert result.register is None
    (problem,) = [p for p in result.problems if p.is_error and "kept" in p.message]
    assert problem.message.startswith("kept.images must be 'none' or a number and a unit")
    assert problem.line == (HEAD + CAMERA).splitlines().index("    kept: {images: 15 days}") + 1
    unknown = load_register_text(edited(("kept: {images: 15 days}", "kept: {faces: 15 days}"), base=HEAD + CAMERA))
    assert any("faces" in p.message for p in unknown.problems if p.is_error)


def test_codes_are_said_in_every_language_and_written_back_as_codes() -> None:
    result = camera()
    sensor = result.register.sensors[0]
    assert sensor.recipient_codes == ("police_requisition", "")
    assert set(sensor.recipients[0]) == set(LOCALES), "a code has every language"
    assert sensor.recipients[1] == {"fr": "Centre de régulation", "en": "Traffic centre"}
    duration = sensor.datachain["retention"][0].variables["duration"]
    assert duration["fr"] == "15\u00a0jours" and duration["km"] == "15\u00a0ថ្ងៃ", "data_retained takes kept's period"
    data = dump_register(result.register)["sensors"][0]
    assert data["recipients"][0] == "police_requisition" and data["kept"] == {"images": "15 days"}
    assert data["legal_ground"] == ["csi_l251_2", "csi_l252_1"]
    again = load_register_text(yaml.safe_dump(dump_register(result.register), allow_unicode=True))
    assert again.register is not None and again.register.sensors == result.register.sensors


def test_a_role_code_is_said_in_every_language() -> None:
    result = load_register_text(edited(("  alm: {name:", "  alm: {role: controller, name:"), base=HEAD + CAMERA))
    org = result.register.organisations["alm"]
    assert org.role_code == "controller" and org.role["es"] == "Responsable del tratamiento"
    assert set(org.role) == set(LOCALES)


def test_the_video_protection_frame_in_spanish() -> None:
    notice = privacy_notice(camera().register.sensors[0], "es")
    text = " ".join(line for row in page_rows(notice) for line in row.lines)
    assert "artículo L. 251-2" in text and "(artículo L. 253-5)" in text
    assert "commission départementale de vidéoprotection" in text
    assert "Policía o gendarmería" in text and "Para ajustar" not in text  # no Spanish purpose: not invented


def test_an_offence_purpose_states_the_police_justice_regime() -> None:
    result = camera(("purpose: [mobility]", "purpose: [mobility, enforcement]"))
    notice = privacy_notice(result.register.sensors[0], "fr")
    assert notice.police_justice and "objection" not in notice.rights
    facts = next(row for row in page_rows(notice) if row.key == "facts").lines
    assert any("règles de la police et de la justice" in line and "titre III" in line for line in facts)


def test_an_anonymity_claim_beside_a_kept_identifier_warns() -> None:
    wifi = camera(
        ("tech: [identifiable_video]", "tech: [identifiable_wifi_sensor]\n      process: [de_identified]"),
        ("kept: {images: 15 days}", "kept: {identifiers: 24 hours}"),
    )
    (warning,) = [p for p in wifi.problems if "pseudonymised" in p.message]
    assert "de_identified" in warning.message and "identifiers for 24 hours" in warning.message
    words = camera(
        ("    purpose: {fr: régler", "    description: Les données sont rendues anonymes.\n    purpose: {fr: régler"),
    )
    assert any("'anonym…' in its texts" in p.message for p in words.problems)
    assert not [p for p in camera().problems if "pseudonymised" in p.message]


def test_not_available_to_me_still_says_how_to_get_ones_own_data() -> None:
    result = camera(
        ("      storage: [stored_locally]", "      access: [not_available_to_me]\n      storage: [stored_locally]")
    )
    assert any("not_available_to_me" in p.message and "art. 15" in p.message for p in result.problems)
    notice = privacy_notice(result.register.sensors[0], "fr")
    rights = next(row for row in page_rows(notice) if row.key == "rights").lines
    assert any(line.startswith("Vous pouvez toujours demander les données qui vous concernent") for line in rights)


def test_automated_decisions_are_said_either_way() -> None:
    said = {
        flag: next(row for row in page_rows(privacy_notice(result.register.sensors[0], "fr")) if row.key == "facts")
        for flag, result in (
            (False, camera()),
            (True, camera(("kept: {images", "automated_decisions: true\n    kept: {images"))),
        )
    }
    assert "Aucune décision automatisée n’est prise à votre sujet." in said[False].lines
    assert any(line.startswith("Des décisions sur vous sont prises par un logiciel") for line in said[True].lines)


def test_video_protection_images_kept_over_a_month_warn() -> None:
    """CSI L. 252-5: one month at most; 30 days and 1 month pass, 45 days warns."""
    for fine in ("15 days", "30 days", "1 month"):
        kept = camera(("kept: {images: 15 days}", f"kept: {{images: {fine}}}"))
        assert not [p for p in kept.problems if "L252-5" in p.message], fine
    (warning,) = [
        p for p in camera(("kept: {images: 15 days}", "kept: {images: 45 days}")).problems if "L252-5" in p.message
    ]
    assert "45 days" in warning.message and warning.severity == "warning"
