"""One translation mechanism (#21 item 4): the console's words come from the ``staff`` gettext catalogues."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest

from dtpr_core.catalogues import STAFF_DOMAIN, catalogue_problems, messages, read_catalogue
from registry.mail import REASONS
from registry.staff import dashboard, devices, feedback, nav, print_options, quarantine
from registry.staff.i18n import LANGS, say
from registry.staff.session import RANK

STAFF = Path(str(resources.files("registry.staff")))
TEMPLATES = sorted((STAFF / "templates").glob("*.html"))
MODULES = sorted(STAFF.glob("*.py"))
USED_IN_TEMPLATES = re.compile(r"""\b_\(\s*["'](\w+)["']""")
USED_IN_CODE = re.compile(r"""(?:StaffDenied\(\s*\d+,\s*|say\([\w.]+,\s*)f?["'](\w+)["']""")


def test_no_tr_pair_is_left() -> None:
    for template in TEMPLATES:
        assert re.search(r"\btr\(", template.read_text("utf-8")) is None, f"{template.name} still uses tr()"
    for module in MODULES:
        assert re.search(r"\bdef tr\(|translator\(", module.read_text("utf-8")) is None, module.name


def _dynamic_keys() -> set[str]:
    return {
        *(f"kind_{kind}" for kind in feedback.KINDS),
        *(f"feedback_{status}" for status in feedback.STATUSES),
        *(f"mail_reason_{reason}" for reason in REASONS),
        *devices.DECISIONS.values(),
        *(item.label for item in nav.NAV),
        *(f"card_{field}" for field, _ in dashboard.CARDS),
        *(f"job_{status}" for status in print_options.JOB_STATUSES),
        *(f"sensor_status_{status}" for status in print_options.STATUSES),
        *print_options.LANGS.values(),
        *(f"role_{role}" for role in RANK),
        *(f"role_needed_{role}" for role in RANK),
        *(f"period_{days}" for days in quarantine.PERIODS),
    }


def test_every_key_the_console_uses_is_written_in_each_of_its_languages() -> None:
    used = {key for template in TEMPLATES for key in USED_IN_TEMPLATES.findall(template.read_text("utf-8"))}
    used |= {key for module in MODULES for key in USED_IN_CODE.findall(module.read_text("utf-8"))}
    used = {key for key in used if not key.endswith("_")} | _dynamic_keys()  # f"role_needed_{role}" is dynamic
    for lang in LANGS:
        own = {key for key, message in messages(lang, STAFF_DOMAIN).items() if message.lang == lang}
        assert used - own == set(), f"{lang}: keys used but not written"


@pytest.mark.parametrize("lang", LANGS)
def test_the_staff_catalogues_are_complete(lang: str) -> None:
    assert catalogue_problems(lang, complete=True, domain=STAFF_DOMAIN) == []


def test_french_console_words_are_typeset_for_french() -> None:
    wrong = []
    for entry in read_catalogue("fr", STAFF_DOMAIN):
        text = entry.string if entry.id and isinstance(entry.string, str) else ""
        if re.search(
            r"[^\s\u00a0\u202f][:;?!»]|[ ][:;?!»]",
            re.sub(r"https?://\S+|\{\w+\}|\d:\d|«\u00a0\w+:\u00a0»|Authorization: Bearer", "", text),
        ):
            wrong.append(f"{entry.id}: {text!r}")
    assert wrong == [], "a no-break space goes before : ; ? ! »"


def test_say_fills_placeholders_and_falls_back_to_english() -> None:
    assert say("fr", "n_signs", n=3) == "3 panneaux"
    assert say("en", "n_signs", n=3) == "3 signs"
    assert say("es", "n_signs", n=3) == "3 signs"  # no Spanish console yet: English
