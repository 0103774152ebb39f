"""French typography and order: one apostrophe, ordinals, lists in French collation order."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dtpr_core import load_taxonomy
from dtpr_core.catalogues import catalogue_entries
from dtpr_core.formats import collated, collation_key, long_date, short_date


def _french_texts() -> dict[str, str]:
    taxonomy = load_taxonomy()
    texts = {f"catalogue.{msgid}": text for lang, msgid, text in catalogue_entries() if lang == "fr"}
    for category in taxonomy.categories:
        texts[f"{category.id}.name"] = category.name["fr"]
        texts[f"{category.id}.description"] = category.description["fr"]
    for element in taxonomy.elements.values():
        texts[f"{element.id}.title"] = element.title["fr"]
        texts[f"{element.id}.description"] = element.description["fr"]
    return texts


def test_one_apostrophe_style_in_french():
    """The typographic apostrophe (U+2019) everywhere a passer-by reads French."""
    texts = _french_texts()
    assert len(texts) > 300
    assert [where for where, text in texts.items() if "'" in text] == []
    assert any("’" in text for text in texts.values())


@pytest.mark.parametrize(
    ("day", "locale", "long", "short"),
    [
        (dt.date(2023, 7, 1), "fr", "1er juillet 2023", "1er\u00a0juil.\u00a02023"),
        (dt.date(2023, 7, 2), "fr", "2 juillet 2023", "2\u00a0juil.\u00a02023"),
        (dt.date(2023, 7, 11), "fr", "11 juillet 2023", "11\u00a0juil.\u00a02023"),
        (dt.date(2023, 7, 21), "fr", "21 juillet 2023", "21\u00a0juil.\u00a02023"),
        (dt.date(2023, 7, 1), "en", "1 July 2023", "1\u00a0Jul\u00a02023"),
        (dt.date(2023, 7, 1), "es", "1 de julio de 2023", None),
    ],
)
def test_the_first_of_the_month_is_an_ordinal_in_french(day, locale, long, short):
    assert long_date(day, locale) == long
    if short:
        assert short_date(day, locale) == short


@given(st.dates(), st.sampled_from(["fr", "en", "es", "pt", "tl", "km"]))
def test_dates_never_crash(day, locale):
    assert long_date(day, locale) and short_date(day, locale)
    assert ("1er" in long_date(day, locale)) == (locale == "fr" and day.day == 1)


def test_french_collation():
    words = ["Sécurité", "Écologie", "eau", "Zone", "énergie", "Éclairage", "commerce", "Économies d’énergie"]
    ordered = [text for _, text in collated([(word, word) for word in words])]
    assert ordered == ["commerce", "eau", "Éclairage", "Écologie", "Économies d’énergie", "énergie", "Sécurité", "Zone"]


@given(st.lists(st.text(max_size=20), max_size=20))
def test_collation_never_crashes_and_is_a_permutation(texts):
    items = [(str(i), text) for i, text in enumerate(texts)]
    assert sorted(collated(items)) == sorted(items)
    assert all(isinstance(collation_key(text), tuple) for text in texts)
