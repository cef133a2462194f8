# ruff: noqa: E501, PLR0912, PLR0917, UP017, I001, RUF100, PLC0207  - corpus data: long literal mail lines
"""Small MIME and iCalendar writer for the hold-out corpora (standard library only).

Each message is assembled by hand so that it carries exactly the charset, transfer encoding
and header encoding a real mailer would use: ISO-2022-JP 7bit, Shift_JIS 8bit, UTF-8 base64 or
quoted-printable, CRLF line ends, RFC 2047 encoded-words no longer than 75 characters.
"""

from __future__ import annotations

import base64
import quopri
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from email.utils import format_datetime

CODEC = {"iso-2022-jp": "iso2022_jp", "shift_jis": "cp932", "utf-8": "utf-8", "us-ascii": "ascii"}
JA_WD = "月火水木金土日"


def ja(d: date) -> str:
    """「1月7日（木）」 with the right weekday (full-width brackets)."""
    return f"{d.month}月{d.day}日（{JA_WD[d.weekday()]}）"


def ew(text: str, charset: str = "ISO-2022-JP", mode: str = "B") -> str:
    """``text`` as RFC 2047 encoded-words (ASCII text is left as it is)."""
    if text.isascii():
        return text
    words: list[str] = []
    chunk = ""

    def word(s: str) -> str:
        raw = s.encode(CODEC[charset.lower()])
        if mode == "B":
            payload = base64.b64encode(raw).decode()
        else:
            payload = "".join("_" if b == 32 else chr(b) if chr(b).isalnum() and b < 128 else f"={b:02X}"
                              for b in raw)
        return f"=?{charset}?{mode}?{payload}?="

    for ch in text:
        if chunk and len(word(chunk + ch)) > 75:
            words.append(word(chunk))
            chunk = ch
        else:
            chunk += ch
    words.append(word(chunk))
    return "\r\n ".join(words)


def addr(name: str | None, email: str, charset: str = "ISO-2022-JP", mode: str = "B") -> str:
    if not name:
        return email
    if name.isascii():
        return f'"{name}" <{email}>' if any(c in name for c in ",.()") else f"{name} <{email}>"
    return f"{ew(name, charset, mode)} <{email}>"


@dataclass
class Part:
    headers: list[tuple[str, str]]
    body: bytes
    children: list[Part] = field(default_factory=list)
    boundary: str = ""


def _crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def leaf(text: str, subtype: str = "plain", charset: str = "iso-2022-jp", cte: str = "7bit",
         extra: tuple[tuple[str, str], ...] = (), params: str = "") -> Part:
    raw = _crlf(text).encode(CODEC[charset])
    if cte == "base64":
        b = base64.encodebytes(raw).decode().replace("\n", "\r\n").encode()
    elif cte == "quoted-printable":
        b = quopri.encodestring(raw).replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        if not b.endswith(b"\r\n"):
            b += b"\r\n"
    else:
        b = raw if raw.endswith(b"\r\n") else raw + b"\r\n"
    ctype = f"text/{subtype}; charset={charset.upper() if charset != 'utf-8' else 'UTF-8'}{params}"
    return Part([("Content-Type", ctype), ("Content-Transfer-Encoding", cte), *extra], b)


def multi(subtype: str, boundary: str, *parts: Part) -> Part:
    return Part([("Content-Type", f'multipart/{subtype}; boundary="{boundary}"')], b"", list(parts), boundary)


def attachment(data: bytes, ctype: str, filename: str) -> Part:
    b = base64.encodebytes(data).decode().replace("\n", "\r\n").encode()
    return Part([("Content-Type", f'{ctype}; name="{filename}"'),
                 ("Content-Disposition", f'attachment; filename="{filename}"'),
                 ("Content-Transfer-Encoding", "base64")], b)


def _render(part: Part) -> bytes:
    out = b"".join(f"{k}: {v}\r\n".encode() for k, v in part.headers) + b"\r\n"
    if not part.children:
        return out + part.body
    out += b"This is a multi-part message in MIME format.\r\n\r\n"
    for child in part.children:
        out += f"--{part.boundary}\r\n".encode() + _render(child) + b"\r\n"
    return out + f"--{part.boundary}--\r\n".encode()


def message(*, date_: datetime, frm: str, to: str, subject: str, msgid: str, body: Part,
            cc: str | None = None, in_reply_to: str | None = None, references: str | None = None,
            extra: tuple[tuple[str, str], ...] = (), subject_charset: str = "ISO-2022-JP",
            subject_mode: str = "B") -> bytes:
    hdr = [("Return-Path", "<" + frm.rsplit("<", 1)[-1].rstrip(">") + ">"),
           ("Date", format_datetime(date_)), ("From", frm), ("To", to)]
    if cc:
        hdr.append(("Cc", cc))
    hdr.append(("Subject", ew(subject, subject_charset, subject_mode)))
    hdr.append(("Message-ID", msgid))
    if in_reply_to:
        hdr.append(("In-Reply-To", in_reply_to))
        hdr.append(("References", references or in_reply_to))
    hdr.extend(extra)
    hdr.append(("MIME-Version", "1.0"))
    return b"".join(f"{k}: {v}\r\n".encode() for k, v in hdr) + _render(body)


def html(text: str) -> str:
    """A plain mailer's HTML rendering of ``text``."""
    esc = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    lines = "".join(f"<div>{ln or '<br>'}</div>\n" for ln in esc.split("\n"))
    return f"<html><head><meta charset=\"utf-8\"></head><body>\n{lines}</body></html>\n"


# --- iCalendar ------------------------------------------------------------------------------

def fold_ics(line: str) -> str:
    raw = line.encode()
    if len(raw) <= 75:
        return line
    out: list[str] = []
    cur = b""
    limit = 75
    for ch in line:
        b = ch.encode()
        if len(cur) + len(b) > limit:
            out.append(cur.decode())
            cur, limit = b, 74
        else:
            cur += b
    out.append(cur.decode())
    return "\r\n ".join(out)


def ics_text(lines: list[str]) -> str:
    return "".join(fold_ics(ln) + "\r\n" for ln in lines)


def stamp(dt: datetime) -> str:
    return dt.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def local(dt: datetime) -> str:
    return dt.strftime("%Y%m%dT%H%M%S")
