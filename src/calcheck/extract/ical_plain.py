"""The plain invitation read without icalendar: what icalendar would make of it, for a fraction.

Most invitations are one VEVENT of a few well-formed lines (DTSTART;TZID=Asia/Tokyo:20261225T153000,
SUMMARY, ORGANIZER, ATTENDEE ...), and parsing them with icalendar is most of the cost of an
invitation. :func:`plain_times` reads such a calendar's repaired lines directly and gives
what :func:`calcheck.extract.ical._one` would take from icalendar's parse, or None for any
calendar it is not sure of, which icalendar then reads. It is sure only when:

* the lines are BEGIN:VCALENDAR, calendar properties icalendar reads as text (VERSION, PRODID,
  METHOD, CALSCALE, X-...) without parameters, which can therefore not fail to parse (a failure
  there makes icalendar give up the whole calendar), one BEGIN:VEVENT ... END:VEVENT and
  END:VCALENDAR, no other component (no VTIMEZONE, VALARM);
* the event has none of the properties ``_one`` and ``_from_event`` look at besides DTSTART,
  DTEND and UID (no RRULE, RECURRENCE-ID, DURATION; a STATUS only as one word, not CANCELLED),
  and its other properties are of the listed kinds whose values icalendar reads as text,
  integer or date-time: a failure there only marks that property broken (icalendar's event
  ignores such errors) and nothing here reads it;
* DTSTART (once; DTEND at most once) is ``YYYYMMDDTHHMMSS`` with a TZID that
  :func:`calcheck.extract.zones.zone` knows (``_when`` puts that zone on whatever icalendar
  gave), or with Z, or floating (the owner's zone); UID at most once, without parameters or
  backslashes (icalendar would unescape them).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, tzinfo

from calcheck.extract.zones import zone

Line = tuple[str, str, str]

_TOP = frozenset({"VERSION", "PRODID", "METHOD", "CALSCALE"})
_EVENT = frozenset({"DTSTAMP", "CREATED", "LAST-MODIFIED", "SUMMARY", "DESCRIPTION", "LOCATION",
                    "ORGANIZER", "ATTENDEE", "CLASS", "TRANSP", "SEQUENCE", "PRIORITY"})
# parameters Contentline splits plainly: no quotes, escapes, commas or VALUE (which picks the type)
_PARAMS = re.compile(r"(?:;(?!VALUE=)[A-Za-z][A-Za-z0-9-]*=[^\";:,\\]*)*", re.I)
_TZID = re.compile(r";TZID=([A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9_+-]+)*)")
_STAMP = re.compile(r"(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z?)")
_WORD = re.compile(r"[A-Z-]+")


def plain_times(raw: list[Line], tz: tzinfo) -> tuple[datetime, datetime | None, str | None] | None:
    """The event's start and end (as ``_when`` gives them) and UID, or None when not sure."""
    found = _event(raw)
    if found is None or "DTSTART" not in found:
        return None
    status, uid = found.get("STATUS"), found.get("UID")
    if status is not None and (status[0] or not _WORD.fullmatch(status[1]) or status[1] == "CANCELLED"):
        return None
    if uid is not None and (uid[0] or "\\" in uid[1]):
        return None
    start = _when(*found["DTSTART"], tz)
    stop = _when(*found["DTEND"], tz) if "DTEND" in found else None
    if start is None or ("DTEND" in found and stop is None):
        return None
    return start, stop, (uid[1].strip() or None) if uid is not None else None


def _event(raw: list[Line]) -> dict[str, tuple[str, str]] | None:
    """The parameters and value of the one event's DTSTART, DTEND, UID and STATUS (None: not
    a plain calendar, or one of them twice)."""
    if len(raw) < 4 or raw[0] != ("BEGIN", "", "VCALENDAR") or raw[-1] != ("END", "", "VCALENDAR"):
        return None
    try:
        begin, end = raw.index(("BEGIN", "", "VEVENT")), raw.index(("END", "", "VEVENT"))
    except ValueError:
        return None
    if end < begin or any(params or not (name in _TOP or name.startswith("X-"))
                          for name, params, _value in raw[1:begin] + raw[end + 1:-1]):
        return None
    found: dict[str, tuple[str, str]] = {}
    for name, params, value in raw[begin + 1:end]:
        if name in ("DTSTART", "DTEND", "UID", "STATUS"):
            if name in found:
                return None
            found[name] = (params, value)
        elif not ((name in _EVENT or name.startswith("X-")) and _PARAMS.fullmatch(params)):
            return None
    return found


def _when(params: str, value: str, tz: tzinfo) -> datetime | None:
    m = _STAMP.fullmatch(value)
    if m is None:
        return None
    try:
        naive = datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5]), int(m[6]))
    except ValueError:
        return None
    if params:
        t = _TZID.fullmatch(params)
        known = zone(t[1]) if t is not None and not m[7] else None
        return None if known is None else naive.replace(tzinfo=known)
    return naive.replace(tzinfo=UTC) if m[7] else naive.replace(tzinfo=tz)
