"""Push: IDLE on a real Dovecot, polling without IDLE, reconnection and prompt stops."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from calcheck.errors import AuthError
from calcheck.readstate import MemoryReadState
from calcheck.sources.imap import ImapAccount, ImapSource
from calcheck.sources.imap_watch import ImapWatcher, backoff_delay
from servers.dovecot import DovecotServer, dovecot_unavailable

PW_ENV = "CALCHECK_TEST_IMAP_PW"
WAIT = 10.0  # upper bound for every wait on a condition; the tests finish far sooner
NEEDS_DOVECOT = pytest.mark.skipif(dovecot_unavailable() is not None, reason=str(dovecot_unavailable()))
MSG = (b"From: a@example.com\r\nTo: morio@example.jp\r\nSubject: new\r\n"
       b"Date: Tue, 17 Nov 2026 10:00:00 +0900\r\nMessage-ID: <idle-1@example.com>\r\n\r\nhello\r\n")


@pytest.fixture(autouse=True)
def _password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PW_ENV, "secret")


def account(server: DovecotServer, **overrides: Any) -> ImapAccount:
    values: dict[str, Any] = {"name": "work", "host": server.host, "port": server.port, "tls": "plain",
                              "allow_insecure": True, "username": server.user, "password_env": PW_ENV,
                              "connect_timeout": 1, "read_timeout": 1}
    values.update(overrides)
    return ImapAccount(**values)


class Loop:
    """Runs idle_loop in a thread and counts callbacks under a condition."""

    def __init__(self, watcher: ImapWatcher, on_call: Callable[[], None] = lambda: None) -> None:
        self.watcher = watcher
        self.calls = 0
        self.cond = threading.Condition()
        self.stop = threading.Event()
        self.error: BaseException | None = None
        self._on_call = on_call
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _callback(self) -> None:
        self._on_call()
        with self.cond:
            self.calls += 1
            self.cond.notify_all()

    def _run(self) -> None:
        try:
            self.watcher.idle_loop(self._callback, self.stop)
        except BaseException as exc:  # handed to the test thread
            self.error = exc
        finally:
            with self.cond:
                self.cond.notify_all()

    def wait_calls(self, n: int) -> bool:
        with self.cond:
            self.cond.wait_for(lambda: self.calls >= n or self.error is not None, WAIT)
            return self.calls >= n

    def __enter__(self) -> Loop:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(WAIT)


class EventHandler(logging.Handler):
    """Sets an event when a log message containing ``text`` is emitted."""

    def __init__(self, event: threading.Event, text: str) -> None:
        super().__init__(logging.WARNING)
        self.event = event
        self.text = text

    def emit(self, record: logging.LogRecord) -> None:
        if self.text in record.getMessage():
            self.event.set()


@pytest.fixture
def server() -> Iterator[DovecotServer]:
    with DovecotServer() as srv:
        yield srv


def test_backoff_doubles_up_to_the_cap_with_jitter() -> None:
    assert [backoff_delay(a, 1, 60, rand=lambda: 1.0) for a in range(8)] == [1, 2, 4, 8, 16, 32, 60, 60]
    assert backoff_delay(3, 1, 60, rand=lambda: 0.0) == 4.0
    assert backoff_delay(100, 1, 60, rand=lambda: 0.5) == 45.0


@NEEDS_DOVECOT
def test_idle_signals_a_new_message_within_seconds(server: DovecotServer) -> None:
    watcher = ImapWatcher(account(server), tick=0.1)
    with Loop(watcher) as loop:
        assert loop.wait_calls(1)  # the catch-up call on connecting
        started = time.monotonic()
        server.append("INBOX", MSG)
        assert loop.wait_calls(2)
        assert time.monotonic() - started < 3
    assert not loop.thread.is_alive()


@NEEDS_DOVECOT
def test_daemon_style_loop_reads_each_new_message_once(server: DovecotServer) -> None:
    source = ImapSource([account(server)], MemoryReadState())
    read: list[str] = []

    def check() -> None:  # what the daemon does on each signal
        read.extend(m.ref for m in source.messages(datetime(2026, 10, 1, tzinfo=UTC)))
        source.commit()

    [watcher] = source.watchers(tick=0.05)
    with Loop(watcher, check) as loop:
        assert loop.wait_calls(1)
        uid = server.append("INBOX", MSG)
        assert loop.wait_calls(2)
    assert read == [f"imap:work/INBOX/{uid}"]


@NEEDS_DOVECOT
def test_wait_for_new_returns_false_on_timeout_and_true_on_mail(server: DovecotServer) -> None:
    watcher = ImapWatcher(account(server), tick=0.05)
    try:
        assert watcher.wait_for_new(0.3) is False
        assert watcher.connected
        assert watcher.uses_idle
        server.deliver(MSG)
        assert watcher.wait_for_new(WAIT) is True
    finally:
        watcher.close()


@NEEDS_DOVECOT
def test_stop_is_honoured_promptly(server: DovecotServer) -> None:
    watcher = ImapWatcher(account(server), tick=0.1, idle_renew=600)
    with Loop(watcher) as loop:
        assert loop.wait_calls(1)
        started = time.monotonic()
        loop.stop.set()
        loop.thread.join(WAIT)
        assert not loop.thread.is_alive()
        assert time.monotonic() - started < 1.5


@NEEDS_DOVECOT
def test_restarted_server_is_reconnected_and_caught_up(server: DovecotServer) -> None:
    watcher = ImapWatcher(account(server), tick=0.05, backoff_base=0.05, backoff_cap=0.2)
    with Loop(watcher) as loop:
        assert loop.wait_calls(1)
        server.kill()
        server.start()
        server.append("INBOX", MSG)  # arrived while nobody listened: the catch-up call covers it
        assert loop.wait_calls(2)
        assert loop.error is None


@NEEDS_DOVECOT
def test_silently_dropped_connection_is_detected(server: DovecotServer) -> None:
    # A paused server keeps the TCP connection open but answers nothing, like a dead NAT path:
    # only the periodic IDLE renewal + NOOP with a read timeout can notice.
    watcher = ImapWatcher(account(server, read_timeout=0.5, connect_timeout=0.5), tick=0.05,
                          idle_renew=0.3, backoff_base=0.05, backoff_cap=0.2)
    gave_up = threading.Event()
    handler = EventHandler(gave_up, "no answer within")
    logger = logging.getLogger("calcheck.sources.imap_watch")
    logger.addHandler(handler)
    try:
        with Loop(watcher) as loop:
            assert loop.wait_calls(1)
            server.pause()
            try:
                assert gave_up.wait(WAIT)
            finally:
                server.resume()
            assert loop.wait_calls(2)  # reconnected, caught up
    finally:
        logger.removeHandler(handler)


@NEEDS_DOVECOT
def test_polling_when_the_server_has_no_idle() -> None:
    with DovecotServer(capabilities="IMAP4rev1 LITERAL+ SASL-IR LOGIN-REFERRALS ID ENABLE AUTH=PLAIN") as srv:
        watcher = ImapWatcher(account(srv, poll_seconds=0.1), tick=0.05)
        try:
            assert watcher.wait_for_new(0.35) is False
            assert not watcher.uses_idle
            srv.append("INBOX", MSG)
            assert watcher.wait_for_new(WAIT) is True
        finally:
            watcher.close()


@NEEDS_DOVECOT
def test_wrong_password_stops_the_loop_with_the_auth_error(
        server: DovecotServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PW_ENV, "wrong")
    loop = Loop(ImapWatcher(account(server), tick=0.05))
    with loop:
        loop.thread.join(WAIT)
    assert isinstance(loop.error, AuthError)
