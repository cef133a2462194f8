"""The gates in front of matching's scans find what the full scans find (speed only)."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from calcheck import _differences, matching
from calcheck.model import Appointment, CalendarEvent

_TZ = ZoneInfo("Asia/Tokyo")


def _stated_everywhere(appt: Appointment) -> set[object]:
    """:func:`_differences._stated_zones` with no gate: the three scans over any evidence."""
    letter = _differences._LETTER
    try:
        _differences._LETTER = re.compile("")  # type: ignore[assignment]
        return _differences._stated_zones(appt)  # type: ignore[return-value]
    finally:
        _differences._LETTER = letter


def test_stated_zones_gated_as_scanned() -> None:
    rng = random.Random(7)  # noqa: S311 - a fixed seed, for tests
    pieces = ["14:00", " ", "JST", "gmt+9", "UTC-5:30", "Japan time", "Pacific Standard Time", "ｊｓｔ",
              "İST", "ıst", "eſt", "\u212aST", "午後2時", "（水）", "est", "time", "utc"]
    start = datetime(2026, 12, 1, 14, 0, tzinfo=_TZ)
    for _ in range(3000):
        evidence = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 5)))
        appt = Appointment(start=start, end=None, evidence=evidence, source="text")
        assert _outcome(_differences._stated_zones, appt) == _outcome(_stated_everywhere, appt), evidence


def _outcome(stated: Callable[[Appointment], object], appt: Appointment) -> object:
    return stated(appt)


def test_zone_look_alikes_and_offsets_past_a_day_are_no_zone_and_no_error() -> None:
    # İST, ıst, eſt, KST (Kelvin sign) match a zone word ignoring case but are no key of it;
    # "GMT+91" is no offset (its "gmt" still names UTC). Each used to raise out of the whole
    # audit's judging.
    start = datetime(2026, 12, 1, 14, 0, tzinfo=_TZ)
    jst, utc, pst = (timezone(timedelta(hours=h)) for h in (9, 0, -8))
    expected = {"14:00 İST": {jst}, "14:00 ıst": {jst}, "2pm eſt": {jst}, "14:00 \u212aST": {jst},
                "Paciſic time": {jst}, "14:00 gmt+914:00": {jst, utc}, "2pm PST": {jst, pst}}
    for evidence, zones in expected.items():
        appt = Appointment(start=start, end=None, evidence=evidence, source="text")
        assert _differences._stated_zones(appt) == zones, evidence


def test_differences_of_entries_days_apart_as_looked_at_closely() -> None:
    rng = random.Random(11)  # noqa: S311 - a fixed seed, for tests
    zones = [ZoneInfo(z) for z in ("Asia/Tokyo", "UTC", "Pacific/Kiritimati", "Etc/GMT+12",
                                   "America/Los_Angeles", "Europe/London")]
    evidence = ["", "14:00 JST", "2pm PST", "GMT+14", "UTC-12:00", "Japan time"]
    base = datetime(2026, 12, 1, 14, 0, tzinfo=_TZ)
    for _ in range(4000):
        start = base.astimezone(rng.choice(zones))
        appt = Appointment(start=start, end=start + timedelta(hours=1), evidence=rng.choice(evidence),
                           source="text")
        wall = start.replace(tzinfo=rng.choice(zones))  # the same wall-clock time, another zone
        moved = wall + timedelta(hours=rng.choice([0, 1, 24, 47, 48, 49, 72]), minutes=rng.choice([0, 30]))
        event = CalendarEvent(id="e", uid="", start=moved, end=None, summary="x",
                              all_day=rng.random() < 0.1)
        tz = rng.choice(zones)
        fast = matching.differences(appt, event, tz)
        days_apart = _differences._days_apart
        try:
            _differences._days_apart = lambda a, b: False  # type: ignore[assignment]
            assert fast == matching.differences(appt, event, tz), (start, moved)
        finally:
            _differences._days_apart = days_apart
