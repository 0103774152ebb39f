"""The product's own words (page chrome, sign wording), from gettext catalogues read with Babel.

One catalogue per language: ``dtpr_core/_data/locales/<lang>/LC_MESSAGES/dtpr.po``, and
the template ``dtpr_core/_data/locales/dtpr.pot``. Message ids are stable keys
(``personal_q``, ``sign_what``); the English catalogue holds the source text and is the
fallback for any message a language has not translated yet. Plural messages follow each
catalogue's ``Plural-Forms`` header (Babel writes it from CLDR). Catalogues are read once,
on first use, straight from the ``.po`` files: there is no build step to forget.

How to add a string or a language: ``docs/translators.md``.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from dtpr_core.locales import LOCALES

DOMAIN = "dtpr"
SOURCE_LOCALE = "en"
"""The language of the source text, and the fallback of every other catalogue."""
STAFF_DOMAIN = "staff"
"""The staff console's words: ``<lang>/LC_MESSAGES/staff.po`` beside ``dtpr.po``, same keys-and-English rules."""
DOMAINS: Mapping[str, tuple[str, ...]] = {DOMAIN: LOCALES, STAFF_DOMAIN: ("fr", "en")}
"""Each domain and the languages that must have a complete catalogue of it (others fall back to English)."""


def locales_dir() -> Traversable:
    """``dtpr_core/_data/locales`` (the ``.pot`` and one folder per language)."""
    return resources.files("dtpr_core").joinpath("_data", "locales")


def po_path(locale: str, domain: str = DOMAIN) -> Traversable:
    return locales_dir().joinpath(locale, "LC_MESSAGES", f"{domain}.po")


@lru_cache(maxsize=4 * len(LOCALES))
def read_catalogue(locale: str, domain: str = DOMAIN) -> Catalog:
    """The Babel catalogue of *locale* (one of :data:`~dtpr_core.locales.LOCALES`) for *domain*, parsed once."""
    if locale not in LOCALES or domain not in DOMAINS:
        raise KeyError(f"no catalogue for {locale!r}: choose among {', '.join(LOCALES)}")
    path = po_path(locale, domain)
    if not path.is_file():
        return Catalog(locale=locale, domain=domain)  # a language without this domain yet: English throughout
    with path.open("rb") as handle:
        return read_po(handle, locale=locale, domain=domain)


@dataclass(frozen=True, slots=True)
class Message:
    """One message as a page or sign uses it: its forms and the language they are written in."""

    forms: tuple[str, ...]
    """One text, or the plural forms in the order of the catalogue's ``Plural-Forms``."""
    lang: str
    plural: Callable[[int], int] | None = None
    """For a plural message: the index of the form to use for a count."""

    def text(self, n: int | None = None) -> str:
        if self.plural is None or n is None:
            return self.forms[-1] if self.plural else self.forms[0]
        return self.forms[min(self.plural(n), len(self.forms) - 1)]


def _translated(forms: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    """The forms of a message string, or ``()`` when it is not (entirely) translated."""
    values = _forms(forms)
    return values if values and all(values) else ()


def _forms(string: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    """A message string as its tuple of forms (one for a message without plural)."""
    return (string,) if isinstance(string, str) else tuple(string or ())


def _own_messages(locale: str, domain: str) -> dict[str, Message]:
    catalogue = read_catalogue(locale, domain)
    plural = gettext.c2py(catalogue.plural_expr)
    found: dict[str, Message] = {}
    for entry in catalogue:
        forms = _translated(entry.string)
        if not entry.id or not forms or entry.fuzzy:
            continue
        if not isinstance(entry.id, str):
            message = Message(forms, locale, plural)
            for msgid in entry.id:
                found[msgid] = message
        else:
            found[entry.id] = Message(forms, locale)
    return found


@lru_cache(maxsize=4 * len(LOCALES))
def messages(locale: str, domain: str = DOMAIN) -> Mapping[str, Message]:
    """Every message id of *domain* for *locale*, English where the language lacks it.

    A language without a catalogue gets English throughout."""
    table = dict(_own_messages(SOURCE_LOCALE, domain))
    if locale != SOURCE_LOCALE and locale in LOCALES:
        table.update(_own_messages(locale, domain))
    return table


def translate(locale: str, msgid: str, n: int | None = None, *, domain: str = DOMAIN) -> tuple[str, str]:
    """(text, language it is written in) of *msgid* for *locale*; the form for *n* if plural.

    Raises ``KeyError`` for an id that no catalogue knows (a typo in the code)."""
    message = messages(locale, domain)[msgid]
    return message.text(n), message.lang


def catalogue_entries() -> Iterator[tuple[str, str, str]]:
    """Every ``(lang, msgid, msgstr)`` of every catalogue, untranslated ones included (msgstr empty).

    A plural message gives one row per form, its msgid the singular id."""
    for locale in LOCALES:
        for entry in read_catalogue(locale):
            if not entry.id:
                continue
            msgid = entry.id if isinstance(entry.id, str) else entry.id[0]
            for text in _forms(entry.string) or ("",):
                yield locale, msgid, text or ""


_PLACEHOLDER = re.compile(r"\{(\w*)\}")


def placeholders(text: str) -> frozenset[str]:
    """``{n}``, ``{date}``… named in *text*."""
    return frozenset(_PLACEHOLDER.findall(text))


def catalogue_problems(locale: str, *, complete: bool = True, domain: str = DOMAIN) -> list[str]:
    """What is wrong with *locale*'s catalogue against the English source (see :func:`compare`)."""
    return compare(read_catalogue(SOURCE_LOCALE, domain), read_catalogue(locale, domain), complete=complete)


def compare(source: Catalog, catalogue: Catalog, *, complete: bool = True) -> list[str]:
    """What is wrong with *catalogue* against the *source* catalogue, in words.

    Every source id must be there, with as many forms as the language has plurals, the same
    ``{placeholders}``, and not fuzzy; with *complete*, translated too."""
    locale = catalogue.locale_identifier or "?"
    problems = []
    for original in source:
        if not original.id:
            continue
        name = original.id if isinstance(original.id, str) else original.id[0]
        entry = catalogue.get(original.id)
        if entry is None:
            problems.append(f"{locale}: {name!r} is missing (run `make catalogues`)")
            continue
        forms = _forms(entry.string)
        expected = 1 if isinstance(original.id, str) else catalogue.num_plurals
        wanted = placeholders(" ".join(_forms(original.string)))
        if entry.fuzzy:
            problems.append(f"{locale}: {name!r} is marked fuzzy: check it and remove the mark")
        if len(forms) != expected:
            problems.append(f"{locale}: {name!r} has {len(forms)} forms, the language has {expected}")
        for form in forms:
            if not form:
                if complete:
                    problems.append(f"{locale}: {name!r} is not translated")
            elif placeholders(form) != wanted:
                shown = ", ".join(f"{{{p}}}" for p in sorted(wanted)) or "none"
                problems.append(f"{locale}: {name!r} must keep the placeholders {shown}: {form!r}")
    return problems
