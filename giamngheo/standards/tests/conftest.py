"""Helpers for the engine's pure tests (no database)."""

from collections.abc import Callable

import polars as pl
import pytest

from giamngheo.standards import engine


@pytest.fixture
def standard() -> Callable[[str], engine.Standard]:
    return engine.load_standard


@pytest.fixture
def flagged() -> Callable[..., pl.DataFrame]:
    """Households given by their deprivation flags: `flagged(standard, (area, income, n_deprived), ...)`
    marks the first n indicators of the standard deprived and the others not."""

    def make(standard: engine.Standard, *rows: tuple[str, int, int]) -> pl.DataFrame:
        codes = standard.indicator_codes
        return pl.DataFrame(
            {
                "household_id": [f"H{i}" for i in range(1, len(rows) + 1)],
                "area": [area for area, _, _ in rows],
                "members": [1] * len(rows),
                "income_per_capita_month": [income for _, income, _ in rows],
                **{f"d_{code}": [int(k < n) for _, _, n in rows] for k, code in enumerate(codes)},
            },
            schema_overrides={f"d_{code}": pl.Int8 for code in codes},
        )

    return make


@pytest.fixture
def statuses(flagged) -> Callable[..., list[str]]:
    """The statuses `classify` gives to households described as for `flagged`."""

    def run(standard_id: str, *rows: tuple[str, int, int]) -> list[str]:
        standard = engine.load_standard(standard_id)
        return engine.classify(standard, flagged(standard, *rows))["status"].to_list()

    return run
