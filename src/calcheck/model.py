"""The values that flow through calcheck, from mail to verdict.

Everything here is immutable and free of I/O. Every datetime is time-zone aware.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class RawMail:
    """One message as a mail source hands it over: bytes plus where it came from."""

    ref: str
    """Where the message lives, for error messages: a file path, ``imap:account/INBOX/UID``."""
    data: bytes


@dataclass(frozen=True)
class MailMessage:
    """A decoded message, ready for extraction (see :mod:`calcheck.reading`)."""

    ref: str
    message_id: str
    """The Message-ID header value as written (with angle brackets), "" when absent."""
    subject: str
    sender_name: str
    sender_addr: str
    date: datetime | None
    """The Date header, aware; None when missing or unreadable."""
    new_text: str
    """What the sender wrote in this message: quoted earlier mail removed, HTML turned into text."""
    quoted_text: str = ""
    """The quoted earlier mail (``> `` lines, Original Message blocks, "On … wrote:" tails)."""
    calendars: tuple[str, ...] = ()
    """Text of every text/calendar part or .ics attachment."""
    jsonld: tuple[str, ...] = ()
    """Every schema.org ``application/ld+json`` block found in HTML parts."""
    recipients: tuple[str, ...] = ()
    """Addresses in To and Cc."""
    in_reply_to: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    auto_reply: bool = False
    """Auto-Submitted, X-Autoreply, Precedence: auto_reply and friends."""
    bulk: bool = False
    """List-Unsubscribe, List-Id or Precedence: bulk/list: newsletters and adverts."""
    problems: tuple[str, ...] = ()
    """Decoding trouble survived on the way (a lying charset, a broken part)."""


@dataclass(frozen=True)
class Appointment:
    """The date and time one message confirms."""

    start: datetime
    end: datetime | None
    evidence: str
    """The text the date was read from, exactly as it stands in the mail."""
    source: str
    """Where it was found: ``calendar`` (an invitation), ``jsonld`` or ``text``."""
    confidence: float = 1.0
    uid: str | None = None
    """The invitation's UID, when it came from a text/calendar part."""
    warnings: tuple[str, ...] = ()
    """Doubts the user should know about, e.g. ``weekday_conflict``."""


@dataclass(frozen=True)
class CalendarEvent:
    """One calendar entry (one occurrence of a recurring event)."""

    id: str
    """The event's id in its calendar: the UID (iCalendar, CalDAV) or Google's event id."""
    summary: str
    start: datetime
    end: datetime | None
    all_day: bool = False
    location: str = ""
    description: str = ""
    attendees: tuple[str, ...] = ()
    """Attendee and organizer addresses and names, as the calendar gives them."""
    link: str | None = None
    """A URL that opens the event (Google's htmlLink)."""
    recurring: bool = False
    """An occurrence of a recurring series (a weekly 定例): matching treats it with more care."""
    uid: str = ""
    """The iCalendar UID (Google: ``iCalUID``), which links an invitation to its entry; "" = ``id``."""

    @property
    def ical_uid(self) -> str:
        """The iCalendar UID, whichever backend the event came from."""
        return self.uid or self.id


class Status(enum.StrEnum):
    OK = "ok"
    MISMATCH = "mismatch"
    MISSING = "missing"


@dataclass(frozen=True)
class Finding:
    """The verdict on one message's appointment."""

    mail: MailMessage
    appointment: Appointment
    status: Status
    event: CalendarEvent | None
    differences: tuple[str, ...] = ()
    """For a mismatch: which of ``date``, ``time``, ``timezone``, ``duration`` differ."""
    notes: tuple[str, ...] = field(default=())

    @property
    def alerts(self) -> bool:
        return self.status is not Status.OK

    def to_json(self) -> dict[str, Any]:
        """The finding as the JSON contract describes it."""
        appt = self.appointment
        event = self.event
        return {
            "message_id": self.mail.message_id,
            "status": str(self.status),
            "appointment": {
                "start": appt.start.isoformat(),
                "end": appt.end.isoformat() if appt.end else None,
            },
            "event": None
            if event is None
            else {
                "id": event.id,
                "uid": event.ical_uid,
                "summary": event.summary,
                "start": event.start.isoformat(),
                "end": event.end.isoformat() if event.end else None,
                "all_day": event.all_day,
                "link": event.link,
            },
            "differences": list(self.differences),
            "evidence": appt.evidence,
            "source": appt.source,
            "confidence": round(appt.confidence, 2),
            "warnings": list(appt.warnings),
            "subject": self.mail.subject,
            "from": self.mail.sender_addr,
            "mail_date": self.mail.date.isoformat() if self.mail.date else None,
        }
