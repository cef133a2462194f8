"""The same mail against the same events gives the same findings, whichever backend holds them.

The events are written once, as an iCalendar file (tests/data/backends_agree/calendar.ics). The
ics backend reads that file; Radicale stores its VEVENTs one object per UID; the fake Google
Calendar serves them the way Google does with ``singleEvents=true``: one item per occurrence,
cancelled and declined ones included, attendees marked ``self``.
"""

# ruff: noqa: S106 - the passwords and tokens here are the test servers'
from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
from google.oauth2.credentials import Credentials

from calcheck.audit import run_audit
from calcheck.calendars.base import Calendar
from calcheck.calendars.caldav_backend import CalDavCalendar
from calcheck.calendars.google import GoogleCalendar
from calcheck.calendars.ics import IcsFileCalendar
from calcheck.google_auth import GoogleAuth
from calcheck.sources.local import MaildirSource
from servers.fake_google import fake_google, items_from_ics
from servers.radicale import radicale_server

DATA = Path(__file__).parent / "data" / "backends_agree"
TOKYO = ZoneInfo("Asia/Tokyo")
NOW = datetime(2026, 11, 20, 9, tzinfo=TOKYO)
OWNER = "takahashi@minato-shokai.example.jp"
EXPECTED = {
    "<01-aoba-ok@aoba-sys.example.jp>": "ok",
    "<02-kaede-recurring-ok@kaede.example.jp>": "ok",  # one occurrence of a weekly series
    "<03-hokuto-mismatch@hokuto.example.jp>": "mismatch",
    "<04-minami-declined-missing@minami.example.jp>": "missing",  # the owner declined the event
}


def source_calendar() -> icalendar.Calendar:
    return icalendar.Calendar.from_ical((DATA / "calendar.ics").read_bytes())


def google_items() -> list[dict[str, Any]]:
    return items_from_ics((DATA / "calendar.ics").read_bytes(), OWNER)


def caldav_objects() -> dict[str, bytes]:
    """One iCalendar object per UID (a series and its overrides together), as CalDAV stores them."""
    cal = source_calendar()
    timezones = [c for c in cal.subcomponents if c.name == "VTIMEZONE"]
    objects: dict[str, icalendar.Calendar] = {}
    for vevent in cal.walk("VEVENT"):
        uid = str(vevent["UID"])
        if uid not in objects:
            obj = icalendar.Calendar()
            obj.add("VERSION", "2.0")
            obj.add("PRODID", "-//calcheck tests//EN")
            for tz in timezones:
                obj.add_component(tz)
            objects[uid] = obj
        objects[uid].add_component(vevent)
    return {uid: obj.to_ical() for uid, obj in objects.items()}


def audit(calendar: Calendar) -> list[dict[str, Any]]:
    result = run_audit(MaildirSource(DATA / "maildir"), calendar, NOW, TOKYO, NOW - timedelta(days=30))
    assert not result.skipped
    findings = []
    for finding in sorted(result.findings, key=lambda f: f.mail.message_id):
        data = finding.to_json()
        if data["event"]:
            data["event"].pop("link")  # only Google has one
        findings.append(data)
    return findings


@pytest.fixture(scope="module")
def ics_findings() -> list[dict[str, Any]]:
    findings = audit(IcsFileCalendar(DATA / "calendar.ics", TOKYO, OWNER))
    assert {f["message_id"]: f["status"] for f in findings} == EXPECTED
    return findings


def test_google_backend_agrees_with_the_ics_file(ics_findings: list[dict[str, Any]]) -> None:
    with fake_google() as google:
        google.add("primary", *google_items())
        creds = Credentials(token="access-1", refresh_token="refresh-1", token_uri=google.token_uri,
                            client_id="client-id", client_secret="client-secret")
        calendar = GoogleCalendar(GoogleAuth(creds), tz=TOKYO, owner=OWNER, api_endpoint=google.endpoint)
        findings = audit(calendar)
        for finding in findings:
            if finding["event"]:
                # Google names its events by its own id; the iCalendar UID is what all three share.
                assert finding["event"]["id"] != finding["event"]["uid"]
                finding["event"]["id"] = finding["event"]["uid"]
        assert findings == ics_findings
        assert len(google.events_requests()) == 1  # one audit, one calendar, one page: one request


def test_caldav_backend_agrees_with_the_ics_file(ics_findings: list[dict[str, Any]]) -> None:
    with radicale_server() as server:
        server.make_calendar("work", "仕事")
        for uid, data in caldav_objects().items():
            server.put("work", f"{uid}.ics", data)
        calendar = CalDavCalendar(server.url, server.user, server.password, tz=TOKYO, owner=OWNER)
        assert audit(calendar) == ics_findings
