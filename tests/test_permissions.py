"""What calcheck writes is private, what it reads must be safe to read, what it connects to is verified.

- state (SQLite with its -wal/-shm companions), the IMAP reading position and the Google token
  are created 0600 in 0700 directories, even under a permissive umask;
- a configuration file holding a password is refused, whatever its mode, without echoing it;
- certificates are verified by default: an https calendar address with a self-signed
  certificate is refused (IMAP and SMTP have the same check in their own test files);
- plaintext logins are refused unless ``allow_insecure`` says otherwise.
"""

# ruff: noqa: S106 - made-up test secrets
from __future__ import annotations

import os
import shutil
import ssl
import stat
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from google.oauth2.credentials import Credentials

from calcheck.alerts.smtp import SmtpSender, SmtpSettings
from calcheck.calendars.ics_url import IcsUrlCalendar
from calcheck.config import load_config
from calcheck.errors import CalendarError, ConfigError
from calcheck.google_auth import save_credentials
from calcheck.model import Appointment, Finding, MailMessage, Status
from calcheck.readstate import FolderState, JsonReadState
from calcheck.state import Store
from servers.certs import self_signed

TZ = ZoneInfo("Asia/Tokyo")
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=TZ)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    old = os.umask(0)  # the worst case: nothing masked
    try:
        yield
    finally:
        os.umask(old)


def test_state_database_and_its_journal_files_are_private(tmp_path: Path, open_umask: None) -> None:
    path = tmp_path / "state" / "calcheck" / "state.db"
    mail = MailMessage(ref="r", message_id="<a@x>", subject="s", sender_name="", sender_addr="a@x",
                       date=NOW, new_text="")
    appt = Appointment(start=NOW + timedelta(days=1), end=None, evidence="e", source="text")
    with Store(path) as store:
        store.record_message(mail, appt, "mem", NOW)
        store.reconcile(Finding(mail, appt, Status.MISSING, None), NOW, lambda p: b"Subject: x\r\n\r\nx")
        companions = [p for p in path.parent.iterdir() if p.name.startswith("state.db")]
        assert {p.name for p in companions} >= {"state.db", "state.db-wal", "state.db-shm"}
        for file in companions:
            assert mode(file) == 0o600, file.name
    assert mode(path.parent) == 0o700


def test_imap_reading_position_is_private(tmp_path: Path, open_umask: None) -> None:
    path = tmp_path / "xdg" / "calcheck" / "imap-state.json"
    JsonReadState(path).set("work", "INBOX", FolderState(1, 2, ("<a@x>",)))
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700


def test_google_token_file_is_private(tmp_path: Path, open_umask: None) -> None:
    path = tmp_path / "data" / "calcheck" / "google-token.json"
    save_credentials(Credentials(token="t", refresh_token="r", token_uri="https://oauth2.example/token",
                                 client_id="c", client_secret="s"), path)
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700


@pytest.mark.parametrize("file_mode", [0o644, 0o600])
def test_a_password_in_the_configuration_is_refused_without_echoing_it(tmp_path: Path,
                                                                       file_mode: int) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[smtp]\nhost = "smtp.example"\nto = ["me@example.jp"]\nusername = "me"\n'
                      'password = "Hunter2-in-the-file"\n', encoding="utf-8")
    config.chmod(file_mode)
    with pytest.raises(ConfigError) as caught:
        load_config(config)
    message = str(caught.value)
    assert "password_cmd" in message
    assert "Hunter2-in-the-file" not in message


def test_plaintext_smtp_login_needs_allow_insecure() -> None:
    with pytest.raises(ConfigError, match="allow_insecure"):
        SmtpSender(SmtpSettings(host="smtp.example", port=25, tls="plain", to=("me@example.jp",)))


class _Ics(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nEND:VCALENDAR\r\n"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl not installed")
def test_https_calendar_address_with_an_untrusted_certificate_is_refused(tmp_path: Path) -> None:
    self_signed(tmp_path / "cert.pem", tmp_path / "key.pem")
    server = HTTPServer(("127.0.0.1", 0), _Ics)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        url = f"https://127.0.0.1:{server.server_address[1]}/secret-token-abc/basic.ics"
        with pytest.raises(CalendarError, match="CERTIFICATE_VERIFY_FAILED") as caught:
            IcsUrlCalendar(url, tz=TZ, timeout=5).events(NOW, NOW + timedelta(days=1))
        assert "secret-token-abc" not in str(caught.value)  # the secret address is not echoed
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
