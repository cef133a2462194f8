"""`calcheck run` on IMAP: new mail signalled by IDLE is checked at once, not at the next poll."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from calcheck.state import Store
from servers.dovecot import DovecotServer, dovecot_unavailable
from servers.smtp import SmtpServer
from test_daemon_e2e import confirmation, wait_until, write_calendar

TZ = ZoneInfo("Asia/Tokyo")
CALCHECK = Path(sys.executable).parent / "calcheck"


@pytest.mark.skipif(dovecot_unavailable() is not None, reason=str(dovecot_unavailable()))
def test_idle_news_triggers_a_check_long_before_the_poll_interval(tmp_path: Path) -> None:
    with DovecotServer() as dovecot, SmtpServer() as smtp:
        now = datetime.now(TZ)
        start = (now + timedelta(days=10)).replace(hour=14, minute=0, second=0, microsecond=0)
        write_calendar(tmp_path / "cal.ics", start + timedelta(days=1))
        config = tmp_path / "config.toml"
        config.write_text(f"""\
timezone = "Asia/Tokyo"
[mail]
source = "imap"
[imap.test]
host = "127.0.0.1"
port = {dovecot.ssl_port}
tls = "imaps"
ca_file = "{dovecot.ca_file}"
username = "{dovecot.user}"
password_env = "CALCHECK_IDLE_TEST_PW"
[calendar]
source = "ics:{tmp_path}/cal.ics"
[smtp]
host = "127.0.0.1"
port = {smtp.port}
tls = "plain"
allow_insecure = true
from = "calcheck@me.example"
to = ["me@me.example"]
[daemon]
state_dir = "{tmp_path}/state"
""", encoding="utf-8")
        # Every interval 60 s: only IDLE can bring the alert within the 10 s below.
        env = {**os.environ, "CALCHECK_IDLE_TEST_PW": dovecot.password,
               "CALCHECK_TEST_INTERVAL_SECONDS": "60"}
        with open(tmp_path / "daemon.log", "wb") as log:
            proc = subprocess.Popen([str(CALCHECK), "--config", str(config), "run"], env=env, stdout=log,
                                    stderr=log, start_new_session=True)
        try:
            db = tmp_path / "state" / "state.db"

            def checked() -> bool:
                if not db.exists():
                    return False
                with Store(db) as store:
                    return any(a["last_success"] for a in store.snapshot()["accounts"])

            wait_until("the first cycle", checked)
            # The watcher connects after the first cycle; its catch-up read is harmless either way.
            dovecot.append("INBOX", confirmation(start, now - timedelta(hours=1), "<idle-1@abc.example>"))
            began = time.monotonic()
            (alert,) = smtp.wait_for(1, timeout=10)
            assert time.monotonic() - began < 10
            assert "予定のずれ" in alert.message["Subject"]
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=10) == 0
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
