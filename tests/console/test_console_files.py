"""The console's files as shipped: every module they import is there, nothing is loaded from
another origin, uPlot keeps its licence, and the package ships them. Fast: no server, no browser."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from services.alert.console import STATIC

IMPORT = re.compile(r"""(?:import|from)\s*(?:\(\s*)?["'](\.{1,2}/[^"']+)["']""")
ASSET = re.compile(r"""(?:src|href)="(/console/[^"]+)\"""")
SCRIPTS = sorted(STATIC.rglob("*.js"))
OWN_SCRIPTS = [path for path in SCRIPTS if "vendor" not in path.parts]


def test_every_module_the_console_imports_is_in_the_package() -> None:
    assert len(OWN_SCRIPTS) >= 8
    for script in OWN_SCRIPTS:
        for target in IMPORT.findall(script.read_text()):
            assert (script.parent / target).resolve().is_file(), f"{script.name} imports {target}"


def test_the_page_names_only_files_of_its_own() -> None:
    page = (STATIC / "index.html").read_text()
    assets = ASSET.findall(page)
    assert "/console/js/app.js" in assets and "/console/vendor/uplot/uPlot.min.css" in assets
    for asset in assets:
        assert (STATIC / asset.removeprefix("/console/")).is_file(), asset


@pytest.mark.parametrize("path", [*OWN_SCRIPTS, STATIC / "index.html", STATIC / "console.css"], ids=str)
def test_nothing_is_fetched_from_another_origin(path: Path) -> None:
    text = path.read_text()
    assert not re.search(r"""(?:fetch\(|src=|href=|url\()\s*["']?(?:https?:)?//""", text), path
    assert "cdn" not in text.lower(), path


def test_uplot_is_vendored_with_its_licence() -> None:
    vendor = STATIC / "vendor" / "uplot"
    assert "MIT License" in (vendor / "LICENSE").read_text()
    assert "uPlot" in (vendor / "uPlot.esm.js").read_text()[:400]


NO_NODE = "node is not installed: the browser tests still load every module"


@pytest.mark.skipif(shutil.which("node") is None, reason=NO_NODE)
@pytest.mark.parametrize("script", OWN_SCRIPTS, ids=lambda path: path.name)
def test_each_module_parses(script: Path) -> None:
    result = subprocess.run(
        ["node", "--check", "--input-type=module"], input=script.read_text(), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_the_package_data_ships_the_console() -> None:
    pyproject = (Path(__file__).resolve().parents[2] / "pyproject.toml").read_text()
    assert '"services.alert.console" = ["static/**/*"]' in pyproject


def chart_points(entries: list[dict[str, str]]) -> dict[str, object]:
    """What the timeline page would plot for `entries`, computed by its own module in node."""
    module = (STATIC / "js" / "chart-data.js").as_uri()
    program = (
        f"import {{ points, timeRange }} from {json.dumps(module)};"
        f"const p = points({json.dumps(entries)});"
        "console.log(JSON.stringify({ ...p, range: timeRange(p.xs) }));"
    )
    result = subprocess.run(
        ["node", "--input-type=module", "-e", program], capture_output=True, text=True, check=True
    )
    return dict(json.loads(result.stdout))


def entry(day: int, direction: str, before: str, after: str) -> dict[str, str]:
    when = f"2026-03-{day:02d}T00:00:00Z"
    return {"first_seen": when, "direction": direction, "before": before, "after": after}


@pytest.mark.skipif(shutil.which("node") is None, reason=NO_NODE)
def test_timeline_plots_values_when_every_story_states_one() -> None:
    plotted = chart_points(
        [
            entry(1, "numeric_change:up", "1.5%", "2% of GDP"),
            entry(11, "numeric_change:up", "2%", "3,500 troops"),
        ]
    )
    assert plotted["numeric"] is True
    assert plotted["ys"] == [2, 3500] and plotted["befores"] == [1.5, 2]
    day = 86400
    assert plotted["range"] == [plotted["xs"][0] - 3.5 * day, plotted["xs"][1] + 3.5 * day]  # type: ignore[index]


@pytest.mark.skipif(shutil.which("node") is None, reason=NO_NODE)
def test_timeline_plots_stance_steps_when_a_story_states_no_value() -> None:
    plotted = chart_points(
        [
            entry(1, "hardening", "open to talks", "tariffs announced"),
            entry(5, "new_commitment", "", "a 25% levy"),
            entry(9, "softening", "a 25% levy", "a pause"),
            entry(20, "reversal", "a pause", "tariffs scrapped"),
        ]
    )
    assert plotted["numeric"] is False
    assert plotted["ys"] == [1, 2, 1, -1] and plotted["befores"] == [None] * 4
