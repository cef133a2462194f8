"""JSON for the values the state store keeps: :class:`MailMessage` and :class:`Appointment`.

Datetimes are ISO 8601 with their offset; tuples become lists. Unknown keys in stored JSON are
ignored, so a row written by a newer calcheck (with more optional model fields) still loads.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from calcheck.extract.ical import cancelled_uids
from calcheck.model import Appointment, MailMessage

T = TypeVar("T", MailMessage, Appointment)


def _to_json(value: MailMessage | Appointment) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in dataclasses.fields(value):
        v = getattr(value, f.name)
        if isinstance(v, datetime):
            v = {"datetime": v.isoformat()}
        elif isinstance(v, tuple):
            v = list(v)
        out[f.name] = v
    return out


def _from_json(cls: type[T], data: dict[str, Any]) -> T:
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name not in data:
            continue
        v = data[f.name]
        if isinstance(v, dict) and "datetime" in v:
            v = datetime.fromisoformat(v["datetime"])
        elif isinstance(v, list):
            v = tuple(v)
        kwargs[f.name] = v
    return cls(**kwargs)


def mail_to_json(mail: MailMessage) -> dict[str, Any]:
    """A message as JSON-ready data."""
    return _to_json(mail)


def mail_from_json(data: dict[str, Any]) -> MailMessage:
    """The message :func:`mail_to_json` wrote."""
    return _from_json(MailMessage, data)


def appointment_to_json(appt: Appointment) -> dict[str, Any]:
    """An appointment as JSON-ready data."""
    return _to_json(appt)


def appointment_from_json(data: dict[str, Any]) -> Appointment:
    """The appointment :func:`appointment_to_json` wrote."""
    return _from_json(Appointment, data)


def links_to_json(mail: MailMessage) -> str:
    """What threads need of a message besides its id and date: its links and the UIDs it cancels."""
    return json.dumps({"in_reply_to": list(mail.in_reply_to), "references": list(mail.references),
                       "cancels": cancelled_uids(mail.calendars)})


def mail_from_links(row: Sequence[Any]) -> MailMessage:
    """A message without text from a ``messages`` row (key, message_id, ref, thread, mail_date, links).

    A row written before links were stored names its thread root as its one reference.
    """
    key, message_id, ref, thread, date, links = row
    data = json.loads(links) if links else {"references": [thread] if thread != key else []}
    # threads.supersede reads cancellations from calendar text: the least text that says the same.
    cancels = tuple(f"BEGIN:VCALENDAR\r\nMETHOD:CANCEL\r\nUID:{uid}\r\nEND:VCALENDAR\r\n"
                    for uid in data.get("cancels", ()))
    return MailMessage(ref=ref, message_id=message_id, subject="", sender_name="", sender_addr="",
                       date=datetime.fromtimestamp(date, UTC) if date is not None else None, new_text="",
                       calendars=cancels, in_reply_to=tuple(data.get("in_reply_to", ())),
                       references=tuple(data.get("references", ())))
