"""Calendar backends: where the owner's events come from (ics, Google, CalDAV).

:func:`open_calendar` turns a ``[calendar] source`` / ``--calendar`` spec into a backend;
:func:`calendar_from_config` does the same with the backend's settings and the owner's address
taken from the configuration (the CLI and the daemon both open calendars through it).
"""

from __future__ import annotations

from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from calcheck.calendars.base import Calendar
from calcheck.errors import ConfigError

if TYPE_CHECKING:
    from calcheck.config import Config

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
        from calcheck.calendars.ics import IcsFileCalendar  # noqa: PLC0415
        from calcheck.calendars.ics_url import IcsUrlCalendar  # noqa: PLC0415

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


def calendar_from_config(spec: str, config: Config, tz: tzinfo) -> Calendar:
    """The calendar ``spec`` names, with ``[google]`` / ``[caldav]`` settings and ``[owner] email``
    taken from ``config`` (the owner's address lets backends leave out the events they declined)."""
    kind = spec.partition(":")[0].strip().lower()
    settings: dict[str, Any] = {}
    if kind == "google":
        settings = {"token_file": config.google.token_file, "calendars": config.google.calendars}
    elif kind == "caldav":
        dav = config.caldav
        settings = {"username": dav.username, "password_cmd": dav.password_cmd,
                    "password_env": dav.password_env, "calendars": dav.calendars, "ca_file": dav.ca_file,
                    "allow_insecure": dav.allow_insecure}
    return open_calendar(spec, tz=tz, owner=config.owner.email or None, **settings)
