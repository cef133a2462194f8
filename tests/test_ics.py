"""The ics:PATH backend: expansion, zones, damage survived, errors that name the file."""

from __future__ import annotations

import json
import logging
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from calcheck.calendars import open_calendar
from calcheck.calendars.ics import IcsFileCalendar
from calcheck.calendars.ics_url import IcsUrlCalendar
from calcheck.errors import CalendarError, ConfigError
from calendar_contract import CONTRACT_ICS, CONTRACT_OWNER, CONTRACT_TZ, CalendarContract

DATA = Path(__file__).parent / "data" / "ics"
WILD = Path(__file__).resolve().parents[2] / "shared" / "wild-mail"
TOKYO = ZoneInfo("Asia/Tokyo")
UTC = ZoneInfo("UTC")
START = datetime(2026, 11, 1, tzinfo=TOKYO)
END = datetime(2027, 2, 1, tzinfo=TOKYO)


def load(name: str, tz: ZoneInfo = TOKYO, owner: str | None = "owner@example.jp") -> IcsFileCalendar:
    return IcsFileCalendar(DATA / name, tz=tz, owner=owner)


class TestIcsFileContract(CalendarContract):
    @pytest.fixture
    def contract_calendar(self, tmp_path: Path) -> IcsFileCalendar:
        path = tmp_path / "contract.ics"
        path.write_text(CONTRACT_ICS, encoding="utf-8")
        return IcsFileCalendar(path, tz=CONTRACT_TZ, owner=CONTRACT_OWNER)


def test_windows_tzids_without_vtimezone_are_mapped_not_read_as_utc() -> None:
    events = {e.id: e for e in load("windows-tzids-no-vtimezone.ics").events(START, END)}
    assert events["win-tokyo@calcheck.test"].start == datetime(2026, 12, 1, 14, 0, tzinfo=TOKYO)
    # Quoted "Pacific Standard Time": 10:00 PST is 03:00 the next day in Tokyo.
    assert events["win-pacific@calcheck.test"].start == datetime(2026, 12, 2, 3, 0, tzinfo=TOKYO)


def test_windows_tzid_resolved_through_the_files_vtimezone() -> None:
    (event,) = load("windows-tzid-with-vtimezone.ics").events(START, END)
    assert event.start == datetime(2026, 12, 3, 10, 0, tzinfo=TOKYO)
    assert event.id == "040000008200E00074C5B7101A82E00800000000-calcheck"


def test_floating_times_follow_x_wr_timezone_and_utc_stays_an_instant() -> None:
    events = {e.id: e for e in load("floating-x-wr-timezone.ics").events(START, END)}
    new_york = ZoneInfo("America/New_York")
    assert events["floating@calcheck.test"].start == datetime(2026, 12, 1, 9, 0, tzinfo=new_york)
    assert events["utc@calcheck.test"].start == datetime(2026, 12, 1, 5, 0, tzinfo=UTC)


def test_floating_times_without_a_calendar_zone_are_read_in_the_owners_zone() -> None:
    events = {e.id: e for e in load("floating-no-zone.ics").events(START, END)}
    assert events["floating@calcheck.test"].start == datetime(2026, 12, 1, 9, 0, tzinfo=TOKYO)
    assert events["unknown-tzid@calcheck.test"].start == datetime(2026, 12, 1, 13, 0, tzinfo=TOKYO)


def test_one_bad_event_and_one_bad_series_are_skipped_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="calcheck.calendars.ics"):
        events = load("one-bad-event.ics").events(START, END)
    assert [e.id for e in events] == ["good-before@calcheck.test", "good-after@calcheck.test"]
    logged = caplog.text
    assert "bad-date@calcheck.test" in logged
    assert "bad-rrule@calcheck.test" in logged
    assert "one-bad-event.ics" in logged


def test_exporter_damage_is_repaired(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="calcheck.calendars.ics"):
        events = load("exporter-damage.ics").events(START, END)
    # ";;" in the parameters, "DTEND: ..." with a space, a second DTSTART (ignored), an escaped
    # ";" and spaces in the RRULE, a stray line "X": still a daily event of 10:00-11:00.
    assert [(e.start, e.end) for e in events] == [
        (datetime(2026, 12, 1, 10, 0, tzinfo=TOKYO), datetime(2026, 12, 1, 11, 0, tzinfo=TOKYO)),
        (datetime(2026, 12, 2, 10, 0, tzinfo=TOKYO), datetime(2026, 12, 2, 11, 0, tzinfo=TOKYO)),
    ]
    assert "repeats DTSTART" in caplog.text
    assert "not an iCalendar content line" in caplog.text


def test_declined_by_the_owner_is_left_out_whatever_the_case_of_the_address() -> None:
    events = load("declined-mixed-case.ics", owner="owner@example.jp").events(START, END)
    assert [e.id for e in events] == ["others-declined@calcheck.test"]


def test_without_an_owner_nothing_counts_as_declined() -> None:
    events = load("declined-mixed-case.ics", owner=None).events(START, END)
    assert len(events) == 2


def test_a_cancellation_file_holds_no_events() -> None:
    assert load("method-cancel.ics").events(START, END) == []


@pytest.mark.parametrize("name", ["truncated.ics", "not-icalendar.html.ics"])
def test_a_file_that_cannot_be_parsed_gives_an_error_naming_it(name: str) -> None:
    with pytest.raises(CalendarError, match=name.replace(".", r"\.")):
        load(name).events(START, END)


def test_a_missing_file_is_a_calendar_error() -> None:
    with pytest.raises(CalendarError, match="no such file"):
        IcsFileCalendar(DATA / "nope.ics", tz=TOKYO)


def test_open_calendar_understands_ics_paths_and_urls(tmp_path: Path) -> None:
    path = tmp_path / "c.ics"
    path.write_text(CONTRACT_ICS, encoding="utf-8")
    assert isinstance(open_calendar(f"ics:{path}", tz=TOKYO), IcsFileCalendar)
    cal = open_calendar("ics:https://calendar.example.com/private-abc/basic.ics", tz=TOKYO, timeout=5)
    assert isinstance(cal, IcsUrlCalendar)
    assert cal.timeout == 5
    webcal = open_calendar("ics:webcal://calendar.example.com/x.ics", tz=TOKYO)
    assert isinstance(webcal, IcsUrlCalendar)
    assert webcal.url.startswith("https://")


@pytest.mark.parametrize("spec", ["outlook", "ics:", "ftp:example", ""])
def test_open_calendar_rejects_unknown_specs_naming_the_accepted_forms(spec: str) -> None:
    with pytest.raises(ConfigError, match="ics:PATH"):
        open_calendar(spec, tz=TOKYO)


def _wild_cases() -> list[dict[str, str]]:
    manifest = WILD / "MANIFEST.json"
    if not manifest.is_file():
        return []
    return [e for e in json.loads(manifest.read_text(encoding="utf-8")) if e["file"].startswith("ics/")]


@pytest.mark.skipif(not (WILD / "ics").is_dir(), reason="../shared/wild-mail is not here")
@pytest.mark.parametrize("case", _wild_cases(), ids=lambda c: Path(c["file"]).stem)
def test_wild_calendar_files_load_with_their_expected_start(case: dict[str, str]) -> None:
    events = IcsFileCalendar(WILD / case["file"], tz=TOKYO).events(
        datetime(2000, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC))
    assert events
    want = case.get("expected_start", "")
    if want == "floating":
        local = datetime.fromisoformat(case["expected_start_local"])
        assert local.replace(tzinfo=TOKYO) in {e.start for e in events}
    elif len(want) == 10:  # a date: an all-day event
        assert any(e.all_day and e.start.date().isoformat() == want for e in events)
    elif want:
        accepted = {datetime.fromisoformat(w) for w in (want, case.get("expected_start_alt")) if w}
        assert accepted & {e.start for e in events}


def test_a_broken_vtimezone_seen_elsewhere_does_not_change_how_a_windows_tzid_is_read(tmp_path: Path) -> None:
    # icalendar caches VTIMEZONEs by TZID process-wide; this one claims Tokyo is at +0000.
    broken = (DATA / "windows-tzid-with-vtimezone.ics").read_text(encoding="utf-8").replace("+0900", "+0000")
    (tmp_path / "broken.ics").write_text(broken, encoding="utf-8")
    IcsFileCalendar(tmp_path / "broken.ics", tz=TOKYO).events(START, END)
    (event,) = load("windows-tzid-with-vtimezone.ics").events(START, END)
    assert event.start == datetime(2026, 12, 3, 10, 0, tzinfo=TOKYO)
