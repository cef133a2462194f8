"""The light repair pass over an iCalendar file's text, before icalendar sees it.

It undoes the damage real exporters do: stray lines with no colon, empty parameters
(``DTSTART;;VALUE=...``), a space after the colon of a date property, spaces or an escaped ``\\;``
inside an RRULE, a property that must appear once appearing twice (the first wins). Every
repair is logged with the line number.

A file has few distinct property heads (the name and parameters before the value's colon), so
what a head needs (its split, its upper-cased name, its parameters mended) is worked out once
per head; :func:`split_content_line` is the general rule and decides whenever a head has a quote.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

log = logging.getLogger("calcheck.calendars.ics")  # the ics reader's messages, as ever

Line = tuple[str, str, str, str]
"""A repaired content line: (upper-cased name, name, parameters with their leading ";", value)."""

# Properties whose value is never free text: whitespace around it is an exporter's slip.
_STRICT_VALUE = frozenset({
    "DTSTART", "DTEND", "DUE", "DTSTAMP", "RECURRENCE-ID", "EXDATE", "RDATE", "RRULE", "EXRULE",
    "METHOD", "STATUS", "DURATION", "CREATED", "LAST-MODIFIED", "SEQUENCE", "TRANSP", "VERSION",
})
# Properties RFC 5545 allows once per component; a second copy breaks icalendar's accessors.
_ONCE = frozenset({"DTSTART", "DTEND", "DURATION", "UID", "RECURRENCE-ID", "STATUS", "SUMMARY"})
_DATE_LISTS = frozenset({"DTSTART", "DTEND", "RDATE", "EXDATE", "RECURRENCE-ID"})
_DATE_Z = re.compile(r"(?<![0-9T])([0-9]{8})Z(?=,|$)")
_NAME = re.compile(r"^[A-Za-z0-9-]+")
_UNFOLD = re.compile(r"\r?\n[ \t]")


def split_content_line(line: str) -> tuple[str, str, str] | None:
    """``(name, params, value)`` of a content line, or None when it has no colon outside quotes."""
    match = _NAME.match(line)
    if not match:
        return None
    start = match.end()
    colon = line.find(":", start)
    if colon < 0:
        return None
    if line.find('"', start, colon) < 0:  # the usual line: no quotes before its first colon
        return match.group(0), line[start:colon], line[colon + 1:]
    quoted = False
    for i in range(start, len(line)):
        char = line[i]
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return match.group(0), line[match.end():i], line[i + 1:]
    return None


def join(lines: Iterable[Line]) -> str:
    """The text of repaired content lines."""
    return "\r\n".join([f"{prop}{params}:{value}" for _, prop, params, value in lines]) + "\r\n"


def _mend(params: str) -> str:
    return re.sub(";{2,}", ";", params) if ";;" in params else params


def _head(head: str) -> tuple[str, str, str] | None:
    """(upper-cased name, name, mended parameters) of a head without quotes; None if it has no name."""
    # The name stops before any colon, so it is the one split_content_line finds in the line.
    match = _NAME.match(head)
    if not match:
        return None
    prop = match.group(0)
    return prop.upper(), prop, _mend(head[match.end():])


def _parts(line: str, heads: dict[str, tuple[str, str, str] | None]) -> Line | None:
    """(upper-cased name, name, mended parameters, value) of a line that is not blank, or None."""
    colon = line.find(":")
    head = line[:colon] if colon > 0 else '"'
    if '"' not in head:
        if head not in heads:
            heads[head] = _head(head)
        split = heads[head]
        return None if split is None else (*split, line[colon + 1:])
    parts = split_content_line(line)
    if parts is None:
        return None
    prop, params, value = parts
    return prop.upper(), prop, _mend(params), value


def repair_lines(text: str, name: str) -> list[Line]:
    """The content lines of :func:`repair`'s result, each as (upper-cased name, name, params, value)."""
    out: list[Line] = []
    seen: list[set[str]] = [set()]
    heads: dict[str, tuple[str, str, str] | None] = {}
    if "\n " in text or "\n\t" in text:  # else there is nothing to unfold, and the search is slow
        text = _UNFOLD.sub("", text)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line or line.isspace():
            continue
        parts = _parts(line, heads)
        if parts is None:
            log.warning("%s: line %d is not an iCalendar content line, ignored: %.40r", name, number, line)
            continue
        upper, prop, params, value = parts
        if upper == "BEGIN":
            seen.append(set())
        elif upper == "END" and len(seen) > 1:
            seen.pop()
        elif upper in _ONCE:
            if upper in seen[-1]:
                log.warning("%s: line %d repeats %s, the first one is used", name, number, upper)
                continue
            seen[-1].add(upper)
        if upper in _STRICT_VALUE:
            value = value.strip()
            if upper in {"RRULE", "EXRULE"}:
                value = re.sub(r"\s+", "", value).replace("\\;", ";").replace("\\,", ",")
            elif upper in _DATE_LISTS and "Z" in value:
                # "20131210Z": a DATE cannot be in UTC; Google writes it anyway.
                value = _DATE_Z.sub(r"\1", value)
        out.append((upper, prop, params, value))
    return out


def repair(text: str, name: str) -> str:
    """``text`` with the exporter damage described in the module docstring undone."""
    return join(repair_lines(text, name))
