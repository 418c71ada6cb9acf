"""Who may publish and subscribe to what: one table for the services, one rule for owners.

The JetStream API subjects are the ones faststream 0.7.8 and nats-py 2.16 use: a durable pull
consumer is looked up (`CONSUMER.INFO`), created with its filter in the subject
(`CONSUMER.CREATE.<stream>.<durable>.<filter>`), read with `CONSUMER.MSG.NEXT` into the
client's inbox and acknowledged on `$JS.ACK.<stream>.<durable>...`; a JetStream publish waits
for its ack on the client's inbox. Every identity has its own inbox prefix, so no one can
subscribe to another's replies (pull batches included).
"""

from __future__ import annotations

from dataclasses import dataclass

from shared.subjects import (
    ALERT_EXTRACTIONS_DURABLE,
    ALERT_SHIFTS_DURABLE,
    ALERTS_ALL,
    ALERTS_STREAM,
    ARTICLES_STREAM,
    ARTICLES_SUBJECT,
    DEADLETTER_STREAM,
    EXTRACT_DURABLE,
    EXTRACTIONS_STREAM,
    EXTRACTIONS_SUBJECT,
    RULES_CHANGED_SUBJECT,
    SHIFTS_ALL,
    SHIFTS_STREAM,
    deadletter_subject,
    owner_alerts,
    owner_durable,
    subject_token,
)

JS_API = "$JS.API"


@dataclass(frozen=True)
class Permissions:
    publish: tuple[str, ...]
    subscribe: tuple[str, ...]


@dataclass(frozen=True)
class ServiceGrant:
    """What a service does on NATS: streams it declares, durables it reads, subjects it writes."""

    streams: tuple[str, ...]
    durables: tuple[tuple[str, str], ...]  # (stream, durable)
    publishes: tuple[str, ...]
    subscribes: tuple[str, ...] = ()
    extra_api: tuple[str, ...] = ()


SERVICES: dict[str, ServiceGrant] = {
    "ingest": ServiceGrant(
        streams=(ARTICLES_STREAM, DEADLETTER_STREAM),
        durables=(),
        publishes=(ARTICLES_SUBJECT, deadletter_subject("ingest")),
    ),
    "extract": ServiceGrant(
        streams=(ARTICLES_STREAM, SHIFTS_STREAM, EXTRACTIONS_STREAM, DEADLETTER_STREAM),
        durables=((ARTICLES_STREAM, EXTRACT_DURABLE),),
        publishes=(SHIFTS_ALL, EXTRACTIONS_SUBJECT, deadletter_subject("extract")),
    ),
    "alert": ServiceGrant(
        streams=(SHIFTS_STREAM, EXTRACTIONS_STREAM, ALERTS_STREAM, DEADLETTER_STREAM),
        durables=((SHIFTS_STREAM, ALERT_SHIFTS_DURABLE), (EXTRACTIONS_STREAM, ALERT_EXTRACTIONS_DURABLE)),
        publishes=(ALERTS_ALL, RULES_CHANGED_SUBJECT, deadletter_subject("alert")),
        subscribes=(RULES_CHANGED_SUBJECT,),
        extra_api=(
            # /alerts/stream: an ordered (ephemeral push) consumer per SSE client, its flow control
            f"{JS_API}.CONSUMER.CREATE.{ALERTS_STREAM}",
            f"$JS.FC.{ALERTS_STREAM}.>",
            # owners' durable pull consumers are created, read back and removed by alert only
            f"{JS_API}.CONSUMER.CREATE.{ALERTS_STREAM}.>",
            f"{JS_API}.CONSUMER.INFO.{ALERTS_STREAM}.*",
            f"{JS_API}.CONSUMER.DELETE.{ALERTS_STREAM}.*",
            # the console's operations page: recent dead letters, every service durable's lag
            f"{JS_API}.STREAM.MSG.GET.{DEADLETTER_STREAM}",
            f"{JS_API}.CONSUMER.INFO.{ARTICLES_STREAM}.{EXTRACT_DURABLE}",
        ),
    ),
}


# `policywatch nats-exporter`: reads stream and consumer state, changes nothing, publishes no data.
EXPORTER = "exporter"


def exporter_permissions() -> Permissions:
    """List and inspect streams and consumers (the JetStream API's read-only requests)."""
    publish = (
        f"{JS_API}.INFO",
        f"{JS_API}.STREAM.LIST",
        f"{JS_API}.STREAM.INFO.*",
        f"{JS_API}.CONSUMER.LIST.*",
        f"{JS_API}.CONSUMER.INFO.*.*",
    )
    return Permissions(publish, (f"{service_inbox(EXPORTER)}.>",))


def service_inbox(service: str) -> str:
    """The inbox prefix of a service's connection (replies, pull batches, publish acks)."""
    return f"_INBOX.svc.{subject_token(service)}"


def owner_inbox(owner: str) -> str:
    return f"_INBOX.owner.{subject_token(owner)}"


def service_permissions(service: str) -> Permissions:
    grant = SERVICES[service]
    publish = [*grant.publishes, f"{JS_API}.INFO", *grant.extra_api]
    for stream in grant.streams:
        publish += [f"{JS_API}.STREAM.{action}.{stream}" for action in ("CREATE", "INFO", "UPDATE")]
    for stream, durable in grant.durables:
        publish += [
            f"{JS_API}.CONSUMER.CREATE.{stream}.{durable}.>",
            f"{JS_API}.CONSUMER.DURABLE.CREATE.{stream}.{durable}",
            f"{JS_API}.CONSUMER.INFO.{stream}.{durable}",
            *_read_durable(stream, durable),
        ]
    return Permissions(tuple(publish), (*grant.subscribes, f"{service_inbox(service)}.>"))


def owner_permissions(owner: str, labels: list[str]) -> Permissions:
    """Read `policy.alerts.v1.<owner>.>` live, and pull from the owner's own durables.

    An owner creates no consumer itself: a create request carries a deliver subject, and a
    push consumer would let its holder publish its alerts onto any subject. The alert service
    creates the owner's durables (pull, filtered to the owner's subject) when it issues them.
    """
    publish: list[str] = []
    for label in labels:
        durable = owner_durable(owner, label)
        publish += [
            f"{JS_API}.CONSUMER.INFO.{ALERTS_STREAM}.{durable}",
            *_read_durable(ALERTS_STREAM, durable),
        ]
    return Permissions(tuple(publish), (owner_alerts(owner), f"{owner_inbox(owner)}.>"))


def _read_durable(stream: str, durable: str) -> list[str]:
    return [
        f"{JS_API}.CONSUMER.MSG.NEXT.{stream}.{durable}",
        f"$JS.ACK.{stream}.{durable}.>",  # ack, nak with delay, in progress, term
        f"$JS.ACK.*.*.{stream}.{durable}.>",  # the same in the v2 ack format (domain, account hash)
    ]
