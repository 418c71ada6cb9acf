"""scripts/mutation's summary: a score per module, and every mutant no test killed listed."""

from __future__ import annotations

from scripts.mutation_summary import summarise

RESULTS = """\
    services.ingest.identity.x_canonical_url__mutmut_1: killed
    services.ingest.identity.x_canonical_url__mutmut_2: killed
    services.ingest.identity.x_canonical_url__mutmut_3: killed
    services.ingest.identity.x_article_id__mutmut_4: survived
    services.ingest.identity.x_article_id__mutmut_5: timeout
    services.alert.matching.index.xǁRuleIndexǁadd__mutmut_1: killed
    services.alert.matching.index.xǁRuleIndexǁadd__mutmut_2: no tests
    services.extract.quantities.x_find_quantities__mutmut_1: not checked
"""


def test_scores_each_module_on_the_mutants_run_counting_timeouts_as_detected_and_uncovered_as_not() -> None:
    lines = summarise(RESULTS.splitlines()).splitlines()
    rows = {line.split()[0]: line.split()[1:] for line in lines[1:5]}
    assert rows["services.ingest.identity"] == ["4", "1", "80.0%"]
    assert rows["services.alert.matching.index"] == ["1", "1", "50.0%"]
    assert rows["services.extract.quantities"] == ["0", "0", "-"]
    assert rows["all"] == ["5", "2", "71.4%"]
    assert "(1 mutants not run)" in lines
    assert "  survived   services.ingest.identity.x_article_id__mutmut_4" in lines
    assert "  no tests   services.alert.matching.index.xǁRuleIndexǁadd__mutmut_2" in lines
