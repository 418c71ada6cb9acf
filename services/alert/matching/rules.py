"""What a watch rule filters on (`RuleFilter`) and why a shift matched it (`RuleMatch`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints, field_validator
from pydantic_core import PydanticCustomError

from services.alert.matching.query import MAX_QUERY_LENGTH, Query, QuerySyntaxError, parse_query
from services.alert.matching.text import stems
from shared.contract import ActorType, ShiftStatus, ShiftType

# Hard ceilings whatever the settings say (the service's own caps, `max_rule_items` and
# `max_query_length`, are checked by the API and are lower by default).
MAX_ITEMS = 1000
MAX_SOURCES = 1000
Name = Annotated[str, StringConstraints(max_length=200)]


class RuleFilter(BaseModel):
    """The conditions of a watch rule. Every condition must hold; an empty list means "any"."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    actors: list[Name] = Field(
        default_factory=list,
        max_length=MAX_ITEMS,
        description="Actors to watch, by canonical name or any alias ('Washington' = 'United States'); "
        "matches the shift's actor or the official who announced it. Any of them.",
    )
    actor_types: list[ActorType] = Field(
        default_factory=list, max_length=MAX_ITEMS, description="Kinds of actor. Any of them."
    )
    topics: list[Name] = Field(
        default_factory=list,
        max_length=MAX_ITEMS,
        description="Topic phrases, matched as whole words in the shift's topic ('tariffs' finds "
        "'steel tariff'). Any of them.",
    )
    query: str | None = Field(
        default=None,
        max_length=MAX_QUERY_LENGTH,
        description='Boolean query over the shift\'s text: AND, OR, NOT, "quoted phrases", parentheses; '
        "adjacent terms are ANDed; case-insensitive whole words, plurals folded.",
        examples=["tariff AND (steel OR aluminium) NOT exemption", '"interest rate" -hold'],
    )
    shift_types: list[ShiftType] = Field(
        default_factory=list, max_length=MAX_ITEMS, description="Kinds of shift. Any of them."
    )
    statuses: list[ShiftStatus] = Field(
        default_factory=list,
        max_length=MAX_ITEMS,
        description="How far the shift has gone (e.g. omit 'proposed'). Any of them.",
    )
    min_confidence: float = Field(default=0.0, ge=0.0, le=1.0, description="Minimum shift confidence.")
    min_sources: int = Field(
        default=1, ge=1, le=MAX_SOURCES, description="Minimum number of independent sources."
    )

    _parsed: Query | None = PrivateAttr(default=None)
    # (gazetteer, compiled form): lets a linear scan reuse the compiled rule between shifts.
    _compiled: tuple[object, object] | None = PrivateAttr(default=None)

    @field_validator("actors")
    @classmethod
    def _names_not_blank(cls, names: list[str]) -> list[str]:
        cleaned = [" ".join(name.split()) for name in names]
        for index, name in enumerate(cleaned):
            if not name:
                raise PydanticCustomError("blank_actor", "actor {index} is blank", {"index": index})
        return cleaned

    @field_validator("topics")
    @classmethod
    def _topics_have_words(cls, topics: list[str]) -> list[str]:
        for index, topic in enumerate(topics):
            if not stems(topic):
                raise PydanticCustomError(
                    "blank_topic", "topic {index} has no letters or digits", {"index": index}
                )
        return [" ".join(topic.split()) for topic in topics]

    @field_validator("query")
    @classmethod
    def _query_parses(cls, query: str | None) -> str | None:
        if query is None or not query.strip():
            return None
        try:
            parse_query(query)
        except QuerySyntaxError as error:
            raise PydanticCustomError(
                "query_syntax",
                "{message} at position {position}",
                {"message": error.message, "position": error.position},
            ) from None
        return query

    def has_criteria(self) -> bool:
        """Whether any condition narrows the rule: without one it matches every shift."""
        lists = (self.actors, self.actor_types, self.topics, self.shift_types, self.statuses)
        return any(lists) or self.query is not None or self.min_confidence > 0 or self.min_sources > 1

    def parsed_query(self) -> Query | None:
        """The query's syntax tree (parsed once, then cached)."""
        if self._parsed is None and self.query is not None:
            self._parsed = parse_query(self.query)
        return self._parsed


@dataclass(slots=True)
class RuleMatch:
    """A rule that matched a shift, with one line per clause saying which text satisfied it."""

    rule_id: str
    reasons: list[str] = field(default_factory=list)
