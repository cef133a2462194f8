"""The problems and the outbox of the state database (:mod:`calcheck.state`).

What a problem is (:func:`problem_key`: message, appointment, status, calendar entry), and how a
verdict opens, keeps, reminds of or resolves one: while a re-check yields the same key nothing
happens; a different key resolves the old problem and opens a new one; ``ok`` resolves it; an
appointment in the past expires it. The alert mail goes into the ``outbox`` in the same
transaction that opens the problem, and is marked sent or failed once handed to SMTP.

:class:`ProblemLog` is a mixin of :class:`calcheck.state.Store`, which owns the connection, the
lock and the transactions (``_tx``); the schema is there too.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from calcheck.model import Finding, MailMessage


def message_key(mail: MailMessage) -> str:
    """How a message is known in the store: its Message-ID, else its ref."""
    return mail.message_id or f"ref:{mail.ref}"


def _utc(dt: datetime | None) -> str:
    return dt.astimezone(UTC).isoformat() if dt is not None else ""


def problem_key(finding: Finding) -> str:
    """The identity of a problem; the same problem seen again has the same key."""
    appt, event = finding.appointment, finding.event
    parts = [message_key(finding.mail), _utc(appt.start), _utc(appt.end), str(finding.status)]
    parts += [event.id, _utc(event.start), _utc(event.end)] if event else ["", "", ""]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Problem:
    """A problem the user is (to be) told about; what an alert is composed from."""

    id: int
    key: str
    kind: str
    """``alert`` for a new problem, ``reminder`` for the reminder before the appointment."""
    finding: Finding


@dataclass(frozen=True)
class OutboxItem:
    """An alert mail in the outbox, not yet sent."""

    id: int
    problem_id: int | None
    kind: str
    message: bytes
    attempts: int


Composer = Callable[[Problem], bytes]
"""Turns a problem into the bytes of the alert mail (see :mod:`calcheck.alerts.compose`)."""


class ProblemLog:
    """The findings, problems and outbox part of :class:`calcheck.state.Store`."""

    _db: sqlite3.Connection
    _lock: threading.RLock

    def _tx(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError  # Store's short BEGIN IMMEDIATE ... COMMIT transaction

    def reconcile(self, finding: Finding, now: datetime, compose: Composer,
                  reminder: timedelta | None = None) -> str | None:
        """Record a verdict; queue an alert when it is a problem the user has not been told about.

        Returns what happened: ``opened``, ``reminded``, ``resolved`` or None (nothing new).
        """
        mkey = message_key(finding.mail)
        pkey = problem_key(finding) if finding.alerts else None
        detail = json.dumps(finding.to_json(), ensure_ascii=False)
        with self._tx() as db:
            db.execute("INSERT OR REPLACE INTO findings VALUES (?, ?, ?, ?, ?)",
                       (mkey, str(finding.status), pkey, detail, now.isoformat()))
            row = db.execute("SELECT id, key, reminded_at FROM problems WHERE message_key = ? "
                             "AND resolved_at IS NULL", (mkey,)).fetchone()
            if pkey is None:
                return "resolved" if row and self._resolve(db, mkey, now, "ok") else None
            if row is not None and row[1] == pkey:
                start = finding.appointment.start
                if reminder and row[2] is None and start - reminder <= now < start:
                    db.execute("UPDATE problems SET reminded_at = ? WHERE id = ?", (now.isoformat(), row[0]))
                    self._enqueue(db, Problem(row[0], pkey, "reminder", finding), now, compose)
                    return "reminded"
                return None
            if row is not None:
                self._resolve(db, mkey, now, "changed")
            elif self._reopen_expired(db, mkey, pkey):
                return None  # the clock had jumped past the appointment and came back: told already
            cur = db.execute("INSERT INTO problems (message_key, key, status, finding, start_ts, opened_at) "
                             "VALUES (?, ?, ?, ?, ?, ?)", (mkey, pkey, str(finding.status), detail,
                                                          finding.appointment.start.timestamp(),
                                                          now.isoformat()))
            problem = Problem(int(cur.lastrowid or 0), pkey, "alert", finding)
            self._enqueue(db, problem, now, compose)
            return "opened"

    @staticmethod
    def _reopen_expired(db: sqlite3.Connection, mkey: str, pkey: str) -> bool:
        """Reopen the message's latest problem when it expired with this very key."""
        last = db.execute("SELECT id, key, resolution FROM problems WHERE message_key = ? "
                          "ORDER BY id DESC LIMIT 1", (mkey,)).fetchone()
        if last is None or last[1] != pkey or last[2] != "expired":
            return False
        db.execute("UPDATE problems SET resolved_at = NULL, resolution = NULL WHERE id = ?", (last[0],))
        return True

    @staticmethod
    def _resolve(db: sqlite3.Connection, mkey: str, now: datetime, why: str) -> bool:
        cur = db.execute("UPDATE problems SET resolved_at = ?, resolution = ? WHERE message_key = ? "
                         "AND resolved_at IS NULL", (now.isoformat(), why, mkey))
        return cur.rowcount > 0

    @staticmethod
    def _enqueue(db: sqlite3.Connection, problem: Problem, now: datetime, compose: Composer) -> None:
        db.execute("INSERT INTO outbox (problem_id, kind, message, created_at, next_attempt_ts) "
                   "VALUES (?, ?, ?, ?, ?)", (problem.id, problem.kind, compose(problem), now.isoformat(),
                                              now.timestamp()))

    def expire(self, now: datetime) -> int:
        """Close the problems whose appointment has begun: nothing is left to fix."""
        with self._tx() as db:
            cur = db.execute("UPDATE problems SET resolved_at = ?, resolution = 'expired' "
                             "WHERE resolved_at IS NULL AND start_ts < ?", (now.isoformat(), now.timestamp()))
            return cur.rowcount

    def due(self, now: datetime, horizon: timedelta | None = None) -> list[OutboxItem]:
        """Queued alerts whose next attempt is due, oldest first.

        An attempt planned more than ``horizon`` (the longest backoff) ahead of ``now`` is due too:
        the clock was set back since it was planned, and waiting for the old time could take hours.
        """
        far = (now + horizon).timestamp() if horizon is not None else float("inf")
        with self._lock:
            rows = self._db.execute(
                "SELECT id, problem_id, kind, message, attempts FROM outbox WHERE sent_at IS NULL "
                "AND (next_attempt_ts <= ? OR next_attempt_ts > ?) ORDER BY id",
                (now.timestamp(), far)).fetchall()
        return [OutboxItem(*row) for row in rows]

    def mark_sent(self, item_id: int, now: datetime) -> None:
        with self._tx() as db:
            db.execute("UPDATE outbox SET sent_at = ?, attempts = attempts + 1, last_error = NULL "
                       "WHERE id = ?", (now.isoformat(), item_id))

    def mark_failed(self, item_id: int, now: datetime, error: str, retry_at: datetime) -> None:
        with self._tx() as db:
            db.execute("UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_ts = ? "
                       "WHERE id = ?", (error, retry_at.timestamp(), item_id))
