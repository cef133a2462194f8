"""Finding times of day, ranges and the zone they are given in.

Single times are found first (14:00, 14時30分, 15時半, 午後3時, 10:00 AM, 3pm, 正午, noon);
two of them joined by a range word (〜 ~ - – から to until) become one range, the meridiem
of the second carried over to the first when only the second has one ("4:00–4:30 PM"), and
午後 carried the other way ("午後3時〜4時"). A bare hour from 1 to 6 with no meridiem, zero or
zone is the afternoon (「1時半から伺います」), flagged ``assumed_pm``. A zone written right after
the time or range ("PST", "(GMT+9)", "Singapore time", "(Tokyo time)" on the next line) is
attached to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import tzinfo

from calcheck.extract.gated import Gated
from calcheck.extract.zones import ABBREVIATIONS, PLACES, fixed_offset, zone

_COLON = re.compile(
    r"(?:(?P<pre>午前|午後|朝|夕方|夜|AM|PM|A\.M\.|P\.M\.)\s?)?(?<![\d.,/])(?<!\d:)(?P<h>\d{1,2}):(?P<mi>[0-5]\d)(?::[0-5]\d)?(?![\d:])"
    r"(?:\s?(?P<ap>[aApP])\.?[mM]\b\.?)?"
)
_JI = re.compile(
    r"(?:(?P<pre>午前|午後|朝|夕方|夜)\s?)?(?<![\d.])(?P<h>\d{1,2})\s?時(?:\s?(?P<mi>\d{1,2})\s?分|(?P<half>半))?"
    r"(?![間期点代])"
)
_AMPM = re.compile(r"(?<![\d:.,])(?P<h>\d{1,2})\s?(?P<ap>[aApP])\.?[mM]\b\.?")
# "tomorrow morning at 10", "Monday at 3": an hour only, so only with "at" and never before a
# unit ("at 10%", "at 5 people" has no date next to it anyway: a candidate needs one).
_AT = re.compile(
    r"(?:\b(?P<pre>morning|afternoon|evening)\s{1,3})?\bat\s{1,2}(?P<h>\d{1,2})"
    r"(?![\d:.,/]|\s?(?:%|percent|[aApP]\.?[mM]\b|people|persons|min|hours?|days?))(?:\s?o'?clock)?",
    re.I,
)
# Gates (see gated.Gated): the colon or 時 after the hour, "at <digit>"; each at most ``back``
# characters into a match (A.M. 12:, 夕方 12 時, afternoon at).
# The first characters of the matches: a meridiem word or the hour's first digit.
_COLON_GATED = Gated(_COLON, re.compile(r":[0-5]\d"), 8,
                     re.compile(r"[午朝夕夜AP]|\d(?<![\d.,/]\d)(?<!\d:\d)"))  # as the hour's look-behinds
# (時 and am/pm only right after the hour: not 日時, 時間, example.com)
_JI_GATED = Gated(_JI, re.compile(r"時(?:(?<=\d時)|(?<=\d\s時))"), 7, re.compile(r"[午朝夕夜\d]"))
_AT_GATED = Gated(_AT, re.compile(r"[aA][tT]\s{1,2}\d"), 14, re.compile("[mae]", re.I))
_AMPM_GATED = Gated(_AMPM, re.compile(r"[aApP](?:(?<=\d[aApP])|(?<=\d\s[aApP]))\.?[mM]"), 3,
                    re.compile(r"\d"))
_NOON = re.compile(r"正午|\bnoon\b|\bmidday\b", re.I)
# re.I lets i match İ and ı too; each branch starts with a literal, so re skips to it
_NOON_GATE = re.compile("正午|n[oO][oO][nN]|N[oO][oO][nN]|m[iIİı][dD][dD][aA][yY]|M[iIİı][dD][dD][aA][yY]")
_NOON_GATED = Gated(_NOON, _NOON_GATE, 0, re.compile("[正nm]", re.I))
_JOIN = re.compile(r"\s{0,2}(?:〜|~|-|–|—|から|より|to|until|till|through)\s{0,2}$", re.I)
_UNTIL = re.compile(r"\s?まで")
_OPEN = re.compile(r"\s?[〜~]")  # "14時〜": a start with no end given

_ABBR = "|".join(sorted(ABBREVIATIONS, key=len, reverse=True))
_PLACE = "|".join(sorted((p for p in PLACES if p.isascii()), key=len, reverse=True))
_ZONE = re.compile(
    r"[ \t]{0,3}\n?[ \t]{0,3}[(（\[]?\s?(?:"
    r"(?P<off>(?:UTC|GMT)\s?[-+]\s?\d{1,2}(?::?\d{2})?)"
    r"|(?P<abbr>" + _ABBR + r")\b"
    r"|(?P<place>" + _PLACE + r")(?:\s(?:standard|daylight))?\s(?:time|time\s?zone)\b"
    # "11 a.m. Pacific", "10 AM Eastern": the US regions name their zone without "time"
    r"|(?P<region>Pacific|Eastern|Central|Mountain)\b(?!\s(?:Ave|St|Rd|Blvd|Europe|Asia))"
    r"|(?P<ja>日本時間|東京時間|現地時間)"
    r")",
    re.I,
)


# Not frozen: a frozen dataclass sets each field through object.__setattr__, so that making one
# costs four times as much, and extraction makes tens of thousands. Nothing changes one once made.
@dataclass(slots=True)
class TimeMention:
    """A time of day (or a range) as written, with the zone written beside it."""

    start: int
    end: int
    hour: int
    minute: int
    end_time: tuple[int, int] | None = None
    zone: tzinfo | None = None
    zone_text: str = ""
    meridiem: str = ""
    """``am``/``pm``/``午前``/``午後`` as written on the start time, "" when none."""
    assumed_pm: bool = False
    """A bare 1 to 6 o'clock ("1時半", "2:00") was read as afternoon (see :data:`BUSINESS_PM`)."""


BUSINESS_PM = range(1, 7)
"""Hours that, written without 午前/午後/am/pm, a zero or a zone, mean the afternoon: nobody
books a business visit for 1:30 at night, while 「1時半から伺います」 is everyday usage."""


@dataclass
class _Single:
    start: int
    end: int
    hour: int
    minute: int
    meridiem: str
    padded: bool = False
    """The hour was written with a leading zero (01:30): a 24-hour clock, taken as written."""


def _hour(hour: int, meridiem: str) -> int | None:
    if meridiem in ("pm", "午後", "夕方", "夜"):
        if hour > 12:
            return hour if meridiem != "pm" else None
        return hour % 12 + 12
    if meridiem in ("am", "午前", "朝"):
        if hour > 12:
            return None
        return hour % 12
    return hour if hour <= 24 else None


def _singles(text: str, low: str | None) -> list[_Single]:
    found: list[_Single] = []
    for m in _COLON_GATED.finditer(text) if ":" in text else ():
        pre = (m["pre"] or "").replace(".", "")
        mer = (m["ap"] or "").lower() + "m" if m["ap"] else (pre.lower() if pre.isascii() else pre)
        found.append(_Single(m.start(), m.end(), int(m["h"]), int(m["mi"]), mer, m["h"].startswith("0")))
    for m in _JI_GATED.finditer(text) if "時" in text else ():
        minute = 30 if m["half"] else int(m["mi"] or 0)
        if minute > 59:
            continue
        found.append(_Single(m.start(), m.end(), int(m["h"]), minute, m["pre"] or ""))
    # the gate's [aApP] stops at every a and p; in low, an am/pm it finds is one of these
    meridiem = low is None or "am" in low or "pm" in low or "a.m" in low or "p.m" in low
    for m in _AMPM_GATED.finditer(text) if meridiem else ():
        found.append(_Single(m.start(), m.end(), int(m["h"]), 0, m["ap"].lower() + "m"))
    for m in _AT_GATED.finditer(text) if "at" in (text.lower() if low is None else low) else ():
        pre = (m["pre"] or "").lower()
        mer = "am" if pre == "morning" else "pm" if pre else ""
        if int(m["h"]) <= 12:
            found.append(_Single(m.start(), m.end(), int(m["h"]), 0, mer))
    # without İ ı ſ K (see cues.lowered) re.I finds noon and midday only where low has them
    noon = low is None or "正午" in text or "noon" in low or "midday" in low
    for m in _NOON_GATED.finditer(text) if noon else ():
        found.append(_Single(m.start(), m.end(), 12, 0, "noon"))
    found.sort(key=lambda s: (s.start, -(s.end - s.start)))
    kept: list[_Single] = []
    for s in found:
        if kept and s.start < kept[-1].end:
            continue
        kept.append(s)
    return kept


def find_times(text: str, low: str | None = None) -> list[TimeMention]:
    """Every time or time range in ``text`` (folded), in order.

    ``low`` is :func:`calcheck.extract.cues.lowered` of ``text`` when the caller has it; it only
    makes the quick tests for English words faster.
    """
    singles = _singles(text, low)
    out: list[TimeMention] = []
    i = 0
    while i < len(singles):
        first = singles[i]
        second = None
        if i + 1 < len(singles):
            nxt = singles[i + 1]
            gap = text[first.end:nxt.start]
            if len(gap) <= 8 and _JOIN.match(gap):
                second = nxt
        mention = _combine(text, first, second)
        if mention is not None:
            out.append(mention)
        i += 2 if second is not None else 1
    return out


def _combine(text: str, first: _Single, second: _Single | None) -> TimeMention | None:
    mer1, mer2 = first.meridiem, second.meridiem if second else ""
    if second is not None and not mer1 and mer2 in ("am", "pm") and first.hour <= 12:
        # "4:00-4:30 PM": the PM is the first time's too, unless that would put it after the end
        a1 = _hour(first.hour, mer2)
        a2 = _hour(second.hour, mer2)
        if a1 is not None and a2 is not None and (a1, first.minute) <= (a2, second.minute):
            mer1 = mer2
    if second is not None and mer1 in ("午後", "pm") and not mer2 and second.hour < 12:
        mer2 = mer1
    h = _hour(first.hour, mer1 if mer1 != "noon" else "")
    if h is None or h >= 24:
        return None
    end = first.end
    h2: int | None = None
    if second is not None:
        h2 = _hour(second.hour, mer2 if mer2 != "noon" else "")
        end = second.end
        m = _UNTIL.match(text, end)
        if m:
            end = m.end()
    else:
        m = _OPEN.match(text, end)
        if m:
            end = m.end()
    tz, zone_text, end = _zone_after(text, end)
    assumed = False
    if tz is None and not mer1 and not first.padded and h in BUSINESS_PM:
        h, assumed = h + 12, True
    if (second is not None and h2 is not None and tz is None and not mer2 and not second.padded
            and h2 in BUSINESS_PM and (assumed or (h2, second.minute) <= (h, first.minute))):
        h2 += 12  # "1時〜2時", "11時〜1時": the end is in the afternoon too
    end_time: tuple[int, int] | None = None
    if second is not None and h2 is not None and (h2, second.minute) > (h, first.minute) and h2 <= 24:
        end_time = (h2 % 24, second.minute) if h2 < 24 else (23, 59)
    return TimeMention(first.start, end, h, first.minute, end_time, tz, zone_text, mer1, assumed)


# Where _ZONE can match at all: its opening, then the first character of one of its names.
_ZONE_START = re.compile(r"[ \t]{0,3}\n?[ \t]{0,3}[(（\[]?\s?[a-z日東現]", re.I)


def _zone_after(text: str, pos: int) -> tuple[tzinfo | None, str, int]:
    m = _ZONE.match(text, pos) if _ZONE_START.match(text, pos) else None
    if not m:
        return None, "", pos
    tz: tzinfo | None = None
    if m["off"]:
        o = re.match(r"(?:UTC|GMT)\s?([-+])\s?(\d{1,2})(?::?(\d{2}))?", m["off"], re.I)
        tz = fixed_offset(o[1], o[2], o[3]) if o else None
    elif m["abbr"]:
        if not m["abbr"].isupper():
            return None, "", pos  # "et", "pt", "ct" in running text are words
        tz = zone(m["abbr"])
    elif m["place"]:
        tz = zone(m["place"].lower())
    elif m["region"]:
        if not m["region"][0].isupper():
            return None, "", pos  # "central" in running text is a word
        tz = zone(m["region"].lower())
    elif m["ja"] in ("日本時間", "東京時間"):
        tz = zone("Asia/Tokyo")
    if tz is None:
        return None, "", pos
    end = m.end()
    if text[end:end + 1] in ")）]":
        end += 1
    return tz, m[0].strip(), end
