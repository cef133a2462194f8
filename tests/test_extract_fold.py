"""Folding full-width text translates exactly the characters of the folding table."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from calcheck.extract.text import _table, fold

_CHARS = st.sampled_from([*"aZ09:/- \n", "１", "２", "：", "（", "）", "／", "－", "〜", "～", "　",
                          "\u00a0", "\u2010", "\u2015", "\u2212", "ー", "①", "年", "月", "日", "Ａ", "ｚ"])


@given(st.lists(_CHARS, max_size=60).map("".join))
def test_fold_is_the_table_applied_to_every_character(text: str) -> None:
    assert fold(text) == text.translate(_table())
    assert len(fold(text)) == len(text)
