"""The page's second layer (GDPR art. 13), the feedback form's notice and the "did this page help?" buttons."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from dtpr_core import Sensor, load_register_file
from dtpr_store.db import session_scope
from dtpr_store.writes import upsert_sensor

ROOT = Path(__file__).resolve().parents[3]
EXPECTED = {
    "fr": (
        "Mission d’intérêt public — RGPD, article 6-1-e",
        "Code de la sécurité intérieure, article L. 251-2",
        "Vous pouvez voir les données qui vous concernent",
        "vous opposer à leur usage",
        "Pour voir vos images ou vérifier qu’elles sont effacées, écrivez à dpo@angersloiremetropole.fr.",
        "ou vérifier qu’elles ont été effacées, tant qu’elles sont gardées (article L. 253-5)",
        "vous pouvez saisir la commission départementale de vidéoprotection",
        "Délégué à la protection des données",
        "Vous pouvez à tout moment vous plaindre à l’autorité de protection des données, "
        "CNIL (Commission nationale de l'informatique et des libertés)",
        "https://www.cnil.fr/plaintes",
        "Police ou gendarmerie, sur réquisition, en cas d’enquête",
        "Arrêté préfectoral n° 2020-VP-0153",
        "Ces images ne servent pas à rechercher des infractions : c’est le RGPD qui s’applique.",
        "Aucune décision automatisée n’est prise à votre sujet.",
        "Pour régler les feux et aider en cas d'accident.",
        "Images : gardées 15 jours.",
    ),
    "en": (
        "Public interest task — GDPR, Article 6(1)(e)",
        "French Internal Security Code, Article L. 251-2",
        "You can see the data about you",
        "object to their use",
        "To see your images or check they have been erased, write to dpo@angersloiremetropole.fr.",
        "(Article L. 253-5)",
        "commission départementale de vidéoprotection",
        "Data protection officer",
        "You can complain to the data protection authority at any time, CNIL",
        "https://www.cnil.fr/plaintes",
        "Police or gendarmerie, on official request during an investigation",
        "These images are not used to look for offences: the GDPR applies.",
        "No decision about you is taken automatically.",
    ),
}
NEVER = ("Si la réponse ne vous satisfait pas", "corriger ou effacer vos images", "rendues anonymes")


def text_of(page: str) -> str:
    """The page's visible text, entities decoded, spaces normalised."""
    no_tags = re.sub(r"<[^>]+>", " ", page)
    return " ".join(html.unescape(no_tags).replace("\u00a0", " ").split())


@pytest.fixture
def shipped(app: FastAPI) -> Callable[[str], Sensor]:
    register = load_register_file(ROOT / "sensors.yaml").register
    assert register is not None
    by_id = {sensor.id: sensor for sensor in register.sensors}

    def declare(sensor_id: str) -> Sensor:
        with session_scope(app.state.engine) as session:
            upsert_sensor(session, sensor=by_id[sensor_id], source="register", actor="test")
        return by_id[sensor_id]

    return declare


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_camera_page_gives_the_full_information(client: TestClient, shipped, lang: str) -> None:
    shipped("ANG-VID-0001")
    page = client.get(f"/s/ANG-VID-0001?lang={lang}")
    assert page.status_code == 200
    text = text_of(page.text)
    for fragment in EXPECTED[lang]:
        assert fragment.replace("\u00a0", " ") in text, fragment
    assert not [never for never in NEVER if never in text]
    assert 'href="mailto:dpo@angersloiremetropole.fr"' in page.text
    assert len(page.content) < 50_000


def test_a_sensor_without_personal_data_says_so_and_shows_no_rights(client: TestClient, shipped) -> None:
    shipped("ANG-AQ-0001")
    text = text_of(client.get("/s/ANG-AQ-0001").text)
    assert "Aucune donnée personnelle n’est collectée ici." in text
    for absent in ("Vos droits", "RGPD, article", "CNIL", "Pour voir ou effacer vos", "Délégué à la protection"):
        assert absent not in text, absent


def test_the_feedback_form_says_who_reads_and_how_long(client: TestClient, shipped) -> None:
    shipped("ANG-VID-0001")
    text = text_of(client.get("/s/ANG-VID-0001").text)
    assert "Votre message est lu par les agents chargés des capteurs" in text
    assert "sinon au bout de 90 jours" in text
    assert "Pour voir ou effacer votre message, écrivez à dpo@angersloiremetropole.fr." in text
    again = client.post("/s/ANG-VID-0001/feedback", data={"message": "x", "lang": "en"})  # shown again: same notice
    assert again.status_code == 422 and "or else after 90 days" in text_of(again.text)


def test_the_helpful_buttons_post_and_thank(client: TestClient, shipped) -> None:
    shipped("ANG-AQ-0001")
    page = client.get("/s/ANG-AQ-0001").text
    assert 'action="/s/ANG-AQ-0001/helpful"' in page and 'name="helpful" value="yes"' in page
    assert "Merci ! Votre réponse est comptée." not in text_of(page)
    answered = client.post("/s/ANG-AQ-0001/helpful", data={"helpful": "yes", "lang": "fr"})
    assert answered.status_code == 200 and "Merci ! Votre réponse est comptée." in text_of(answered.text)
    assert "set-cookie" not in answered.headers
