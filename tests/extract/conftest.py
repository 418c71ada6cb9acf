"""The real extractor, loaded once per test session (loading spaCy costs about a second)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from services.extract.events import ArticleRef, ArticleText
from services.extract.extractor import Extractor
from shared.contract import PolicyShift
from shared.settings import ExtractSettings


@pytest.fixture
def nats_identity() -> str:
    return "extract"


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor(ExtractSettings().spacy_model)


@pytest.fixture(scope="session")
def shifts_of(extractor: Extractor) -> Callable[..., list[PolicyShift]]:
    """Events of one text written for the test: shifts_of("Canada scrapped its tax.")."""

    def run(text: str, title: str = "") -> list[PolicyShift]:
        [shifts] = extractor.extract([ArticleText(ArticleRef(id="t", title=title), text)])
        return shifts

    return run
