"""Calendar backends: where the owner's events come from (ics, Google, CalDAV).

:func:`open_calendar` turns a ``[calendar] source`` / ``--calendar`` spec into a backend.
"""

from __future__ import annotations

from datetime import tzinfo
from pathlib import Path
from typing import Any

from calcheck.calendars.base import Calendar
from calcheck.errors import ConfigError

ACCEPTED_SPECS = ("ics:PATH", "ics:https://URL", "google", "caldav:URL")


def open_calendar(spec: str, *, tz: tzinfo, owner: str | None = None, **backend_kwargs: Any) -> Calendar:
    """The calendar backend ``spec`` names.

    ``tz`` is the owner's zone (floating times and all-day events are read in it), ``owner`` the
    owner's address (events they declined are left out). ``backend_kwargs`` go to the backend's
    constructor (``timeout`` for an ics URL, credentials for Google and CalDAV).
    """
    kind, sep, rest = spec.partition(":")
    kind = kind.strip().lower()
    if kind == "ics" and sep and rest:
        from calcheck.calendars.ics import IcsFileCalendar, IcsUrlCalendar  # noqa: PLC0415

        if rest.lower().startswith(("http://", "https://", "webcal://")):
            return IcsUrlCalendar(rest, tz=tz, owner=owner, **backend_kwargs)
        return IcsFileCalendar(Path(rest).expanduser(), tz=tz, owner=owner, **backend_kwargs)
    if kind == "google" and not sep:
        # backend_kwargs: token_file, calendars ([google]); imported here, it loads googleapiclient.
        from calcheck.calendars.google import open_google  # noqa: PLC0415

        return open_google(tz=tz, owner=owner, **backend_kwargs)
    if kind == "caldav" and rest.lower().startswith(("http://", "https://")):
        # backend_kwargs: username, password_cmd, password_env, calendars, ca_file ([caldav]).
        from calcheck.calendars.caldav_backend import open_caldav  # noqa: PLC0415

        return open_caldav(rest, tz=tz, owner=owner, **backend_kwargs)
    raise ConfigError(f"calendar source {spec!r} is not understood; use one of: {', '.join(ACCEPTED_SPECS)}")
