"""The IMAP source against a real Dovecot on loopback: TLS, errors, modes, state, crashes."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from imapclient import IMAPClient

from calcheck import sources
from calcheck.audit import run_audit
from calcheck.calendars.ics import IcsFileCalendar
from calcheck.errors import AuthError, ConfigError, SourceError, TransientError
from calcheck.model import RawMail
from calcheck.readstate import JsonReadState, MemoryReadState
from calcheck.sources import imap as imap_module
from calcheck.sources.imap import (
    ImapAccount,
    ImapCertificateError,
    ImapConnectionError,
    ImapHostError,
    ImapLoginError,
    ImapSource,
)
from calcheck.sources.local import MaildirSource
from servers.dovecot import DovecotServer, dovecot_unavailable, free_port

pytestmark = pytest.mark.skipif(dovecot_unavailable() is not None, reason=str(dovecot_unavailable()))

TZ = ZoneInfo("Asia/Tokyo")
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=TZ)
SINCE = NOW - timedelta(days=30)
DATA = Path(__file__).parent / "data" / "imap"
PW_ENV = "CALCHECK_TEST_IMAP_PW"


@pytest.fixture
def server() -> Iterator[DovecotServer]:
    with DovecotServer() as srv:
        yield srv


@pytest.fixture(autouse=True)
def _password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PW_ENV, "secret")


def account(server: DovecotServer, **overrides: Any) -> ImapAccount:
    values: dict[str, Any] = {"name": "work", "host": server.host, "port": server.port, "tls": "plain",
                              "allow_insecure": True, "username": server.user, "password_env": PW_ENV,
                              "connect_timeout": 3, "read_timeout": 3}
    values.update(overrides)
    return ImapAccount(**values)


def note(n: int, day: int = 10) -> bytes:
    """A small plain message; n makes it unique."""
    return (f"From: sender{n}@example.com\r\nTo: morio@example.jp\r\nSubject: note {n}\r\n"
            f"Date: Tue, {day} Nov 2026 10:00:00 +0900\r\nMessage-ID: <note-{n}@example.com>\r\n"
            f"\r\nplain note number {n}\r\n").encode()


def refs(mails: list[RawMail]) -> list[str]:
    return [m.ref for m in mails]


class FetchSpy:
    """Records which UIDs had their bodies fetched."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.bodies: list[int] = []
        original = IMAPClient.fetch

        def fetch(client: IMAPClient, messages: Any, data: Any, modifiers: Any = None) -> Any:
            if any("BODY.PEEK[]" in str(d) for d in data):
                self.bodies.extend(messages)
            return original(client, messages, data, modifiers)

        monkeypatch.setattr(IMAPClient, "fetch", fetch)


# -- connecting --------------------------------------------------------------------------------

def test_plain_login_reads_every_message_in_uid_order(server: DovecotServer) -> None:
    uids = [server.append("INBOX", note(n)) for n in range(3)]
    mails = list(ImapSource([account(server)]).messages(SINCE))
    assert refs(mails) == [f"imap:work/INBOX/{u}" for u in uids]
    assert mails[1].data == note(1)


def test_plain_without_allow_insecure_is_refused_before_connecting() -> None:
    with pytest.raises(ConfigError, match="allow_insecure"):
        ImapAccount(name="work", host="127.0.0.1", username="a", tls="plain")


def test_imaps_login_verifies_against_ca_file(server: DovecotServer) -> None:
    server.append("INBOX", note(1))
    acct = account(server, tls="imaps", port=server.ssl_port, allow_insecure=False, ca_file=server.ca_file)
    assert len(list(ImapSource([acct]).messages(SINCE))) == 1


def test_starttls_login_verifies_against_ca_file(server: DovecotServer) -> None:
    server.append("INBOX", note(1))
    acct = account(server, tls="starttls", allow_insecure=False, ca_file=server.ca_file)
    assert len(list(ImapSource([acct]).messages(SINCE))) == 1


def test_untrusted_certificate_is_one_clear_line(server: DovecotServer) -> None:
    acct = account(server, tls="imaps", port=server.ssl_port, allow_insecure=False)
    with pytest.raises(ImapCertificateError) as err:
        list(ImapSource([acct]).messages(SINCE))
    text = str(err.value)
    assert "\n" not in text
    assert f"imap account 'work' (127.0.0.1:{server.ssl_port})" in text
    assert "certificate is not trusted" in text
    assert "ca_file" in text


def test_wrong_password_says_which_account_and_what_to_check(
        server: DovecotServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PW_ENV, "wrong")
    with pytest.raises(ImapLoginError) as err:
        list(ImapSource([account(server)]).messages(SINCE))
    assert isinstance(err.value, AuthError)
    assert str(err.value) == (f"imap account 'work' (127.0.0.1:{server.port}): login refused — "
                              f"check username (alice) and password_env ({PW_ENV})")


def test_connection_refused_is_transient() -> None:
    acct = ImapAccount(name="work", host="127.0.0.1", port=free_port(), username="a", tls="plain",
                       allow_insecure=True, password_env=PW_ENV)
    with pytest.raises(ImapConnectionError, match="connection refused — check host and port") as err:
        list(ImapSource([acct]).messages(SINCE))
    assert isinstance(err.value, TransientError)


def test_unknown_host_is_not_retried() -> None:
    acct = ImapAccount(name="work", host="no-such-host.invalid", username="a", password_env=PW_ENV)
    with pytest.raises((ImapHostError, ImapConnectionError), match=r"no-such-host\.invalid"):
        list(ImapSource([acct]).messages(SINCE))


def test_missing_folder_is_named(server: DovecotServer) -> None:
    with pytest.raises(SourceError, match="folder 'Archive/2026'"):
        list(ImapSource([account(server, folders=["Archive/2026"])]).messages(SINCE))


def test_oauth2_logs_in_with_the_providers_token(server: DovecotServer,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # Dovecot here has no OAuth backend: check what XOAUTH2 would send, then log in normally.
    sent: list[tuple[str, str]] = []

    def oauth2_login(client: IMAPClient, user: str, token: str, mech: str = "XOAUTH2",
                     vendor: str | None = None) -> Any:
        sent.append((user, token))
        return client.login(user, "secret")

    monkeypatch.setattr(IMAPClient, "oauth2_login", oauth2_login)
    server.append("INBOX", note(1))
    acct = account(server, auth="oauth2", password_env="", token_provider=lambda: "ya29.token")
    assert len(list(ImapSource([acct]).messages(SINCE))) == 1
    assert sent == [("alice", "ya29.token")]


# -- reading -----------------------------------------------------------------------------------

def test_iso2022jp_mail_is_audited_end_to_end(server: DovecotServer, tmp_path: Path) -> None:
    raw = (DATA / "iso2022jp-meeting-1126-15h.eml").read_bytes()
    server.append("INBOX", raw)
    ics = tmp_path / "cal.ics"
    ics.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\n"
                   "UID:mtg-1@example.jp\r\nDTSTAMP:20261101T000000Z\r\n"
                   "SUMMARY:テスト社 山田様 打ち合わせ\r\n"
                   "DTSTART;TZID=Asia/Tokyo:20261126T150000\r\nDTEND;TZID=Asia/Tokyo:20261126T160000\r\n"
                   "END:VEVENT\r\nEND:VCALENDAR\r\n", encoding="utf-8")
    result = run_audit(ImapSource([account(server)]), IcsFileCalendar(ics, TZ), NOW, TZ, SINCE)
    [finding] = result.findings
    assert finding.mail.message_id == "<meeting-1126@example.co.jp>"
    assert finding.mail.subject == "打ち合わせ日程のご確認"
    assert finding.appointment.start.date() == date(2026, 11, 26)
    assert "11月26日" in finding.appointment.evidence
    # The same bytes read from a Maildir give the same verdict: IMAP changes nothing.
    maildir = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    (maildir / "new" / "1.eml").write_bytes(raw)
    local = run_audit(MaildirSource(maildir), IcsFileCalendar(ics, TZ), NOW, TZ, SINCE)
    assert [f.to_json() for f in local.findings] == [finding.to_json()]


def test_reading_never_sets_seen(server: DovecotServer) -> None:
    uid = server.append("INBOX", note(1))
    list(ImapSource([account(server)]).messages(SINCE))
    assert b"\\Seen" not in server.flags("INBOX", uid)


def test_mail_before_the_since_window_is_not_fetched(server: DovecotServer,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    spy = FetchSpy(monkeypatch)
    server.append("INBOX", note(1), msg_time=datetime(2026, 8, 1, tzinfo=TZ))
    recent = server.append("INBOX", note(2))
    assert refs(list(ImapSource([account(server)]).messages(SINCE))) == [f"imap:work/INBOX/{recent}"]
    assert spy.bodies == [recent]


def test_oversize_message_is_skipped_and_reported(server: DovecotServer,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    small = server.append("INBOX", note(1))
    big = server.append("INBOX", note(2) + b"x" * 5000 + b"\r\n")
    source = ImapSource([account(server, max_message_bytes=2000)], MemoryReadState())
    assert refs(list(source.messages(SINCE))) == [f"imap:work/INBOX/{small}"]
    assert [s.ref for s in source.skipped] == [f"imap:work/INBOX/{big}"]
    assert f"imap account 'work' (127.0.0.1:{server.port}) folder 'INBOX': skipped UID {big}" in caplog.text
    assert "over max_message_bytes (2000)" in caplog.text
    source.commit()
    assert list(source.messages(SINCE)) == []  # reported once, not again every run


# -- audit mode vs incremental ------------------------------------------------------------------

def test_audit_mode_sees_the_whole_window_every_time_and_saves_nothing(server: DovecotServer) -> None:
    state = MemoryReadState()
    for n in range(2):
        server.append("INBOX", note(n))
    source = ImapSource([account(server)], state, incremental=False)
    assert len(list(source.messages(SINCE))) == 2
    source.commit()
    assert len(list(source.messages(SINCE))) == 2
    assert state.folders == {}


def test_second_incremental_run_fetches_only_the_new_message(
        server: DovecotServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    spy = FetchSpy(monkeypatch)
    for n in range(3):
        server.append("INBOX", note(n))
    state_file = tmp_path / "state" / "imap-state.json"
    first = ImapSource([account(server)], JsonReadState(state_file))
    assert len(list(first.messages(SINCE))) == 3
    first.commit()
    assert state_file.stat().st_mode & 0o777 == 0o600
    assert state_file.parent.stat().st_mode & 0o777 == 0o700
    new = server.append("INBOX", note(3))
    spy.bodies.clear()
    second = ImapSource([account(server)], JsonReadState(state_file))  # a new process, same file
    assert refs(list(second.messages(SINCE))) == [f"imap:work/INBOX/{new}"]
    assert spy.bodies == [new]


def test_uncommitted_run_is_read_again(server: DovecotServer) -> None:
    for n in range(3):
        server.append("INBOX", note(n))
    source = ImapSource([account(server)], MemoryReadState())
    it = source.messages(SINCE)
    next(it)
    next(it)
    it.close()  # the caller crashed before acting on them: nothing committed
    assert len(list(source.messages(SINCE))) == 3


def test_commit_saves_only_what_was_handed_over(server: DovecotServer) -> None:
    uids = [server.append("INBOX", note(n)) for n in range(4)]
    source = ImapSource([account(server)], MemoryReadState())
    it = source.messages(SINCE)
    next(it)
    next(it)
    source.commit()
    it.close()
    assert refs(list(source.messages(SINCE))) == [f"imap:work/INBOX/{u}" for u in uids[2:]]


def test_uidvalidity_change_rescans_without_repeating_anything(server: DovecotServer) -> None:
    for n in range(2):
        server.append("INBOX", note(n))
    source = ImapSource([account(server)], MemoryReadState())
    list(source.messages(SINCE))
    source.commit()
    server.set_uidvalidity("INBOX", server.uidvalidity() + 1000)
    new = server.append("INBOX", note(9))
    mails = list(source.messages(SINCE))
    assert refs(mails) == [f"imap:work/INBOX/{new}"]
    source.commit()
    assert source.state.get("work", "INBOX").uidvalidity == server.uidvalidity()  # type: ignore[union-attr]
    assert list(source.messages(SINCE)) == []


def test_server_killed_mid_run_skips_nothing(server: DovecotServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(imap_module, "BATCH_MESSAGES", 2)  # so the run still talks to the server
    uids = [server.append("INBOX", note(n)) for n in range(5)]
    source = ImapSource([account(server)], MemoryReadState())
    got: list[str] = []

    def consume() -> None:
        for mail in source.messages(SINCE):
            got.append(mail.ref)
            if len(got) == 2:
                server.kill()

    with pytest.raises(TransientError):
        consume()
    source.commit()  # the caller acted on what it received before the crash
    server.start()
    got += refs(list(source.messages(SINCE)))
    assert got == [f"imap:work/INBOX/{u}" for u in uids]


def test_every_configured_folder_is_read(server: DovecotServer) -> None:
    inbox = server.append("INBOX", note(1))
    other = server.append("Clients", note(2))
    mails = list(ImapSource([account(server, folders=["INBOX", "Clients"])]).messages(SINCE))
    assert refs(mails) == [f"imap:work/INBOX/{inbox}", f"imap:work/Clients/{other}"]


def test_open_source_builds_imap_in_audit_mode_from_config(server: DovecotServer, tmp_path: Path) -> None:
    from calcheck.config import load_config  # noqa: PLC0415 - only this test needs the loader

    cfg = tmp_path / "config.toml"
    cfg.write_text(f'[mail]\nsource = "imap"\n[imap.work]\nhost = "127.0.0.1"\nport = {server.port}\n'
                   f'tls = "plain"\nallow_insecure = true\nusername = "alice"\npassword_env = "{PW_ENV}"\n',
                   encoding="utf-8")
    server.append("INBOX", note(1))
    source = sources.open_source("imap", load_config(cfg))
    assert isinstance(source, ImapSource)
    assert not source.incremental
    assert len(list(source.messages(SINCE))) == 1


def test_log_never_contains_the_password(server: DovecotServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    server.append("INBOX", note(1))
    list(ImapSource([account(server)]).messages(SINCE))
    assert "secret" not in caplog.text
