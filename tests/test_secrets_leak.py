"""Known secrets in, every byte of log output and state searched for them.

``calcheck -vv run`` (DEBUG logging, the most talkative it gets) reads mail from Dovecot over
verified IMAPS with a password from ``password_cmd``, sends an alert through aiosmtpd over
verified STARTTLS with a password from ``password_env``, fails a login once with a wrong
password, and is stopped. Its whole stderr, and the state database it leaves, must not contain
either password. The Google backend is checked in process the same way, with the root logger
at DEBUG catching every library's records while a token is refreshed and used.
"""

# ruff: noqa: S105, S106 - the secrets here are made-up test values, searched for on purpose
from __future__ import annotations

import io
import logging
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from google.oauth2.credentials import Credentials

from calcheck.calendars.google import GoogleCalendar
from calcheck.google_auth import GoogleAuth
from servers.dovecot import DovecotServer, dovecot_unavailable
from servers.fake_google import fake_google, google_error, timed
from servers.smtp import SmtpServer
from test_daemon_e2e import TZ, confirmation, wait_until, write_calendar

CALCHECK = Path(sys.executable).parent / "calcheck"
IMAP_SECRET = "Imap-S3cret-x7Qv"
SMTP_SECRET = "Smtp-S3cret-k9Zw"
SMTP_ENV = "CALCHECK_LEAK_SMTP_PASSWORD"


def secrets_in(text: str | bytes, *secrets: str) -> list[str]:
    """The secrets found in ``text``, also base64-encoded (as AUTH PLAIN would carry them)."""
    import base64  # noqa: PLC0415

    blob = text.encode("utf-8", "replace") if isinstance(text, str) else text
    found = []
    for secret in secrets:
        forms = [secret.encode(), base64.b64encode(secret.encode())]
        if any(form in blob for form in forms):
            found.append(secret)
    return found


@pytest.mark.skipif(dovecot_unavailable() is not None, reason=str(dovecot_unavailable()))
def test_a_debug_run_never_writes_a_password_to_its_log_or_state(tmp_path: Path) -> None:
    with DovecotServer(password=IMAP_SECRET) as imap, \
            SmtpServer(tls="starttls", password=SMTP_SECRET) as smtp:
        now = datetime.now(TZ)
        start = (now + timedelta(days=10)).replace(hour=14, minute=0, second=0, microsecond=0)
        imap.append("INBOX", confirmation(start, now - timedelta(hours=1), "<leak-1@abc.example>"))
        write_calendar(tmp_path / "calendar.ics", start + timedelta(days=1))
        (tmp_path / "imap.pw").write_text(IMAP_SECRET + "\n")
        (tmp_path / "imap.pw").chmod(0o600)
        state = tmp_path / "state"
        config = tmp_path / "config.toml"
        config.write_text(f"""\
[mail]
source = "imap"
[imap.work]
host = "127.0.0.1"
port = {imap.ssl_port}
tls = "imaps"
ca_file = "{imap.ca_file}"
username = "{imap.user}"
password_cmd = "cat {tmp_path / 'imap.pw'}"
idle = false
[calendar]
source = "ics:{tmp_path / 'calendar.ics'}"
[smtp]
host = "127.0.0.1"
port = {smtp.port}
tls = "starttls"
ca_file = "{smtp.ca_file}"
username = "{smtp.user}"
password_env = "{SMTP_ENV}"
from = "calcheck@me.example"
to = ["yamada@me.example"]
[daemon]
state_dir = "{state}"
""", encoding="utf-8")
        env = {**os.environ, "CALCHECK_TEST_INTERVAL_SECONDS": "0.5", SMTP_ENV: SMTP_SECRET}
        log = tmp_path / "daemon.log"
        with log.open("wb") as out:
            proc = subprocess.Popen([str(CALCHECK), "--config", str(config), "-vv", "run"], env=env,
                                    stdout=out, stderr=out, start_new_session=True)
        try:
            smtp.wait_for(1, timeout=20)
            # A refused login must not print the password either: change it under the daemon.
            (tmp_path / "imap.pw").write_text("wrong-" + IMAP_SECRET + "\n")
            imap.append("INBOX", confirmation(start, now, "<leak-2@abc.example>"))
            wait_until("a refused IMAP login in the log", lambda: b"login refused" in log.read_bytes(), 20)
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=10) == 0
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        text = log.read_bytes()
    assert b"DEBUG" in text  # the run really logged at its most verbose
    assert secrets_in(text, IMAP_SECRET, SMTP_SECRET) == []
    for path in state.iterdir():
        assert secrets_in(path.read_bytes(), IMAP_SECRET, SMTP_SECRET) == [], path.name


@pytest.fixture
def root_debug() -> Iterator[io.StringIO]:
    """Every record of every logger, at DEBUG, with its arguments formatted in."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)


def test_google_tokens_never_reach_any_logger(root_debug: io.StringIO, tmp_path: Path) -> None:
    start = datetime(2026, 11, 25, 14, 0, tzinfo=TZ)
    with fake_google() as fake:
        fake.add("primary", timed("ev1", "会議", start.isoformat(), (start + timedelta(hours=1)).isoformat()))
        fake.client = ("client-id", "client-Secret-zz81")
        fake.valid_tokens = set()  # the stored access token is stale: a refresh happens
        fake.refresh_tokens = {"1//Refresh-token-m2"}
        fake.faults.append(google_error(401, "authError", "Invalid Credentials"))
        creds = Credentials(token="ya29.Stale-token-p4", refresh_token="1//Refresh-token-m2",
                            token_uri=fake.token_uri, client_id="client-id",
                            client_secret="client-Secret-zz81")
        auth = GoogleAuth(creds, token_path=tmp_path / "token.json")
        calendar = GoogleCalendar(auth, tz=TZ, api_endpoint=fake.endpoint, base_delay=0.001,
                                  sleep=lambda s: None)
        events = calendar.events(start - timedelta(days=1), start + timedelta(days=1))
        issued = {r.headers.get("Authorization", r.headers.get("authorization", "")) for r in fake.requests}
    assert [e.id for e in events] == ["ev1"]
    fresh = [value.removeprefix("Bearer ") for value in issued if value.startswith("Bearer access-")]
    assert fresh  # a refreshed token was used
    text = root_debug.getvalue()
    assert "DEBUG" in text
    assert secrets_in(text, "ya29.Stale-token-p4", "1//Refresh-token-m2", "client-Secret-zz81", *fresh) == []
