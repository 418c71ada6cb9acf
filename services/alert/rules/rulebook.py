"""The live rules in memory: the matching index (`matching.RuleIndex`) plus what each rule needs
to deliver.

Rebuilt from the database at startup and kept current by the rule routes and, for changes made
through other replicas, by their `RuleChanged` notices (`replicas`). Routes run in
FastAPI's thread pool and the consumer matches in a worker thread, hence the lock.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from services.alert.matching import AliasResolver, RuleFilter, RuleIndex, RuleMatch
from services.alert.schemas import DeliveryMode, RuleOptions
from services.alert.storage.tables import Rule
from shared.contract import PolicyShift


@dataclass(frozen=True)
class ActiveRule:
    id: str
    owner_id: str
    name: str
    version: int
    filter: RuleFilter
    options: RuleOptions


def filter_of(spec: dict[str, Any]) -> RuleFilter:
    return RuleFilter.model_validate({k: v for k, v in spec.items() if k in RuleFilter.model_fields})


def options_of(spec: dict[str, Any]) -> RuleOptions:
    return RuleOptions.model_validate({k: v for k, v in spec.items() if k in RuleOptions.model_fields})


def active_rule(rule: Rule) -> ActiveRule:
    return ActiveRule(
        id=rule.id,
        owner_id=rule.owner_id,
        name=rule.name,
        version=rule.version,
        filter=filter_of(rule.spec),
        options=options_of(rule.spec),
    )


class RuleBook:
    def __init__(self, gazetteer: AliasResolver | None = None) -> None:
        self.gazetteer = gazetteer
        self._lock = threading.Lock()
        self._index = RuleIndex(gazetteer)
        self._rules: dict[str, ActiveRule] = {}

    def load(self, rules: Iterable[Rule]) -> None:
        active = {item.id: item for item in map(active_rule, rules)}
        index = RuleIndex(self.gazetteer)
        index.add_all((item.id, item.filter) for item in active.values())
        with self._lock:
            self._index, self._rules = index, active

    def put(self, rule: Rule) -> None:
        item = active_rule(rule)
        with self._lock:
            self._index.add(item.id, item.filter)
            self._rules[item.id] = item

    def refresh(self, rule_id: str, rule: Rule | None) -> None:
        """Make the book agree with the database row `rule` (None or soft-deleted: gone).

        A row read before a newer version was put here is ignored, so a slow refresh never
        brings back an older version.
        """
        if rule is None or rule.deleted_at is not None:
            self.remove(rule_id)
            return
        item = active_rule(rule)
        with self._lock:
            current = self._rules.get(rule_id)
            if current is None or current.version <= item.version:
                self._index.add(item.id, item.filter)
                self._rules[item.id] = item

    def remove(self, rule_id: str) -> None:
        with self._lock:
            if self._rules.pop(rule_id, None) is not None:
                self._index.remove(rule_id)

    def get(self, rule_id: str) -> ActiveRule | None:
        return self._rules.get(rule_id)

    def match(self, shift: PolicyShift, *, sources: int) -> list[tuple[ActiveRule, RuleMatch]]:
        with self._lock:
            found = self._index.match(shift, sources=sources)
            return [(self._rules[m.rule_id], m) for m in found if m.rule_id in self._rules]

    def digest_rules(self) -> list[ActiveRule]:
        with self._lock:
            return [r for r in self._rules.values() if r.options.delivery_mode == DeliveryMode.DIGEST]

    def __len__(self) -> int:
        return len(self._rules)
