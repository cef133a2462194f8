"""The interface every calendar backend implements."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from calcheck.model import CalendarEvent


class Calendar(Protocol):
    """Reads the owner's events.

    Recurring events come back expanded, one :class:`CalendarEvent` per occurrence; cancelled
    events and events the owner declined are left out. Failure to read the calendar as a whole
    raises :class:`calcheck.errors.CalendarError`.
    """

    def events(self, start: datetime, end: datetime) -> list[CalendarEvent]:
        """Every event overlapping ``[start, end)``, sorted by start."""
        ...
