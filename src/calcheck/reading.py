"""Reading a message: bytes in, a decoded :class:`MailMessage` out. Pure, no I/O.

FIRST VERSION: charset fallbacks, HTML and quote splitting are being hardened in their own
modules; the shape of :func:`read_message` is the contract.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import re
from datetime import datetime
from email.message import Message

from calcheck.model import MailMessage, RawMail


def _decode(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    charset = (part.get_content_charset() or "us-ascii").lower()
    if charset in ("shift_jis", "shift-jis", "sjis", "x-sjis"):
        charset = "cp932"
    for cs in (charset, "utf-8", "cp932"):
        try:
            return payload.decode(cs)
        except (LookupError, UnicodeDecodeError):
            continue
    return payload.decode(charset if _known(charset) else "utf-8", "replace")


def _known(charset: str) -> bool:
    try:
        "".encode(charset)
    except LookupError:
        return False
    return True


_TAG = re.compile(r"<[^>]*>")
_BLOCK = re.compile(r"<(br|/p|/div|/tr|/li|/h\d)\b[^>]*>", re.I)
_SCRIPT = re.compile(r"<(script|style)\b[^>]*>.*?</\1>", re.I | re.S)
_JSONLD = re.compile(r"<script[^>]*application/ld\+json[^>]*>(.*?)</script>", re.I | re.S)


def _html_text(html: str) -> str:
    import html as htmlmod

    text = _SCRIPT.sub("", html)
    text = _BLOCK.sub("\n", text)
    text = _TAG.sub("", text)
    return htmlmod.unescape(text)


_QUOTE_HEADER = re.compile(
    r"^(-{3,}\s*(Original Message|元のメッセージ)\s*-{3,}|On .+ wrote:|.*\d{4}年\d{1,2}月\d{1,2}日.*<[^>]+>.*:)\s*$"
)


def split_quoted(text: str) -> tuple[str, str]:
    """Split body text into what this message says and the quoted earlier mail."""
    new: list[str] = []
    quoted: list[str] = []
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if _QUOTE_HEADER.match(line.strip()):
            quoted.extend(lines[i:])
            break
        if line.lstrip().startswith((">", "＞")):
            quoted.append(line)
        else:
            new.append(line)
    return "\n".join(new), "\n".join(quoted)


def _header(msg: Message, name: str) -> str:
    value = msg.get(name)
    return str(value).strip() if value is not None else ""


def _date(msg: Message) -> datetime | None:
    raw = _header(msg, "Date")
    if not raw:
        return None
    try:
        value = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None
    return value if value.tzinfo else None


def read_message(raw: RawMail) -> MailMessage:
    """Decode one message; never raises for content problems, records them in ``problems``."""
    msg = email.message_from_bytes(raw.data, policy=email.policy.compat32)
    plain: list[str] = []
    html: list[str] = []
    calendars: list[str] = []
    jsonld: list[str] = []
    for part in msg.walk():
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        filename = (part.get_filename() or "").lower()
        if ctype in ("text/calendar", "application/ics") or filename.endswith(".ics"):
            calendars.append(_decode(part))
        elif ctype == "text/plain" and part.get("Content-Disposition", "").lower().find("attachment") < 0:
            plain.append(_decode(part))
        elif ctype == "text/html":
            body = _decode(part)
            jsonld.extend(_JSONLD.findall(body))
            html.append(_html_text(body))
    body = "\n".join(plain) if plain else "\n".join(html)
    new_text, quoted_text = split_quoted(body)
    name, addr = email.utils.parseaddr(str(email.header.make_header(email.header.decode_header(_header(msg, "From")))))
    subject = str(email.header.make_header(email.header.decode_header(_header(msg, "Subject"))))
    auto = _header(msg, "Auto-Submitted").lower() not in ("", "no") or bool(_header(msg, "X-Autoreply"))
    return MailMessage(
        ref=raw.ref,
        message_id=_header(msg, "Message-ID"),
        subject=subject,
        sender_name=name,
        sender_addr=addr.lower(),
        date=_date(msg),
        new_text=new_text,
        quoted_text=quoted_text,
        calendars=tuple(calendars),
        jsonld=tuple(jsonld),
        in_reply_to=tuple(_header(msg, "In-Reply-To").split()),
        references=tuple(_header(msg, "References").split()),
        auto_reply=auto,
        bulk=bool(_header(msg, "List-Unsubscribe") or _header(msg, "List-Id")),
    )
