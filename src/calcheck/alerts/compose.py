"""The alert mail: what a person reads when a confirmation and the calendar disagree. Pure.

One message per problem: a subject that says it all at a glance (who, when the mail says, when
the calendar says), a plain-text and an HTML body quoting the evidence, and an ``.ics`` that
fixes the entry when imported (same UID as the calendar entry, so it updates rather than copies).

Everything taken from mail is untrusted: header values lose CR/LF, control and bidi-override
characters (which could forge headers or make a subject read backwards), the HTML body escapes
every value, and only http(s) links become links.
"""

from __future__ import annotations

import email.utils
import html
import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from email.message import EmailMessage
from urllib.parse import urlsplit

import icalendar

from calcheck.model import Finding, Status

# C0/C1 controls, bidi embeddings/overrides/isolates, LRM/RLM/ALM, line/paragraph separators.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_UNSAFE_BODY = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_JA_WEEKDAYS = "月火水木金土日"
_EN_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
LABEL_MAX = 40


def header_safe(text: str, limit: int = 200) -> str:
    """Text fit for a header: controls and bidi overrides removed, whitespace folded, shortened."""
    cleaned = " ".join(_UNSAFE.sub(" ", text).split())
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "…"


def body_safe(text: str) -> str:
    """Text fit for a body: line breaks kept, other controls and bidi overrides removed."""
    return _UNSAFE_BODY.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def safe_link(url: str | None) -> str | None:
    """The URL when it is a plain http(s) link, else None."""
    if not url:
        return None
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or _UNSAFE.search(url):
        return None
    return url


def format_when(dt: datetime, tz: tzinfo, language: str, now: datetime | None = None) -> str:
    """``11/25(水) 14:00`` or ``Wed 11/25 14:00``; the year is added when it is not this year's."""
    local = dt.astimezone(tz)
    year = now is not None and local.year != now.astimezone(tz).year
    if language == "en":
        day = f"{local.month}/{local.day}/{local.year}" if year else f"{local.month}/{local.day}"
        return f"{_EN_WEEKDAYS[local.weekday()]} {day} {local:%H:%M}"
    day = f"{local.year}/{local.month}/{local.day}" if year else f"{local.month}/{local.day}"
    return f"{day}({_JA_WEEKDAYS[local.weekday()]}) {local:%H:%M}"


def _span(start: datetime, end: datetime | None, tz: tzinfo, language: str, now: datetime) -> str:
    text = format_when(start, tz, language, now)
    if end is not None and end > start:
        local_end = end.astimezone(tz)
        same_day = local_end.date() == start.astimezone(tz).date()
        text += "–" + (f"{local_end:%H:%M}" if same_day else format_when(end, tz, language, now))
    return text


def who(finding: Finding) -> str:
    """A short name for the other party: the sender's display name, else the address."""
    mail = finding.mail
    return header_safe(mail.sender_name or mail.sender_addr or mail.subject or "?", LABEL_MAX)


def subject_line(finding: Finding, kind: str, tz: tzinfo, language: str, now: datetime) -> str:
    """The alert's subject, e.g. ``予定のずれ: ABC商事 11/25(水) 14:00 — カレンダーは 11/26(木) 14:00``."""
    when = format_when(finding.appointment.start, tz, language, now)
    event = finding.event
    if language == "en":
        prefix = "Reminder: " if kind == "reminder" else ""
        if finding.status is Status.MISMATCH and event is not None:
            cal = format_when(event.start, tz, language, now)
            return f"{prefix}Calendar mismatch: {who(finding)} {when} — calendar says {cal}"
        return f"{prefix}Not in calendar: {who(finding)} {when}"
    prefix = "[リマインド] " if kind == "reminder" else ""
    if finding.status is Status.MISMATCH and event is not None:
        cal = format_when(event.start, tz, language, now)
        return f"{prefix}予定のずれ: {who(finding)} {when} — カレンダーは {cal}"
    return f"{prefix}予定が未登録: {who(finding)} {when}"


_LABELS = {
    "ja": {
        "mismatch": "メールで確認した日時とカレンダーの予定が食い違っています。",
        "missing": "メールで確認した予定がカレンダーに見当たりません。",
        "reminder": "この予定はまだ直っていません。",
        "mail": "メール", "from": "差出人", "sent": "送信日時", "evidence": "メールの記述",
        "confirmed": "メールの日時", "calendar": "カレンダーの予定", "calendar_when": "カレンダーの日時",
        "link": "リンク", "differences": "違い", "none": "(なし)",
        "ics": "添付の calcheck.ics を取り込むと、カレンダーの予定がメールの日時になります。",
        "date": "日付", "time": "時刻", "timezone": "タイムゾーン", "duration": "長さ",
    },
    "en": {
        "mismatch": "A confirmation in your mail and your calendar disagree.",
        "missing": "An appointment confirmed in your mail is not in your calendar.",
        "reminder": "This is still not fixed.",
        "mail": "Mail", "from": "From", "sent": "Sent", "evidence": "The mail says",
        "confirmed": "Confirmed time", "calendar": "Calendar entry", "calendar_when": "Calendar time",
        "link": "Link", "differences": "Differences", "none": "(none)",
        "ics": "Import the attached calcheck.ics to set the entry to the confirmed time.",
        "date": "date", "time": "time", "timezone": "time zone", "duration": "duration",
    },
}


def _rows(finding: Finding, tz: tzinfo, language: str, now: datetime) -> list[tuple[str, str, str | None]]:
    """(label, value, link) rows shared by the text and the HTML body."""
    t = _LABELS[language]
    mail, appt, event = finding.mail, finding.appointment, finding.event
    sender = f"{mail.sender_name} <{mail.sender_addr}>" if mail.sender_name else mail.sender_addr
    rows: list[tuple[str, str, str | None]] = [
        (t["mail"], mail.subject, None),
        (t["from"], sender, None),
        (t["sent"], format_when(mail.date, tz, language, now) if mail.date else "?", None),
        (t["evidence"], appt.evidence, None),
        (t["confirmed"], _span(appt.start, appt.end, tz, language, now), None),
    ]
    if event is None:
        rows.append((t["calendar"], t["none"], None))
    else:
        rows += [(t["calendar"], event.summary, None),
                 (t["calendar_when"], _span(event.start, event.end, tz, language, now), None)]
        link = safe_link(event.link)
        if link:
            rows.append((t["link"], link, link))
    if finding.differences:
        rows.append((t["differences"], ", ".join(t.get(d, d)
                                                  for d in finding.differences), None))
    return [(label, body_safe(value), link) for label, value, link in rows]


def _text_body(intro: str, rows: list[tuple[str, str, str | None]], outro: str, key: str) -> str:
    lines = [intro, ""]
    for label, value, _ in rows:
        indented = value.replace("\n", "\n    ")
        lines.append(f"{label}: {indented}")
    lines += ["", outro, "", "-- ", f"calcheck ({key})", ""]
    return "\n".join(lines)


def _html_body(intro: str, rows: list[tuple[str, str, str | None]], outro: str, key: str) -> str:
    cells = []
    for label, value, link in rows:
        shown = html.escape(value).replace("\n", "<br>")
        if link:
            shown = f'<a href="{html.escape(link, quote=True)}">{shown}</a>'
        cells.append(f'<tr><th align="left" valign="top">{html.escape(label)}</th><td>{shown}</td></tr>')
    return ("<!DOCTYPE html>\n<html><body>\n"
            f"<p>{html.escape(intro)}</p>\n<table>\n" + "\n".join(cells) + "\n</table>\n"
            f"<p>{html.escape(outro)}</p>\n<p><small>calcheck ({html.escape(key)})</small></p>\n"
            "</body></html>\n")


def corrected_ics(finding: Finding, key: str, now: datetime) -> bytes:
    """A METHOD:PUBLISH calendar with the entry at the confirmed time (the entry's UID when known)."""
    appt, event = finding.appointment, finding.event
    end = appt.end
    if end is None:
        length = timedelta(hours=1)
        if event is not None and event.end is not None:
            length = event.end - event.start
        end = appt.start + length
    cal = icalendar.Calendar()
    cal.add("prodid", "-//calcheck//alert//EN")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    vevent = icalendar.Event()
    uid = event.ical_uid if event is not None else ""
    vevent.add("uid", uid or f"calcheck-{key}@calcheck.invalid")
    vevent.add("dtstamp", now)
    # UTC: a stored appointment may carry a bare offset, which has no valid TZID to write.
    vevent.add("dtstart", appt.start.astimezone(UTC))
    vevent.add("dtend", end.astimezone(UTC))
    vevent.add("summary", body_safe(event.summary if event is not None else finding.mail.subject))
    vevent.add("description", body_safe(appt.evidence))
    cal.add_component(vevent)
    data: bytes = cal.to_ical()
    return data


def compose_alert(finding: Finding, *, key: str, kind: str, sender: str, recipients: Sequence[str],
                  tz: tzinfo, language: str, now: datetime) -> EmailMessage:
    """The complete alert mail for one problem (``kind`` is ``alert`` or ``reminder``)."""
    if language not in _LABELS:
        language = "ja"
    t = _LABELS[language]
    msg = EmailMessage()
    msg["Subject"] = header_safe(subject_line(finding, kind, tz, language, now), 250)
    msg["From"] = header_safe(sender)
    msg["To"] = ", ".join(header_safe(r) for r in recipients)
    msg["Date"] = email.utils.format_datetime(now)
    domain = sender.rpartition("@")[2].strip("<> ") or "calcheck.invalid"
    msg["Message-ID"] = email.utils.make_msgid(idstring=f"calcheck.{key[:16]}", domain=header_safe(domain))
    msg["Auto-Submitted"] = "auto-generated"
    msg["X-Calcheck-Problem"] = key
    intro = t["missing"] if finding.status is Status.MISSING else t["mismatch"]
    if kind == "reminder":
        intro = t["reminder"] + " " + intro
    rows = _rows(finding, tz, language, now)
    msg.set_content(_text_body(intro, rows, t["ics"], key))
    msg.add_alternative(_html_body(intro, rows, t["ics"], key), subtype="html")
    msg.add_attachment(corrected_ics(finding, key, now), maintype="text", subtype="calendar",
                       filename="calcheck.ics", params={"method": "PUBLISH"})
    return msg
