"""`calcheck run` SIGKILLed between handing an alert to SMTP and recording it as sent.

The SMTP server stores the alert and then holds its reply until the test has SIGKILLed the
daemon, so the crash lands exactly in the window the outbox is designed for: the server has the
alert, the state database does not know. After a restart the alert must arrive again (never
lost), and only once more (at most one duplicate), with the same identifying headers.
The daemon helpers (config, delivery, calendar, bounded waits) are the daemon end-to-end test's.
"""

from __future__ import annotations

import asyncio
import os
import signal
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from servers.smtp import SmtpServer
from test_daemon_e2e import TZ, Setup, confirmation, deliver, wait_until, write_calendar


class HoldingSmtp(SmtpServer):
    """Stores the first message, then answers it only once ``release`` is set."""

    def __init__(self) -> None:
        super().__init__(tls="starttls")
        self.release = threading.Event()
        self.holding = threading.Event()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        answer = await super().handle_DATA(server, session, envelope)
        if not self.holding.is_set():
            self.holding.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait, 30)
        return answer


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[tuple[Setup, HoldingSmtp]]:
    with HoldingSmtp() as smtp:
        s = Setup(tmp_path, smtp)
        try:
            yield s, smtp
        finally:
            smtp.release.set()
            s.cleanup()


def test_sigkill_between_send_and_record_sends_the_alert_again_exactly_once(
        setup: tuple[Setup, HoldingSmtp]) -> None:
    s, smtp = setup
    now = datetime.now(TZ)
    start = (now + timedelta(days=10)).replace(hour=14, minute=0, second=0, microsecond=0)
    write_calendar(s.calendar, start + timedelta(days=1))
    daemon = s.start()
    deliver(s.maildir, "1.eml", confirmation(start, now - timedelta(hours=1), "<crash-1@abc.example>"))

    smtp.wait_for(1, timeout=15)  # the server has the alert and is holding its "250"
    assert smtp.holding.is_set()
    os.killpg(daemon.pid, signal.SIGKILL)
    assert daemon.wait(timeout=10) == -signal.SIGKILL
    smtp.release.set()
    snap = s.snapshot()
    assert snap is not None
    assert [item["attempts"] for item in snap["outbox"]] == [0]  # queued, not marked sent

    mark = datetime.now(TZ).isoformat()
    daemon = s.start()
    first, again = smtp.wait_for(2, timeout=15)
    wait_until("the outbox to empty", lambda: (snap := s.snapshot()) and not snap["outbox"])
    wait_until("a cycle after the restart", lambda: s.checked_since(mark))
    mark = datetime.now(TZ).isoformat()
    wait_until("one more cycle", lambda: s.checked_since(mark))
    assert len(smtp.received()) == 2  # at least once, at most one duplicate
    for header in ("X-Calcheck-Problem", "Message-ID", "Subject"):
        assert first.message[header] == again.message[header]
    assert len(s.status_json()["open_problems"]) == 1
    assert s.stop(daemon) < 5
    assert "Traceback" not in s.logs()
