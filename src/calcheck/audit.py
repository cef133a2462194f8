"""One audit: read the mail, extract appointments, fetch the calendar once, judge each one.

This module wires the pure core to the edges it is given; it opens nothing itself.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
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


def read_all(raws: Iterable[RawMail], result: AuditResult) -> list[MailMessage]:
    """Decode every message; a message that breaks the reader is logged and skipped."""
    mails: list[MailMessage] = []
    for raw in raws:
        result.messages += 1
        try:
            mails.append(read_message(raw))
        except Exception as exc:  # noqa: BLE001 - one bad message must never stop the audit
            log.warning("skipped %s: cannot read the message (%s: %s)", raw.ref, type(exc).__name__, exc)
            result.skipped.append((raw.ref, f"{type(exc).__name__}: {exc}"))
    return mails


def appointments(mails: Iterable[MailMessage], ctx: Context, since: datetime,
                 result: AuditResult) -> list[tuple[MailMessage, Appointment]]:
    """The appointment each message confirms, for mail sent at or after ``since``.

    A later message of the same thread (or invitation UID) supersedes an earlier one, so each
    appointment is reported as the latest mail leaves it (see :mod:`calcheck.threads`).
    """
    mails = list(mails)
    found: list[tuple[MailMessage, Appointment]] = []
    for mail in mails:
        if mail.date is not None and mail.date < since:
            continue
        try:
            appt = extract(mail, ctx)
        except Exception as exc:  # noqa: BLE001 - same: log, skip, go on
            log.warning("skipped %s (%s): extraction failed (%s: %s)", mail.ref, mail.message_id,
                        type(exc).__name__, exc)
            result.skipped.append((mail.ref, f"{type(exc).__name__}: {exc}"))
            continue
        if appt is not None:
            found.append((mail, appt))
    return supersede(found, mails)


def run_audit(source: MailSource, calendar: Calendar, now: datetime, tz: tzinfo,
              since: datetime, *, owner: str | None = None) -> AuditResult:
    """Audit every message of ``source`` against ``calendar`` as of ``now``.

    ``owner`` is the owner's address (``[owner] email``): it tells the owner's own replies from
    the other party's mail, so their recipients, not the owner, are matched against attendees.
    """
    result = AuditResult()
    ctx = Context(now=now, tz=tz, owner_email=owner or "")
    mails = read_all(source.messages(since), result)
    pairs = [(m, a) for m, a in appointments(mails, ctx, since, result) if a.start >= now]
    if pairs:
        lo = min(a.start for _, a in pairs) - CALENDAR_MARGIN
        hi = max(a.start for _, a in pairs) + CALENDAR_MARGIN
        events = calendar.events(lo, hi)
    else:
        events = []
    for (mail, appt), match in zip(pairs, judge_all(pairs, events, tz, owner=owner), strict=True):
        result.findings.append(Finding(mail=mail, appointment=appt, status=match.status,
                                       event=match.event, differences=match.differences))
    log.info("audit: %d messages, %d appointments, %d alerts, %d skipped",
             result.messages, len(result.findings), len(result.alerts), len(result.skipped))
    return result
