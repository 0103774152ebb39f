"""Sensor and taxonomy texts in the reader's language, each fallback piece with its own language.

A text missing in the reader's language falls back along
:func:`~dtpr_core.locales.fallback_chain` (English for readers of Spanish, Portuguese,
Tagalog or Khmer, then French). A title such as ``Données conservées {{duration}}`` may be
in one language and its filled-in variable in another: :func:`localized_parts` returns the
pieces with the language each is really written in, so a page can mark each one with
``lang`` (screen readers then pronounce it right) and a sign can tell which words fell back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from dtpr_core.locales import Localized, LocalText, localize
from dtpr_core.taxonomy import _PLACEHOLDER, Element

NO_VALUES: Mapping[str, LocalText] = {}


def localized_parts(
    texts: LocalText | None, locale: str, values: Mapping[str, LocalText] = NO_VALUES
) -> tuple[Localized, ...]:
    """*texts* for *locale* with its ``{{variables}}`` filled from *values*, as language-tagged pieces.

    Pieces next to each other in the same language are joined; a variable without any value
    reads ``…`` (never a raw ``{{…}}``)."""
    template = localize(texts, locale)
    parts: list[Localized] = []
    position = 0
    for match in _PLACEHOLDER.finditer(template.text):
        parts.append(Localized(template.text[position : match.start()], template.lang))
        value = localize(values.get(match.group(1)), locale)
        parts.append(value if value.text else Localized("…", template.lang))
        position = match.end()
    parts.append(Localized(template.text[position:], template.lang))
    return merge(parts)


def merge(parts: Iterable[Localized]) -> tuple[Localized, ...]:
    """Join neighbours in the same language and drop empty pieces."""
    merged: list[Localized] = []
    for part in parts:
        if not part.text:
            continue
        if merged and merged[-1].lang == part.lang:
            merged[-1] = Localized(merged[-1].text + part.text, part.lang)
        else:
            merged.append(part)
    return tuple(merged)


def plain_text(parts: Iterable[Localized]) -> str:
    """The pieces as one string (for a sign, an attribute or a plain-text export)."""
    return "".join(part.text for part in parts)


def element_title_parts(
    element: Element, locale: str, values: Mapping[str, LocalText] = NO_VALUES
) -> tuple[Localized, ...]:
    """A taxonomy element's title for *locale*, variables filled in, in language-tagged pieces."""
    return localized_parts(element.title, locale, values)


def element_description_parts(
    element: Element, locale: str, values: Mapping[str, LocalText] = NO_VALUES
) -> tuple[Localized, ...]:
    """A taxonomy element's description for *locale*, Markdown links reduced to their text."""
    return tuple(
        Localized(_MARKDOWN_LINK.sub(r"\1", part.text), part.lang)
        for part in localized_parts(element.description, locale, values)
    )


_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)\)?")
"""``[qualité de l'air](https://…)`` -> ``qualité de l'air`` (no outbound links from taxonomy texts)."""
