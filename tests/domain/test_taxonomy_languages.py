"""The taxonomy in every language: no doubled word, no Markdown left, no English in es and pt.

The French layer has its own tests (``test_taxonomy_french.py``); the spelling of fr, es
and pt is checked in ``test_spelling.py``. Here: what every language's page shows.
"""

import json
import re
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dtpr_core import load_taxonomy
from dtpr_core.locales import LOCALES
from dtpr_core.taxonomy import OVERRIDE_LOCALES
from registry.pages.texts import strip_markdown

PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")
MARKDOWN = re.compile(r"\*|\\|\[|\]|`|(?:^|\s)#|__")
SAME_IN_EVERY_LANGUAGE = {"GPS", "NFC", "RFID", "Radar", "Social", "Chatbot", "LiDAR", "Lidar", "API DTPR"}
"""Titles that are the English word in Spanish and Portuguese too (names, acronyms, loanwords)."""


def doubled_words(text: str) -> list[str]:
    """Words written twice in a row (« Seguridad Seguridad », « are are »), case-insensitive.

    Not across punctuation: « autour de vous. Vous pouvez » is two sentences.
    """
    tokens = text.split()
    pairs = zip(tokens, tokens[1:], strict=False)
    return [
        a.casefold()
        for a, b in pairs
        if a.casefold() == b.strip(".,;:!?)»”").casefold() and a.isalpha() and not a.isdigit()
    ]


def markdown_residue(text: str) -> list[str]:
    return [match.group(0).strip() for match in MARKDOWN.finditer(text)]


def shown_texts(lang: str) -> dict[str, str]:
    """Every taxonomy text of *lang* as a page shows it (Markdown links reduced to their text)."""
    taxonomy = load_taxonomy()
    texts = {}
    for category in taxonomy.categories:
        texts[f"{category.id}.name"] = category.name.get(lang, "")
        texts[f"{category.id}.description"] = category.description.get(lang, "")
    for element in taxonomy.elements.values():
        texts[f"{element.id}.title"] = element.title.get(lang, "")
        texts[f"{element.id}.description"] = element.description.get(lang, "")
    return {where: strip_markdown(text) for where, text in texts.items()}


@pytest.mark.parametrize("lang", LOCALES)
def test_no_doubled_word_in_any_language(lang):
    found = {where: doubled_words(text) for where, text in shown_texts(lang).items()}
    assert {where: words for where, words in found.items() if words} == {}


@pytest.mark.parametrize("lang", LOCALES)
def test_no_markdown_left_in_any_language(lang):
    found = {where: markdown_residue(text) for where, text in shown_texts(lang).items()}
    assert {where: marks for where, marks in found.items() if marks} == {}


@pytest.mark.parametrize("lang", ["es", "pt"])
def test_spanish_and_portuguese_are_whole(lang):
    taxonomy = load_taxonomy()
    texts = shown_texts(lang)
    assert len(texts) == 2 * (124 + 8) and all(texts.values())
    english = {
        element.id: element.title["en"]
        for element in taxonomy.elements.values()
        if element.title[lang] == element.title["en"] and element.title["en"] not in SAME_IN_EVERY_LANGUAGE
    }
    assert english == {}, "an English title left in"
    for where, text in texts.items():
        assert "\u200b" not in text and "  " not in text and text == text.strip(), where


@pytest.mark.parametrize(
    ("lang", "mistake"),
    [
        ("es", "Seguridad Seguridad"),
        ("es", "Home Security"),
        ("es", "Los ejemplos incluyen"),
        ("es", "Urban Planning"),
        ("es", "Transport Layer Security"),
        ("es", "La anonimato"),
        ("es", "No identificado"),
        ("es", "multipartidista"),
        ("es", "en cualquier lugar en cualquier lugar"),
        ("es", "responsable y responsable"),
        ("es", "Wayfinding"),
        ("es", "Retenido"),
        ("pt", "Video desidentificado"),
        ("pt", "[egurança"),
        ("pt", "Não identificado"),
        ("pt", "Armazenar"),
        ("pt", "Jantar"),
        ("pt", "Celular"),
        ("pt", "celulares"),
        ("pt", "sem fio "),
        ("pt", "planta baixa"),
        ("pt", "excluídos"),
        ("pt", "coletados"),
        ("pt", "Armazenamendo"),
        ("pt", "Apoio internacional"),
        ("pt", "Retido"),
        ("pt", "Saiba mais"),
        ("pt", "altifalante"),
        ("pt", "electr"),
        ("pt", "object"),
    ],
)
def test_known_spanish_and_portuguese_mistakes_are_gone(lang, mistake):
    assert [where for where, text in shown_texts(lang).items() if mistake in text] == []


def test_the_words_the_issue_asked_for():
    taxonomy = load_taxonomy()
    title = {element_id: taxonomy.element(element_id).title for element_id in taxonomy.elements}
    assert title["personal"]["es"] == "Datos personales" and title["personal"]["pt"] == "Dados pessoais"
    assert title["de_identified"]["es"] == "Desidentificado" and title["de_identified"]["pt"] == "Desidentificado"
    assert title["safety_security"]["es"] == "Seguridad y protección"
    assert taxonomy.category("device__storage").name["pt"] == "Armazenamento"
    assert title["cellular"]["pt"] == "Rede móvel"


def _layer(locale: str) -> dict:
    path = resources.files("dtpr_core").joinpath("_data", f"{locale}_overrides.json")
    return json.loads(path.read_text("utf-8"))


@pytest.mark.parametrize("locale", OVERRIDE_LOCALES)
def test_every_override_names_a_real_text_and_keeps_its_placeholders(locale):
    taxonomy, layer = load_taxonomy(), _layer(locale)
    for kind, items in (("categories", taxonomy.categories_by_id), ("elements", taxonomy.elements)):
        assert set(layer[kind]) <= set(items), f"{locale}: unknown {kind}"
        for item_id, fields in layer[kind].items():
            assert fields and set(fields) <= {"name", "title", "description"}, item_id
            for field, text in fields.items():
                shown = getattr(items[item_id], field)
                assert shown[locale] == text and text.strip() == text and text, (item_id, field)
                assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(shown["en"])), item_id


def test_tagalog_and_khmer_keep_the_upstream_titles():
    """Tagalog and Khmer are upstream's, but for the one Khmer title that is no text (« dtp api api »)."""
    taxonomy = load_taxonomy()
    assert "tl" not in OVERRIDE_LOCALES
    assert set(_layer("km")["elements"]) == {"dtpr_api"} and not _layer("km")["categories"]
    assert taxonomy.element("augmented_reality").title["tl"] == "Augmented Reality"  # upstream; listed in docs
    assert all(element.title.get("tl") and element.title.get("km") for element in taxonomy.elements.values())


@given(st.text())
def test_doubled_words_and_markdown_residue_never_crash(text):
    assert all(word and word in text.casefold() for word in doubled_words(text))
    assert all(mark in text for mark in markdown_residue(text))


@pytest.mark.parametrize(
    ("text", "doubled"),
    [
        ("Seguridad Seguridad", ["seguridad"]),
        ("are are credit", ["are"]),
        ("dtp api api", ["api"]),
        ("1 1", []),
        ("autour de vous. Vous pouvez", []),
    ],
)
def test_doubled_words(text, doubled):
    assert doubled_words(text) == doubled
