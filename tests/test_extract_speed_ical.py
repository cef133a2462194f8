"""The plain-invitation reader (ical_plain) gives what icalendar's parse gives, wherever it answers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from calcheck.extract import ical
from calcheck.extract.ical import CalendarResult, from_calendars
from calcheck.model import RawMail
from calcheck.reading import read_message

_DATA = Path(__file__).parent / "data"
_WILD = Path("/work/shared/wild-mail")
_PB2K = Path("/tmp/pb2k/Maildir")  # noqa: S108 - the speed work's 2,000-message mailbox
_TZ = ZoneInfo("Asia/Tokyo")
_NOW = datetime(2026, 11, 20, 9, 0, tzinfo=_TZ)


def _parts(root: Path) -> Iterator[tuple[str, str]]:
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        if path.suffix == ".ics":
            yield path.name, path.read_text(errors="replace")
        elif path.suffix == ".eml" or path.parent.name in ("cur", "new"):
            mail = read_message(RawMail(ref=str(path), data=path.read_bytes()))
            for i, text in enumerate(mail.calendars):
                yield f"{path.name}#{i}", text


def _both(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[CalendarResult, CalendarResult, bool]:
    """The result with the plain reader, the one with icalendar alone, and whether the reader answered."""
    answered: list[bool] = []
    real = ical.plain_times

    def spy(raw: list[tuple[str, str, str]], tz: ZoneInfo) -> object:
        out = real(raw, tz)
        answered.append(out is not None)
        return out

    with monkeypatch.context() as m:
        m.setattr(ical, "plain_times", spy)
        fast = from_calendars((text,), _TZ, _NOW)
    with monkeypatch.context() as m:
        m.setattr(ical, "plain_times", lambda raw, tz: None)
        slow = from_calendars((text,), _TZ, _NOW)
    return fast, slow, any(answered)


@pytest.mark.parametrize("root", [_DATA, _WILD, _PB2K], ids=["tests-data", "wild-mail", "pb2k"])
def test_plain_reader_agrees_with_icalendar(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not root.exists():
        pytest.skip(f"{root} is absent")
    seen = answered = 0
    for name, text in _parts(root):
        fast, slow, used = _both(text, monkeypatch)
        assert fast == slow, name
        seen, answered = seen + 1, answered + used
    assert seen
    if root != _WILD:  # the generated invitations are all plain
        assert answered


_PLAIN = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Example//EN
METHOD:REQUEST
BEGIN:VEVENT
UID:inv-1@example.jp
DTSTAMP:20261119T211700Z
DTSTART;TZID=Asia/Tokyo:20261225T153000
DTEND;TZID=Asia/Tokyo:20261225T173000
SUMMARY:打合せ
ORGANIZER;CN=松永 悠:mailto:m@example.jp
ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:h@example.jp
END:VEVENT
END:VCALENDAR
"""

# Each variant either stays plain (and must agree) or must be left to icalendar.
_VARIANTS = {
    "plain": ("", "", True),
    "utc": ("DTSTART;TZID=Asia/Tokyo:20261225T153000", "DTSTART:20261225T063000Z", True),
    "floating": ("DTEND;TZID=Asia/Tokyo:20261225T173000", "DTEND:20261225T173000", True),
    "windows zone": ("Asia/Tokyo:20261225T153000", "Tokyo Standard Time:20261225T153000", False),
    "abbreviation zone": ("Asia/Tokyo:20261225T153000", "JST:20261225T153000", True),
    "unknown zone": ("Asia/Tokyo:20261225T153000", "Mars/Olympus:20261225T153000", False),
    "zone and Z": ("DTSTART;TZID=Asia/Tokyo:20261225T153000", "DTSTART;TZID=Asia/Tokyo:20261225T153000Z",
                   False),
    "all day": ("DTSTART;TZID=Asia/Tokyo:20261225T153000", "DTSTART;VALUE=DATE:20261225", False),
    "no end": ("DTEND;TZID=Asia/Tokyo:20261225T173000\n", "", True),
    "no start": ("DTSTART;TZID=Asia/Tokyo:20261225T153000\n", "", False),
    "no uid": ("UID:inv-1@example.jp\n", "", True),
    "escaped uid": ("UID:inv-1@example.jp", "UID:inv\\,1@example.jp", False),
    "bad hour": ("20261225T153000\nDTEND", "20261225T253000\nDTEND", False),
    "confirmed": ("SUMMARY:", "STATUS:CONFIRMED\nSUMMARY:", True),
    "cancelled": ("SUMMARY:", "STATUS:CANCELLED\nSUMMARY:", False),
    "recurring": ("SUMMARY:", "RRULE:FREQ=WEEKLY\nSUMMARY:", False),
    "duration": ("DTEND;TZID=Asia/Tokyo:20261225T173000", "DURATION:PT1H", False),
    "alarm": ("END:VEVENT", "BEGIN:VALARM\nACTION:DISPLAY\nTRIGGER:-PT15M\nEND:VALARM\nEND:VEVENT", False),
    "two starts": ("SUMMARY:", "DTSTART:20261226T100000\nSUMMARY:", False),
    "calendar parameter": ("PRODID:", "PRODID;X-A=1:", False),
    "value parameter": ("SUMMARY:", "SUMMARY;VALUE=TEXT:", False),
    "unknown property": ("SUMMARY:", "GEO:35.6;139.7\nSUMMARY:", False),
    "x property": ("SUMMARY:", "X-MICROSOFT-CDO-BUSYSTATUS:BUSY\nSUMMARY:", True),
    "no method": ("METHOD:REQUEST\n", "", True),
}


@pytest.mark.parametrize("name", sorted(_VARIANTS))
def test_plain_reader_variants(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    old, new, plain = _VARIANTS[name]
    text = _PLAIN.replace(old, new, 1) if old else _PLAIN
    assert old == "" or old in _PLAIN
    fast, slow, used = _both(text, monkeypatch)
    assert used == plain
    assert fast == slow
    if name == "plain":
        assert fast.appointment is not None
        assert fast.appointment.start == datetime(2026, 12, 25, 15, 30, tzinfo=_TZ)
