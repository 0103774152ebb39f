"""The feedback form of a sensor page (a DTPR sign's fourth promise): fields, checks, HTML."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from dtpr_core.urls import Urls
from registry.antiabuse import HONEYPOT_FIELD
from registry.pages.i18n import Words
from registry.pages.layout import esc, path_of, say

KINDS = ("question", "comment", "problem")
MESSAGE_MIN, MESSAGE_MAX = 3, 4000
EMAIL_MAX = 320
FIRST_KIND_ID = ' id="fb-kind"'
_EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]{2,}$")


@dataclass(slots=True)
class FeedbackForm:
    """What the visitor typed, kept when the form comes back with errors."""

    kind: str = "question"
    message: str = ""
    email: str = ""
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_fields(cls, data: Mapping[str, object]) -> FeedbackForm:
        def text(name: str) -> str:
            value = data.get(name)
            return value.strip() if isinstance(value, str) else ""

        return cls(kind=text("kind") or "question", message=text("message"), email=text("email"))

    def validate(self) -> bool:
        """Fill :attr:`errors` (message keys of :mod:`registry.pages.i18n`); True when all is well."""
        self.errors = {}
        if self.kind not in KINDS:
            self.errors["kind"] = "err_kind"
        if not MESSAGE_MIN <= len(self.message) <= MESSAGE_MAX:
            self.errors["message"] = "err_message"
        if self.email and (len(self.email) > EMAIL_MAX or not _EMAIL.fullmatch(self.email)):
            self.errors["email"] = "err_email"
        return not self.errors


def _error(form: FeedbackForm, words: Words, name: str) -> tuple[str, str]:
    """(the message paragraph, the aria attributes) for one field."""
    key = form.errors.get(name)
    if not key:
        return "", ""
    return (
        f'<span class="error" id="{name}-error">{say(words, key)}</span>',
        f' aria-invalid="true" aria-describedby="{name}-error"',
    )


def _errors_summary(form: FeedbackForm, words: Words) -> str:
    if not form.errors:
        return ""
    items = "".join(f'<li><a href="#fb-{esc(name)}">{say(words, key)}</a></li>' for name, key in form.errors.items())
    return (
        f'<div class="errors" role="alert"><p><strong>{say(words, "errors_title")}</strong></p><ul>{items}</ul></div>'
    )


def render_feedback(sensor_id: str, words: Words, urls: Urls, form: FeedbackForm, *, sent: bool = False) -> str:
    action = esc(path_of(urls.feedback(sensor_id)))
    if form == _EMPTY:
        before, after = _empty_form(words.locale, sent)
    else:
        before, after = _form_parts(words, form, sent=sent)
    return f"{before}{action}{after}"


_EMPTY = FeedbackForm()


@lru_cache(maxsize=64)
def _empty_form(locale: str, sent: bool) -> tuple[str, str]:
    """The blank form of one language: the same for every sensor but its action URL."""
    return _form_parts(Words(locale), _EMPTY, sent=sent)


def _form_parts(words: Words, form: FeedbackForm, *, sent: bool) -> tuple[str, str]:
    """The form's HTML before and after its action URL."""
    kinds = "".join(
        f'<label class="choice"><input type="radio" name="kind" value="{kind}"'
        f"{' checked' if form.kind == kind else ''}{FIRST_KIND_ID if kind == KINDS[0] else ''}> "
        f"{say(words, f'kind_{kind}')}</label>"
        for kind in KINDS
    )
    message_error, message_aria = _error(form, words, "message")
    email_error, email_aria = _error(form, words, "email")
    thanks = f'<p class="ok" role="status">{say(words, "thanks")}</p>' if sent else ""
    before = (
        f'<section id="feedback" aria-labelledby="feedback-h"><h2 id="feedback-h">{say(words, "feedback")}</h2>'
        f"{thanks}{_errors_summary(form, words)}<p>{say(words, 'feedback_intro')}</p>"
        f'<form method="post" action="'
    )
    after = (
        f'" accept-charset="utf-8">'
        f'<input type="hidden" name="lang" value="{esc(words.locale)}">'
        f"<fieldset><legend>{say(words, 'kind')}</legend>{kinds}</fieldset>"
        f'<p><label for="fb-message">{say(words, "message")}</label>{message_error}'
        f'<textarea id="fb-message" name="message" required minlength="{MESSAGE_MIN}" maxlength="{MESSAGE_MAX}"'
        f' rows="5"{message_aria}>{esc(form.message)}</textarea></p>'
        f'<p><label for="fb-email">{say(words, "email_optional")}</label>{email_error}'
        f'<input id="fb-email" name="email" type="email" autocomplete="email" maxlength="{EMAIL_MAX}"'
        f' value="{esc(form.email)}"{email_aria}></p>'
        f'<p class="hp" aria-hidden="true"><label for="fb-hp">{say(words, "honeypot")}</label>'
        f'<input id="fb-hp" name="{HONEYPOT_FIELD}" type="text" tabindex="-1" autocomplete="off"></p>'
        f'<p><button type="submit">{say(words, "send")}</button></p>'
        f'<p class="muted">{say(words, "privacy")}</p></form></section>'
    )
    return before, after
