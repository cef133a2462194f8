"""A hostile mail cannot turn the alert against its reader.

The whole path runs: hostile bytes → read → extract → judge against a calendar entry that is
hostile too → the daemon composes and sends the alert → a real SMTP server (aiosmtpd on
loopback) receives it. The received bytes are then checked as a mail client would see them:
no header the attacker wrote, no recipient the attacker added, no live HTML or script link,
no bidi override that could reorder the subject, and the real dates still shown up front.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from calcheck._sdnotify import Notifier
from calcheck.alerts.smtp import SmtpSender, SmtpSettings
from calcheck.daemon import Daemon
from calcheck.model import CalendarEvent, RawMail
from calcheck.runtime import Account, Runtime
from calcheck.state import Store
from servers.smtp import Received, SmtpServer

TZ = ZoneInfo("Asia/Tokyo")
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=TZ)
START = datetime(2026, 11, 25, 14, 0, tzinfo=TZ)
BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
EXPECTED_HEADERS = {"subject", "from", "to", "date", "message-id", "auto-submitted", "x-calcheck-problem",
                    "content-type", "mime-version"}


def word(text: str) -> str:
    return f"=?utf-8?B?{base64.b64encode(text.encode()).decode()}?="


def hostile_mail() -> bytes:
    subject = word("打ち合わせ\r\nBcc: victim@evil.example\r\nX-Evil: 1\r\n\r\n<script>alert(1)</script>")
    name = word("\u202e)木(62/11 \u202cABC商事\r\nCc: victim2@evil.example" + " 佐藤" * 60)
    html = ("<html><body><p>山田様</p>"
            "<p>ご確認\u202eください。11月25日(水)14時から15時で打ち合わせをお願いいたします。</p>"
            '<p><a href="javascript:alert(document.cookie)">詳細</a>'
            '<img src="x" onerror="alert(1)"><script>alert(2)</script></p>'
            "<p>ABC商事 佐藤</p></body></html>")
    return (f"From: {name} <sato@abc.example>\r\nTo: yamada@me.example\r\nSubject: {subject}\r\n"
            "Date: Fri, 20 Nov 2026 08:00:00 +0900\r\nMessage-ID: <evil-1@abc.example>\r\n"
            "MIME-Version: 1.0\r\n"
            "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            ).encode() + base64.encodebytes(html.encode())


class Source:
    def messages(self, since: datetime) -> Iterator[RawMail]:
        yield RawMail("mem:evil", hostile_mail())


class HostileCalendar:
    """The entry (an invitation the attacker sent earlier) lands a day late, with a booby-trapped title."""

    def events(self, start: datetime, end: datetime) -> list[CalendarEvent]:
        late = START + timedelta(days=1)
        title = '<img src=x onerror="alert(1)">ABC商事 打ち合わせ\u202e'
        return [CalendarEvent("ev-evil\r\nX-Injected: 1", title, late, late + timedelta(hours=1),
                              attendees=("sato@abc.example",),
                              link="javascript:alert(1)//https://calendar.example/")]


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attrs.extend(attrs)


@pytest.fixture
def alert(tmp_path: Path) -> Iterator[Received]:
    with SmtpServer() as smtp, Store(tmp_path / "state.db") as store:
        sender = SmtpSender(SmtpSettings(host=smtp.host, port=smtp.port, tls="plain", allow_insecure=True,
                                         from_addr="calcheck@me.example", to=("yamada@me.example",),
                                         timeout=5))
        minute = timedelta(minutes=1)
        rt = Runtime(tz=TZ, since=timedelta(days=30), accounts=[Account("mem", Source())],
                     calendar=HostileCalendar(), sender=sender, from_addr="calcheck@me.example",
                     to=("yamada@me.example",), language="ja", reminder=None, poll=minute, recheck=minute,
                     retry_base=minute)
        summary = Daemon(store, lambda: rt, clock=lambda tz: NOW, notifier=Notifier({})).cycle()
        assert (summary.opened, summary.sent) == (1, 1)
        (received,) = smtp.wait_for(1, timeout=5)
        yield received


def test_no_header_or_recipient_is_injected(alert: Received) -> None:
    assert alert.rcpt_tos == ["yamada@me.example"]
    names = {name.lower() for name in alert.message}
    assert names == EXPECTED_HEADERS
    head = alert.content.split(b"\r\n\r\n", 1)[0]
    for needle in (b"victim", b"X-Evil", b"X-Injected", b"Bcc", b"Cc:"):
        assert needle not in head


def test_subject_shows_the_real_dates_first_and_cannot_be_reordered(alert: Received) -> None:
    subject = str(alert.message["Subject"])
    assert not set(subject) & BIDI
    assert "\r" not in subject
    assert "\n" not in subject
    assert subject.startswith("予定のずれ: ")
    mail_when, calendar_when = "11/25(水) 14:00", "カレンダーは 11/26(木) 14:00"
    assert mail_when in subject
    assert subject.endswith(calendar_when)
    assert subject.index(mail_when) < 70  # a sender name of 60 words cannot push it out of sight


def test_html_body_holds_no_live_markup_from_the_mail(alert: Received) -> None:
    html_part = alert.message.get_body(("html",))
    assert html_part is not None
    html = html_part.get_content()
    parser = Tags()
    parser.feed(html)
    assert parser.tags <= {"html", "body", "p", "table", "tr", "th", "td", "br", "small", "a"}
    assert not [name for name, _ in parser.attrs if name.startswith("on")]
    assert all(value is None or not value.lower().startswith(("javascript", "data", "vbscript"))
               for _, value in parser.attrs)
    assert "javascript:" not in html.lower()
    assert "<script" not in html.lower()
    assert "&lt;img src=x onerror" in html  # shown as text, harmless
    assert not set(html) & BIDI


def test_text_body_and_ics_carry_no_controls_or_overrides(alert: Received) -> None:
    text_part = alert.message.get_body(("plain",))
    assert text_part is not None
    text = text_part.get_content()
    assert not set(text) & BIDI
    assert "javascript:" not in text
    assert "11月25日(水)14時" in text  # the evidence is quoted
    (ics,) = list(alert.message.iter_attachments())
    cal = icalendar.Calendar.from_ical(ics.get_payload(decode=True))
    (vevent,) = cal.walk("VEVENT")
    assert vevent["DTSTART"].dt == START
    assert not set(str(vevent["SUMMARY"])) & BIDI
    assert "X-INJECTED" not in {str(k).upper() for k in vevent}
