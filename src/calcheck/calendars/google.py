"""``google``: the owner's Google Calendars, read through Calendar API v3 ``events.list``.

One :meth:`GoogleCalendar.events` call reads every configured calendar once over the audit's
window: ``singleEvents=true`` (Google expands recurring events and applies their exceptions),
``orderBy=startTime``, all pages. Each event becomes a :class:`CalendarEvent`:

- cancelled events and events the owner declined (the attendee marked ``self``) are left out;
- all-day events (``start.date``) start at local midnight in the calendar's own time zone;
- timed events carry an RFC 3339 offset, so they compare as instants whatever ``timeZone`` says;
- the event id is Google's event id; the iCalendar UID (``iCalUID``) rides beside it as
  ``uid``, so an invitation's UID still finds its entry; the link is ``htmlLink``.

Failures: 429 and 5xx answers, resets and timeouts are retried with exponential backoff and
jitter, a bounded number of times; a 401 refreshes the access token once and retries (done by
google-auth-httplib2); 403 and 404 name the calendar id. Tokens are never logged.
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import httplib2
from google.auth.exceptions import RefreshError, TransportError
from google_auth_httplib2 import AuthorizedHttp
from googleapiclient.discovery import build
from googleapiclient.errors import HttpError

from calcheck.errors import AuthError, CalendarError, TransientError
from calcheck.google_auth import GoogleAuth, refresh_error
from calcheck.model import CalendarEvent

log = logging.getLogger(__name__)

RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
PAGE_SIZE = 2500  # the largest page events.list serves


def _reason(exc: HttpError) -> str:
    """Google's error reason (``rateLimitExceeded``, ``notFound``...), "" when the body has none."""
    try:
        error = json.loads(exc.content)["error"]
    except (ValueError, KeyError, TypeError):
        return ""
    for key in ("errors", "details"):
        for detail in error.get(key) or []:
            if isinstance(detail, dict) and detail.get("reason"):
                return str(detail["reason"])
    return str(error.get("status", ""))


def _rate_limited(exc: HttpError) -> bool:
    return _reason(exc).replace("_", "").lower() in {"ratelimitexceeded", "userratelimitexceeded"}


def _zone(name: str | None, fallback: tzinfo) -> tzinfo:
    if not name:
        return fallback
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        log.warning("unknown time zone %r from Google; using %s", name, fallback)
        return fallback


def _when(when: dict[str, Any], cal_tz: tzinfo) -> tuple[datetime, bool]:
    """An aware start/end and whether it was a whole day."""
    if "dateTime" in when:
        value = datetime.fromisoformat(when["dateTime"])
        if value.tzinfo is None:  # RFC 3339 always has an offset; be lenient anyway
            value = value.replace(tzinfo=_zone(when.get("timeZone"), cal_tz))
        return value, False
    day = date.fromisoformat(when["date"])
    return datetime(day.year, day.month, day.day, tzinfo=cal_tz), True


def _people(item: dict[str, Any]) -> tuple[str, ...]:
    people: list[str] = []
    for person in [item.get("organizer") or {}, *(item.get("attendees") or [])]:
        if person.get("email"):
            people.append(str(person["email"]).lower())
        if person.get("displayName"):
            people.append(str(person["displayName"]))
    return tuple(people)


def _declined(item: dict[str, Any], owner: str | None) -> bool:
    for person in item.get("attendees") or []:
        me = person.get("self") or (owner and str(person.get("email", "")).lower() == owner.lower())
        if me and person.get("responseStatus") == "declined":
            return True
    return False


def event_from_item(item: dict[str, Any], cal_tz: tzinfo, owner: str | None = None) -> CalendarEvent | None:
    """One events.list item as a :class:`CalendarEvent`; None for cancelled or declined ones."""
    if item.get("status") == "cancelled" or _declined(item, owner):
        return None
    if "start" not in item:
        return None
    start, all_day = _when(item["start"], cal_tz)
    end: datetime | None = _when(item["end"], cal_tz)[0] if "end" in item else None
    if end is None and all_day:
        end = start + timedelta(days=1)
    return CalendarEvent(
        # Findings name Google's own event id (what the API and the user's tools know); the
        # iCalendar UID goes beside it, because matching links an invitation's UID through it.
        id=str(item.get("id", "")),
        uid=str(item.get("iCalUID", "")),
        summary=str(item.get("summary", "")),
        start=start,
        end=end,
        all_day=all_day,
        location=str(item.get("location", "")),
        description=str(item.get("description", "")),
        attendees=_people(item),
        link=item.get("htmlLink"),
        recurring="recurringEventId" in item,
    )


def _rfc3339(value: datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("naive datetime")
    return value.replace(microsecond=0).isoformat()


class GoogleCalendar:
    """Reads the configured Google Calendars (default: the primary one)."""

    def __init__(self, auth: GoogleAuth, calendars: Sequence[str] = ("primary",), *,
                 tz: tzinfo, owner: str | None = None, api_endpoint: str | None = None,
                 max_attempts: int = 5, base_delay: float = 1.0,
                 sleep: Callable[[float], None] = time.sleep,
                 http: Callable[[], httplib2.Http] | None = None) -> None:
        """``api_endpoint`` replaces https://www.googleapis.com/calendar/v3/ (tests only);
        ``base_delay`` is the first backoff delay, doubled each attempt up to ``max_attempts``."""
        self.auth = auth
        self.calendars = tuple(calendars) or ("primary",)
        self.tz = tz
        self.owner = owner
        self.api_endpoint = api_endpoint
        self.max_attempts = max(1, max_attempts)
        self.base_delay = base_delay
        self._sleep = sleep
        self._http = http or (lambda: httplib2.Http(timeout=30))

    def _service(self) -> Any:
        # A fresh HTTP connection per audit: the daemon runs for weeks, connections go stale.
        authed = AuthorizedHttp(self.auth.credentials, http=self._http(), max_refresh_attempts=1)
        options = {"api_endpoint": self.api_endpoint} if self.api_endpoint else None
        return build("calendar", "v3", http=authed, static_discovery=True, client_options=options,
                     cache_discovery=False)

    def events(self, start: datetime, end: datetime) -> list[CalendarEvent]:
        """Every event of every configured calendar overlapping ``[start, end)``, sorted by start."""
        service = self._service()
        found: dict[tuple[str, datetime], CalendarEvent] = {}
        try:
            for cal_id in self.calendars:
                for event in self._calendar_events(service, cal_id, start, end):
                    # An event invited into two of the owner's calendars is one appointment.
                    found.setdefault((event.ical_uid, event.start), event)
        finally:
            self.auth.persist()
        return sorted(found.values(), key=lambda e: e.start)

    def _calendar_events(self, service: Any, cal_id: str, start: datetime,
                         end: datetime) -> Iterable[CalendarEvent]:
        page_token: str | None = None
        pages = 0
        count = 0
        while True:
            params: dict[str, Any] = {
                "calendarId": cal_id, "timeMin": _rfc3339(start), "timeMax": _rfc3339(end),
                "singleEvents": True, "orderBy": "startTime", "maxResults": PAGE_SIZE,
            }
            if page_token:
                params["pageToken"] = page_token
            body = self._execute(service.events().list(**params), cal_id)
            pages += 1
            cal_tz = _zone(body.get("timeZone"), self.tz)
            for item in body.get("items") or []:
                try:
                    event = event_from_item(item, cal_tz, self.owner)
                except (KeyError, ValueError, TypeError) as exc:
                    log.warning("google calendar %s: skipped event %s: %s", cal_id, item.get("id", "?"), exc)
                    continue
                if event is not None:
                    count += 1
                    yield event
            page_token = body.get("nextPageToken")
            if not page_token:
                break
        log.debug("google calendar %s: %d events in %d pages", cal_id, count, pages)

    def _execute(self, request: Any, cal_id: str) -> dict[str, Any]:
        """Run one request, retrying transient failures with exponential backoff and jitter."""
        for attempt in range(1, self.max_attempts + 1):
            try:
                result: dict[str, Any] = request.execute(num_retries=0)
                return result
            except HttpError as exc:
                status = exc.resp.status
                # Google answers 403 (not 429) when a quota runs over; that passes too.
                if status in RETRY_STATUS or (status == 403 and _rate_limited(exc)):
                    problem = f"HTTP {status}"
                else:
                    raise self._fatal(exc, cal_id) from None
            except RefreshError as exc:
                raise refresh_error(exc) from None
            except (ConnectionError, TimeoutError, TransportError, httplib2.HttpLib2Error) as exc:
                problem = f"{type(exc).__name__}: {exc}"
            if attempt == self.max_attempts:
                break
            delay = self.base_delay * 2 ** (attempt - 1) * random.uniform(0.5, 1.5)  # noqa: S311 - jitter
            log.info("google calendar %s: %s, retry %d/%d in %.1f s", cal_id, problem, attempt,
                     self.max_attempts - 1, delay)
            self._sleep(delay)
        raise TransientError(f"google calendar {cal_id}: still failing after {self.max_attempts} "
                             f"attempts ({problem}); it will be read again at the next check")

    def _fatal(self, exc: HttpError, cal_id: str) -> Exception:
        status = exc.resp.status
        if status == 401:
            return AuthError("Google refused the access token even after refreshing it: "
                             "run `calcheck auth google` again")
        if status in (403, 404):
            return CalendarError(
                f"google calendar {cal_id!r}: HTTP {status} ({_reason(exc) or 'refused'}): no such calendar, "
                "or the signed-in account may not read it; check [google] calendars "
                "(ids are under Google Calendar → Settings → Integrate calendar)")
        return CalendarError(f"google calendar {cal_id!r}: HTTP {status} ({_reason(exc) or 'error'})")


def open_google(*, tz: tzinfo, owner: str | None = None, token_file: str | None = None,
                calendars: Sequence[str] = ("primary",)) -> GoogleCalendar:
    """The ``google`` backend on the credentials ``calcheck auth google`` stored.

    Never starts a consent flow: without a token file it raises AuthError saying to sign in.
    """
    path = Path(token_file).expanduser() if token_file else None
    return GoogleCalendar(GoogleAuth.from_file(path), calendars, tz=tz, owner=owner)
