"""The extraction quality gate may skip what is missing on a developer's clone, never in CI."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts import eval_extract


@pytest.fixture
def scorer(tmp_path: Path) -> Path:
    path = tmp_path / "score.py"
    path.write_text("def score(gold, pred):\n    raise AssertionError('no corpus: nothing is scored')\n")
    return path


@pytest.mark.parametrize(("ci", "code"), [("true", 1), ("", 0)], ids=["ci", "developer"])
def test_a_missing_scorer_fails_in_ci_and_is_skipped_elsewhere(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str], ci: str, code: int
) -> None:
    monkeypatch.setenv("CI", ci)
    assert eval_extract.main(["--scorer", str(tmp_path / "absent.py")]) == code
    assert ("FAIL" if ci else "SKIPPED") in capsys.readouterr().out


@pytest.mark.parametrize(("ci", "code"), [("true", 1), ("", 0)], ids=["ci", "developer"])
def test_a_missing_corpus_fails_in_ci_and_is_skipped_elsewhere(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, scorer: Path, ci: str, code: int
) -> None:
    monkeypatch.setenv("CI", ci)
    assert eval_extract.main(["--scorer", str(scorer), "--gold", str(tmp_path / "absent.jsonl")]) == code


def test_require_all_fails_on_a_missing_scorer_outside_ci(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CI", "")
    assert eval_extract.main(["--scorer", str(tmp_path / "absent.py"), "--require-all"]) == 1


def test_the_test_split_and_every_dev_set_are_gated_each_on_its_floor() -> None:
    gated = {name: (corpus.name, floor) for name, corpus, floor in eval_extract.corpora(None, None)}
    assert gated == {
        "test": ("test.jsonl", eval_extract.FLOORS["test"]),
        "corpus-dev": ("dev.jsonl", eval_extract.FLOORS["corpus-dev"]),
        "dev": ("dev.jsonl", eval_extract.FLOORS["dev"]),
        "dev2": ("dev2.jsonl", eval_extract.FLOORS["dev2"]),
        "probe": ("probe.jsonl", eval_extract.FLOORS["probe"]),
    }
    assert all(floor > 0.4 for floor in eval_extract.FLOORS.values())
    assert eval_extract.corpora(None, None)[0][1] == eval_extract.ROOT / "corpus" / "test.jsonl"
    assert eval_extract.corpora(eval_extract.DEV2_CORPUS, None) == [
        ("dev2", eval_extract.DEV2_CORPUS, eval_extract.FLOORS["dev2"])
    ]
