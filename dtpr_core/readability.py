"""How easy a French text is to read: the Kandel–Moles score, and the validator's warning.

Kandel and Moles (1958) adapted Flesch's reading ease to French:
``207 − 1.015 × words per sentence − 73.6 × syllables per word``. Like Flesch's, the
score runs from about 0 (very hard) to 100 and more (very easy); under 60 is "fairly
difficult" or worse. textstat computes it (its ``fr`` setting) with French syllables from
pyphen's hyphenation dictionary. ``docs/technicians.md`` says why the threshold is 60.

The scoring library is imported on first use, so importing :mod:`dtpr_core` stays light.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from dtpr_core.errors import Path, Problem
from dtpr_core.model import Sensor

MIN_SCORE = 60.0
"""Below this a French description gets a warning: under "standard" on the Flesch scale."""
MIN_WORDS = 10
"""Shorter texts are not scored: on a few words one long word swings the score by 10 points."""
LONG_WORD_SYLLABLES = 4
MAX_SENTENCE_WORDS = 15
"""FRENCH.md: one idea per sentence, 15 words or fewer where possible."""
MAX_SYLLABLES_PER_WORD = 1.7


@dataclass(frozen=True, slots=True)
class Readability:
    score: float
    words: int
    sentences: int
    syllables: int

    @property
    def words_per_sentence(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def syllables_per_word(self) -> float:
        return self.syllables / self.words if self.words else 0.0

    @property
    def is_hard(self) -> bool:
        """Long enough to judge, and scoring under :data:`MIN_SCORE`."""
        return self.words >= MIN_WORDS and self.score < MIN_SCORE


@cache
def _french_statistics() -> Any:
    from textstat.textstat import textstatistics

    statistics = textstatistics()  # our own instance: set_lang on the shared one would leak
    statistics.set_lang("fr")
    return statistics


def readability(text: str) -> Readability:
    """The Kandel–Moles reading ease of a French *text*, with the counts behind it."""
    statistics = _french_statistics()
    words = int(statistics.lexicon_count(text))
    if words == 0:
        return Readability(score=0.0, words=0, sentences=0, syllables=0)
    return Readability(
        score=round(float(statistics.flesch_reading_ease(text)), 1),
        words=words,
        sentences=int(statistics.sentence_count(text)),
        syllables=int(statistics.syllable_count(text)),
    )


def long_words(text: str, limit: int = 3) -> list[str]:
    """The first *limit* distinct words of :data:`LONG_WORD_SYLLABLES` syllables or more."""
    statistics = _french_statistics()
    found: list[str] = []
    for word in re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", text):
        word = re.sub(r"^\w['’]", "", word)  # l'évaluation -> évaluation
        if word not in found and int(statistics.syllable_count(word)) >= LONG_WORD_SYLLABLES:
            found.append(word)
    return found[:limit]


def advice(text: str, measured: Readability) -> str:
    """What to change in a hard text, from what made it hard."""
    tips = []
    if measured.words_per_sentence > MAX_SENTENCE_WORDS:
        tips.append(
            f"cut it into sentences of {MAX_SENTENCE_WORDS} words or fewer "
            f"(now {measured.words_per_sentence:.0f} a sentence)"
        )
    if measured.syllables_per_word > MAX_SYLLABLES_PER_WORD:
        hard = ", ".join(f"« {word} »" for word in long_words(text))
        tips.append("use short everyday words" + (f" instead of {hard}" if hard else ""))
    return " and ".join(tips) or "write short sentences with everyday words"


MAX_LEAD_WORDS = 25
"""The description is the page's lead: above this, the personal-data answer leaves a phone's first screen."""


def description_problems(sensor: Sensor, path: Path = ()) -> list[Problem]:
    """Warnings when the sensor's description is too long for a lead or its French hard to read."""
    problems = [
        Problem(
            "warning",
            f"the {lang} description has {len(text.split())} words: the page shows it as its lead, "
            f"above the personal-data answer; keep it to {MAX_LEAD_WORDS} words or fewer "
            "(the rest belongs in the datachain); see docs/technicians.md",
            (*path, "description", lang),
        )
        for lang, text in sensor.description.items()
        if len(text.split()) > MAX_LEAD_WORDS
    ]
    text = sensor.description.get("fr", "")
    measured = readability(text)
    if measured.is_hard:
        message = (
            f"the French description is hard to read (Kandel–Moles score {measured.score:.0f}, "
            f"aim for {MIN_SCORE:.0f} or more): {advice(text, measured)}; see docs/technicians.md"
        )
        problems.append(Problem("warning", message, (*path, "description")))
    return problems
