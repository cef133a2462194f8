"""`calcheck run` as a subprocess against real IMAP and SMTP servers: one alert per problem, never lost.

The daemon reads the real clock, so the mail and the calendar are written relative to now.
``CALCHECK_TEST_INTERVAL_SECONDS`` shortens every interval to half a second. Every wait is
bounded and waits on a condition (the SMTP store's Condition, the state database's content).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from email.header import Header
from email.mime.text import MIMEText
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest

from calcheck.state import Store
from servers.dovecot import DovecotServer, dovecot_unavailable
from servers.smtp import SmtpServer

TZ = ZoneInfo("Asia/Tokyo")
CALCHECK = Path(sys.executable).parent / "calcheck"
JA_WEEKDAYS = "月火水木金土日"
PASSWORD_ENV = "CALCHECK_E2E_SMTP_PASSWORD"  # noqa: S105 - the variable's name, not a password
IMAP_PASSWORD_ENV = "CALCHECK_E2E_IMAP_PASSWORD"  # noqa: S105 - same


def confirmation(start: datetime, sent: datetime, mid: str) -> bytes:
    """A confirmation mail as a Japanese sender writes it: ISO-2022-JP, weekday in parentheses."""
    day = f"{start.month}月{start.day}日({JA_WEEKDAYS[start.weekday()]})"
    body = ("山田様\n\nお世話になっております。ABC商事の佐藤です。\n\n"
            f"先日ご相談の件、{day}{start.hour}時から{start.hour + 1}時で打ち合わせをお願いいたします。\n"
            "当日は御社にお伺いします。\n\nよろしくお願いいたします。\n")
    msg = MIMEText(body, "plain", "iso-2022-jp")
    msg["Subject"] = Header("打ち合わせ日程のご確認", "iso-2022-jp")
    msg["From"] = f"{Header('ABC商事 佐藤', 'iso-2022-jp').encode()} <sato@abc.example>"
    msg["To"] = "yamada@me.example"
    msg["Date"] = format_datetime(sent)
    msg["Message-ID"] = mid
    return msg.as_bytes()


def write_calendar(path: Path, start: datetime) -> None:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//calcheck tests//EN")
    cal.add("version", "2.0")
    event = icalendar.Event()
    event.add("uid", "ev-abc-1@test")
    event.add("dtstamp", datetime(2025, 1, 1, tzinfo=TZ))
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(hours=1))
    event.add("summary", "ABC商事 打ち合わせ")
    cal.add_component(event)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(cal.to_ical())
    tmp.replace(path)  # atomic: the daemon never reads half a file


def deliver(maildir: Path, name: str, data: bytes) -> None:
    (maildir / "tmp" / name).write_bytes(data)
    (maildir / "tmp" / name).rename(maildir / "new" / name)


def wait_until(what: str, check: Callable[[], Any], timeout: float = 10.0) -> Any:
    """Poll ``check`` until it returns something true, for at most ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.05)  # polling a condition with a deadline, not synchronisation by sleep
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


class Setup:
    """A daemon's world: its mail (a Maildir, or a Dovecot account when given), calendar and SMTP."""

    def __init__(self, root: Path, smtp: SmtpServer, dovecot: DovecotServer | None = None) -> None:
        self.root = root
        self.smtp = smtp
        self.dovecot = dovecot
        self.maildir = root / "Maildir"
        for sub in ("cur", "new", "tmp"):
            (self.maildir / sub).mkdir(parents=True)
        self.calendar = root / "calendar.ics"
        self.state = root / "state"
        self.config = root / "config.toml"
        mail = f'[mail]\nsource = "maildir:{self.maildir}"'
        if dovecot is not None:
            mail = f"""[mail]
source = "imap"
[imap.work]
host = "127.0.0.1"
port = {dovecot.ssl_port}
tls = "imaps"
ca_file = "{dovecot.ca_file}"
username = "{dovecot.user}"
password_env = "{IMAP_PASSWORD_ENV}"
"""
        self.config.write_text(f"""\
timezone = "Asia/Tokyo"
{mail}
[calendar]
source = "ics:{self.calendar}"
[smtp]
host = "127.0.0.1"
port = {smtp.port}
tls = "starttls"
ca_file = "{smtp.ca_file}"
username = "{smtp.user}"
password_env = "{PASSWORD_ENV}"
from = "calcheck@me.example"
to = ["yamada@me.example"]
[daemon]
state_dir = "{self.state}"
""", encoding="utf-8")
        self.env = {**os.environ, "CALCHECK_TEST_INTERVAL_SECONDS": "0.5", PASSWORD_ENV: smtp.password}
        if dovecot is not None:
            self.env[IMAP_PASSWORD_ENV] = dovecot.password
        self.procs: list[subprocess.Popen[bytes]] = []

    def start(self) -> subprocess.Popen[bytes]:
        log = open(self.root / f"daemon-{len(self.procs)}.log", "wb")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen([str(CALCHECK), "--config", str(self.config), "run"], env=self.env,
                                stdout=log, stderr=log, start_new_session=True)
        log.close()
        self.procs.append(proc)
        return proc

    def stop(self, proc: subprocess.Popen[bytes]) -> float:
        began = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0, self.logs()
        return time.monotonic() - began

    def snapshot(self) -> dict[str, Any] | None:
        path = self.state / "state.db"
        if not path.exists():
            return None
        with Store(path) as store:
            return store.snapshot()

    def checked_since(self, moment: str) -> bool:
        snap = self.snapshot()
        return bool(snap and any((a["last_success"] or "") > moment for a in snap["accounts"]))

    def status_json(self) -> dict[str, Any]:
        out = subprocess.run([str(CALCHECK), "--config", str(self.config), "status", "--format", "json"],
                             env=self.env, capture_output=True, timeout=30, check=False)
        assert out.returncode in (0, 1), out.stderr.decode()
        result: dict[str, Any] = json.loads(out.stdout)
        return result

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in sorted(self.root.glob("daemon-*.log")))

    def cleanup(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[Setup]:
    reason = dovecot_unavailable()
    if reason is not None:
        pytest.skip(reason)
    with DovecotServer() as dovecot, SmtpServer(tls="starttls") as smtp:
        s = Setup(tmp_path, smtp, dovecot)
        try:
            yield s
        finally:
            s.cleanup()


def test_daemon_alerts_once_resolves_survives_restarts_and_outages(setup: Setup) -> None:
    assert setup.dovecot is not None
    now = datetime.now(TZ)
    start = (now + timedelta(days=10)).replace(hour=14, minute=0, second=0, microsecond=0)
    write_calendar(setup.calendar, start + timedelta(days=1))  # the entry is a day late
    daemon = setup.start()

    # 1. A confirmation that disagrees with the calendar: one alert, within 10 seconds.
    setup.dovecot.append("INBOX", confirmation(start, now - timedelta(hours=1), "<confirm-1@abc.example>"))
    (alert,) = setup.smtp.wait_for(1, timeout=10)
    msg = alert.message
    assert alert.rcpt_tos == ["yamada@me.example"]
    assert alert.login == setup.smtp.user
    assert msg["From"] == "calcheck@me.example"
    assert msg["To"] == "yamada@me.example"
    assert msg["Auto-Submitted"] == "auto-generated"
    assert msg["X-Calcheck-Problem"]
    day = f"{start.month}/{start.day}({JA_WEEKDAYS[start.weekday()]}) 14:00"
    late = start + timedelta(days=1)
    late_day = f"{late.month}/{late.day}({JA_WEEKDAYS[late.weekday()]}) 14:00"
    assert msg["Subject"] == f"予定のずれ: ABC商事 佐藤 {day} — カレンダーは {late_day}"
    text, html = msg.get_body(("plain",)), msg.get_body(("html",))
    assert text is not None
    assert html is not None
    evidence = f"{start.month}月{start.day}日({JA_WEEKDAYS[start.weekday()]}){start.hour}時"
    assert evidence in text.get_content()
    assert evidence in html.get_content()
    (ics,) = list(msg.iter_attachments())
    (vevent,) = icalendar.Calendar.from_ical(ics.get_payload(decode=True)).walk("VEVENT")
    assert vevent["DTSTART"].dt == start
    assert str(vevent["UID"]) == "ev-abc-1@test"

    # 2. The user fixes the calendar: the problem is resolved, no new alert.
    write_calendar(setup.calendar, start)
    wait_until("the problem to be resolved",
               lambda: (snap := setup.snapshot()) and not snap["open_problems"] and snap["resolved_problems"])
    status = setup.status_json()
    assert status["open_problems"] == []
    assert [p["resolution"] for p in status["resolved_problems"]] == ["ok"]
    assert status["outbox"] == []
    assert len(setup.smtp.received()) == 1

    # 3. A restart reads nothing twice and sends nothing twice; SIGTERM exits 0 promptly.
    assert setup.stop(daemon) < 5
    mark = datetime.now(TZ).isoformat()
    daemon = setup.start()
    wait_until("a cycle after the restart", lambda: setup.checked_since(mark))
    assert len(setup.smtp.received()) == 1

    # 4. SMTP is down when a new problem appears; the alert waits and goes out exactly once.
    setup.smtp.stop()
    write_calendar(setup.calendar, start + timedelta(hours=2))  # moved to a wrong time later
    wait_until("the alert to fail once",
               lambda: (snap := setup.snapshot()) and snap["outbox"] and snap["outbox"][0]["attempts"] >= 1)
    setup.smtp.start()
    second = setup.smtp.wait_for(2, timeout=10)[1]
    assert "カレンダーは" in second.message["Subject"]
    assert second.message["X-Calcheck-Problem"] != msg["X-Calcheck-Problem"]
    wait_until("the outbox to empty", lambda: (snap := setup.snapshot()) and not snap["outbox"])
    mark = datetime.now(TZ).isoformat()
    wait_until("one more cycle", lambda: setup.checked_since(mark))
    assert len(setup.smtp.received()) == 2

    assert setup.stop(daemon) < 5
    assert "Traceback" not in setup.logs()
    # The daemon only ever peeked: the user's mail is still unread.
    assert b"\\Seen" not in setup.dovecot.flags("INBOX", 1)
