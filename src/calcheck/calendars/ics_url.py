"""A published iCalendar address (a calendar's secret iCal URL), fetched on every read.

The address is a secret: error messages and logs show only its scheme and host (:func:`redact`).
What it returns is read as :mod:`calcheck.calendars.ics` reads a file.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo

from calcheck.calendars.ics import read_events
from calcheck.errors import CalendarError, TransientError
from calcheck.model import CalendarEvent


def redact(url: str) -> str:
    """``url`` without its path and query: a calendar's secret address must not reach the logs."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or "?"
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}/…"


class IcsUrlCalendar:
    """Fetches a published iCalendar address (a calendar's secret iCal URL) on every :meth:`events` call.

    The address is a secret: error messages and logs show only its scheme and host.
    """

    def __init__(self, url: str, tz: tzinfo | None = None, owner: str | None = None,
                 timeout: float = 30.0, max_bytes: int = 50 * 1024 * 1024) -> None:
        if url.lower().startswith("webcal://"):
            url = "https://" + url[len("webcal://"):]
        if urllib.parse.urlsplit(url).scheme.lower() not in {"http", "https"}:
            raise CalendarError(f"ics:{redact(url)}: only http, https and webcal addresses can be fetched")
        self.url = url
        self.tz = tz or ZoneInfo("UTC")
        self.owner = owner
        self.timeout = timeout
        self.max_bytes = max_bytes

    def _fetch(self) -> bytes:
        name = f"ics:{redact(self.url)}"
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked in __init__
            self.url, headers={"User-Agent": "calcheck", "Accept": "text/calendar, */*;q=0.5"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                data: bytes = response.read(self.max_bytes + 1)
        except urllib.error.HTTPError as exc:
            exc.close()
            if exc.code >= 500:
                raise TransientError(f"{name}: the server answered HTTP {exc.code}; will retry") from exc
            hint = ("the address was refused: it may have been reset, copy the current secret address"
                    if exc.code in {401, 403, 404, 410} else "check the [calendar] source address")
            raise CalendarError(f"{name}: HTTP {exc.code} {exc.reason}; {hint}") from exc
        except TimeoutError as exc:
            raise TransientError(f"{name}: no answer within {self.timeout:g} s; will retry") from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise TransientError(f"{name}: no answer within {self.timeout:g} s; will retry") from exc
            raise CalendarError(f"{name}: cannot fetch it ({exc.reason}); check the address and the network"
                                ) from exc
        except OSError as exc:
            raise CalendarError(f"{name}: cannot fetch it ({exc}); check the address and the network"
                                ) from exc
        if len(data) > self.max_bytes:
            raise CalendarError(f"{name}: larger than {self.max_bytes} bytes; is this really a calendar?")
        return data

    def events(self, start: datetime, end: datetime) -> list[CalendarEvent]:
        """Every event overlapping ``[start, end)``, sorted by start."""
        name = f"ics:{redact(self.url)}"
        return read_events(self._fetch(), start, end, self.tz, self.owner, name=name)
