"""The GDPR first layer of a personal-data sign (EDPB Guidelines 3/2019, § 114).

Controller, purpose, retention, a rights line with the DPO's contact, the supervisory
authority and where to read the rest (QR code and typed address). :func:`privacy_text`
is laid out before the summary, which gives way first; :func:`missing_first_layer`
then reads the finished layout and names what did not fit, so a sign never prints
without one of them.
"""

from __future__ import annotations

from dtpr_core import Sensor, pick, privacy_notice
from dtpr_core.notice import PrivacyNotice
from dtpr_core.notice_text import short_url, sign_lines, sign_rights_contact
from signage.options import SignError, SignOptions
from signage.spec import SignLayout
from signage.wording import element_titles


def notice_for(sensor: Sensor, options: SignOptions) -> PrivacyNotice | None:
    """The notice in the sign's first language; ``None`` without personal data."""
    return privacy_notice(sensor, options.langs[0], options.authority)


def privacy_text(notice: PrivacyNotice, *, short_dpo: bool = False) -> str:
    return " ".join(sign_lines(notice, short_dpo=short_dpo))


def _squeezed(text: str) -> str:
    """*text* without any space, so a fragment is found across line breaks."""
    return "".join(text.split())


def required_fragments(sensor: Sensor, notice: PrivacyNotice, options: SignOptions) -> dict[str, tuple[str, ...]]:
    """What the first layer must show, by name: the texts that show it (any one of them)."""
    lang = options.langs[0]
    purposes = element_titles(sensor, "purpose", lang)
    dpo = (sign_rights_contact(notice), sign_rights_contact(notice, short=True)) if notice.dpo_contact else ()
    vp = notice.video_protection
    fragments: dict[str, tuple[str, ...]] = {
        "the controller": (pick(notice.controller.name, lang),),
        "the purpose": (purposes[0],) if purposes else (),
        "the retention": (notice.retention,) if not vp else (),  # a camera's rights line says "avant 15 jours"
        "the DPO's contact (rights line)": dpo,
        "the supervisory authority": (f"{notice.authority.name}, {short_url(notice.authority.complaint_url)}",),
        "the page's typed address": (options.urls.short_sensor_url(sensor.id),),
        "the video-protection authorisation": (notice.video_protection_authorisation,),
        "the access right (L. 253-5)": ("L.\u00a0253-5",) if vp else (),
        "the commission départementale": ("commission départementale",) if vp else (),
    }
    return {name: texts for name, texts in fragments.items() if any(texts)}


def missing_first_layer(layout: SignLayout, sensor: Sensor, options: SignOptions) -> list[str]:
    """What of the first layer the laid-out sign lost (empty when complete or without personal data)."""
    notice = notice_for(sensor, options)
    if notice is None:
        return []
    printed = _squeezed(" ".join("".join(block.lines) for block in layout.all_texts()))
    return [
        name
        for name, texts in required_fragments(sensor, notice, options).items()
        if not any(_squeezed(text) in printed for text in texts)
    ]


def ensure_first_layer(layout: SignLayout, sensor: Sensor, options: SignOptions) -> None:
    missing = missing_first_layer(layout, sensor, options)
    if missing:
        larger = [size for size in ("a6", "a5", "a4") if size != options.size][-1]
        raise SignError(
            f"sensor {sensor.id}: its {options.size} sign collects personal data and cannot hold "
            f"{', '.join(missing)}: print it larger (e.g. --size {larger}) or shorten the organisation's name "
            "or the DPO's e-mail address"
        )
