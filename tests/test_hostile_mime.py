"""Property-based: generated and mutated MIME through the whole reading and extraction path.

Two sources of input:

* **generated** messages, built byte by byte (not with :mod:`email`, which would refuse to write
  the damage we want): random headers with real and bogus charsets, transfer encodings that
  lie, encoded words, multiparts nested a few levels with boundaries that may never appear,
  bodies mixing appointment phrases (11月25日(水)14時, 午後3時, 来週水曜, 令和8年) with control
  characters, bidi overrides, NULs and HTML;
* **mutated** real mail: the hand-made files of ``tests/data/mail`` and ``tests/data/malformed``
  with bytes flipped, slices deleted, duplicated or replaced, and the message cut short.

For each message: ``read_message`` never needs its last resort, ``extract`` never raises, the
audit gives a verdict or a logged skip, the JSON output and an alert mail can be written (no
lone surrogates or other unencodable text leak through), and each message takes bounded time.
Example counts are modest so the suite stays quick on two cores.
"""

from __future__ import annotations

import base64
import email.policy
import logging
import quopri
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from calcheck.alerts.compose import compose_alert
from calcheck.audit import run_audit
from calcheck.extract import Context, extract
from calcheck.model import CalendarEvent, RawMail
from calcheck.output import render_json
from calcheck.reading import read_message

TZ = ZoneInfo("Asia/Tokyo")
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=TZ)
PER_MESSAGE_SECONDS = 3.0
DATA = Path(__file__).parent / "data"
SEEDS = sorted([*(DATA / "mail").glob("*.eml"), *(DATA / "malformed").glob("*.eml")])

CHARSETS = ["utf-8", "iso-2022-jp", "shift_jis", "cp932", "euc-jp", "us-ascii", "iso-8859-1", "utf-16",
            "x-unknown", "", "utf-7", "\"utf-8", "utf-8'ja'", "gb18030", "windows-31j", "x-mac-japanese"]
ENCODINGS = ["utf-8", "iso-2022-jp", "shift_jis", "euc_jp", "utf-16", "latin-1"]
CTES = ["7bit", "8bit", "base64", "quoted-printable", "binary", "x-uuencode", "BASE64 ", ""]
TYPES = ["text/plain", "text/html", "text/calendar", "application/ics", "application/octet-stream",
         "message/rfc822", "text/enriched", "image/png", "texthtml", ""]
PHRASES = ["11月25日(水)14時から", "午後3時", "来週水曜", "令和8年11月25日", "２０２６年１１月２５日",
           "15:00〜16:00", "Wednesday, November 25, 2026 at 2:00 PM", "明日", "本日14:00", "25/11/2026 14h",
           "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20261125T050000Z\r\nEND:VEVENT\r\nEND:VCALENDAR",
           '<script type="application/ld+json">'
           '{"@type":"Event","startDate":"2026-11-25T14:00+09:00"}</script>',
           "> 11月26日(木)10時", "-----Original Message-----", "<a href=\"javascript:x\">", "\u202e\u2066",
           "\x00", "\x1b$B", "=?utf-8?B?", "\r\n.\r\n", "<<<<", "&#x202e;"]
HEADER_NAMES = ["Subject", "From", "To", "Cc", "Date", "Message-ID", "In-Reply-To", "References",
                "Content-Type", "Content-Disposition", "Auto-Submitted", "List-Id", "X-Junk"]


def _encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace")


@st.composite
def body_text(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(st.one_of(st.sampled_from(PHRASES), st.text(max_size=40)), max_size=8))
    return "".join(pieces)


@st.composite
def header_block(draw: st.DrawFn, content_type: str, charset: str, cte: str) -> bytes:
    lines = []
    for name in draw(st.lists(st.sampled_from(HEADER_NAMES), max_size=6)):
        value = draw(st.one_of(body_text(), st.sampled_from([
            "=?iso-2022-jp?B?GyRCJEYkOSRIGyhC?=", "=?utf-8?Q?=E4=BC=9A?=", "=?bogus?X?abc?=",
            "Fri, 20 Nov 2026 08:00:00 +0900", "32 Foo 99999 99:99:99", "<id@x>", "a@b.example"])))
        encoding = draw(st.sampled_from(ENCODINGS))
        lines.append(name.encode() + b": " + _encode(value, encoding))
    params = f'; charset="{charset}"' if charset else ""
    if content_type:
        lines.append(f"Content-Type: {content_type}{params}".encode())
    if cte:
        lines.append(f"Content-Transfer-Encoding: {cte}".encode())
    if draw(st.booleans()):
        lines.append(b'Content-Disposition: attachment; filename*=utf-8\'\'%E4%BC%9A.ics')
    return b"\r\n".join(lines) + b"\r\n"


@st.composite
def leaf(draw: st.DrawFn) -> bytes:
    ctype = draw(st.sampled_from(TYPES))
    charset = draw(st.sampled_from(CHARSETS))
    cte = draw(st.sampled_from(CTES))
    raw = _encode(draw(body_text()), draw(st.sampled_from(ENCODINGS)))
    if cte.strip().lower() == "base64" and draw(st.booleans()):
        raw = base64.encodebytes(raw)
        if draw(st.booleans()):
            raw = raw[: draw(st.integers(0, len(raw)))]  # cut mid-quantum
    elif cte == "quoted-printable" and draw(st.booleans()):
        raw = quopri.encodestring(raw)
    return draw(header_block(ctype, charset, cte)) + b"\r\n" + raw


def multipart(children: st.SearchStrategy[list[bytes]]) -> st.SearchStrategy[bytes]:
    @st.composite
    def build(draw: st.DrawFn) -> bytes:
        boundary = draw(st.sampled_from(["b1", "=_x", "", "a b", "--", "b1"]))
        subtype = draw(st.sampled_from(["mixed", "alternative", "related", "signed", "report"]))
        parts = draw(children)
        head = f'Content-Type: multipart/{subtype}; boundary="{boundary}"\r\n\r\n'.encode()
        sep = b"--" + boundary.encode()
        body = b"".join(sep + b"\r\n" + part + b"\r\n" for part in parts)
        closing = sep + b"--\r\n" if draw(st.booleans()) else b""  # sometimes never closed
        return head + b"preamble\r\n" + body + closing
    return build()


MIME = st.recursive(leaf(), lambda inner: multipart(st.lists(inner, max_size=4)), max_leaves=12)


@st.composite
def generated_message(draw: st.DrawFn) -> bytes:
    top = draw(header_block("", "", ""))
    return top + draw(MIME)


@st.composite
def mutated_message(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)).read_bytes())
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        op = draw(st.sampled_from(["flip", "delete", "insert", "duplicate", "truncate"]))
        if op == "flip":
            data[at] = draw(st.integers(0, 255))
        elif op == "delete":
            del data[at:at + draw(st.integers(1, 64))]
        elif op == "insert":
            data[at:at] = draw(st.one_of(st.binary(max_size=32), st.sampled_from(INSERTS)))
        elif op == "duplicate":
            end = min(len(data), at + draw(st.integers(1, 200)))
            data[at:at] = data[at:end]
        else:
            del data[at:]
    return bytes(data)


INSERTS = [b"\r\n", b"\r\n\r\n", b"--", b"=?", b"\x1b$B", b"\x00",
           b"Content-Type: multipart/mixed; boundary=x\r\n"]


class OneMessage:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def messages(self, since: datetime) -> Iterator[RawMail]:
        yield RawMail("hostile:1", self.data)


class OneEvent:
    def events(self, start: datetime, end: datetime) -> list[CalendarEvent]:
        begin = datetime(2026, 11, 26, 14, 0, tzinfo=TZ)
        return [CalendarEvent("ev1", "打ち合わせ", begin, begin + timedelta(hours=1))]


def check(data: bytes, caplog: pytest.LogCaptureFixture) -> None:
    began = time.perf_counter()
    mail = read_message(RawMail("hostile:1", data))
    assert not any(p.startswith("unreadable message") for p in mail.problems), mail.problems
    appt = extract(mail, Context(now=NOW, tz=TZ))
    if appt is not None:
        assert appt.start.tzinfo is not None
    caplog.clear()
    result = run_audit(OneMessage(data), OneEvent(), NOW, TZ, NOW - timedelta(days=30))
    assert result.messages == 1
    logged_skip = bool(result.skipped) and "skipped" in caplog.text
    assert len(result.findings) <= 1
    assert not result.skipped or logged_skip
    render_json(result.findings).encode("utf-8")
    for finding in result.findings:
        if finding.alerts:
            alert = compose_alert(finding, key="k" * 32, kind="alert", sender="calcheck@me.example",
                                  recipients=["me@me.example"], tz=TZ, language="ja", now=NOW)
            alert.as_bytes(policy=email.policy.SMTP)
    took = time.perf_counter() - began
    assert took < PER_MESSAGE_SECONDS, f"{took:.2f} s for one {len(data)}-byte message"


# caplog is function-scoped and hypothesis reruns the test body; clearing it per example is
# exactly what the check needs, so the health check that warns about it is suppressed.
SETTINGS = settings(max_examples=150, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@SETTINGS
@given(data=generated_message())
def test_generated_mime_never_escapes_the_reading_and_extraction_path(
        data: bytes, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    check(data, caplog)


# Found by this test: 8-bit bytes in Message-ID reached the JSON output as lone surrogates.
EIGHT_BIT_ID = ("From: sato@abc.example\r\nDate: Fri, 20 Nov 2026 08:00:00 +0900\r\n"
                "Message-ID: <b64@malfor\udcd6>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                "11月25日(水)14時から15時で打ち合わせをお願いいたします。\r\n"
                ).encode("utf-8", "surrogateescape")


@SETTINGS
@given(data=mutated_message())
@example(data=EIGHT_BIT_ID)
def test_mutated_real_mail_never_escapes_the_reading_and_extraction_path(
        data: bytes, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    check(data, caplog)
