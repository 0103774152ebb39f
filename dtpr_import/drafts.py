"""``--draft``: a row that is not a valid sensor yet, written as ``status: planned``.

What the row gave is kept; each required field it lacks is marked with the text
``dtpr validate`` refuses until it is replaced (:data:`dtpr_core.declare.TO_FILL`, as
in a device's "declare" snippet), and a comment above the entry lists the problems.
So a draft is in the file to be completed, and cannot be published half done.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from dtpr_core.declare import TO_FILL
from dtpr_core.register import LOCATION_KEYS, SENSOR_KEYS
from dtpr_import.convert import CellProblem, ordered
from dtpr_import.merge import NewSensor

MAX_COMMENT_LINES = 8


def _todo(what: str) -> str:
    return f"{TO_FILL}\u00a0: {what}"


def _completed(data: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(data)
    out.setdefault("name", {"fr": _todo("nom affiché")})
    location = dict(out.get("location") or {})
    location.setdefault("lat", _todo("latitude (p. ex. 47.4712)"))
    location.setdefault("lon", _todo("longitude (p. ex. -0.5518)"))
    out["location"] = ordered(location, LOCATION_KEYS)
    if not out.get("accountable"):
        out["accountable"] = [_todo("clé d'une organisation déclarée sous organisations")]
    datachain = dict(out.get("datachain") or {})
    datachain.setdefault("purpose", [_todo("1 à 3 finalités, la principale d'abord")])
    datachain.setdefault("tech", [_todo("la technologie du capteur")])
    out["datachain"] = datachain
    out["status"] = "planned"
    return ordered(out, SENSOR_KEYS)


def draft_of(data: Mapping[str, Any], problems: Sequence[CellProblem]) -> NewSensor:
    """The draft entry of a refused row, its problems in the comment above it."""
    first = problems[0] if problems else None
    where = f"{first.file}:{first.sheet}:{first.row}" if first else "the import"
    comment = [f"Draft imported from {where}: complete it, then set its status. To fix:"]
    comment += [
        f"- {p.column}: {p.message}" if p.column != "-" else f"- {p.message}" for p in problems[:MAX_COMMENT_LINES]
    ]
    if len(problems) > MAX_COMMENT_LINES:
        comment.append(f"- and {len(problems) - MAX_COMMENT_LINES} more")
    return NewSensor(_completed(data), tuple(" ".join(line.split()) for line in comment))
