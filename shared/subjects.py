"""Stream and subject names, defined once next to the contract.

| stream              | subjects                                   | message      |
|---------------------|--------------------------------------------|--------------|
| POLICY_ARTICLES     | policy.articles.v1                         | Article      |
| POLICY_SHIFTS       | policy.shifts.v1.<actor>.<shift_type>      | PolicyShift  |
| POLICY_EXTRACTIONS  | policy.extractions.v1                      | ArticleExtracted |
| POLICY_ALERTS       | policy.alerts.v1.<owner>.<rule_id>         | Alert        |
| POLICY_DEADLETTER   | policy.deadletter.v1.<service>             | DeadLetter   |
| (none: core NATS)   | policy.rules.v1.changed                    | RuleChanged  |
"""

from __future__ import annotations

import re

from faststream.nats import JStream

ARTICLES_STREAM = "POLICY_ARTICLES"
ARTICLES_SUBJECT = "policy.articles.v1"

SHIFTS_STREAM = "POLICY_SHIFTS"
SHIFTS_PREFIX = "policy.shifts.v1"
SHIFTS_ALL = f"{SHIFTS_PREFIX}.>"

# One notice per extracted article version, after its shifts: lets consumers retract the rest.
EXTRACTIONS_STREAM = "POLICY_EXTRACTIONS"
EXTRACTIONS_SUBJECT = "policy.extractions.v1"

ALERTS_STREAM = "POLICY_ALERTS"
ALERTS_PREFIX = "policy.alerts.v1"
ALERTS_ALL = f"{ALERTS_PREFIX}.>"

DEADLETTER_STREAM = "POLICY_DEADLETTER"
DEADLETTER_PREFIX = "policy.deadletter.v1"
DEADLETTER_ALL = f"{DEADLETTER_PREFIX}.>"

# Core NATS, no stream: every alert replica subscribes; each also reloads all rules at startup.
RULES_CHANGED_SUBJECT = "policy.rules.v1.changed"

# Durable consumers of the services, by stream (owners' durables are named by `owner_durable`).
EXTRACT_DURABLE = "extract"  # POLICY_ARTICLES
ALERT_SHIFTS_DURABLE = "alert"  # POLICY_SHIFTS
ALERT_EXTRACTIONS_DURABLE = "alert-extractions"  # POLICY_EXTRACTIONS

# JetStream drops a publish whose Nats-Msg-Id it saw within this window.
DUPLICATE_WINDOW_SECONDS = 24 * 3600.0

_NOT_TOKEN = re.compile(r"[^a-z0-9_-]+")


def subject_token(value: str) -> str:
    """A NATS-safe subject token: 'Bank of Japan' -> 'bank_of_japan'."""
    token = _NOT_TOKEN.sub("_", value.casefold()).strip("_")
    return token[:64] or "unknown"


def shift_subject(actor: str, shift_type: str) -> str:
    return f"{SHIFTS_PREFIX}.{subject_token(actor)}.{shift_type}"


def alert_subject(owner: str, rule_id: str) -> str:
    return f"{ALERTS_PREFIX}.{subject_token(owner)}.{subject_token(rule_id)}"


def owner_alerts(owner: str) -> str:
    """The wildcard a user subscribes to for all of their alerts."""
    return f"{ALERTS_PREFIX}.{subject_token(owner)}.>"


def owner_durable(owner: str, label: str) -> str:
    """The name of an owner's durable consumer on POLICY_ALERTS: `acme-phone` for label `phone`.

    Labels carry no '-', so the last '-' separates owner and label and no two owners share a name.
    """
    return f"{subject_token(owner)}-{label}"


def deadletter_subject(service: str) -> str:
    return f"{DEADLETTER_PREFIX}.{subject_token(service)}"


_STREAM_OF_PREFIX = (
    (ARTICLES_SUBJECT, ARTICLES_STREAM),
    (SHIFTS_PREFIX + ".", SHIFTS_STREAM),
    (EXTRACTIONS_SUBJECT, EXTRACTIONS_STREAM),
    (ALERTS_PREFIX + ".", ALERTS_STREAM),
    (DEADLETTER_PREFIX + ".", DEADLETTER_STREAM),
)


def metrics_destination(subject: str) -> str:
    """A bounded name for a subject in metric labels: its stream, the rule-change subject, else
    'other'. Subjects carry owner ids, rule ids and actors, which must never become labels."""
    for prefix, stream in _STREAM_OF_PREFIX:
        if subject == prefix or (prefix.endswith(".") and subject.startswith(prefix)):
            return stream
    return subject if subject == RULES_CHANGED_SUBJECT else "other"


def articles_stream() -> JStream:
    return JStream(ARTICLES_STREAM, subjects=[ARTICLES_SUBJECT], duplicate_window=DUPLICATE_WINDOW_SECONDS)


def shifts_stream() -> JStream:
    return JStream(SHIFTS_STREAM, subjects=[SHIFTS_ALL], duplicate_window=DUPLICATE_WINDOW_SECONDS)


def extractions_stream() -> JStream:
    return JStream(
        EXTRACTIONS_STREAM, subjects=[EXTRACTIONS_SUBJECT], duplicate_window=DUPLICATE_WINDOW_SECONDS
    )


def alerts_stream() -> JStream:
    return JStream(ALERTS_STREAM, subjects=[ALERTS_ALL], duplicate_window=DUPLICATE_WINDOW_SECONDS)


def deadletter_stream() -> JStream:
    return JStream(DEADLETTER_STREAM, subjects=[DEADLETTER_ALL], duplicate_window=DUPLICATE_WINDOW_SECONDS)


def all_streams() -> list[JStream]:
    return [articles_stream(), shifts_stream(), extractions_stream(), alerts_stream(), deadletter_stream()]


def streams_named(names: tuple[str, ...]) -> list[JStream]:
    return [stream for stream in all_streams() if stream.name in names]
