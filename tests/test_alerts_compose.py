"""The alert mail: a readable subject, the evidence in both bodies, an .ics fix, no injection."""

from __future__ import annotations

import email
import email.policy
from datetime import datetime, timedelta
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import icalendar

from calcheck.alerts.compose import compose_alert, header_safe, safe_link
from calcheck.model import Appointment, CalendarEvent, Finding, MailMessage, Status

TZ = ZoneInfo("Asia/Tokyo")
NOW = datetime(2025, 11, 20, 9, 0, tzinfo=TZ)
START = datetime(2025, 11, 25, 14, 0, tzinfo=TZ)


def finding(status: Status = Status.MISMATCH, *, sender: str = "ABC商事", subject: str = "お打合せの件",
            evidence: str = "11月25日(水)14時にお伺いします", link: str | None = "https://cal.example/e/1",
            summary: str = "ABC商事 打合せ") -> Finding:
    mail = MailMessage(ref="maildir:1", message_id="<m1@abc.example>", subject=subject, sender_name=sender,
                       sender_addr="yamada@abc.example", date=NOW - timedelta(hours=3), new_text=evidence)
    appt = Appointment(start=START, end=START + timedelta(hours=1), evidence=evidence, source="text")
    event = None
    if status is not Status.MISSING:
        start = START + timedelta(days=1)
        event = CalendarEvent(id="uid-42@cal", summary=summary, start=start, end=start + timedelta(hours=1),
                              link=link)
    return Finding(mail=mail, appointment=appt, status=status, event=event,
                   differences=("date",) if event else ())


def build(f: Finding, language: str = "ja", kind: str = "alert") -> EmailMessage:
    msg = compose_alert(f, key="k" * 32, kind=kind, sender="calcheck@me.example",
                        recipients=["me@me.example"], tz=TZ, language=language, now=NOW)
    # What the recipient sees: the bytes parsed back.
    parsed = email.message_from_bytes(msg.as_bytes(policy=email.policy.SMTP), policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def bodies(msg: EmailMessage) -> tuple[str, str]:
    text = msg.get_body(("plain",))
    html = msg.get_body(("html",))
    assert text is not None
    assert html is not None
    return text.get_content(), html.get_content()


def test_japanese_mismatch_subject_reads_at_a_glance() -> None:
    msg = build(finding())
    assert msg["Subject"] == "予定のずれ: ABC商事 11/25(火) 14:00 — カレンダーは 11/26(水) 14:00"


def test_english_subjects() -> None:
    assert build(finding(sender="ABC Corp"), "en")["Subject"] == (
        "Calendar mismatch: ABC Corp Tue 11/25 14:00 — calendar says Wed 11/26 14:00")
    assert build(finding(Status.MISSING, sender="ABC Corp"), "en")["Subject"] == (
        "Not in calendar: ABC Corp Tue 11/25 14:00")


def test_missing_and_reminder_subjects() -> None:
    assert build(finding(Status.MISSING))["Subject"] == "予定が未登録: ABC商事 11/25(火) 14:00"
    assert build(finding(Status.MISSING), kind="reminder")["Subject"].startswith("[リマインド] 予定が未登録")


def test_headers_mark_the_mail_automatic_and_idempotent() -> None:
    msg = build(finding())
    assert msg["From"] == "calcheck@me.example"
    assert msg["To"] == "me@me.example"
    assert msg["Auto-Submitted"] == "auto-generated"
    assert msg["X-Calcheck-Problem"] == "k" * 32
    assert msg["Message-ID"].endswith("@me.example>")
    assert msg["Date"]


def test_bodies_quote_the_evidence_the_mail_and_the_entry() -> None:
    text, html = bodies(build(finding()))
    for body in (text, html):
        assert "11月25日(水)14時にお伺いします" in body
        assert "お打合せの件" in body
        assert "yamada@abc.example" in body
        assert "ABC商事 打合せ" in body
        assert "11/26(水) 14:00–15:00" in body
    assert '<a href="https://cal.example/e/1">' in html


def test_ics_attachment_moves_the_entry_to_the_confirmed_time() -> None:
    (part,) = list(build(finding()).iter_attachments())
    assert part.get_content_type() == "text/calendar"
    assert part.get_filename() == "calcheck.ics"
    cal = icalendar.Calendar.from_ical(part.get_payload(decode=True))
    assert str(cal["METHOD"]) == "PUBLISH"
    (event,) = cal.walk("VEVENT")
    assert str(event["UID"]) == "uid-42@cal"
    assert event["DTSTART"].dt == START
    assert event["DTEND"].dt == START + timedelta(hours=1)


def test_ics_for_a_missing_entry_gets_a_new_uid() -> None:
    (part,) = list(build(finding(Status.MISSING)).iter_attachments())
    (event,) = icalendar.Calendar.from_ical(part.get_payload(decode=True)).walk("VEVENT")
    assert str(event["UID"]).startswith("calcheck-")


def test_header_injection_from_mail_text_is_impossible() -> None:
    evil = "Evil\r\nBcc: victim@example.com\n\u202eTXT.EXE\u2066x\u2069"
    msg = build(finding(sender=evil))
    assert msg["Bcc"] is None
    subject = msg["Subject"]
    assert "\n" not in subject
    assert not set(subject) & {"\u202e", "\u2066", "\u2069", "\r"}
    assert header_safe("a\x00b\x1bc\u202ad") == "a b c d"


def test_html_escapes_mail_text_and_drops_unsafe_links() -> None:
    f = finding(evidence="<script>alert(1)</script> 14時", link="javascript:alert(1)",
                summary='<img src=x onerror="x">')
    text, html = bodies(build(f))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<img" not in html
    assert "javascript:" not in html
    assert "javascript:" not in text
    assert safe_link("http://ok.example/x") == "http://ok.example/x"
    assert safe_link("data:text/html,x") is None
    assert safe_link("https://x.example/\u202e") is None


def test_year_shown_when_the_appointment_is_not_this_year() -> None:
    f = finding(Status.MISSING)
    later = Finding(mail=f.mail, appointment=Appointment(start=START.replace(year=2026), end=None,
                                                         evidence="x", source="text"),
                    status=Status.MISSING, event=None)
    assert "2026/11/25(水) 14:00" in build(later)["Subject"]
