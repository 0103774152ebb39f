"""The public sensor page: plain language first, DTPR colours with words, no script, small, cacheable."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from html import unescape

from fastapi import FastAPI
from fastapi.testclient import TestClient

from dtpr_core.announcement import Announcement, StatusUpdate
from dtpr_core.model import Sensor
from dtpr_core.taxonomy import load_taxonomy
from dtpr_store.db import session_scope
from dtpr_store.writes import record_announcements, record_statuses
from tests.registry.pages.conftest import CAMERA_CHAIN

HTML = {"accept": "text/html"}
NBSP = "\u00a0"


def page(client: TestClient, sensor_id: str = "ANG-AQ-0001", **headers: str) -> str:
    response = client.get(f"/s/{sensor_id}", headers={**HTML, **headers})
    assert response.status_code == 200, response.text
    return response.text


def test_plain_language_first_then_datachain(client: TestClient, store: Callable[..., Sensor]) -> None:
    store()
    html = page(client)
    assert html.startswith("<!doctype html>") and '<html lang="fr"' in html
    for question in (f"Données personnelles{NBSP}?", f"Pourquoi{NBSP}?", f"Qui est responsable{NBSP}?"):
        assert question in html
    assert html.index('id="personal-data"') < html.index("<details")
    assert "Non. Ce capteur ne recueille aucune donnée sur les personnes." in html and "pd-none" in html
    assert f"Que mesure-t-il{NBSP}?" in html and 'id="rights"' not in html  # no rights without personal data
    assert "Données conservées 1 an" in html
    assert 'href="tel:+33241055000"' in html and "83 rue du Mail, Angers" in html
    assert "dpo@example.fr" not in html  # only shown when personal data is collected
    for landmark in ("<header", "<main", "<footer", "<nav", 'class="skip" href="#main"'):
        assert landmark in html


def test_datachain_in_taxonomy_order_with_icons(client: TestClient, store: Callable[..., Sensor]) -> None:
    store(
        datachain={**CAMERA_CHAIN, "process": ["aggregated"], "access": ["available_to_me"]}, legal_basis="public_task"
    )
    html = page(client)
    shown = re.findall(r'<details id="([a-z]+)">', html)
    order = [category.key for category in load_taxonomy().categories]
    assert shown == [key for key in order if key in shown] and len(shown) == 8
    sources = re.findall(
        r'<img class="ic" src="(/dtpr-icons/[a-z0-9_]+\.svg\?v=[0-9a-f]+)" alt="" width="44" height="44" loading="lazy">',
        html,
    )
    assert len(sources) >= 8 and "data:image" not in html  # icons are files, fetched when a section is opened
    for src in set(sources):
        icon = client.get(src)
        assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml"), src
        assert "immutable" in icon.headers["cache-control"]
    assert "{{" not in html and "](http" not in html  # variables filled, Markdown links stripped


def test_personal_data_colour_always_with_words(client: TestClient, store: Callable[..., Sensor]) -> None:
    store("ANG-CAM-0001", datachain=CAMERA_CHAIN, legal_basis="public_task")
    store(
        "ANG-CAM-0002",
        datachain={**CAMERA_CHAIN, "tech": ["de_identified_video"]},
        legal_basis="public_task",
    )
    yellow = page(client, "ANG-CAM-0001")
    assert 'class="pd pd-identifiable"' in yellow
    assert "Oui. Cette caméra filme des personnes qu’on peut reconnaître." in yellow  # plain words (#13)
    assert f"Qu’est-ce que c’est{NBSP}?" in yellow and "Que mesure" not in yellow  # a camera does not measure
    assert (
        "Pour voir vos images ou vérifier qu’elles sont effacées, écrivez au délégué à la protection des données."
        in (yellow)
    )
    assert "#FFDD00" in yellow and "dpo@example.fr" in yellow
    blue = page(client, "ANG-CAM-0002")
    assert 'class="pd pd-de_identified"' in blue and "rendues anonymes" in blue and "#36B2E6" in blue


def test_no_script_no_foreign_requests_small(client: TestClient, store: Callable[..., Sensor]) -> None:
    store()
    response = client.get("/s/ANG-AQ-0001", headers=HTML)
    html = response.text
    assert "<script" not in html.lower() and " on" + "click" not in html
    assert not re.search(r'src="(?!data:)[a-z]+://', html), "no src to another origin"
    assert not re.search(r"<link[^>]+rel=\"stylesheet\"", html)
    for href in re.findall(r'href="([a-z]+:[^"]*)"', html):
        assert href.startswith(
            (
                "https://capteurs.example.fr/",
                "tel:",
                "mailto:",
                "https://creativecommons.org/",
                "https://github.com/Helpful-Places/",
            )
        )
    assert len(response.content) < 50_000
    headers = response.headers
    assert "default-src 'none'" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["referrer-policy"] == "no-referrer" and headers["x-content-type-options"] == "nosniff"
    assert headers["cache-control"] == "public, max-age=60" and "Accept-Language" in headers["vary"]
    assert "set-cookie" not in headers
    assert "@media print" in html and "<details" in html


def test_etag_and_304(client: TestClient, store: Callable[..., Sensor]) -> None:
    store()
    first = client.get("/s/ANG-AQ-0001", headers=HTML)
    etag = first.headers["etag"]
    again = client.get("/s/ANG-AQ-0001", headers={**HTML, "if-none-match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    other = client.get("/s/ANG-AQ-0001?lang=en", headers={**HTML, "if-none-match": etag})
    assert other.status_code == 200


def test_sensors_declared_alike_each_get_their_own_links(client: TestClient, store: Callable[..., Sensor]) -> None:
    store("ANG-AQ-0001")
    store("ANG-AQ-0002")
    first, second = page(client, "ANG-AQ-0001"), page(client, "ANG-AQ-0002")
    assert "ANG-AQ-0001" not in second and "ANG-AQ-0002" not in first  # the shared page shell holds no id
    assert first.replace("ANG-AQ-0001", "ANG-AQ-0002") == second
    for path in ("/s/ANG-AQ-0002.json", "/s/ANG-AQ-0002/datachain.json", "/s/ANG-AQ-0002/feedback"):
        assert f'"{path}"' in second
    assert '<link rel="canonical" href="https://capteurs.example.fr/s/ANG-AQ-0002">' in second


def test_languages(client: TestClient, store: Callable[..., Sensor]) -> None:
    store()
    english = page(client, **{"accept-language": "en-GB,en;q=0.9"})
    assert (
        '<html lang="en"' in english
        and "Why?" in english
        and "No. This sensor collects no data about people." in english
    )
    assert '<html lang="en"' in client.get("/s/ANG-AQ-0001?lang=en").text
    for locale in ("fr", "en", "es", "pt", "tl", "km"):
        assert f'hreflang="{locale}" href="https://capteurs.example.fr/s/ANG-AQ-0001?lang={locale}"' in english
    assert 'hreflang="x-default"' in english
    khmer = client.get("/s/ANG-AQ-0001?lang=km").text
    assert '<html lang="km"' in khmer and "សម្រាប់អ្វី?" in khmer and 'lang="en">Why?' not in khmer  # Khmer chrome
    assert "គុណភាព" in khmer  # taxonomy texts stay in Khmer


def test_status_last_heard_and_history(app: FastAPI, client: TestClient, store: Callable[..., Sensor]) -> None:
    store()
    assert f"Dernier signal{NBSP}: jamais" in page(client)
    with session_scope(app.state.engine) as session:
        record_statuses(session, updates=[StatusUpdate("ANG-AQ-0001", True, datetime.now(UTC) - timedelta(minutes=5))])
    html = page(client)
    assert f"Dernier signal{NBSP}: il y a 5 minutes (en ligne)" in html
    assert "Last heard from 5 minutes ago" in page(client, **{"accept-language": "en"})
    assert "Mis à jour le " in html and "En service" in html
    assert re.search(r"<li>\d+\xa0\w+\.?\xa0\d{4} — fiche créée \(registre\)</li>", html)


def test_retired_banner(client: TestClient, store: Callable[..., Sensor]) -> None:
    store(status="retired", retired_on="2026-11-03")
    html = page(client)
    assert "Ce capteur a été retiré le 3 novembre 2026." in html and "Retiré" in html


def test_drift_notice_in_plain_words(app: FastAPI, client: TestClient, store: Callable[..., Sensor]) -> None:
    store()
    assert 'id="drift"' not in page(client)
    with session_scope(app.state.engine) as session:
        record_announcements(
            session,
            announcements=[
                Announcement("ANG-AQ-0001", "dtpr", datetime.now(UTC), elements=("air_quality", "identifiable_video"))
            ],
        )
    html = page(client)
    assert (
        f"Ce capteur annonce des fonctions que son panneau ne mentionne pas{NBSP}: vidéo de personnes reconnaissables."
        in html
    )
    assert "La fiche est en cours de vérification." in html
    assert html.index('id="drift"') < html.index('id="personal-data"')
    assert "its sign does not mention: Identifiable Video" in page(client, **{"accept-language": "en"})
    # never a flat "Non" under it: the box says what the device announces and that the service checks
    drift_box = html[html.index('id="personal-data-drift"') : html.index('id="drift"')]
    assert f"À vérifier. Cet appareil annonce{NBSP}: vidéo de personnes reconnaissables." in drift_box
    assert "Le service vérifie ce qu’il fait vraiment." in drift_box
    assert html.index('id="personal-data-drift"') < html.index('class="lead"')
    assert ".pd-drift~.pd{display:none}" in html  # the declared box ("Non.") is hidden, not shown below


def test_a_drift_toward_no_personal_data_keeps_the_declared_answer(
    app: FastAPI, client: TestClient, store: Callable[..., Sensor]
) -> None:
    store()
    with session_scope(app.state.engine) as session:
        record_announcements(
            session,
            announcements=[
                Announcement("ANG-AQ-0001", "dtpr", datetime.now(UTC), elements=("air_quality", "thermometer"))
            ],
        )
    html = page(client)
    assert 'id="drift"' in html and 'id="personal-data-drift"' not in html


def test_the_personal_data_answer_comes_right_after_the_title(client: TestClient, store: Callable[..., Sensor]) -> None:
    store()
    html = page(client)
    assert html.index("</h1>") < html.index('id="personal-data"') < html.index('class="lead"')
    assert html.index('id="personal-data"') - html.index("</h1>") < 200
    assert html.index('href="#feedback"') < html.index('class="summary"')


def test_links_to_twins_sign_and_exports(client: TestClient, store: Callable[..., Sensor]) -> None:
    store()
    html = page(client)
    for href in (
        "/s/ANG-AQ-0001.json",
        "/s/ANG-AQ-0001/datachain.json",
        "/signs/ANG-AQ-0001.svg",
        "/export/sensors.csv",
    ):
        assert f'href="{href}"' in html


def test_unknown_invalid_and_undeclared_ids_get_the_friendly_404(app: FastAPI, client: TestClient) -> None:
    response = client.get("/s/ANG-NOPE-0001", headers=HTML)
    assert response.status_code == 404
    assert "Ce capteur n’est pas (ou plus) dans le registre" in unescape(response.text)
    assert 'name="q"' in response.text and 'href="/"' in response.text
    with session_scope(app.state.engine) as session:
        record_statuses(session, updates=[StatusUpdate("ANG-DISC-0001", True, datetime.now(UTC))])
    hidden = client.get("/s/ANG-DISC-0001", headers=HTML)
    assert hidden.status_code == 404 and "ANG-DISC-0001" not in hidden.text.split("<main", 1)[1].split("</main>")[0]
    for bad in ("/s/..%2Fetc", "/s/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/s/a%22onmouseover%3Dx"):
        response = client.get(bad, headers=HTML)
        assert response.status_code == 404
        assert "<script>alert" not in response.text and '"onmouseover' not in response.text


def test_spanish_chrome_is_complete(client: TestClient, store: Callable[..., Sensor]) -> None:
    store()
    html = page(client, **{"accept-language": "es-ES,es;q=0.9"})
    assert (
        '<html lang="es"' in html
        and "¿Para qué?" in html
        and "No. Este sensor no recoge ningún dato sobre las personas." in html
    )
    assert "Toque una sección para abrirla." in html and 'lang="en">Tap' not in html  # complete now
    assert "Calidad del aire" in html  # taxonomy in Spanish
