"""A local stand-in for Google Calendar API v3 ``events.list`` and Google's OAuth token endpoint.

It speaks just enough of both for the real google-api-python-client and google-auth to talk to
it: bearer-token checks, paging with opaque page tokens, timeMin/timeMax filtering like Google
(an event is listed when it ends after timeMin and starts before timeMax), the
``orderBy=startTime`` needs ``singleEvents=true`` rule, refresh-token grants, and faults queued
by the test (a status code and JSON body served instead of the next answer).

Events are stored as Google returns them with ``singleEvents=true``: already expanded.
"""

from __future__ import annotations

import base64
import json
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from zoneinfo import ZoneInfo

PREFIX = "/calendar/v3/calendars/"


@dataclass
class Fault:
    """An answer served instead of the real one, once."""

    status: int
    body: dict[str, Any] = field(default_factory=dict)


def google_error(status: int, reason: str = "backendError", message: str = "error") -> Fault:
    """A fault shaped like Google's JSON error body."""
    return Fault(status, {"error": {"code": status, "message": message,
                                    "errors": [{"reason": reason, "message": message}]}})


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    form: dict[str, str] = field(default_factory=dict)


@dataclass
class FakeGoogle:
    """The server's state; tests fill ``calendars`` and ``faults`` and read ``requests``."""

    port: int = 0
    calendars: dict[str, dict[str, Any]] = field(default_factory=dict)
    """calendar id → {"timeZone": ..., "items": [...event resources...]}."""
    page_size: int = 2500
    valid_tokens: set[str] = field(default_factory=lambda: {"access-1"})
    refresh_tokens: set[str] = field(default_factory=lambda: {"refresh-1"})
    client: tuple[str, str] = ("client-id", "client-secret")
    faults: list[Fault] = field(default_factory=list)
    """Served, first first, instead of the next events.list answers."""
    token_faults: list[Fault] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)
    issued: int = 0
    grant_scope: str = "https://www.googleapis.com/auth/calendar.readonly"
    """The scope the token endpoint says it granted."""
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/calendar/v3/"

    @property
    def token_uri(self) -> str:
        return f"http://127.0.0.1:{self.port}/token"

    def events_requests(self) -> list[Request]:
        return [r for r in self.requests if r.path.startswith(PREFIX)]

    def token_requests(self) -> list[Request]:
        return [r for r in self.requests if r.path == "/token"]

    def add(self, calendar_id: str, *items: dict[str, Any], time_zone: str = "Asia/Tokyo") -> None:
        cal = self.calendars.setdefault(calendar_id, {"timeZone": time_zone, "items": []})
        cal["items"].extend(items)

    # ---- request handling -------------------------------------------------------------

    def token(self, form: dict[str, str], authorization: str) -> tuple[int, dict[str, Any]]:
        if self.token_faults:
            fault = self.token_faults.pop(0)
            return fault.status, fault.body
        client = (form.get("client_id"), form.get("client_secret"))
        if authorization.startswith("Basic "):  # requests-oauthlib sends the client as Basic auth
            user, _, password = base64.b64decode(authorization[6:]).decode().partition(":")
            client = (urllib.parse.unquote(user), urllib.parse.unquote(password))
        if client != self.client:
            return 401, {"error": "invalid_client", "error_description": "The OAuth client was not found."}
        if form.get("grant_type") == "refresh_token":
            if form.get("refresh_token") not in self.refresh_tokens:
                return 400, {"error": "invalid_grant",
                             "error_description": "Token has been expired or revoked."}
            extra: dict[str, Any] = {}
        elif form.get("grant_type") == "authorization_code":
            if form.get("code") != "good-code" or not form.get("code_verifier"):
                return 400, {"error": "invalid_grant", "error_description": "Malformed auth code."}
            extra = {"refresh_token": "refresh-1"}
        else:
            return 400, {"error": "unsupported_grant_type"}
        self.issued += 1
        token = f"access-{self.issued + 1}"
        self.valid_tokens.add(token)
        scope = form.get("scope") or self.grant_scope
        return 200, {"access_token": token, "expires_in": 3599, "token_type": "Bearer", "scope": scope,
                     **extra}

    def events(self, calendar_id: str, query: dict[str, str], auth: str) -> tuple[int, dict[str, Any]]:
        if self.faults:
            fault = self.faults.pop(0)
            return fault.status, fault.body
        if auth.removeprefix("Bearer ") not in self.valid_tokens:
            fault = google_error(401, "authError", "Invalid Credentials")
            return fault.status, fault.body
        cal = self.calendars.get(calendar_id)
        if cal is None:
            fault = google_error(404, "notFound", "Not Found")
            return fault.status, fault.body
        if query.get("orderBy") == "startTime" and query.get("singleEvents") != "true":
            return 400, google_error(400, "badRequest", "orderBy=startTime needs singleEvents").body
        tz = ZoneInfo(cal["timeZone"])
        lo = datetime.fromisoformat(query["timeMin"]) if "timeMin" in query else None
        hi = datetime.fromisoformat(query["timeMax"]) if "timeMax" in query else None
        items = [e for e in cal["items"] if (lo is None or _instant(e["end"], tz) > lo)
                 and (hi is None or _instant(e["start"], tz) < hi)]
        items.sort(key=lambda e: _instant(e["start"], tz))
        offset = int(query.get("pageToken", "page-0").removeprefix("page-"))
        size = min(int(query.get("maxResults", "250")), self.page_size)
        page = items[offset:offset + size]
        body: dict[str, Any] = {"kind": "calendar#events", "summary": calendar_id,
                                "timeZone": cal["timeZone"], "items": page}
        if offset + size < len(items):
            body["nextPageToken"] = f"page-{offset + size}"
        return 200, body


def _instant(when: dict[str, str], tz: ZoneInfo) -> datetime:
    if "dateTime" in when:
        return datetime.fromisoformat(when["dateTime"])
    return datetime.combine(date.fromisoformat(when["date"]), time(0), tzinfo=tz)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output clean

    def _send(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        fake = self.server.fake
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        path = urllib.parse.unquote(url.path)
        with fake.lock:
            fake.requests.append(Request("GET", path, query, dict(self.headers.items())))
            if path.startswith(PREFIX) and path.endswith("/events"):
                status, body = fake.events(path[len(PREFIX):-len("/events")], query,
                                           self.headers.get("authorization", ""))
            else:
                status, body = 404, google_error(404).body
        self._send(status, body)

    def do_POST(self) -> None:
        fake = self.server.fake
        length = int(self.headers.get("content-length", "0"))
        form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
        with fake.lock:
            fake.requests.append(Request("POST", self.path, {}, dict(self.headers.items()), form))
            if self.path == "/token":
                status, body = fake.token(form, self.headers.get("authorization", ""))
            else:
                status, body = 404, {}
        self._send(status, body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeGoogle


@contextmanager
def fake_google() -> Iterator[FakeGoogle]:
    """Run a :class:`FakeGoogle` on a free loopback port for the duration of the block."""
    server = _Server(("127.0.0.1", 0), _Handler)
    server.fake = FakeGoogle(port=server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server.fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def timed(event_id: str, summary: str, start: str, end: str, *, time_zone: str | None = None,
          **extra: Any) -> dict[str, Any]:
    """An event resource with dateTime start/end (ISO strings with offsets)."""
    s: dict[str, str] = {"dateTime": start}
    e: dict[str, str] = {"dateTime": end}
    if time_zone:
        s["timeZone"] = e["timeZone"] = time_zone
    return {"kind": "calendar#event", "id": event_id, "status": "confirmed", "summary": summary,
            "htmlLink": f"https://www.google.com/calendar/event?eid={event_id}",
            "start": s, "end": e, **extra}


def all_day(event_id: str, summary: str, day: str, end_day: str, **extra: Any) -> dict[str, Any]:
    """An all-day event resource (end date exclusive, as Google gives it)."""
    return {"kind": "calendar#event", "id": event_id, "status": "confirmed", "summary": summary,
            "htmlLink": f"https://www.google.com/calendar/event?eid={event_id}",
            "start": {"date": day}, "end": {"date": end_day}, **extra}


def _person(value: Any, owner: str) -> dict[str, Any]:
    person: dict[str, Any] = {"email": str(value).removeprefix("mailto:").removeprefix("MAILTO:")}
    params = getattr(value, "params", {})
    if params.get("CN"):
        person["displayName"] = str(params["CN"])
    if person["email"].lower() == owner.lower():
        person["self"] = True
    status = str(params.get("PARTSTAT", "NEEDS-ACTION")).lower()
    person["responseStatus"] = {"needs-action": "needsAction"}.get(status, status)
    return person


def items_from_ics(ics: bytes | str, owner: str = "") -> list[dict[str, Any]]:
    """An iCalendar file as events.list serves it with ``singleEvents=true``.

    One item per occurrence (EXDATEs applied, overrides in place, cancelled occurrences kept with
    ``status: cancelled``), ``iCalUID`` carrying the UID and ``recurringEventId`` marking series
    occurrences, ``self`` on the owner's attendee entry: what Google does for the same events.
    """
    import icalendar  # noqa: PLC0415 - only tests that convert a calendar need these
    import recurring_ical_events  # noqa: PLC0415

    cal = icalendar.Calendar.from_ical(ics)
    series = {str(e["UID"]) for e in cal.walk("VEVENT") if "RRULE" in e}
    window = (datetime(1990, 1, 1, tzinfo=ZoneInfo("UTC")), datetime(2040, 1, 1, tzinfo=ZoneInfo("UTC")))
    items = []
    for vevent in recurring_ical_events.of(cal).between(*window):
        uid = str(vevent["UID"])
        start, end = vevent["DTSTART"].dt, vevent["DTEND"].dt
        event_id = "".join(ch for ch in uid.lower() if ch.isalnum())  # Google ids are base32hex-ish
        item: dict[str, Any] = {
            "kind": "calendar#event", "id": event_id, "iCalUID": uid,
            "status": "cancelled" if str(vevent.get("STATUS", "")).upper() == "CANCELLED" else "confirmed",
            "summary": str(vevent.get("SUMMARY", "")),
            "htmlLink": f"https://www.google.com/calendar/event?eid={event_id}",
        }
        if uid in series:
            item["recurringEventId"] = event_id
            stamp = f"{start:%Y%m%d}" if not isinstance(start, datetime) else \
                f"{start.astimezone(ZoneInfo('UTC')):%Y%m%dT%H%M%SZ}"
            item["id"] = f"{event_id}_{stamp}"
        for key, value in (("start", start), ("end", end)):
            item[key] = ({"dateTime": value.isoformat(), "timeZone": str(value.tzinfo)}
                         if isinstance(value, datetime) else {"date": value.isoformat()})
        for prop, key in (("LOCATION", "location"), ("DESCRIPTION", "description")):
            if vevent.get(prop):
                item[key] = str(vevent[prop])
        if vevent.get("ORGANIZER"):
            item["organizer"] = _person(vevent["ORGANIZER"], owner)
            item["organizer"].pop("responseStatus")
        attendees = vevent.get("ATTENDEE")
        for value in attendees if isinstance(attendees, list) else [attendees] if attendees else []:
            item.setdefault("attendees", []).append(_person(value, owner))
        items.append(item)
    return items
