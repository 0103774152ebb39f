"""Every language real: a Tagalog or Khmer page has no French (nor English) chrome left unmarked."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape

import pytest
from fastapi.testclient import TestClient

from dtpr_core.catalogues import catalogue_entries
from dtpr_core.model import Sensor
from tests.registry.pages.conftest import CAMERA_CHAIN

_MARKED = r'<(\w+)[^>]* lang="(?!{lang}")[a-z-]+"[^>]*>.*?</\1>'


def _own_text(html: str, lang: str) -> str:
    """The page's visible text, fragments marked with another language removed."""
    body = html[html.index("<body") :]
    unmarked = re.sub(_MARKED.format(lang=lang), " ", body, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", "\n", unmarked))


def _catalogue_texts(lang: str, *, words: int = 1) -> set[str]:
    """*lang*'s catalogue texts (of at least *words* words: a lone English word may be Tagalog too)."""
    return {
        text
        for language, _, text in catalogue_entries()
        if language == lang and len(text) > 3 and len(text.split()) >= words
    }


@pytest.mark.parametrize("lang", ["tl", "km"])
@pytest.mark.parametrize("path", ["/s/ANG-VID-0001", "/s/ANG-AQ-0001", "/", "/inventory", "/s/ANG-NONE-0001", "/carte"])
def test_a_page_carries_no_foreign_chrome_outside_marked_fragments(
    client: TestClient, store: Callable[..., Sensor], lang: str, path: str
) -> None:
    store()
    store("ANG-VID-0001", datachain=CAMERA_CHAIN, legal_basis="public_task")
    response = client.get(path, params={"lang": lang})
    assert f'<html lang="{lang}"' in response.text
    text = _own_text(response.text, lang)
    own = _catalogue_texts(lang)
    for other, words in (("fr", 1), ("en", 2)):
        leaked = sorted(
            t for t in _catalogue_texts(other, words=words) - own if re.search(rf"(?<!\w){re.escape(t)}(?!\w)", text)
        )
        assert leaked == [], f"{other} chrome on a {lang} page: {leaked}"
    assert "Ce capteur" not in text and "sert à" not in text


@pytest.mark.parametrize("lang", ["es", "tl", "km"])
def test_a_sensor_text_missing_in_the_language_is_english_and_marked(
    client: TestClient, store: Callable[..., Sensor], lang: str
) -> None:
    """CAMERA_CHAIN's duration is written in French and English only; the city's role in none."""
    store("ANG-VID-0001", datachain=CAMERA_CHAIN, legal_basis="public_task")
    html = client.get("/s/ANG-VID-0001", params={"lang": lang}).text
    assert '<span lang="en">30 days</span>' in html and "30 jours" not in html
    assert '<h1><span lang="fr">Capteur de test</span>' not in html  # the name has English: English it is
    assert '<span lang="en">Test sensor</span>' in html
