"""The public sensor page: ``render(view) -> bytes``, a pure function of the :class:`SensorView`.

The markup lives in ``templates/sensor/``: ``page.html`` is compiled once per (language,
thank-you state) into byte fragments (:func:`~registry.pages.templating.compile_template`)
around holes, and each hole is a section template or a short text. Two kinds:

* made from what the page shows of its stored content (:class:`~registry.pages.sensor_view.Shown`:
  :data:`CONTENT_SECTIONS`, :data:`VALUES`): kept together, by the content and the language,
  so a page of a content already shown is a single lookup for them;
* made from a part of the view (:data:`SECTIONS`): each cached by that part (the state
  lines, the history).

A cached piece can never be stale: its key is everything it is made of.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import datetime
from functools import lru_cache

from jinja2 import Environment, Template
from markupsafe import Markup

from dtpr_core.locales import LOCALES, pick
from dtpr_core.location import Location
from dtpr_core.model import SENSOR_ID_RE
from dtpr_core.notice import feedback_contact
from dtpr_core.notice_text import feedback_notice
from dtpr_store.page_read import SensorPageRead
from registry.pages.caches import PageCache
from registry.pages.feedback_form import FeedbackForm
from registry.pages.i18n import Words
from registry.pages.layout import esc, lang_attr, local, site_paths
from registry.pages.sensor_view import SensorView, Shown, Site, build_view, notices, privacy, shown
from registry.pages.templating import ID_HOLE, Compiled, compile_template, hole, page_context


class SensorPages:
    """Renders sensor pages for one :class:`Site`; made once with the app (``app.state.sensor_pages``).

    Outside a request (the static export) make one from the same settings: the same view
    gives the same bytes.
    """

    def __init__(self, env: Environment, site: Site, cache: PageCache) -> None:
        self.env, self.site, self.cache = env, site, cache
        self._globals = dict(env.globals)
        self._shells: dict[tuple[str, bool], tuple[Compiled, Compiled]] = {}
        self._sections = {name: env.get_template(f"sensor/{name}.html") for name in (*SECTIONS, *CONTENT_SECTIONS)}
        self._form = env.get_template("feedback_form.html")
        self._no_service = env.get_template("sensor/no_service.html")
        for locale in LOCALES:  # compiled at start-up
            for sent in (False, True):
                self._shell(locale, sent)

    def view(
        self,
        read: SensorPageRead,
        *,
        locale: str,
        now: datetime,
        sent: bool = False,
        voted: bool = False,
        form: FeedbackForm | None = None,
    ) -> SensorView:
        """The view of a stored sensor (:func:`~registry.pages.sensor_view.build_view` on this site)."""
        return build_view(
            read, locale=locale, site=self.site, cache=self.cache, now=now, sent=sent, voted=voted, form=form
        )

    def render(self, view: SensorView) -> bytes:
        """The whole page, UTF-8: its compiled template joined with this sensor's values and sections."""
        if not SENSOR_ID_RE.fullmatch(view.sensor_id):
            raise ValueError(f"not a sensor id: {view.sensor_id!r}")
        page, blank_form = self._shell(view.locale, view.sent)
        words = Words(view.locale)
        key_of_content = (view.content, view.locale)
        content = self.cache.shown.get(key_of_content)
        if content is None:
            content = self._content(shown(view), words)
            self.cache.shown.put(key_of_content, content)
        values = {**content, "id": view.sensor_id.encode()}
        for name, (variable, part_of) in SECTIONS.items():
            values[name] = self._section(name, variable, part_of(view), words)
        if not self.site.service:
            values["feedback"] = values["no_service"]
        elif view.form is None:
            values["feedback"] = blank_form.join(values)
        else:
            form = {
                "form": view.form,
                "sensor_id": view.sensor_id,
                "urls": self.site.urls,
                "sent": view.sent,
                "feedback_notice": Markup(values["feedback_notice"].decode()),
            }
            values["feedback"] = self._render(self._form, words, form).encode()
        return page.join(values)

    def _content(self, content: Shown, words: Words) -> dict[str, bytes]:
        """The texts and sections made from what the page shows of its content (:data:`VALUES`, :data:`CONTENT_SECTIONS`).

        A section is also kept by its own part: sensors stored differently but declared alike
        share their summary and datachain.
        """
        made = {name: value(content).encode() for name, value in VALUES.items()}
        for name, (variable, part_of) in CONTENT_SECTIONS.items():
            made[name] = self._section(name, variable, part_of(content), words)
        if not self.site.service:
            made["no_service"] = self._render(self._no_service, words, no_service(content, words)).encode()
        return made

    def _section(self, name: str, variable: str, part: Hashable, words: Words) -> bytes:
        """``sensor/<name>.html`` rendered from *part* (its one variable), kept by it and the language."""
        key = (name, words.locale, part)
        found = self.cache.fragments.get(key)
        if found is None:
            found = self._render(self._sections[name], words, {variable: part}).encode()
            self.cache.fragments.put(key, found)
        return found

    def _render(self, template: Template, words: Words, context: dict[str, object]) -> str:
        """``template.render``, without copying the environment's globals into each context.

        ``render`` merges the globals (a ``ChainMap``) into a new dict for every call, which cost
        more than the sensor's own section; they are merged once here (:attr:`_globals`).
        """
        values = {**self._globals, **page_context(words, **context)}
        return self.env.concat(template.root_render_func(template.new_context(values, shared=True)))

    def _shell(self, locale: str, sent: bool) -> tuple[Compiled, Compiled]:
        found = self._shells.get((locale, sent))
        if found is None:
            found = self._shells[(locale, sent)] = self._compile(locale, sent)
        return found

    def _compile(self, locale: str, sent: bool) -> tuple[Compiled, Compiled]:
        words, urls = Words(locale), self.site.urls
        page = compile_template(
            self.env.get_template("sensor/page.html"),
            page_context(
                words,
                hole=hole,
                title=hole("title"),
                city=self.site.city,
                paths=site_paths(urls),
                canonical=urls.sensor_page(ID_HOLE),
                lang_path=[(other, urls.sensor_page(ID_HOLE, other)) for other in LOCALES],
                urls=urls,
                sensor_id=ID_HOLE,
                sign_available=self.site.sign_available,
                service=self.site.service,
            ),
        )
        form = {
            "form": FeedbackForm(),
            "sensor_id": ID_HOLE,
            "urls": urls,
            "sent": sent,
            "feedback_notice": hole("feedback_notice"),
        }
        return page, compile_template(self._form, page_context(words, **form))


@lru_cache(maxsize=256)
def _feedback_notice(locale: str, city: str, days: int, contact: str) -> str:
    """The feedback form's notice, escaped: the same for every sensor with the same contact."""
    return esc(" ".join(feedback_notice(locale, city=city, email_retention_days=days, contact=contact)))


def no_service(content: Shown, words: Words) -> dict[str, object]:
    """What ``sensor/no_service.html`` shows: the organisations' postal and phone contacts, each once."""
    contacts = (
        (action.type, Markup(esc(action.target)))
        for org in content.sensor.accountable
        for action in (*org.contact, *org.data_protection)
        if action.type in ("postal", "phone")
    )
    said = lang_attr(words.lang_of("feedback_offline"), words.locale)
    return {"contacts": tuple(dict.fromkeys(contacts)), "said": Markup(said)}


def _place(location: Location) -> tuple[str, str, str]:
    return location.address, location.zone, location.commune


SECTIONS: dict[str, tuple[str, Callable[[SensorView], Hashable]]] = {
    "notices": ("notices", notices),
    "state": ("state", lambda view: view.state),
    "history": ("history", lambda view: view.history),
    "helpful": ("voted", lambda view: view.voted),
}
"""The sections of ``page.html`` made from a part of the view: name -> (its template's one variable, that part).

``sensor/<name>.html`` is rendered from that part alone and cached by it (with the language):
a section is never stale, since its cache key is everything it is made of. Sensors differ
little in these parts (a status, a few dates), so most pages find every section made.
"""

CONTENT_SECTIONS: dict[str, tuple[str, Callable[[Shown], Hashable]]] = {
    "personal": ("chain", lambda content: content.chain),
    "summary": ("chain", lambda content: content.chain),
    "datachain": ("chain", lambda content: content.chain),
    "privacy": ("privacy", privacy),
}
"""The sections made from what the page shows of its content (:class:`Shown`), as :data:`SECTIONS` are."""

VALUES: dict[str, Callable[[Shown], str]] = {
    "title": lambda content: esc(f"{pick(content.sensor.name, content.locale)} — {content.site.city}"),
    "name": lambda content: local(content.sensor.name, content.locale),
    "description": lambda content: local(content.sensor.description, content.locale),
    "place": lambda content: esc(", ".join(part for part in _place(content.sensor.location) if part)),
    "feedback_notice": lambda content: _feedback_notice(
        content.locale, content.site.city, content.site.email_retention_days, feedback_contact(content.sensor)
    ),
}
"""The short texts of ``page.html`` made from what the page shows of its content (escaped HTML).

The sensor's id (``hole("id")``) is the page's own; every other hole is here or a section.
"""
