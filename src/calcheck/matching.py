"""Matching an appointment with the calendar, and the verdict. Pure functions.

The approach:

1. Every event near the appointment gets a *relatedness* score against the mail: the same
   invitation UID, the sender among its attendees, the sender's domain, or a distinctive word
   (a company or person name, a key word of the subject) shared between the mail and the
   event's title, location or description. Generic words (打合せ, meeting, 様 ...) never count.
2. A related event starting at the appointment's instant means ``ok``.
3. Otherwise the most related event (ties: the nearest in time) means ``mismatch``, with the
   ways it differs: ``date``, ``time``, ``timezone``, ``duration``.
4. With no related event, an unrelated event starting at exactly that instant is taken as
   the entry (``ok``: the user may have typed a bare 「打合せ」); else ``missing``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from calcheck.model import Appointment, CalendarEvent, MailMessage, Status

# Mail from these domains says nothing about the sender's company.
FREE_MAIL = frozenset({
    "gmail.com", "googlemail.com", "yahoo.co.jp", "yahoo.com", "outlook.com", "outlook.jp",
    "hotmail.com", "hotmail.co.jp", "icloud.com", "me.com", "docomo.ne.jp", "ezweb.ne.jp",
    "au.com", "softbank.ne.jp", "i.softbank.jp", "live.jp", "live.com", "aol.com",
})

# Words that appear in many titles and so do not tie a mail to an event.
GENERIC = frozenset({
    "打合せ", "打ち合わせ", "打合わせ", "お打合せ", "お打ち合わせ", "ミーティング", "会議", "訪問", "来社",
    "面談", "商談", "説明", "ご説明", "デモ", "確認", "について", "の件", "お願い", "日程", "ご連絡",
    "株式会社", "有限会社", "合同会社", "様", "さん", "御中", "meeting", "call", "demo", "the", "and",
    "with", "for", "re", "fw", "fwd", "online", "web", "zoom", "teams", "intro", "visit", "review",
    "confirmation", "confirmed", "your", "our", "invitation", "updated", "from",
})

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9&'.-]{2,}|[\u3040-\u30ff\u4e00-\u9fff\u3005ー]{2,}")
_SPLIT_JA = re.compile(r"(?:株式会社|有限会社|合同会社|の件|について|打合せ|打ち合わせ|ミーティング|様|さん|御中|[ぁ-ゟ]{1,2}(?=[\u4e00-\u9fff]))")


@dataclass(frozen=True)
class Match:
    """The verdict on one appointment and the entry it rests on."""

    status: Status
    event: CalendarEvent | None
    differences: tuple[str, ...] = ()
    relatedness: int = 0


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def _words(text: str) -> set[str]:
    words: set[str] = set()
    for word in _WORD.findall(_norm(text)):
        for piece in _SPLIT_JA.split(word):
            piece = piece.strip("ー.'-")
            if len(piece) >= 2 and piece not in GENERIC:
                words.add(piece)
    return words


def mail_keys(mail: MailMessage) -> tuple[set[str], str | None]:
    """The distinctive words and the company domain that may tie ``mail`` to an event."""
    domain = mail.sender_addr.rpartition("@")[2] or None
    if domain in FREE_MAIL:
        domain = None
    keys = _words(mail.subject) | _words(mail.sender_name)
    return keys, domain


def relatedness(mail: MailMessage, appt: Appointment, event: CalendarEvent,
                keys: set[str] | None = None, domain: str | None = None) -> int:
    """How clearly ``event`` is the entry for this mail: 0 unrelated, higher is clearer."""
    if keys is None:
        keys, domain = mail_keys(mail)
    score = 0
    if appt.uid and appt.uid == event.id:
        score += 10
    people = [_norm(p) for p in event.attendees]
    if mail.sender_addr and mail.sender_addr in people:
        score += 6
    elif domain and any(p.endswith("@" + domain) for p in people):
        score += 4
    body = _norm(" ".join((event.summary, event.location, event.description)))
    shared = [k for k in keys if k in body]
    if shared:
        score += 2 + min(len(shared), 3)
    return score


def differences(appt: Appointment, event: CalendarEvent, tz: tzinfo) -> tuple[str, ...]:
    """The ways ``event`` differs from ``appt``, as seen in the owner's zone ``tz``."""
    diffs: list[str] = []
    a = appt.start.astimezone(tz)
    e = event.start.astimezone(tz)
    if a != e:
        same_wall_elsewhere = any(
            event.start.astimezone(z).replace(tzinfo=None) == a.replace(tzinfo=None)
            for z in {event.start.tzinfo, UTC, appt.start.tzinfo}
            if z is not None
        ) or appt.start.replace(tzinfo=None) == e.replace(tzinfo=None)
        if same_wall_elsewhere:
            diffs.append("timezone")
        else:
            if a.date() != e.date():
                diffs.append("date")
            if a.time() != e.time() and not event.all_day:
                diffs.append("time")
    if appt.end and event.end and not event.all_day and appt.end - appt.start != event.end - event.start:
        diffs.append("duration")
    return tuple(diffs)


def judge(mail: MailMessage, appt: Appointment, events: Sequence[CalendarEvent], tz: tzinfo,
          window: timedelta = timedelta(days=62)) -> Match:
    """The verdict for ``appt`` given the owner's ``events`` (any order)."""
    keys, domain = mail_keys(mail)
    scored: list[tuple[int, CalendarEvent]] = []
    exact_unrelated: list[CalendarEvent] = []
    for event in events:
        if abs(event.start - appt.start) > window:
            continue
        score = relatedness(mail, appt, event, keys, domain)
        if score:
            scored.append((score, event))
        elif event.start == appt.start and not event.all_day:
            exact_unrelated.append(event)
    for score, event in sorted(scored, key=lambda s: -s[0]):
        if event.start == appt.start:
            return Match(Status.OK, event, differences(appt, event, tz), score)
    timed = [(s, e) for s, e in scored if not e.all_day]
    if timed:
        score, best = max(timed, key=lambda s: (s[0], -abs((s[1].start - appt.start).total_seconds())))
        return Match(Status.MISMATCH, best, differences(appt, best, tz), score)
    if exact_unrelated:
        return Match(Status.OK, exact_unrelated[0], differences(appt, exact_unrelated[0], tz), 0)
    return Match(Status.MISSING, None)

