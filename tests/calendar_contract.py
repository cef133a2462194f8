"""The contract every Calendar backend keeps, as one test class each backend runs.

A backend's test module subclasses :class:`CalendarContract` and provides one fixture,
``contract_calendar``: its backend holding exactly the events of :data:`CONTRACT_ICS`, opened
with ``tz=CONTRACT_TZ`` and ``owner=CONTRACT_OWNER``::

    class TestCalDavContract(CalendarContract):
        @pytest.fixture
        def contract_calendar(self, radicale):
            for uid, text in contract_resources().items():   # one VCALENDAR per UID
                radicale.put(f"/owner/cal/{uid}.ics", text)
            return CalDavCalendar(..., tz=CONTRACT_TZ, owner=CONTRACT_OWNER)

The events cover what matching relies on: instants of events stored in a TZID zone, in UTC and in
a foreign zone; an all-day event; a weekly series with an EXDATE, a moved and a cancelled
occurrence; a cancelled event; an event the owner declined; attendees; one event outside the range.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest

from calcheck.calendars.base import Calendar
from calcheck.model import CalendarEvent

CONTRACT_TZ = ZoneInfo("Asia/Tokyo")
CONTRACT_OWNER = "owner@example.jp"
RANGE_START = datetime(2026, 11, 30, tzinfo=CONTRACT_TZ)
RANGE_END = datetime(2027, 1, 31, tzinfo=CONTRACT_TZ)

_VTIMEZONES = """\
BEGIN:VTIMEZONE
TZID:Asia/Tokyo
BEGIN:STANDARD
DTSTART:19700101T000000
TZOFFSETFROM:+0900
TZOFFSETTO:+0900
TZNAME:JST
END:STANDARD
END:VTIMEZONE
BEGIN:VTIMEZONE
TZID:America/Los_Angeles
BEGIN:DAYLIGHT
DTSTART:20070311T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU
TZOFFSETFROM:-0800
TZOFFSETTO:-0700
TZNAME:PDT
END:DAYLIGHT
BEGIN:STANDARD
DTSTART:20071104T020000
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
TZOFFSETFROM:-0700
TZOFFSETTO:-0800
TZNAME:PST
END:STANDARD
END:VTIMEZONE
"""

_EVENTS = """\
BEGIN:VEVENT
UID:contract-timed@calcheck.test
DTSTAMP:20261101T000000Z
DTSTART;TZID=Asia/Tokyo:20261201T140000
DTEND;TZID=Asia/Tokyo:20261201T150000
SUMMARY:【訪問】あおば商事 田中様
LOCATION:あおば商事 本社3F
DESCRIPTION:勤怠管理システムのご説明
ORGANIZER;CN=Owner:mailto:owner@example.jp
ATTENDEE;CN=田中 一郎;PARTSTAT=ACCEPTED:mailto:tanaka@aoba.example.jp
ATTENDEE;CN=Owner;PARTSTAT=ACCEPTED:mailto:owner@example.jp
END:VEVENT
BEGIN:VEVENT
UID:contract-utc@calcheck.test
DTSTAMP:20261101T000000Z
DTSTART:20261202T010000Z
DTEND:20261202T020000Z
SUMMARY:Acme call (Mike Johnson)
END:VEVENT
BEGIN:VEVENT
UID:contract-la@calcheck.test
DTSTAMP:20261101T000000Z
DTSTART;TZID=America/Los_Angeles:20261203T100000
DTEND;TZID=America/Los_Angeles:20261203T103000
SUMMARY:Pinecrest Labs – Laura Kim
END:VEVENT
BEGIN:VEVENT
UID:contract-allday@calcheck.test
DTSTAMP:20261101T000000Z
DTSTART;VALUE=DATE:20261223
DTEND;VALUE=DATE:20261224
SUMMARY:請求書発行
END:VEVENT
BEGIN:VEVENT
UID:contract-weekly@calcheck.test
DTSTAMP:20261101T000000Z
DTSTART;TZID=Asia/Tokyo:20261207T090000
DTEND;TZID=Asia/Tokyo:20261207T100000
RRULE:FREQ=WEEKLY;COUNT=5
EXDATE;TZID=Asia/Tokyo:20261214T090000
SUMMARY:営業部 定例会議
END:VEVENT
BEGIN:VEVENT
UID:contract-weekly@calcheck.test
DTSTAMP:20261101T000000Z
RECURRENCE-ID;TZID=Asia/Tokyo:20261221T090000
DTSTART;TZID=Asia/Tokyo:20261222T100000
DTEND;TZID=Asia/Tokyo:20261222T110000
SUMMARY:営業部 定例会議（火曜に変更）
END:VEVENT
BEGIN:VEVENT
UID:contract-weekly@calcheck.test
DTSTAMP:20261101T000000Z
RECURRENCE-ID;TZID=Asia/Tokyo:20261228T090000
DTSTART;TZID=Asia/Tokyo:20261228T090000
DTEND;TZID=Asia/Tokyo:20261228T100000
STATUS:CANCELLED
SUMMARY:営業部 定例会議
END:VEVENT
BEGIN:VEVENT
UID:contract-cancelled@calcheck.test
DTSTAMP:20261101T000000Z
DTSTART;TZID=Asia/Tokyo:20261204T150000
DTEND;TZID=Asia/Tokyo:20261204T160000
STATUS:CANCELLED
SUMMARY:中止になった打合せ
END:VEVENT
BEGIN:VEVENT
UID:contract-declined@calcheck.test
DTSTAMP:20261101T000000Z
DTSTART;TZID=Asia/Tokyo:20261208T110000
DTEND;TZID=Asia/Tokyo:20261208T120000
SUMMARY:Webinar nobody asked for
ORGANIZER;CN=Vendor:mailto:events@vendor.example.com
ATTENDEE;CN=Owner;PARTSTAT=DECLINED:mailto:owner@example.jp
END:VEVENT
BEGIN:VEVENT
UID:contract-outside@calcheck.test
DTSTAMP:20261101T000000Z
DTSTART;TZID=Asia/Tokyo:20270301T100000
DTEND;TZID=Asia/Tokyo:20270301T110000
SUMMARY:Outside the range
END:VEVENT
"""


def _crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


CONTRACT_ICS = _crlf(
    "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//calcheck//contract//EN\n" + _VTIMEZONES + _EVENTS
    + "END:VCALENDAR\n")
"""The whole contract calendar as one iCalendar file."""


def contract_resources() -> dict[str, str]:
    """One VCALENDAR text per UID (series with their overrides), for servers that store events apart."""
    cal = icalendar.Calendar.from_ical(CONTRACT_ICS)
    zones = [c for c in cal.subcomponents if c.name == "VTIMEZONE"]
    groups: dict[str, list[icalendar.Event]] = {}
    for event in cal.walk("VEVENT"):
        groups.setdefault(str(event["UID"]), []).append(event)
    out: dict[str, str] = {}
    for uid, events in groups.items():
        one = icalendar.Calendar()
        one.add("VERSION", "2.0")
        one.add("PRODID", "-//calcheck//contract//EN")
        for component in [*zones, *events]:
            one.add_component(component)
        out[uid] = one.to_ical().decode()
    return out


def _starts(events: list[CalendarEvent], uid: str) -> list[datetime]:
    return [e.start for e in events if e.ical_uid == uid]


class CalendarContract:
    """Behaviour every :class:`calcheck.calendars.base.Calendar` must show on the contract events."""

    @pytest.fixture
    def contract_events(self, contract_calendar: Calendar) -> list[CalendarEvent]:
        return contract_calendar.events(RANGE_START, RANGE_END)

    def test_events_are_sorted_and_every_datetime_is_aware(
            self, contract_events: list[CalendarEvent]) -> None:
        assert contract_events
        assert [e.start for e in contract_events] == sorted(e.start for e in contract_events)
        for event in contract_events:
            assert event.start.tzinfo is not None
            assert event.end is None or event.end.tzinfo is not None

    def test_every_event_carries_its_icalendar_uid(self, contract_events: list[CalendarEvent]) -> None:
        # Matching links an invitation to its entry through this: the iCalendar UID (Google: iCalUID).
        assert {e.ical_uid for e in contract_events} == {
            "contract-timed@calcheck.test", "contract-utc@calcheck.test", "contract-la@calcheck.test",
            "contract-allday@calcheck.test", "contract-weekly@calcheck.test"}

    def test_timed_event_keeps_its_instant_and_text(self, contract_events: list[CalendarEvent]) -> None:
        (event,) = [e for e in contract_events if e.ical_uid == "contract-timed@calcheck.test"]
        assert event.start == datetime(2026, 12, 1, 14, 0, tzinfo=CONTRACT_TZ)
        assert event.end == datetime(2026, 12, 1, 15, 0, tzinfo=CONTRACT_TZ)
        assert not event.all_day
        assert event.summary == "【訪問】あおば商事 田中様"
        assert event.location == "あおば商事 本社3F"
        assert "勤怠管理システム" in event.description

    def test_attendees_are_listed_by_address(self, contract_events: list[CalendarEvent]) -> None:
        (event,) = [e for e in contract_events if e.ical_uid == "contract-timed@calcheck.test"]
        assert "tanaka@aoba.example.jp" in [a.lower() for a in event.attendees]

    def test_utc_event_is_compared_as_an_instant(self, contract_events: list[CalendarEvent]) -> None:
        assert _starts(contract_events, "contract-utc@calcheck.test") == [
            datetime(2026, 12, 2, 10, 0, tzinfo=CONTRACT_TZ)]

    def test_foreign_zone_event_is_compared_as_an_instant(self, contract_events: list[CalendarEvent]) -> None:
        # 10:00 in Los Angeles (PST) is 03:00 the next day in Tokyo.
        assert _starts(contract_events, "contract-la@calcheck.test") == [
            datetime(2026, 12, 4, 3, 0, tzinfo=CONTRACT_TZ)]

    def test_all_day_event_starts_at_local_midnight(self, contract_events: list[CalendarEvent]) -> None:
        (event,) = [e for e in contract_events if e.ical_uid == "contract-allday@calcheck.test"]
        assert event.all_day
        assert event.start == datetime(2026, 12, 23, tzinfo=CONTRACT_TZ)

    def test_recurring_event_is_expanded_with_exdate_and_overrides(
            self, contract_events: list[CalendarEvent]) -> None:
        # 12/14 is an EXDATE, 12/21 moved to Tuesday 12/22 10:00, 12/28 cancelled.
        assert _starts(contract_events, "contract-weekly@calcheck.test") == [
            datetime(2026, 12, 7, 9, 0, tzinfo=CONTRACT_TZ),
            datetime(2026, 12, 22, 10, 0, tzinfo=CONTRACT_TZ),
            datetime(2027, 1, 4, 9, 0, tzinfo=CONTRACT_TZ),
        ]
        assert all(e.recurring for e in contract_events if e.ical_uid == "contract-weekly@calcheck.test")

    def test_cancelled_and_declined_events_are_left_out(self, contract_events: list[CalendarEvent]) -> None:
        ids = {e.ical_uid for e in contract_events}
        assert "contract-cancelled@calcheck.test" not in ids
        assert "contract-declined@calcheck.test" not in ids

    def test_events_outside_the_range_are_left_out(self, contract_events: list[CalendarEvent]) -> None:
        assert "contract-outside@calcheck.test" not in {e.ical_uid for e in contract_events}

    def test_a_narrow_range_returns_only_what_overlaps_it(self, contract_calendar: Calendar) -> None:
        events = contract_calendar.events(datetime(2026, 12, 1, 14, 30, tzinfo=CONTRACT_TZ),
                                          datetime(2026, 12, 2, 10, 30, tzinfo=CONTRACT_TZ))
        assert [e.ical_uid for e in events] == ["contract-timed@calcheck.test", "contract-utc@calcheck.test"]
