"""The ics:https backend (a calendar's secret iCal address) against a loopback HTTP server."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest

from calcheck.calendars import open_calendar
from calcheck.calendars.ics_url import IcsUrlCalendar
from calcheck.errors import CalendarError, TransientError
from calendar_contract import (
    CONTRACT_ICS,
    CONTRACT_OWNER,
    CONTRACT_TZ,
    RANGE_END,
    RANGE_START,
    CalendarContract,
)
from servers.ics_http import IcsHttpServer, ics_http_server

SECRET = "/calendar/ical/owner%40example.jp/private-5ecret70ken/basic.ics"  # noqa: S105 - a made-up secret address


@pytest.fixture
def server() -> Iterator[IcsHttpServer]:
    routes = {
        SECRET: (200, CONTRACT_ICS.encode()),
        "/login": (200, b"<!DOCTYPE html><html><body>Sign in</body></html>"),
        "/broken": (200, b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\n"),
        "/unavailable": (503, b"try later"),
        "/forbidden": (403, b"no"),
    }
    with ics_http_server(routes) as srv:
        yield srv


class TestIcsUrlContract(CalendarContract):
    @pytest.fixture
    def contract_calendar(self, server: IcsHttpServer) -> IcsUrlCalendar:
        return IcsUrlCalendar(server.base + SECRET, tz=CONTRACT_TZ, owner=CONTRACT_OWNER, timeout=5)


def test_each_events_call_fetches_the_address_once(server: IcsHttpServer) -> None:
    cal = open_calendar(f"ics:{server.base}{SECRET}", tz=CONTRACT_TZ, owner=CONTRACT_OWNER)
    cal.events(RANGE_START, RANGE_END)
    assert server.requests == [SECRET]


def test_server_errors_are_transient(server: IcsHttpServer) -> None:
    with pytest.raises(TransientError, match="HTTP 503"):
        IcsUrlCalendar(server.base + "/unavailable", tz=CONTRACT_TZ).events(RANGE_START, RANGE_END)


def test_a_refused_address_says_what_to_do_and_keeps_the_secret(server: IcsHttpServer) -> None:
    with pytest.raises(CalendarError, match=r"HTTP 403.*secret address") as err:
        IcsUrlCalendar(server.base + "/forbidden", tz=CONTRACT_TZ).events(RANGE_START, RANGE_END)
    assert not isinstance(err.value, TransientError)


def test_the_secret_part_of_the_address_never_reaches_the_message(server: IcsHttpServer) -> None:
    with pytest.raises(CalendarError) as err:
        IcsUrlCalendar(server.base + SECRET.replace("basic", "missing"), tz=CONTRACT_TZ).events(
            RANGE_START, RANGE_END)
    assert "5ecret70ken" not in str(err.value)
    assert "127.0.0.1" in str(err.value)


def test_a_timeout_is_transient(server: IcsHttpServer) -> None:
    cal = IcsUrlCalendar(server.base + "/hang", tz=CONTRACT_TZ, timeout=0.3)
    with pytest.raises(TransientError, match="no answer"):
        cal.events(RANGE_START, RANGE_END)


@pytest.mark.parametrize("path", ["/login", "/broken"])
def test_a_page_that_is_not_a_calendar_is_a_calendar_error(server: IcsHttpServer, path: str) -> None:
    with pytest.raises(CalendarError, match=r"ics:http://127\.0\.0\.1"):
        IcsUrlCalendar(server.base + path, tz=CONTRACT_TZ).events(RANGE_START, RANGE_END)


def test_nobody_listening_is_a_calendar_error() -> None:
    with ics_http_server({}) as srv:
        url = srv.base + "/gone.ics"
    with pytest.raises(CalendarError, match="cannot fetch"):
        IcsUrlCalendar(url, tz=CONTRACT_TZ, timeout=5).events(datetime(2026, 1, 1, tzinfo=CONTRACT_TZ),
                                                              datetime(2026, 2, 1, tzinfo=CONTRACT_TZ))
