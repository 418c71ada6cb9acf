"""What the alert routes and handlers share, built once by `create_app`."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.engine import Engine

from services.alert.metrics import AlertMetrics
from services.alert.progress import Progress
from services.alert.rules.rulebook import RuleBook
from shared.service import ServiceRuntime
from shared.settings import Settings


@dataclass
class AlertContext:
    settings: Settings
    runtime: ServiceRuntime
    engine: Engine
    rules: RuleBook
    metrics: AlertMetrics
    progress: Progress = field(default_factory=Progress)

    def rules_changed(self) -> None:
        self.metrics.rules.set(len(self.rules))
