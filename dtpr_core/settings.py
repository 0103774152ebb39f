"""The one settings class: environment variables ``DTPR_<GROUP>__<NAME>``.

Built by the cached :func:`get_settings` for the command line, and passed into
``create_app(settings)`` and the gateway runner, so tests build their own.
Every field is documented in ``docs/configuration.md`` and ``.env.example``
(a test keeps the three in sync). Bad values stop the program at start.
"""

from __future__ import annotations

from functools import cache
from typing import Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from dtpr_core.locales import DEFAULT_LOCALE, Locale
from dtpr_core.notice import SupervisoryAuthority
from dtpr_core.urls import Urls

PLACEHOLDER_SECRETS = {"changeme", "change-me", "secret", "token", "xxx"}


class DatabaseSettings(BaseModel):
    url: str = Field(
        "sqlite:///data/dtpr.sqlite3",
        description="SQLAlchemy URL: sqlite:///path or postgresql+psycopg://user:pass@host/db",
    )
    echo: bool = Field(False, description="Log every SQL statement (debugging only)")

    @field_validator("url")
    @classmethod
    def _known_backend(cls, value: str) -> str:
        if not value.startswith(("sqlite:", "postgresql")):
            raise ValueError("database URL must start with sqlite: or postgresql")
        return value


class PublicSettings(BaseModel):
    base_url: str = Field("http://127.0.0.1:8000", description="Public origin used in every link, QR code and export")
    default_locale: Locale = Field(DEFAULT_LOCALE, description="Language of pages when the visitor asks for none")
    city_name: str = Field("Angers Loire Métropole", description="Name shown in page headers and signs")
    time_zone: str = Field(
        "Europe/Paris", description="The city's time zone (IANA name): every time the staff console shows"
    )

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {value!r}: use an IANA name such as Europe/Paris") from error
        return value

    @field_validator("base_url")
    @classmethod
    def _valid_origin(cls, value: str) -> str:
        return Urls(value).base_url

    @property
    def urls(self) -> Urls:
        return Urls(self.base_url)


class ApiSettings(BaseModel):
    token: SecretStr | None = Field(None, description="First admin bearer token (write scope); stored hashed")
    max_body_bytes: int = Field(2_000_000, ge=1024, description="Largest request body accepted, in bytes")
    feedback_per_minute: int = Field(5, ge=1, description="Feedback messages accepted per client per minute")
    votes_per_minute: int = Field(
        10, ge=1, description='"Did this page help?" answers counted per client per minute (more are ignored)'
    )

    @field_validator("token")
    @classmethod
    def _no_placeholder(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            secret = value.get_secret_value()
            if secret.lower() in PLACEHOLDER_SECRETS or len(secret) < 16:
                raise ValueError("API token must be a real secret of at least 16 characters")
        return value


class MqttSettings(BaseModel):
    url: str | None = Field(
        None, description="Broker: mqtt://user:pass@host:1883 or mqtts://host:8883; unset = embedded broker for dtpr up"
    )
    client_id: str = Field("dtpr-gateway", description="MQTT client id (persistent session key)")
    qos: Literal[0, 1, 2] = Field(1, description="Subscription QoS")
    protocol: Literal["3.1.1", "5"] = Field("5", description="MQTT protocol version")
    topic_prefix: str = Field("dtpr/v1", description="Prefix of the native DTPR topics")
    discovery_prefix: str = Field("homeassistant", description="Home Assistant discovery prefix")
    share_group: str | None = Field(None, description="MQTT 5 shared subscription group ($share/<group>/...)")
    ca_file: str | None = Field(None, description="CA certificate file for mqtts://")
    cert_file: str | None = Field(None, description="Client certificate file for mqtts://")
    key_file: str | None = Field(None, description="Client private key file for mqtts://")
    keepalive: int = Field(30, ge=5, description="Keep-alive interval in seconds")
    max_payload_bytes: int = Field(65_536, ge=256, description="Larger messages are quarantined")

    @field_validator("url")
    @classmethod
    def _valid_url(cls, value: str | None) -> str | None:
        if value is not None:
            parts = urlsplit(value)
            if parts.scheme not in ("mqtt", "mqtts", "tcp", "ssl") or not parts.hostname:
                raise ValueError("MQTT URL must look like mqtt://user:pass@host:1883")
        return value


class GatewaySettings(BaseModel):
    batch_size: int = Field(500, ge=1, description="Messages written per database transaction at most")
    batch_wait_ms: int = Field(50, ge=0, description="Longest wait to fill a batch, in milliseconds")
    metrics_port: int | None = Field(None, description="Port of the Prometheus /metrics and /healthz endpoint")
    quarantine_payload_bytes: int = Field(4096, ge=64, description="Bytes of a bad payload kept in quarantine")


class SupervisoryAuthoritySettings(BaseModel):
    name: str = Field("CNIL", description="Short name of the data-protection supervisory authority (signs, pages)")
    full_name: str = Field(
        "Commission nationale de l'informatique et des libertés", description="Its full name, said once on pages"
    )
    postal_address: str = Field(
        "3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07", description="Its postal address for complaints"
    )
    complaint_url: str = Field("https://www.cnil.fr/plaintes", description="Where to lodge a complaint online")

    @field_validator("complaint_url")
    @classmethod
    def _https(cls, value: str) -> str:
        if not value.startswith("https://"):
            raise ValueError("the complaint URL must start with https://")
        return value

    @property
    def authority(self) -> SupervisoryAuthority:
        return SupervisoryAuthority(self.name, self.full_name, self.postal_address, self.complaint_url)


class LorawanSettings(BaseModel):
    chirpstack_prefixes: list[str] = Field(
        ["application"], description="Topic prefixes of ChirpStack v4 MQTT integrations (JSON list; [] = none)"
    )
    thethingsstack_prefixes: list[str] = Field(
        ["v3"], description="Topic prefixes of The Things Stack v3 MQTT servers (JSON list; [] = none)"
    )
    webhook_prefixes: list[str] = Field(
        [], description="Topic prefixes where webhook-style envelopes are forwarded (JSON list)"
    )
    mapping_file: str | None = Field(
        None, description="City's device profile -> DTPR technology table (YAML); unset = shipped defaults"
    )


class LogSettings(BaseModel):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field("INFO", description="Log level")
    format: Literal["text", "json"] = Field("text", description="text for people, json for log collectors")


class SignsSettings(BaseModel):
    job_dir: str = Field("data/print-jobs", description="Folder of the staff console's print files until they expire")
    job_workers: int = Field(1, ge=1, le=4, description="Print jobs run at once (each keeps one core busy)")
    job_keep_hours: int = Field(24, ge=1, description="Hours a finished print file is kept (one hour once downloaded)")
    render_workers: int = Field(
        1, ge=1, le=4, description="Processes rendering /signs/… files at once (the pages never wait for them)"
    )
    render_queue: int = Field(
        32, ge=0, le=256, description="Sign renders waiting for a worker; beyond, 503 with Retry-After"
    )
    render_cache_mb: int = Field(64, ge=0, le=4096, description="Memory for rendered signs, by content (0 = no cache)")


class QuarantineSettings(BaseModel):
    retention_days: int = Field(30, ge=1, description="Days a quarantined MQTT message is kept before it is purged")


class StaffSettings(BaseModel):
    idle_minutes: int = Field(30, ge=1, description="A staff session ends after this many minutes without a request")
    absolute_hours: int = Field(12, ge=1, description="A staff session ends this many hours after sign-in, busy or not")
    sign_in_failures_per_account: int = Field(
        5, ge=1, description="Failed sign-ins allowed per account in 15 minutes before it is throttled"
    )
    sign_in_failures_per_client: int = Field(
        20, ge=1, description="Failed sign-ins allowed per client address in 15 minutes before it is throttled"
    )


class MailSettings(BaseModel):
    host: str | None = Field(None, description="SMTP server that sends staff answers to feedback; unset = no e-mail")
    port: int = Field(587, ge=1, le=65535, description="SMTP port (587 STARTTLS, 465 TLS, 25 plain)")
    security: Literal["starttls", "tls", "none"] = Field("starttls", description="starttls, tls (SMTPS) or none")
    username: str | None = Field(None, description="SMTP user name, if the server needs one")
    password: SecretStr | None = Field(None, description="SMTP password, if the server needs one")
    from_address: str = Field("no-reply@localhost", description="Sender address of answers to feedback")
    timeout_seconds: float = Field(10.0, gt=0, description="SMTP connection timeout in seconds")
    retry_seconds: float = Field(
        30.0, gt=0, le=60, description="Wait before an answer that did not leave is tried again; doubles up to 15 min"
    )


class FeedbackSettings(BaseModel):
    email_retention_days: int = Field(
        90,
        ge=1,
        description="Days a feedback sender's address is kept when not answered (erased once the answer has left)",
    )


class MapSettings(BaseModel):
    tile_url: str | None = Field(
        None,
        description=(
            "Outside raster tile service of the public map, https://host/…/{z}/{x}/{y}…; "
            "unset = no third party (the commune outlines, or the outline file)"
        ),
    )
    tile_attribution: str = Field("", description="Credit shown on the map for the tile service (its licence)")
    outline_file: str | None = Field(
        None, description="GeoJSON of the territory's commune outlines (WGS 84); unset = drawn from the sensors"
    )

    @field_validator("tile_url")
    @classmethod
    def _tile_template(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        checked_tile_origin(value)
        return value.strip()

    @property
    def tile_origin(self) -> str | None:
        """The tile service's origin (the only outside origin the map's CSP allows), or None."""
        return checked_tile_origin(self.tile_url) if self.tile_url else None


def checked_tile_origin(template: str) -> str:
    """``https://host[:port]`` of a tile URL template, checked: https, a host, ``{z}``, ``{x}`` and ``{y}``."""
    text = template.strip()
    parts = urlsplit(text.replace("{", "%7B").replace("}", "%7D"))
    if parts.scheme != "https" or not parts.hostname or any(char in parts.netloc for char in "@%"):
        raise ValueError(f"tile URL must start with https://host/ (one host, no {{s}}), not {template!r}")
    if any(hole not in text for hole in ("{z}", "{x}", "{y}")):
        raise ValueError(f"tile URL must contain {{z}}, {{x}} and {{y}}, not {template!r}")
    if any(char in text for char in "\"'<> \t\n;"):
        raise ValueError(f"tile URL must not contain quotes, spaces, ';' or angle brackets: {template!r}")
    return f"https://{parts.netloc.lower()}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DTPR_", env_nested_delimiter="__", env_file=None, extra="ignore")

    database: DatabaseSettings = DatabaseSettings()
    public: PublicSettings = PublicSettings()
    api: ApiSettings = ApiSettings()
    mqtt: MqttSettings = MqttSettings()
    gateway: GatewaySettings = GatewaySettings()
    lorawan: LorawanSettings = LorawanSettings()
    log: LogSettings = LogSettings()
    signs: SignsSettings = SignsSettings()
    quarantine: QuarantineSettings = QuarantineSettings()
    supervisory_authority: SupervisoryAuthoritySettings = SupervisoryAuthoritySettings()
    staff: StaffSettings = StaffSettings()
    mail: MailSettings = MailSettings()
    feedback: FeedbackSettings = FeedbackSettings()
    map: MapSettings = MapSettings()


@cache
def get_settings() -> Settings:
    return Settings()
