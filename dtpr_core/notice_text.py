"""Sentences for people from a :class:`~dtpr_core.notice.PrivacyNotice` (page and sign).

French typography is applied here (no-break spaces before ``: ; ? !`` and inside « »),
so callers print the sentences as they are.
"""

from __future__ import annotations

from dtpr_core.locales import pick
from dtpr_core.notice import PrivacyNotice
from dtpr_core.privacy_words import LEGAL_BASIS_WORDS, RIGHT_WORDS, privacy_word

NBSP = "\u00a0"
NARROW_NBSP = "\u202f"
AND = {"fr": "et", "en": "and", "es": "y", "pt": "e", "tl": "at", "km": "និង"}


def french_spacing(text: str, locale: str) -> str:
    """No-break spaces before ``: ; ? !`` and inside « » (French only)."""
    if locale != "fr":
        return text
    for mark, space in ((":", NBSP), (";", NARROW_NBSP), ("?", NARROW_NBSP), ("!", NARROW_NBSP)):
        text = text.replace(f" {mark}", f"{space}{mark}")
    return text.replace("« ", f"«{NBSP}").replace(" »", f"{NBSP}»")


def word(key: str, locale: str, **values: str) -> str:
    """A fixed word of the notice, its ``{placeholders}`` filled, French spacing applied."""
    text = privacy_word(key, locale)
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    return french_spacing(text, locale)


def short_url(url: str) -> str:
    """``https://www.cnil.fr/plaintes`` -> ``cnil.fr/plaintes`` (typed from a sign)."""
    return url.removeprefix("https://").removeprefix("http://").removeprefix("www.").rstrip("/")


def legal_basis_text(notice: PrivacyNotice) -> str:
    """``Mission d'intérêt public — RGPD, article 6-1-e``."""
    return pick(LEGAL_BASIS_WORDS[notice.legal_basis], notice.locale) if notice.legal_basis else ""


def right_texts(notice: PrivacyNotice) -> list[str]:
    return [privacy_word(right, notice.locale) for right in notice.rights if right in RIGHT_WORDS]


def rights_sentence(notice: PrivacyNotice) -> str:
    """``Vos droits : vous pouvez voir …, les faire corriger … et vous opposer à leur usage.``"""
    items = right_texts(notice)
    if not items:
        return ""
    joined = items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {AND.get(notice.locale, 'and')} {items[-1]}"
    return french_spacing(f"{privacy_word('rights', notice.locale)} {joined}.", notice.locale)


def exercise_sentence(notice: PrivacyNotice) -> str:
    """``Pour voir ou effacer vos images, écrivez à dpo@….``"""
    key = "exercise_images" if notice.images else "exercise_data"
    return word(key, notice.locale, contact=notice.dpo_contact)


def complaint_sentence(notice: PrivacyNotice) -> str:
    authority = notice.authority
    return word(
        "complaint", notice.locale, name=authority.name, full_name=authority.full_name, url=authority.complaint_url
    )


def sign_lines(notice: PrivacyNotice) -> tuple[str, ...]:
    """The first layer's privacy words: controller, retention, rights with the DPO, the authority."""
    locale = notice.locale
    lines = [word("sign_controller", locale, name=pick(notice.controller.name, locale))]
    if notice.retention:
        lines.append(french_spacing(notice.retention + ".", locale))
    key = "sign_rights_images" if notice.images else "sign_rights_data"
    lines.append(word(key, locale, contact=notice.dpo_contact))
    lines.append(
        word("sign_complaint", locale, name=notice.authority.name, url=short_url(notice.authority.complaint_url))
    )
    if notice.video_protection_authorisation:
        lines.append(word("sign_authorisation", locale, reference=notice.video_protection_authorisation))
    return tuple(lines)
