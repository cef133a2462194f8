"""Invitations: the appointment a text/calendar part or .ics attachment carries.

METHOD:REQUEST and PUBLISH (or no METHOD, as in a plain .ics file) give an appointment;
CANCEL says the meeting is off and REPLY is someone's answer, so neither confirms anything.

Times: a TZID naming a zone we know (IANA, a Windows name such as "Tokyo Standard Time",
"UTC+11") is read in that zone, which is more reliable than the Outlook VTIMEZONE next to it
(often a single 1601 rule, sometimes garbage); a TZID we do not know is read through its
VTIMEZONE as icalendar resolved it; a TZID with neither, and a floating time, are wall-clock
times in the owner's zone, never UTC. A recurring invitation whose first occurrence is past
gives the next occurrence. Broken files are repaired line by line (stray lines, "DTSTART;;",
"METHOD: REQUEST") before icalendar parses them; if it still cannot, a small line reader
takes DTSTART, DTEND and UID directly.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from typing import Any

import icalendar
import recurring_ical_events

from calcheck.extract.ical_plain import plain_times
from calcheck.extract.zones import zone
from calcheck.model import Appointment

log = logging.getLogger(__name__)

MAX_CALENDAR = 500_000
_PROP = re.compile(
    r"^(?P<name>[A-Za-z][A-Za-z0-9-]{0,60})(?P<params>(?:;[^:\n]{0,300})?):[ \t]{0,3}(?P<value>.*)$"
)
_STAMP = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?(Z)?)?$")


@dataclass
class CalendarResult:
    """What the mail's calendar parts say."""

    appointment: Appointment | None = None
    cancelled: bool = False
    reply_only: bool = False
    cancelled_uids: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _repair(text: str) -> str:
    """Unfold, drop lines that are not properties, mend the common breakages."""
    text = text[:MAX_CALENDAR].replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"\n[ \t]", "", text)
    lines: list[str] = []
    for raw in text.split("\n"):
        m = _PROP.match(raw.lstrip("\ufeff"))
        if not m:
            continue
        params = re.sub(r";{2,}", ";", m["params"])
        # "DTEND: 20240812T223000Z", "METHOD: REQUEST": the space is not part of the value
        value = m["value"].strip() if m["name"].upper().startswith(("DT", "METHOD")) else m["value"]
        lines.append(f"{m['name']}{params}:{value}")
    return "\r\n".join(lines) + "\r\n"


def _raw_lines(text: str) -> list[tuple[str, str, str]]:
    out = []
    for line in text.split("\r\n"):
        m = _PROP.match(line)
        if m:
            out.append((m["name"].upper(), m["params"], m["value"]))
    return out


def _vevents(raw: list[tuple[str, str, str]]) -> list[list[tuple[str, str, str]]]:
    """The lines of each VEVENT, without those of components inside it (VALARM).

    A VTIMEZONE has DTSTART lines of its own (Outlook's "DTSTART:16010101T000000"): only an
    event's lines say when the event is.
    """
    events: list[list[tuple[str, str, str]]] = []
    depth = 0  # components open inside the current VEVENT
    current: list[tuple[str, str, str]] | None = None
    for name, params, value in raw:
        component = value.strip().upper()
        if current is None:
            if name == "BEGIN" and component == "VEVENT":
                current, depth = [], 0
            continue
        if name == "BEGIN":
            depth += 1
        elif name == "END" and depth:
            depth -= 1
        elif name == "END":
            events.append(current)
            current = None
        elif not depth:
            current.append((name, params, value))
    if current:
        events.append(current)  # a file cut off inside its event
    return events


def _dtstart_line(raw: list[tuple[str, str, str]], uid: str | None) -> str | None:
    """The event's own DTSTART line as written: of the VEVENT with ``uid`` that is neither an
    exception (RECURRENCE-ID) nor cancelled, as :func:`_one` chooses it."""
    for lines in _vevents(raw):
        props = {n: v.strip() for n, _p, v in reversed(lines)}  # the first of each name wins
        if "RECURRENCE-ID" in props or props.get("STATUS", "").upper() == "CANCELLED":
            continue
        if uid and props.get("UID") != uid:
            continue
        line = next((f"{n}{p}:{v}" for n, p, v in lines if n == "DTSTART"), None)
        if line is not None:
            return line
    return None


def from_calendars(parts: tuple[str, ...], tz: tzinfo, now: datetime) -> CalendarResult:
    """The appointment of the first calendar part that gives one (see the module docstring)."""
    result = CalendarResult()
    for text in parts:
        try:
            _one(text, tz, now, result)
        except Exception as exc:
            result.notes.append(f"calendar part unreadable ({type(exc).__name__}: {exc})")
            log.debug("calendar part unreadable: %s", exc)
        if result.appointment is not None or result.cancelled:
            break
    return result


def cancelled_uids(parts: tuple[str, ...]) -> list[str]:
    """The UIDs the METHOD:CANCEL parts among ``parts`` call off."""
    out: list[str] = []
    for text in parts:
        if "CANCEL" not in text.upper():
            continue
        raw = _raw_lines(_repair(text))
        if any(n == "METHOD" and v.strip().upper() == "CANCEL" for n, _p, v in raw):
            out.extend(v.strip() for n, _p, v in raw if n == "UID" and v.strip())
    return out


def method_of(text: str) -> str:
    """The METHOD of a calendar part, "" when it has none."""
    return _method(_raw_lines(_repair(text)))


def _method(raw: list[tuple[str, str, str]]) -> str:
    for name, _params, value in raw:
        if name == "METHOD":
            return value.strip().upper()
    return ""


def _one(text: str, tz: tzinfo, now: datetime, result: CalendarResult) -> None:
    repaired = _repair(text)
    raw = _raw_lines(repaired)
    method = _method(raw)
    uids = [v.strip() for n, _p, v in raw if n == "UID"]
    if method == "CANCEL":
        result.cancelled = True
        result.cancelled_uids.extend(uids)
        result.notes.append("METHOD:CANCEL")
        return
    if method in ("REPLY", "COUNTER", "DECLINECOUNTER", "REFRESH"):
        result.reply_only = True
        result.notes.append(f"METHOD:{method}")
        return
    plain = plain_times(raw, tz)
    if plain is not None:
        result.appointment = _appointment(*plain, raw, tz)
        result.notes.append(f"METHOD:{method or '(none)'} UID:{plain[2] or '-'}")
        return
    try:
        cal = icalendar.Calendar.from_ical(repaired)
        events = list(cal.walk("VEVENT"))
    except Exception as exc:
        result.notes.append(f"icalendar could not parse it ({exc}); read line by line")
        cal, events = None, []
    appt = None
    masters = [e for e in events if e.get("RECURRENCE-ID") is None] or events
    for event in masters:
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        appt = _from_event(event, cal, raw, tz, now)
        if appt is not None:
            break
    if appt is None and not events:
        appt = _from_lines(raw, tz)
    if appt is not None:
        result.appointment = appt
        result.notes.append(f"METHOD:{method or '(none)'} UID:{appt.uid or '-'}")


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def _when(prop: Any, tz: tzinfo) -> datetime | None:
    if prop is None:
        return None
    value = getattr(prop, "dt", None)
    if not isinstance(value, datetime):
        return None  # all-day: no start time to check
    tzid = str(prop.params.get("TZID", "")) if hasattr(prop, "params") else ""
    known = zone(tzid) if tzid else None
    if known is not None:
        return value.replace(tzinfo=known)
    if value.tzinfo is None:
        return value.replace(tzinfo=tz)
    return value


def _from_event(event: Any, cal: Any, raw: list[tuple[str, str, str]], tz: tzinfo,
                now: datetime) -> Appointment | None:
    start = _when(_first(event.get("DTSTART")), tz)
    if start is None:
        return _from_lines(raw, tz) if event.get("DTSTART") is None else None
    end = _when(_first(event.get("DTEND")), tz)
    duration = event.get("DURATION")
    if end is None and duration is not None and isinstance(getattr(duration, "dt", None), timedelta):
        end = start + duration.dt
    if event.get("RRULE") is not None and start < now and cal is not None:
        nxt = _next_occurrence(cal, str(event.get("UID", "")), now, tz)
        if nxt is not None:
            length = end - start if end else None
            start, end = nxt, (nxt + length if length else None)
    return _appointment(start, end, str(event.get("UID", "")).strip() or None, raw, tz)


def _appointment(start: datetime, end: datetime | None, uid: str | None, raw: list[tuple[str, str, str]],
                 tz: tzinfo) -> Appointment:
    evidence = _dtstart_line(raw, uid) or start.isoformat()
    return Appointment(start=start.astimezone(tz), end=end.astimezone(tz) if end else None,
                       evidence=evidence, source="calendar", confidence=0.95, uid=uid)


def _next_occurrence(cal: Any, uid: str, now: datetime, tz: tzinfo) -> datetime | None:
    try:
        for occ in recurring_ical_events.of(cal).between(now, now + timedelta(days=400)):
            if str(occ.get("UID", "")) == uid:
                return _when(occ.get("DTSTART"), tz)
    except Exception as exc:
        log.debug("recurrence not expanded: %s", exc)
    return None


def _from_lines(raw: list[tuple[str, str, str]], tz: tzinfo) -> Appointment | None:
    """DTSTART/DTEND/UID read straight from the lines, for files icalendar cannot take."""
    found: dict[str, tuple[str, str]] = {}
    # The first event with a start; a file that is only loose properties is read whole.
    lines = next((e for e in _vevents(raw) if any(n == "DTSTART" for n, _p, _v in e)), raw)
    for name, params, value in lines:
        if name in ("DTSTART", "DTEND", "UID") and name not in found:
            found[name] = (params, value.strip())
    if "DTSTART" not in found:
        return None
    start = _stamp(*found["DTSTART"], tz)
    if start is None:
        return None
    end = _stamp(*found["DTEND"], tz) if "DTEND" in found else None
    params, value = found["DTSTART"]
    return Appointment(start=start.astimezone(tz), end=end.astimezone(tz) if end else None,
                       evidence=f"DTSTART{params}:{value}", source="calendar", confidence=0.85,
                       uid=found.get("UID", ("", ""))[1] or None)


def _stamp(params: str, value: str, tz: tzinfo) -> datetime | None:
    m = _STAMP.match(value)
    if not m or m[4] is None:
        return None
    try:
        naive = datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5]), int(m[6] or 0))
    except ValueError:
        return None
    if m[7]:
        return naive.replace(tzinfo=zone("UTC"))
    tzid = re.search(r"TZID=\"?([^;\":]+)", params)
    return naive.replace(tzinfo=(zone(tzid[1]) if tzid else None) or tz)


__all__ = ["CalendarResult", "cancelled_uids", "from_calendars", "method_of"]
