"""Print the settings table for the README from the `Settings` model itself.

`tests/test_readme.py` checks the README carries exactly this table, so it cannot go stale.
"""

from __future__ import annotations

from pydantic import BaseModel

from shared.settings import Settings

PREFIX = "POLICYWATCH_"


def rows(model: type[BaseModel], prefix: str) -> list[tuple[str, str, str]]:
    out = []
    for name, field in model.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            out += rows(annotation, f"{prefix}{name.upper()}__")
            continue
        default = field.get_default(call_default_factory=True)
        shown = "" if default is None else str(default)
        out.append((f"{prefix}{name.upper()}", f"`{shown}`" if shown else "(unset)", field.description or ""))
    return out


def settings_table() -> str:
    lines = ["| variable | default | meaning |", "|---|---|---|"]
    lines += [f"| `{var}` | {default} | {meaning} |" for var, default, meaning in rows(Settings, PREFIX)]
    return "\n".join(lines)


if __name__ == "__main__":
    print(settings_table())
