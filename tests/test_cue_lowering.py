"""Mail-wide cues searched on a lower-cased copy find exactly what their re.I patterns find."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from calcheck.extract import cues

_ALPHABET = st.sampled_from([
    *"abcdeiklmnorstuvwxyzABCDEIKLMNORSTUVWXYZ '\n-:?", "İ", "ı", "ſ", "\u212a", "Σ", "ß", "Ö",
    *"ｉ確定配信停止セミナー"])
_WORDS = st.sampled_from([
    "unsubscribe", "Seminar", "REGISTER", "confirm", "Minutes", "delivery", "Out of Office",
    "reschedule", "options", "webinar", "配信停止", "セミナー", "確定", "UNSUBSCRİBE", "ſeminar",
    "\u212aick-off", "Wrote:", "DEADLINE", "Office Hours", "Let's meet", "Works for", "締切", "でお願い",
    "Cancelled", "TENTATIVE", "can't make", "Does it work", "how about", "ますか", "仮押さえ"])


@given(st.lists(st.one_of(_ALPHABET, _WORDS), max_size=40).map("".join))
def test_lowered_search_finds_what_the_case_blind_pattern_finds(text: str) -> None:
    low = cues.lowered(text)
    for group in (cues.MAIL_WIDE, cues.NEAR):
        for name, pattern in group.exact.items():
            assert bool(group.search(name, text, low)) == bool(pattern.search(text)), name
            assert group.words(name, text, low) == {m.group(0).lower() for m in pattern.finditer(text)}


def test_text_that_lowering_would_change_is_searched_as_written() -> None:
    assert cues.lowered("UNSUBSCRİBE") is None  # İ lowers to two characters
    assert cues.lowered("ſeminar") is None  # re.I equates ſ with s, str.lower() does not
    assert cues.lowered("配信停止 Seminar") == "配信停止 seminar"


@given(st.lists(st.one_of(_ALPHABET, _WORDS), max_size=30).map("".join))
def test_a_cue_that_is_nowhere_in_a_text_is_in_no_slice_of_it(text: str) -> None:
    low = cues.lowered(text)
    for name, pattern in cues.NEAR.exact.items():
        if cues.NEAR.nowhere(name, text, low):
            slices = (text[a:b] for a in range(len(text)) for b in range(a, len(text) + 1))
            assert not any(pattern.search(piece) for piece in slices), name


def test_loosened_drops_only_the_assertions() -> None:
    source = r"で(?:ok)(?![a-z])|押さえ(?<!仮押さえ)|call\b(?<!\wcall)"
    assert cues.loosened(source) == r"で(?:ok)|押さえ|call"


@given(st.lists(st.one_of(_ALPHABET, _WORDS), max_size=40).map("".join))
def test_absent_at_once_is_each_absent(text: str) -> None:
    low = cues.lowered(text)
    for group in (cues.MAIL_WIDE, cues.NEAR):
        names = tuple(group.exact)
        assert group.absent(names, text, low) == {n for n in names if group.nowhere(n, text, low)}
