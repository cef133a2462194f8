"""Faults the daemon must live through: nothing lost, nothing sent twice, service resumes by itself.

Each test drives :class:`calcheck.daemon.Daemon` cycles in process, with an injected clock and
real servers on loopback where the fault is a server's (Dovecot killed mid-fetch, aiosmtpd down,
the fake Google Calendar API answering 429/500). Cycles are called directly instead of waiting
for APScheduler: the scheduler only decides *when* a cycle runs, the cycle decides what is kept.
The SIGKILL-between-send-and-record fault needs a real process and lives in
``test_faults_crash.py``.
"""

from __future__ import annotations

import email
import email.policy
import logging
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta
from email.header import Header
from email.mime.text import MIMEText
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from imapclient import IMAPClient

from calcheck._sdnotify import Notifier
from calcheck.alerts.smtp import SmtpSender, SmtpSettings
from calcheck.audit import run_audit
from calcheck.calendars.google import GoogleCalendar
from calcheck.daemon import Daemon
from calcheck.errors import TransientError
from calcheck.google_auth import GoogleAuth
from calcheck.model import CalendarEvent, RawMail, Status
from calcheck.runtime import Account, Runtime
from calcheck.sources import imap as imap_module
from calcheck.sources.imap import ImapAccount, ImapSource
from calcheck.state import Store
from servers.dovecot import DovecotServer, dovecot_unavailable
from servers.fake_google import FakeGoogle, fake_google, google_error, timed
from servers.smtp import SmtpServer

TZ = ZoneInfo("Asia/Tokyo")
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=TZ)
JA_WEEKDAYS = "月火水木金土日"
PW_ENV = "CALCHECK_FAULTS_IMAP_PW"


def confirmation(n: int, start: datetime, *, padding: int = 0) -> bytes:
    """Confirmation number ``n`` for ``start``, as a Japanese sender writes it (ISO-2022-JP)."""
    day = f"{start.month}月{start.day}日({JA_WEEKDAYS[start.weekday()]})"
    body = ("山田様\n\nお世話になっております。ABC商事の佐藤です。\n\n"
            f"先日ご相談の件、{day}{start.hour}時から{start.hour + 1}時で打ち合わせをお願いいたします。\n"
            "当日は御社にお伺いします。\n\nよろしくお願いいたします。\n" + "。" * padding)
    msg = MIMEText(body, "plain", "iso-2022-jp")
    msg["Subject"] = Header(f"打ち合わせ日程のご確認 ({n})", "iso-2022-jp")
    msg["From"] = f"{Header('ABC商事 佐藤', 'iso-2022-jp').encode()} <sato@abc.example>"
    msg["To"] = "yamada@me.example"
    msg["Date"] = format_datetime(NOW - timedelta(hours=1))
    msg["Message-ID"] = f"<confirm-{n}@abc.example>"
    return msg.as_bytes()


def start_of(n: int) -> datetime:
    """Appointment ``n``: 14:00 on the (n+1)-th day after NOW."""
    return (NOW + timedelta(days=n + 1)).replace(hour=14)


class Clock:
    """The daemon's clock, moved by the test."""

    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self, tz: Any) -> datetime:
        return self.now.astimezone(tz)


class ListSource:
    """A mail source holding messages in memory; ``commit`` counted like the IMAP source's."""

    def __init__(self, *mails: bytes) -> None:
        self.mail = [RawMail(f"mem:{i}", data) for i, data in enumerate(mails)]
        self.commits = 0

    def messages(self, since: datetime) -> Iterator[RawMail]:
        yield from self.mail

    def commit(self) -> None:
        self.commits += 1


class Cal:
    """A calendar with one ABC entry per start in ``starts`` (empty: every confirmation is missing)."""

    def __init__(self, *starts: datetime) -> None:
        self.starts = list(starts)
        self.calls = 0

    def events(self, start: datetime, end: datetime) -> list[CalendarEvent]:
        self.calls += 1
        return [CalendarEvent(f"ev{i}", "ABC商事 打ち合わせ", s, s + timedelta(hours=1),
                              attendees=("sato@abc.example",)) for i, s in enumerate(self.starts)]


class Outbox:
    """A sender that can be switched off."""

    def __init__(self) -> None:
        self.sent: list[bytes] = []
        self.down = False

    def send(self, message: bytes) -> None:
        if self.down:
            raise TransientError("smtp test: connection refused; it stays queued and is retried")
        self.sent.append(message)


def runtime(source: Any, calendar: Any, sender: Any, reminder: timedelta | None = None) -> Runtime:
    minute = timedelta(minutes=1)
    return Runtime(tz=TZ, since=timedelta(days=30), accounts=[Account("mem", source)], calendar=calendar,
                   sender=sender, from_addr="calcheck@me.example", to=("yamada@me.example",),
                   language="ja", reminder=reminder, poll=minute, recheck=minute, retry_base=minute)


def daemon(store: Store, rt: Runtime, clock: Clock | None = None) -> Daemon:
    return Daemon(store, lambda: rt, clock=clock or Clock(), notifier=Notifier({}))


def problems(sent: list[bytes]) -> list[str]:
    """The X-Calcheck-Problem header of each sent alert, in order."""
    keys = []
    for message in sent:
        for line in message.split(b"\r\n"):
            if line.startswith(b"X-Calcheck-Problem:"):
                keys.append(line.split(b":", 1)[1].strip().decode())
    return keys


def subject(message: bytes) -> str:
    return str(email.message_from_bytes(message, policy=email.policy.default)["Subject"])


def integrity(path: Path) -> str:
    with sqlite3.connect(path) as db:
        return str(db.execute("PRAGMA integrity_check").fetchone()[0])


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "state" / "state.db") as s:
        yield s


# -- IMAP server killed mid-fetch --------------------------------------------------------------

@pytest.mark.skipif(dovecot_unavailable() is not None, reason=str(dovecot_unavailable()))
def test_imap_server_killed_mid_fetch_loses_and_repeats_nothing(
        store: Store, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv(PW_ENV, "secret")
    monkeypatch.setattr(imap_module, "BATCH_MESSAGES", 2)  # three body fetches for six messages
    with DovecotServer() as server:
        server.append_many("INBOX", [confirmation(n, start_of(n)) for n in range(6)])
        account = ImapAccount(name="work", host=server.host, port=server.port, tls="plain",
                              allow_insecure=True, username=server.user, password_env=PW_ENV,
                              connect_timeout=3, read_timeout=3)
        source = ImapSource([account], store)
        out = Outbox()
        d = daemon(store, runtime(source, Cal(), out))

        fetches = {"bodies": 0}
        original = IMAPClient.fetch

        def fetch(client: IMAPClient, messages: Any, data: Any, modifiers: Any = None) -> Any:
            if any("BODY.PEEK[]" in str(item) for item in data):
                fetches["bodies"] += 1
                if fetches["bodies"] == 2:
                    server.kill()  # the second batch's FETCH meets a dead server
            return original(client, messages, data, modifiers)

        monkeypatch.setattr(IMAPClient, "fetch", fetch)
        caplog.set_level(logging.INFO)
        first = d.cycle()
        assert first.errors == 1
        assert first.messages == 2  # the first batch was stored before the crash
        assert "connection lost" in caplog.text or "connection failed" in caplog.text
        assert store.get("work", "INBOX") is None  # nothing committed: the next read starts over

        server.start()
        second = d.cycle()
        assert second.errors == 0
        assert second.messages == 4
        third = d.cycle()
        assert (third.messages, third.opened, third.sent) == (0, 0, 0)
    snap = store.snapshot()
    assert snap["messages"] == 6
    assert sorted(p["message_id"] for p in snap["open_problems"]) == [f"<confirm-{n}@abc.example>"
                                                                      for n in range(6)]
    keys = problems(out.sent)
    assert len(keys) == 6
    assert len(set(keys)) == 6
    assert snap["accounts"][0]["last_success"] is not None


# -- SMTP server down for a while --------------------------------------------------------------

def test_smtp_down_for_a_while_the_alert_waits_and_goes_out_once(
        store: Store, caplog: pytest.LogCaptureFixture) -> None:
    clock = Clock()
    with SmtpServer() as smtp:
        sender = SmtpSender(SmtpSettings(host=smtp.host, port=smtp.port, tls="plain", allow_insecure=True,
                                         from_addr="calcheck@me.example", to=("yamada@me.example",),
                                         timeout=5))
        d = daemon(store, runtime(ListSource(confirmation(1, start_of(4))), Cal(), sender), clock)
        smtp.stop()
        caplog.set_level(logging.WARNING)
        first = d.cycle()
        assert (first.opened, first.sent, first.queued) == (1, 0, 1)
        assert "not sent (attempt 1)" in caplog.text

        clock.now += timedelta(seconds=30)  # before the retry is due: no attempt at all
        d._flush_only()
        assert store.snapshot()["outbox"][0]["attempts"] == 1
        clock.now += timedelta(minutes=1)  # due, still down: the wait doubles
        d._flush_only()
        assert store.snapshot()["outbox"][0]["attempts"] == 2

        smtp.start()
        clock.now += timedelta(minutes=2)
        back = d.cycle()
        assert (back.opened, back.sent, back.queued) == (0, 1, 0)
        for _ in range(3):
            clock.now += timedelta(minutes=5)
            d.cycle()
        (alert,) = smtp.wait_for(1, timeout=5)
        assert len(smtp.received()) == 1
    assert alert.message["X-Calcheck-Problem"]
    assert store.snapshot()["outbox"] == []


# -- the calendar API answering 429/500 --------------------------------------------------------

def google_backend(fake: FakeGoogle, sleeps: list[float], attempts: int = 5) -> GoogleCalendar:
    from google.oauth2.credentials import Credentials  # noqa: PLC0415

    creds = Credentials(token="access-1", refresh_token="refresh-1", token_uri=fake.token_uri,  # noqa: S106
                        client_id="client-id", client_secret="client-secret")  # noqa: S106
    return GoogleCalendar(GoogleAuth(creds), ("primary",), tz=TZ, api_endpoint=fake.endpoint,
                          max_attempts=attempts, base_delay=0.001, sleep=sleeps.append)


def abc_event(start: datetime, event_id: str) -> dict[str, Any]:
    end = start + timedelta(hours=1)
    return timed(event_id, "ABC商事 打ち合わせ", start.isoformat(), end.isoformat(),
                 attendees=[{"email": "sato@abc.example"}])


def test_calendar_api_rate_limited_and_failing_the_audit_retries_and_completes() -> None:
    ok_start, wrong_start = start_of(2), start_of(3)
    with fake_google() as fake:
        fake.add("primary", abc_event(ok_start, "right"), abc_event(wrong_start + timedelta(days=1), "late"))
        fake.faults.extend([google_error(429, "rateLimitExceeded"), google_error(500), google_error(503),
                            google_error(429, "rateLimitExceeded")])
        sleeps: list[float] = []
        source = ListSource(confirmation(1, ok_start), confirmation(2, wrong_start))
        result = run_audit(source, google_backend(fake, sleeps), NOW, TZ, NOW - timedelta(days=30))
        requests = len(fake.events_requests())
    assert requests == 5  # four faults, then the answer
    assert len(sleeps) == 4
    assert sleeps[3] > sleeps[0]  # exponential: 1 ms then 8 ms (±50 %)
    verdicts = {f.mail.message_id: (f.status, f.differences) for f in result.findings}
    assert verdicts == {"<confirm-1@abc.example>": (Status.OK, ()),
                        "<confirm-2@abc.example>": (Status.MISMATCH, ("date",))}


def test_calendar_api_failing_a_whole_cycle_is_logged_and_the_next_cycle_catches_up(
        store: Store, caplog: pytest.LogCaptureFixture) -> None:
    start = start_of(3)
    with fake_google() as fake:
        fake.add("primary", abc_event(start + timedelta(days=1), "late"))
        fake.faults.extend([google_error(500)] * 3 + [google_error(429, "rateLimitExceeded")] * 3)
        sleeps: list[float] = []
        out = Outbox()
        clock = Clock()
        d = daemon(store, runtime(ListSource(confirmation(1, start)), google_backend(fake, sleeps, 3), out),
                   clock)
        caplog.set_level(logging.INFO)
        outage = [d.cycle(), d.cycle()]  # every attempt of two cycles fails (a minute of 500s and 429s)
        assert [(s.errors, s.opened) for s in outage] == [(1, 0), (1, 0)]
        assert "checked again next cycle" in caplog.text
        assert out.sent == []
        clock.now += timedelta(minutes=1)
        recovered = d.cycle(read_mail=False)  # a recheck: the mail is not read again, it was kept
        assert (recovered.errors, recovered.opened, recovered.sent) == (0, 1, 1)
        assert len(fake.events_requests()) == 7
    assert len(sleeps) == 4  # two per failed cycle, none once the server answers
    assert b"X-Calcheck-Problem" in out.sent[0]


# -- the state database locked, or its disk full ----------------------------------------------

def test_locked_state_database_fails_the_cycle_clearly_and_the_next_one_recovers(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr("calcheck.state.BUSY_TIMEOUT_MS", 100)
    path = tmp_path / "state.db"
    out = Outbox()
    source = ListSource(confirmation(1, start_of(4)))
    with Store(path) as store:
        d = daemon(store, runtime(source, Cal(), out))
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        caplog.set_level(logging.ERROR)
        try:
            d._check_job()  # what the scheduler runs: the error is logged, not raised
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert "locked by another process" in caplog.text
        assert "Traceback" not in caplog.text
        assert out.sent == []
        assert source.commits == 0  # nothing acknowledged, so nothing skipped later
        after = d.cycle()
        assert (after.messages, after.opened, after.sent) == (1, 1, 1)
    assert integrity(path) == "ok"


def test_full_disk_fails_the_cycle_clearly_keeps_the_database_and_recovers(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "state.db"
    out = Outbox()
    source = ListSource(confirmation(1, start_of(4)), confirmation(2, start_of(5), padding=20000))
    with Store(path) as store:
        d = daemon(store, runtime(ListSource(source.mail[0].data), Cal(), out))
        assert d.cycle().sent == 1
        pages = store._db.execute("PRAGMA page_count").fetchone()[0]
        store._db.execute(f"PRAGMA max_page_count = {pages}")  # not one more page fits
        d.runtime.accounts[0].source = source
        caplog.set_level(logging.ERROR)
        d._check_job()
        assert "is full" in caplog.text
        assert len(out.sent) == 1
        snap = store.snapshot()
        assert (snap["messages"], len(snap["open_problems"])) == (1, 1)  # the first problem intact
        store._db.execute("PRAGMA max_page_count = 1073741823")  # space freed
        after = d.cycle()
        assert (after.messages, after.opened, after.sent) == (1, 1, 1)
    assert integrity(path) == "ok"
    assert len(set(problems(out.sent))) == 2


# -- the system clock jumping ------------------------------------------------------------------

def test_clock_jumping_back_and_forth_neither_loses_nor_repeats_alerts(store: Store) -> None:
    start = start_of(4)  # 11/25 14:00
    clock = Clock()
    out = Outbox()
    d = daemon(store, runtime(ListSource(confirmation(1, start)), Cal(start + timedelta(days=1)), out,
                              reminder=timedelta(hours=3)), clock)
    assert d.cycle().sent == 1
    clock.now -= timedelta(hours=5)  # NTP pulls the clock back
    assert (d.cycle().opened, len(out.sent)) == (0, 1)
    clock.now += timedelta(days=3, hours=5)  # forward three days (the machine slept)
    assert (d.cycle().opened, len(out.sent)) == (0, 1)
    clock.now = start - timedelta(hours=2)  # inside the reminder window
    assert d.cycle().reminded == 1
    clock.now -= timedelta(hours=6)  # back again: the reminder is not sent twice
    d.cycle()
    clock.now = start - timedelta(minutes=30)
    d.cycle()
    assert [subject(m).startswith("[リマインド]") for m in out.sent] == [False, True]
    clock.now = start + timedelta(days=2)  # past the appointment: nothing left to fix, nothing sent
    after = d.cycle()
    assert (after.checked, after.sent) == (0, 0)
    assert [p["resolution"] for p in store.snapshot()["resolved_problems"]] == ["expired"]
    assert len(set(problems(out.sent))) == 1  # alert and reminder are about the same problem


def test_an_alert_queued_before_the_clock_jumps_back_is_not_held_for_hours(store: Store) -> None:
    clock = Clock()
    out = Outbox()
    out.down = True
    d = daemon(store, runtime(ListSource(confirmation(1, start_of(4))), Cal(), out), clock)
    assert d.cycle().queued == 1  # retry due a minute from "now"
    clock.now -= timedelta(hours=9)  # the clock was 9 hours fast (a zone mix-up fixed by NTP)
    out.down = False
    clock.now += timedelta(minutes=2)
    d._flush_only()
    assert len(out.sent) == 1
    assert store.snapshot()["outbox"] == []


def test_mail_read_while_the_clock_is_days_ahead_is_still_checked(store: Store) -> None:
    start = start_of(6)
    clock = Clock(NOW + timedelta(days=2))
    out = Outbox()
    d = daemon(store, runtime(ListSource(confirmation(1, start)), Cal(), out), clock)
    assert d.cycle().sent == 1
    clock.now = NOW  # the clock comes back
    assert (d.cycle().opened, len(out.sent)) == (0, 1)


def test_clock_jumping_past_the_appointment_and_back_does_not_alert_again(store: Store) -> None:
    start = start_of(4)
    clock = Clock()
    out = Outbox()
    d = daemon(store, runtime(ListSource(confirmation(1, start)), Cal(), out), clock)
    assert d.cycle().sent == 1
    clock.now = start + timedelta(days=3)  # a wrong RTC at boot: days ahead, the problem expires
    d.cycle()
    clock.now = NOW + timedelta(minutes=10)  # NTP corrects it: the same problem, still unfixed
    again = d.cycle()
    assert (again.opened, again.sent) == (0, 0)
    assert len(out.sent) == 1
    assert len(store.snapshot()["open_problems"]) == 1
