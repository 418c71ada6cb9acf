"""The README's settings table, generated from the `Settings` model itself.

`python scripts/settings_table.py` prints it; `--write` puts it into README.md between the
SETTINGS markers. `tests/test_readme.py` fails when the README's table is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pydantic import BaseModel

from shared.settings import Settings

PREFIX = "POLICYWATCH_"
README = Path(__file__).resolve().parents[1] / "README.md"
BEGIN, END = "<!-- SETTINGS:BEGIN -->", "<!-- SETTINGS:END -->"


def rows(
    model: type[BaseModel], prefix: str, defaults: BaseModel | None = None, context: str = ""
) -> list[tuple[str, str, str]]:
    """One row per leaf setting; a nested section's defaults come from its parent's default (the
    articles stream keeps 30 days, the alerts stream 90), its description leads its rows'."""
    out = []
    for name, field in model.model_fields.items():
        annotation = field.annotation
        default = (
            getattr(defaults, name) if defaults is not None else field.get_default(call_default_factory=True)
        )
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            section = f"{field.description} " if field.description else ""
            out += rows(annotation, f"{prefix}{name.upper()}__", default, section)
            continue
        shown = "" if default is None else str(default)
        meaning = (context + (field.description or "")).replace("|", "\\|")
        out.append((f"{prefix}{name.upper()}", f"`{shown}`" if shown else "(unset)", meaning))
    return out


def settings_table() -> str:
    lines = ["| variable | default | meaning |", "|---|---|---|"]
    lines += [f"| `{var}` | {default} | {meaning} |" for var, default, meaning in rows(Settings, PREFIX)]
    return "\n".join(lines)


def with_table(readme: str) -> str:
    head, rest = readme.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{BEGIN}\n{settings_table()}\n{END}{tail}"


if __name__ == "__main__":
    if "--write" in sys.argv[1:]:
        README.write_text(with_table(README.read_text()))
    else:
        print(settings_table())
