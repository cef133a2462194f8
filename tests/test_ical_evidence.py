"""An invitation's evidence is its event's own DTSTART line, never the VTIMEZONE's placeholder."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from calcheck.extract import Context, extract
from calcheck.extract.ical import from_calendars
from calcheck.model import RawMail
from calcheck.reading import read_message

TZ = ZoneInfo("Asia/Tokyo")
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=TZ)
DATA = Path(__file__).parent / "data" / "extract"

# Outlook and Teams put the VTIMEZONE (with its "DTSTART:16010101T000000" rules) before the VEVENT.
VTIMEZONE = ("BEGIN:VTIMEZONE\r\nTZID:Tokyo Standard Time\r\nBEGIN:STANDARD\r\nDTSTART:16010101T000000\r\n"
             "TZOFFSETFROM:+0900\r\nTZOFFSETTO:+0900\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n")


def test_a_teams_invitation_gives_its_events_start_line_as_evidence() -> None:
    raw = (DATA / "teams-request-vtimezone-before-event.eml").read_bytes()
    appt = extract(read_message(RawMail("teams", raw)), Context(now=NOW, tz=TZ))
    assert appt is not None
    assert appt.start == datetime(2026, 12, 11, 10, 0, tzinfo=TZ)
    assert appt.evidence == "DTSTART;TZID=Tokyo Standard Time:20261211T100000"


def test_the_start_of_an_alarm_or_an_exception_is_not_the_events() -> None:
    cal = ("BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\n" + VTIMEZONE
           + "BEGIN:VEVENT\r\nUID:series-1\r\nRECURRENCE-ID;TZID=Tokyo Standard Time:20261218T100000\r\n"
             "DTSTART;TZID=Tokyo Standard Time:20261218T130000\r\nEND:VEVENT\r\n"
             "BEGIN:VEVENT\r\nUID:series-1\r\nBEGIN:VALARM\r\nTRIGGER:-PT15M\r\nDTSTART:19700101T000000\r\n"
             "END:VALARM\r\nDTSTART;TZID=Tokyo Standard Time:20261211T100000\r\n"
             "RRULE:FREQ=WEEKLY;COUNT=4\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    appt = from_calendars((cal,), TZ, NOW).appointment
    assert appt is not None
    assert appt.evidence == "DTSTART;TZID=Tokyo Standard Time:20261211T100000"


def test_a_file_icalendar_cannot_parse_is_read_from_its_events_lines_not_the_time_zones() -> None:
    # Cut off before END:VCALENDAR: icalendar refuses it, the line reader takes over.
    cal = ("BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\n" + VTIMEZONE
           + "BEGIN:VEVENT\r\nUID:cut-1\r\nDTSTART;TZID=Tokyo Standard Time:20261211T100000\r\n"
             "DTEND;TZID=Tokyo Standard Time:20261211T113000\r\n")
    result = from_calendars((cal,), TZ, NOW)
    assert result.appointment is not None
    assert (result.appointment.start, result.appointment.end) == (datetime(2026, 12, 11, 10, 0, tzinfo=TZ),
                                                                  datetime(2026, 12, 11, 11, 30, tzinfo=TZ))
    assert result.appointment.evidence == "DTSTART;TZID=Tokyo Standard Time:20261211T100000"
    assert result.appointment.uid == "cut-1"
