"""Invitations: the calendar part decides, in the zone its TZID names, never as UTC."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from calcheck.extract import Context, extract
from calcheck.extract.ical import cancelled_uids, from_calendars
from calcheck.model import MailMessage, RawMail
from calcheck.reading import read_message

TZ = ZoneInfo("Asia/Tokyo")
CTX = Context(now=datetime(2026, 5, 1, 9, 0, tzinfo=TZ), tz=TZ)
DATA = Path(__file__).parent / "data" / "extract"
WILD = Path(__file__).resolve().parents[2] / "shared" / "wild-mail"


def vcal(method: str, *event: str, extra: str = "") -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//calcheck tests//EN"]
    if method:
        lines.append(f"METHOD:{method}")
    lines += [extra] if extra else []
    lines += ["BEGIN:VEVENT", "UID:test-uid-1@example.org", "DTSTAMP:20260420T000000Z", *event,
              "SUMMARY:Review", "END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(x for x in lines if x) + "\r\n"


def mail(*calendars: str, text: str = "") -> MailMessage:
    return MailMessage(ref="t", message_id="<i@example.org>", subject="Invitation", sender_name="",
                       sender_addr="o@example.org", date=datetime(2026, 4, 20, 12, 0, tzinfo=TZ),
                       new_text=text, calendars=calendars)


WINDOWS_VTZ = ("BEGIN:VTIMEZONE\r\nTZID:{name}\r\nBEGIN:STANDARD\r\nDTSTART:16010101T000000\r\n"
               "TZOFFSETFROM:+0000\r\nTZOFFSETTO:+0000\r\nEND:STANDARD\r\nEND:VTIMEZONE")


@pytest.mark.parametrize(("tzid", "wall", "instant"), [
    ("Tokyo Standard Time", "20260512T150000", "2026-05-12T15:00:00+09:00"),
    ("Pacific Standard Time", "20260512T090000", "2026-05-13T01:00:00+09:00"),  # PDT in May
    ("W. Europe Standard Time", "20260512T100000", "2026-05-12T17:00:00+09:00"),  # CEST
    ("Singapore Standard Time", "20260512T100000", "2026-05-12T11:00:00+09:00"),
])
def test_windows_tzid_is_read_in_its_iana_zone_not_in_its_vtimezone(tzid: str, wall: str,
                                                                     instant: str) -> None:
    # the VTIMEZONE says +0000, as broken Outlook exports do; the name is the better witness
    cal = vcal("REQUEST", f"DTSTART;TZID={tzid}:{wall}", extra=WINDOWS_VTZ.format(name=tzid))
    appt = extract(mail(cal), CTX)
    assert appt is not None
    assert appt.start == datetime.fromisoformat(instant)
    assert appt.source == "calendar"
    assert appt.uid == "test-uid-1@example.org"


def test_custom_tzid_uses_its_vtimezone() -> None:
    vtz = ("BEGIN:VTIMEZONE\r\nTZID:Custom Plus Five\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n"
           "TZOFFSETFROM:+0500\r\nTZOFFSETTO:+0500\r\nEND:STANDARD\r\nEND:VTIMEZONE")
    cal = vcal("PUBLISH", "DTSTART;TZID=Custom Plus Five:20260512T100000",
               "DTEND;TZID=Custom Plus Five:20260512T110000", extra=vtz)
    appt = extract(mail(cal), CTX)
    assert appt is not None
    assert appt.start == datetime.fromisoformat("2026-05-12T14:00:00+09:00")
    assert appt.end == datetime.fromisoformat("2026-05-12T15:00:00+09:00")


def test_utc_time_is_an_instant() -> None:
    appt = extract(mail(vcal("REQUEST", "DTSTART:20260512T060000Z", "DURATION:PT30M")), CTX)
    assert appt is not None
    assert appt.start == datetime(2026, 5, 12, 15, 0, tzinfo=TZ)
    assert appt.end == datetime(2026, 5, 12, 15, 30, tzinfo=TZ)


@pytest.mark.parametrize("dtstart", ["DTSTART:20260512T100000",
                                     "DTSTART;TZID=Nowhere/Unknown:20260512T100000"])
def test_floating_or_unknown_zone_is_wall_clock_in_the_owner_zone(dtstart: str) -> None:
    appt = extract(mail(vcal("PUBLISH", dtstart)), CTX)
    assert appt is not None
    assert appt.start == datetime(2026, 5, 12, 10, 0, tzinfo=TZ)


def test_cancel_yields_nothing_even_when_the_text_has_a_date() -> None:
    cal = vcal("CANCEL", "DTSTART;TZID=Asia/Tokyo:20260512T100000", "STATUS:CANCELLED")
    assert extract(mail(cal, text="5月12日（火）10:00の打合せは中止となりました。"), CTX) is None
    assert cancelled_uids((cal,)) == ["test-uid-1@example.org"]


def test_reply_is_not_a_confirmation() -> None:
    assert extract(mail(vcal("REPLY", "DTSTART;TZID=Asia/Tokyo:20260512T100000")), CTX) is None


def test_all_day_invitation_has_no_start_time() -> None:
    result = from_calendars((vcal("PUBLISH", "DTSTART;VALUE=DATE:20260512"),), TZ, CTX.now)
    assert result.appointment is None


def test_recurring_invitation_gives_the_next_occurrence() -> None:
    cal = vcal("REQUEST", "DTSTART;TZID=Asia/Tokyo:20260406T100000", "DTEND;TZID=Asia/Tokyo:20260406T103000",
               "RRULE:FREQ=WEEKLY;COUNT=10")
    appt = extract(mail(cal), CTX)
    assert appt is not None
    assert appt.start == datetime(2026, 5, 4, 10, 0, tzinfo=TZ)
    assert appt.end == datetime(2026, 5, 4, 10, 30, tzinfo=TZ)


def test_broken_lines_are_repaired() -> None:
    cal = vcal("REQUEST", "DTSTART;;TZID=Asia/Tokyo:20260512T100000")
    cal = cal.replace("END:VEVENT", "garbage\r\nEND:VEVENT")
    appt = extract(mail(cal), CTX)
    assert appt is not None
    assert appt.start == datetime(2026, 5, 12, 10, 0, tzinfo=TZ)


def test_invitation_mail_bytes_end_to_end() -> None:
    raw = (DATA / "outlook-request-tokyo-standard-time.eml").read_bytes()
    appt = extract(read_message(RawMail("t", raw)), CTX)
    assert appt is not None
    assert appt.start == datetime(2026, 6, 3, 16, 0, tzinfo=TZ)
    assert appt.end == datetime(2026, 6, 3, 16, 45, tzinfo=TZ)
    assert appt.uid == "040000008200E00074C5B7101A82E0080000000077aa@example.org"


def _wild_cases() -> list[dict[str, str]]:
    manifest = WILD / "MANIFEST.json"
    if not manifest.is_file():
        return []
    entries = json.loads(manifest.read_text(encoding="utf-8"))
    entries = entries if isinstance(entries, list) else entries.get("files", [])
    return [e for e in entries if e["kind"] == "ics" and str(e.get("expected_start") or "").count("T")
            and e.get("method") != "CANCEL"]


@pytest.mark.skipif(not WILD.is_dir(), reason="shared wild-mail fixtures not present")
@pytest.mark.parametrize("entry", _wild_cases(), ids=lambda e: e["file"][4:40])
def test_wild_ics_start_matches_the_hand_worked_instant(entry: dict[str, str]) -> None:
    text = (WILD / entry["file"]).read_bytes().decode("utf-8", "replace")
    result = from_calendars((text,), TZ, datetime(2000, 1, 1, tzinfo=TZ))
    assert result.appointment is not None, result.notes
    assert result.appointment.start == datetime.fromisoformat(entry["expected_start"])
