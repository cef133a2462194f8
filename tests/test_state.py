"""The state store: one alert per distinct problem, an outbox that never loses an alert."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from calcheck._statecodec import appointment_to_json, mail_to_json
from calcheck.errors import CalcheckError
from calcheck.extract.ical import cancelled_uids
from calcheck.model import Appointment, CalendarEvent, Finding, MailMessage, Status
from calcheck.state import SCHEMA_VERSION, Problem, Store, default_state_dir, problem_key

TZ = ZoneInfo("Asia/Tokyo")
NOW = datetime(2025, 11, 20, 9, 0, tzinfo=TZ)
START = datetime(2025, 11, 25, 14, 0, tzinfo=TZ)


def mail(mid: str = "<a@x>", date: datetime = NOW - timedelta(hours=1), **kw: object) -> MailMessage:
    base: dict[str, object] = {"ref": f"maildir:{mid}", "message_id": mid, "subject": "お打合せの件",
                               "sender_name": "ABC商事 山田", "sender_addr": "yamada@abc.example",
                               "date": date, "new_text": "11月25日(火)14時にお伺いします"}
    base.update(kw)
    return MailMessage(**base)  # type: ignore[arg-type]


def appt(start: datetime = START) -> Appointment:
    return Appointment(start=start, end=start + timedelta(hours=1), evidence="11月25日(火)14時",
                       source="text")


def event(start: datetime, uid: str = "ev1") -> CalendarEvent:
    return CalendarEvent(id=uid, summary="ABC商事 打合せ", start=start, end=start + timedelta(hours=1))


def finding(status: Status, ev: CalendarEvent | None, m: MailMessage | None = None,
            a: Appointment | None = None) -> Finding:
    return Finding(mail=m or mail(), appointment=a or appt(), status=status, event=ev)


def compose(problem: Problem) -> bytes:
    return f"Subject: {problem.kind} {problem.key}\n\nbody\n".encode()


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "state" / "state.db")
    yield s  # type: ignore[misc]
    s.close()


def test_database_is_private_and_versioned(tmp_path: Path) -> None:
    path = tmp_path / "calcheck" / "state.db"
    Store(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    Store(path).close()  # reopening applies no migration twice


def test_newer_schema_is_refused_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(CalcheckError, match="newer calcheck"):
        Store(path)


def test_state_dir_follows_xdg_and_systemd() -> None:
    assert default_state_dir({"XDG_STATE_HOME": "/x/state", "HOME": "/h"}) == Path("/x/state/calcheck")
    assert default_state_dir({"HOME": "/h"}) == Path("/h/.local/state/calcheck")
    systemd = {"STATE_DIRECTORY": "/var/lib/calcheck", "HOME": "/h"}
    assert default_state_dir(systemd) == Path("/var/lib/calcheck")


def test_same_problem_seen_again_queues_one_alert(store: Store) -> None:
    f = finding(Status.MISMATCH, event(START + timedelta(days=1)))
    assert store.reconcile(f, NOW, compose) == "opened"
    assert store.reconcile(f, NOW + timedelta(minutes=30), compose) is None
    assert len(store.due(NOW + timedelta(hours=1))) == 1
    assert b"alert " + problem_key(f).encode() in store.due(NOW)[0].message


def test_changed_problem_is_a_new_alert_and_ok_resolves(store: Store) -> None:
    store.reconcile(finding(Status.MISMATCH, event(START + timedelta(days=1))), NOW, compose)
    moved = finding(Status.MISMATCH, event(START + timedelta(hours=2)))
    assert store.reconcile(moved, NOW, compose) == "opened"
    assert len(store.due(NOW)) == 2
    assert store.reconcile(finding(Status.OK, event(START)), NOW, compose) == "resolved"
    snap = store.snapshot()
    assert snap["open_problems"] == []
    assert [p["resolution"] for p in snap["resolved_problems"]] == ["changed", "ok"]
    assert store.reconcile(finding(Status.OK, event(START)), NOW, compose) is None


def test_problem_back_after_fix_is_alerted_again(store: Store) -> None:
    wrong = finding(Status.MISSING, None)
    store.reconcile(wrong, NOW, compose)
    store.reconcile(finding(Status.OK, event(START)), NOW, compose)
    assert store.reconcile(wrong, NOW, compose) == "opened"


def test_reminder_is_queued_once_within_the_window(store: Store) -> None:
    f = finding(Status.MISSING, None)
    store.reconcile(f, NOW, compose, reminder=timedelta(hours=24))
    assert store.reconcile(f, START - timedelta(hours=25), compose, reminder=timedelta(hours=24)) is None
    assert store.reconcile(f, START - timedelta(hours=2), compose, reminder=timedelta(hours=24)) == "reminded"
    assert store.reconcile(f, START - timedelta(hours=1), compose, reminder=timedelta(hours=24)) is None
    assert [i.kind for i in store.due(START)] == ["alert", "reminder"]


def test_outbox_retries_failed_items_after_backoff_and_forgets_sent_ones(store: Store) -> None:
    store.reconcile(finding(Status.MISSING, None), NOW, compose)
    (item,) = store.due(NOW)
    store.mark_failed(item.id, NOW, "connection refused", NOW + timedelta(minutes=2))
    assert store.due(NOW + timedelta(minutes=1)) == []
    (again,) = store.due(NOW + timedelta(minutes=2))
    assert again.attempts == 1
    assert store.snapshot()["outbox"][0]["last_error"] == "connection refused"
    store.mark_sent(again.id, NOW + timedelta(minutes=2))
    assert store.due(NOW + timedelta(days=1)) == []
    assert store.snapshot()["open_problems"][0]["alert_sent_at"] is not None


def test_a_failing_composer_leaves_no_problem_behind(store: Store) -> None:
    def broken(problem: Problem) -> bytes:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        store.reconcile(finding(Status.MISSING, None), NOW, broken)
    assert store.snapshot()["open_problems"] == []
    assert store.reconcile(finding(Status.MISSING, None), NOW, compose) == "opened"


def test_the_store_keeps_what_supersession_needs_and_resolves_superseded_problems(store: Store) -> None:
    first = mail("<1@x>", NOW - timedelta(days=2))
    later = mail("<2@x>", NOW - timedelta(days=1), references=("<1@x>",))
    cancel = mail("<3@x>", NOW - timedelta(hours=2), new_text="",
                  calendars=("BEGIN:VCALENDAR\r\nMETHOD:CANCEL\r\nBEGIN:VEVENT\r\nUID:inv-9\r\n"
                             "END:VEVENT\r\nEND:VCALENDAR\r\n",))
    store.record_message(first, appt(), "work", NOW)
    store.reconcile(finding(Status.MISMATCH, event(START + timedelta(hours=1)), first), NOW, compose)
    store.record_message(later, appt(START + timedelta(hours=1)), "work", NOW)
    store.record_message(cancel, None, "work", NOW)
    found, links = store.recent(NOW)
    assert [(m.message_id, a.start) for m, a in found] == [("<1@x>", START),
                                                          ("<2@x>", START + timedelta(hours=1))]
    by_id = {m.message_id: m for m in links}
    assert by_id["<2@x>"].references == ("<1@x>",)
    assert by_id["<2@x>"].date == later.date
    assert cancelled_uids(by_id["<3@x>"].calendars) == ["inv-9"]
    assert store.supersede(["<1@x>"], NOW) == 1
    assert store.snapshot()["resolved_problems"][0]["resolution"] == "superseded"
    assert store.seen(first)
    assert store.seen_ref(later.ref)
    assert store.recent(START + timedelta(hours=2)) == ([], [])


def test_messages_stored_before_links_were_kept_are_linked_by_their_thread(tmp_path: Path) -> None:
    from calcheck import state  # noqa: PLC0415

    path = tmp_path / "state.db"
    with sqlite3.connect(path) as db:
        db.executescript(";".join(state._MIGRATIONS[:2]) + "; PRAGMA user_version = 2;")
        db.execute("INSERT INTO messages VALUES ('<2@x>', '<2@x>', 'maildir:2', '<1@x>', 'work', ?, ?)",
                   (NOW.timestamp(), NOW.isoformat()))
        db.execute("INSERT INTO appointments VALUES ('<2@x>', '<1@x>', ?, ?, ?, ?, NULL)",
                   (START.timestamp(), NOW.timestamp(), json.dumps(mail_to_json(mail("<2@x>"))),
                    json.dumps(appointment_to_json(appt()))))
    with Store(path) as s:
        _, (linked,) = s.recent(NOW)
    assert (linked.message_id, linked.references, linked.date) == ("<2@x>", ("<1@x>",), NOW)


def test_stored_mail_round_trips(store: Store) -> None:
    m = mail(recipients=("me@x",), calendars=("BEGIN:VCALENDAR",))
    store.record_message(m, appt(), "work", NOW)
    ((back, a),) = store.upcoming(NOW)
    assert back == m
    assert a == appt()
    assert store.upcoming(START + timedelta(minutes=1)) == []


def test_past_appointments_expire(store: Store) -> None:
    store.reconcile(finding(Status.MISSING, None), NOW, compose)
    assert store.expire(START + timedelta(minutes=1)) == 1
    assert store.snapshot()["resolved_problems"][0]["resolution"] == "expired"


def test_locked_database_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("calcheck.state.BUSY_TIMEOUT_MS", 50)
    path = tmp_path / "state.db"
    Store(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        s = Store.__new__(Store)
        with pytest.raises(CalcheckError, match="locked by another process"):
            Store.__init__(s, path)
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_account_checks_are_recorded(store: Store) -> None:
    store.account_failed("work", NOW, "login refused")
    store.account_ok("work", NOW + timedelta(minutes=5))
    (acc,) = store.snapshot()["accounts"]
    assert acc["last_success"] == (NOW + timedelta(minutes=5)).isoformat()
    assert acc["last_error"] == "login refused"


def test_umask_does_not_widen_the_file(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        Store(tmp_path / "d" / "state.db").close()
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "d" / "state.db").stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "d").stat().st_mode) == 0o700


def test_full_disk_is_a_clear_error_and_keeps_what_was_stored(store: Store) -> None:
    store.reconcile(finding(Status.MISSING, None), NOW, compose)
    pages = store._db.execute("PRAGMA page_count").fetchone()[0]
    store._db.execute(f"PRAGMA max_page_count = {pages}")

    def huge(problem: Problem) -> bytes:
        return b"x" * 1_000_000

    with pytest.raises(CalcheckError, match="is full"):
        store.reconcile(finding(Status.MISMATCH, event(START + timedelta(days=1))), NOW, huge)
    assert len(store.due(NOW)) == 1
    assert store.snapshot()["open_problems"][0]["status"] == "missing"


def test_store_keeps_the_imap_reading_position(tmp_path: Path) -> None:
    from calcheck.readstate import FolderState, ReadState  # noqa: PLC0415

    path = tmp_path / "state.db"
    with Store(path) as s:
        rs: ReadState = s
        assert rs.get("work", "INBOX") is None
        rs.set("work", "INBOX", FolderState(7, 42, ("<a@x>",)))
    with Store(path) as s:
        assert s.get("work", "INBOX") == FolderState(7, 42, ("<a@x>",))


def test_version_one_database_is_migrated(tmp_path: Path) -> None:
    from calcheck import state  # noqa: PLC0415

    path = tmp_path / "state.db"
    with sqlite3.connect(path) as db:
        db.executescript(state._MIGRATIONS[0] + "; PRAGMA user_version = 1;")
    with Store(path) as s:
        s.account_ok("work", NOW)
        assert s.get("work", "INBOX") is None
