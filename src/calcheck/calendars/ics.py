"""``ics:PATH``: a calendar exported to an iCalendar file.

Parsing is icalendar's, recurrence expansion (RRULE, RDATE, EXDATE, RECURRENCE-ID overrides)
is recurring-ical-events'. What is ours: turning each occurrence into a :class:`CalendarEvent`
with an aware start, leaving out cancelled and declined occurrences.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events

from calcheck.errors import CalendarError
from calcheck.model import CalendarEvent

log = logging.getLogger(__name__)


def _aware(value: date | datetime, tz: tzinfo) -> tuple[datetime, bool]:
    """An aware datetime for a DTSTART/DTEND value, and whether it was a whole day."""
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=tz)), False
    return datetime.combine(value, time(0), tzinfo=tz), True


def _text(component: Any, name: str) -> str:
    value = component.get(name)
    return str(value) if value is not None else ""


def _people(component: Any) -> tuple[str, ...]:
    people: list[str] = []
    for name in ("ORGANIZER", "ATTENDEE"):
        values = component.get(name)
        if values is None:
            continue
        for value in values if isinstance(values, list) else [values]:
            people.append(str(value).removeprefix("mailto:").removeprefix("MAILTO:").lower())
            cn = getattr(value, "params", {}).get("CN")
            if cn:
                people.append(str(cn))
    return tuple(people)


def event_from_component(component: Any, tz: tzinfo, owner: str | None = None) -> CalendarEvent | None:
    """One VEVENT occurrence as a :class:`CalendarEvent`; None for cancelled or declined ones."""
    if _text(component, "STATUS").upper() == "CANCELLED":
        return None
    if owner:
        for value in _as_list(component.get("ATTENDEE")):
            if str(value).lower().removeprefix("mailto:") == owner.lower():
                if str(getattr(value, "params", {}).get("PARTSTAT", "")).upper() == "DECLINED":
                    return None
    dtstart = component.get("DTSTART")
    if dtstart is None:
        return None
    start, all_day = _aware(dtstart.dt, tz)
    dtend = component.get("DTEND")
    end: datetime | None
    if dtend is not None:
        end, _ = _aware(dtend.dt, tz)
    elif component.get("DURATION") is not None:
        end = start + component.get("DURATION").dt
    else:
        end = start + timedelta(days=1) if all_day else None
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
    )


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def parse_calendar(data: bytes, name: str) -> icalendar.Calendar:
    """Parse iCalendar bytes; a file that cannot be parsed raises CalendarError naming it."""
    try:
        return icalendar.Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError) as exc:
        raise CalendarError(f"{name}: not a readable iCalendar file ({exc})") from exc


def expand(cal: icalendar.Calendar, start: datetime, end: datetime, tz: tzinfo,
           owner: str | None = None) -> list[CalendarEvent]:
    """Every occurrence overlapping ``[start, end)``, sorted by start."""
    events: list[CalendarEvent] = []
    for component in recurring_ical_events.of(cal, skip_bad_series=True).between(start, end):
        try:
            event = event_from_component(component, tz, owner)
        except (ValueError, TypeError, AttributeError) as exc:
            log.warning("skipped event %s: %s", _text(component, "UID") or "?", exc)
            continue
        if event is not None:
            events.append(event)
    events.sort(key=lambda e: e.start)
    return events


class IcsFileCalendar:
    """Reads an iCalendar file once per audit."""

    def __init__(self, path: Path, tz: tzinfo | None = None, owner: str | None = None) -> None:
        self.path = path
        self.tz = tz or ZoneInfo("UTC")
        self.owner = owner
        if not path.is_file():
            raise CalendarError(f"ics:{path}: no such file")

    def events(self, start: datetime, end: datetime) -> list[CalendarEvent]:
        try:
            data = self.path.read_bytes()
        except OSError as exc:
            raise CalendarError(f"ics:{self.path}: cannot read it ({exc.strerror or exc})") from exc
        return expand(parse_calendar(data, f"ics:{self.path}"), start, end, self.tz, self.owner)
