"""The import folds whole columns (`checks.fold_series`) exactly as `core.text.fold` folds
one text: names, coded cells and search texts must match what the pages fold."""

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from giamngheo.core.text import fold
from giamngheo.households.imports.checks import fold_series

SAMPLES = [
    "Nguyễn Văn An", "ĐẶNG  thị   Ánh ", "Nữ", "Con", "Có", "khong", "  Ø  x ", "Søren\u00a0Æb",
    "Nguye\u0302\u0303n", "a\u0903b", "x\x1cy", " \x1f a\tb\n", "\u2028x\u3000", "ǅ", "", "ﬁ²",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=12), st.sampled_from(SAMPLES)), max_size=40))
def test_folding_a_column_equals_folding_each_cell(texts):
    folded = fold_series(pl.Series("cell", texts, dtype=pl.String))
    assert folded.to_list() == [None if text is None else fold(text) for text in texts]


def test_repeated_cells_are_folded_once_each_and_keep_their_places():
    texts = ["Nữ", None, "Nam", "Nữ", "a\u0903b"] * 100
    assert fold_series(pl.Series(texts, dtype=pl.String)).to_list() == [
        None if text is None else fold(text) for text in texts
    ]
