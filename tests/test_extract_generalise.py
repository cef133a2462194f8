"""Extraction rules found by the hold-out corpora (tests/data/holdout): one phenomenon per test.

Each mail here is short and of our own; the hold-out messages show the same phenomena in
full mail. Mails are dated Tuesday 2026-03-10 10:00 JST unless a case says otherwise.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from calcheck.extract import Context, extract
from calcheck.model import MailMessage

TZ = ZoneInfo("Asia/Tokyo")
SENT = datetime(2026, 3, 10, 10, 0, tzinfo=TZ)  # a Tuesday
CTX = Context(now=SENT, tz=TZ)


def mail(new: str, quoted: str = "", *, subject: str = "ご連絡", sent: datetime = SENT) -> MailMessage:
    return MailMessage(ref="t", message_id="<g@example.net>", subject=subject, sender_name="",
                       sender_addr="a@example.net", date=sent, new_text=new, quoted_text=quoted)


def at(mo: int, d: int, h: int, mi: int = 0, y: int = 2026) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=TZ)


def start(m: MailMessage) -> datetime | None:
    appt = extract(m, CTX)
    return appt.start if appt else None


def test_a_subject_about_a_delivery_system_is_not_a_delivery_notice() -> None:
    m = mail("来週月曜の10時半から、御社へお伺いいたします。", subject="Re: 配送システム更新のご相談")
    assert start(m) == at(3, 16, 10, 30)


def test_a_subject_announcing_shipment_still_is_one() -> None:
    m = mail("お届け予定：3月16日（月）14時〜16時", subject="商品発送のお知らせ")
    assert start(m) is None


LIST = "1案：3月17日（火）11:00〜12:00\n2案：3月18日（水）15:00〜16:00\n"


def test_numbered_an_options_asked_about_are_not_confirmed() -> None:
    assert start(mail("以下いずれかでご都合のよい方をお知らせください。\n\n" + LIST)) is None


@pytest.mark.parametrize(("reply", "expected"), [
    ("1案目でお願いいたします。", at(3, 17, 11)),
    ("2案でお願いします。", at(3, 18, 15)),
])
def test_a_reply_picks_the_numbered_an(reply: str, expected: datetime) -> None:
    assert start(mail(reply, LIST)) == expected


@pytest.mark.parametrize("words", ["初めの候補でお願いします。", "はじめの候補でお願いします。",
                                   "最初の候補でお願いします。"])
def test_a_reply_picks_the_first_option_in_words(words: str) -> None:
    quoted = "・3月19日（木）13:30〜\n・3月20日（金）10:00〜\n"
    assert start(mail(words, quoted)) == at(3, 19, 13, 30)


@pytest.mark.parametrize("text", [
    "3月18日（水）14:00からの説明会は、講師の体調不良のため延期とさせていただきます。",
    "3月18日（水）14時のお打合せは、誠に勝手ながら中止とさせてください。",
    "3月18日（水）14:00の打合せは\nキャンセルとなりました。",
    "Our meeting on Wednesday, March 18 at 2pm has been cancelled.",
])
def test_a_date_called_off_in_its_own_sentence_is_not_confirmed(text: str) -> None:
    assert start(mail(text)) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("3月18日の件、3月19日（木）15:00に延期させてください。", at(3, 19, 15)),
    ("打合せは3月19日（木）15時へ変更となりました。", at(3, 19, 15)),
])
def test_the_date_a_meeting_is_put_off_to_is_kept(text: str, expected: datetime) -> None:
    assert start(mail(text)) == expected


@pytest.mark.parametrize(("text", "expected", "warned"), [
    ("3月18日（水）1時半から、御社にお伺いします。", at(3, 18, 13, 30), True),
    ("3月18日（水）2:00〜3:00でお願いします。", at(3, 18, 14), True),
    ("3月18日（水）10時〜11時でお願いします。", at(3, 18, 10), False),
    ("3月18日（水）午前1時に伺います。", at(3, 18, 1), False),
    ("3月18日（水）01:30に伺います。", at(3, 18, 1, 30), False),
])
def test_a_bare_hour_from_one_to_six_is_the_afternoon(text: str, expected: datetime, warned: bool) -> None:
    appt = extract(mail(text), CTX)
    assert appt is not None
    assert appt.start == expected
    assert ("meridiem_assumed" in appt.warnings) is warned


def test_a_morning_range_into_one_oclock_ends_in_the_afternoon() -> None:
    appt = extract(mail("3月18日（水）11時〜1時でお願いします。"), CTX)
    assert appt is not None
    assert appt.start == at(3, 18, 11)
    assert appt.end == at(3, 18, 13)


def test_a_bare_hour_with_a_zone_is_taken_as_written() -> None:
    appt = extract(mail("Confirmed: Wednesday, March 18 at 2:00 UTC."), CTX)
    assert appt is not None
    assert appt.start == at(3, 18, 11)


def test_am_pm_written_before_the_time() -> None:
    appt = extract(mail("3月18日（水）PM2:00〜PM3:00でお願いいたします。"), CTX)
    assert appt is not None
    assert (appt.start, appt.end) == (at(3, 18, 14), at(3, 18, 15))
    appt = extract(mail("3月18日（水）AM10:30からでお願いします。"), CTX)
    assert appt is not None
    assert appt.start == at(3, 18, 10, 30)


@pytest.mark.parametrize(("text", "expected"), [
    ("Monday the 16th at 10:30am Singapore time is confirmed.", at(3, 16, 11, 30)),
    ("Let's do the 19th at 3pm JST - confirmed.", at(3, 19, 15)),
])
def test_a_day_named_by_its_ordinal(text: str, expected: datetime) -> None:
    assert start(mail(text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("See you tomorrow morning at 10 at your office.", at(3, 11, 10)),
    ("Confirmed: Thursday at 3 in your office.", at(3, 12, 15)),
])
def test_an_hour_after_at(text: str, expected: datetime) -> None:
    assert start(mail(text)) == expected


def test_at_before_a_count_is_not_a_time() -> None:
    assert start(mail("Thursday at 10 people max, see you then.")) is None


def test_a_forward_that_says_see_you_there_confirms_the_forwarded_invite() -> None:
    quoted = "When: Tuesday, March 24, 2026 4:00 PM-5:00 PM (UTC+09:00) Osaka, Sapporo, Tokyo\n"
    m = mail("Forwarding the invite for the workshop. I've added you - see you there.", quoted,
             subject="Fwd: Workshop")
    assert start(m) == at(3, 24, 16)


@pytest.mark.parametrize("text", [
    "3月18日（水）10時の会議は欠席させていただきます。",
    "3月18日（水）10時〜の会議ですが、出席できなくなりました。",
    "3月18日（水）10時からのお打合せ、リスケさせてください。",
    "Sorry, I can't make our call on Wednesday, March 18 at 10am JST.",
])
def test_a_date_the_sender_cannot_attend_is_not_confirmed(text: str) -> None:
    assert start(mail(text)) is None


def test_a_date_rescheduled_to_is_kept() -> None:
    assert start(mail("打合せを3月19日（木）15時にリスケさせてください。")) == at(3, 19, 15)


@pytest.mark.parametrize(("text", "expected"), [
    ("Call confirmed for Monday, 11 a.m. Pacific.", datetime(2026, 3, 17, 3, 0, tzinfo=TZ)),
    ("Our call is set for March 12th at 10 AM Eastern.", datetime(2026, 3, 12, 23, 0, tzinfo=TZ)),
])
def test_a_us_region_names_its_zone_without_time(text: str, expected: datetime) -> None:
    assert start(mail(text)) == expected


def test_a_dotted_date_with_its_year() -> None:
    assert start(mail("2026.3.18（水）10:00〜でお願いします。")) == at(3, 18, 10)


def test_all_set_confirms() -> None:
    assert start(mail("We're all set for 10am on Thursday.")) == at(3, 12, 10)
