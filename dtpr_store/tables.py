"""The stored things, one SQLModel table each. Schema changes go through Alembic."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel


def _json(**kwargs: Any) -> Any:
    return Field(default=None, sa_column=Column(JSON, **kwargs))


SENSOR_FILLFACTOR = 70
"""PostgreSQL leaves 30 % of each sensor page free, so the gateway's updates (device facts,
last heard) stay on their page as heap-only tuples: no index is touched by them."""


class SensorRow(SQLModel, table=True):
    """Current state of one sensor, derived from its revisions (updated in the same transaction)."""

    __tablename__ = "sensor"
    __table_args__ = (
        Index("ix_sensor_public_commune_zone", "declared", "commune", "zone"),
        {"postgresql_with": {"fillfactor": SENSOR_FILLFACTOR}},
    )

    id: str = Field(primary_key=True, max_length=64)
    declared: bool = Field(default=False, description="Declared by a technician (public); else discovered")
    data: dict[str, Any] | None = _json()
    """The declared sensor in register format (dtpr_core.register.sensor_to_data)."""
    revision: int = Field(default=0, description="Datachain revision: +1 on every declared change")
    status: str = Field(default="active", max_length=16)
    name_fr: str = Field(default="", max_length=200)
    commune: str = Field(default="", max_length=200, index=True)
    zone: str = Field(default="", max_length=200)
    lat: float | None = None
    lon: float | None = None
    personal_data: str = Field(default="none", max_length=16)
    purposes: str = Field(default="", max_length=500, description="Space-separated purpose ids (filters)")
    techs: str = Field(default="", max_length=1000, description="Space-separated tech ids (filters)")
    device: dict[str, Any] | None = _json()
    """Device facts from announcements: source, identity, entities -> element ids."""
    announced: list[str] | None = _json()
    drift: list[dict[str, Any]] | None = _json()
    online: bool | None = None
    last_seen: datetime | None = None
    history_seq: int = Field(default=0, description="Number of revisions recorded so far")
    created_at: datetime
    updated_at: datetime
    declared_at: datetime | None = None


class RevisionRow(SQLModel, table=True):
    """Append-only history: one row per change to a sensor, never updated or deleted."""

    __tablename__ = "revision"
    __table_args__ = (UniqueConstraint("sensor_id", "seq"),)
    """Its index (sensor_id, seq) serves every read by sensor; a second one on sensor_id alone only cost writes."""

    id: int | None = Field(default=None, primary_key=True)
    sensor_id: str = Field(max_length=64)
    seq: int
    at: datetime
    source: str = Field(max_length=16, description="register | api | gateway")
    actor: str = Field(default="", max_length=200)
    kind: str = Field(max_length=16, description="created | updated | retired | device | drift | withdrawn | status")
    datachain_revision: int = 0
    change: list[dict[str, Any]] | None = _json()
    snapshot: dict[str, Any] | None = _json()


class FeedbackRow(SQLModel, table=True):
    __tablename__ = "feedback"

    id: int | None = Field(default=None, primary_key=True)
    sensor_id: str = Field(max_length=64, index=True)
    created_at: datetime
    locale: str = Field(default="fr", max_length=8)
    kind: str = Field(default="question", max_length=16, description="question | comment | problem")
    message: str = Field(max_length=4000)
    email: str | None = Field(default=None, max_length=320)
    status: str = Field(default="new", max_length=16, description="new | answered | closed")
    answer: str | None = Field(default=None, max_length=4000)
    answered_at: datetime | None = None
    answered_by: str | None = Field(default=None, max_length=200)


class TokenRow(SQLModel, table=True):
    __tablename__ = "api_token"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    token_hash: str = Field(max_length=128, unique=True, description="SHA-256 of the token; never the token")
    scope: str = Field(default="read", max_length=8, description="read | write")
    created_at: datetime
    revoked_at: datetime | None = None


class QuarantineRow(SQLModel, table=True):
    """MQTT messages that could not be recorded, kept with their reason."""

    __tablename__ = "quarantine"

    id: int | None = Field(default=None, primary_key=True)
    received_at: datetime = Field(index=True)
    topic: str = Field(max_length=1024)
    payload: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    payload_size: int
    reason: str = Field(max_length=1000)


class PageViewRow(SQLModel, table=True):
    """Page views per sensor per day: a counter, nothing about the visitor."""

    __tablename__ = "page_view"

    sensor_id: str = Field(primary_key=True, max_length=64)
    day: date = Field(primary_key=True)
    count: int = 0


class SignPrintRow(SQLModel, table=True):
    __tablename__ = "sign_print"

    id: int | None = Field(default=None, primary_key=True)
    sensor_id: str = Field(max_length=64, index=True)
    revision: int
    printed_at: datetime
    format: str = Field(default="pdf", max_length=8)
    size: str = Field(default="a5", max_length=16)
    actor: str = Field(default="", max_length=200)


class PrintJobRow(SQLModel, table=True):
    """A print job of the staff console: what to print, how, its progress and its file."""

    __tablename__ = "print_job"

    id: str = Field(primary_key=True, max_length=32)
    created_at: datetime = Field(index=True)
    actor: str = Field(default="", max_length=200)
    status: str = Field(default="queued", max_length=16, description="queued | running | done | failed | expired")
    options: dict[str, Any] | None = _json()
    """Batch options: size, fmt, sheet, bleed_mm, langs, bundle."""
    items: list[list[Any]] | None = _json()
    """``[sensor id, datachain revision]`` of every sign, in print order."""
    total: int = 0
    done: int = 0
    file_name: str | None = Field(default=None, max_length=200)
    error: str | None = Field(default=None, max_length=1000)
    started_at: datetime | None = None
    finished_at: datetime | None = None
    downloaded_at: datetime | None = None
    printed_at: datetime | None = None


class DeviceReviewRow(SQLModel, table=True):
    """A staff decision about a device: ignored, or its drift resolved (sign to update / misconfigured)."""

    __tablename__ = "device_review"

    sensor_id: str = Field(primary_key=True, max_length=64)
    decision: str = Field(max_length=16, description="ignored | sign_to_update | misconfigured")
    reason: str = Field(default="", max_length=1000)
    actor: str = Field(default="", max_length=200)
    at: datetime
    drift: list[dict[str, Any]] | None = _json()
    """The drift when it was resolved: a different drift shows again."""


class StaffAccountRow(SQLModel, table=True):
    """A person of the city who signs in to the staff console (``/staff/``)."""

    __tablename__ = "staff_account"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=320, unique=True, description="Lower-case; the sign-in name")
    name: str = Field(max_length=200, description="Shown in the console and recorded in the audit log")
    role: str = Field(default="viewer", max_length=8, description="viewer | editor | admin")
    password_hash: str = Field(max_length=200, description="argon2id hash (argon2-cffi); never the password")
    created_at: datetime
    password_changed_at: datetime
    disabled_at: datetime | None = None


class StaffSessionRow(SQLModel, table=True):
    """A signed-in browser: the cookie holds a random id, the row only its SHA-256."""

    __tablename__ = "staff_session"

    id_hash: str = Field(primary_key=True, max_length=64)
    account_id: int = Field(index=True)
    csrf_token: str = Field(max_length=64, description="Expected in every form the session posts")
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime = Field(description="Absolute end (created_at + the absolute lifetime)")
    revoked_at: datetime | None = None


class StaffAuditRow(SQLModel, table=True):
    """Append-only log of staff actions, never updated or deleted."""

    __tablename__ = "staff_audit"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(index=True)
    actor: str = Field(max_length=200, description="The staff member's name at the time")
    actor_email: str = Field(default="", max_length=320)
    action: str = Field(max_length=64, description="e.g. sign_in, feedback.answer, account.add")
    target: str = Field(default="", max_length=200)
    detail: dict[str, Any] | None = _json()


class LorawanDeviceRow(SQLModel, table=True):
    """One LoRaWAN device as the network servers report it: identity, timing, health; never its payload.

    ``linked_sensor_id`` is the declared sensor naming this DevEUI (from the register);
    events of an unlinked device go to its discovered sensor ``lorawan-<deveui>``.
    """

    __tablename__ = "lorawan_device"

    dev_eui: str = Field(primary_key=True, max_length=16, description="Upper-case hex")
    linked_sensor_id: str | None = Field(default=None, max_length=64, index=True)
    linked_at: datetime | None = None
    declared_interval: int | None = Field(default=None, description="Seconds, from the register")
    profile_interval: int | None = Field(default=None, description="Seconds, from the mapping table")
    server: str = Field(default="", max_length=16, description="chirpstack | thethingsstack")
    network: str = Field(default="", max_length=200, description="Topic prefix it was heard on")
    device_id: str = Field(default="", max_length=200)
    application: str = Field(default="", max_length=200)
    profile: str = Field(default="", max_length=200)
    brand: str = Field(default="", max_length=200)
    model: str = Field(default="", max_length=200)
    first_heard: datetime | None = None
    last_heard: datetime | None = None
    last_join: datetime | None = None
    battery_level: float | None = Field(default=None, description="Percent; None when unknown")
    external_power: bool | None = None
    margin: int | None = Field(default=None, description="Demodulation margin (dB) of the last status")
    status_at: datetime | None = None
    rssi: int | None = Field(default=None, description="Best RSSI (dBm) of the last uplink")
    snr: float | None = Field(default=None, description="Best SNR (dB) of the last uplink")
    gateway_count: int | None = Field(default=None, description="Gateways that heard the last uplink")


class PageVoteRow(SQLModel, table=True):
    """ "Did this page help?" answers per sensor per day: two counters, nothing about the visitor."""

    __tablename__ = "page_vote"

    sensor_id: str = Field(primary_key=True, max_length=64)
    day: date = Field(primary_key=True)
    helpful: int = 0
    not_helpful: int = 0


class OutboxRow(SQLModel, table=True):
    """An answer to a feedback message, waiting to be mailed, sent, or failed for good.

    The recipient is not copied here: it is the message's ``email``, erased once the mail
    has left (or at the end of the retention period)."""

    __tablename__ = "outbox"

    id: int | None = Field(default=None, primary_key=True)
    feedback_id: int = Field(index=True)
    created_at: datetime
    locale: str = Field(max_length=8, description="The language of the mail: the page the sender wrote from")
    subject: str = Field(max_length=300)
    body: str = Field(max_length=20_000)
    state: str = Field(default="waiting", max_length=16, index=True, description="waiting | sent | failed")
    attempts: int = 0
    next_attempt_at: datetime
    last_error: str | None = Field(default=None, max_length=32, description="A reason code the inbox explains")
    last_error_detail: str | None = Field(default=None, max_length=300, description="The server's words, for support")
    sent_at: datetime | None = None
