"""How an entry differs from the appointment a mail confirms: :func:`differences`. Pure.

``date`` and ``time`` as seen in the owner's zone; ``timezone`` when the entry is the same
wall-clock time read in another zone (14:00 JST stored as 14:00Z, 10:00 AM PST entered at
10:00 JST: the zones the mail stated, besides the owner's and UTC, are read from the evidence);
``duration`` when both ends are known and the lengths differ.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from calcheck.model import Appointment, CalendarEvent

__all__ = ["differences"]

_ZONE_WORDS = {
    "jst": 9, "kst": 9, "sgt": 8, "hkt": 8, "cst-china": 8, "awst": 8, "ict": 7, "wib": 7, "ist": 5.5,
    "gst": 4, "msk": 3, "eet": 2, "eest": 3, "cet": 1, "cest": 2, "bst": 1, "gmt": 0, "utc": 0, "wet": 0,
    "edt": -4, "est": -5, "cdt": -5, "cst": -6, "mdt": -6, "mst": -7, "pdt": -7, "pst": -8, "akst": -9,
    "hst": -10, "aest": 10, "aedt": 11, "acst": 9.5, "nzst": 12, "nzdt": 13,
}
_ZONE_NAMES = {
    "singapore": "Asia/Singapore", "hong kong": "Asia/Hong_Kong", "japan": "Asia/Tokyo",
    "tokyo": "Asia/Tokyo", "korea": "Asia/Seoul", "seoul": "Asia/Seoul", "china": "Asia/Shanghai",
    "beijing": "Asia/Shanghai", "india": "Asia/Kolkata", "sydney": "Australia/Sydney",
    "london": "Europe/London", "uk": "Europe/London", "paris": "Europe/Paris", "berlin": "Europe/Berlin",
    "central european": "Europe/Berlin", "pacific": "America/Los_Angeles",
    "mountain": "America/Denver", "central": "America/Chicago", "eastern": "America/New_York",
    "new york": "America/New_York", "los angeles": "America/Los_Angeles",
    "san francisco": "America/Los_Angeles",
}
_ZONE_NAME = re.compile(r"\b(" + "|".join(sorted(_ZONE_NAMES, key=len, reverse=True))
                        + r")(?:\s+(?:standard|daylight))?\s+time\b", re.IGNORECASE)
_OFFSET = re.compile(r"\b(?:gmt|utc)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?", re.IGNORECASE)
_ZONE_WORD = re.compile(r"\b(" + "|".join(sorted(_ZONE_WORDS, key=len, reverse=True)) + r")\b", re.IGNORECASE)
_LETTER = re.compile("[a-z]", re.IGNORECASE)
"""What every match of the three patterns above holds: a letter as re.IGNORECASE sees one (A-Z,
a-z, and İ ı ſ K). Most evidence (「12月22日（火）17:30～19:00」) has none, and is ruled out at once."""


def _stated_zones(appt: Appointment) -> set[tzinfo]:
    """The zones the mail stated the time in: the appointment's own, and any named in the evidence."""
    zones: set[tzinfo] = set()
    if appt.start.tzinfo is not None:
        offset = appt.start.utcoffset()
        if offset is not None:
            zones.add(timezone(offset))
    if _LETTER.search(appt.evidence) is None:
        return zones
    for match in _OFFSET.finditer(appt.evidence):
        hours = int(match.group(2)) + int(match.group(3) or 0) / 60
        if hours < 24:  # "GMT+91" is no offset
            zones.add(timezone(timedelta(hours=hours if match.group(1) == "+" else -hours)))
    # Ignoring case, the patterns also match "İST" or "eſt", whose lower() is no key: no zone.
    for match in _ZONE_NAME.finditer(appt.evidence):
        name = _ZONE_NAMES.get(match.group(1).lower())
        offset = appt.start.astimezone(ZoneInfo(name)).utcoffset() if name else None
        if offset is not None:
            zones.add(timezone(offset))
    for match in _ZONE_WORD.finditer(appt.evidence):
        word_hours = _ZONE_WORDS.get(match.group(1).lower())
        if word_hours is not None:
            zones.add(timezone(timedelta(hours=word_hours)))
    return zones


def differences(appt: Appointment, event: CalendarEvent, tz: tzinfo) -> tuple[str, ...]:
    """The ways ``event`` differs from ``appt``, as seen in the owner's zone ``tz``."""
    diffs: list[str] = []
    if event.start != appt.start:
        a, e = appt.start.astimezone(tz), event.start.astimezone(tz)
        # The same wall-clock time read in two zones of different offsets.
        wrong_zone = False
        if not event.all_day:
            appt_zones = _stated_zones(appt) | {tz, UTC}
            # Two readings of one wall-clock time are as far apart as their zones' offsets, each
            # under a day either way: an entry two days off or more is not looked at closer.
            if not _days_apart(appt.start, event.start):
                event_zones = {z for z in (event.start.tzinfo, tz, UTC) if z is not None}
                theirs = [(local.replace(tzinfo=None), local.utcoffset())
                          for local in (event.start.astimezone(ze) for ze in event_zones)]
                for za in appt_zones:
                    local = appt.start.astimezone(za)
                    wall, offset = local.replace(tzinfo=None), local.utcoffset()
                    if any(wall == w and offset != o for w, o in theirs):
                        wrong_zone = True
                        break
        if wrong_zone:
            diffs.append("timezone")
        else:
            if a.date() != e.date():
                diffs.append("date")
            if event.all_day or a.time() != e.time():
                diffs.append("time")
    if (appt.end and event.end and not event.all_day
            and appt.end - appt.start != event.end - event.start):
        diffs.append("duration")
    return tuple(diffs)


_TWO_DAYS = timedelta(days=2)


def _days_apart(a: datetime, b: datetime) -> bool:
    """Whether aware ``a`` and ``b`` are two days apart or more (False if either is naive)."""
    return a.utcoffset() is not None and b.utcoffset() is not None and abs(a - b) >= _TWO_DAYS
