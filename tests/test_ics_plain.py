"""Lone events read the short way (ics_plain) give exactly what icalendar + recurring-ical-events give."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from calcheck.calendars import ics
from calcheck.calendars import ics_plain as plain
from calcheck.errors import CalendarError
from calcheck.model import CalendarEvent

DATA = Path(__file__).parent / "data"
WILD = Path(__file__).resolve().parents[2] / "shared" / "wild-mail" / "ics"
TOKYO = ZoneInfo("Asia/Tokyo")
NEW_YORK = ZoneInfo("America/New_York")
UTC = ZoneInfo("UTC")

WINDOWS = [
    (datetime(2026, 11, 1, tzinfo=TOKYO), datetime(2027, 2, 1, tzinfo=TOKYO)),
    (datetime(1990, 1, 1, tzinfo=UTC), datetime(2035, 1, 1, tzinfo=UTC)),
    (datetime(2026, 12, 1, 10, tzinfo=NEW_YORK), datetime(2026, 12, 1, 10, tzinfo=NEW_YORK)),
    (datetime(2026, 12, 1, tzinfo=TOKYO), datetime(2026, 12, 2, tzinfo=TOKYO)),
]


Reading = tuple[list[str], list[str]]


def _read_ahead(data: bytes, tz: ZoneInfo, owner: str | None) -> ics._Reading:
    """What IcsFileCalendar.prepare() keeps for the next events() call."""
    reading = ics._Reading(data, tz, owner, "f")
    reading.read_ahead()
    return reading


def _both(data: bytes, window: tuple[datetime, datetime], tz: ZoneInfo, owner: str | None,
          caplog: pytest.LogCaptureFixture) -> tuple[Reading, Reading]:
    """What the usual way and read_events give: events (with their zones) and log messages.

    read_events must also agree with itself when everything that needs no window was done first.
    """
    start, end = window
    results = []
    for read in (lambda: ics.expand(ics.parse_calendar(data, "f"), start, end, tz, owner, name="f"),
                 lambda: ics.read_events(data, start, end, tz, owner, name="f"),
                 lambda: _read_ahead(data, tz, owner).events(start, end)):
        caplog.clear()
        try:
            out = [f"{e!r} {e.start.tzinfo!r} {e.end.tzinfo if e.end else None!r}" for e in read()]
        except Exception as exc:  # the error is part of what must agree
            out = [f"raises {type(exc).__name__}: {exc}"]
        results.append((out, [r.getMessage() for r in caplog.records]))
    assert results[2] == results[1]
    return results[0], results[1]


def _events(read: Callable[..., list[CalendarEvent]], *args: Any, **kwargs: Any) -> list[str]:
    try:
        events = read(*args, **kwargs)
    except Exception as exc:
        return [f"raises {type(exc).__name__}: {exc}"]
    return [f"{e!r} {e.start.tzinfo!r} {e.end.tzinfo if e.end else None!r}" for e in events]


def _files() -> list[Path]:
    files = sorted(DATA.rglob("*.ics"))
    return files + (sorted(WILD.glob("*.ics")) if WILD.is_dir() else [])


def _serves_every_window_alike(data: bytes) -> None:
    # What a reading remembers (failures too) must not depend on the window that asked first.
    edge = (datetime(2026, 11, 30, 22, tzinfo=UTC), datetime(2026, 12, 1, 1, tzinfo=UTC))
    for tz, owner in ((TOKYO, None), (NEW_YORK, "owner@example.jp")):
        try:
            reading = _read_ahead(data, tz, owner)
        except Exception:  # noqa: S112 - a file that fails fails every window alike, as checked below
            continue
        for start, end in [edge, *reversed(WINDOWS), *WINDOWS]:
            assert _events(reading.events, start, end) == _events(
                ics.read_events, data, start, end, tz, owner, name="f"), (start, end, tz)


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.name)
def test_one_reading_serves_every_window_alike(path: Path) -> None:
    _serves_every_window_alike(path.read_bytes())


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.name)
def test_every_calendar_reads_as_before(path: Path, caplog: pytest.LogCaptureFixture) -> None:
    data = path.read_bytes()
    with caplog.at_level(logging.DEBUG, logger="calcheck.calendars.ics"):
        for window in WINDOWS:
            for tz, owner in ((TOKYO, None), (NEW_YORK, "owner@example.jp")):
                old, new = _both(data, window, tz, owner, caplog)
                assert new == old, (window, tz, owner)


def _calendar(*events: str, head: str = "") -> bytes:
    body = "".join(f"BEGIN:VEVENT\n{e.strip()}\nEND:VEVENT\n" for e in events)
    text = f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:t\n{head}{body}END:VCALENDAR\n"
    return text.replace("\n", "\r\n").encode()


TRICKY = {
    "duration and end before start": _calendar(
        "UID:a\nDTSTART;TZID=America/New_York:20261101T013000\nDURATION:PT2H",
        "UID:b\nDTSTART;TZID=Asia/Tokyo:20261201T120000\nDTEND;TZID=Asia/Tokyo:20261201T100000",
        "UID:c\nDTSTART;VALUE=DATE:20261201\nDURATION:PT12H",
        "UID:d\nDTSTART:20261201T100000Z\nDTEND;TZID=Asia/Tokyo:20261201T200000"),
    "zero length, all day, floating": _calendar(
        "UID:a\nDTSTART;TZID=Asia/Tokyo:20261201T000000",
        "UID:b\nDTSTART;VALUE=DATE:20261201\nDTEND;VALUE=DATE:20261203",
        "UID:c\nDTSTART:20261201T090000\nDTEND:20261201T100000\nSTATUS:CANCELLED",
        "UID:d\nDTSTART;TZID=Asia/Tokyo;VALUE=DATE:20261201"),
    "x-wr-timezone moves floating and utc times": _calendar(
        "UID:a\nDTSTART:20261201T090000\nDTEND:20261201T100000",
        "UID:b\nDTSTART:20261201T090000Z\nDTEND:20261201T100000Z",
        "UID:c\nDTSTART;VALUE=DATE-TIME:20261201T090000\nDURATION:PT1H",
        head="X-WR-TIMEZONE:America/New_York\n"),
    "shared uids, a series and odd zones stay with the libraries": _calendar(
        "UID:s\nDTSTART;TZID=Asia/Tokyo:20261201T100000",
        "UID:s\nDTSTART;TZID=Asia/Tokyo:20261202T100000",
        "UID:r\nDTSTART;TZID=Asia/Tokyo:20261201T100000\nRRULE:FREQ=DAILY;COUNT=3",
        "UID:r\nRECURRENCE-ID;TZID=Asia/Tokyo:20261202T100000\nDTSTART;TZID=Asia/Tokyo:20261202T150000",
        "UID:w\nDTSTART;TZID=Tokyo Standard Time:20261201T100000",
        "UID:x\\,y\nDTSTART:20261201T100000Z", "UID:x,y\nDTSTART:20261201T110000Z"),
    "broken values": _calendar(
        "UID:a\nDTSTART:2026-12-45T10:00", "UID:b\nDTSTART:20261201T100000\nSEQUENCE:x",
        "UID:c\nDTSTART:20261201T100000\nDURATION:bad", "UID:d\nSUMMARY:no start",
        "UID:e\nDTSTART:20261201T100000\nGEO:bad\nCREATED:bad"),
    "a bad alarm fails the file either way": _calendar(
        "UID:a\nDTSTART:20261201T100000\nBEGIN:VALARM\nACTION:DISPLAY\nTRIGGER:bad\nEND:VALARM"),
    "a good alarm": _calendar(
        "UID:a\nDTSTART:20261201T100000\nBEGIN:VALARM\nACTION:DISPLAY\nTRIGGER:-PT10M\nEND:VALARM"),
    "attendees and the owner": _calendar(
        "UID:a\nDTSTART:20261201T100000Z\nATTENDEE;CN=\"A, B\";PARTSTAT=DECLINED:MAILTO:Owner@Example.JP",
        "UID:b\nDTSTART:20261201T100000Z\nORGANIZER;CN=Boss:mailto:b@x.jp\nATTENDEE:mailto:c@x.jp\n"
        "ATTENDEE;CN=D:mailto:d@x.jp\nLOCATION:R\\;1\nLOCATION:R2\nDESCRIPTION:a\\nb\nURL:https://x/"),
}


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_tricky_events_read_as_before(name: str, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="calcheck.calendars.ics"):
        edge = (datetime(2026, 11, 30, 22, tzinfo=UTC), datetime(2026, 12, 1, 1, tzinfo=UTC))
        for window in [*WINDOWS, edge]:
            for tz, owner in ((TOKYO, "owner@example.jp"), (NEW_YORK, None)):
                old, new = _both(TRICKY[name], window, tz, owner, caplog)
                assert new == old, (window, tz, owner)


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_one_reading_serves_every_window_alike_tricky(name: str) -> None:
    _serves_every_window_alike(TRICKY[name])


def test_a_plain_calendar_is_taken_the_short_way() -> None:
    lines = ics.repair_lines(TRICKY["zero length, all day, floating"].decode(), "f")
    plan = plain.lone_vevents(lines)
    assert plan is not None
    assert len(plan.blocks) == 4
    cancel = _calendar("UID:a", head="METHOD:CANCEL\n").decode()
    assert plain.lone_vevents(ics.repair_lines(cancel, "f")) is None
    start = datetime(2026, 11, 1, tzinfo=TOKYO)
    events = ics.read_events(TRICKY["zero length, all day, floating"], start, start + timedelta(60), TOKYO)
    assert len(events) == 3


def test_without_the_short_way_the_usual_way_reads_every_event(monkeypatch: pytest.MonkeyPatch) -> None:
    # what happens when a library release moves a helper ics_plain imports
    start = datetime(2026, 11, 1, tzinfo=TOKYO)
    data = TRICKY["zero length, all day, floating"]
    short = ics.read_events(data, start, start + timedelta(60), TOKYO)
    monkeypatch.setattr(ics, "plain", None)
    assert ics.read_events(data, start, start + timedelta(60), TOKYO) == short
    assert len(short) == 3


def test_prepare_reads_ahead_for_the_next_events_call_only(tmp_path: Path,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "c.ics"
    path.write_bytes(TRICKY["zero length, all day, floating"].replace(b"UID:b", b"UID:b\r\nno colon"))
    start = datetime(2026, 11, 1, tzinfo=TOKYO)
    calendar = ics.IcsFileCalendar(path, tz=TOKYO)
    before = calendar.events(start, start + timedelta(60))
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="calcheck.calendars.ics"):
        calendar.prepare()
        calendar.prepare()  # idempotent: the file is read once
    assert [r.getMessage() for r in caplog.records] == [
        f"ics:{path}: line 10 is not an iCalendar content line, ignored: 'no colon'"]
    path.write_bytes(_calendar("UID:z\nDTSTART:20261201T100000Z"))
    assert calendar.events(start, start + timedelta(60)) == before  # what prepare() read
    assert [e.id for e in calendar.events(start, start + timedelta(60))] == ["z"]  # afresh, as ever


def test_prepare_keeps_a_failure_for_events_to_raise(tmp_path: Path) -> None:
    path = tmp_path / "c.ics"
    path.write_bytes(b"not a calendar")
    calendar = ics.IcsFileCalendar(path, tz=TOKYO)
    start = datetime(2026, 11, 1, tzinfo=TOKYO)
    with pytest.raises(CalendarError) as usual:
        calendar.events(start, start + timedelta(60))
    calendar.prepare()
    with pytest.raises(CalendarError) as prepared:
        calendar.events(start, start + timedelta(60))
    assert str(prepared.value) == str(usual.value)
    path.unlink()
    calendar.prepare()
    with pytest.raises(CalendarError, match="cannot read it"):
        calendar.events(start, start + timedelta(60))
