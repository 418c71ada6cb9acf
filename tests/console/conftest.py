"""Console fixtures: the alert app of tests/alert (real nats-server, real database)."""

from tests.alert.conftest import (  # noqa: F401  (fixtures, found by name)
    alert_api,
    alert_settings,
    database_url,
    nats_identity,
    unfreeze_after_app_start,
)
