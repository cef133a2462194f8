"""Reading a message: bytes in, a decoded :class:`MailMessage` out. Pure, no I/O, never raises.

The message is parsed once with the ``compat32`` policy (several times faster than ``default``,
and it hands raw 8-bit bytes back untouched; :mod:`calcheck._mimeparse`). The MIME tree is
walked by hand so that we know, for each leaf, whether it sits inside an attached
``message/rfc822`` (a forwarded message: its text is quoted, its invitation not ours) and
whether it is an attachment:

* ``text/calendar``, ``application/ics`` and ``*.ics`` parts go to :attr:`MailMessage.calendars`,
  inline or attached (Outlook sends the calendar inline with no Content-Disposition);
* inline ``text/plain`` parts make the body; when there is none, the ``text/html`` parts do
  (so ``multipart/alternative`` prefers the plain text), and JSON-LD is always taken from HTML;
* each part is decoded once by :mod:`calcheck._charset`, whose fallbacks end up in ``problems``.

The body is then split by :func:`calcheck.quoting.split_quoted`.
"""

from __future__ import annotations

import base64
import email
import email.policy
import email.utils
import functools
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from email.message import Message

from calcheck._charset import decode_bytes, decode_header
from calcheck._html import html_to_text
from calcheck._mimeparse import parse
from calcheck.model import MailMessage, RawMail
from calcheck.quoting import split_quoted

__all__ = ["read_message", "split_quoted"]

log = logging.getLogger(__name__)

_CALENDAR_TYPES = frozenset({"text/calendar", "application/ics", "text/x-vcalendar", "application/x-ics"})
_MSG_ID = re.compile(r"<[^<>\s]*>")
_NEWLINES = re.compile(r"\r\n?")
_NOT_BASE64 = re.compile(rb"[^A-Za-z0-9+/]")
_BODY_TYPES = frozenset({"text/plain", "text/html", "text/enriched", "text/x-plain"})
_PARAM = re.compile(r';\s*([^\s=;"]+)\s*=\s*("(?:[^"\\]|\\.)*"?|[^;]*)')
# Tried only where a run of address characters starts, and possessive: the plain pattern
# restarted at every character of a long run without "@", quadratic on a hostile To: header.
_ADDR = re.compile(r"(?<![^\s<>()\[\],;:\"@])[^\s<>()\[\],;:\"@]++@[^\s<>()\[\],;:\"@]++")
_MAX_DEPTH = 20  # nested message/rfc822 and multipart levels we follow before giving up


@dataclass
class _Parts:
    plain: list[str] = field(default_factory=list)
    html: list[str] = field(default_factory=list)
    forwarded: list[str] = field(default_factory=list)
    calendars: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _headers(items: list[tuple[str, str]]) -> dict[str, str]:
    """Each header's first raw value by lower-case name, read in one pass over a part's headers.

    Raw, because ``Message.get`` turns 8-bit bytes into an ``unknown-8bit`` Header and loses them;
    one pass, because every ``get`` call rescans the whole header list. Built backwards so that
    the first value of a repeated header is the one left standing.
    """
    return {key.lower(): value if isinstance(value, str) else str(value) for key, value in reversed(items)}


def _unfold(value: str) -> str:
    if "\n" in value or "\r" in value:
        value = _NEWLINES.sub("", value).replace("\n", "")
    return value.strip()


def _params(value: str) -> dict[str, str]:
    """Parameters of a Content-Type or Content-Disposition value; names lower-cased, first wins."""
    params: dict[str, str] = {}
    if ";" not in value:
        return params
    for key, raw in _PARAM.findall(_unfold(value)):
        value = raw.strip()
        if value.startswith('"'):
            value = value[1:-1] if len(value) > 1 and value.endswith('"') else value[1:]
            if "\\" in value:
                value = value.replace('\\"', '"').replace("\\\\", "\\")
        params.setdefault(key.lower(), value)
    return params


def _content_type(headers: dict[str, str]) -> tuple[str, Mapping[str, str]]:
    """The type (lower-case) and parameters of a part; the mapping is shared, never to be changed.

    A mailbox holds few distinct Content-Type values (each mailer writes its own few), so each
    is read once; long ones (a named attachment, a hostile header) are not kept.
    """
    value = headers.get("content-type", "")
    return _type_params(value) if len(value) <= 200 else _type_params.__wrapped__(value)


@functools.lru_cache(maxsize=1024)
def _type_params(value: str) -> tuple[str, Mapping[str, str]]:
    main = value.partition(";")[0].strip().lower()
    if main.count("/") != 1:
        main = "text/plain"  # as RFC 2045 says for a missing or unreadable type
    return main, _params(value)


def _filename(part: Message, headers: dict[str, str], params: Mapping[str, str], problems: list[str]) -> str:
    raw_disposition = headers.get("content-disposition", "")
    disposition = _params(raw_disposition)
    starred = "*" in raw_disposition or "*" in headers.get("content-type", "")
    if starred and any("*" in key for key in (*disposition, *params)):
        try:  # RFC 2231 continuations and charsets: leave them to the stdlib
            name = part.get_filename() or ""
        except Exception:  # a broken parameter is a content problem
            name = ""
    else:
        name = disposition.get("filename") or params.get("name") or ""
    return decode_header(name, problems) if name else ""


def _payload_text(part: Message, params: Mapping[str, str], problems: list[str]) -> str:
    try:
        payload = part.get_payload(decode=True)
    except Exception as exc:  # undecodable transfer encoding
        problems.append(f"cannot decode part: {type(exc).__name__}")
        return ""
    if not isinstance(payload, bytes):
        return ""
    if part.defects and any(type(d).__name__ == "InvalidBase64LengthDefect" for d in part.defects):
        payload = _truncated_base64(payload, problems)
    text, problem = decode_bytes(payload, params.get("charset"))
    if problem:
        problems.append(problem)
    if "\r" in text:
        text = _NEWLINES.sub("\n", text)
    if text.startswith("\ufeff"):
        text = text[1:]
    if params.get("format", "").lower() == "flowed":
        text = _unflow(text, params.get("delsp", "").lower() == "yes")
    return text


def _truncated_base64(raw: bytes, problems: list[str]) -> bytes:
    """What a cut-off base64 body still holds; the stdlib hands back the undecoded text instead."""
    clean = _NOT_BASE64.sub(b"", raw)
    problems.append("broken base64: decoded up to the damage")
    return base64.b64decode(clean[: len(clean) // 4 * 4])


def _unflow(text: str, delsp: bool) -> str:
    """Join RFC 3676 soft line breaks (a line ending in a space continues on the next line)."""
    out: list[str] = []
    carry = ""
    for raw_line in text.split("\n"):
        line = raw_line[1:] if raw_line.startswith(" ") else raw_line  # space-stuffing
        if line.endswith(" ") and line != "-- " and not line.startswith(">"):
            carry += line[:-1] if delsp else line
            continue
        out.append(carry + line)
        carry = ""
    if carry:
        out.append(carry)
    return "\n".join(out)


def _walk(  # noqa: PLR0911, PLR0912
    part: Message, parts: _Parts, forwarded: bool, depth: int, headers: dict[str, str] | None = None
) -> None:
    # one flat decision list per MIME part reads better than helpers split for the linter
    if depth > _MAX_DEPTH:
        parts.problems.append("MIME structure nested too deep; the rest was skipped")
        return
    if headers is None:
        headers = _headers(list(part.raw_items()))
    ctype, params = _content_type(headers)
    if part.is_multipart():
        children = part.get_payload()
        if not isinstance(children, list):
            return
        inner = forwarded or ctype == "message/rfc822"
        for child in children:
            if isinstance(child, Message):
                _walk(child, parts, inner, depth + 1)
        return
    filename = _filename(part, headers, params, parts.problems)
    if ctype in _CALENDAR_TYPES or filename.lower().endswith((".ics", ".vcs")):
        if forwarded:
            return  # an invitation inside a forwarded or bounced message is not this message's
        text = _payload_text(part, params, parts.problems)
        if text.strip():
            parts.calendars.append(text)
        return
    if not ctype.startswith("text/") or ctype not in _BODY_TYPES:
        return
    if headers.get("content-disposition", "").strip().lower().startswith("attachment"):
        return
    text = _payload_text(part, params, parts.problems)
    if ctype == "text/html":
        if forwarded:
            parts.forwarded.append(html_to_text(text)[0])
        else:
            parts.html.append(text)  # converted later, and only when needed
    else:
        (parts.forwarded if forwarded else parts.plain).append(text)


def _addresses(headers: list[str]) -> tuple[str, ...]:
    """Every address in the given header values, lower-cased, in order, without repeats.

    A regex instead of ``getaddresses``: it is several times faster, and for matching a calendar
    event's attendees the addresses are all we need.
    """
    seen: dict[str, None] = {}
    for value in headers:
        for addr in _ADDR.findall(value):
            if addr.isascii():
                seen.setdefault(addr.lower(), None)
    return tuple(seen)


def _sender(raw: str, problems: list[str]) -> tuple[str, str]:
    """(display name, address) of a From value: ``Name <a@b>``, ``a@b (Name)`` or ``a@b``."""
    lt = raw.rfind("<")
    gt = raw.find(">", lt)
    if lt >= 0 and gt > lt:
        addr = raw[lt + 1:gt].strip()
        name = raw[:lt]
    else:
        found = _ADDR.search(raw)
        addr = found.group(0) if found else ""
        rest = raw.replace(addr, "", 1) if addr else raw
        name = rest.strip().removeprefix("(").removesuffix(")") if addr else rest
    name = name.strip().strip('"').replace('\\"', '"').strip()
    name = decode_header(name, problems)
    addr = addr if addr.isascii() else decode_header(addr, problems)
    return name, addr.strip().lower()


_RFC5322_DATE = re.compile(
    r"(?:[A-Z][a-z][a-z], )?([0-9]{1,2}) ([A-Z][a-z][a-z]) ([1-9][0-9]{3}) "
    r"([0-9][0-9]):([0-9][0-9]):([0-9][0-9]) ([-+])([0-9][0-9])([0-9][0-9])(?:\s.*)?",
    re.DOTALL,
)
_MONTHS = {name: number for number, name in enumerate(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), start=1)}
_OFFSETS: dict[int, timezone] = {}


def _canonical_date(value: str) -> datetime | None:
    """``Sat, 14 Nov 2026 23:13:00 +0900``, the form nearly every mailer writes, read without
    ``parsedate_to_datetime``'s token shuffling; the same result, or None for anything else."""
    found = _RFC5322_DATE.fullmatch(value)
    if found is None:
        return None
    day, month_name, year, hour, minute, second, sign, off_h, off_m = found.groups()
    month = _MONTHS.get(month_name)
    if month is None or (sign == "-" and off_h == off_m == "00"):  # -0000: no zone, see _date
        return None
    offset = (int(off_h) * 3600 + int(off_m) * 60) * (-1 if sign == "-" else 1)
    zone = _OFFSETS.get(offset)
    if zone is None:
        zone = _OFFSETS.setdefault(offset, timezone(timedelta(seconds=offset)))
    return datetime(int(year), month, int(day), int(hour), int(minute), int(second), tzinfo=zone)


def _date(value: str) -> datetime | None:
    """The Date header as an aware datetime; None when it is missing or unreadable."""
    if not value:
        return None
    try:
        parsed = _canonical_date(value) or email.utils.parsedate_to_datetime(value)
    except Exception:  # hour 27, day 0, garbage: all mean "no date"
        return None
    if parsed.tzinfo is not None:
        return parsed
    # parsedate gives a naive result both for "-0000" (UTC, sender's zone unknown) and for a
    # zone it cannot read ("H0500"); only the first is a real instant.
    if value.rstrip().rstrip(")").split("(")[0].rstrip().endswith(("-0000", "+0000", " UT", " GMT", " Z")):
        return parsed.replace(tzinfo=UTC)
    return None


def _id_text(value: str) -> str:
    """An identifier header as text: raw 8-bit bytes (kept as lone surrogates by the parser) read
    as UTF-8, so the value can be written to JSON, a terminal or the state database."""
    if value.isascii():
        return value
    return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _ids(value: str) -> tuple[str, ...]:
    found = _MSG_ID.findall(value)
    return tuple(found) if found else tuple(value.split())


def _flags(headers: dict[str, str]) -> tuple[bool, bool]:
    precedence = headers.get("precedence", "").strip().lower()
    auto_submitted = headers.get("auto-submitted", "").lower().split(";")[0].strip()
    auto = (
        auto_submitted not in ("", "no")
        or "x-autoreply" in headers
        or "x-autorespond" in headers
        or "x-autoresponder" in headers
        or precedence == "auto_reply"
        or headers.get("x-autogenerated", "").strip().lower() == "reply"
    )
    bulk = "list-unsubscribe" in headers or "list-id" in headers or precedence in ("bulk", "list", "junk")
    return auto, bulk


def read_message(raw: RawMail) -> MailMessage:
    """Decode one message. Never raises for content problems: they are recorded in ``problems``."""
    try:
        return _read(raw)
    except Exception as exc:  # the last line of defence for one odd message
        # Reaching this is a bug in the reader (content problems are handled where they occur).
        log.warning("%s: cannot read the message (%s: %s)", raw.ref, type(exc).__name__, exc)
        return MailMessage(ref=raw.ref, message_id="", subject="", sender_name="", sender_addr="",
                           date=None, new_text="",
                           problems=(f"unreadable message: {type(exc).__name__}: {exc}",))


def _read(raw: RawMail) -> MailMessage:
    msg = parse(raw.data)
    items = list(msg.raw_items())
    headers = _headers(items)
    parts = _Parts()
    _walk(msg, parts, forwarded=False, depth=0, headers=headers)
    problems = parts.problems
    plain = [t for t in parts.plain if t.strip()]
    html_texts: list[str] = []
    jsonld: list[str] = []
    for markup in parts.html:
        if plain and "ld+json" not in markup:
            continue
        text, blocks = html_to_text(markup)
        html_texts.append(text)
        jsonld.extend(blocks)
    body = "\n".join(plain) if plain else "\n".join(t for t in html_texts if t.strip())
    new_text, quoted_text = split_quoted(body)
    if parts.forwarded:
        quoted_text = "\n".join([quoted_text, *parts.forwarded]).strip("\n")
    sender_name, sender_addr = _sender(_unfold(headers.get("from") or headers.get("sender", "")), problems)
    subject = decode_header(_unfold(headers.get("subject", "")), problems)
    auto, bulk = _flags(headers)
    recipients = _addresses([str(v) for k, v in items if k.lower() in ("to", "cc")])
    if msg.defects:
        problems.extend(f"MIME defect: {type(d).__name__}" for d in msg.defects[:5])
    return MailMessage(
        ref=raw.ref,
        message_id=_id_text(_unfold(headers.get("message-id", ""))),
        subject=subject,
        sender_name=sender_name,
        sender_addr=sender_addr,
        date=_date(_unfold(headers.get("date", ""))),
        new_text=new_text,
        quoted_text=quoted_text,
        calendars=tuple(parts.calendars),
        jsonld=tuple(jsonld),
        recipients=recipients,
        in_reply_to=_ids(_id_text(_unfold(headers.get("in-reply-to", "")))),
        references=_ids(_id_text(_unfold(headers.get("references", "")))),
        auto_reply=auto,
        bulk=bulk,
        problems=tuple(dict.fromkeys(problems)),
    )
