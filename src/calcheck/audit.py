"""One audit: read the mail, extract appointments, fetch the calendar once, judge each one.

This module wires the pure core to the edges it is given; it opens nothing itself.
"""

from __future__ import annotations

import contextlib
import gc
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo

from calcheck._judgepool import judge_all
from calcheck._pool import outcomes
from calcheck.calendars.base import Calendar
from calcheck.extract import Context
from calcheck.model import Appointment, Finding, MailMessage
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


def judge_appointments(found: Sequence[tuple[MailMessage, Appointment]], mails: Sequence[MailMessage],
                       calendar: Calendar, now: datetime, tz: tzinfo, *,
                       owner: str | None = None, jobs: int = 1) -> list[Finding]:
    """The verdict on every appointment that stands as of ``now``: the one judgement that both
    ``calcheck audit`` and the daemon make.

    ``found`` holds every (message, appointment) known; ``mails`` every message known, including
    those that confirm nothing (they link threads and carry cancellations). An appointment stands
    when no later message of its thread or invitation UID replaced it (:func:`threads.supersede`)
    and it is still ahead. The calendar is read once, around the standing appointments, and they
    are judged together (:func:`calcheck.matching.judge_all`), so an entry that is exactly another
    appointment's does not make a false mismatch; ``jobs`` > 1 lets a large audit judge them in
    that many processes (:mod:`calcheck._judgepool`), with the same verdicts. Nothing else
    touches an edge.
    """
    standing = [(m, a) for m, a in supersede(found, mails) if a.start >= now]
    if not standing:
        return []
    lo = min(a.start for _, a in standing) - CALENDAR_MARGIN
    hi = max(a.start for _, a in standing) + CALENDAR_MARGIN
    events = calendar.events(lo, hi)
    return [Finding(mail=mail, appointment=appt, status=match.status, event=match.event,
                    differences=match.differences)
            for (mail, appt), match in zip(standing, judge_all(standing, events, tz, owner=owner, jobs=jobs),
                                           strict=True)]


def run_audit(source: MailSource, calendar: Calendar, now: datetime, tz: tzinfo,
              since: datetime, *, owner: str | None = None, jobs: int = 1) -> AuditResult:
    """Audit every message of ``source`` against ``calendar`` as of ``now``.

    ``owner`` is the owner's address (``[owner] email``): it tells the owner's own replies from
    the other party's mail, so their recipients, not the owner, are matched against attendees.
    ``jobs`` > 1 reads and extracts a large mailbox in that many worker processes
    (:mod:`calcheck._pool`) and judges its appointments in as many (:mod:`calcheck._judgepool`);
    the result is the same as with one.
    """
    with _few_collections():
        return _audit(source, calendar, now, tz, since, owner=owner, jobs=jobs)


@contextlib.contextmanager
def _few_collections() -> Iterator[None]:
    """Make the cyclic garbage collector run rarely while an audit builds its results.

    An audit keeps tens of thousands of long-lived objects (every message read, every event)
    and makes next to no reference cycles, so each of the collector's full passes walks them all
    and frees nothing (at 10,000 messages: four passes, 0.45 s of 8.4, nothing collected; peak
    memory the same without them). The thresholds are put back afterwards.
    """
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], 50_000), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _audit(source: MailSource, calendar: Calendar, now: datetime, tz: tzinfo, since: datetime, *,
           owner: str | None, jobs: int) -> AuditResult:
    result = AuditResult()
    ctx = Context(now=now, tz=tz, owner_email=owner or "")
    mails: list[MailMessage] = []
    found: list[tuple[MailMessage, Appointment]] = []
    not_extracted: list[tuple[str, str]] = []
    # A calendar that can read ahead (an .ics file) does so while the worker processes read mail.
    meanwhile = getattr(calendar, "prepare", None)
    for done in outcomes(source.messages(since), ctx, since, jobs=jobs, meanwhile=meanwhile):
        result.messages += 1
        if done.mail is None:
            result.skipped.append((done.ref, done.read_problem))
            continue
        mails.append(done.mail)
        if done.extract_problem:
            not_extracted.append((done.mail.ref, done.extract_problem))
        elif done.appointment is not None:
            found.append((done.mail, done.appointment))
    for skipped in getattr(source, "skipped", ()):  # over max_message_bytes: told, not read
        result.messages += 1
        result.skipped.append((skipped.ref, skipped.reason))
    result.skipped.extend(not_extracted)
    result.findings = judge_appointments(found, mails, calendar, now, tz, owner=owner, jobs=jobs)
    log.info("audit: %d messages, %d appointments, %d alerts, %d skipped",
             result.messages, len(result.findings), len(result.alerts), len(result.skipped))
    return result
