"""The caldav backend against a real Radicale on loopback."""

# ruff: noqa: S106, S107 - the passwords here are the test server's
from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from calcheck.calendars.caldav_backend import CalDavCalendar, open_caldav
from calcheck.cli import main
from calcheck.errors import AuthError, CalendarError, ConfigError, TransientError
from calendar_contract import CONTRACT_OWNER, CONTRACT_TZ, CalendarContract, contract_resources
from servers.radicale import RadicaleServer, radicale_server

TOKYO = ZoneInfo("Asia/Tokyo")
START = datetime(2026, 11, 1, tzinfo=TOKYO)
END = datetime(2026, 12, 1, tzinfo=TOKYO)


def vcalendar(*vevents: str) -> bytes:
    body = "\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//calcheck tests//EN", *vevents,
                      "END:VCALENDAR", ""])
    return body.replace("\n", "\r\n").encode()


def vevent(uid: str, summary: str, start: str, end: str, *extra: str) -> str:
    return "\n".join(["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20261101T000000Z", f"DTSTART{start}",
                      f"DTEND{end}", f"SUMMARY:{summary}", *extra, "END:VEVENT"])


@pytest.fixture(scope="module")
def radicale() -> Iterator[RadicaleServer]:
    with radicale_server() as server:
        server.make_calendar("work", "仕事")
        server.make_calendar("private", "Private")
        server.put("work", "meeting.ics", vcalendar(vevent(
            "meeting-1", "打ち合わせ", ";TZID=Asia/Tokyo:20261125T150000", ";TZID=Asia/Tokyo:20261125T160000",
            "LOCATION:本社 3F")))
        server.put("work", "standup.ics", vcalendar(
            vevent("standup", "朝会", ";TZID=Asia/Tokyo:20261116T093000", ";TZID=Asia/Tokyo:20261116T094500",
                   "RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=6", "EXDATE;TZID=Asia/Tokyo:20261123T093000"),
            vevent("standup", "朝会 (移動)", ";TZID=Asia/Tokyo:20261201T100000",
                   ";TZID=Asia/Tokyo:20261201T101500", "RECURRENCE-ID;TZID=Asia/Tokyo:20261130T093000")))
        server.put("work", "cancelled.ics", vcalendar(vevent(
            "gone", "中止", ";TZID=Asia/Tokyo:20261126T100000", ";TZID=Asia/Tokyo:20261126T110000",
            "STATUS:CANCELLED")))
        server.put("work", "declined.ics", vcalendar(vevent(
            "declined", "欠席", ";TZID=Asia/Tokyo:20261127T100000", ";TZID=Asia/Tokyo:20261127T110000",
            "ATTENDEE;PARTSTAT=DECLINED:mailto:me@example.jp")))
        server.put("work", "old.ics", vcalendar(vevent(
            "old", "先月", ";TZID=Asia/Tokyo:20261020T100000", ";TZID=Asia/Tokyo:20261020T110000")))
        server.put("private", "holiday.ics", vcalendar(vevent(
            "holiday", "休暇", ";VALUE=DATE:20261124", ";VALUE=DATE:20261125")))
        yield server


def backend(server: RadicaleServer, *names: str, password: str = "secret") -> CalDavCalendar:
    return CalDavCalendar(server.url, server.user, password, names, tz=TOKYO, owner="me@example.jp")


def test_reads_a_named_calendar_with_recurrences_expanded(radicale: RadicaleServer) -> None:
    events = backend(radicale, "仕事").events(START, END)
    assert [(e.id, e.start) for e in events] == [
        ("standup", datetime(2026, 11, 16, 9, 30, tzinfo=TOKYO)),
        ("meeting-1", datetime(2026, 11, 25, 15, tzinfo=TOKYO)),
    ]  # 23rd excluded, 30th moved out of the window; cancelled, declined and October left out
    meeting = events[1]
    assert meeting.summary == "打ち合わせ"
    assert meeting.location == "本社 3F"
    assert meeting.end == datetime(2026, 11, 25, 16, tzinfo=TOKYO)


def test_moved_occurrence_is_found_at_its_new_time(radicale: RadicaleServer) -> None:
    events = backend(radicale, "work").events(datetime(2026, 11, 30, tzinfo=TOKYO),
                                              datetime(2026, 12, 8, tzinfo=TOKYO))
    assert [(e.summary, e.start) for e in events] == [
        ("朝会 (移動)", datetime(2026, 12, 1, 10, tzinfo=TOKYO)),
        ("朝会", datetime(2026, 12, 7, 9, 30, tzinfo=TOKYO)),
    ]


def test_no_names_means_every_calendar(radicale: RadicaleServer) -> None:
    events = backend(radicale).events(START, END)
    assert [e.id for e in events] == ["standup", "holiday", "meeting-1"]
    holiday = events[1]
    assert holiday.all_day
    assert holiday.start == datetime(2026, 11, 24, tzinfo=TOKYO)


def test_unknown_calendar_name_lists_the_known_ones(radicale: RadicaleServer) -> None:
    with pytest.raises(CalendarError, match=r"no calendar named '会議室'.*Private.*仕事"):
        backend(radicale, "会議室").events(START, END)


def test_wrong_password_is_a_clear_auth_error(radicale: RadicaleServer) -> None:
    with pytest.raises(AuthError) as info:
        backend(radicale, password="wrong").events(START, END)
    assert "refused user 'alice'" in str(info.value)
    assert "password_cmd" in str(info.value)
    assert "wrong" not in str(info.value)


def test_unreachable_server_is_transient(radicale: RadicaleServer) -> None:
    url = radicale.url.replace(str(radicale.port), "1")
    with pytest.raises(TransientError, match="cannot reach"):
        CalDavCalendar(url, "alice", "secret", tz=TOKYO).events(START, END)


def test_missing_caldav_library_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "caldav", None)  # makes `import caldav` raise ImportError
    message = r"caldav support is not installed: pip install 'calcheck\[caldav\]'"
    with pytest.raises(ConfigError, match=message):
        CalDavCalendar("http://127.0.0.1:1/", "alice", "secret", tz=TOKYO)


@pytest.fixture(scope="module")
def contract_server() -> Iterator[RadicaleServer]:
    with radicale_server() as server:
        server.make_calendar("contract", "Contract")
        for uid, text in contract_resources().items():
            server.put("contract", f"{uid}.ics", text.encode())
        yield server


class TestCalDavContract(CalendarContract):
    """The shared Calendar contract, one stored object per UID on Radicale."""

    @pytest.fixture
    def contract_calendar(self, contract_server: RadicaleServer) -> CalDavCalendar:
        return CalDavCalendar(contract_server.url, contract_server.user, contract_server.password,
                              tz=CONTRACT_TZ, owner=CONTRACT_OWNER)


def test_cli_audit_reads_caldav_with_the_password_from_the_environment(
        radicale: RadicaleServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "config.toml"
    config.write_text('timezone = "Asia/Tokyo"\n[owner]\nemail = "me@example.jp"\n'
                      f'[calendar]\nsource = "caldav:{radicale.url}"\n'
                      '[caldav]\nusername = "alice"\npassword_env = "CALCHECK_TEST_DAV"\n'
                      'calendars = ["仕事"]\n', encoding="utf-8")
    monkeypatch.setenv("CALCHECK_TEST_DAV", radicale.password)
    maildir = Path(__file__).parent / "data" / "backends_agree" / "maildir"
    code = main(["--config", str(config), "audit", "--mail", f"maildir:{maildir}",
                 "--now", "2026-11-20T09:00:00+09:00", "--format", "json"])
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert code == 1
    # Only the 11/25 15:00 meeting is in 仕事; the 11/27 10:00 event there is one the owner declined.
    assert {f["message_id"]: f["status"] for f in findings} == {
        "<01-aoba-ok@aoba-sys.example.jp>": "ok",
        "<02-kaede-recurring-ok@kaede.example.jp>": "missing",
        "<03-hokuto-mismatch@hokuto.example.jp>": "missing",
        "<04-minami-declined-missing@minami.example.jp>": "missing",
    }


def test_plain_http_to_another_host_is_refused_unless_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALCHECK_TEST_DAV", "secret")
    with pytest.raises(ConfigError, match=r"unencrypted.*allow_insecure = true"):
        open_caldav("http://dav.example.jp/", tz=TOKYO, username="alice", password_env="CALCHECK_TEST_DAV")
    allowed = open_caldav("http://dav.example.jp/", tz=TOKYO, username="alice",
                          password_env="CALCHECK_TEST_DAV", allow_insecure=True)
    assert allowed.url == "http://dav.example.jp/"
    for here in ("http://127.0.0.1:5232/", "http://localhost:5232/", "http://[::1]:5232/"):
        assert open_caldav(here, tz=TOKYO, username="alice", password_env="CALCHECK_TEST_DAV").url == here
