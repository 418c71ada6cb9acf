"""docs/asyncapi.json is what the code generates: every service's FastStream document, combined,
with every wire model on the channels that carry it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from pydantic import BaseModel, Field

from scripts import asyncapi as script
from shared import asyncapi
from shared.contract import Alert, Article, ArticleExtracted, DeadLetter, PolicyShift, RuleChanged
from shared.subjects import ARTICLES_SUBJECT

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return script.build()


def test_docs_asyncapi_json_is_what_the_code_generates(document: dict[str, Any]) -> None:
    written = json.loads((ROOT / "docs" / "asyncapi.json").read_text())
    assert written == document, "docs/asyncapi.json drifted from the code: run python scripts/asyncapi.py"


def payload(document: dict[str, Any], channel: str) -> dict[str, Any]:
    ref = next(iter(document["channels"][channel]["messages"].values()))["$ref"]
    message = document["components"]["messages"][
        ref.rsplit("/", 1)[1].replace("%7B", "{").replace("%7D", "}")
    ]
    schema_ref = message["payload"]["$ref"]
    return dict(document["components"]["schemas"][schema_ref.rsplit("/", 1)[1]])


@pytest.mark.parametrize(
    ("channel", "action", "model"),
    [
        ("ingest:policy.articles.v1", "send", Article),
        ("extract:extract", "receive", Article),
        ("extract:policy.shifts.v1.{actor}.{shift_type}", "send", PolicyShift),
        ("alert:alert", "receive", PolicyShift),
        ("extract:policy.extractions.v1", "send", ArticleExtracted),
        ("alert:alert-extractions", "receive", ArticleExtracted),
        ("alert:policy.alerts.v1.{owner}.{rule_id}", "send", Alert),
        ("alert:policy.rules.v1.changed", "send", RuleChanged),
        ("ingest:policy.deadletter.v1.ingest", "send", DeadLetter),
        ("extract:policy.deadletter.v1.extract", "send", DeadLetter),
        ("alert:policy.deadletter.v1.alert", "send", DeadLetter),
    ],
)
def test_each_channel_carries_its_wire_model(
    document: dict[str, Any], channel: str, action: str, model: type[BaseModel]
) -> None:
    operations = [
        op for op in document["operations"].values() if unquote(op["channel"]["$ref"]).endswith(f"/{channel}")
    ]
    assert [op["action"] for op in operations] == [action]
    schema = payload(document, channel)
    assert set(schema["properties"]) == set(model.model_fields)


def test_every_reference_in_the_document_resolves(document: dict[str, Any]) -> None:
    def refs(node: Any) -> list[str]:
        if isinstance(node, dict):
            own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
            return own + [ref for value in node.values() for ref in refs(value)]
        return [ref for item in node for ref in refs(item)] if isinstance(node, list) else []

    found = refs(document)
    assert found
    for ref in found:
        target: Any = document
        for part in unquote(ref).removeprefix("#/").split("/"):
            assert part in target, f"{ref} resolves to nothing"
            target = target[part]


def test_address_tokens_are_declared_as_channel_parameters(document: dict[str, Any]) -> None:
    channel = document["channels"]["extract:policy.shifts.v1.{actor}.{shift_type}"]
    assert set(channel["parameters"]) == {"actor", "shift_type"}


def test_a_field_added_to_a_wire_model_makes_the_check_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    class ArticleWithMore(Article):
        sentiment: float = Field(default=0.0, description="A field the document does not know yet.")

    _, address, description = asyncapi.PUBLISHED[ARTICLES_SUBJECT]
    monkeypatch.setitem(asyncapi.PUBLISHED, ARTICLES_SUBJECT, (ArticleWithMore, address, description))
    assert script.main(["--check"]) == 1


def test_two_services_naming_one_thing_differently_cannot_be_combined() -> None:
    one = {"channels": {"c": {"address": "a"}}}
    other = {"channels": {"c": {"address": "b"}}}
    with pytest.raises(ValueError, match="'c' differs between services"):
        asyncapi.combined_document({"ingest": one, "extract": other})
