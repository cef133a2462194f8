"""Broken and hostile mail through reading, extraction and the audit: no crash, bounded time.

The small cases are hand-made files in ``tests/data/malformed/`` (``make_malformed.py`` shows how
each was made). The big ones (a 30 MB attachment, 10,000 MIME parts, 1 MB header lines, a
text/calendar part with 100,000 events) are generated here, at run time, into ``tmp_path``.
Time bounds are generous (a shared 2-core machine), but far below "minutes": each input is read
in one pass, so a quadratic slip shows up as a failure, not as a slow CI.
"""

from __future__ import annotations

import base64
import os
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import pytest

from calcheck.audit import run_audit
from calcheck.calendars.ics import IcsFileCalendar
from calcheck.extract import Context, extract
from calcheck.model import Appointment, MailMessage, RawMail, Status
from calcheck.reading import read_message
from calcheck.sources.local import MaildirSource

TZ = ZoneInfo("Asia/Tokyo")
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=TZ)
SINCE = NOW - timedelta(days=30)
CONFIRMED = datetime(2026, 11, 25, 14, 0, tzinfo=TZ)
DATA = Path(__file__).parent / "data" / "malformed"
FILES = sorted(DATA.glob("*.eml"))
TEXT = "山田様\n\n11月25日(水)14時から15時で打ち合わせをお願いいたします。\n\nABC商事 佐藤\n".encode()
EMPTY_ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//calcheck tests//EN\r\nEND:VCALENDAR\r\n"
T = TypeVar("T")

# Damage that leaves the confirmation readable: the date must still be found.
STILL_READ = {
    "broken-base64.eml", "broken-encoded-words.eml", "calendar-part-not-icalendar.eml",
    "charset-garbage-parameter.eml", "jsonld-broken-and-deep.eml", "nonsense-headers.eml",
    "nul-bytes.eml", "unknown-charset-x-klingon.eml", "unknown-transfer-encoding.eml",
}
# Nothing there to confirm (or nothing left): no appointment, and no false one.
NOTHING = {
    "binary-garbage.eml", "empty.eml", "headers-only.eml", "calendar-part-impossible-dates.eml",
    "nested-50-levels.eml", "multipart-without-boundary.eml", "broken-quoted-printable.eml",
}


def timed(limit: float, work: Callable[[], T]) -> T:
    began = time.perf_counter()
    result = work()
    took = time.perf_counter() - began
    assert took < limit, f"took {took:.2f} s (limit {limit} s)"
    return result


def read_and_extract(data: bytes, ref: str = "mem:1",
                     limit: float = 5.0) -> tuple[MailMessage, Appointment | None]:
    mail = timed(limit, lambda: read_message(RawMail(ref, data)))
    assert not any(p.startswith("unreadable message") for p in mail.problems), mail.problems
    appt = timed(limit, lambda: extract(mail, Context(now=NOW, tz=TZ)))
    return mail, appt


def head(name: str, extra: bytes = b"", subject: bytes = b"Re: meeting",
         to: bytes = b"yamada@me.example") -> bytes:
    return (b"From: Sato <sato@abc.example>\r\nTo: " + to + b"\r\nSubject: " + subject
            + b"\r\nDate: Fri, 20 Nov 2026 08:00:00 +0900\r\nMessage-ID: <" + name.encode()
            + b"@big.example>\r\nMIME-Version: 1.0\r\n" + extra)


def plain(name: str, **kw: Any) -> bytes:
    return head(name, b"Content-Type: text/plain; charset=utf-8\r\n\r\n", **kw) + TEXT


def test_the_folder_holds_every_case_the_generator_writes() -> None:
    assert {p.name for p in FILES} == STILL_READ | NOTHING | {
        "headers-without-colons.eml", "lying-charset-iso2022jp-holding-latin1.eml",
        "lying-charset-utf8-holding-euc-jp.eml", "multipart-boundary-never-appears.eml"}


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_malformed_message_is_read_without_the_last_resort(path: Path) -> None:
    mail, appt = read_and_extract(path.read_bytes(), str(path), limit=2.0)
    if path.name in STILL_READ:
        assert appt is not None, mail.problems
        assert appt.start == CONFIRMED
    if path.name in NOTHING:
        assert appt is None


def test_fifty_levels_of_nesting_are_cut_off_with_a_recorded_problem() -> None:
    mail, _ = read_and_extract((DATA / "nested-50-levels.eml").read_bytes())
    assert "MIME structure nested too deep; the rest was skipped" in mail.problems


def test_nul_bytes_do_not_reach_the_subject_or_hide_the_date() -> None:
    mail, appt = read_and_extract((DATA / "nul-bytes.eml").read_bytes())
    assert appt is not None
    assert "\x00" not in mail.subject
    assert "\x00" not in appt.evidence


def test_audit_over_every_malformed_message_reports_the_readable_ones(tmp_path: Path) -> None:
    maildir = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    for path in FILES:
        (maildir / "cur" / path.name).write_bytes(path.read_bytes())
    (tmp_path / "cal.ics").write_bytes(EMPTY_ICS)
    result = timed(10, lambda: run_audit(MaildirSource(maildir), IcsFileCalendar(tmp_path / "cal.ics", tz=TZ),
                                         NOW, TZ, SINCE))
    assert result.messages == len(FILES)
    assert result.skipped == []
    found = {Path(f.mail.ref).name for f in result.findings}
    assert found >= STILL_READ
    assert not found & NOTHING
    assert all(f.status is Status.MISSING for f in result.findings)


# -- big inputs, generated here ----------------------------------------------------------------

def test_thirty_megabyte_attachment_is_audited_in_bounded_time_with_its_neighbours(tmp_path: Path) -> None:
    maildir = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    blob = base64.encodebytes(os.urandom(30 * 1024 * 1024 * 3 // 4))
    big = (head("big30", b'Content-Type: multipart/mixed; boundary="B"\r\n\r\n')
           + b"--B\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + TEXT
           + b'\r\n--B\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; '
           b'filename="scan.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n' + blob + b"\r\n--B--\r\n")
    assert len(big) > 30_000_000
    (maildir / "cur" / "1-before").write_bytes(plain("before"))
    (maildir / "cur" / "2-big").write_bytes(big)
    (maildir / "cur" / "3-after").write_bytes(plain("after"))
    (tmp_path / "cal.ics").write_bytes(EMPTY_ICS)
    # Above the default max_message_bytes (10 MiB): a user who raised it gets it read.
    source = MaildirSource(maildir, max_message_bytes=64 * 1024 * 1024)
    result = timed(20, lambda: run_audit(source, IcsFileCalendar(tmp_path / "cal.ics", tz=TZ),
                                         NOW, TZ, SINCE))
    assert sorted(f.mail.message_id for f in result.findings) == [
        "<after@big.example>", "<before@big.example>", "<big30@big.example>"]
    assert {f.appointment.start for f in result.findings} == {CONFIRMED}


def test_ten_thousand_mime_parts_are_read_in_bounded_time() -> None:
    parts = b"".join(b"--B\r\nContent-Type: text/plain; charset=utf-8\r\n\r\npart %d\r\n" % i
                     for i in range(10_000))
    data = (head("parts", b'Content-Type: multipart/mixed; boundary="B"\r\n\r\n')
            + b"--B\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + TEXT + b"\r\n"
            + parts + b"--B--\r\n")
    mail, appt = read_and_extract(data, limit=10)
    assert mail.message_id == "<parts@big.example>"
    assert appt is None or appt.start == CONFIRMED  # never a date from "part 1114"


@pytest.mark.parametrize("which", ["subject", "x-header", "folded", "recipients", "message-id"])
def test_megabyte_header_lines_are_read_in_bounded_time(which: str) -> None:
    mega = 1 << 20
    if which == "subject":
        data = plain("hdr", subject=b"A" * mega)
    elif which == "x-header":
        junk = b"X-Junk: " + b"x" * mega + b"\r\n"
        data = head("hdr", junk + b"Content-Type: text/plain; charset=utf-8\r\n\r\n") + TEXT
    elif which == "folded":
        data = plain("hdr", subject=b"=?utf-8?B?5omT?=\r\n " * (mega // 20))
    elif which == "recipients":
        data = plain("hdr", to=b", ".join(b"u%d@x.example" % i for i in range(mega // 14)))
    else:
        data = plain("hdr").replace(b"<hdr@big.example>", b"<" + b"m" * mega + b"@big.example>")
    _, appt = read_and_extract(data)
    assert appt is not None
    assert appt.start == CONFIRMED


def test_calendar_part_with_a_hundred_thousand_events_is_bounded() -> None:
    events = "".join(f"BEGIN:VEVENT\r\nUID:e{i}@x\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:20261125T050000Z\r\n"
                     f"DTEND:20261125T060000Z\r\nSUMMARY:m{i}\r\nEND:VEVENT\r\n" for i in range(100_000))
    ics = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nMETHOD:REQUEST\r\n" + events
           + "END:VCALENDAR\r\n").encode()
    data = (head("cal100k", b'Content-Type: multipart/mixed; boundary="B"\r\n\r\n')
            + b"--B\r\nContent-Type: text/plain\r\n\r\nsee the invitation\r\n--B\r\n"
            b"Content-Type: text/calendar; method=REQUEST; charset=utf-8\r\n"
            b"Content-Transfer-Encoding: base64\r\n\r\n"
            + base64.encodebytes(ics) + b"\r\n--B--\r\n")
    mail, appt = read_and_extract(data, limit=20)
    assert len(mail.calendars) == 1
    assert appt is None or appt.start == CONFIRMED
