"""Pairing dates with times: every date-and-time a segment of the mail mentions.

A date takes the time that follows it closely on the same line ("12月3日（木）15時半",
"Tuesday, December 8 at 10:00 AM PST"), or one just before it ("at 3pm on Friday,
11 December"), or, for table layouts, the time on the next line when that line is
labelled (時間： / Time:) or when the date closes its line and the time opens the next.
Dates without a time are kept as candidates too, for context and for the explanation, but
only a candidate with a start time can become the appointment.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, tzinfo
from functools import lru_cache

from calcheck.extract.dates import DateMention, find_dates, resolve
from calcheck.extract.text import Segment
from calcheck.extract.times import TimeMention, find_times

# 「8月6日（木）の打合せは15時から」: the date, what it is the date of, then the time.
_OF_WHAT = (r"の\s?(?:お?打ち?合わ?せ|ミーティング|MTG|会議|面談|商談|ご?訪問|ご?来社|件|デモ|ご?説明会?"
            r"|定例(?:会議?)?)\s?(?:は|ですが|につきましては|について(?:は)?)?")
_GAP_AFTER = re.compile(
    r"[\s,、.:(（)）@⋅·|]{0,4}(?:" + _OF_WHAT + r"|の|は|に|より|at|from|on|ですが|、)?"
    r"[\s,、.:(（)）@⋅·|]{0,4}"
    r"(?:の|は|at|from)?\s{0,3}",
    re.I,
)
_GAP_BEFORE = re.compile(r"\s{0,2}(?:on|,)?\s{0,2}", re.I)
_TABLE_LABEL = re.compile(
    r"[ \t■・●*-]{0,4}(?P<label>(?:開始時間|時間|時刻|開始|time|when)[ \t]{0,2}[:：]?)?[ \t]{0,12}",
    re.I,
)
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
REACH = 120
"""How far from a candidate, at most, words on its line still count as being about it."""
MAX_MENTIONS = 1_000
"""Dates (and times) read per segment; real mail has dozens, more is a table dump or an attack."""
_MARKER = re.compile(r"[ \t]{0,8}(?:(?P<c>[①-⑩])|[(（]?(?P<n>\d)[).）](?!\d)|(?:候補|第|案)\s?(?P<k>\d)"
                     r"|(?P<a>\d)\s?案)")
_BULLET = re.compile(r"[ \t]{0,8}(?:[・●○◆■*\-–>]|[①-⑩]|[(（]?\d[).）]|候補\s?\d|第\s?\d|案\s?\d|\d\s?案)")


@lru_cache(maxsize=256)  # a few dozen deltas, formatted for every candidate
def _signed(delta: float) -> str:
    return f"{delta:+.2f} "


@dataclass(eq=False)
class Candidate:
    """One date (and, ideally, time) the mail mentions, with how it was judged."""

    where: str
    segment: Segment
    span: tuple[int, int]
    day: date
    start: datetime | None
    end: datetime | None
    date_mention: DateMention
    time_mention: TimeMention | None
    warnings: tuple[str, ...] = ()
    marker: int | None = None
    listed: bool = False
    """The date opens a bulleted or numbered line, as options in a list do."""
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)
    rejected: str = ""
    """Why this candidate cannot be the appointment, "" when it can."""
    unscored: bool = False
    """Left unscored: it cannot reach the threshold (see decide(lazy=True))."""

    @property
    def evidence(self) -> str:
        return self.segment.source(*self.span)

    @property
    def line(self) -> str:
        """The folded line(s) the candidate stands on (at most ``REACH`` characters either side)."""
        a, b = self.line_span
        return self.segment.folded[a:b]

    @property
    def line_span(self) -> tuple[int, int]:
        """Where :attr:`line` lies in the segment's folded text."""
        text = self.segment.folded
        s0, s1 = self.span
        start = text.rfind("\n", 0, s0) + 1  # Segment.line_bounds, written out: it is hot
        end = text.find("\n", max(s1 - 1, s0))
        if end < 0:
            end = len(text)
        return max(start, s0 - REACH), min(end, s1 + REACH)

    def add(self, delta: float, reason: str) -> None:
        self.score += delta
        self.reasons.append(_signed(delta) + reason)


def mentions(seg: Segment) -> list[DateMention]:
    """The date mentions of a segment, at most ``MAX_MENTIONS``."""
    return find_dates(seg.folded, seg.low)[:MAX_MENTIONS]


def timings(seg: Segment) -> list[TimeMention]:
    """The times of a segment, at most ``MAX_MENTIONS``."""
    return find_times(seg.folded, seg.low)[:MAX_MENTIONS]


def absolute_dates(mentioned: Sequence[Sequence[DateMention]], base: date) -> list[date]:
    """Dates written with their month anywhere: the context bare days are read against."""
    out: list[date] = []
    for dates in mentioned:
        for d in dates:
            if d.month is not None and d.relative is None:
                r = resolve(d, base)
                if r is not None and r.day not in out:
                    out.append(r.day)
    return out


def build(seg: Segment, dates: Sequence[DateMention], base: date, tz: tzinfo,
          context: Sequence[date], *, anchor: date | None = None,
          times: Sequence[TimeMention] | None = None) -> list[Candidate]:
    """Every candidate of one segment (whose date mentions are ``dates``), in reading order.

    ``anchor`` is the date 当日/同日 stand for (see :func:`calcheck.extract.dates.resolve`);
    ``times`` the segment's :func:`timings` when the caller has them.
    """
    text = seg.folded
    if times is None:
        times = timings(seg)
    starts = [t.start for t in times]
    used: set[int] = set()
    out: list[Candidate] = []
    for i, d in enumerate(dates):
        resolved = resolve(d, base, context, anchor)
        if resolved is None:
            continue
        next_date = dates[i + 1].start if i + 1 < len(dates) else len(text)
        t = _time_after(text, d, times, starts, limit=next_date, used=used)
        if t is None:
            prev_date_end = dates[i - 1].end if i else 0
            t = _time_before(text, d, times, starts, limit=prev_date_end, used=used)
        if t is None:
            t = _time_on_next_line(seg, d, times, starts, used)
        if d.kind == "day" and d.weekday is None and t is None:
            continue  # "30日" alone is a count of days more often than a date
        if d.kind == "rel" and d.relative in ("bare", "sameday") and t is None:
            continue
        start = end = None
        span = (d.start, d.end)
        if t is not None:
            used.add(t.start)
            zone = t.zone or tz
            start = datetime.combine(resolved.day, time(t.hour, t.minute), tzinfo=zone).astimezone(tz)
            if t.end_time is not None:
                end = datetime.combine(resolved.day, time(*t.end_time), tzinfo=zone).astimezone(tz)
            span = (min(d.start, t.start), max(d.end, t.end))
        marker, listed = _marker(seg, d.start)
        warnings = resolved.warnings + (("meridiem_assumed",) if t is not None and t.assumed_pm else ())
        out.append(Candidate(seg.where, seg, span, resolved.day, start, end, d, t, warnings,
                             marker, listed))
    return out


def _time_after(text: str, d: DateMention, times: Sequence[TimeMention], starts: list[int], *,
                limit: int, used: set[int]) -> TimeMention | None:
    for t in times[bisect_left(starts, d.end):]:
        if t.start in used:
            continue
        if t.start > limit or t.start - d.end > 16:
            return None
        gap = text[d.end:t.start]
        if "\n" in gap.strip(" \t") or not _GAP_AFTER.fullmatch(gap):
            return None
        return t
    return None


def _time_before(text: str, d: DateMention, times: Sequence[TimeMention], starts: list[int], *,
                 limit: int, used: set[int]) -> TimeMention | None:
    if d.kind not in ("en", "rel"):
        return None
    for t in reversed(times[max(0, bisect_left(starts, d.start) - 3):bisect_left(starts, d.start)]):
        if t.end > d.start or t.start in used:
            continue
        if t.start < limit or d.start - t.end > 5:
            return None
        gap = text[t.end:d.start]
        return t if "\n" not in gap and _GAP_BEFORE.fullmatch(gap) else None
    return None


def _time_on_next_line(seg: Segment, d: DateMention, times: Sequence[TimeMention], starts: list[int],
                       used: set[int]) -> TimeMention | None:
    _, line_end = seg.line_bounds(d.start)
    if line_end >= len(seg.folded):
        return None
    m = _TABLE_LABEL.match(seg.folded, line_end + 1)
    # unlabelled, the time must open the next line and the date must close its own
    if not m or (not m["label"] and seg.folded[d.end:line_end].strip(" \t、,")):
        return None
    for t in times[bisect_left(starts, m.end()):]:
        if t.start not in used:
            return t if t.start - m.end() <= 2 else None
    return None


def _marker(seg: Segment, pos: int) -> tuple[int | None, bool]:
    line_start, _ = seg.line_bounds(pos)
    prefix = seg.folded[line_start:pos]
    if len(prefix) > 24:
        return None, False
    listed = bool(_BULLET.match(prefix))
    m = _MARKER.match(prefix)
    if not m:
        return None, listed
    if m["c"]:
        return _CIRCLED.index(m["c"]) + 1, True
    return int(m["n"] or m["k"] or m["a"]), True
