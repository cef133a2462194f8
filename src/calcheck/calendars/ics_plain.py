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
(:class:`Lone`). An event is taken here only when that is provably the same result;
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

Which events are candidates is :mod:`.ics_scan`'s part. A candidate is read in two steps, so that
the part that needs no window can be done early (:meth:`calcheck.calendars.ics.IcsFileCalendar.prepare`):
building a :class:`Lone` decodes what decides its span, :meth:`Lone.in_window` and
:meth:`Lone.occurrence` do the rest. The steps keep the libraries' order, and whatever a step
computes without the window, a failure included, is remembered, so an event read early or late,
once or twice, gives the same answer. Its text and attendees are decoded only when asked for.

Where icalendar's value object is only ever read one way, we keep only that (:meth:`Decoder.plain`):
the ``str`` of a TEXT value (``vText`` is a ``str`` of its unescaped text), the ``str`` and
parameters of an address, and the ``.dt`` of a date, date-time or duration (what ``vDDDTypes``
stores unchanged); any other type stays icalendar's.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime, timedelta, tzinfo
from typing import Any, cast
from zoneinfo import ZoneInfo

import icalendar
from icalendar.parser import Contentline, Parameters, split_on_unescaped_comma, unescape_backslash
from icalendar.prop import vCalAddress, vDDDTypes, vText
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

from calcheck.calendars.ics_scan import Line, Plan, iana, lone_vevents

__all__ = ["Decoder", "Line", "Lone", "NotPlain", "Plan", "lone_vevents", "walker"]

# What event_from_component and recurring-ical-events read of a lone VEVENT.
_TIMING = frozenset({"DTSTART", "DTEND", "DURATION", "SEQUENCE", "UID"})
_TEXT = frozenset({"SUMMARY", "LOCATION", "DESCRIPTION", "URL", "STATUS", "ATTENDEE", "ORGANIZER"})
_READ = _TIMING | _TEXT
# Properties whose TZID icalendar looks up while parsing (ComponentIcalParser.datetime_names).
_DATETIME_NAMES = frozenset({"DTSTART", "DTEND", "RECURRENCE-ID", "DUE", "RDATE", "EXDATE"})
_TYPES = icalendar.Calendar.types_factory
_DT_TYPES = (datetime, date, timedelta)


class NotPlain(Exception):
    """This event is left to icalendar and recurring-ical-events."""


class _Dt:
    """A property holding a date, date-time or duration, as recurring-ical-events' copy of an event has."""

    __slots__ = ("dt",)

    def __init__(self, dt: date | timedelta) -> None:
        self.dt = dt


class _Address(str):
    """A ``vCalAddress`` as far as it is read: its text and its parameters."""

    __slots__ = ("params",)
    params: Parameters


def _recall(outcome: Any) -> Any:
    """A remembered result, or the remembered failure raised again."""
    if isinstance(outcome, Exception):
        raise outcome
    return outcome


class Decoder:
    """Property values decoded exactly as icalendar's parser decodes them, remembered per value."""

    def __init__(self) -> None:
        self._params: dict[str, Parameters] = {}
        self._types: dict[tuple[str, str], tuple[Parameters, Any, Any, str]] = {}
        self._values: dict[tuple[str, str, str], Any] = {}
        self._dts: dict[tuple[str, str, str], _Dt] = {}
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

    def _type(self, upper: str, prop: str, params: str) -> tuple[Parameters, Any, Any, str]:
        """The parameters, the value type, the TZID looked up and how :meth:`plain` may read it."""
        key = (upper, params)
        found = self._types.get(key)
        if found is None:
            parameters = self._parameters(prop, params)
            tzid = parameters.get("TZID") if parameters and upper in _DATETIME_NAMES else None
            if tzid and not (isinstance(tzid, str) and tzid in iana() and tzid.strip("/") == tzid):
                raise NotPlain(f"TZID {tzid!r} is looked up through icalendar's process-wide cache")
            factory: Any = _TYPES.for_property(upper, parameters.value)
            how = ""
            special = upper in {"FREEBUSY", "RDATE", "CATEGORIES"}
            if not special and not hasattr(factory, "get_value_from_content_line"):
                how = {vText: "text", vDDDTypes: "dt", vCalAddress: "address"}.get(factory, "")
            found = self._types[key] = (parameters, factory, tzid, how)
        return found

    def value(self, upper: str, prop: str, params: str, value: str) -> Any:
        """The property object icalendar would hold for this line; any doubt raises."""
        key = (upper, params, value)
        found = self._values.get(key)
        if found is not None:
            return found
        parameters, factory, tzid, _ = self._type(upper, prop, params)
        (raw,) = self._raw_values(upper, prop, params, value, factory)
        found = factory(factory.from_ical(raw, tzid) if tzid else factory.from_ical(raw))
        found.params = parameters
        self._values[key] = found
        return found

    def plain(self, upper: str, prop: str, params: str, value: str) -> Any:
        """:meth:`value`, or as much of it as anyone reads (see the module docstring).

        A TEXT value gives its ``str``: ``vText(vText.from_ical(raw))`` is a ``str`` equal to
        ``raw``, and only its ``str`` is read. An address gives an :class:`_Address`, its ``str``
        and parameters being all that is read of a ``vCalAddress``. A ``vDDDTypes`` gives a
        :class:`_Dt` of what ``from_ical`` parsed, when that is a date, date-time or duration,
        which the constructor keeps as its ``.dt`` without a check that could fail.
        """
        parameters, factory, tzid, how = self._type(upper, prop, params)
        if how == "text":
            return unescape_backslash(value) if "\\" in value else value
        if how == "address":
            raw = unescape_backslash(value) if "\\" in value else value
            if "\r" not in raw and "\n" not in raw:  # which vCalAddress refuses
                address = _Address(raw)
                address.params = parameters
                return address
        if how == "dt":
            key = (upper, params, value)
            found = self._dts.get(key)
            if found is not None:  # a calendar's events start and end at a few thousand times
                return found
            raw = unescape_backslash(value) if "\\" in value else value
            parsed = factory.from_ical(raw, tzid) if tzid else factory.from_ical(raw)
            if type(parsed) in _DT_TYPES:
                found = self._dts[key] = _Dt(parsed)
                return found
        return self.value(upper, prop, params, value)

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
                decoded = self.plain(upper, prop, params, value)
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




def walker(x_wr_timezone: str | None) -> Any:
    """What moves floating and UTC times to the calendar's X-WR-TIMEZONE, for :class:`Lone`; None for none."""
    return None if x_wr_timezone is None else UTCChangingWalker(ZoneInfo(x_wr_timezone))


def _walk(walker: Any, prop: Any) -> Any:
    """``walker.walk_value(prop)`` as far as it is read: ``vDDDTypes`` walks and keeps its ``.dt``."""
    if type(prop) is _Dt:
        return _Dt(walker.walk_value(prop.dt))
    return walker.walk_value(prop)


class Lone:
    """A candidate lone event, as recurring-ical-events' ``between(lo, hi)`` would return it.

    Building one reads what decides its span: X-WR-TIMEZONE moves DTSTART and DTEND as
    ``x_wr_timezone.to_standard`` does (``walker``, a ``UTCChangingWalker``), then the steps of
    ``Series.between`` up to where the window comes in. It raises when the event is not plain, or
    when the libraries would have raised on it, whatever the window.
    """

    __slots__ = ("_dates", "_decoder", "_first", "_length", "_occurrence", "_own", "_props", "_span",
                 "_zone")

    def __init__(self, lines: Sequence[Line], decoder: Decoder, walker: Any = None) -> None:
        own = _own_lines(lines, decoder)
        props = decoder.properties(own, _TIMING)
        if walker is not None:
            for name in ("DTSTART", "DTEND"):
                if name in props:
                    props[name] = _walk(walker, props[name])
        raw_start, raw_end = _raw_span(props)
        if _kind(raw_start) != _kind(raw_end):
            raise NotPlain("a date start with a date-time end, or the reverse")
        if not isinstance(props.get("SEQUENCE", -1), int):
            raise NotPlain("SEQUENCE is not one integer")
        start, end = make_comparable((raw_start, raw_end))  # ComponentAdapter.span
        if start > end:
            start, end = end, start
        self._length = end - start  # ComponentAdapter.duration, by which the query span is extended
        # RecurrenceRules.make_all_dates_comparable and rrule_between
        aware = [d.tzinfo for d in (start, end) if isinstance(d, datetime) and d.tzinfo is not None]
        self._zone: tzinfo | None = aware[0] if aware else None
        self._first = convert_to_datetime(start, self._zone)
        self._dates = not isinstance(start, datetime) and not isinstance(end, datetime)
        self._own, self._props, self._decoder = own, props, decoder
        self._span: Any = None
        self._occurrence: Any = None

    def in_window(self, lo: datetime, hi: datetime) -> bool:
        """Whether ``Series.between(lo, hi)`` yields the event; raises where it would raise."""
        after = convert_to_datetime(normalize_pytz(lo - self._length), self._zone)
        before = convert_to_datetime(normalize_pytz(hi + timedelta(0)), self._zone)
        first = self._first
        if first > before or not first >= after:  # dateutil's rruleset.between(after, before, inc=True)
            return False
        start, end = self._occurrence_span()
        return bool(time_span_contains_event(lo, hi, start, end))  # Occurrence.is_in_span

    def _occurrence_span(self) -> tuple[Any, Any]:
        """The occurrence's start and end, once the window has let its start through."""
        if self._span is None:
            try:
                first = self._first
                to_recurrence_ids(first)
                convert_to_date(first)
                start = normalize_pytz(first + timedelta(0))
                end = normalize_pytz(start + self._length)
                if self._dates:  # convert_to_original_type
                    start, end = convert_to_date(start), convert_to_date(end)
                self._span = (start, end)
            except Exception as exc:
                self._span = exc
        return cast(tuple[Any, Any], _recall(self._span))

    def occurrence(self) -> dict[str, Any]:
        """The occurrence for a window it is in, as a map of property names to values.

        Like the component recurring-ical-events returns, for ``event_from_component``.
        """
        if self._occurrence is None:
            try:
                start, end = self._occurrence_span()
                props = self._props
                props.update(self._decoder.properties(self._own, _TEXT))
                props.pop("DURATION", None)
                props["DTSTART"], props["DTEND"] = _Dt(start), _Dt(end)
                self._occurrence = props
            except Exception as exc:
                self._occurrence = exc
        return cast(dict[str, Any], _recall(self._occurrence))
