"""Every French word a passer-by reads is one a French dictionary knows (or on the allow-list)."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dtpr_core import PERSONAL_DATA_WORDS, Register, load_register_file, load_taxonomy
from dtpr_core.catalogues import catalogue_entries
from tests.spelling import DICTIONARIES, allowed_words, unknown_french_words, unknown_words

SENSORS_YAML = Path(__file__).parents[2] / "sensors.yaml"


def taxonomy_texts(lang: str) -> dict[str, str]:
    taxonomy = load_taxonomy()
    texts = {}
    for category in taxonomy.categories:
        texts[f"{category.id}.name"] = category.name[lang]
        texts[f"{category.id}.description"] = category.description[lang]
    for element in taxonomy.elements.values():
        texts[f"{element.id}.title"] = element.title[lang]
        texts[f"{element.id}.description"] = element.description[lang]
    return texts


def taxonomy_french_texts() -> dict[str, str]:
    return taxonomy_texts("fr")


def register_french_texts(register: Register) -> dict[str, str]:
    """The register's French words for people (contact targets and postal addresses are not prose)."""
    texts = {}
    for key, org in register.organisations.items():
        texts[f"organisations.{key}.name"] = org.name.get("fr", "")
        texts[f"organisations.{key}.role"] = org.role.get("fr", "")
    for sensor in register.sensors:
        where = f"sensors.{sensor.id}"
        texts[f"{where}.name"] = sensor.name.get("fr", "")
        texts[f"{where}.description"] = sensor.description.get("fr", "")
        texts[f"{where}.mounting"] = sensor.mounting
        texts[f"{where}.location"] = f"{sensor.location.address} {sensor.location.commune} {sensor.location.zone}"
        for selections in sensor.datachain.values():
            for selection in selections:
                for name, values in selection.variables.items():
                    texts[f"{where}.{selection.element_id}.{name}"] = values.get("fr", "")
    return texts


def misspelt(texts: dict[str, str]) -> dict[str, list[str]]:
    found = {where: unknown_french_words(text) for where, text in texts.items()}
    return {where: words for where, words in found.items() if words}


def test_the_taxonomy_french_is_spelt_right():
    texts = taxonomy_french_texts()
    assert len(texts) == 2 * (124 + 8)
    assert misspelt(texts) == {}


def test_the_shipped_register_french_is_spelt_right():
    result = load_register_file(str(SENSORS_YAML))
    assert result.register is not None
    texts = register_french_texts(result.register)
    assert len(texts) > 100
    assert misspelt(texts) == {}


def catalogue_texts(language: str) -> dict[str, str]:
    """Every entry of one language's page and sign catalogue (plural forms numbered)."""
    texts: dict[str, str] = {}
    for lang, msgid, text in catalogue_entries():
        if lang == language:
            form = sum(key.split("[")[0] == msgid for key in texts)
            texts[f"{msgid}[{form}]" if form else msgid] = text
    return texts


def french_catalogue_texts() -> dict[str, str]:
    return catalogue_texts("fr")


@pytest.mark.parametrize("lang", ["es", "pt"])
def test_the_spanish_and_portuguese_taxonomy_and_catalogue_are_spelt_right(lang):
    texts = {f"taxonomy.{k}": v for k, v in taxonomy_texts(lang).items()}
    texts |= {f"catalogue.{k}": v for k, v in catalogue_texts(lang).items()}
    assert len(texts) > 2 * (124 + 8) + 100
    found = {where: unknown_words(text, lang) for where, text in texts.items()}
    assert {where: words for where, words in found.items() if words} == {}


@pytest.mark.parametrize(
    ("text", "lang", "unknown"),
    [
        ("Seguridad y protección; vídeo desidentificado", "es", []),
        ("Los ejemplos incluyen Urban Planning", "es", ["Urban", "Planning"]),
        ("Os telemóveis e os objetos elétricos", "pt", []),
        ("Os objectos eléctricos e os celulares", "pt", ["objectos", "eléctricos"]),
        ("[egurança contra incêndios", "pt", ["egurança"]),
    ],
)
def test_unknown_spanish_and_portuguese_words(text, lang, unknown):
    assert unknown_words(text, lang) == unknown


def test_the_french_page_and_sign_words_are_spelt_right():
    texts = french_catalogue_texts()
    assert len(texts) > 100 and all(texts.values()), "the French catalogue is complete"
    assert misspelt(texts) == {}


def test_the_personal_data_sentences_are_spelt_right():
    assert misspelt({level: words["fr"] for level, words in PERSONAL_DATA_WORDS.items()}) == {}


@pytest.mark.parametrize(
    ("text", "unknown"),
    [
        ("Les informations peuvent être reçueillies la premiére fois.", ["reçueillies", "premiére"]),
        ("Thermométre et Inclinométre", ["Thermométre", "Inclinométre"]),
        ("Cette caméra filme des personnes qu’on peut reconnaître. Est-il là ?", []),
        ("Données conservées {{duration}} ; écrivez à dpo@angers.fr ou https://www.angers.fr/a-b", []),
        ("PM2,5 et PM10, à 3,5 m ; RFID, NFC et DTPR.", []),
        ("<strong>Rgpd</strong> &nbsp; {n} capteurs", ["Rgpd"]),
    ],
)
def test_unknown_french_words(text, unknown):
    assert unknown_french_words(text) == unknown


@pytest.mark.parametrize("lang", sorted(DICTIONARIES))
def test_the_allow_list_holds_words_the_dictionary_rejects_only(lang):
    from tests.spelling import _dictionary

    needless = [word for word in allowed_words(lang) if _dictionary(lang).check(word)]
    assert needless == [], f"the dictionary knows these: remove them from tests/{lang}_allowlist.txt"


@given(st.text())
def test_unknown_french_words_never_crashes(text):
    words = unknown_french_words(text)
    assert all(isinstance(word, str) and word and word in text for word in words)
