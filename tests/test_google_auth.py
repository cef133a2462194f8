"""Google sign-in: the consent flow, the 0600 token file, refresh, and tokens kept out of logs."""

# ruff: noqa: S105, S106, S107 - the tokens here are made-up test values
from __future__ import annotations

import json
import logging
import socket
import stat
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from google.auth.exceptions import RefreshError
from google.oauth2.credentials import Credentials

from calcheck.calendars.google import GoogleCalendar
from calcheck.errors import AuthError, ConfigError, TransientError
from calcheck.google_auth import (
    CALENDAR_SCOPE,
    MAIL_SCOPE,
    GoogleAuth,
    access_token_provider,
    default_token_path,
    load_credentials,
    refresh_error,
    save_credentials,
    sign_in,
)
from servers.fake_google import FakeGoogle, fake_google, timed

TOKYO = ZoneInfo("Asia/Tokyo")
SECRETS = ("access-1", "access-2", "refresh-1", "client-secret")


@pytest.fixture
def google() -> Iterator[FakeGoogle]:
    with fake_google() as fake:
        yield fake


def local_credentials(fake: FakeGoogle, token: str | None = "access-1") -> Credentials:
    return Credentials(token=token, refresh_token="refresh-1", token_uri=fake.token_uri,
                       client_id="client-id", client_secret="client-secret", scopes=[CALENDAR_SCOPE])


def test_token_path_follows_xdg_data_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_token_path() == tmp_path / "calcheck" / "google-token.json"
    monkeypatch.setenv("XDG_DATA_HOME", "relative/ignored")  # the spec says: ignore relative paths
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_token_path() == tmp_path / ".local" / "share" / "calcheck" / "google-token.json"


def test_credentials_file_is_0600_in_a_0700_directory(tmp_path: Path, google: FakeGoogle) -> None:
    path = tmp_path / "data" / "calcheck" / "google-token.json"
    save_credentials(local_credentials(google), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert json.loads(path.read_text())["refresh_token"] == "refresh-1"
    assert [p.name for p in path.parent.iterdir()] == ["google-token.json"]  # no temp file left


def test_saved_credentials_load_back(tmp_path: Path, google: FakeGoogle) -> None:
    path = tmp_path / "google-token.json"
    save_credentials(local_credentials(google), path)
    creds = load_credentials(path)
    assert creds.refresh_token == "refresh-1"
    assert creds.client_id == "client-id"


def test_missing_token_file_says_to_sign_in(tmp_path: Path) -> None:
    with pytest.raises(AuthError, match=r"not signed in: run `calcheck auth google`"):
        load_credentials(tmp_path / "nope.json")


def test_broken_token_file_says_to_sign_in_again(tmp_path: Path) -> None:
    path = tmp_path / "google-token.json"
    path.write_text('{"token": "x"}')
    with pytest.raises(AuthError, match="calcheck auth google"):
        load_credentials(path)


def test_refresh_is_saved_back_to_the_file(tmp_path: Path, google: FakeGoogle) -> None:
    path = tmp_path / "calcheck" / "google-token.json"
    auth = GoogleAuth(local_credentials(google, token=None), path)
    assert auth.access_token() == "access-2"
    assert json.loads(path.read_text())["token"] == "access-2"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert auth.access_token() == "access-2"  # still valid: no second refresh
    assert len(google.token_requests()) == 1


def test_access_token_provider_needs_the_mail_scope(tmp_path: Path, google: FakeGoogle) -> None:
    path = tmp_path / "google-token.json"
    save_credentials(local_credentials(google), path)
    provide = access_token_provider(path)
    with pytest.raises(AuthError, match="--with-mail"):
        provide()


def test_access_token_provider_gives_the_stored_token(tmp_path: Path, google: FakeGoogle) -> None:
    path = tmp_path / "google-token.json"
    creds = Credentials(token="access-1", refresh_token="refresh-1", token_uri=google.token_uri,
                        client_id="client-id", client_secret="client-secret",
                        scopes=[CALENDAR_SCOPE, MAIL_SCOPE], expiry=datetime(2099, 1, 1))
    save_credentials(creds, path)
    assert access_token_provider(path)() == "access-1"


def test_no_token_appears_in_logs(caplog: pytest.LogCaptureFixture, tmp_path: Path,
                                  google: FakeGoogle) -> None:
    caplog.set_level(logging.DEBUG)
    google.add("primary", timed("ev1", "会議", "2026-11-25T15:00:00+09:00", "2026-11-25T16:00:00+09:00"))
    google.valid_tokens = {"access-2"}  # the first request gets a 401 and forces a refresh
    path = tmp_path / "google-token.json"
    auth = GoogleAuth(local_credentials(google), path)
    cal = GoogleCalendar(auth, tz=TOKYO, api_endpoint=google.endpoint, base_delay=0.001)
    assert len(cal.events(datetime(2026, 11, 1, tzinfo=TOKYO), datetime(2026, 12, 1, tzinfo=TOKYO))) == 1
    assert len(google.token_requests()) == 1
    assert json.loads(path.read_text())["token"] == "access-2"
    assert caplog.records, "expected some debug logging to search"
    for record in caplog.records:
        text = record.getMessage() + repr(record.args) + repr(getattr(record, "__dict__", {}))
        for secret in SECRETS:
            assert secret not in text, f"{secret} logged by {record.name}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def client_secret_file(tmp_path: Path, fake: FakeGoogle) -> Path:
    path = tmp_path / "client_secret.json"
    path.write_text(json.dumps({"installed": {
        "client_id": "client-id", "client_secret": "client-secret",
        "auth_uri": f"http://127.0.0.1:{fake.port}/auth", "token_uri": fake.token_uri,
        "redirect_uris": ["http://localhost"]}}))
    return path


def test_sign_in_without_a_browser_prints_the_url_and_stores_the_token(
        tmp_path: Path, google: FakeGoogle, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")  # the fake token endpoint is plain http
    google.grant_scope = f"{CALENDAR_SCOPE} {MAIL_SCOPE}"
    port = free_port()
    token_path = tmp_path / "data" / "calcheck" / "google-token.json"
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["path"] = sign_in(client_secret_file(tmp_path, google), token_path, with_mail=True,
                                      no_browser=True, port=port, timeout_seconds=10)
        except Exception as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    printed = ""
    deadline = time.monotonic() + 10
    while "state=" not in printed and time.monotonic() < deadline and thread.is_alive():
        printed += capsys.readouterr().out
        time.sleep(0.01)
    assert f"ssh -N -L {port}:localhost:{port}" in printed
    url = next(word for word in printed.split() if word.startswith("http://127.0.0.1"))
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
    assert set(query["scope"].split()) == {CALENDAR_SCOPE, MAIL_SCOPE}
    assert query["access_type"] == "offline"
    assert query["redirect_uri"] == f"http://localhost:{port}/"
    # The browser, redirected back through the ssh tunnel:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/?state={query['state']}&code=good-code") as resp:
        assert resp.status == 200
    thread.join(timeout=10)
    assert "error" not in outcome, outcome.get("error")
    assert outcome["path"] == token_path
    assert stat.S_IMODE(token_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(token_path.parent.stat().st_mode) == 0o700
    stored = json.loads(token_path.read_text())
    assert stored["refresh_token"] == "refresh-1"
    [exchange] = google.token_requests()
    assert exchange.form["grant_type"] == "authorization_code"
    assert exchange.form["code_verifier"]  # PKCE


def test_sign_in_needs_the_client_secret_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"client_secret_file.*no such file"):
        sign_in(tmp_path / "missing.json", tmp_path / "token.json")


def test_a_passing_token_endpoint_failure_is_transient_not_a_new_sign_in() -> None:
    passing = refresh_error(RefreshError("temporarily_unavailable: backend error", retryable=True))
    assert isinstance(passing, TransientError)
    revoked = refresh_error(RefreshError("invalid_grant: Token has been expired or revoked."))
    assert isinstance(revoked, AuthError)
    assert "7 days" in str(revoked)
    refused = refresh_error(RefreshError("unauthorized_client: Unauthorized", retryable=False))
    assert isinstance(refused, AuthError)
