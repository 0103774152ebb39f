"""What the JSON API answers, one family per stored thing (request bodies: ``registry.api.models``).

Read and write are kept apart: a client sends a ``models`` body (``FeedbackCreate``) and gets
one of these back (``FeedbackRead``). The routes declare them as ``response_model``, so the
OpenAPI document (``/api/openapi.json``) describes every answer; a key missing here fails
loudly (``extra="forbid"``) instead of vanishing from an answer. Times are ISO 8601 texts.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Done(Answer):
    ok: Literal[True] = True


# Sensors -------------------------------------------------------------------------------


class SensorSummary(Answer):
    """One line of ``GET /api/v1/sensors``."""

    id: str
    name: dict[str, str]
    commune: str
    zone: str
    status: str
    revision: int
    personal_data: str
    url: str


class SensorList(Answer):
    items: list[SensorSummary]
    total: int
    limit: int
    offset: int


class SensorRead(Answer):
    """A declared sensor: the register-format sensor plus what the registry knows of its device."""

    sensor: dict[str, Any] | None
    revision: int
    updated_at: str | None
    declared_at: str | None
    status: str
    personal_data: str
    device: dict[str, Any] | None
    online: bool | None
    last_seen: str | None
    drift: list[dict[str, Any]]


class ProblemItem(Answer):
    field: str
    message: str
    severity: str


class SensorWritten(Done):
    outcome: Literal["created", "updated", "unchanged"]
    id: str
    revision: int
    warnings: list[ProblemItem]


class SensorRetired(Done):
    outcome: str
    id: str
    status: Literal["retired"]
    revision: int


class BulkResult(Answer):
    id: str
    outcome: Literal["created", "updated", "unchanged", "retired"]
    fields: list[str]


class BulkWritten(Done):
    dry_run: bool
    created: int
    updated: int
    unchanged: int
    retired: int
    results: list[BulkResult]


class RevisionRead(Answer):
    """One change to a sensor; ``actor`` and ``change`` only for a client with a token."""

    seq: int
    at: str | None
    source: str
    kind: str
    datachain_revision: int | None
    fields: list[str]
    summary: dict[str, str]
    actor: str | None = None
    change: dict[str, Any] | list[Any] | None = None


class SensorHistory(Answer):
    id: str
    revision: int
    updated_at: str | None
    items: list[RevisionRead]


class PublicSensor(SensorRead):
    """``/s/{id}.json``: the public page's twin."""

    id: str
    url: str
    personal_data_text: dict[str, str]
    history: list[RevisionRead]
    links: dict[str, str]


# Feedback ------------------------------------------------------------------------------


class FeedbackReceived(Done):
    status: Literal["received"]


class FeedbackRead(Answer):
    id: int
    sensor_id: str
    created_at: str | None
    locale: str
    kind: str
    message: str
    email: str | None = Field(description="The sender's address: write tokens only (null for read tokens)")
    status: str
    mail: str | None = Field(
        description="The answer's e-mail: waiting, sent, failed (see the console), or null when none"
    )
    answer: str | None
    answered_at: str | None
    answered_by: str | None


class FeedbackList(Answer):
    items: list[FeedbackRead]
    total: int
    limit: int
    offset: int


# Tokens --------------------------------------------------------------------------------


class TokenRead(Answer):
    id: int
    name: str
    scope: str
    created_at: str | None
    revoked_at: str | None


class TokenCreated(TokenRead):
    token: str
    """The token itself: shown once, never stored."""


class TokenList(Answer):
    items: list[TokenRead]


class TokenRevoked(Done):
    id: int
    revoked: Literal[True]


# Printed signs -------------------------------------------------------------------------


class SignsRecorded(Done):
    recorded: int


class OutdatedSign(Answer):
    id: str
    name: str
    revision: int
    printed_revision: int | None
    sign: str


class OutdatedSigns(Answer):
    items: list[OutdatedSign]
    total: int


# Monitoring ----------------------------------------------------------------------------


class DiscoveredRead(Answer):
    id: str
    device: dict[str, Any] | None
    announced: list[Any]
    online: bool | None
    last_seen: str | None
    created_at: str | None
    updated_at: str | None
    location: dict[str, float] | None


class DiscoveredList(Answer):
    items: list[DiscoveredRead]
    total: int
    limit: int
    offset: int


class DriftRead(Answer):
    id: str
    name: dict[str, str] | None
    drift: list[dict[str, Any]] | None
    device: dict[str, Any] | None
    url: str


class DriftList(Answer):
    items: list[DriftRead]


class QuarantineRead(Answer):
    id: int
    received_at: str | None
    topic: str
    reason: str
    payload_size: int
    payload_text: str
    payload_base64: str


class QuarantineList(Answer):
    items: list[QuarantineRead]
    total: int
    limit: int
    offset: int


class DayCount(Answer):
    day: str
    count: int


class SensorCount(Answer):
    sensor_id: str
    count: int


class PageViewStats(Answer):
    total: int
    by_day: list[DayCount]
    top_sensors: list[SensorCount]


class FeedbackStats(Answer):
    total: int
    by_status: dict[str, int]
    top_sensors: list[SensorCount]


class DayVotes(Answer):
    day: str
    helpful: int
    not_helpful: int


class SensorVotes(Answer):
    sensor_id: str
    helpful: int
    not_helpful: int


class HelpfulStats(Answer):
    """The "did this page help?" answers (``registry.api.votes``)."""

    helpful: int
    not_helpful: int
    by_day: list[DayVotes]
    top_sensors: list[SensorVotes]


class Stats(Answer):
    since: str
    days: int
    page_views: PageViewStats
    feedback: FeedbackStats
    sensors: dict[str, dict[str, int]]
    helpful: HelpfulStats


class InventoryRead(Answer):
    """One sensor collecting personal data (``registry.inventory.InventoryRow``)."""

    id: str
    name: str
    status: str
    commune: str
    zone: str
    personal_data: str
    purposes: list[str]
    technologies: list[str]
    legal_basis: str | None
    legal_basis_text: str
    retention: str
    storage: list[str]
    access: list[str]
    accountable: list[str]
    dpo_contact: str


class Inventory(Answer):
    items: list[InventoryRead]
    total: int
    locale: str


class Health(Answer):
    ok: bool


# LoRaWAN devices ------------------------------------------------------------------------


class SilentRead(Answer):
    sensor_id: str
    dev_eui: str
    last_heard: str | None
    reporting_interval_seconds: int
    silent_for_seconds: int
    url: str


class SilentList(Answer):
    items: list[SilentRead]


class DeviceBattery(Answer):
    level: float | None
    external_power: bool | None
    margin: int | None


class DeviceLink(Answer):
    rssi: int | None
    snr: float | None
    gateway_count: int | None


class LorawanDeviceRead(Answer):
    """Identity, timing and link health: a device row holds nothing else (never its payload)."""

    dev_eui: str
    linked_sensor_id: str | None
    server: str
    network: str
    device_id: str
    application: str
    profile: str
    brand: str
    model: str
    first_heard: str | None
    last_heard: str | None
    last_join: str | None
    battery: DeviceBattery
    link: DeviceLink
    reporting_interval_seconds: int | None


class LorawanDeviceList(Answer):
    items: list[LorawanDeviceRead]
    limit: int
    offset: int
