from dtpr_core import attribution, icon_svg, load_taxonomy, pick
from dtpr_core.locales import negotiate


def test_categories_in_datachain_order_with_french_overrides():
    taxonomy = load_taxonomy()
    assert [c.key for c in taxonomy.categories] == [
        "accountable",
        "purpose",
        "tech",
        "data",
        "process",
        "access",
        "retention",
        "storage",
    ]
    names = {c.key: c.name["fr"] for c in taxonomy.categories}
    assert names["purpose"] == "Finalité"
    assert names["access"] == "Accès"
    assert names["retention"] == "Conservation"
    assert len(taxonomy.elements) == 124


def test_typos_are_fixed_and_attribution_says_adapted():
    taxonomy = load_taxonomy()
    assert taxonomy.element("connectivity").title["fr"] == "Accès à internet"
    assert taxonomy.element("ai_system").title["fr"] == "Système d’intelligence artificielle"
    all_french = " ".join(e.title.get("fr", "") + e.description.get("fr", "") for e in taxonomy.elements.values())
    for typo in ("Accés", "systéme", "maniére", "derniére", "sór "):
        assert typo not in all_french
    assert attribution("fr").endswith("(textes adaptés)")
    assert attribution("en").endswith("(texts adapted)")


def test_retention_declares_duration_required_by_the_elements_that_use_it():
    retention = load_taxonomy().category_by_key("retention")
    assert [(v.id, v.required) for v in retention.variables] == [("duration", False)]
    assert load_taxonomy().element("data_retained").variables == ("duration",)


def test_identifiability_and_colours():
    taxonomy = load_taxonomy()
    assert taxonomy.element("identifiable_video").colour == "#FFDD00"
    assert taxonomy.element("de_identified_video").colour == "#36B2E6"
    assert taxonomy.element("video_camera").colour == "#FFFFFF"
    assert taxonomy.element("identifiable_video").collects_personal_data
    assert not taxonomy.element("air_quality").collects_personal_data


def test_locale_fallback_requested_then_english_then_french():
    assert pick({"fr": "bonjour", "en": "hello", "es": "hola"}, "es") == "hola"
    assert pick({"fr": "bonjour", "en": "hello"}, "km") == "hello"  # English for non-French readers (#13)
    assert pick({"fr": "bonjour"}, "km") == "bonjour"
    assert pick({"en": "hello", "es": "hola"}, "fr") == "hello"
    assert pick({}, "fr") == ""


def test_accept_language_negotiation():
    assert negotiate("en-GB,en;q=0.9,fr;q=0.8") == "en"
    assert negotiate("de-DE,de;q=0.9,es;q=0.5") == "es"
    assert negotiate("de") == "fr"
    assert negotiate("fr;q=0.1, en;q=0.9") == "en"
    assert negotiate(None) == "fr"


def test_icons_are_stripped_of_prologs():
    svg = icon_svg("air_quality.svg")
    assert svg.startswith("<svg")
    assert "<?xml" not in svg and "<!--" not in svg
    for name in ("../etc/passwd", "x.svg/..", "A B.svg"):
        try:
            icon_svg(name)
        except KeyError:
            continue
        raise AssertionError(name)
