"""Texts missing in the reader's language: English for non-French readers, each piece tagged."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dtpr_core.fallback import element_title_parts, localized_parts, plain_text
from dtpr_core.locales import LOCALES, Localized, fallback_chain, localize
from dtpr_core.taxonomy import load_taxonomy


def test_the_fallback_chain_is_english_for_non_french_readers() -> None:
    assert fallback_chain("fr") == ("fr", "en")
    assert fallback_chain("en") == ("en", "fr")
    for locale in ("es", "pt", "tl", "km"):
        assert fallback_chain(locale) == (locale, "en", "fr")


def test_localize_says_which_language_it_used() -> None:
    texts = {"fr": "Caméra du boulevard", "en": "Boulevard camera"}
    assert localize(texts, "tl") == Localized("Boulevard camera", "en")
    assert localize(texts, "fr") == Localized("Caméra du boulevard", "fr")
    assert localize({"fr": "Caméra"}, "km") == Localized("Caméra", "fr")
    assert localize({"de": "Kamera", "fr": ""}, "es") == Localized("Kamera", "de")
    assert localize(None, "es") == Localized("", "es")


def test_a_variable_in_another_language_is_its_own_piece() -> None:
    retained = load_taxonomy().element("data_retained")
    values = {"duration": {"fr": "15 jours", "en": "15 days"}}
    parts = element_title_parts(retained, "tl", values)
    assert [part.lang for part in parts] == ["tl", "en"]
    assert parts[-1].text == "15 days"
    assert element_title_parts(retained, "fr", values) == (Localized("Données conservées 15 jours", "fr"),)


def test_a_missing_variable_reads_an_ellipsis() -> None:
    parts = localized_parts({"en": "Kept {{duration}}"}, "en")
    assert plain_text(parts) == "Kept …"
    assert parts == (Localized("Kept …", "en"),)


_texts = st.dictionaries(st.sampled_from([*LOCALES, "de"]), st.text(max_size=30), max_size=4)
_values = st.dictionaries(st.sampled_from(["duration", "x"]), _texts, max_size=2)


@given(texts=_texts, values=_values, locale=st.sampled_from(LOCALES))
def test_pieces_never_crash_never_leave_a_raw_variable_and_never_touch(
    texts: dict[str, str], values: dict[str, dict[str, str]], locale: str
) -> None:
    parts = localized_parts(texts, locale, values)
    assert all(part.text for part in parts)
    assert all(a.lang != b.lang for a, b in zip(parts, parts[1:], strict=False))
    chosen = localize(texts, locale)
    if "{{" not in chosen.text:
        assert plain_text(parts) == chosen.text
