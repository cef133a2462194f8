"""The shortcuts of :class:`calcheck._eventindex.EventIndex` find what the plain definitions find.

- the calendar's title tokens (and its company tokens) a mail's text holds, found by a search
  per head (the tokens' first two characters) in a long text, by the text's pairs of characters
  in a short one: both are compared with testing every token;
- the events whose text holds a clue, searched only in the compact texts or only in the texts
  (:func:`calcheck._relate.compact_only`): compared with searching both.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from calcheck._eventindex import EventIndex
from calcheck.model import CalendarEvent

START = datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
PIECES = ["あおば商事", "東和システム", "Acme Corp", "田中様", "小山さん", "要件定義", "roadmap", "pricing",
          "【訪問】", "定例", "打合せ", "第2回", "データ移行", "kick-off", "k.k.", "x", "ab", "東和", "ｱｵﾊﾞ",
          "-", "株式会社ひばり", "ことぶき商会", "(株)山田", "Zeta Inc", "ひばり"]
FILLER = [" ", "\n", "の", "です", "お世話になっております。"]


def _index(rng: random.Random, n: int) -> EventIndex:
    events = [CalendarEvent(id=f"e{i}", uid="", start=START + timedelta(hours=i),
                            end=None, summary=" ".join(rng.choice(PIECES) for _ in range(rng.randint(1, 4))),
                            description=rng.choice(["", "見積書の件", "acme corp にて", "東和 システム"]))
              for i in range(n)]
    return EventIndex(events)


def _text(rng: random.Random, size: int) -> str:
    return "".join(rng.choice(PIECES + FILLER) for _ in range(size))


def test_title_tokens_in_a_text_short_or_long_are_those_it_holds() -> None:
    rng = random.Random(9)  # noqa: S311 - test data, not secrets
    index = _index(rng, 60)
    tokens = list(index._by_token)
    assert len(index._token_heads) > 5
    long = short = 0
    for _ in range(600):
        text = _text(rng, rng.choice([1, 3, 10, 40, 120])).lower()
        long += 3 * len(index._token_heads) < len(text)
        short += 3 * len(index._token_heads) >= len(text)
        companies = {t for t in index._by_company_token if t in text}
        assert index._company_tokens_in(text) == companies, text  # found by itself
        assert index._tokens_in(text) == {t for t in tokens if t in text}, text
        assert index._company_tokens_in(text) == companies, text  # from the tokens found just now
    assert long > 50  # both ways were taken
    assert short > 50


def test_events_holding_a_clue_are_those_whose_text_or_compact_text_holds_it() -> None:
    rng = random.Random(13)  # noqa: S311 - test data, not secrets
    index = _index(rng, 80)
    ranked = [index.facts[i] for i in index._by_start]
    needles = ["あおば", "acme corp", "acmecorp", "k.k.", "kk", "東和 システム", "東和システム", "kick-off",
               "kickoff", "田中", "-", "x", "ｱｵﾊﾞ".lower(), "アオバ", "要件", "roadmap pricing"]
    for needle in needles:
        expected = [rank for rank, facts in enumerate(ranked)
                    if needle in facts.text or needle in facts.compact]
        assert index._holders_of(needle) == expected, needle
