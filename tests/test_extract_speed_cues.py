"""Faster cue searches give what the plain ones give: the regrouped alternations
(calcheck.extract.alternation), Lowered.absent searching from the first hit, the gated
picked_option, MailCues given the segments' lower-cased copies, and fold by replacement."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calcheck.extract import cues
from calcheck.extract.alternation import branches, by_first_character, regrouped
from calcheck.extract.decide import _SKIPPABLE, _low
from calcheck.extract.text import MAX_SEGMENT, _foldable, _table, fold, segment
from calcheck.model import RawMail
from calcheck.reading import read_message

_DATA = Path(__file__).parent / "data"
_WILD = Path("/work/shared/wild-mail")


def _texts() -> Iterator[str]:
    """Subject, new and quoted text of every .eml in tests/data and the wild-mail set."""
    for root in (_DATA, _WILD):
        for path in sorted(root.rglob("*.eml")) if root.is_dir() else ():
            mail = read_message(RawMail(str(path), path.read_bytes()))
            yield from (t for t in (mail.subject, mail.new_text, mail.quoted_text) if t)


@pytest.fixture(scope="module")
def texts() -> list[str]:
    found = [fold(t) for t in _texts()]
    assert len(found) > 50
    return found


_EXTRA = ["②でお願いします", "2番目の候補で", "option 2 works", "The First option", "THE 2ND one",
          "第 3候補", "案2", "3案目で", "一番目の候補", "はじめの日程", "候補1と候補2", "12番目",
          "x1つ目の案", "OPTİON 3", "the\nsecond slot", "ſlot 2", "Can we do Monday? I can't make it",
          "お申込みありがとう 配送のお知らせ", "議事録 MINUTES", "仮押さえ", "ＣＡＮ'T MAKE", "キャンセル",
          "does that work"]


def _plain_pick(text: str) -> tuple[int, str] | None:
    """picked_option by the ungated pattern over the whole text, every position tried."""
    return next(filter(None, map(cues.option_of, cues._PICK.finditer(text))), None)


def test_picked_option_is_the_plain_search(texts: list[str]) -> None:
    for text in texts + _EXTRA:
        assert cues.picked_option(text) == _plain_pick(text), text[:60]


_PICK_PIECES = st.sampled_from([
    *"0123456789 \n", "①", "⑩", "第", "番目", "候補", "案", "目", "で", "に", "の日程", "最初", "初め",
    "はじめ", "一番目", "一つ目", "4つ目", "option", "Choice", "SLOT", "#", "the ", "The ", "first", "2nd",
    "one", "x", "İ", "ſ"])


@settings(max_examples=300)
@given(st.lists(_PICK_PIECES, max_size=30).map("".join))
def test_picked_option_on_generated_text(text: str) -> None:
    assert cues.picked_option(text) == _plain_pick(text)


def _plain_absent(lowered: cues.Lowered, names: tuple[str, ...], text: str,
                  low: str | None) -> frozenset[str]:
    return frozenset(n for n in names if lowered.nowhere(n, text, low))


def test_absent_is_each_cue_searched_alone(texts: list[str]) -> None:
    cases = [(cues.NEAR, _SKIPPABLE), (cues.MAIL_WIDE, cues._RARE)]
    for text in texts + _EXTRA + [t.upper() for t in _EXTRA]:
        for low in (cues.lowered(text), None):
            for lowered, names in cases:
                assert lowered.absent(names, text, low) == _plain_absent(lowered, names, text, low), text[:60]


def test_regrouped_alternation_is_the_same_language(texts: list[str]) -> None:
    for lowered in (cues.NEAR, cues.MAIL_WIDE):
        for loose, flags in ((lowered._loose_low, 0), (lowered._loose, re.I)):
            sources = [p.pattern for p in loose.values()]
            joined = re.compile("|".join(sources), flags)
            regrouped = re.compile(by_first_character(sources), flags)
            for text in texts + _EXTRA:
                probe = text.lower() if flags == 0 else text
                assert (joined.search(probe) is None) == (regrouped.search(probe) is None), text[:60]


def test_branches_splits_only_at_the_top_level() -> None:
    assert branches(r"a(?:b|c)|[|]x|\||d") == ["a(?:b|c)", "[|]x", r"\|", "d"]
    assert branches(r"[]|]|e") == ["[]|]", "e"]
    assert by_first_character(["ab|ac|a?d|b", "bx|\\?"]) == "a(?:b|c)|a?d|b(?:|x)|\\?"


def test_mail_cues_with_the_segments_copies_read_the_same(texts: list[str]) -> None:
    subjects = ["", "打合せの件", "Re: MEETING ΣΑΣ", "İstanbul visit", "お申込みありがとう", "Minutes 12/3"]
    for subject in subjects:
        for text in texts[:400] + _EXTRA:
            new_seg, subject_seg = segment("new", text), segment("subject", subject)
            new = new_seg.folded if new_seg is not None else fold(text[:MAX_SEGMENT])
            subj = subject_seg.folded if subject_seg is not None else fold(subject)
            plain = cues.MailCues(False, subj, new)
            given_lows = cues.MailCues(False, subj, new, (_low(subj, subject_seg), _low(new, new_seg)))
            assert given_lows._texts == plain._texts
            for flag in ("advert", "has_cue", "minutes", "delivery", "away", "reschedule", "asking"):
                assert getattr(given_lows, flag) == getattr(plain, flag)


def test_fold_replaces_with_characters_it_does_not_change() -> None:
    changed = {chr(cp) for cp, to in _table().items() if chr(cp) != to}
    assert not changed & {to for cp, to in _table().items() if chr(cp) != to}
    assert {chr(cp) for cp in range(0x110000) if _foldable().fullmatch(chr(cp))} == changed


def test_fold_over_real_text() -> None:
    for text in _texts():
        assert fold(text) == text.translate(_table())


def test_regrouped_lower_case_cues_find_the_same_matches(texts: list[str]) -> None:
    for lowered in (cues.NEAR, cues.MAIL_WIDE):
        for name, pattern in lowered.exact.items():
            plain, regrouped_low = cues.lower_case(pattern), lowered.low[name]
            for text in texts + _EXTRA:
                low = text.lower()
                assert ([(m.span(), m.group(0)) for m in regrouped_low.finditer(low)]
                        == [(m.span(), m.group(0)) for m in plain.finditer(low)]), name


def test_regrouped_keeps_a_pattern_with_a_branch_that_opens_otherwise() -> None:
    assert regrouped(r"ab|\d|ac") == r"ab|\d|ac"
    assert regrouped(r"ab|a?c") == r"ab|a?c"
    assert regrouped(r"\?a|\?b|\.|ab|ac") == r"\?(?:a|b)|\.|a(?:b|c)"
    assert regrouped("ab|ac|d") == "a(?:b|c)|d"
    assert re.compile(regrouped("ab|abc|ac")).findall("abc ac") == ["ab", "ac"]
