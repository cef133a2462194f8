"""The google backend, through the real google-api-python-client, against a local Calendar API."""

# ruff: noqa: S105, S106, S107 - the tokens here are made-up test values
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import httplib2
import pytest
from google.oauth2.credentials import Credentials

from calcheck.calendars.google import GoogleCalendar
from calcheck.errors import AuthError, CalendarError, TransientError
from calcheck.google_auth import GoogleAuth
from calendar_contract import CONTRACT_ICS, CONTRACT_OWNER, CONTRACT_TZ, CalendarContract
from servers.fake_google import FakeGoogle, Fault, all_day, fake_google, google_error, items_from_ics, timed

TOKYO = ZoneInfo("Asia/Tokyo")
START = datetime(2026, 11, 1, tzinfo=TOKYO)
END = datetime(2026, 12, 1, tzinfo=TOKYO)


@pytest.fixture
def google() -> Iterator[FakeGoogle]:
    with fake_google() as fake:
        yield fake


def credentials(fake: FakeGoogle, token: str | None = "access-1", refresh: str = "refresh-1") -> Credentials:
    # Built directly: from_authorized_user_info would point token_uri at Google's real endpoint.
    return Credentials(token=token, refresh_token=refresh, token_uri=fake.token_uri,
                       client_id="client-id", client_secret="client-secret")


def backend(fake: FakeGoogle, *, calendars: tuple[str, ...] = ("primary",), creds: Credentials | None = None,
            sleeps: list[float] | None = None, owner: str | None = None, attempts: int = 4) -> GoogleCalendar:
    delays = sleeps if sleeps is not None else []
    return GoogleCalendar(GoogleAuth(creds or credentials(fake)), calendars, tz=TOKYO, owner=owner,
                          api_endpoint=fake.endpoint, max_attempts=attempts, base_delay=0.001,
                          sleep=delays.append)


def test_reads_timed_events_with_id_link_and_aware_start(google: FakeGoogle) -> None:
    google.add("primary", timed("ev1", "打ち合わせ", "2026-11-25T15:00:00+09:00", "2026-11-25T16:00:00+09:00",
                                location="本社",
                                attendees=[{"email": "Tanaka@Example.jp", "displayName": "田中"}]))
    [event] = backend(google).events(START, END)
    assert event.id == "ev1"
    assert event.summary == "打ち合わせ"
    assert event.start == datetime(2026, 11, 25, 15, tzinfo=TOKYO)
    assert event.end == datetime(2026, 11, 25, 16, tzinfo=TOKYO)
    assert event.link == "https://www.google.com/calendar/event?eid=ev1"
    assert event.location == "本社"
    assert "tanaka@example.jp" in event.attendees
    assert "田中" in event.attendees
    [request] = google.events_requests()
    assert request.path == "/calendar/v3/calendars/primary/events"
    assert request.query["singleEvents"] == "true"
    assert request.query["orderBy"] == "startTime"
    assert request.query["maxResults"] == "2500"
    assert request.query["timeMin"] == "2026-11-01T00:00:00+09:00"
    assert request.query["timeMax"] == "2026-12-01T00:00:00+09:00"
    assert request.headers["authorization"] == "Bearer access-1"


def test_all_pages_are_read_one_request_per_page(google: FakeGoogle) -> None:
    google.page_size = 2
    google.add("primary", *(timed(f"e{i}", f"会議{i}", f"2026-11-{10 + i}T10:00:00+09:00",
                                  f"2026-11-{10 + i}T11:00:00+09:00") for i in range(5)))
    events = backend(google).events(START, END)
    assert [e.id for e in events] == ["e0", "e1", "e2", "e3", "e4"]
    pages = google.events_requests()
    assert len(pages) == 3
    assert "pageToken" not in pages[0].query
    assert [p.query.get("pageToken") for p in pages[1:]] == ["page-2", "page-4"]


def test_time_window_is_honoured(google: FakeGoogle) -> None:
    google.add("primary",
               timed("before", "先月", "2026-10-20T10:00:00+09:00", "2026-10-20T11:00:00+09:00"),
               timed("inside", "今月", "2026-11-20T10:00:00+09:00", "2026-11-20T11:00:00+09:00"),
               timed("after", "来月", "2026-12-02T10:00:00+09:00", "2026-12-02T11:00:00+09:00"))
    assert [e.id for e in backend(google).events(START, END)] == ["inside"]


def test_cancelled_and_declined_events_are_left_out(google: FakeGoogle) -> None:
    google.add("primary",
               timed("gone", "中止", "2026-11-20T10:00:00+09:00", "2026-11-20T11:00:00+09:00",
                     status="cancelled"),
               timed("no", "欠席", "2026-11-21T10:00:00+09:00", "2026-11-21T11:00:00+09:00",
                     attendees=[{"email": "me@example.jp", "self": True, "responseStatus": "declined"},
                                {"email": "other@example.jp", "responseStatus": "accepted"}]),
               timed("other-declined", "出席", "2026-11-22T10:00:00+09:00", "2026-11-22T11:00:00+09:00",
                     attendees=[{"email": "me@example.jp", "self": True, "responseStatus": "accepted"},
                                {"email": "other@example.jp", "responseStatus": "declined"}]))
    assert [e.id for e in backend(google).events(START, END)] == ["other-declined"]


def test_all_day_event_starts_at_midnight_in_the_calendars_zone(google: FakeGoogle) -> None:
    google.add("team", all_day("holiday", "社員旅行", "2026-11-26", "2026-11-28"),
               time_zone="America/New_York")
    [event] = backend(google, calendars=("team",)).events(START, END)
    assert event.all_day
    assert event.start == datetime(2026, 11, 26, tzinfo=ZoneInfo("America/New_York"))
    assert event.end == datetime(2026, 11, 28, tzinfo=ZoneInfo("America/New_York"))


def test_event_in_another_time_zone_compares_as_an_instant(google: FakeGoogle) -> None:
    google.add("primary", timed("ny", "NY call", "2026-11-25T01:00:00-05:00", "2026-11-25T02:00:00-05:00",
                                time_zone="America/New_York"))
    [event] = backend(google).events(START, END)
    assert event.start == datetime(2026, 11, 25, 15, tzinfo=TOKYO)


def test_several_calendars_are_merged_in_start_order(google: FakeGoogle) -> None:
    google.add("primary", timed("b", "B", "2026-11-25T15:00:00+09:00", "2026-11-25T16:00:00+09:00"))
    google.add("work@group.calendar.google.com",
               timed("a", "A", "2026-11-24T15:00:00+09:00", "2026-11-24T16:00:00+09:00"))
    events = backend(google, calendars=("primary", "work@group.calendar.google.com")).events(START, END)
    assert [e.id for e in events] == ["a", "b"]
    assert len(google.events_requests()) == 2


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_transient_error_is_retried_once_with_backoff(google: FakeGoogle, status: int) -> None:
    google.add("primary", timed("ev1", "会議", "2026-11-25T15:00:00+09:00", "2026-11-25T16:00:00+09:00"))
    google.faults.append(google_error(status))
    sleeps: list[float] = []
    assert [e.id for e in backend(google, sleeps=sleeps).events(START, END)] == ["ev1"]
    assert len(google.events_requests()) == 2
    assert len(sleeps) == 1


def test_rate_limit_403_is_retried_but_backoff_grows(google: FakeGoogle) -> None:
    google.add("primary", timed("ev1", "会議", "2026-11-25T15:00:00+09:00", "2026-11-25T16:00:00+09:00"))
    google.faults.extend([google_error(403, "rateLimitExceeded"), google_error(503), google_error(503)])
    sleeps: list[float] = []
    assert len(backend(google, sleeps=sleeps).events(START, END)) == 1
    assert len(google.events_requests()) == 4
    # Exponential with ±50 % jitter: bases 1, 2, 4 ms, so the third wait exceeds any first one.
    assert 0.0005 <= sleeps[0] <= 0.0015
    assert 0.002 <= sleeps[2] <= 0.006


def test_persistent_failure_gives_up_after_bounded_attempts(google: FakeGoogle) -> None:
    google.faults.extend([google_error(503)] * 10)
    with pytest.raises(TransientError, match=r"primary.*3 attempts.*HTTP 503"):
        backend(google, attempts=3).events(START, END)
    assert len(google.events_requests()) == 3


def test_connection_reset_is_retried(google: FakeGoogle) -> None:
    google.add("primary", timed("ev1", "会議", "2026-11-25T15:00:00+09:00", "2026-11-25T16:00:00+09:00"))
    calls = {"n": 0}

    class Flaky(httplib2.Http):  # type: ignore[misc]
        def request(self, *args: object, **kwargs: object) -> object:
            calls["n"] += 1
            if calls["n"] == 1:
                raise ConnectionResetError(104, "Connection reset by peer")
            return super().request(*args, **kwargs)

    cal = backend(google)
    flaky = Flaky()
    cal._http = lambda: flaky
    assert len(cal.events(START, END)) == 1
    assert calls["n"] == 2


def test_401_refreshes_the_token_once_and_retries(google: FakeGoogle) -> None:
    google.add("primary", timed("ev1", "会議", "2026-11-25T15:00:00+09:00", "2026-11-25T16:00:00+09:00"))
    google.valid_tokens = set()  # the stored access token was revoked server side
    creds = credentials(google)
    assert len(backend(google, creds=creds).events(START, END)) == 1
    assert [r.headers["authorization"] for r in google.events_requests()] == ["Bearer access-1",
                                                                               "Bearer access-2"]
    [refresh] = google.token_requests()
    assert refresh.form["grant_type"] == "refresh_token"
    assert refresh.form["refresh_token"] == "refresh-1"
    assert creds.token == "access-2"


def test_expired_token_is_refreshed_before_the_first_request(google: FakeGoogle) -> None:
    google.add("primary", timed("ev1", "会議", "2026-11-25T15:00:00+09:00", "2026-11-25T16:00:00+09:00"))
    assert len(backend(google, creds=credentials(google, token=None)).events(START, END)) == 1
    assert len(google.token_requests()) == 1
    assert [r.headers["authorization"] for r in google.events_requests()] == ["Bearer access-2"]


def test_revoked_refresh_token_says_how_to_fix_it(google: FakeGoogle) -> None:
    google.valid_tokens = set()
    with pytest.raises(AuthError) as info:
        backend(google, creds=credentials(google, refresh="revoked")).events(START, END)
    message = str(info.value)
    assert "revoked or expired" in message
    assert "7 days" in message
    assert "Testing" in message
    assert "In production" in message
    assert "calcheck auth google" in message
    assert len(google.events_requests()) == 1


def test_401_even_after_refresh_is_an_auth_error(google: FakeGoogle) -> None:
    google.faults.extend([google_error(401, "authError"), google_error(401, "authError")])
    with pytest.raises(AuthError, match="calcheck auth google"):
        backend(google).events(START, END)
    assert len(google.events_requests()) == 2
    assert len(google.token_requests()) == 1


@pytest.mark.parametrize("fault", [google_error(404, "notFound"), google_error(403, "forbidden")])
def test_unknown_or_forbidden_calendar_names_its_id(google: FakeGoogle, fault: Fault) -> None:
    google.faults.append(fault)
    with pytest.raises(CalendarError, match=r"'team@group\.calendar\.google\.com'.*\[google\] calendars"):
        backend(google, calendars=("team@group.calendar.google.com",)).events(START, END)
    assert len(google.events_requests()) == 1  # not retried


class TestGoogleContract(CalendarContract):
    """The shared Calendar contract, with the contract events served the way Google serves them."""

    @pytest.fixture
    def contract_calendar(self, google: FakeGoogle) -> GoogleCalendar:
        google.add("primary", *items_from_ics(CONTRACT_ICS, CONTRACT_OWNER))
        return GoogleCalendar(GoogleAuth(credentials(google)), tz=CONTRACT_TZ, owner=CONTRACT_OWNER,
                              api_endpoint=google.endpoint)


def test_recurring_occurrence_is_marked_and_keeps_the_uid(google: FakeGoogle) -> None:
    google.add("primary", timed("abc_20261126T050000Z", "定例会", "2026-11-26T14:00:00+09:00",
                                "2026-11-26T15:00:00+09:00", iCalUID="weekly@example.jp",
                                recurringEventId="abc"))
    [event] = backend(google).events(START, END)
    assert event.id == "abc_20261126T050000Z"  # Google's id, as findings report it
    assert event.ical_uid == "weekly@example.jp"  # what links an invitation to it
    assert event.recurring
