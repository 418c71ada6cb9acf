"""A data dir made by an earlier version gets its services' creds anew when this version grants
them other subjects (the console's JetStream reads, say), and keeps the ones that still fit."""

from __future__ import annotations

from pathlib import Path

from shared.natsauth.material import ensure_material, granted, write_secret
from shared.natsauth.permissions import Permissions, service_permissions


def test_service_creds_are_written_anew_only_when_their_permissions_changed(tmp_path: Path) -> None:
    material = ensure_material(tmp_path / "auth")
    current = service_permissions("alert")
    assert granted(material.creds("alert")) == (set(current.publish), set(current.subscribe))

    older = Permissions(publish=current.publish[:-2], subscribe=current.subscribe)
    write_secret(material.creds("alert"), material.issuer.user("alert", older)[1])
    extract_before = material.creds("extract").read_text()
    assert granted(material.creds("alert")) == (set(older.publish), set(older.subscribe))

    ensure_material(tmp_path / "auth")
    assert granted(material.creds("alert")) == (set(current.publish), set(current.subscribe))
    assert material.creds("extract").read_text() == extract_before, "creds that fit are kept"


def test_unreadable_creds_grant_nothing(tmp_path: Path) -> None:
    assert granted(tmp_path / "missing.creds") is None
    broken = tmp_path / "broken.creds"
    broken.write_text("not a creds file")
    assert granted(broken) is None
