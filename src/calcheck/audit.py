"""One audit: read the mail, extract appointments, fetch the calendar once, judge each one.

This module wires the pure core to the edges it is given; it opens nothing itself.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo

from calcheck.calendars.base import Calendar
from calcheck.extract import Context, extract
from calcheck.matching import judge_all
from calcheck.model import Appointment, Finding, MailMessage, RawMail
from calcheck.reading import read_message
from calcheck.sources.base import MailSource
from calcheck.threads import supersede

log = logging.getLogger(__name__)

# How far around the appointments the calendar is read: a mismatch can be a month off.
CALENDAR_MARGIN = timedelta(days=62)


@dataclass
class AuditResult:
    findings: list[Finding] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """(ref, reason) for every message that could not be read."""
    messages: int = 0

    @property
    def alerts(self) -> list[Finding]:
        return [f for f in self.findings if f.alerts]


def read_one(raw: RawMail) -> tuple[MailMessage | None, str]:
    """``read_message``, with a message that breaks the reader logged: (mail, "") or (None, why).

    The one place ``calcheck audit`` and the daemon both read a message: one bad message must
    never stop the others.
    """
    try:
        return read_message(raw), ""
    except Exception as exc:  # one bad message must never stop the rest
        log.warning("skipped %s: cannot read the message (%s: %s)", raw.ref, type(exc).__name__, exc)
        return None, f"{type(exc).__name__}: {exc}"


def extract_one(mail: MailMessage, ctx: Context) -> tuple[Appointment | None, str]:
    """``extract``, with a failure logged: (appointment or None, "") or (None, why)."""
    try:
        return extract(mail, ctx), ""
    except Exception as exc:  # same: log, skip, go on
        log.warning("skipped %s (%s): extraction failed (%s: %s)", mail.ref, mail.message_id,
                    type(exc).__name__, exc)
        return None, f"{type(exc).__name__}: {exc}"


def read_all(raws: Iterable[RawMail], result: AuditResult) -> list[MailMessage]:
    """Decode every message; a message that breaks the reader is logged and skipped."""
    mails: list[MailMessage] = []
    for raw in raws:
        result.messages += 1
        mail, why = read_one(raw)
        if mail is None:
            result.skipped.append((raw.ref, why))
        else:
            mails.append(mail)
    return mails


def appointments(mails: Iterable[MailMessage], ctx: Context, since: datetime,
                 result: AuditResult) -> list[tuple[MailMessage, Appointment]]:
    """The appointment each message confirms, for mail sent at or after ``since``.

    Every one, superseded or not: :func:`judge_appointments` decides which of them stand.
    """
    found: list[tuple[MailMessage, Appointment]] = []
    for mail in mails:
        if mail.date is not None and mail.date < since:
            continue
        appt, why = extract_one(mail, ctx)
        if why:
            result.skipped.append((mail.ref, why))
        elif appt is not None:
            found.append((mail, appt))
    return found


def judge_appointments(found: Sequence[tuple[MailMessage, Appointment]], mails: Sequence[MailMessage],
                       calendar: Calendar, now: datetime, tz: tzinfo, *,
                       owner: str | None = None) -> list[Finding]:
    """The verdict on every appointment that stands as of ``now``: the one judgement that both
    ``calcheck audit`` and the daemon make.

    ``found`` holds every (message, appointment) known; ``mails`` every message known, including
    those that confirm nothing (they link threads and carry cancellations). An appointment stands
    when no later message of its thread or invitation UID replaced it (:func:`threads.supersede`)
    and it is still ahead. The calendar is read once, around the standing appointments, and they
    are judged together (:func:`calcheck.matching.judge_all`), so an entry that is exactly another
    appointment's does not make a false mismatch. Nothing else touches an edge.
    """
    standing = [(m, a) for m, a in supersede(found, mails) if a.start >= now]
    if not standing:
        return []
    lo = min(a.start for _, a in standing) - CALENDAR_MARGIN
    hi = max(a.start for _, a in standing) + CALENDAR_MARGIN
    events = calendar.events(lo, hi)
    return [Finding(mail=mail, appointment=appt, status=match.status, event=match.event,
                    differences=match.differences)
            for (mail, appt), match in zip(standing, judge_all(standing, events, tz, owner=owner),
                                           strict=True)]


def run_audit(source: MailSource, calendar: Calendar, now: datetime, tz: tzinfo,
              since: datetime, *, owner: str | None = None) -> AuditResult:
    """Audit every message of ``source`` against ``calendar`` as of ``now``.

    ``owner`` is the owner's address (``[owner] email``): it tells the owner's own replies from
    the other party's mail, so their recipients, not the owner, are matched against attendees.
    """
    result = AuditResult()
    ctx = Context(now=now, tz=tz, owner_email=owner or "")
    mails = read_all(source.messages(since), result)
    for skipped in getattr(source, "skipped", ()):  # over max_message_bytes: told, not read
        result.messages += 1
        result.skipped.append((skipped.ref, skipped.reason))
    found = appointments(mails, ctx, since, result)
    result.findings = judge_appointments(found, mails, calendar, now, tz, owner=owner)
    log.info("audit: %d messages, %d appointments, %d alerts, %d skipped",
             result.messages, len(result.findings), len(result.alerts), len(result.skipped))
    return result
