"""Time-zone names as mail writes them: Windows TZIDs, abbreviations, "Tokyo time".

Windows names ("Tokyo Standard Time") come from Outlook and Exchange invitations. The common
ones are listed here from CLDR's windowsZones.xml (territory 001); anything else falls back
to the full CLDR table icalendar ships. Abbreviations are ambiguous in general (CST is China
as well as Chicago); the table picks the reading a business mail to a Japanese office most
likely means and uses the region's zone, so a "PST" date in July still gets its real offset.
"""

from __future__ import annotations

import importlib
import re
from datetime import timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

WINDOWS = {
    "Tokyo Standard Time": "Asia/Tokyo",
    "Korea Standard Time": "Asia/Seoul",
    "China Standard Time": "Asia/Shanghai",
    "Taipei Standard Time": "Asia/Taipei",
    "Singapore Standard Time": "Asia/Singapore",
    "SE Asia Standard Time": "Asia/Bangkok",
    "India Standard Time": "Asia/Kolkata",
    "AUS Eastern Standard Time": "Australia/Sydney",
    "New Zealand Standard Time": "Pacific/Auckland",
    "UTC": "UTC",
    "GMT Standard Time": "Europe/London",
    "Greenwich Standard Time": "Atlantic/Reykjavik",
    "W. Europe Standard Time": "Europe/Berlin",
    "Romance Standard Time": "Europe/Paris",
    "Central Europe Standard Time": "Europe/Budapest",
    "Central European Standard Time": "Europe/Warsaw",
    "FLE Standard Time": "Europe/Kiev",
    "E. Europe Standard Time": "Europe/Chisinau",
    "GTB Standard Time": "Europe/Bucharest",
    "Russian Standard Time": "Europe/Moscow",
    "Eastern Standard Time": "America/New_York",
    "Central Standard Time": "America/Chicago",
    "Mountain Standard Time": "America/Denver",
    "US Mountain Standard Time": "America/Phoenix",
    "Pacific Standard Time": "America/Los_Angeles",
    "Alaskan Standard Time": "America/Anchorage",
    "Hawaiian Standard Time": "Pacific/Honolulu",
    "E. South America Standard Time": "America/Sao_Paulo",
    "Arabian Standard Time": "Asia/Dubai",
}

ABBREVIATIONS = {
    "JST": "Asia/Tokyo", "KST": "Asia/Seoul", "SGT": "Asia/Singapore", "HKT": "Asia/Hong_Kong",
    "IST": "Asia/Kolkata", "ICT": "Asia/Bangkok", "WIB": "Asia/Jakarta", "PHT": "Asia/Manila",
    "AEST": "Australia/Sydney", "AEDT": "Australia/Sydney", "NZST": "Pacific/Auckland",
    "NZDT": "Pacific/Auckland",
    "PST": "America/Los_Angeles", "PDT": "America/Los_Angeles", "PT": "America/Los_Angeles",
    "MST": "America/Denver", "MDT": "America/Denver", "MT": "America/Denver",
    "CST": "America/Chicago", "CDT": "America/Chicago", "CT": "America/Chicago",
    "EST": "America/New_York", "EDT": "America/New_York", "ET": "America/New_York",
    "GMT": "UTC", "UTC": "UTC", "BST": "Europe/London", "WET": "Europe/Lisbon",
    "CET": "Europe/Berlin", "CEST": "Europe/Berlin", "EET": "Europe/Helsinki",
    "EEST": "Europe/Helsinki", "MSK": "Europe/Moscow",
}

PLACES = {
    "tokyo": "Asia/Tokyo", "japan": "Asia/Tokyo", "japan standard": "Asia/Tokyo",
    "singapore": "Asia/Singapore", "hong kong": "Asia/Hong_Kong", "seoul": "Asia/Seoul",
    "korea": "Asia/Seoul", "shanghai": "Asia/Shanghai", "beijing": "Asia/Shanghai",
    "china": "Asia/Shanghai", "taipei": "Asia/Taipei", "bangkok": "Asia/Bangkok",
    "jakarta": "Asia/Jakarta", "manila": "Asia/Manila", "india": "Asia/Kolkata",
    "sydney": "Australia/Sydney", "pacific": "America/Los_Angeles",
    "eastern": "America/New_York", "central": "America/Chicago", "mountain": "America/Denver",
    "london": "Europe/London", "uk": "Europe/London", "paris": "Europe/Paris",
    "berlin": "Europe/Berlin", "central european": "Europe/Berlin",
    "日本": "Asia/Tokyo", "東京": "Asia/Tokyo",
}

_OFFSET = re.compile(r"(?:UTC|GMT)\s?([+-])\s?(\d{1,2})(?::?(\d{2}))?$", re.I)


@lru_cache(maxsize=256)
def zone(name: str) -> tzinfo | None:
    """A tzinfo for an IANA name, a Windows name, an abbreviation or ``UTC+9``; None if unknown."""
    name = name.strip().strip('"').rstrip(":").strip()
    if not name:
        return None
    m = _OFFSET.match(name)
    if m:
        return fixed_offset(m[1], m[2], m[3])
    iana = WINDOWS.get(name) or ABBREVIATIONS.get(name.upper()) or PLACES.get(name.lower())
    if iana is None and "/" not in name:
        iana = _cldr().get(name)
    if iana is None:
        iana = name
    try:
        return ZoneInfo(iana)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def fixed_offset(sign: str, hours: str, minutes: str | None) -> tzinfo | None:
    """``timezone`` for "+", "9", "30"; None when the offset is not a real one."""
    h, mi = int(hours), int(minutes or 0)
    if h > 14 or mi >= 60:
        return None
    delta = timedelta(hours=h, minutes=mi)
    return timezone(-delta if sign in "-−" else delta)


@lru_cache(maxsize=1)
def _cldr() -> dict[str, str]:
    try:
        module = importlib.import_module("icalendar.timezone.windows_to_olson")
    except ImportError:  # pragma: no cover - older icalendar without the table
        return {}
    return dict(getattr(module, "WINDOWS_TO_OLSON", {}))
