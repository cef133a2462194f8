"""Lone events of an iCalendar file, read without building icalendar components.

Most of an exported calendar is lone events: a VEVENT with no RRULE, RDATE, EXDATE, EXRULE or
RECURRENCE-ID whose UID no other VEVENT shares. For those, icalendar's component tree and
recurring-ical-events' series machinery cost far more than the event needs (about 0.3 ms an
event, 1.6 s for a 5,000-event calendar). :func:`calcheck.calendars.ics.read_events` takes such
events through this module and hands icalendar only the rest of the file (its *skeleton*: the
calendar's own properties, VTIMEZONEs, series and anything unusual), then merges the two.

Exactness, not a second parser, is the point: every value is still decoded by icalendar's own
functions (parameter parsing, the value type it would choose, the same unescaping), and the
occurrence is computed by the same steps, with the libraries' own helpers, that
``x_wr_timezone.to_standard`` and recurring-ical-events' ``Series.between`` take for a lone event
(:func:`occurrence`). An event is taken here only when that is provably the same result;
anything else raises :class:`NotPlain` (or whatever the library raised) and the event stays in
the skeleton, where icalendar and recurring-ical-events read it, and log about it, as before:

- every line of the file splits the same way for us and for icalendar (a name made of letters,
  digits and "-" followed by ";" or ":"), and a candidate's lines have no backslash before the
  value; the block holds no component but VALARMs, and no line of it would make icalendar's
  parser raise (:meth:`Decoder.check`);
- a TZID on a date property is an IANA name as it stands: icalendar's zone lookup for such a
  name gives the same zone whatever the process has met before (VTIMEZONEs and other names are
  cached process-wide, in the order they are parsed), so reading it out of order is safe;
- start and end are both dates or both date-times, floating or in a ``ZoneInfo`` zone;
- the calendar is one VCALENDAR, with no CALSCALE other than GREGORIAN, no METHOD:CANCEL, and at
  most one X-WR-TIMEZONE that names an IANA zone.

An event is decoded only as far as needed: its text and attendees only when it falls in the window.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo, available_timezones

import icalendar
from icalendar.parser import Contentline, Parameters, split_on_unescaped_comma, unescape_backslash
from icalendar.timezone import tzp
from recurring_ical_events.util import (
    convert_to_date,
    convert_to_datetime,
    is_date,
    make_comparable,
    normalize_pytz,
    time_span_contains_event,
    to_recurrence_ids,
)
from x_wr_timezone import UTCChangingWalker  # type: ignore[import-untyped]

Line = tuple[str, str, str, str]
"""A repaired content line: (upper-cased name, name, parameters with their leading ";", value)."""

# What event_from_component and recurring-ical-events read of a lone VEVENT.
_TIMING = frozenset({"DTSTART", "DTEND", "DURATION", "SEQUENCE", "UID"})
_TEXT = frozenset({"SUMMARY", "LOCATION", "DESCRIPTION", "URL", "STATUS", "ATTENDEE", "ORGANIZER"})
_READ = _TIMING | _TEXT
# A series (or part of one), or a date property we would not look its TZID up for.
_NOT_LONE = frozenset({"RRULE", "RDATE", "EXDATE", "EXRULE", "RECURRENCE-ID", "DUE"})
# Properties whose TZID icalendar looks up while parsing (ComponentIcalParser.datetime_names).
_DATETIME_NAMES = frozenset({"DTSTART", "DTEND", "RECURRENCE-ID", "DUE", "RDATE", "EXDATE"})
_TYPES = icalendar.Calendar.types_factory
_IANA: frozenset[str] = frozenset()


class NotPlain(Exception):
    """This event is left to icalendar and recurring-ical-events."""


class _Dt:
    """A property holding a date or date-time, as recurring-ical-events' copy of an event has."""

    __slots__ = ("dt",)

    def __init__(self, dt: date) -> None:
        self.dt = dt


def _iana() -> frozenset[str]:
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
                if values[0] not in _iana():
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

    A candidate still has to pass :func:`occurrence`. None (read the whole file the usual way)
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


class Decoder:
    """Property values decoded exactly as icalendar's parser decodes them, remembered per value."""

    def __init__(self) -> None:
        self._params: dict[str, Parameters] = {}
        self._values: dict[tuple[str, str, str], Any] = {}
        self._checked: set[tuple[str, str, str]] = set()

    def _parameters(self, prop: str, params: str) -> Parameters:
        found = self._params.get(params)
        if found is None:
            # Only the part before the value colon decides the parameters (no backslash there).
            found = self._params[params] = Contentline(f"{prop}{params}:").raw_parts()[1]  # type: ignore[no-untyped-call]
        return found

    @staticmethod
    def _raw_values(upper: str, prop: str, params: str, value: str, factory: Any) -> list[str]:
        """The value strings ``ComponentIcalParser.handle_property`` passes on (not for CATEGORIES)."""
        if upper == "FREEBUSY":
            return cast(str, unescape_backslash(value)).split(",")
        if upper == "RDATE" and value == "":
            return []
        from_line = getattr(factory, "get_value_from_content_line", None)
        if from_line is not None:
            line = Contentline(f"{prop}{params}:{value}")  # type: ignore[no-untyped-call]
            return [cast(str, from_line(line))]
        return [cast(str, unescape_backslash(value))]

    def value(self, upper: str, prop: str, params: str, value: str) -> Any:
        """The property object icalendar would hold for this line; any doubt raises."""
        key = (upper, params, value)
        found = self._values.get(key)
        if found is not None:
            return found
        parameters = self._parameters(prop, params)
        tzid = parameters.get("TZID") if parameters and upper in _DATETIME_NAMES else None
        if tzid and not (isinstance(tzid, str) and tzid in _iana() and tzid.strip("/") == tzid):
            raise NotPlain(f"TZID {tzid!r} is looked up through icalendar's process-wide cache")
        factory: Any = _TYPES.for_property(upper, parameters.value)
        (raw,) = self._raw_values(upper, prop, params, value, factory)
        found = factory(factory.from_ical(raw, tzid) if tzid else factory.from_ical(raw))
        found.params = parameters
        self._values[key] = found
        return found

    def check(self, upper: str, prop: str, params: str, value: str, *, strict: bool) -> None:
        """Raise when icalendar's parser would raise out of this line, which we do not keep.

        The steps of ``ComponentIcalParser.handle_property`` and ``parse_and_add_property``: a value
        that does not parse is kept as broken in a VEVENT (``strict=False``) but fails the whole
        file in a VALARM (``strict=True``), unless it is an X- property.
        """
        key = (upper, params, value)
        if key in self._checked:
            return
        lenient = not strict or upper[:2] == "X-"
        try:
            parameters = self._parameters(prop, params)
        except ValueError:
            if strict:
                raise NotPlain("a line icalendar cannot split") from None
            self._checked.add(key)
            return  # the VEVENT drops the line
        if parameters and upper in _DATETIME_NAMES and parameters.get("TZID"):
            raise NotPlain("a zoned date property that is not one we read")
        factory: Any = _TYPES.for_property(upper, parameters.value)
        if upper == "CATEGORIES":
            try:
                factory(split_on_unescaped_comma(value))
            except ValueError:
                if not lenient:
                    raise NotPlain("a bad CATEGORIES") from None
        else:
            for raw in self._raw_values(upper, prop, params, value, factory):
                try:
                    parsed = factory.from_ical(raw)
                except (ValueError, TypeError):
                    if not lenient:
                        raise NotPlain(f"a bad {upper}") from None
                    continue
                factory(parsed)  # outside the parser's try, as there
        self._checked.add(key)

    def properties(self, lines: Sequence[Line], names: Collection[str]) -> dict[str, Any]:
        """The properties ``names`` of the lines, single or a list as icalendar's ``get`` gives them."""
        props: dict[str, Any] = {}
        for upper, prop, params, value in lines:
            if upper in names:
                decoded = self.value(upper, prop, params, value)
                old = props.get(upper)
                if old is None:
                    props[upper] = decoded
                elif isinstance(old, list):
                    old.append(decoded)
                else:
                    props[upper] = [old, decoded]
        return props


def _own_lines(lines: Sequence[Line], decoder: Decoder) -> list[Line]:
    """The lines of the event that we read; every other line, a VALARM's too, only checked."""
    own: list[Line] = []
    depth = 0
    for line in lines:
        upper = line[0]
        if upper in {"BEGIN", "END"}:
            depth += 1 if upper == "BEGIN" else -1
        elif depth:
            decoder.check(*line, strict=True)
        elif upper in _READ:
            own.append(line)
        else:
            decoder.check(*line, strict=False)
    return own


def _kind(value: Any) -> str:
    if type(value) is date:
        return "date"
    if type(value) is datetime and (value.tzinfo is None or type(value.tzinfo) is ZoneInfo):
        return "datetime"
    raise NotPlain(f"a start or end of type {type(value).__name__}")


def _raw_span(props: dict[str, Any]) -> tuple[Any, Any]:
    """``EventAdapter.raw_start`` and ``raw_end``."""
    raw_start = props["DTSTART"].dt
    dtend = props.get("DTEND")
    if dtend is not None:
        return raw_start, dtend.dt
    duration = props.get("DURATION")
    if duration is not None:
        from_start = raw_start
        if duration.dt.seconds != 0 and is_date(from_start):
            from_start = convert_to_datetime(from_start, None)
        return raw_start, normalize_pytz(from_start + duration.dt)
    return raw_start, raw_start + timedelta(days=1) if is_date(raw_start) else raw_start


def _between(raw_start: Any, raw_end: Any, lo: datetime, hi: datetime) -> tuple[Any, Any] | None:
    """The occurrence's (start, end) that ``Series.between(lo, hi)`` yields for a lone event, or None."""
    start, end = make_comparable((raw_start, raw_end))  # ComponentAdapter.span
    if start > end:
        start, end = end, start
    length = end - start  # ComponentAdapter.duration, by which the query span is extended
    # RecurrenceRules.make_all_dates_comparable and rrule_between
    aware = [d.tzinfo for d in (start, end) if isinstance(d, datetime) and d.tzinfo is not None]
    zone = aware[0] if aware else None
    first = convert_to_datetime(start, zone)
    after = convert_to_datetime(normalize_pytz(lo - length), zone)
    before = convert_to_datetime(normalize_pytz(hi + timedelta(0)), zone)
    if first > before or not first >= after:  # dateutil's rruleset.between(after, before, inc=True)
        return None
    to_recurrence_ids(first)
    convert_to_date(first)
    occ_start = normalize_pytz(first + timedelta(0))
    occ_end = normalize_pytz(occ_start + length)
    if not isinstance(start, datetime) and not isinstance(end, datetime):  # convert_to_original_type
        occ_start, occ_end = convert_to_date(occ_start), convert_to_date(occ_end)
    if not time_span_contains_event(lo, hi, occ_start, occ_end):  # Occurrence.is_in_span
        return None
    return occ_start, occ_end


def occurrence(lines: Sequence[Line], decoder: Decoder, lo: datetime, hi: datetime,
               x_wr_timezone: str | None = None) -> dict[str, Any] | None:
    """The lone event of ``lines`` as recurring-ical-events' ``between(lo, hi)`` returns it, or None.

    First X-WR-TIMEZONE moves DTSTART and DTEND as ``x_wr_timezone.to_standard`` does, with its
    own walker; then the steps of ``Series.between`` (:func:`_between`). The result maps property
    names to values like the component recurring-ical-events returns, for ``event_from_component``.
    Raises when the event is not plain, or when the libraries would have raised on it.
    """
    own = _own_lines(lines, decoder)
    props = decoder.properties(own, _TIMING)
    if x_wr_timezone is not None:
        walker = UTCChangingWalker(ZoneInfo(x_wr_timezone))
        for name in ("DTSTART", "DTEND"):
            if name in props:
                props[name] = walker.walk_value(props[name])
    raw_start, raw_end = _raw_span(props)
    if _kind(raw_start) != _kind(raw_end):
        raise NotPlain("a date start with a date-time end, or the reverse")
    if not isinstance(props.get("SEQUENCE", -1), int):
        raise NotPlain("SEQUENCE is not one integer")
    span = _between(raw_start, raw_end, lo, hi)
    if span is None:
        return None
    props.update(decoder.properties(own, _TEXT))
    props.pop("DURATION", None)
    props["DTSTART"], props["DTEND"] = _Dt(span[0]), _Dt(span[1])
    return props
