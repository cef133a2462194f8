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

    # A backend may also offer ``prepare() -> None``: do ahead, in another thread, whatever the
    # next events() call needs that does not depend on the window, and raise nothing (events()
    # raises as it would have). The audit calls it while its worker processes read mail
    # (:class:`calcheck.calendars.ics.IcsFileCalendar` reads and decodes its file).
