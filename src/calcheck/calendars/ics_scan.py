"""Which VEVENTs of a repaired iCalendar file are candidate *lone* events (:func:`lone_vevents`).

One pass over the content lines, nesting them as icalendar's parser does (an END closes whatever
is open). A candidate is a top-level VEVENT with no RRULE, RDATE, EXDATE, EXRULE, RECURRENCE-ID
or DUE, no subcomponent but VALARMs, and a UID no other VEVENT shares (once backslashes are
dropped, so that no escaped UID decodes to it). The whole file is declared unusual (None, read it
the usual way) for anything but one VCALENDAR whose lines nest and split as icalendar splits them,
and for a calendar CALSCALE, METHOD or X-WR-TIMEZONE that the short way does not follow. Whether
a candidate really is read the short way is decided by :mod:`.ics_plain`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from zoneinfo import available_timezones

from icalendar.timezone import tzp

Line = tuple[str, str, str, str]
"""A repaired content line: (upper-cased name, name, parameters with their leading ";", value)."""

# A series (or part of one), or a date property we would not look its TZID up for.
_NOT_LONE = frozenset({"RRULE", "RDATE", "EXDATE", "EXRULE", "RECURRENCE-ID", "DUE"})
_IANA: frozenset[str] = frozenset()


def iana() -> frozenset[str]:
    """The names of the zone database, IANA names such as "Asia/Tokyo"."""
    global _IANA  # noqa: PLW0603 - one scan of the zone database per process
    if not _IANA:
        _IANA = frozenset(available_timezones())
    return _IANA


class _Unusual(Exception):
    """The file is not one to take apart: read it whole."""


@dataclass
class Plan:
    """What :func:`lone_vevents` found."""

    blocks: list[tuple[int, int]] = field(default_factory=list)
    """``(begin, end)`` line indexes of the candidate lone VEVENTs."""
    x_wr_timezone: str | None = None
    """The calendar's X-WR-TIMEZONE, an IANA name, which floating and UTC times are moved to."""


class _Scan:
    """One pass over the lines, as icalendar's parser nests them (an END closes whatever is open)."""

    def __init__(self) -> None:
        self.stack: list[str] = []
        self.open_vevents: list[int] = []  # index into uids of each open VEVENT
        self.uids: list[list[str]] = []  # the UID values of each VEVENT, anywhere
        self.blocks: list[tuple[int, int, int]] = []  # begin, end, index into uids
        self.tops = 0
        self.begin = self.own = -1  # the candidate being read
        self.lone = False
        self.calendar: dict[str, list[str]] = {}  # CALSCALE, METHOD, X-WR-TIMEZONE values

    def line(self, index: int, upper: str, params: str, value: str) -> None:
        if params and (params[0] != ";" or "\\" in params):
            # icalendar would read another name out of this line, or might split it elsewhere
            if params[0] != ";" or upper in {"BEGIN", "END"}:
                raise _Unusual
            self.lone = False
        if upper == "BEGIN":
            self.open(index, value)
        elif upper == "END":
            self.close(index, value)
        elif not self.stack:
            raise _Unusual  # a property outside the calendar
        elif len(self.stack) == 1:
            if upper in {"CALSCALE", "METHOD", "X-WR-TIMEZONE"}:
                self.calendar.setdefault(upper, []).append(value)
        else:
            if upper in _NOT_LONE:
                self.lone = False
            if upper == "UID" and self.stack[-1] == "VEVENT":
                if params:
                    raise _Unusual  # a VALUE parameter could make it decode to another VEVENT's UID
                self.uids[self.open_vevents[-1]].append(value)

    def open(self, index: int, value: str) -> None:
        if "\\" in value:
            raise _Unusual
        name = value.upper()
        depth = len(self.stack)
        if depth == 0:
            self.tops += 1
            if self.tops > 1 or name != "VCALENDAR":
                raise _Unusual
        elif depth == 1 and name == "VEVENT":
            self.begin, self.lone, self.own = index, True, len(self.uids)
        elif not (depth == 2 and name == "VALARM"):
            self.lone = False  # another subcomponent of a candidate, or deeper
        self.stack.append(name)
        if name == "VEVENT":
            self.open_vevents.append(len(self.uids))
            self.uids.append([])

    def close(self, index: int, value: str) -> None:
        if not self.stack or "\\" in value:
            raise _Unusual
        if self.stack.pop() == "VEVENT":
            self.open_vevents.pop()
        if len(self.stack) == 1 and self.begin >= 0:
            if self.lone and value.upper() == "VEVENT":
                self.blocks.append((self.begin, index, self.own))
            self.begin = -1

    def plan(self) -> Plan:
        if self.stack or self.tops != 1:
            raise _Unusual
        plan = Plan()
        for name, values in self.calendar.items():
            if len(values) > 1 or "\\" in values[0]:
                raise _Unusual
            if name == "CALSCALE" and values[0] != "GREGORIAN":
                raise _Unusual  # recurring-ical-events refuses the calendar
            if name == "METHOD" and values[0].upper() == "CANCEL":
                raise _Unusual  # no events at all; the usual way says so
            if name == "X-WR-TIMEZONE":
                if values[0] not in iana():
                    raise _Unusual  # x_wr_timezone would fail on it, and so the whole calendar
                plan.x_wr_timezone = values[0]
        # A UID that another VEVENT shares makes a series (or a duplicate that hides one copy). A
        # candidate's UID has no backslash, so it is its own decoded value, and any other UID
        # that decodes to it is the same once its backslashes are dropped.
        counts: Counter[str] = Counter()
        for values in self.uids:
            counts.update({key for v in values for key in (v, v.replace("\\", ""))})
        for begin, end, own in self.blocks:
            uids = self.uids[own]
            if len(uids) == 1 and uids[0] and "\\" not in uids[0] and counts[uids[0]] == 1:
                plan.blocks.append((begin, end))
        return plan


def lone_vevents(lines: Sequence[Line]) -> Plan | None:
    """The candidate lone VEVENTs of ``lines``, or None when the file is unusual.

    A candidate still has to pass :class:`.ics_plain.Lone`. None (read the whole file the usual way)
    for anything but one VCALENDAR whose lines nest and split as icalendar splits them, and for
    the calendar properties named in the module docstring.
    """
    if not tzp.uses_zoneinfo():
        return None  # pytz zones need recurring-ical-events' own care
    scan = _Scan()
    try:
        for index, (upper, _, params, value) in enumerate(lines):
            scan.line(index, upper, params, value)
        return scan.plan()
    except _Unusual:
        return None

