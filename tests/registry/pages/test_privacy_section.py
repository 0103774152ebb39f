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
        "Vous pouvez voir les données qui vous concernent",
        "vous opposer à leur usage",
        "Pour voir ou effacer vos images, écrivez à dpo@angersloiremetropole.fr.",
        "Délégué à la protection des données",
        "CNIL (Commission nationale de l'informatique et des libertés)",
        "https://www.cnil.fr/plaintes",
        "Police nationale et gendarmerie, sur réquisition, en cas d'enquête",
        "Arrêté préfectoral n° 2020-VP-0153",
    ),
    "en": (
        "Public interest task — GDPR, Article 6(1)(e)",
        "You can see the data about you",
        "object to their use",
        "To see or erase your images, write to dpo@angersloiremetropole.fr.",
        "Data protection officer",
        "complain to the data protection authority, CNIL",
        "https://www.cnil.fr/plaintes",
        "National police and gendarmerie, on official request",
    ),
}


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
