"""FastStream's Prometheus middleware with bounded labels.

FastStream labels its broker metrics with the subject a message arrived on or was published to.
Ours carry owner ids, rule ids and actor names (`policy.alerts.v1.<owner>.<rule>`), so those
labels would expose tenants on `/metrics` and grow without bound. Here the label is the stream
the subject belongs to (`POLICY_ALERTS`), see `shared.subjects.metrics_destination`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from faststream.nats.prometheus.provider import (
    BatchNatsMetricsSettingsProvider,
    NatsMetricsSettingsProvider,
)
from faststream.prometheus import ConsumeAttrs
from faststream.prometheus.middleware import PrometheusMiddleware
from nats.aio.msg import Msg
from prometheus_client import CollectorRegistry

from shared.subjects import metrics_destination


class _StreamLabels(NatsMetricsSettingsProvider):
    __slots__ = ()

    def get_consume_attrs_from_message(self, msg: Any) -> ConsumeAttrs:
        attrs = super().get_consume_attrs_from_message(msg)
        return {**attrs, "destination_name": metrics_destination(attrs["destination_name"])}

    def get_publish_destination_name_from_cmd(self, cmd: Any) -> str:
        return metrics_destination(cmd.destination)


class _BatchStreamLabels(BatchNatsMetricsSettingsProvider):
    __slots__ = ()

    def get_consume_attrs_from_message(self, msg: Any) -> ConsumeAttrs:
        attrs = super().get_consume_attrs_from_message(msg)
        return {**attrs, "destination_name": metrics_destination(attrs["destination_name"])}

    def get_publish_destination_name_from_cmd(self, cmd: Any) -> str:
        return metrics_destination(cmd.destination)


def _providers(msg: Msg | Sequence[Msg] | None) -> Any:
    if isinstance(msg, Sequence):
        return _BatchStreamLabels()
    if isinstance(msg, Msg) or msg is None:
        return _StreamLabels()
    return None  # key-value and object-store watches: no metrics, as FastStream does


def make_metrics_middleware(*, registry: CollectorRegistry, service: str) -> PrometheusMiddleware[Any, Any]:
    """FastStream's broker metrics (`policywatch_faststream_*`) labelled by stream, not subject."""
    return PrometheusMiddleware(
        settings_provider_factory=_providers,
        registry=registry,
        app_name=f"policywatch-{service}",
        metrics_prefix="policywatch_faststream",
    )
