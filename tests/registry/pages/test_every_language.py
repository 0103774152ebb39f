"""The quality bar of issue #20: every shipped sensor page in the six languages, no text in another
language unless marked (its own ``lang`` and a notice in the reader's language); Spanish and
Portuguese have none at all (the register's free texts are translated in translations/<lang>.po)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from dtpr_core.locales import LOCALES
from dtpr_core.model import Sensor
from dtpr_core.yaml_source import load_register_file
from dtpr_store.db import session_scope
from dtpr_store.writes import upsert_sensor

ROOT = Path(__file__).resolve().parents[3]
REGISTER = load_register_file(str(ROOT / "sensors.yaml")).register
assert REGISTER is not None
LANG_ATTR = re.compile(
    r'<(\w+)[^>]*\slang="([a-z-]+)"[^>]*>(.*?)</\1>(\s*<small class="fallback"[^>]*>[^<]*</small>)?', re.S
)


@pytest.fixture
def shipped(app: FastAPI) -> list[Sensor]:
    with session_scope(app.state.engine) as session:
        for sensor in REGISTER.sensors:
            upsert_sensor(session, sensor=sensor, source="register", actor="test")
    return list(REGISTER.sensors)


def foreign_fragments(page: str, lang: str) -> Iterator[tuple[str, str, bool]]:
    """(language, text, followed by a notice) of each fragment of *page* marked with another language."""
    body = page[page.index("<main") : page.index("</main>")]  # the page's own content, not its frame
    for match in LANG_ATTR.finditer(body):
        if match.group(2) != lang:
            yield match.group(2), html.unescape(re.sub(r"<[^>]+>", "", match.group(3))), bool(match.group(4))


def free_texts(sensor: Sensor, lang: str) -> set[str]:
    """The sensor's own texts in other languages than *lang* that differ from its *lang* text."""
    found = set()
    for texts in (sensor.name, sensor.description, sensor.purpose):
        own = texts.get(lang)
        found |= {text for other, text in texts.items() if other != lang and text != own and len(text) > 12}
    return found


def visible_text(page: str) -> str:
    body = page[page.index("<main") : page.index("</main>")]
    unmarked = LANG_ATTR.sub(" ", body)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", unmarked)).split())


@pytest.mark.parametrize("lang", LOCALES)
def test_every_shipped_page_is_in_its_language_or_says_so(client: TestClient, shipped: list[Sensor], lang: str) -> None:
    for sensor in shipped:
        page = client.get(f"/s/{sensor.id}", params={"lang": lang}).text
        assert f'<html lang="{lang}"' in page
        fragments = list(foreign_fragments(page, lang))
        free = [(other, text) for other, text, noticed in fragments if text in free_texts(sensor, lang)]
        if lang in ("fr", "es", "pt"):
            assert free == [], f"{sensor.id} ({lang}): the register's own text in another language: {free}"
        unnoticed = [
            (other, text) for other, text, noticed in fragments if text in free_texts(sensor, lang) and not noticed
        ]
        assert unnoticed == [], f"{sensor.id} ({lang}): a fallback without its notice: {unnoticed}"
        text = visible_text(page)
        leaked = sorted(t for t in free_texts(sensor, lang) if " ".join(t.split()) in text)
        assert leaked == [], f"{sensor.id} ({lang}): another language, unmarked: {leaked}"


@pytest.mark.parametrize("lang", ["es", "pt"])
def test_spanish_and_portuguese_pages_have_no_fallback_at_all(
    client: TestClient, shipped: list[Sensor], lang: str
) -> None:
    for sensor in shipped:
        page = client.get(f"/s/{sensor.id}", params={"lang": lang}).text
        assert list(foreign_fragments(page, lang)) == [], sensor.id
        assert 'class="fallback"' not in page, sensor.id


def test_a_fallback_says_so_in_the_readers_language(client: TestClient, shipped: list[Sensor]) -> None:
    page = client.get("/s/ANG-VID-0001", params={"lang": "tl"}).text
    assert '<span lang="en">Traffic control camera — Boulevard Foch</span>' in page
    assert '<small class="fallback">(Nasa English lamang ang tekstong ito.)</small>' in page
    main = page[page.index("<main") : page.index("</main>")]
    assert re.findall(r'.{120}lang="fr".{120}', main) == [], "English comes before French for a Tagalog reader"
