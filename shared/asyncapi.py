"""The AsyncAPI document of each service, as FastStream generates it from the service's broker,
and the one document under docs/ that combines them (`python scripts/asyncapi.py`).

A consumer's payload comes from `shared.consumer.subscribe` (the model it validates); what a
service publishes is declared here once, per subject its NATS permissions let it publish
(`shared.natsauth.permissions.SERVICES`), as FastStream publishers that carry the message
model: the services publish through `broker.publish` with the same subjects and models.
"""

from __future__ import annotations

import re
from typing import Any

from faststream.nats import NatsBroker
from faststream.specification import AsyncAPI
from pydantic import BaseModel

from shared.contract import Alert, Article, ArticleExtracted, DeadLetter, PolicyShift, RuleChanged
from shared.natsauth.permissions import SERVICES
from shared.subjects import (
    ALERTS_ALL,
    ARTICLES_SUBJECT,
    DEADLETTER_PREFIX,
    EXTRACTIONS_SUBJECT,
    RULES_CHANGED_SUBJECT,
    SHIFTS_ALL,
)

VERSION = "1"
TITLE = "PolicyWatch"
DESCRIPTION = (
    "Every message PolicyWatch's services exchange over NATS (JetStream streams and the core-NATS "
    "rule-change notice): what each service publishes and consumes. Generated from the code by "
    "scripts/asyncapi.py; tests/contract/test_asyncapi.py fails when it drifts."
)

# subject a service may publish -> (the message, the address with its tokens named, what it is)
PUBLISHED: dict[str, tuple[type[BaseModel], str, str]] = {
    ARTICLES_SUBJECT: (Article, ARTICLES_SUBJECT, "A new article version (POLICY_ARTICLES)."),
    SHIFTS_ALL: (
        PolicyShift,
        "policy.shifts.v1.{actor}.{shift_type}",
        "A policy shift found in an article (POLICY_SHIFTS); actor made subject-safe.",
    ),
    EXTRACTIONS_SUBJECT: (
        ArticleExtracted,
        EXTRACTIONS_SUBJECT,
        "Every shift of one article version was published (POLICY_EXTRACTIONS).",
    ),
    ALERTS_ALL: (
        Alert,
        "policy.alerts.v1.{owner}.{rule_id}",
        "An alert for an owner's rule (POLICY_ALERTS).",
    ),
    RULES_CHANGED_SUBJECT: (RuleChanged, RULES_CHANGED_SUBJECT, "A rule changed (core NATS, no stream)."),
}


# what the `{tokens}` in addresses stand for (AsyncAPI channel parameters)
PARAMETERS = {
    "actor": "The canonical actor, subject-safe: `United States` -> `united_states`.",
    "shift_type": "reversal, softening, hardening, new_commitment, withdrawal or numeric_change.",
    "owner": "The owner's id, subject-safe.",
    "rule_id": "The rule's id.",
}


def published(subject: str) -> tuple[type[BaseModel], str, str]:
    if subject.startswith(DEADLETTER_PREFIX + "."):
        return DeadLetter, subject, "A message the service gave up on, with the reason (POLICY_DEADLETTER)."
    return PUBLISHED[subject]


def document_publishers(broker: NatsBroker, service: str) -> None:
    """Declare on `broker` what `service` publishes, for its AsyncAPI document."""
    grant = SERVICES.get(service)
    for subject in grant.publishes if grant else ():
        model, address, description = published(subject)
        broker.publisher(address, schema=model, title=f"{service}:{address}", description=description)


def service_document(broker: NatsBroker, service: str) -> dict[str, Any]:
    """The AsyncAPI 3.0 document FastStream generates for one service's broker."""
    spec = AsyncAPI(broker, title=f"{TITLE} {service}", version=VERSION, schema_version="3.0.0")
    return dict(spec.to_specification().to_jsonable())


def combined_document(documents: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """One document with every service's channels, operations and components; a name two
    services use must mean the same thing in both (else ValueError)."""
    combined: dict[str, Any] = {
        "asyncapi": "3.0.0",
        "info": {"title": TITLE, "version": VERSION, "description": DESCRIPTION},
        "defaultContentType": "application/json",
        "servers": {},
        "channels": {},
        "operations": {},
        "components": {"messages": {}, "schemas": {}},
    }
    for service, document in sorted(documents.items()):
        combined["servers"].update(document.get("servers", {}))
        for section in ("channels", "operations"):
            _merge(combined[section], document.get(section, {}), f"{service}: {section}")
        for section in ("messages", "schemas"):
            _merge(combined["components"][section], document.get("components", {}).get(section, {}), service)
    for channel in combined["channels"].values():
        names = re.findall(r"{(\w+)}", channel["address"])
        if names:
            channel["parameters"] = {name: {"description": PARAMETERS[name]} for name in names}
    return combined


def _merge(into: dict[str, Any], items: dict[str, Any], where: str) -> None:
    for key, value in items.items():
        if key in into and into[key] != value:
            raise ValueError(f"{where}: {key!r} differs between services")
        into[key] = value
