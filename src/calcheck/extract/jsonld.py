"""schema.org JSON-LD in HTML mail: Event and the reservations that point at one.

Booking services put an ``Event`` (or ``EventReservation`` whose ``reservationFor`` is the
event) in an ``application/ld+json`` block; a table booking (``FoodEstablishmentReservation``)
gives ``startTime`` on the reservation itself, its ``reservationFor`` being the restaurant.
``startDate`` with a time gives the appointment, read in its own offset, or in the owner's
zone when it has none; a date without a time is not an appointment. A cancelled reservation
or event confirms nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

from calcheck.model import Appointment

MAX_BLOCK = 200_000


@dataclass
class JsonLdResult:
    appointment: Appointment | None = None
    cancelled: bool = False
    notes: list[str] = field(default_factory=list)


def _types(node: dict[str, Any]) -> list[str]:
    value = node.get("@type", [])
    values = value if isinstance(value, list) else [value]
    return [str(v).rsplit("/", 1)[-1] for v in values]


def _nodes(value: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 6:
        return
    if isinstance(value, list):
        for item in value[:50]:
            yield from _nodes(item, depth + 1)
    elif isinstance(value, dict):
        yield value
        if "@graph" in value:
            yield from _nodes(value["@graph"], depth + 1)


def _parse(value: Any, tz: tzinfo) -> datetime | None:
    if not isinstance(value, str) or "T" not in value:
        return None
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=tz)).astimezone(tz)


def _cancelled(node: dict[str, Any], key: str) -> bool:
    return "cancel" in str(node.get(key, "")).lower()


def from_jsonld(blocks: tuple[str, ...], tz: tzinfo) -> JsonLdResult:
    """The first Event or EventReservation with a start time."""
    result = JsonLdResult()
    for block in blocks:
        try:
            data = json.loads(block[:MAX_BLOCK])
        except (ValueError, RecursionError) as exc:
            result.notes.append(f"JSON-LD unreadable ({exc})")
            continue
        for node in _nodes(data):
            types = _types(node)
            event: Any = None
            booking: dict[str, Any] = {}
            if any(t.endswith("Reservation") for t in types):
                if _cancelled(node, "reservationStatus"):
                    result.cancelled = True
                    return result
                event = node.get("reservationFor")
                if isinstance(event, list):
                    event = event[0] if event else None
                # a table booking (FoodEstablishmentReservation) has the time on the reservation
                booking = node
            elif any(t.endswith("Event") for t in types):
                event = node
            if not isinstance(event, dict):
                event = {}
            if not event and not booking:
                continue
            if _cancelled(event, "eventStatus"):
                result.cancelled = True
                return result
            key, raw = next(((k, n[k]) for n in (event, booking) for k in ("startDate", "startTime")
                             if n.get(k)), ("startDate", None))
            start = _parse(raw, tz)
            if start is None:
                continue
            end = _parse(event.get("endDate") or event.get("endTime")
                         or booking.get("endTime") or booking.get("endDate"), tz)
            result.appointment = Appointment(start=start, end=end, evidence=f'"{key}": "{raw}"',
                                             source="jsonld", confidence=0.9)
            result.notes.append("schema.org " + "/".join(types))
            return result
    return result
