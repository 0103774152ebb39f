"""The French of the taxonomy: every text written by an editor, none left machine-translated."""

import json
import re
from importlib import resources

import pytest

from dtpr_core import load_taxonomy

PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")


def _overrides() -> dict:
    return json.loads(resources.files("dtpr_core").joinpath("_data", "fr_overrides.json").read_text("utf-8"))


def _french_texts() -> list[tuple[str, str]]:
    """(where, text) for every French title, name and description the taxonomy serves."""
    taxonomy = load_taxonomy()
    texts = []
    for category in taxonomy.categories:
        texts += [
            (f"{category.id}.name", category.name["fr"]),
            (f"{category.id}.description", category.description["fr"]),
        ]
    for element in taxonomy.elements.values():
        texts += [
            (f"{element.id}.title", element.title["fr"]),
            (f"{element.id}.description", element.description["fr"]),
        ]
    return texts


def test_every_element_and_category_has_an_edited_french_title_and_description():
    taxonomy, overrides = load_taxonomy(), _overrides()
    assert set(overrides["elements"]) == set(taxonomy.elements)
    assert set(overrides["categories"]) == set(taxonomy.categories_by_id)
    for element in taxonomy.elements.values():
        edited = overrides["elements"][element.id]
        assert element.title["fr"] == edited["title"] and edited["title"].strip()
        assert element.description["fr"] == edited["description"] and edited["description"].strip()
    for category in taxonomy.categories:
        edited = overrides["categories"][category.id]
        assert category.name["fr"] == edited["name"] and category.description["fr"] == edited["description"]


def test_placeholders_match_upstream_english():
    taxonomy = load_taxonomy()
    pairs = [(e.id, e.title) for e in taxonomy.elements.values()] + [
        (e.id, e.description) for e in taxonomy.elements.values()
    ]
    pairs += [(c.id, c.name) for c in taxonomy.categories] + [(c.id, c.description) for c in taxonomy.categories]
    for where, text in pairs:
        assert sorted(PLACEHOLDER.findall(text["fr"])) == sorted(PLACEHOLDER.findall(text["en"])), where
    assert "{{duration}}" in taxonomy.element("data_retained").title["fr"]


@pytest.mark.parametrize(
    "mistake",
    [
        "Personnel",  # staff, not personal data
        "vendeur",
        "Cadre légal",
        "redevable",
        "en cours d'utilisation",
        "Données mise ",
        "dé-identifi",
        "Intercom",
        "Beacon",
        "Boucle d'induction",
        "ométre",
        "Sauvegardé à",
        "Génère de ",
        "reçueilli",
        "premiére",
        "matiére",
        "protége ",
        "Capteur ultrasons",
        "WiFi",
        "crypto-monnaie",
        "magasin de données",
        "rétention",
    ],
)
def test_known_mistakes_are_gone(mistake):
    assert [where for where, text in _french_texts() if mistake in text] == []


def test_french_typography_and_no_dangling_sentences():
    for where, text in _french_texts():
        assert not re.search(r" [:;?!]", text), f"{where}: a no-break space goes before : ; ? !"
        assert "  " not in text and text == text.strip(), where
        assert '"' not in text, f'{where}: use « » rather than "…"'
        assert not re.search(r"en savoir plus[^a-z]*$", text, re.IGNORECASE), where
        assert "](" not in text, f"{where}: no Markdown link in a plain text"
        if where.endswith(".description") and not where.startswith("device__"):
            assert text.endswith("."), f"{where}: a description is whole sentences"


def test_the_words_the_issue_asked_for():
    taxonomy = load_taxonomy()
    title = {element_id: taxonomy.element(element_id).title["fr"] for element_id in taxonomy.elements}
    assert title["personal"] == "Données personnelles"
    assert title["thermometer"] == "Thermomètre"
    assert title["inclinometer"] == "Inclinomètre"
    assert title["intercom"] == "Interphone"
    assert title["location_beacon"] == "Balise de localisation"
    assert title["ultrasonic_level_sensor"] == "Capteur à ultrasons"
    assert title["induction_loop"] == "Boucle magnétique de détection"
    assert title["enforcement"] == "Contrôle et verbalisation"
    assert "prestataire" in title["available_to_vendor"]
    assert title["available_to_3rd_parties"].startswith("Données mises")
    assert "en transit" in taxonomy.element("transport_layer_security").description["fr"]
