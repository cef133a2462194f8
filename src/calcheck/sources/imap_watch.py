"""Push for IMAP: wait for new mail with IDLE (or polling), survive drops, stop on request.

:class:`ImapWatcher` keeps one connection per watched folder. With IDLE it sits in IDLE and
looks at the socket in short slices (``tick``) so a stop request is honoured within about a
tick. Every ``idle_renew`` seconds (servers may drop IDLE after 30 minutes, NATs sooner) it ends
IDLE and sends NOOP: a connection that died silently then fails within ``read_timeout`` instead
of waiting forever. Without IDLE it polls ``STATUS UIDNEXT`` every ``poll_seconds``.

:meth:`ImapWatcher.idle_loop` calls ``callback`` once after every (re)connection — a catch-up:
whatever arrived while it was away — and once whenever new mail is signalled. The callback
normally runs an incremental :class:`~calcheck.sources.imap.ImapSource` read. Transient
failures (and a TransientError raised by the callback) reconnect after an exponential backoff
with jitter, capped; login and configuration errors propagate, since retrying cannot fix them.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable

from imapclient import IMAPClient

from calcheck.errors import TransientError
from calcheck.sources.imap_conn import Connector, ImapAccount, close_quietly, imap_errors

log = logging.getLogger(__name__)


def backoff_delay(attempt: int, base: float, cap: float, rand: Callable[[], float] = random.random) -> float:
    """Seconds to wait before retry number ``attempt`` (0-based): doubling, capped, 50–100 % jitter.

    Jitter keeps several daemons (or accounts) that lost the same server from reconnecting in step.
    """
    delay = min(cap, base * 2.0 ** min(attempt, 30))
    return delay * (0.5 + rand() / 2)


class ImapWatcher:
    """Signals new mail in one folder of one account (see the module docstring)."""

    def __init__(self, account: ImapAccount, folder: str | None = None, *, idle_renew: float = 540.0,
                 tick: float = 1.0, backoff_base: float = 1.0, backoff_cap: float = 300.0,
                 rand: Callable[[], float] = random.random) -> None:
        self.account = account
        self.folder = folder or account.folders[0]
        self.idle_renew = idle_renew
        self.tick = tick
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.rand = rand
        self._connector = Connector(account)
        self._client: IMAPClient | None = None
        self._use_idle = False
        self._uidnext = 0

    @property
    def connected(self) -> bool:
        return self._client is not None

    @property
    def uses_idle(self) -> bool:
        """True when connected and waiting by IDLE, False when polling (or not yet connected)."""
        return self._client is not None and self._use_idle

    def connect(self) -> None:
        """Open the connection (no-op when open); decides between IDLE and polling."""
        if self._client is not None:
            return
        client = self._connector.open()
        try:
            with imap_errors(self.account, f"watching {self.folder!r}"):
                self._use_idle = self.account.idle and client.has_capability("IDLE")
                if self._use_idle:
                    client.select_folder(self.folder, readonly=True)
                else:
                    self._uidnext = self._status_uidnext(client)
        except BaseException:
            close_quietly(client)
            raise
        self._client = client
        log.debug("%s: watching %r by %s", self.account.where, self.folder,
                  "IDLE" if self._use_idle else f"polling every {self.account.poll_seconds:g} s")

    def close(self) -> None:
        """Drop the connection (logging out when it still answers)."""
        client, self._client = self._client, None
        if client is not None:
            close_quietly(client)

    def wait_for_new(self, timeout: float, stop: threading.Event | None = None) -> bool:
        """Block up to ``timeout`` s (less when ``stop`` is set); True when new mail was signalled.

        Connects if needed. Raises TransientError (ImapConnectionError) when the connection fails;
        the watcher is then disconnected and the next call reconnects.
        """
        stop = stop or threading.Event()
        self.connect()
        try:
            if self._use_idle:
                return self._idle(timeout, stop)
            return self._poll(timeout, stop)
        except BaseException:
            self.close()
            raise

    def idle_loop(self, callback: Callable[[], None], stop: threading.Event) -> None:
        """Call ``callback`` on every (re)connection and on new mail until ``stop`` is set."""
        attempt = 0
        try:
            while not stop.is_set():
                try:
                    if self._client is None:
                        self.connect()
                        callback()  # catch-up: what arrived while we were not listening
                    attempt = 0
                    if self.wait_for_new(self.idle_renew, stop) and not stop.is_set():
                        callback()
                except TransientError as exc:
                    self.close()
                    delay = backoff_delay(attempt, self.backoff_base, self.backoff_cap, self.rand)
                    attempt += 1
                    log.warning("%s (retry %d in %.1f s)", exc, attempt, delay)
                    stop.wait(delay)
        finally:
            self.close()

    # -- internals ---------------------------------------------------------------------------

    def _idle(self, timeout: float, stop: threading.Event) -> bool:
        client = self._client
        assert client is not None  # noqa: S101 - wait_for_new connected it
        deadline = time.monotonic() + timeout
        while not stop.is_set():
            with imap_errors(self.account, f"in IDLE on {self.folder!r}"):
                # NOOP before each IDLE: reports mail that arrived while we were not in IDLE
                # (servers do not repeat it on IDLE), and proves the connection is alive: a
                # silently dropped one times out here, once per renewal.
                _, responses = client.noop()
                if any(_is_exists(r) for r in responses):
                    return True
                renew_at = min(deadline, time.monotonic() + self.idle_renew)
                if renew_at <= time.monotonic():
                    return False
                if self._idle_session(client, renew_at, stop):
                    return True
        return False

    def _idle_session(self, client: IMAPClient, until: float, stop: threading.Event) -> bool:
        """One IDLE command until ``until``, new mail or ``stop``; True on new mail."""
        new = False
        client.idle()
        try:
            while not stop.is_set():
                left = until - time.monotonic()
                if left <= 0:
                    break
                slice_ = min(self.tick, left)
                started = time.monotonic()
                responses = client.idle_check(timeout=slice_)
                if any(_is_exists(r) for r in responses):
                    new = True
                    break
                if any(_is_bye(r) for r in responses):
                    break
                if not responses and time.monotonic() - started < slice_ / 2:
                    # The socket was readable but held no line: the server closed it.
                    # idle_done() below then fails and the caller reconnects.
                    break
        finally:
            _, late = client.idle_done()
        return new or any(_is_exists(r) for r in late)

    def _poll(self, timeout: float, stop: threading.Event) -> bool:
        client = self._client
        assert client is not None  # noqa: S101
        deadline = time.monotonic() + timeout
        while not stop.is_set():
            wait = min(self.account.poll_seconds, deadline - time.monotonic())
            if wait > 0 and stop.wait(wait):
                return False
            uidnext = self._status_uidnext(client)
            if uidnext != self._uidnext:
                self._uidnext = uidnext
                return True
            if time.monotonic() >= deadline:
                return False
        return False

    def _status_uidnext(self, client: IMAPClient) -> int:
        with imap_errors(self.account, f"polling {self.folder!r}"):
            status = client.folder_status(self.folder, [b"UIDNEXT"])
        return int(status.get(b"UIDNEXT", 0))


def _is_exists(response: tuple[object, ...]) -> bool:
    return len(response) >= 2 and response[1] == b"EXISTS"


def _is_bye(response: tuple[object, ...]) -> bool:
    return len(response) >= 1 and response[0] == b"BYE"
