"""Plain words for passers-by: which message answers "personal data?" for this sensor, and how.

People who read little need an answer, not a category: "Oui. Cette caméra filme des personnes
qu'on peut reconnaître." rather than "Collecte des données personnelles identifiantes". The
answer depends on the kind of device (a camera films, a Wi-Fi box picks up phones, a sound
level meter measures noise) and on its personal-data level. This module only chooses message
ids of the catalogues (:mod:`dtpr_core.catalogues`); the page and the sign say them in their
language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from dtpr_core.catalogues import translate
from dtpr_core.datachain import personal_data
from dtpr_core.model import Sensor
from dtpr_core.taxonomy import Identifiability, Taxonomy, element_title, load_taxonomy

DeviceKind = Literal["camera", "wifi", "sound", "noise", "detector", "meter", "device"]

TECH_KINDS: Mapping[str, DeviceKind] = {
    **dict.fromkeys(
        (
            "identifiable_video",
            "de_identified_video",
            "non_identifiable_video",
            "video_camera",
            "video_camera_infrared",
            "identifiable_image",
            "de_identified_image",
            "image",
            "image_infrared",
            "facial_characterization",
        ),
        "camera",
    ),
    **dict.fromkeys(("identifiable_wifi_sensor", "wireless_access_point"), "wifi"),
    **dict.fromkeys(("microphone", "voice", "de_identified_voice"), "sound"),
    "sound_level_meter": "noise",
    **dict.fromkeys(
        ("motion_detector", "passive_infrared_sensor", "radar", "induction_loop", "li_dar", "piezoelectric_sensor"),
        "detector",
    ),
    **dict.fromkeys(
        (
            "air_quality",
            "weather_station",
            "thermometer",
            "soil_moisture_sensor",
            "water_quality",
            "ultrasonic_level_sensor",
            "inclinometer",
            "weighing_scale",
        ),
        "meter",
    ),
}
"""The kind of device a DTPR technology element is, for the words used about it."""

KIND_ORDER: tuple[DeviceKind, ...] = ("camera", "wifi", "sound", "noise", "detector", "meter")
"""When a sensor combines technologies, the first kind here names it (a counting camera is a camera)."""

SENTENCES: frozenset[tuple[DeviceKind, Identifiability]] = frozenset(
    [
        (kind, level)
        for kind in ("camera", "wifi", "sound", "device")
        for level in ("identifiable", "de_identified", "none")
    ]
    + [("noise", "none"), ("detector", "none"), ("meter", "none")]
)
"""The (kind, level) pairs with a sentence of their own (``plain_<kind>_<level>``); others say "device"."""

ANSWERS: Mapping[Identifiability, str] = {
    "identifiable": "answer_yes",
    "de_identified": "answer_anonymous",
    "none": "answer_no",
}
RIGHTS_KINDS: frozenset[DeviceKind] = frozenset({"camera", "wifi", "sound"})


@dataclass(frozen=True, slots=True)
class PlainWords:
    """The message ids of a sensor's plain-language summary."""

    kind: DeviceKind
    level: Identifiability
    answer: str
    """``Oui.``, ``Oui, mais rendues anonymes.`` or ``Non.``"""
    sentence: str
    """``Cette caméra filme des personnes qu'on peut reconnaître.``"""
    what_question: str
    """``Qu'est-ce que c'est ?``, or ``Que mesure-t-il ?`` for a device that measures."""
    rights: str | None
    """``Pour voir ou effacer vos images, écrivez…`` when the sensor collects personal data."""
    sign_what: str
    """``Elle sert à : {purposes}.`` (the pronoun agrees with the kind of device)."""


def device_kind(sensor: Sensor, taxonomy: Taxonomy | None = None) -> DeviceKind:
    """What the sensor is, in everyday words: from its technology elements (see :data:`KIND_ORDER`)."""
    kinds = {TECH_KINDS.get(selection.element_id) for selection in sensor.elements("tech")}
    return next((kind for kind in KIND_ORDER if kind in kinds), "device")


def plain_words(sensor: Sensor, taxonomy: Taxonomy | None = None) -> PlainWords:
    """The message ids that answer a passer-by's questions about *sensor*."""
    taxonomy = taxonomy or load_taxonomy()
    level = personal_data(sensor, taxonomy)
    kind = device_kind(sensor, taxonomy)
    named = kind if (kind, level) in SENTENCES else "device"
    sentence = f"plain_{named}_{level}"
    hotspot = {s.element_id for s in sensor.elements("tech")} & set(TECH_KINDS) == {"wireless_access_point"}
    if hotspot and level == "identifiable":
        sentence = "plain_wifi_kept"  # its connection logs: pseudonymised, never "rendues anonymes"
    if level == "identifiable":
        rights: str | None = f"rights_{kind if kind in RIGHTS_KINDS else 'device'}"
    else:
        rights = "rights_de_identified" if level == "de_identified" else None
    return PlainWords(
        kind=kind,
        level=level,
        answer=ANSWERS[level],
        sentence=sentence,
        what_question="measures_q" if kind in ("noise", "meter") else "what_q",
        rights=rights,
        sign_what=f"sign_what_{named}",
    )


def purpose_line(sensor: Sensor, locale: str, taxonomy: Taxonomy | None = None) -> str:
    """The sign's purpose sentence: ``Elle sert à régler les feux et aider en cas d'accident.``

    From the sensor's ``purpose`` in *locale* (the pronoun agrees with the kind of device);
    without one in that language, its DTPR purposes, said from the taxonomy in that language
    (``Usages : santé, écologie.``): never a text in another language."""
    taxonomy = taxonomy or load_taxonomy()
    clause = sensor.purpose.get(locale, "")
    if clause:
        return translate(locale, plain_words(sensor, taxonomy).sign_what)[0].replace("{purposes}", clause)
    titles = [
        element_title(taxonomy.elements[s.element_id], locale, {})
        for s in sensor.elements("purpose")
        if s.element_id in taxonomy.elements
    ]
    if not titles:
        return ""
    joined = ", ".join(title[:1].lower() + title[1:] if locale in ("fr", "es", "pt") else title for title in titles)
    return translate(locale, "sign_uses")[0].replace("{purposes}", joined)
