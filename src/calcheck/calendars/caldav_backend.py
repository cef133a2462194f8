"""``caldav:URL``: the owner's calendars on a CalDAV server (Nextcloud, Radicale, iCloud, Fastmail...).

The caldav library is an optional extra (``pip install 'calcheck[caldav]'``): it brings niquests
and urllib3-future, which the core install should not need, so it is imported only when a CalDAV
backend is opened.

Each calendar is asked for the objects overlapping the window (a CalDAV time-range REPORT); the
raw iCalendar data of each object is then expanded here with :func:`calcheck.calendars.ics.expand`.
Server-side expansion is avoided on purpose: caldav's compatibility workarounds widen the range
by a day and return occurrences outside it, and servers disagree on RECURRENCE-ID overrides.
Expanding the stored object ourselves gives the same answer as the ics backend, exactly.
"""

from __future__ import annotations

import ipaddress
import logging
import urllib.parse
from collections.abc import Sequence
from datetime import datetime, tzinfo
from pathlib import Path
from types import ModuleType
from typing import Any

from calcheck.calendars.ics import expand, parse_calendar
from calcheck.errors import AuthError, CalendarError, ConfigError, TransientError
from calcheck.model import CalendarEvent

log = logging.getLogger(__name__)

NOT_INSTALLED = "caldav support is not installed: pip install 'calcheck[caldav]'"


def _caldav() -> tuple[ModuleType, ModuleType]:
    """The caldav module and its error module (caldav loads submodules lazily)."""
    try:
        import caldav  # noqa: PLC0415 - optional extra, imported on first use
        from caldav.lib import error  # noqa: PLC0415
    except ImportError:
        raise ConfigError(NOT_INSTALLED) from None
    return caldav, error


class CalDavCalendar:
    """Reads events from the named calendars of one CalDAV account (all of them when none are named)."""

    def __init__(self, url: str, username: str, password: str, calendars: Sequence[str] = (), *,
                 tz: tzinfo, owner: str | None = None, ca_file: Path | None = None,
                 timeout: float = 30.0) -> None:
        """``password`` is the resolved secret (config.py runs password_cmd / reads password_env)."""
        # Fail at start-up, not at the first check, when the extra is missing.
        self._caldav, self._errors = _caldav()
        self.url = url
        self.username = username
        self._password = password
        self.calendars = tuple(calendars)
        self.tz = tz
        self.owner = owner
        self.ca_file = ca_file
        self.timeout = timeout

    def __repr__(self) -> str:
        return f"CalDavCalendar({self.url!r}, username={self.username!r}, calendars={self.calendars!r})"

    def _where(self) -> str:
        return f"caldav:{self.url}"

    def events(self, start: datetime, end: datetime) -> list[CalendarEvent]:
        """Every event of the chosen calendars overlapping ``[start, end)``, sorted by start."""
        error = self._errors
        try:
            with self._caldav.DAVClient(url=self.url, username=self.username, password=self._password,
                                        ssl_verify_cert=str(self.ca_file) if self.ca_file else True,
                                        timeout=round(self.timeout)) as client:
                events: list[CalendarEvent] = []
                for cal in self._chosen(client.principal()):
                    events.extend(self._calendar_events(cal, start, end))
        except error.AuthorizationError:
            raise AuthError(f"{self._where()}: the server refused user {self.username!r} and its "
                            "password (HTTP 401/403); check [caldav] username and password_cmd / "
                            "password_env") from None
        except error.NotFoundError as exc:
            raise CalendarError(f"{self._where()}: not found ({exc.reason or 'HTTP 404'}); "
                                "check the URL after caldav:") from None
        except error.DAVError as exc:
            raise CalendarError(f"{self._where()}: the server answered {type(exc).__name__} "
                                f"({exc.reason or 'no reason given'})") from None
        except OSError as exc:  # niquests' ConnectionError and Timeout are OSErrors
            raise TransientError(f"{self._where()}: cannot reach the server ({type(exc).__name__}); "
                                 "it will be read again at the next check") from None
        events.sort(key=lambda e: e.start)
        return events

    def _chosen(self, principal: Any) -> list[Any]:
        calendars = principal.calendars()
        if not self.calendars:
            return list(calendars)
        by_name: dict[str, Any] = {}
        for cal in calendars:
            # A calendar answers to its display name and to the last segment of its URL.
            by_name.setdefault(str(cal.get_display_name() or ""), cal)
            by_name.setdefault(str(cal.url.path).rstrip("/").rsplit("/", 1)[-1], cal)
        missing = [name for name in self.calendars if name not in by_name]
        if missing:
            known = sorted(str(cal.get_display_name() or cal.url.path) for cal in calendars)
            raise CalendarError(f"{self._where()}: no calendar named {', '.join(map(repr, missing))}; "
                                f"[caldav] calendars can name: {', '.join(known) or '(none)'}")
        chosen: list[Any] = []
        for name in self.calendars:
            if by_name[name] not in chosen:
                chosen.append(by_name[name])
        return chosen

    def _calendar_events(self, cal: Any, start: datetime, end: datetime) -> list[CalendarEvent]:
        objects = cal.search(start=start, end=end, event=True)
        events: list[CalendarEvent] = []
        for obj in objects:
            name = f"{self._where()} {obj.url}"
            try:
                parsed = parse_calendar(obj.data.encode() if isinstance(obj.data, str) else obj.data, name)
            except CalendarError as exc:
                # One broken object must not hide the rest of the calendar.
                log.warning("skipped %s", exc)
                continue
            events.extend(expand(parsed, start, end, self.tz, owner=self.owner))
        log.debug("%s: %d objects, %d occurrences in %s", self._where(), len(objects), len(events), cal.url)
        return events


def open_caldav(url: str, *, tz: tzinfo, owner: str | None = None, username: str = "",
                password_cmd: str | None = None, password_env: str | None = None,
                calendars: Sequence[str] = (), ca_file: str | None = None,
                allow_insecure: bool = False) -> CalDavCalendar:
    """The ``caldav:URL`` backend from the ``[caldav]`` settings; runs password_cmd once, now."""
    from calcheck.secrets import SecretSpec, resolve_secret  # noqa: PLC0415 - keeps imports light

    if not username:
        raise ConfigError("[caldav] username: missing; the CalDAV account's user name")
    if not (allow_insecure or url.lower().startswith("https://") or _loopback(url)):
        raise ConfigError(f"caldav:{url}: plain http would send the CalDAV password unencrypted; "
                          "use https://, or set [caldav] allow_insecure = true")
    _caldav()  # a missing extra is reported before anyone is asked for a password
    password = resolve_secret(SecretSpec(password_cmd or "", password_env or ""), "[caldav]")
    return CalDavCalendar(url, username, password, calendars, tz=tz, owner=owner,
                          ca_file=Path(ca_file).expanduser() if ca_file else None)


def _loopback(url: str) -> bool:
    """Whether ``url`` points at this machine, where plain http crosses no network."""
    host = (urllib.parse.urlsplit(url).hostname or "").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
