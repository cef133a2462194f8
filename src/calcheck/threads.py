"""Thread supersession: report each appointment as its latest message leaves it. Pure.

Mail about one appointment often comes as a thread: a proposal, a choice, a move to another
day, a reminder. Each message may confirm a date, but only the last word counts, so:

1. Messages are grouped into threads by Message-ID, In-Reply-To and References (a
   union-find over every id a message names; a message without a Message-ID is its own thread).
2. Within a thread, the latest confirming message (by its Date; equal dates keep the order
   given) supersedes every earlier one.
3. Invitations are also tied by UID across threads: a later REQUEST for the same UID replaces
   the earlier one, and a later METHOD:CANCEL for that UID removes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from calcheck.extract.ical import cancelled_uids
from calcheck.model import Appointment, MailMessage

_EARLIEST = datetime.min.replace(tzinfo=UTC)


class _Threads:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        root = key
        while self.parent.setdefault(root, root) != root:
            root = self.parent[root]
        while self.parent[key] != root:  # path compression keeps long threads cheap
            self.parent[key], key = root, self.parent[key]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


def _key(mail: MailMessage) -> str:
    return mail.message_id.strip() or f"ref:{mail.ref}"


def threads(mails: Sequence[MailMessage]) -> dict[str, str]:
    """Each message's thread: a map from its key (Message-ID, or ``ref:`` + ref) to a thread id."""
    uf = _Threads()
    for mail in mails:
        key = _key(mail)
        uf.find(key)
        for other in (*mail.in_reply_to, *mail.references):
            if other.strip():
                uf.union(key, other.strip())
    return {_key(m): uf.find(_key(m)) for m in mails}


def supersede(found: Sequence[tuple[MailMessage, Appointment]],
              mails: Sequence[MailMessage] = ()) -> list[tuple[MailMessage, Appointment]]:
    """``found`` without the appointments a later message of the same thread (or UID) replaced.

    ``mails`` are all messages read, including those that confirmed nothing: they link
    threads whose middle message confirmed nothing, and carry cancellations.
    """
    everything = list(mails) + [m for m, _ in found]
    thread_of = threads(everything)
    order = {id(pair[0]): i for i, pair in enumerate(found)}

    def when(mail: MailMessage) -> tuple[datetime, int]:
        return (mail.date or _EARLIEST, order.get(id(mail), -1))

    latest_thread: dict[str, tuple[datetime, int]] = {}
    latest_uid: dict[str, tuple[datetime, int]] = {}
    for mail, appt in found:
        t = thread_of[_key(mail)]
        latest_thread[t] = max(latest_thread.get(t, when(mail)), when(mail))
        if appt.uid:
            latest_uid[appt.uid] = max(latest_uid.get(appt.uid, when(mail)), when(mail))
    cancelled: dict[str, tuple[datetime, int]] = {}
    for mail in everything:
        for uid in cancelled_uids(mail.calendars):
            cancelled[uid] = max(cancelled.get(uid, when(mail)), when(mail))
    kept: list[tuple[MailMessage, Appointment]] = []
    for mail, appt in found:
        at = when(mail)
        if at < latest_thread[thread_of[_key(mail)]]:
            continue
        if appt.uid and (at < latest_uid[appt.uid] or (appt.uid in cancelled and at < cancelled[appt.uid])):
            continue
        kept.append((mail, appt))
    return kept
