"""Error pages in the visitor's language, with a way back; links that keep the chosen language."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import parse_qsl

import pytest
from fastapi import FastAPI, HTTPException
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from dtpr_core.catalogues import translate
from dtpr_core.locales import LOCALES
from dtpr_core.model import Sensor
from dtpr_core.urls import with_lang
from registry.pages.errors import error_words
from tests.registry.conftest import BASE_URL

HTML = {"Accept": "text/html"}


def _title(lang: str, status: int) -> str:
    return translate(lang, error_words(status)[0])[0]


def _text(lang: str, status: int) -> str:
    return translate(lang, error_words(status)[1])[0]


def _in_lang(body: str, lang: str, status: int) -> None:
    assert f'<html lang="{lang}"' in body
    assert f"<h1>{_title(lang, status)}</h1>" in body.replace("&#x27;", "'").replace("&#39;", "'")
    assert "/api/docs" not in body and "Not Found" not in body and "Method Not Allowed" not in body
    back = with_lang("/", lang, "fr")
    assert f'href="{back}"' in body.replace("&amp;", "&"), "a way back, in the same language"


@pytest.mark.parametrize("lang", LOCALES)
def test_404_and_405_in_every_language_from_the_query(client: TestClient, lang: str) -> None:
    missing = client.get("/nothing-here", params={"lang": lang}, headers=HTML)
    assert missing.status_code == 404
    _in_lang(missing.text, lang, 404)
    refused = client.put("/inventory", params={"lang": lang}, headers=HTML)
    assert refused.status_code == 405
    _in_lang(refused.text, lang, 405)


@pytest.mark.parametrize("lang", LOCALES)
def test_an_error_page_follows_accept_language(client: TestClient, lang: str) -> None:
    response = client.get("/nothing-here", headers={**HTML, "Accept-Language": f"{lang};q=0.9"})
    _in_lang(response.text, lang, 404)


@pytest.mark.parametrize("status", [410, 429, 500, 418])
@pytest.mark.parametrize("lang", ["es", "km"])
def test_other_statuses_have_their_page(app: FastAPI, lang: str, status: int) -> None:
    def fail() -> None:
        if status == 500:
            raise RuntimeError("a bug")
        raise HTTPException(status_code=status)

    app.add_api_route("/boom", fail)
    with TestClient(app, base_url=BASE_URL, raise_server_exceptions=False) as client:
        response = client.get("/boom", params={"lang": lang}, headers=HTML)
    assert response.status_code == status
    _in_lang(response.text, lang, status)
    assert _text(lang, status) in response.text
    assert "a bug" not in response.text


def test_api_clients_still_get_the_json_error_shape(client: TestClient) -> None:
    for response in (client.get("/api/v1/nothing", headers=HTML), client.get("/nothing-here")):
        assert response.status_code == 404
        body = response.json()
        assert body["ok"] is False and body["status"] == 404 and "/api/docs" in body["error"]


@pytest.mark.parametrize("lang", ["en", "es", "km"])
@pytest.mark.parametrize("path", ["/", "/inventory", "/s/ANG-AQ-0001", "/nothing-here"])
def test_every_public_link_keeps_the_language(
    client: TestClient, store: Callable[..., Sensor], lang: str, path: str
) -> None:
    store()
    body = client.get(path, params={"lang": lang}, headers={**HTML, "Accept-Language": "fr"}).text
    header = body[body.index("<header") : body.index("</header>")]
    nav = re.findall(r'<a class="brand" href="([^"]+)"|<nav aria-label[^>]*><ul>(.*?)</ul>', header)
    links = re.findall(r'href="(/[^"#]*)"', "".join("".join(parts) for parts in nav))
    assert links and all(f"lang={lang}" in link for link in links), links
    main = body[body.index("<main") : body.index("</main>")]
    pages = [
        link
        for link in re.findall(r'href="(/[^"#]*)"', main)
        if re.match(r"/(\?|s/[^/.?]+(\?|$)|inventory(\?|$))", link)
    ]
    assert all(f"lang={lang}" in link.replace("&amp;", "&") for link in pages), pages


def test_the_default_language_needs_no_parameter(client: TestClient, store: Callable[..., Sensor]) -> None:
    store()
    body = client.get("/inventory", params={"lang": "fr"}, headers=HTML).text
    assert 'href="/inventory"' in body and "lang=fr" not in body.split("</head>", 1)[1].split('class="langs"')[0]


def test_the_inventory_has_the_language_switch(client: TestClient, store: Callable[..., Sensor]) -> None:
    store()
    body = client.get("/inventory", params={"lang": "es"}, headers=HTML).text
    switch = body[body.index('class="langs"') :]
    for lang in LOCALES:
        assert f'hreflang="{lang}"' in switch
    assert 'href="/inventory?lang=pt"' in switch


@pytest.mark.parametrize(
    ("url", "locale", "expected"),
    [
        ("/", "en", "/?lang=en"),
        ("/", "fr", "/"),
        ("/?commune=Angers&lang=es", "en", "/?commune=Angers&lang=en"),
        ("/?lang=es", "fr", "/"),
        (
            "https://capteurs.example.fr/s/ANG-AQ-0001#feedback",
            "km",
            "https://capteurs.example.fr/s/ANG-AQ-0001?lang=km#feedback",
        ),
    ],
)
def test_with_lang(url: str, locale: str, expected: str) -> None:
    assert with_lang(url, locale, "fr") == expected


@given(st.text(alphabet=st.characters(exclude_characters="#"), max_size=60), st.sampled_from(LOCALES))
def test_with_lang_never_crashes_and_keeps_one_lang(url: str, locale: str) -> None:
    query = with_lang(url, locale, "fr").partition("?")[2]
    langs = [value for name, value in parse_qsl(query, keep_blank_values=True) if name == "lang"]
    assert langs == ([] if locale == "fr" else [locale])
