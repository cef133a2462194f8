"""`calcheck run` reads a Gmail-style IMAP account (auth = "oauth2") with the stored Google token."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from google.oauth2.credentials import Credentials
from imapclient import IMAPClient

from calcheck._sdnotify import Notifier
from calcheck.config import load_config
from calcheck.daemon import Daemon
from calcheck.google_auth import CALENDAR_SCOPE, MAIL_SCOPE, save_credentials
from calcheck.runtime import build_runtime
from calcheck.state import Store
from servers.dovecot import DovecotServer, dovecot_unavailable

pytestmark = pytest.mark.skipif(dovecot_unavailable() is not None, reason=str(dovecot_unavailable()))

TZ = ZoneInfo("Asia/Tokyo")
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=TZ)
MAIL = Path(__file__).parent / "data" / "wiring" / "thread-1-first-iso2022jp.eml"
CALENDAR = Path(__file__).parent / "data" / "wiring" / "calendar-abc-moved.ics"


@pytest.fixture
def server() -> Iterator[DovecotServer]:
    with DovecotServer() as srv:
        yield srv


def test_the_daemon_logs_in_with_the_stored_google_token(server: DovecotServer, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # Dovecot here has no OAuth backend: record what XOAUTH2 would send, then log in normally.
    sent: list[tuple[str, str]] = []

    def oauth2_login(client: IMAPClient, user: str, token: str, mech: str = "XOAUTH2",
                     vendor: str | None = None) -> Any:
        sent.append((user, token))
        return client.login(user, server.password)

    monkeypatch.setattr(IMAPClient, "oauth2_login", oauth2_login)
    token = tmp_path / "google-token.json"
    # Still valid for an hour (naive UTC, as google-auth compares it): no refresh is attempted.
    expiry = datetime.now(UTC).replace(tzinfo=None) + timedelta(hours=1)
    fake: dict[str, Any] = {"token": "ya29.daemon-token", "refresh_token": "refresh-1", "client_id": "id",
                            "client_secret": "not-a-secret", "token_uri": "https://oauth2.invalid/token",
                            "scopes": [CALENDAR_SCOPE, MAIL_SCOPE], "expiry": expiry}
    save_credentials(Credentials(**fake), token)  # type: ignore[no-untyped-call]
    config = tmp_path / "config.toml"
    config.write_text(f"""
[mail]
source = "imap"
max_message_bytes = 123456
[imap.gmail]
host = "{server.host}"
port = {server.port}
tls = "plain"
allow_insecure = true
username = "{server.user}"
auth = "oauth2"
idle = false
[calendar]
source = "ics:{CALENDAR}"
[google]
token_file = "{token}"
""", encoding="utf-8")
    server.append("INBOX", MAIL.read_bytes())
    with Store(tmp_path / "state.db") as store:
        runtime = build_runtime(load_config(config), store)
        (account,) = runtime.accounts
        assert account.name == "imap:gmail"
        assert account.source.accounts[0].max_message_bytes == 123456  # type: ignore[attr-defined]
        summary = Daemon(store, lambda: runtime, clock=lambda tz: NOW, notifier=Notifier({})).cycle()
    assert (summary.messages, summary.appointments, summary.errors) == (1, 1, 0)
    assert sent == [(server.user, "ya29.daemon-token")]
