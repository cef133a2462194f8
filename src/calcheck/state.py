"""The daemon's memory: a small SQLite database, the one answer to "have we told the user already?".

What it holds (schema version in ``PRAGMA user_version``, migrations applied on open):

- ``messages``: every message read (key = Message-ID, or ``ref:`` + ref when there is none), with
  its thread links (In-Reply-To, References, the invitation UIDs it cancels), so a message is read
  once and a later message of its thread can supersede what an earlier one confirmed;
- ``appointments``: what each message confirms, with the decoded mail, so upcoming appointments
  can be re-judged against a calendar that changed, without fetching the mail again. Which of
  them still stand is decided at every check from the stored links (:meth:`Store.recent` and
  :func:`calcheck.audit.judge_appointments`, the same rule as ``calcheck audit``); the problem of
  a superseded appointment is resolved (:meth:`Store.supersede`);
- ``findings``: the latest verdict per message;
- ``problems``: one row per distinct problem. Its key is a hash of (message, appointment start/end,
  status, calendar entry id + start/end or none): while a re-check yields the same key nothing
  happens; a different key resolves the old problem and opens a new one (a new alert); ``ok``
  resolves it; an appointment in the past expires it;
- ``outbox``: the alert mail, written in the *same transaction* that opens the problem, then sent,
  then marked sent. A crash between the SMTP hand-over and the mark can send one duplicate on the
  next start; nothing can be lost;
- ``accounts``: the last successful check per mail account.

The findings, problems and outbox side is :mod:`calcheck._problems` (a mixin of :class:`Store`).

Every transaction is short (``BEGIN IMMEDIATE`` ... ``COMMIT``), with a busy timeout; a locked
database or a full disk raises :class:`CalcheckError` and rolls back, leaving the file intact.
"""

from __future__ import annotations

import email
import email.policy
import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from calcheck._problems import Composer, OutboxItem, Problem, ProblemLog, message_key, problem_key
from calcheck._statecodec import (
    appointment_from_json,
    appointment_to_json,
    links_to_json,
    mail_from_json,
    mail_from_links,
    mail_to_json,
)
from calcheck.errors import CalcheckError
from calcheck.model import Appointment, MailMessage
from calcheck.readstate import FolderState, default_state_dir

BUSY_TIMEOUT_MS = 5000

_MIGRATIONS: tuple[str, ...] = (
    # 1: the first schema.
    """
    CREATE TABLE messages (
        key TEXT PRIMARY KEY, message_id TEXT NOT NULL, ref TEXT NOT NULL, thread TEXT NOT NULL,
        account TEXT NOT NULL, mail_date REAL, seen_at TEXT NOT NULL);
    CREATE INDEX messages_ref ON messages(ref);
    CREATE TABLE appointments (
        message_key TEXT PRIMARY KEY REFERENCES messages(key), thread TEXT NOT NULL,
        start_ts REAL NOT NULL, mail_date REAL, mail TEXT NOT NULL, appointment TEXT NOT NULL,
        superseded_by TEXT);
    CREATE INDEX appointments_start ON appointments(start_ts);
    CREATE TABLE findings (
        message_key TEXT PRIMARY KEY, status TEXT NOT NULL, problem_key TEXT,
        finding TEXT NOT NULL, checked_at TEXT NOT NULL);
    CREATE TABLE problems (
        id INTEGER PRIMARY KEY AUTOINCREMENT, message_key TEXT NOT NULL, key TEXT NOT NULL,
        status TEXT NOT NULL, finding TEXT NOT NULL, start_ts REAL NOT NULL,
        opened_at TEXT NOT NULL, resolved_at TEXT, resolution TEXT, reminded_at TEXT);
    CREATE UNIQUE INDEX problems_open ON problems(message_key) WHERE resolved_at IS NULL;
    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT, problem_id INTEGER REFERENCES problems(id),
        kind TEXT NOT NULL, message BLOB NOT NULL, created_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0, next_attempt_ts REAL NOT NULL,
        last_error TEXT, sent_at TEXT);
    CREATE INDEX outbox_unsent ON outbox(next_attempt_ts) WHERE sent_at IS NULL;
    CREATE TABLE accounts (
        name TEXT PRIMARY KEY, last_success TEXT, last_error TEXT, last_error_at TEXT);
    """,
    # 2: how far each IMAP folder was read (the IMAP source's ReadState lives here too).
    """
    CREATE TABLE readstate (
        account TEXT NOT NULL, folder TEXT NOT NULL, uidvalidity INTEGER NOT NULL,
        last_uid INTEGER NOT NULL, seen TEXT NOT NULL, PRIMARY KEY (account, folder));
    """,
    # 3: every message's thread links (JSON: in_reply_to, references, cancels), so supersession
    # is decided at each check as `calcheck audit` decides it; appointments.superseded_by is no
    # longer written. Rows from before have no links: their thread column stands in.
    """
    ALTER TABLE messages ADD COLUMN links TEXT;
    CREATE INDEX messages_date ON messages(mail_date);
    CREATE INDEX appointments_date ON appointments(mail_date);
    """,
)
SCHEMA_VERSION = len(_MIGRATIONS)


def thread_of(mail: MailMessage) -> str:
    """The thread root: the first References entry, else In-Reply-To, else the message itself."""
    if mail.references:
        return mail.references[0]
    if mail.in_reply_to:
        return mail.in_reply_to[0]
    return message_key(mail)


class Store(ProblemLog):
    """The state database. Thread-safe: one connection, one lock, short transactions."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            if not path.exists():
                # Create it 0600 before SQLite does, so it is never readable by others.
                os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
            self._db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                       check_same_thread=False)
        except (OSError, sqlite3.Error) as exc:
            raise CalcheckError(f"cannot open the state database {path}: {exc}; check the [daemon] "
                                "state_dir setting and the directory's permissions") from exc
        self._lock = threading.RLock()
        try:
            self._db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")
            self._db.execute("PRAGMA foreign_keys = ON")
            self._migrate()
        except CalcheckError:
            self._db.close()
            raise
        except sqlite3.Error as exc:
            self._db.close()
            raise self._error(exc) from exc

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _error(self, exc: sqlite3.Error) -> CalcheckError:
        text = str(exc)
        if "locked" in text or "busy" in text:
            return CalcheckError(f"the state database {self.path} is locked by another process "
                                 "(is a second `calcheck run` active?); stop it and retry")
        if "full" in text:
            return CalcheckError(f"the disk holding {self.path} is full; free some space, nothing was lost")
        return CalcheckError(f"state database {self.path}: {text}")

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise self._error(exc) from exc
            try:
                yield self._db
                self._db.execute("COMMIT")
            except BaseException as exc:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise self._error(exc) from exc
                raise

    def _migrate(self) -> None:
        with self._tx() as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise CalcheckError(f"the state database {self.path} was written by a newer calcheck "
                                    f"(schema {version}, this one knows {SCHEMA_VERSION}); upgrade calcheck")
            for number in range(version, SCHEMA_VERSION):
                for statement in _MIGRATIONS[number].split(";"):
                    if statement.strip():
                        db.execute(statement)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    # -- messages and appointments -------------------------------------------------------------

    def seen(self, mail: MailMessage) -> bool:
        """Whether this message was read before (by Message-ID, else by ref)."""
        with self._lock:
            row = self._db.execute("SELECT 1 FROM messages WHERE key = ?", (message_key(mail),)).fetchone()
        return row is not None

    def seen_ref(self, ref: str) -> bool:
        """Whether a message with this ref was read before: lets a source skip decoding it."""
        with self._lock:
            return self._db.execute("SELECT 1 FROM messages WHERE ref = ?", (ref,)).fetchone() is not None

    def record_message(self, mail: MailMessage, appt: Appointment | None, account: str,
                       now: datetime) -> None:
        """Remember a message, its thread links and what it confirms (which stands: :meth:`recent`)."""
        key, thread = message_key(mail), thread_of(mail)
        date = mail.date.timestamp() if mail.date else None
        links = links_to_json(mail)
        with self._tx() as db:
            db.execute("INSERT OR IGNORE INTO messages (key, message_id, ref, thread, account, mail_date, "
                       "seen_at, links) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       (key, mail.message_id, mail.ref, thread, account, date, now.isoformat(), links))
            if appt is None:
                return
            db.execute("INSERT OR REPLACE INTO appointments VALUES (?, ?, ?, ?, ?, ?, NULL)",
                       (key, thread, appt.start.timestamp(), date, json.dumps(mail_to_json(mail)),
                        json.dumps(appointment_to_json(appt))))

    def upcoming(self, now: datetime) -> list[tuple[MailMessage, Appointment]]:
        """Every stored appointment still ahead, superseded or not, soonest first."""
        with self._lock:
            rows = self._db.execute("SELECT mail, appointment FROM appointments WHERE start_ts >= ? "
                                    "ORDER BY start_ts", (now.timestamp(),)).fetchall()
        return [(mail_from_json(json.loads(m)), appointment_from_json(json.loads(a))) for m, a in rows]

    def recent(self, now: datetime) -> tuple[list[tuple[MailMessage, Appointment]], list[MailMessage]]:
        """What the daemon judges: ``(found, mails)`` for :func:`calcheck.audit.judge_appointments`.

        ``found``: every appointment still ahead, and every appointment whose mail is not older
        than the oldest of theirs (only a later message can supersede one); ``mails``: the thread
        links of every message that recent, as messages without text. Empty when nothing is ahead.
        Appointments come in the order they were read: of two messages of a thread with the same
        Date, the one read later is the later word (as in ``calcheck audit``).
        An upcoming appointment from mail without a date could be superseded by any later word
        in its thread: then everything is read.
        """
        ts = now.timestamp()
        with self._lock:
            db = self._db
            count, undated, oldest = db.execute(
                "SELECT COUNT(*), COUNT(*) - COUNT(mail_date), MIN(mail_date) FROM appointments "
                "WHERE start_ts >= ?", (ts,)).fetchone()
            if not count:
                return [], []
            floor = float("-inf") if undated or oldest is None else oldest
            rows = db.execute("SELECT mail, appointment FROM appointments WHERE start_ts >= ? "
                              "OR mail_date >= ? OR ? ORDER BY rowid",
                              (ts, floor, bool(undated))).fetchall()
            links = db.execute("SELECT key, message_id, ref, thread, mail_date, links FROM messages "
                               "WHERE mail_date >= ? OR mail_date IS NULL OR ?",
                               (floor, bool(undated))).fetchall()
        found = [(mail_from_json(json.loads(m)), appointment_from_json(json.loads(a))) for m, a in rows]
        return found, [mail_from_links(row) for row in links]

    def supersede(self, message_keys: Iterable[str], now: datetime) -> int:
        """Resolve the open problems of appointments later mail superseded; returns how many."""
        with self._tx() as db:
            return sum(self._resolve(db, key, now, "superseded") for key in message_keys)

    # -- the IMAP reading position (calcheck.readstate.ReadState) ----------------------------

    def get(self, account: str, folder: str) -> FolderState | None:
        """The saved reading position of one IMAP folder."""
        with self._lock:
            row = self._db.execute("SELECT uidvalidity, last_uid, seen FROM readstate WHERE account = ? "
                                   "AND folder = ?", (account, folder)).fetchone()
        return None if row is None else FolderState(row[0], row[1], tuple(json.loads(row[2])))

    def set(self, account: str, folder: str, state: FolderState) -> None:
        """Save the reading position (committed before returning)."""
        with self._tx() as db:
            db.execute("INSERT OR REPLACE INTO readstate VALUES (?, ?, ?, ?, ?)",
                       (account, folder, state.uidvalidity, state.last_uid, json.dumps(list(state.seen))))

    # -- accounts and status ---------------------------------------------------------------------

    def account_ok(self, name: str, now: datetime) -> None:
        with self._tx() as db:
            db.execute("INSERT INTO accounts (name, last_success) VALUES (?, ?) ON CONFLICT(name) "
                       "DO UPDATE SET last_success = excluded.last_success", (name, now.isoformat()))

    def account_failed(self, name: str, now: datetime, error: str) -> None:
        with self._tx() as db:
            db.execute("INSERT INTO accounts (name, last_error, last_error_at) VALUES (?, ?, ?) "
                       "ON CONFLICT(name) DO UPDATE SET last_error = excluded.last_error, "
                       "last_error_at = excluded.last_error_at", (name, error, now.isoformat()))

    def snapshot(self) -> dict[str, Any]:
        """Everything ``calcheck status`` shows, as plain data."""
        with self._lock:
            db = self._db
            accounts = [dict(zip(("name", "last_success", "last_error", "last_error_at"), r, strict=True))
                        for r in db.execute("SELECT name, last_success, last_error, last_error_at "
                                            "FROM accounts ORDER BY name")]
            outbox = [dict(zip(("id", "kind", "created_at", "attempts", "last_error", "subject"),
                               (*r[:5], _subject(r[5])), strict=True))
                      for r in db.execute("SELECT id, kind, created_at, attempts, last_error, message "
                                          "FROM outbox WHERE sent_at IS NULL ORDER BY id")]
            problems = [self._problem_row(r) for r in db.execute(
                "SELECT id, message_key, status, finding, opened_at, resolved_at, resolution, "
                "(SELECT MAX(sent_at) FROM outbox o WHERE o.problem_id = p.id) FROM problems p ORDER BY id")]
            messages = db.execute("SELECT COUNT(*) FROM messages").fetchone()[0]
        return {"accounts": accounts, "outbox": outbox, "messages": messages,
                "open_problems": [p for p in problems if p["resolved_at"] is None],
                "resolved_problems": [p for p in problems if p["resolved_at"] is not None]}

    @staticmethod
    def _problem_row(r: tuple[Any, ...]) -> dict[str, Any]:
        finding = json.loads(r[3])
        return {"id": r[0], "message_id": r[1], "status": r[2], "opened_at": r[4], "resolved_at": r[5],
                "resolution": r[6], "alert_sent_at": r[7], "subject": finding.get("subject", ""),
                "appointment_start": finding["appointment"]["start"],
                "event_start": (finding.get("event") or {}).get("start")}


def _subject(message: bytes) -> str:
    return str(email.message_from_bytes(message, policy=email.policy.default).get("Subject", ""))


__all__ = ["SCHEMA_VERSION", "Composer", "OutboxItem", "Problem", "Store", "default_state_dir",
           "message_key", "problem_key", "thread_of"]
