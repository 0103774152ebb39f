"""Sentences for people from a :class:`~dtpr_core.notice.PrivacyNotice` (page and sign).

French typography is applied here (no-break spaces before ``: ; ? !`` and inside « »),
so callers print the sentences as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

from dtpr_core.catalogues import translate
from dtpr_core.kept import duration_words
from dtpr_core.locales import pick
from dtpr_core.model import ContactAction
from dtpr_core.notice import PrivacyNotice
from dtpr_core.privacy_words import days_words, legal_basis_words, privacy_word, right_words

NBSP = "\u00a0"
NARROW_NBSP = "\u202f"


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
    return legal_basis_words(notice.legal_basis, notice.locale) if notice.legal_basis else ""


def right_texts(notice: PrivacyNotice) -> list[str]:
    return [right_words(right, notice.locale) for right in notice.rights]


def rights_sentence(notice: PrivacyNotice) -> str:
    """``Vous pouvez voir …, les faire corriger … et vous opposer à leur usage.``"""
    items = right_texts(notice)
    if not items:
        return ""
    joined = (
        items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {privacy_word('and', notice.locale)} {items[-1]}"
    )
    return french_spacing(f"{privacy_word('rights', notice.locale)} {joined}.", notice.locale)


def exercise_sentence(notice: PrivacyNotice) -> str:
    """``Pour voir ou effacer vos images, écrivez à dpo@….``"""
    if not notice.rights_contact:
        return ""
    key = "exercise_images" if notice.images else "exercise_data"
    return word(key, notice.locale, contact=notice.rights_contact)


def complaint_sentence(notice: PrivacyNotice, *, with_url: bool = True) -> str:
    """``Si la réponse ne vous satisfait pas, vous pouvez vous plaindre à … CNIL (…) : https://…``;
    without *with_url* it ends on the colon (the page puts the address, a link, after it)."""
    authority = notice.authority
    url = authority.complaint_url if with_url else ""
    text = word("complaint", notice.locale, name=authority.name, full_name=authority.full_name, url=url)
    return text if with_url else text.rstrip()


def _sentence(text: str) -> str:
    return text if text.endswith((".", "។")) else text + "."


def sign_rights_contact(notice: PrivacyNotice, *, short: bool = False) -> str:
    """Where the sign sends people for their rights, the DPO named as such when it is the DPO
    (*short*: "notre DPO", for a sign too small for "notre délégué à la protection des données (DPO)")."""
    contact = notice.rights_contact
    if notice.dpo_contact and contact == notice.dpo_contact:
        return word("sign_dpo_short" if short else "sign_dpo", notice.locale, contact=contact)
    return contact


def sign_rights_line(notice: PrivacyNotice, *, short_dpo: bool = False) -> str:
    """``Pour voir vos images ou vérifier qu’elles sont effacées, écrivez avant 15 jours à …`` (CSI L. 253-5)."""
    kept = notice.images_kept
    contact = sign_rights_contact(notice, short=short_dpo)
    if notice.video_protection and kept is not None:
        duration = duration_words(kept.amount, kept.unit, notice.locale)
        return word("sign_vp_rights", notice.locale, duration=duration, contact=contact)
    key = "sign_rights_images" if notice.images else "sign_rights_data"
    return word(key, notice.locale, contact=contact)


def sign_lines(notice: PrivacyNotice, *, short_dpo: bool = False) -> tuple[str, ...]:
    """The first layer's privacy words, each said once: the controller (unless the accountable
    hexagon already names it as such), the purpose, the retention, the video-protection frame,
    the rights with the DPO's contact (labelled as the DPO), the authority."""
    locale = notice.locale
    lines = []
    if notice.controller.role_code != "controller":
        lines.append(word("sign_controller", locale, name=pick(notice.controller.name, locale)))
    if notice.purpose_line:
        lines.append(french_spacing(notice.purpose_line, locale))
    said_by_rights = notice.video_protection and notice.kept == (notice.images_kept,)
    if notice.retention and not said_by_rights:  # "écrivez avant 15 jours" says it already
        lines.append(french_spacing(_sentence(notice.retention), locale))
    if notice.video_protection_authorisation:
        lines.append(word("sign_authorisation", locale, reference=notice.video_protection_authorisation))
    lines.append(sign_rights_line(notice, short_dpo=short_dpo))
    complaint = "sign_vp_complaint" if notice.video_protection else "sign_complaint"
    lines.append(word(complaint, locale, name=notice.authority.name, url=short_url(notice.authority.complaint_url)))
    return tuple(lines)


@dataclass(frozen=True, slots=True)
class NoticeRow:
    """One line of the page's second layer: a label and its texts; the text that *href* points to
    (``mailto:`` + an address, or a URL) is shown as a link."""

    key: str
    label: str
    lines: tuple[str, ...]
    href: str = ""


def _contact_lines(actions: tuple[ContactAction, ...]) -> tuple[str, ...]:
    order = {kind: index for index, kind in enumerate(("postal", "phone", "email", "url", "form"))}
    return tuple(action.target for action in sorted(actions, key=lambda action: order[action.type]))


def _href(notice: PrivacyNotice) -> str:
    contact = notice.rights_contact
    if "@" in contact and " " not in contact:
        return "mailto:" + contact
    return contact if contact.startswith("https://") else ""


def page_rows(notice: PrivacyNotice) -> tuple[NoticeRow, ...]:
    """The second layer (GDPR art. 13) as labelled rows, in the order a reader needs them."""
    locale = notice.locale
    controller = (pick(notice.controller.name, locale), *_contact_lines(notice.controller.contact))
    grounds = tuple(french_spacing(translate(locale, f"ground_{code}")[0], locale) for code in notice.legal_grounds)
    rows = [
        NoticeRow("controller", word("controller", locale), controller),
        NoticeRow("purposes", word("purposes", locale), notice.purposes),
        NoticeRow("legal_basis", word("legal_basis", locale), (legal_basis_text(notice), *grounds)),
    ]
    if notice.legitimate_interest:
        rows.append(NoticeRow("interest", word("interest", locale), (notice.legitimate_interest,)))
    if notice.recipients:
        rows.append(NoticeRow("recipients", word("recipients", locale), notice.recipients))
    if notice.retention:
        rows.append(NoticeRow("retention", word("retention", locale), (notice.retention,)))
    facts = _facts(notice)
    rights = [text for text in (rights_sentence(notice), exercise_sentence(notice)) if text]
    if notice.own_data_hidden and notice.rights_contact:
        rights.append(word("own_data", locale, contact=notice.rights_contact))
    if notice.video_protection:
        rights.append(word("vp_access", locale))
    if notice.consent_withdrawal:
        rights.append(word("withdraw", locale, how=notice.consent_withdrawal))
    rows.append(NoticeRow("rights", word("rights_title", locale), tuple(rights), _href(notice)))
    rows.append(NoticeRow("dpo", word("dpo", locale), _contact_lines(notice.dpo), _href(notice)))
    url = notice.authority.complaint_url
    complaint = (complaint_sentence(notice, with_url=False), url)
    rows.append(NoticeRow("complaint", word("complaint_title", locale), complaint, url))
    if facts:
        rows.append(NoticeRow("facts", word("facts", locale), tuple(facts)))
    return tuple(rows)


def _facts(notice: PrivacyNotice) -> list[str]:
    """ "Also good to know": transfers, automated analysis and decisions, the video-protection frame and regime."""
    locale = notice.locale
    facts = [word("transfers", locale)] if notice.transfers_outside_eu else []
    facts += [word("automated", locale)] if notice.automated_processing else []
    facts.append(word("automated_decisions" if notice.automated_decisions else "no_automated", locale))
    if notice.video_protection_authorisation:
        facts.append(word("authorisation", locale, reference=notice.video_protection_authorisation))
    if notice.video_protection:
        facts.append(word("vp_frame", locale))
        regime = "regime_police" if notice.police_justice else "regime_gdpr"
        facts.append(word(regime, locale, name=notice.authority.name))
    return facts


def feedback_notice(locale: str, *, city: str, email_retention_days: int, contact: str) -> tuple[str, ...]:
    """The feedback form's notice: who reads the message, how long it and the address are kept, the rights.

    *contact* is where to write (the sensor's DPO, or its controller); without one the
    rights sentence is left out."""
    days = days_words(email_retention_days, locale)
    sentences = [
        word("feedback_readers", locale, city=city),
        word("feedback_email", locale, days=days),
        word("feedback_message", locale),
    ]
    if contact:
        sentences.append(word("feedback_rights", locale, contact=contact))
    sentences.append(word("feedback_nothing_else", locale))
    return tuple(sentences)
