"""read_message on hand-made mail (tests/data/mail/, written by make_mails.py): real encoded bytes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calcheck._html import html_to_text
from calcheck.model import MailMessage, RawMail
from calcheck.reading import read_message, split_quoted

MAIL = Path(__file__).parent / "data" / "mail"


def read(name: str) -> MailMessage:
    path = MAIL / name
    return read_message(RawMail(str(path), path.read_bytes()))


def test_iso2022jp_with_nec_and_ibm_characters_decodes_in_body_and_subject() -> None:
    mail = read("iso2022jp-nec-chars-body-and-subject.eml")
    assert mail.subject == "①打合せ㈱髙橋"
    assert "打合せは①12月1日（火）14:00からでお願いします。" in mail.new_text
    assert "㈱髙橋製作所 ⅰ号棟にお越しください。" in mail.new_text
    assert "ｶﾀｶﾅもあります。" in mail.new_text  # ESC ( I half-width katakana
    assert mail.problems == ()


def test_cp932_base64_body_and_windows_31j_subject() -> None:
    mail = read("cp932-base64-nec-kabu.eml")
    assert mail.new_text == "㈱サンプル 12月1日①"
    assert mail.subject == "件名①"


def test_declared_shift_jis_is_read_as_cp932() -> None:
    mail = read("shift-jis-declared-holding-cp932-chars.eml")
    assert mail.new_text == "①髙橋です。\n日程は12月2日です。"
    assert mail.problems == ()


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("lying-label-iso2022jp-holding-utf8.eml", "日程は12月3日（木）です。"),
        ("lying-label-us-ascii-holding-shift-jis.eml", "午後3時に伺います。"),
        ("unknown-charset-holding-shift-jis.eml", "来週水曜日でお願いします。"),
    ],
)
def test_a_lying_or_unknown_charset_label_is_survived_and_recorded(name: str, text: str) -> None:
    mail = read(name)
    assert mail.new_text == text
    assert any(p.startswith("charset ") for p in mail.problems)


def test_encoded_word_labelled_iso2022jp_holding_utf8() -> None:
    assert read("lying-label-iso2022jp-holding-utf8.eml").subject == "件名UTF8"


def test_encoded_word_labelled_iso2022jp_holding_shift_jis() -> None:
    mail = read("subject-shift-jis-labelled-iso2022jp.eml")
    assert mail.subject == "お打合せの件"
    assert any("encoded-word" in p for p in mail.problems)


def test_raw_8bit_subject_and_sender_name() -> None:
    mail = read("subject-raw-8bit-utf8.eml")
    assert mail.subject == "打合せ日程"
    assert (mail.sender_name, mail.sender_addr) == ("山田 太郎", "yamada@example.co.jp")


def test_html_only_iso2022jp_quoted_printable_becomes_text_and_keeps_jsonld() -> None:
    mail = read("html-only-iso2022jp-quoted-printable.eml")
    lines = mail.new_text.split("\n")
    assert "日時：12月4日（金）" in lines
    assert "15:00〜16:00" in lines  # <br> split, &#12316; resolved
    assert "場所 本社&会議室" in lines
    assert "12月31日" not in mail.new_text  # script dropped
    assert "color" not in mail.new_text
    assert "T" not in lines
    assert mail.jsonld == ('{"@type": "Event", "startDate": "2026-12-04T15:00:00+09:00"}',)


def test_multipart_alternative_prefers_plain_but_still_takes_jsonld_from_html() -> None:
    mail = read("alternative-prefers-plain.eml")
    assert mail.new_text == "PLAIN 12月5日"
    assert mail.jsonld == ('{"@type": "Event"}',)


def test_outlook_inline_text_calendar_without_disposition_is_found() -> None:
    mail = read("outlook-inline-text-calendar.eml")
    assert len(mail.calendars) == 1
    assert "UID:outlook-1" in mail.calendars[0]
    assert "SUMMARY:打合せ" in mail.calendars[0]
    assert mail.new_text == "Invitation"


def test_application_ics_and_rfc2231_named_ics_attachments_are_calendars() -> None:
    mail = read("ics-attachments-application-ics-and-rfc2231-name.eml")
    assert [("UID:app-ics" in c, "UID:octet-ics" in c) for c in mail.calendars] == [
        (True, False),
        (False, True),
    ]
    assert mail.new_text == "See attached."  # the .txt attachment is not body text


def test_forwarded_rfc822_text_is_quoted_and_its_invitation_not_ours() -> None:
    mail = read("forwarded-rfc822-attachment.eml")
    assert mail.new_text == "FYI"
    assert mail.quoted_text == "Old text 12月10日"
    assert mail.calendars == ()


def test_headers_fill_every_field() -> None:
    mail = read("threading-headers.eml")
    assert mail.message_id == "<case@example.co.jp>"
    assert mail.date == datetime(2026, 11, 18, 10, 12, tzinfo=timezone(timedelta(hours=9)))
    assert mail.recipients == ("morio@example.jp", "sato@example.jp")
    assert mail.in_reply_to == ("<a@example.jp>",)
    assert mail.references == ("<root@example.jp>", "<a@example.jp>")
    assert (mail.auto_reply, mail.bulk) == (False, False)


def test_auto_submitted_marks_an_auto_reply() -> None:
    assert read("auto-reply-auto-submitted.eml").auto_reply


def test_x_auto_response_suppress_alone_is_not_an_auto_reply() -> None:
    assert not read("auto-reply-suppress-header-only-is-not-auto.eml").auto_reply


def test_list_unsubscribe_marks_bulk() -> None:
    mail = read("bulk-list-unsubscribe.eml")
    assert mail.bulk
    assert not mail.auto_reply


def _headers_only(extra: bytes) -> MailMessage:
    return read_message(RawMail("t", b"From: a@example.com\r\n" + extra + b"\r\n\r\nbody\r\n"))


@pytest.mark.parametrize(
    ("header", "auto", "bulk"),
    [
        (b"Auto-Submitted: auto-generated", True, False),
        (b"Auto-Submitted: no", False, False),
        (b"X-Autoreply: yes", True, False),
        (b"X-Autorespond: yes", True, False),
        (b"Precedence: auto_reply", True, False),
        (b"Precedence: bulk", False, True),
        (b"Precedence: list", False, True),
        (b"Precedence: junk", False, True),
        (b"List-Id: <news.example.com>", False, True),
        (b"X-Auto-Response-Suppress: OOF", False, False),
    ],
)
def test_auto_reply_and_bulk_headers(header: bytes, auto: bool, bulk: bool) -> None:
    mail = _headers_only(header)
    assert (mail.auto_reply, mail.bulk) == (auto, bulk)


@pytest.mark.parametrize("name", ["bad-date-hour-27.eml", "bad-date-zone.eml"])
def test_an_unreadable_date_is_none(name: str) -> None:
    mail = read(name)
    assert mail.date is None
    assert mail.new_text == "x"


def test_minus_zero_zone_is_utc() -> None:
    mail = _headers_only(b"Date: Wed, 18 Nov 2026 01:12:00 -0000")
    assert mail.date == datetime(2026, 11, 18, 1, 12, tzinfo=UTC)


def test_garbage_never_raises() -> None:
    for data in (b"", b"\x00\xff\xfe", b"Content-Type: multipart/mixed\r\n\r\n--x", b"// not mail"):
        mail = read_message(RawMail("g", data))
        assert mail.ref == "g"


def test_split_quoted_is_still_importable_from_reading() -> None:
    assert split_quoted("a\n> b") == ("a", "> b")


@given(st.binary(max_size=400))
@settings(max_examples=200, deadline=None)
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    mail = read_message(RawMail("fuzz", data))
    assert not any(p.startswith("unreadable message") for p in mail.problems), mail.problems


@given(st.data())
@settings(max_examples=200, deadline=None)
def test_damaged_real_mail_never_raises(data: st.DataObject) -> None:
    path = data.draw(st.sampled_from(sorted(MAIL.glob("*.eml"))))
    raw = bytearray(path.read_bytes())
    for _ in range(data.draw(st.integers(1, 8))):
        pos = data.draw(st.integers(0, len(raw) - 1))
        raw[pos] = data.draw(st.sampled_from(b'\x1b\x00\xff\r\n<>=?;:"- \x8a'))
    cut = data.draw(st.integers(1, len(raw)))
    mail = read_message(RawMail("fuzz", bytes(raw[:cut])))
    assert not any(p.startswith("unreadable message") for p in mail.problems), mail.problems


def test_jsonld_in_head_is_kept_while_title_and_style_stay_hidden() -> None:
    text, jsonld = html_to_text(
        "<html><head><title>Booking 12/31</title><style>p{color:red}</style>"
        '<script type="application/ld+json">{"@type": "EventReservation"}</script></head>'
        "<body><p>Confirmed</p></body></html>"
    )
    assert jsonld == ['{"@type": "EventReservation"}']
    assert text == "Confirmed"
