"""Finding dates in folded text and turning them into calendar dates.

Every form is a separate compiled pattern with bounded repetition only (no nested
quantifiers, no open-ended lazy spans), run once over a segment. Mentions that lie inside a
longer mention are dropped, so "Wednesday, November 25" is one date, not a date and a weekday.

A mention without a year gets the year that puts it nearest the message: from a month or
so before the message up to ten months after it ("1月8日" written in November is next
January). A weekday written beside the date breaks ties between years and, when it still
disagrees, is reported as ``weekday_conflict`` while the written date is kept. Relative
words (本日, 来週水曜, next Tuesday) count from the message's own date in the owner's zone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from calcheck.extract.cues import word_start
from calcheck.extract.gated import Gated

JA_WEEKDAYS = "月火水木金土日"
EN_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

_WD_EN = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?"
_MONTH_EN = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
             r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
# A weekday after a date: (水) (水曜日) (月・祝) (Wed) 水曜日
_WD_AFTER = (r"(?:\s?\(\s?(?P<wd>[月火水木金土日])(?:曜日?)?(?:\s?[・,、]\s?(?:祝|祭|休)日?)?\s?\)"
             r"|\s?\(\s?(?P<wde>" + _WD_EN + r")\.?\s?\)|\s?(?P<wdj>[月火水木金土日])曜日?)?")

_JA = re.compile(
    r"(?<!\d)(?:(?P<era>令和|平成)\s?(?P<eray>元|\d{1,2})\s?年\s?|(?P<y>\d{4})\s?年\s?)?"
    r"(?P<m>\d{1,2})\s?月\s?(?P<d>\d{1,2})\s?日(?![間前後以目付分])" + _WD_AFTER
)
_SLASH = re.compile(
    r"(?<![\d/.A-Za-z])(?:(?P<y>\d{4})[/.])?(?P<m>\d{1,2})/(?P<d>\d{1,2})(?![\d/]|\.\d)" + _WD_AFTER
)
_DOTTED = re.compile(r"(?<![\d.])(?P<y>\d{4})\.(?P<m>\d{1,2})\.(?P<d>\d{1,2})(?![\d.]\d)" + _WD_AFTER)
# R8.8.6, 令和8.8.6, H31/4/30: the era's year in figures, as forms and tables write it.
_ERA_DOTTED = re.compile(
    r"(?<![A-Za-z\d])(?P<era>R|H|令和|平成)\s?(?P<eray>元|\d{1,2})(?P<sep>[./])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
    r"(?![\d/.]\d)" + _WD_AFTER
)
_ISO = re.compile(r"(?<![\dA-Za-z-])(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d-])" + _WD_AFTER)
_DAY = re.compile(r"(?<![\d月/])(?P<d>\d{1,2})\s?日(?![間前後以目付分])" + _WD_AFTER)
_EN_MD = re.compile(
    r"\b(?:(?P<wde>" + _WD_EN + r")\.?,?\s{1,3})?(?P<mon>" + _MONTH_EN + r")\.?\s{1,3}"
    r"(?P<d>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s{1,3}(?P<y>\d{4})\b)?",
    re.I,
)
_EN_DM = re.compile(
    r"\b(?:(?P<wde>" + _WD_EN + r")\.?,?\s{1,3})?(?P<d>\d{1,2})(?:st|nd|rd|th)?\s{1,3}(?:of\s{1,3})?"
    r"(?P<mon>" + _MONTH_EN + r")\b\.?(?:,?\s{1,3}(?P<y>\d{4})\b)?",
    re.I,
)
# "Monday the 16th", "on the 9th": a day of the month named by its ordinal, the month implied.
_EN_THE = re.compile(
    r"\b(?:(?P<wde>" + _WD_EN + r")\.?,?\s{1,3})?the\s{1,3}(?P<d>\d{1,2})(?:st|nd|rd|th)\b(?!\s{1,3}of\b)",
    re.I,
)
# Not after another kanji: 説明日 (説明 + 日), 証明日, 表明日 are words of their own.
_REL_JA = re.compile(r"(?<![\u4e00-\u9fff々])(?:本日|今日|明後日|明日)|あさって|あす(?=[はの、に\s\d])")
# 「当日は15時に伺います」: the day the mail speaks of (its one date, see decide). Not 当日中 (by the
# end of the day), 当日付, 当日限り, 当日消印, 当日払い.
_SAME_DAY = re.compile(r"(?<![\u4e00-\u9fff々])(?:当日|同日)(?![中付限消払券])")
_WEEK_JA = re.compile(
    r"(?P<w>今週|来週|次週|翌週|再来週|今度|次)\s?の?\s?(?P<wd>[月火水木金土日])曜日?"
)
_BARE_WD_JA = re.compile(r"(?<![毎週度次\d])(?P<wd>[月火水木金土日])曜日?")
_REL_EN = re.compile(r"\b(?:the\s{1,3}day\s{1,3}after\s{1,3}tomorrow|today|tonight|tomorrow)\b", re.I)
_WEEK_EN = re.compile(r"\b(?:(?P<w>this|next|coming|on)\s{1,3})?(?P<wde>" + _WD_EN + r")\b", re.I)

# Each numeric pattern with a gate its matches hold near their start (see gated.Gated): the
# separator after the month (or 日), at most ``back`` characters in (令和 12 年 12 月: 11).
# A gate that starts with a literal is found fastest; one that starts with \d stops at every
# digit and measured slower than these, for all the false hits they have (日 in 12月3日).
_DIGIT = re.compile(r"\d")
_GATED = {
    "ja": Gated(_JA, re.compile(r"月\s?\d"), 12, re.compile(r"[令平\d]")),
    "slash": Gated(_SLASH, re.compile(r"/\d"), 8, _DIGIT),
    # the year's four digits before the first dash, as the look-behind asks (not 芝浦2-18-5)
    "iso": Gated(_ISO, re.compile(r"-(?<=\d{4}-)\d{1,2}-\d"), 5, _DIGIT),
    "dotted": Gated(_DOTTED, re.compile(r"\.\d{1,2}\.\d"), 5, _DIGIT),
    "era_dotted": Gated(_ERA_DOTTED, re.compile(r"[./]\d{1,2}[./]\d"), 6, re.compile("[RH令平]")),
    # 日 ends every 12月3日 too, and 曜日, 先日, 当日: the gate is a 日 after one or two digits (and
    # a space) that follow no 月 or /, and a start a digit that follows no digit, 月 or /
    "day": Gated(_DAY, re.compile(r"日(?:(?<=\d日)|(?<=\d\s日))(?<![月/]\d日)(?<![月/]\d\d日)"
                                  r"(?<![月/]\d\s日)(?<![月/]\d\d\s日)"), 3, re.compile(r"\d(?<![\d月/]\d)")),
}
# Words that open their matches (the look-behinds aside), and "the <digit>" after a weekday.
# (The relative words whole, not just their first characters: あ opens every ありがとう.)
_REL_JA_GATED = Gated(_REL_JA, re.compile("本日|今日|明後日|明日|あさって|あす"), 0, re.compile("[本今明あ]"))
# Whether _REL_JA's gate can hit at all, sought with a literal first (日, あ): the gate's own
# first-character class [本今明あ] scans about twice as slowly, and most texts hold none.
_REL_JA_HINTS = (re.compile("日(?:(?<=[本今明]日)|(?<=明後日))"), re.compile("あ(?:さって|す)"))
# (the gates hit the second character, a literal, and look back: a class first scans slowly)
_SAME_DAY_GATED = Gated(_SAME_DAY, re.compile("日(?<=[当同]日)"), 1, re.compile("[当同]"))
_BARE_WD_JA_GATED = Gated(_BARE_WD_JA, re.compile("曜(?<=[月火水木金土日]曜)"), 1,
                          re.compile("[月火水木金土日]"))
_EN_THE_GATED = Gated(_EN_THE, re.compile(r"[tT][hH][eE]\s{1,3}\d"), 16, re.compile("[mtwfs]", re.I))

_MONTH_HINT = re.compile(r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec", re.I)
_WEEKDAY_HINT = re.compile(r"mon|tue|wed|thu|fri|sat|sun", re.I)
# The same hints for the lower-cased text (see cues.lowered), narrowed to what the English
# patterns need: a month name starts a word and has a day number just after or before it; a
# weekday name starts a word. Each is a superset of what _EN_MD/_EN_DM/_WEEK_EN can match, so
# skipping those patterns when it finds nothing changes no result, and it scans far faster than
# a re.I search over Japanese text. Every branch starts with a literal or a digit, so re skips
# to the places one could start (see cues.word_start); hence two month gates, not one.
_MONTH_GATES = (
    re.compile("|".join(word_start(m) + r"[a-z]{0,6}\.?\s{1,3}\d" for m in MONTHS)),
    re.compile(r"\d(?:st|nd|rd|th)?\s{1,3}(?:of\s{1,3})?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"),
)
_WEEKDAY_GATE = re.compile("|".join(word_start(d) for d in EN_WEEKDAYS))
_MONTH_NAME = re.compile("|".join(MONTHS))  # a month gate needs one (found faster with str's in)
# The English patterns are case-blind with optional openings. Given the lower-cased copy (same
# offsets, and a month or weekday name wherever re.I finds one in the text) they are tried
# only near the names found there: the weekday and spaces before them are at most 14, the day,
# its suffix and "of" before a month 26, "coming " before a weekday 9 characters long.
_EN_MD_GATED = Gated(_EN_MD, _MONTH_NAME, 14, re.compile("[mtwfsjaond]", re.I))
_EN_DM_GATED = Gated(_EN_DM, _MONTH_NAME, 26, re.compile(r"[mtwfs\d]", re.I))
_WEEK_EN_GATED = Gated(_WEEK_EN, re.compile("|".join(EN_WEEKDAYS)), 9, re.compile("[tncomwfs]", re.I))

_REL_DAYS = {"本日": 0, "今日": 0, "明日": 1, "あす": 1, "明後日": 2, "あさって": 2,
             "today": 0, "tonight": 0, "tomorrow": 1}


# Not frozen: a frozen dataclass sets each field through object.__setattr__, so that making one
# costs four times as much, and extraction makes tens of thousands. Nothing changes one once made.
@dataclass(slots=True)
class DateMention:
    """One written date, not yet placed in a year (or a relative one, not yet counted)."""

    start: int
    end: int
    month: int | None = None
    day: int | None = None
    year: int | None = None
    weekday: int | None = None
    """0 = Monday, as the sender wrote it beside the date (None: not written)."""
    relative: str | None = None
    """``days`` (offset in ``offset``), ``this``, ``next``, ``next2``, ``bare`` (a weekday) or
    ``sameday`` (当日, 同日: the one date the mail names)."""
    offset: int = 0
    kind: str = "ja"


def _weekday(m: re.Match[str]) -> int | None:
    names = m.re.groupindex  # which of the groups this pattern has (groupdict() costs more)
    for name in ("wd", "wdj"):
        value = m[name] if name in names else None
        if value:
            return JA_WEEKDAYS.index(value)
    value = m["wde"] if "wde" in names else None
    if value:
        return EN_WEEKDAYS.index(value[:3].lower())
    return None


def _year(m: re.Match[str]) -> int | None:
    names = m.re.groupindex
    if "era" in names and m["era"]:
        n = 1 if m["eray"] == "元" else int(m["eray"])
        return (2018 if m["era"] in ("令和", "R") else 1988) + n
    y = m["y"] if "y" in names else None
    return int(y) if y else None


def find_dates(text: str, low: str | None = None) -> list[DateMention]:
    """Every date mention in ``text`` (folded), in order, nested ones removed.

    ``low`` is :func:`calcheck.extract.cues.lowered` of ``text`` when the caller has it; it only
    makes the quick tests for English words faster (without it they are case-blind searches).
    """
    return _outermost(_numeric(text) + _english(text, low) + _the_nth(text, low) + _relative(text, low))


# Each numeric pattern, the kind of mention it gives, and strings (or patterns) one of which each
# of its matches holds: a text with none of them is not searched. (Most texts hold an R or an H;
# R or H before a figure is sought with two patterns, a literal first in each: a class first,
# [RH], scans four times slower.) None stands for the era's: 令和, 平成, R or H before a figure.
_NUMERIC: tuple[tuple[str, str, str | None], ...] = (
    ("ja", "ja", "月"), ("slash", "slash", "/"), ("iso", "iso", "-"), ("dotted", "slash", "."),
    ("era_dotted", "slash", None), ("day", "day", "日"))
_ERA_R, _ERA_H = re.compile(r"R\s?[元\d]"), re.compile(r"H\s?[元\d]")


def _numeric(text: str) -> list[DateMention]:
    found: list[DateMention] = []
    for name, kind, needs in _NUMERIC:
        if needs is None:
            if not ("令和" in text or "平成" in text or _ERA_R.search(text) or _ERA_H.search(text)):
                continue
        elif needs not in text:
            continue
        for m in _GATED[name].finditer(text):
            month = int(m["m"]) if kind != "day" else None
            day = int(m["d"])
            if (month is not None and not 1 <= month <= 12) or not 1 <= day <= 31:
                continue
            weekday, year = _weekday(m), _year(m)
            if kind == "slash" and weekday is None and year is None and _fraction(text, m):
                continue
            found.append(DateMention(m.start(), m.end(), month, day, year, weekday, kind=kind))
    return found


def _english(text: str, low: str | None) -> list[DateMention]:
    found: list[DateMention] = []
    if not (_MONTH_HINT.search(text) if low is None
            else any(m in low for m in MONTHS) and any(g.search(low) for g in _MONTH_GATES)):
        return found
    for gated in (_EN_MD_GATED, _EN_DM_GATED):
        for m in gated.pattern.finditer(text) if low is None else gated.finditer(text, low):
            if m["mon"].lower() == "may" and m["mon"] != "May":
                continue  # "may 5 people" is a verb
            day = int(m["d"])
            if not 1 <= day <= 31:
                continue
            month = MONTHS.index(m["mon"][:3].lower()) + 1
            found.append(DateMention(m.start(), m.end(), month, day, _year(m), _weekday(m), kind="en"))
    return found


def _the_nth(text: str, low: str | None) -> list[DateMention]:
    found: list[DateMention] = []
    if "the" not in (text.lower() if low is None else low):
        return found
    for m in _EN_THE_GATED.finditer(text):
        day = int(m["d"])
        if 1 <= day <= 31:
            found.append(DateMention(m.start(), m.end(), None, day, None, _weekday(m), kind="day"))
    return found


def _relative(text: str, low: str | None) -> list[DateMention]:
    found: list[DateMention] = []
    hinted = _REL_JA_HINTS[0].search(text) or _REL_JA_HINTS[1].search(text)
    for m in _REL_JA_GATED.finditer(text) if hinted else ():
        found.append(DateMention(m.start(), m.end(), relative="days", offset=_REL_DAYS[m[0]], kind="rel"))
    # (the day after) tomorrow, today or tonight is in low wherever re.I finds it in text
    english = low is None or "today" in low or "tonight" in low or "tomorrow" in low
    for m in _REL_EN.finditer(text) if english else ():
        word = m[0].lower()
        offset = 2 if word.startswith("the") else _REL_DAYS[word]
        found.append(DateMention(m.start(), m.end(), relative="days", offset=offset, kind="rel"))
    for m in _SAME_DAY_GATED.finditer(text) if "当日" in text or "同日" in text else ():
        found.append(DateMention(m.start(), m.end(), relative="sameday", kind="rel"))
    if "曜" not in text:
        return found + _week_en(text, low)
    for m in _WEEK_JA.finditer(text):
        rel = {"今週": "this", "再来週": "next2", "今度": "bare", "次": "bare"}.get(m["w"], "next")
        found.append(DateMention(m.start(), m.end(), weekday=JA_WEEKDAYS.index(m["wd"]), relative=rel,
                                 kind="rel"))
    for m in _BARE_WD_JA_GATED.finditer(text):
        found.append(DateMention(m.start(), m.end(), weekday=JA_WEEKDAYS.index(m["wd"]), relative="bare",
                                 kind="rel"))
    return found + _week_en(text, low)


def _week_en(text: str, low: str | None) -> list[DateMention]:
    found: list[DateMention] = []
    # (str's own search for the names first: it scans several times faster than the gate's charset)
    if not (_WEEKDAY_HINT.search(text) if low is None
            else any(d in low for d in EN_WEEKDAYS) and _WEEKDAY_GATE.search(low)):
        return found
    for m in _WEEK_EN.finditer(text) if low is None else _WEEK_EN_GATED.finditer(text, low):
        rel = {"this": "this", "next": "next"}.get((m["w"] or "").lower(), "bare")
        found.append(DateMention(m.start(), m.end(), weekday=EN_WEEKDAYS.index(m["wde"][:3].lower()),
                                 relative=rel, kind="rel"))
    return found


def _fraction(text: str, m: re.Match[str]) -> bool:
    """``1/2`` followed by a unit or preceded by a letter is not a date."""
    after = text[m.end():m.end() + 2]
    return bool(after) and (after[0] in "%ページ枚個件人" or (after[:1].isalpha() and after[:1].isascii()))


def _outermost(found: list[DateMention]) -> list[DateMention]:
    """Overlapping mentions: keep the longer one ("on Thursday, December 3" is one date)."""
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    kept: list[DateMention] = []
    for d in found:
        if kept and d.start < kept[-1].end:
            if d.end - d.start > kept[-1].end - kept[-1].start:
                kept[-1] = d
            continue
        kept.append(d)
    return kept


@dataclass(frozen=True)
class Resolved:
    """A mention placed on the calendar."""

    day: date
    warnings: tuple[str, ...] = ()


def resolve(mention: DateMention, base: date, context: Sequence[date] = (),
            anchor: date | None = None) -> Resolved | None:
    """The calendar date ``mention`` means, written on ``base``.

    ``context`` holds dates fully written elsewhere in the thread: a bare "21日" or "水曜" takes
    its month from the one of them that fits before any rule of thumb is used. ``anchor`` is
    the one date the mail speaks of, which 当日 and 同日 mean (None: they mean nothing sure).
    """
    if mention.relative == "sameday":
        return Resolved(anchor) if anchor is not None else None
    if mention.relative == "days":
        return Resolved(base + timedelta(days=mention.offset))
    if mention.relative is not None and mention.weekday is not None:
        return _relative_weekday(mention.relative, mention.weekday, base, context)
    if mention.day is None:
        return None
    if mention.month is None:
        return _bare_day(mention.day, mention.weekday, base, context)
    return _month_day(mention.year, mention.month, mention.day, mention.weekday, base)


@lru_cache(maxsize=1024)  # a mail's dates are resolved for the context, 当日 and then each candidate
def _month_day(year: int | None, month: int, day: int, weekday: int | None, base: date) -> Resolved | None:
    options: list[date] = []
    for y in (year,) if year is not None else (base.year, base.year + 1, base.year - 1):
        try:
            options.append(date(y, month, day))
        except ValueError:
            continue
    if year is None:
        options = [d for d in options if -62 <= (d - base).days <= 304]
    if not options:
        return None
    agreeing = [d for d in options if d.weekday() == weekday]
    chosen = agreeing[0] if agreeing else options[0]
    return Resolved(chosen, _conflict(chosen, weekday))


def _conflict(day: date, weekday: int | None) -> tuple[str, ...]:
    return ("weekday_conflict",) if weekday is not None and day.weekday() != weekday else ()


def _bare_day(day: int, weekday: int | None, base: date, context: Sequence[date]) -> Resolved | None:
    for known in context:
        if known.day == day and (weekday is None or known.weekday() == weekday):
            return Resolved(known)
    options: list[date] = []
    year, month = base.year, base.month
    for step in range(-1, 3):
        y, m = year + (month - 1 + step) // 12, (month - 1 + step) % 12 + 1
        try:
            options.append(date(y, m, day))
        except ValueError:
            continue
    fitting = [d for d in options if (d - base).days >= -7]
    if not fitting:
        return None
    agreeing = [d for d in fitting if d.weekday() == weekday]
    chosen = agreeing[0] if agreeing else fitting[0]
    return Resolved(chosen, _conflict(chosen, weekday))


def _relative_weekday(relative: str, weekday: int, base: date, context: Sequence[date]) -> Resolved:
    """今週/this: this week's (or, when past, next week's); 来週/next: next calendar week's
    (weeks start on Monday); 再来週: the week after; a bare weekday: the one a quoted date names,
    else the next one to come."""
    monday = base - timedelta(days=base.weekday())
    weeks = {"this": 0, "next": 1, "next2": 2}
    if relative in weeks:
        day = monday + timedelta(days=7 * weeks[relative] + weekday)
        return Resolved(day if day >= base else day + timedelta(days=7))
    for known in context:
        if known.weekday() == weekday and 0 <= (known - base).days <= 62:
            return Resolved(known)
    ahead = (weekday - base.weekday()) % 7 or 7
    return Resolved(base + timedelta(days=ahead))
