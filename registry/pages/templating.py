"""Jinja2 for the public pages: one environment per app, and templates compiled into byte fragments.

Templates live in ``registry/pages/templates/``. Two rules hold for every one of them:

* **Escaping**: every ``{{ value }}`` is escaped the way the pages always were
  (:func:`registry.pages.layout.esc`, ``'`` as ``&#x27;``); helpers that build HTML return
  :class:`~markupsafe.Markup`, which is printed as it is.
* **Line breaks**: a line break and the indentation after it are removed when a template is
  loaded, so templates can be written one element a line and the pages stay compact. Write a
  space where the page needs one (inside a line, or at the end of one).

:class:`Compiled` is how the busiest page (the sensor page) stays fast: its template is
rendered once per language with *holes* (:func:`hole`) where per-sensor values go, and cut
there into byte fragments; a request only joins the fragments with its values.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from jinja2 import BaseLoader, Environment, PackageLoader, StrictUndefined, Template, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from dtpr_core.datachain import personal_data, retention, walk
from dtpr_core.email_address import EMAIL_MAX
from dtpr_core.formats import text_direction
from dtpr_core.locales import DEFAULT_LOCALE, LOCALE_NAMES, Localized, pick
from dtpr_core.plain import plain_words
from dtpr_core.taxonomy import LICENCE_URL, SOURCE_URL, attribution, load_taxonomy
from dtpr_core.urls import Urls, with_lang
from registry.antiabuse import HONEYPOT_FIELD
from registry.pages.feedback_form import KINDS, MESSAGE_MAX, MESSAGE_MIN
from registry.pages.i18n import Words
from registry.pages.icons import icon_sources
from registry.pages.layout import CSS, esc, fallback_notice, lang_attr, local, marked, path_of, say, site_paths
from registry.pages.sensor_view import privacy_rows
from registry.pages.texts import (
    element_names,
    personal_elements,
    phone_digits,
    purpose_parts,
    retention_parts,
    strip_markdown,
    title_parts,
    titles,
)

_LINE_BREAK = re.compile(r"\n[ \t]*")


class CompactLoader(PackageLoader):
    """The package's templates with their line breaks (and the indentation after them) removed."""

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool] | None]:
        source, filename, uptodate = super().get_source(environment, template)
        return _LINE_BREAK.sub("", source), filename, uptodate


def _finalize(value: object) -> Markup:
    """Escape what is not already HTML, as :func:`esc` does (``&#x27;``, the pages' historic bytes)."""
    return value if isinstance(value, Markup) else Markup(esc(value))


class Chrome:
    """``say("key")`` in a template: a page string, escaped, marked ``lang="en"`` when it fell back."""

    __slots__ = ("words",)

    def __init__(self, words: Words) -> None:
        self.words = words

    def __call__(self, key: str, **values: object) -> Markup:
        return Markup(say(self.words, key, **values))


@pass_context
def keep_lang(context: Context, url: str) -> str:
    """``{{ paths.index|keep_lang }}``: a link to another public page in the page's language
    (:func:`dtpr_core.urls.with_lang`, the one mechanism; no cookie)."""
    return with_lang(url, context["locale"], context.environment.globals["default_locale"])  # type: ignore[arg-type]


def make_environment(
    urls: Urls, loader: BaseLoader | None = None, *, default_locale: str = DEFAULT_LOCALE
) -> Environment:
    """The pages' Jinja2 environment (made once with the app; templates compiled on first use)."""
    env = Environment(
        loader=loader or CompactLoader("registry.pages", "templates"),
        autoescape=True,
        finalize=_finalize,
        undefined=StrictUndefined,
        auto_reload=False,
        keep_trailing_newline=False,
    )
    env.filters["comma"] = ", ".join
    env.filters["keep_lang"] = keep_lang
    env.filters["strip_links"] = lambda parts: tuple(Localized(strip_markdown(p.text), p.lang) for p in parts)
    env.globals.update(
        default_locale=default_locale,
        css=Markup(CSS),
        local=lambda texts, locale: Markup(local(texts, locale)),
        lang_attr=lambda used, locale: Markup(lang_attr(used, locale)),
        marked=lambda parts, locale: Markup(marked(parts, locale)),
        fallback_notice=lambda parts, locale: Markup(
            "".join(fallback_notice(part.lang, locale) for part in parts[:1] if part.lang != locale)
        ),
        marked_list=lambda items, locale: Markup(", ".join(marked(parts, locale) for parts in items)),
        plain_words=plain_words,
        title_parts=title_parts,
        retention_parts=retention_parts,
        purpose_parts=purpose_parts,
        text_direction=text_direction,
        path_of=path_of,
        attribution=attribution,
        credit_adapted=bool(load_taxonomy().adapted_locales),
        licence_url=LICENCE_URL,
        source_url=SOURCE_URL,
        locale_names=LOCALE_NAMES,
        pick=pick,
        personal_data=personal_data,
        retention=retention,
        walk=walk,
        titles=titles,
        element_names=element_names,
        strip_markdown=strip_markdown,
        icon_src=icon_sources(urls),
        phone_digits=phone_digits,
        personal_elements=personal_elements,
        kinds=KINDS,
        message_min=MESSAGE_MIN,
        message_max=MESSAGE_MAX,
        email_max=EMAIL_MAX,
        honeypot=HONEYPOT_FIELD,
        privacy_rows=privacy_rows,
    )
    return env


_EPOCH = datetime(2000, 1, 1)
_KNOWN = frozenset(
    [f"history_{k}" for k in ("created", "updated", "retired", "device", "drift", "withdrawn", "status")]
    + [f"source_{k}" for k in ("register", "api", "gateway")]
)


def page_context(words: Words, **values: object) -> dict[str, object]:
    """What every page template is given: its words (plain text), ``say`` (marked HTML), its locale,
    ``ago(timedelta)`` ("il y a 5 minutes") and ``known_word(prefix, value)`` (the word for a stored
    code such as a history kind, or the code itself when there is none)."""

    def known_word(prefix: str, value: str) -> str:
        return words(prefix + value) if prefix + value in _KNOWN else value

    def ago(age: timedelta) -> str:
        return words.ago(_EPOCH, _EPOCH + age)

    return {
        "words": words,
        "say": Chrome(words),
        "locale": words.locale,
        "ago": ago,
        "known_word": known_word,
        **values,
    }


def render_page(env: Environment, name: str, words: Words, *, city: str, urls: Urls, **values: object) -> bytes:
    """A whole page of ``templates/<name>`` (which extends ``base.html``), UTF-8."""
    context = page_context(words, city=city, urls=urls, paths=site_paths(urls), **values)
    return env.get_template(name).render(context).encode()


_HOLE = "\x00{}\x00"
ID_HOLE = "ID0HOLE0ID"
"""Where the sensor id goes: a valid id, so the URL builder takes it (ids need no escaping)."""


def hole(name: str) -> Markup:
    """A per-request value's place in a template compiled by :func:`compile_template`."""
    return Markup(_HOLE.format(name))


@dataclass(frozen=True, slots=True)
class Compiled:
    """A template rendered once, cut at its holes: bytes, and the hole names between them."""

    pieces: tuple[bytes | str, ...]

    def join(self, values: Mapping[str, bytes]) -> bytes:
        """The page: each hole replaced by its value (UTF-8 HTML, already escaped)."""
        return b"".join([values[piece] if piece.__class__ is str else piece for piece in self.pieces])  # type: ignore[misc]


_CUT = re.compile("\x00([a-z_]+)\x00|(" + ID_HOLE + ")")


def compile_template(template: Template, context: Mapping[str, object]) -> Compiled:
    """Render *template* with holes (:func:`hole`, :data:`ID_HOLE` for the sensor id) and cut it there."""
    text = template.render(context)
    pieces: list[bytes | str] = []
    start = 0
    for match in _CUT.finditer(text):
        pieces.append(text[start : match.start()].encode())
        pieces.append(match.group(1) or "id")
        start = match.end()
    pieces.append(text[start:].encode())
    return Compiled(tuple(piece for piece in pieces if piece != b""))
