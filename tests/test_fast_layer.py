"""The fast layer (`scripts/test -m "not slow"`) loads no spaCy model, as the README says."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared.settings import ExtractSettings

pytest_plugins = ["pytester"]
ROOT = Path(__file__).resolve().parents[1]


def test_a_test_that_loads_the_spacy_model_without_the_slow_marker_fails(pytester: pytest.Pytester) -> None:
    model = ExtractSettings().spacy_model
    pytester.makeconftest((ROOT / "tests" / "conftest.py").read_text())
    pytester.makepyfile(
        test_inner=f"""
        import sys, types
        import pytest

        @pytest.fixture(scope="session")
        def model():  # loaded once for the session, as tests/extract's `extractor` is
            sys.modules[{model!r}] = types.ModuleType({model!r})  # what spacy.load leaves behind

        def test_unmarked(model):
            pass

        @pytest.mark.slow
        def test_marked():
            sys.modules.pop({model!r}, None)
            sys.modules[{model!r}] = types.ModuleType({model!r})
        """
    )
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "-W", "ignore::pytest.PytestUnknownMarkWarning"
    )
    result.assert_outcomes(passed=2, errors=1)  # the unmarked one errors at teardown
    result.stdout.fnmatch_lines([f"*test_unmarked loaded the spaCy model {model} but is not marked slow*"])


def test_scripts_test_runs_the_quality_gate_only_for_the_whole_suite() -> None:
    script = (ROOT / "scripts" / "test").read_text()
    gate = script.index("scripts/eval_extract.py")
    subset = script.index('if [ "$#" -gt 0 ]; then')
    assert subset < gate, "with pytest arguments (-m 'not slow') the spaCy quality gate must not run"
