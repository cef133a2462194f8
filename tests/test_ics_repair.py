"""The short cuts of the ics reader give what the general rules give.

- repair_lines works out each property head once; split_content_line, line by line, is the rule.
- Decoder.plain keeps only what is read of icalendar's value object (Decoder.value).
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from icalendar.prop import vCalAddress, vText

from calcheck.calendars import ics_plain as plain
from calcheck.calendars import ics_repair

DATA = Path(__file__).parent / "data"
WILD = Path(__file__).resolve().parents[2] / "shared" / "wild-mail" / "ics"

ODD_LINES = "\r\n".join([
    "BEGIN:VCALENDAR", "", "   ", "\t", "no colon here", ":starts with a colon", " DTSTART:20261201",
    "X-A;;;B=1:v", 'ATTENDEE;CN="A: B";ROLE=X:mailto:a@x', 'ATTENDEE;CN="unclosed:mailto:a@x',
    'X-Q;P="a":b:c', "x-lower;p=1:v", "DTSTART;;TZID=Asia/Tokyo: 20261201T100000 ", "DTSTART:dup",
    "RRULE: FREQ=DAILY\\;COUNT=2 ", "EXDATE:20131210Z,20131211Z", "BAD NAME:v", "X-\u00e9:v",
    "SUMMARY:a:b;c", "END:VCALENDAR", "",
])


def _files() -> list[Path]:
    files = sorted(DATA.rglob("*.ics"))
    return files + (sorted(WILD.glob("*.ics")) if WILD.is_dir() else [])


def _general(line: str, heads: dict[str, Any]) -> ics_repair.Line | None:
    """What _parts gives, by the general rule for every line."""
    parts = ics_repair.split_content_line(line)
    if parts is None:
        return None
    prop, params, value = parts
    return prop.upper(), prop, ics_repair._mend(params), value


def _repaired(text: str, caplog: pytest.LogCaptureFixture) -> tuple[list[ics_repair.Line], list[str]]:
    caplog.clear()
    lines = ics_repair.repair_lines(text, "f")
    return lines, [r.getMessage() for r in caplog.records]


@pytest.mark.parametrize("text", [ODD_LINES, *(p.read_bytes().decode("utf-8", "replace") for p in _files())],
                         ids=["odd lines", *(p.name for p in _files())])
def test_repair_by_heads_is_the_general_rule(text: str, caplog: pytest.LogCaptureFixture,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    with caplog.at_level(logging.DEBUG, logger="calcheck.calendars.ics"):
        fast = _repaired(text, caplog)
        monkeypatch.setattr(ics_repair, "_parts", _general)
        assert _repaired(text, caplog) == fast


def _read(value: Any) -> Any:
    """What anyone reads of a property value: a date's .dt, a TEXT's text, else text and parameters."""
    if isinstance(value, list):
        return [_read(v) for v in value]
    if hasattr(value, "dt"):
        dt = value.dt
        return (type(dt), dt, dt.tzinfo if isinstance(dt, datetime) else None)
    if type(value) in (str, vText):  # only the text of a TEXT value is read
        return ("text", str(value))
    if type(value) in (plain._Address, vCalAddress):  # and the text and parameters of an address
        return ("address", str(value), dict(value.params))
    return (type(value), str(value), dict(getattr(value, "params", {})))


def _outcome(decode: Any, line: ics_repair.Line) -> Any:
    try:
        return _read(decode(*line))
    except Exception as exc:
        return f"raises {type(exc).__name__}: {exc}"


VALUES = [
    "DTSTART:20261201T100000", "DTSTART:20261201T100000Z", "DTSTART;VALUE=DATE:20261201",
    "DTSTART;TZID=Asia/Tokyo:20261201T100000", "DTSTART;TZID=Asia/Tokyo:20261201",
    "DTSTART;TZID=Tokyo Standard Time:20261201T100000", "DTSTART:2026-12-45T10:00", "DTSTART:100000",
    "DTSTART;VALUE=PERIOD:20261201T100000Z/PT1H", "DTEND:20261201T100000\\,x", "DURATION:PT1H30M",
    "DURATION:-P1D", "DURATION:bad", "SUMMARY:a\\, b\\; c\\nd\\\\e", "SUMMARY;LANGUAGE=ja:会議",
    "SUMMARY;VALUE=URI:http://x/", "UID:x\\,y", "STATUS:CANCELLED", "LOCATION:", "URL:https://x/?a=b",
    "ATTENDEE;CN=\"A, B\";PARTSTAT=DECLINED:mailto:a@x.jp", "ORGANIZER:mailto:b@x.jp",
    "ATTENDEE:mailto:a@x.jp\\nb", "ATTENDEE;VALUE=TEXT:mailto:a@x.jp", "ORGANIZER;CN=\\,:x",
    "SEQUENCE:2", "SEQUENCE:x", "DESCRIPTION;ALTREP=\"cid:x\":text",
]


def _value_lines() -> list[ics_repair.Line]:
    lines = []
    for text in VALUES:
        parts = ics_repair.split_content_line(text)
        assert parts is not None
        lines.append((parts[0].upper(), *parts))
    return lines


@pytest.mark.parametrize("lines", [_value_lines(), *(ics_repair.repair_lines(p.read_bytes().decode(
    "utf-8", "replace"), "f") for p in _files())], ids=["values", *(p.name for p in _files())])
def test_plain_values_are_what_is_read_of_icalendars(lines: list[ics_repair.Line]) -> None:
    for line in lines:
        if line[0] in plain._READ:
            assert _outcome(plain.Decoder().plain, line) == _outcome(plain.Decoder().value, line), line


def test_plain_keeps_only_dates_date_times_and_durations_as_dt() -> None:
    decoder = plain.Decoder()
    assert type(decoder.plain("SUMMARY", "SUMMARY", "", "a\\,b")) is str
    for raw, kind in (("20261201T100000", datetime), ("20261201", date), ("PT1H", timedelta)):
        assert type(decoder.plain("DTSTART", "DTSTART", "", raw)) is plain._Dt
        assert type(decoder.plain("DTSTART", "DTSTART", "", raw).dt) is kind
    period = decoder.plain("DTSTART", "DTSTART", ";VALUE=PERIOD", "20261201T100000Z/PT1H")
    assert type(period) is not plain._Dt


def test_folded_lines_are_unfolded_and_unfolded_text_left_alone() -> None:
    folded = "BEGIN:VCALENDAR\r\nSUMMARY:a\r\n b\r\nDESCRIPTION:c\n\td\nUID:x \r\n\r\nEND:VCALENDAR"
    assert ics_repair.repair_lines(folded, "f") == [
        ("BEGIN", "BEGIN", "", "VCALENDAR"), ("SUMMARY", "SUMMARY", "", "ab"),
        ("DESCRIPTION", "DESCRIPTION", "", "cd"), ("UID", "UID", "", "x "), ("END", "END", "", "VCALENDAR")]
    assert ics_repair.repair_lines(folded.replace("\r\n ", "").replace("\n\t", ""), "f") == \
        ics_repair.repair_lines(folded, "f")
