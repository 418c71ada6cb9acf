"""The example in each quantity function's docstring is true (they document every pattern)."""

from __future__ import annotations

import doctest
from types import ModuleType

import pytest

from services.extract import (
    quantities,
    quantity_context,
    quantity_dates,
    quantity_numbers,
    quantity_patterns,
    quantity_units,
)


@pytest.mark.parametrize(
    "module",
    [quantities, quantity_context, quantity_dates, quantity_numbers, quantity_patterns, quantity_units],
    ids=lambda m: m.__name__.rsplit(".", 1)[-1],
)
def test_docstring_examples_hold(module: ModuleType) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
