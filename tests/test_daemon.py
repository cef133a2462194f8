"""The daemon's cycle, reload and sd_notify, in process, with fakes at the edges."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import datetime, timedelta
from email.header import Header
from email.mime.text import MIMEText
from email.utils import format_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from calcheck._sdnotify import Notifier
from calcheck.daemon import Daemon
from calcheck.errors import ConfigError
from calcheck.model import CalendarEvent, RawMail
from calcheck.runtime import Account, Runtime
from calcheck.state import Store

TZ = ZoneInfo("Asia/Tokyo")
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=TZ)
START = datetime(2026, 11, 25, 14, 0, tzinfo=TZ)  # a Wednesday


def confirmation() -> bytes:
    msg = MIMEText("山田様\n\n11月25日(水)14時から15時で打ち合わせをお願いいたします。\n\nABC商事 佐藤\n",
                   "plain", "iso-2022-jp")
    msg["Subject"] = Header("打ち合わせ日程のご確認", "iso-2022-jp")
    msg["From"] = "sato@abc.example"
    msg["Date"] = format_datetime(NOW - timedelta(hours=2))
    msg["Message-ID"] = "<c1@abc.example>"
    return msg.as_bytes()


class Source:
    def __init__(self) -> None:
        self.mail = [RawMail("mem:1", confirmation())]
        self.commits = 0

    def messages(self, since: datetime) -> Iterator[RawMail]:
        yield from self.mail

    def commit(self) -> None:
        self.commits += 1


class Cal:
    def __init__(self, start: datetime) -> None:
        self.start = start

    def events(self, start: datetime, end: datetime) -> list[CalendarEvent]:
        return [CalendarEvent("ev1", "ABC商事 打ち合わせ", self.start, self.start + timedelta(hours=1),
                              attendees=("sato@abc.example",))]


class Outbox:
    def __init__(self) -> None:
        self.sent: list[bytes] = []

    def send(self, message: bytes) -> None:
        self.sent.append(message)


def runtime(cal: Cal, sender: Outbox, source: Source) -> Runtime:
    minute = timedelta(minutes=1)
    return Runtime(tz=TZ, since=timedelta(days=30), accounts=[Account("mem", source)], calendar=cal,
                   sender=sender, from_addr="calcheck@me.example", to=("me@me.example",), language="ja",
                   reminder=None, poll=minute, recheck=minute, retry_base=minute)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "state.db") as s:
        yield s


def test_cycles_alert_once_and_resolve_when_the_calendar_is_fixed(store: Store) -> None:
    cal, out, src = Cal(START + timedelta(days=1)), Outbox(), Source()
    daemon = Daemon(store, lambda: runtime(cal, out, src), clock=lambda tz: NOW, notifier=Notifier({}))
    first = daemon.cycle()
    assert (first.messages, first.appointments, first.opened, first.sent) == (1, 1, 1, 1)
    assert b"X-Calcheck-Problem:" in out.sent[0]
    assert src.commits == 1
    again = daemon.cycle()
    assert (again.messages, again.opened, again.sent) == (0, 0, 0)
    cal.start = START
    fixed = daemon.cycle(read_mail=False)
    assert fixed.resolved == 1
    assert len(out.sent) == 1
    assert store.snapshot()["accounts"][0]["last_success"] == NOW.isoformat()


def test_a_broken_configuration_on_reload_keeps_the_running_one(store: Store) -> None:
    cal, out, src = Cal(START), Outbox(), Source()
    builds = [runtime(cal, out, src)]

    def build() -> Runtime:
        if builds:
            return builds.pop()
        raise ConfigError("config.toml: [smtp] port: expected an integer")

    daemon = Daemon(store, build, clock=lambda tz: NOW, notifier=Notifier({}))
    before = daemon.runtime
    daemon.reload()
    assert daemon.runtime is before


def test_sd_notify_datagrams_reach_the_socket(tmp_path: Path) -> None:
    path = tmp_path / "notify"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as server:
        server.bind(str(path))
        server.settimeout(5)
        n = Notifier({"NOTIFY_SOCKET": str(path), "WATCHDOG_USEC": "20000000"})
        assert n.watchdog_seconds == 20
        assert n.ready("running")
        assert server.recv(4096) == b"READY=1\nSTATUS=running"
        assert n.watchdog()
        assert server.recv(4096) == b"WATCHDOG=1"
        assert n.stopping()
        assert server.recv(4096) == b"STOPPING=1"
    assert not Notifier({}).ready()
    assert Notifier({"WATCHDOG_USEC": "1000000", "WATCHDOG_PID": "1"}).watchdog_seconds is None
