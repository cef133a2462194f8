"""A gated pattern finds exactly what the pattern alone finds (see calcheck.extract.text.Gated)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from calcheck.extract import cues, dates, times
from test_regex_safety import adversarial_texts

_PIECES = st.sampled_from([
    *"0123456789 \n/.-:", "年", "月", "日", "時", "分", "半", "令和", "平成", "元", "R", "H", "午前", "午後",
    "夕方", "A.M.", "PM", "pm", "at ", "AT", "afternoon ", "morning ", "(水)", "(Wed)", "曜日", "間",
    "本日", "明日", "説明日", "あす", "当日", "同日", "水曜", "毎週", "the ", "The 3",
    "Wednesday, ", "noon", "NOON",
    "mİdday", "Midday", "正午", "a.m", "P.M", "x", "ſat", "Sun", "evening ", "EVENING ", "本件", "時間",
    "日程", "12", "2026", "令和8.", "H31/", "AM ", "夜"])
_GATED = [*dates._GATED.values(), dates._REL_JA_GATED, dates._SAME_DAY_GATED, dates._BARE_WD_JA_GATED,
          dates._EN_THE_GATED, times._COLON_GATED, times._JI_GATED, times._AT_GATED, times._AMPM_GATED,
          times._NOON_GATED]


@settings(max_examples=300)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_gated_patterns_find_what_the_patterns_find(text: str) -> None:
    for gated in _GATED:
        assert [m.span() for m in gated.finditer(text)] == [m.span() for m in gated.pattern.finditer(text)], \
            gated.pattern.pattern[:40]


def test_a_match_far_into_the_text_is_found() -> None:
    text = "x" * 5000 + "令和 8 年 12 月 3 日 午後 3 時 at 10"
    for gated in _GATED:
        assert [m.span() for m in gated.finditer(text)] == [m.span() for m in gated.pattern.finditer(text)]


def test_adversarial_texts_give_what_the_patterns_give() -> None:
    for text in adversarial_texts(3000).values():
        for gated in _GATED:
            expected = [m.span() for m in gated.pattern.finditer(text)]
            assert [m.span() for m in gated.finditer(text)] == expected, gated.pattern.pattern[:40]


_ENGLISH = st.sampled_from([
    "Wednesday", "wed", "Wed.", "THURS", "Sat", "saturday", "ſat", "Sunday", "coming ", "next ", "this ",
    "on ", " ", "   ", "\n", ",", ".", "1", "12", "3rd", " of ", "Dec", "DECEMBER", "may", "Sept", "jan",
    "2026", "x", "summary", "Monday,"])


@settings(max_examples=300)
@given(st.lists(_ENGLISH, max_size=30).map("".join))
def test_english_patterns_gated_on_the_lower_cased_copy_find_what_they_find(text: str) -> None:
    low = cues.lowered(text)
    if low is None:
        return
    for gated in (dates._EN_MD_GATED, dates._EN_DM_GATED, dates._WEEK_EN_GATED):
        expected = [m.span() for m in gated.pattern.finditer(text)]
        assert [m.span() for m in gated.finditer(text, low)] == expected, gated.pattern.pattern[:40]


@settings(max_examples=300)
@given(st.lists(_PIECES | st.sampled_from(["明後日", "今日", "あさって", "ありがとう", "説明日"]),
                max_size=30).map("".join))
def test_relative_words_are_found_only_where_their_hints_are(text: str) -> None:
    if dates._REL_JA.search(text):
        assert any(h.search(text) for h in dates._REL_JA_HINTS)
