"""``ics:PATH`` and ``ics:https://...``: a calendar exported to, or published as, an iCalendar file.

Parsing is icalendar's and recurrence expansion (RRULE, RDATE, EXDATE, RECURRENCE-ID overrides,
X-WR-TIMEZONE for floating times) is recurring-ical-events'. What is ours:

- A light *repair* pass over the text before icalendar sees it, for the damage real exporters
  do (:mod:`.ics_repair`). Every repair is logged with the line number.
- Expansion series by series when the whole calendar cannot be expanded at once, so one bad
  event or series is logged and skipped and never hides the rest.
- Turning each occurrence into a :class:`CalendarEvent` with an aware start: floating times
  (no TZID, or a TZID nobody defines) are read in the calendar's X-WR-TIMEZONE or else the
  owner's zone, never as UTC; a TZID that names a zone (IANA, or Windows: "Tokyo Standard
  Time") is read in that IANA zone, other TZIDs through the file's VTIMEZONE (see
  :func:`_named_zone` for why the name wins); all-day events start at local
  midnight in the owner's zone. Cancelled occurrences, events of a METHOD:CANCEL file and
  events the owner declined are left out.
- Speed (:func:`read_events`): lone events, most of a calendar, skip icalendar's component tree
  and the series machinery, with exactly the same result (:mod:`.ics_plain`).

The published-address variant (``ics:https://...``) is :mod:`.ics_url`.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events

from calcheck.calendars.ics_repair import join as _join
from calcheck.calendars.ics_repair import repair, repair_lines
from calcheck.errors import CalendarError
from calcheck.extract.zones import zone as named_zone
from calcheck.model import CalendarEvent

log = logging.getLogger(__name__)

try:  # The short way leans on the libraries' own helpers; a release that moves them leaves the usual way.
    from calcheck.calendars import ics_plain as plain
except (ImportError, AttributeError) as exc:  # pragma: no cover - depends on the installed versions
    log.debug("lone events go the usual way: %s", exc)
    plain = None  # type: ignore[assignment]

def _calendar_text(data: bytes, name: str) -> str:
    text = data.decode("utf-8", errors="replace").lstrip("\ufeff")
    if not text.lstrip().upper().startswith("BEGIN:VCALENDAR"):
        start = text.lstrip()[:40]
        raise CalendarError(f"{name}: not an iCalendar file (it starts with {start!r}, not BEGIN:VCALENDAR)")
    return text


def _parse(repaired: str, name: str) -> icalendar.Calendar:
    try:
        return icalendar.Calendar.from_ical(repaired)
    except (ValueError, IndexError, KeyError, TypeError) as exc:
        raise CalendarError(f"{name}: not a readable iCalendar file ({str(exc)[:200]})") from exc


def parse_calendar(data: bytes, name: str) -> icalendar.Calendar:
    """Parse iCalendar bytes; a file that cannot be parsed raises CalendarError naming it."""
    return _parse(repair(_calendar_text(data, name), name), name)


def _named_zone(zone: tzinfo) -> tzinfo:
    """The IANA zone a VTIMEZONE's TZID names ("Tokyo Standard Time", "Europe/Berlin"), else ``zone``.

    icalendar caches VTIMEZONEs by TZID for the whole process, so a broken definition met in one
    file (an invitation in a mail) would otherwise decide how another file is read. The name is
    the better witness, and it is the one extraction trusts too.
    """
    if isinstance(zone, ZoneInfo):
        return zone
    name = getattr(zone, "_tzid", None) or getattr(zone, "zone", None)
    if not isinstance(name, str):
        return zone
    return named_zone(name) or zone


def _aware(value: date | datetime, tz: tzinfo) -> tuple[datetime, bool]:
    """An aware datetime for a DTSTART/DTEND value, and whether it was a whole day."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=tz), False
        return value.replace(tzinfo=_named_zone(value.tzinfo)), False
    return datetime.combine(value, time(0), tzinfo=tz), True


def _text(component: Any, name: str) -> str:
    value = component.get(name)
    if isinstance(value, list):
        value = value[0] if value else None
    return str(value) if value is not None else ""


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _address(value: Any) -> str:
    return re.sub(r"^mailto:", "", str(value).strip(), flags=re.IGNORECASE).lower()


def _people(component: Any) -> tuple[str, ...]:
    people: list[str] = []
    for name in ("ORGANIZER", "ATTENDEE"):
        for value in _as_list(component.get(name)):
            people.append(_address(value))
            cn = getattr(value, "params", {}).get("CN")
            if cn:
                people.append(str(cn))
    return tuple(people)


def _declined_by(component: Any, owner: str) -> bool:
    owner = owner.lower()
    for value in _as_list(component.get("ATTENDEE")):
        if _address(value) == owner:
            return str(getattr(value, "params", {}).get("PARTSTAT", "")).upper() == "DECLINED"
    return False


def event_from_component(component: Any, tz: tzinfo, owner: str | None = None,
                         recurring: bool = False) -> CalendarEvent | None:
    """One VEVENT occurrence as a :class:`CalendarEvent`; None for cancelled or declined ones."""
    if _text(component, "STATUS").upper() == "CANCELLED":
        return None
    if owner and _declined_by(component, owner):
        return None
    dtstart = _as_list(component.get("DTSTART"))
    if not dtstart:
        return None
    start, all_day = _aware(dtstart[0].dt, tz)
    dtend = _as_list(component.get("DTEND"))
    duration = component.get("DURATION")
    end: datetime | None
    if dtend:
        end, _ = _aware(dtend[0].dt, tz)
    elif duration is not None:
        end = start + duration.dt
    else:
        # RFC 5545: no DTEND and no DURATION is one day for a date, zero length for a date-time.
        end = start + timedelta(days=1) if all_day else None
    if end is not None and end < start:
        end = None
    return CalendarEvent(
        id=_text(component, "UID"),
        summary=_text(component, "SUMMARY"),
        start=start,
        end=end,
        all_day=all_day,
        location=_text(component, "LOCATION"),
        description=_text(component, "DESCRIPTION"),
        attendees=_people(component),
        link=_text(component, "URL") or None,
        recurring=recurring,
    )


def _recurring_uids(cal: icalendar.Calendar) -> set[str]:
    uids: set[str] = set()
    for component in cal.walk("VEVENT"):
        if any(component.get(p) is not None for p in ("RRULE", "RDATE", "RECURRENCE-ID")):
            uids.add(_text(component, "UID"))
    return uids


def _series(cal: icalendar.Calendar) -> Iterable[icalendar.Calendar]:
    """One small calendar per UID (its VEVENTs plus every VTIMEZONE), to expand one at a time."""
    groups: dict[str, list[Any]] = {}
    for index, component in enumerate(cal.walk("VEVENT")):
        groups.setdefault(_text(component, "UID") or f"#{index}", []).append(component)
    for components in groups.values():
        small = icalendar.Calendar()
        for prop in ("X-WR-TIMEZONE", "METHOD"):
            if cal.get(prop) is not None:
                small.add(prop, cal.get(prop))
        for sub in cal.subcomponents:
            if sub.name == "VTIMEZONE":
                small.add_component(sub)
        for component in components:
            small.add_component(component)
        yield small


def _occurrences(cal: icalendar.Calendar, start: datetime, end: datetime, name: str) -> list[Any]:
    try:
        return list(recurring_ical_events.of(cal).between(start, end))
    except Exception:
        log.debug("%s: expanding the whole calendar failed, retrying series by series", name)
    found: list[Any] = []
    for small in _series(cal):
        try:
            found.extend(recurring_ical_events.of(small).between(start, end))
        except Exception as exc:
            uid = next((_text(c, "UID") for c in small.walk("VEVENT")), "?")
            log.warning("%s: skipped event %s, it cannot be expanded (%s: %s)",
                        name, uid or "?", type(exc).__name__, exc)
    return found


def expand(cal: icalendar.Calendar, start: datetime, end: datetime, tz: tzinfo,
           owner: str | None = None, *, name: str = "calendar") -> list[CalendarEvent]:
    """Every occurrence overlapping ``[start, end)``, sorted by start."""
    if _text(cal, "METHOD").upper() == "CANCEL":
        return []
    recurring = _recurring_uids(cal)
    events: list[CalendarEvent] = []
    for component in _occurrences(cal, start, end, name):
        uid = _text(component, "UID")
        try:
            event = event_from_component(component, tz, owner, recurring=uid in recurring)
        except Exception as exc:
            log.warning("%s: skipped event %s (%s: %s)", name, uid or "?", type(exc).__name__, exc)
            continue
        if event is not None and event.start < end and (event.end or event.start) >= start:
            events.append(event)
    events.sort(key=lambda e: (e.start, e.id))
    return events


class _Reading:
    """A calendar file read as far as that needs no window; :meth:`events` does the rest.

    Lone events (:mod:`.ics_plain`) are decoded here as far as their span; :meth:`read_ahead` goes
    on to build every one of them, remembering any failure, so that a later :meth:`events` only
    picks those in the window. The rest of the file (its skeleton) is parsed and expanded only by
    :meth:`events`: icalendar remembers VTIMEZONEs process-wide in the order it parses them.
    """

    def __init__(self, data: bytes, tz: tzinfo, owner: str | None, name: str) -> None:
        self.tz, self.owner, self.name = tz, owner, name
        self.lines = repair_lines(_calendar_text(data, name), name)
        self.plan = plain.lone_vevents(self.lines) if plain is not None else None
        self.lone: list[tuple[int, int, plain.Lone]] = []
        self.built: list[Any] = []  # each lone event's CalendarEvent, None, or failure; _LATER until asked
        if self.plan is None:
            return
        decoder = plain.Decoder()
        walker = plain.walker(self.plan.x_wr_timezone)
        for begin, stop in self.plan.blocks:
            try:
                self.lone.append((begin, stop, plain.Lone(self.lines[begin + 1:stop], decoder, walker)))
            except Exception:  # noqa: S112 - not plain: the usual way reads it, and logs about it, as ever
                continue
        self.built = [_LATER] * len(self.lone)

    def _event(self, index: int) -> CalendarEvent | None:
        """The lone event ``index`` as a CalendarEvent (None when it is left out), for a window it is in."""
        built = self.built[index]
        if built is _LATER:
            try:
                built = event_from_component(self.lone[index][2].occurrence(), self.tz, self.owner)
            except Exception as exc:
                built = exc
            self.built[index] = built
        if isinstance(built, Exception):
            raise built
        return cast(CalendarEvent | None, built)

    def read_ahead(self) -> None:
        """Build every lone event now, whatever the window will be."""
        for index in range(len(self.lone)):
            with contextlib.suppress(Exception):
                self._event(index)

    def events(self, start: datetime, end: datetime) -> list[CalendarEvent]:
        """Every event overlapping ``[start, end)``, sorted by start."""
        name, lines = self.name, self.lines
        if self.plan is None or not self.plan.blocks or start.tzinfo is None or end.tzinfo is None:
            return expand(_parse(_join(lines), name), start, end, self.tz, self.owner, name=name)
        lone: list[CalendarEvent] = []
        taken = bytearray(len(lines))
        for index, (begin, stop, candidate) in enumerate(self.lone):
            try:
                event = self._event(index) if candidate.in_window(start, end) else None
            except Exception:  # noqa: S112 - as above
                continue
            taken[begin:stop + 1] = b"\x01" * (stop + 1 - begin)
            if event is not None and event.start < end and (event.end or event.start) >= start:
                lone.append(event)
        try:
            skeleton = _join(line for line, out in zip(lines, taken, strict=True) if not out)
            cal = icalendar.Calendar.from_ical(skeleton)
        except Exception:  # the whole file gives the very error it always gave
            return expand(_parse(_join(lines), name), start, end, self.tz, self.owner, name=name)
        events = expand(cal, start, end, self.tz, self.owner, name=name) + lone
        # Lone events have UIDs of their own, so no two events tie and the order is the usual one.
        events.sort(key=lambda e: (e.start, e.id))
        return events


_LATER = object()


def read_events(data: bytes, start: datetime, end: datetime, tz: tzinfo, owner: str | None = None, *,
                name: str = "calendar") -> list[CalendarEvent]:
    """``expand(parse_calendar(data), ...)``, with the lone events taken the short way (:mod:`.ics_plain`)."""
    return _Reading(data, tz, owner, name).events(start, end)


class IcsFileCalendar:
    """Reads an iCalendar file, afresh on every :meth:`events` call (once per audit).

    :meth:`prepare` may do the part of the next :meth:`events` call that needs no window early,
    for instance while mail is being read: the file is then read when prepare() is called.
    """

    def __init__(self, path: Path, tz: tzinfo | None = None, owner: str | None = None) -> None:
        self.path = path
        self.tz = tz or ZoneInfo("UTC")
        self.owner = owner
        self._prepared: _Reading | Exception | None = None
        if not path.is_file():
            raise CalendarError(f"ics:{path}: no such file; check the [calendar] source path")

    def _reading(self) -> _Reading:
        name = f"ics:{self.path}"
        try:
            data = self.path.read_bytes()
        except OSError as exc:
            raise CalendarError(f"{name}: cannot read it ({exc.strerror or exc})") from exc
        return _Reading(data, self.tz, self.owner, name)

    def prepare(self) -> None:
        """Read and decode the file for the next :meth:`events` call, as far as that needs no window.

        Idempotent until events() uses it. Nothing is raised here: a failure is raised by events(),
        as it would have been. The repair warnings are logged here rather than by events(). Not to
        be called while events() runs on the same calendar in another thread.
        """
        if self._prepared is not None:
            return
        try:
            reading = self._reading()
            reading.read_ahead()
        except Exception as exc:
            self._prepared = exc
        else:
            self._prepared = reading

    def events(self, start: datetime, end: datetime) -> list[CalendarEvent]:
        """Every event overlapping ``[start, end)``, sorted by start."""
        prepared, self._prepared = self._prepared, None
        if isinstance(prepared, Exception):
            raise prepared
        return (prepared or self._reading()).events(start, end)
