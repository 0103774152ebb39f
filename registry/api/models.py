"""Request bodies of the JSON API (responses are plain JSON documented in docs/api.md).

Every text a client sends is refused when it holds a NUL character or a lone
surrogate: neither can be stored (PostgreSQL refuses NUL) nor shown safely.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import Query
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from dtpr_core.email_address import EMAIL_MAX, check_email_address
from dtpr_core.errors import Problem
from dtpr_core.locales import Locale
from dtpr_core.model import SENSOR_ID_PATTERN


def _storable(value: str) -> str:
    if "\x00" in value:
        raise ValueError("text may not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ValueError("text must be valid Unicode (no lone surrogates)") from error
    return value


SafeStr = Annotated[str, AfterValidator(_storable)]
SensorId = Annotated[str, Field(pattern=SENSOR_ID_PATTERN, examples=["ANG-AQ-0001"])]


def unstorable_problems(data: Any, path: tuple[str | int, ...] = ()) -> list[Problem]:
    """Problems for every text in free-form JSON that could not be stored (NUL, lone surrogates)."""
    problems: list[Problem] = []
    if isinstance(data, str):
        try:
            _storable(data)
        except ValueError as error:
            problems.append(Problem("error", str(error), path))
    elif isinstance(data, dict):
        for key, value in data.items():
            problems += unstorable_problems(key, path) + unstorable_problems(value, (*path, str(key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            problems += unstorable_problems(value, (*path, index))
    return problems


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BulkUpsert(Strict):
    items: list[dict[str, Any]] = Field(max_length=5000, description="Sensors in register format (JSON)")
    dry_run: bool = Field(False, description="Report what would change; write nothing")
    retire_missing: bool = Field(False, description="Retire declared sensors absent from items and keep_ids")
    keep_ids: list[SensorId] = Field(
        default_factory=list, max_length=200_000, description="Ids sent in other batches (not retired)"
    )


LocaleQuery = Annotated[
    Locale | None,
    Query(description="One of the product's languages (default: the registry's, DTPR_PUBLIC__DEFAULT_LOCALE)"),
]
"""``?locale=``: a query parameter, None when omitted (the route takes the setting then)."""


class RetireRequest(Strict):
    on: date | None = Field(None, description="Retirement date (default: today)")


class FeedbackCreate(Strict):
    message: Annotated[SafeStr, Field(min_length=1, max_length=4000)]
    email: Annotated[SafeStr, Field(max_length=EMAIL_MAX), AfterValidator(check_email_address)] | None = Field(
        None, description="One address (name@example.org) for the answer; erased once the answer has left"
    )
    locale: Locale | None = Field(
        None, description="The message's language (default: the registry's, DTPR_PUBLIC__DEFAULT_LOCALE)"
    )
    kind: Literal["question", "comment", "problem"] = "question"
    website: Annotated[str, Field(max_length=500)] | None = Field(
        None, description="Honeypot: leave empty (robots fill it in)"
    )


class FeedbackUpdate(Strict):
    answer: Annotated[SafeStr, Field(min_length=1, max_length=4000)] | None = None
    status: Literal["new", "answered", "closed"] | None = None


class TokenCreate(Strict):
    name: Annotated[SafeStr, Field(min_length=1, max_length=200)]
    scope: Literal["read", "write"] = "read"


class SignPrint(Strict):
    sensor_id: SensorId
    revision: int = Field(ge=0, le=2**31 - 1)
    format: Literal["svg", "pdf", "png"] = "pdf"
    size: Annotated[str, Field(pattern=r"^[a-z0-9_-]{1,16}$")] = "a5"


class SignPrints(Strict):
    items: list[SignPrint] = Field(max_length=10_000)
