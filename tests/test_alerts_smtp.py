"""Sending alerts through a real SMTP server on loopback; the outbox keeps what cannot be sent."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from calcheck.alerts.smtp import SmtpSender, SmtpSettings, backoff, flush
from calcheck.errors import AuthError, CalcheckError, ConfigError, TransientError
from calcheck.model import Appointment, Finding, MailMessage, Status
from calcheck.state import Store
from servers.smtp import SmtpServer

TZ = ZoneInfo("Asia/Tokyo")
NOW = datetime(2025, 11, 20, 9, 0, tzinfo=TZ)
MESSAGE = b"Subject: test\r\nFrom: a@x\r\nTo: b@x\r\n\r\nhello\r\n"


def settings(server: SmtpServer, **kw: object) -> SmtpSettings:
    base: dict[str, object] = {"host": server.host, "port": server.port, "tls": server.tls,
                               "from_addr": "calcheck@me.example", "to": ("me@me.example",),
                               "allow_insecure": server.tls == "plain", "timeout": 5.0}
    if server.tls != "plain":
        base.update(username=server.user, ca_file=str(server.ca_file))
    base.update(kw)
    return SmtpSettings(**base)  # type: ignore[arg-type]


@pytest.fixture
def plain() -> Iterator[SmtpServer]:
    with SmtpServer() as server:
        yield server


@pytest.mark.parametrize("tls", ["starttls", "smtps"])
def test_sends_over_verified_tls_with_login(tls: str) -> None:
    with SmtpServer(tls=tls) as server:
        SmtpSender(settings(server), password=lambda: server.password).send(MESSAGE)
        (got,) = server.wait_for(1)
    assert got.login == server.user
    assert got.rcpt_tos == ["me@me.example"]
    assert got.mail_from == "calcheck@me.example"
    assert got.message["Subject"] == "test"


def test_untrusted_certificate_is_refused_with_advice() -> None:
    with SmtpServer(tls="smtps") as server:
        sender = SmtpSender(settings(server, ca_file=None), password=lambda: server.password)
        with pytest.raises(CalcheckError, match=r"not trusted.*ca_file"):
            sender.send(MESSAGE)
        assert server.received() == []


def test_wrong_password_is_an_auth_error() -> None:
    with SmtpServer(tls="starttls") as server, pytest.raises(AuthError, match="refused"):
        SmtpSender(settings(server), password=lambda: "wrong").send(MESSAGE)


def test_plain_needs_allow_insecure(plain: SmtpServer) -> None:
    with pytest.raises(ConfigError, match="allow_insecure"):
        SmtpSender(settings(plain, allow_insecure=False))


def test_server_down_is_transient(plain: SmtpServer) -> None:
    plain.stop()
    with pytest.raises(TransientError, match="stays queued"):
        SmtpSender(settings(plain)).send(MESSAGE)


def test_backoff_doubles_up_to_a_cap() -> None:
    assert [backoff(n, timedelta(minutes=1)).seconds // 60 for n in range(8)] == [1, 2, 4, 8, 16, 32, 60, 60]


def _queue(store: Store, n: int) -> None:
    for i in range(n):
        start = datetime(2025, 12, 1 + i, 10, tzinfo=TZ)
        mail = MailMessage(ref=str(i), message_id=f"<{i}@x>", subject="s", sender_name="", sender_addr="a@x",
                           date=NOW, new_text="")
        f = Finding(mail=mail, appointment=Appointment(start=start, end=None, evidence="e", source="text"),
                    status=Status.MISSING, event=None)
        store.reconcile(f, NOW, lambda p, i=i: f"Subject: alert {i}\r\n\r\n{p.key}\r\n".encode())


def test_flush_sends_each_queued_alert_once(plain: SmtpServer, tmp_path: Path) -> None:
    with Store(tmp_path / "state.db") as store:
        _queue(store, 2)
        assert flush(store, SmtpSender(settings(plain)), NOW) == (2, 0)
        assert flush(store, SmtpSender(settings(plain)), NOW + timedelta(hours=1)) == (0, 0)
    assert [m.message["Subject"] for m in plain.wait_for(2)] == ["alert 0", "alert 1"]


def test_flush_keeps_alerts_queued_while_the_server_is_down(plain: SmtpServer, tmp_path: Path) -> None:
    with Store(tmp_path / "state.db") as store:
        _queue(store, 2)
        plain.stop()
        sender = SmtpSender(settings(plain))
        assert flush(store, sender, NOW) == (0, 2)
        assert store.snapshot()["outbox"][0]["attempts"] == 1
        plain.start()
        # The failed one backs off; the one behind it was never tried and goes now.
        assert flush(store, sender, NOW + timedelta(seconds=30)) == (1, 0)
        assert flush(store, sender, NOW + timedelta(minutes=1)) == (1, 0)
        assert store.snapshot()["outbox"] == []
    assert len(plain.wait_for(2)) == 2
    assert len(plain.received()) == 2

