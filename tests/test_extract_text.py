"""Free-text extraction: each rule pinned by a short mail of our own (no corpus text).

Mails are dated Tuesday 2026-03-10 10:00 JST unless a case says otherwise, so relative words,
year inference and weekdays are checked against a different week than the corpus uses.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from calcheck.extract import Context, explain, extract, render
from calcheck.model import MailMessage

TZ = ZoneInfo("Asia/Tokyo")
SENT = datetime(2026, 3, 10, 10, 0, tzinfo=TZ)  # a Tuesday
CTX = Context(now=datetime(2026, 3, 11, 9, 0, tzinfo=TZ), tz=TZ)


def mail(new: str, quoted: str = "", *, subject: str = "ご連絡", sent: datetime = SENT,
         **kw: object) -> MailMessage:
    return MailMessage(ref="test", message_id="<t@example.net>", subject=subject, sender_name="",
                       sender_addr="a@example.net", date=sent, new_text=new, quoted_text=quoted, **kw)  # type: ignore[arg-type]


def at(y: int, mo: int, d: int, h: int, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=TZ)


CONFIRMED = [
    # absolute Japanese forms
    ("3月18日（水）14:00〜15:00でお願いいたします。", at(2026, 3, 18, 14), at(2026, 3, 18, 15)),
    ("３月１８日（水）１４：００〜１５：００にて承知しました。", at(2026, 3, 18, 14), at(2026, 3, 18, 15)),
    ("日時：2026/04/02（木）9:30〜10:30\n場所：弊社会議室", at(2026, 4, 2, 9, 30), at(2026, 4, 2, 10, 30)),
    ("3/19(木) 16:00- 弊社にてお待ちしております。", at(2026, 3, 19, 16), None),
    ("2026年3月25日(水) 13時からお打合せをお願いします。", at(2026, 3, 25, 13), None),
    ("令和8年4月7日（火）午後2時から午後3時まで、説明会を開催します。",
     at(2026, 4, 7, 14), at(2026, 4, 7, 15)),
    ("令和元年5月7日（火）10時に伺います。", None, None),  # 2019: before the mail, not an appointment
    ("3月20日（金）午前10時半に御社へ伺います。", at(2026, 3, 20, 10, 30), None),
    ("3月23日（月）15時半からでお願いします。", at(2026, 3, 23, 15, 30), None),
    ("3月24日（火）13時45分〜 にて確定です。", at(2026, 3, 24, 13, 45), None),
    ("3月26日（木）正午からランチミーティングでお願いします。", at(2026, 3, 26, 12), None),
    # relative words, from Tuesday 3/10
    ("本日16時からのお打合せ、よろしくお願いします。", at(2026, 3, 10, 16), None),
    ("明日は9時に受付までお越しください。", at(2026, 3, 11, 9), None),
    ("明後日の13:30に伺います。", at(2026, 3, 12, 13, 30), None),
    ("今週金曜の11時から打合せでお願いします。", at(2026, 3, 13, 11), None),
    ("来週水曜日の10時〜11時でお願いいたします。", at(2026, 3, 18, 10), at(2026, 3, 18, 11)),
    ("来週の月曜 17時に伺います。", at(2026, 3, 16, 17), None),
    ("再来週の木曜 14時でお願いします。", at(2026, 3, 26, 14), None),
    # bare day resolved against the message date
    ("ご訪問は27日(金)14時でお願いします。", at(2026, 3, 27, 14), None),
    # English
    ("Confirming our meeting on Wednesday, March 18 at 2:00 PM.", at(2026, 3, 18, 14), None),
    ("The demo is booked for Mar 19, 2026 10:00-11:00 (GMT+9).", at(2026, 3, 19, 10), at(2026, 3, 19, 11)),
    ("Let's lock in Friday, 20 March, 4:00-4:30 PM SGT for the call.",
     at(2026, 3, 20, 17), at(2026, 3, 20, 17, 30)),
    ("See you tomorrow at 3pm (Tokyo time).", at(2026, 3, 11, 15), None),
    ("Call next Thursday 09:00 works for me.", at(2026, 3, 19, 9), None),
    ("Let's meet this Friday at 11am.", at(2026, 3, 13, 11), None),
    ("Great, let's do Monday, March 16 at 9:00 AM PDT.", at(2026, 3, 17, 1), None),
    # a US zone name is read as the region's zone: mid-March New York is on daylight time
    ("Confirmed: call on Monday, March 16, 5:00-5:30 PM ET.", at(2026, 3, 17, 6), at(2026, 3, 17, 6, 30)),
    ("Our meeting is confirmed for March 18 at 10:00 CET.", at(2026, 3, 18, 18), None),
    ("Meeting confirmed.\nDate: Thursday, March 19, 2026\nTime:   10:00am - 10:45am", at(2026, 3, 19, 10),
     at(2026, 3, 19, 10, 45)),
]


@pytest.mark.parametrize(("text", "start", "end"), CONFIRMED, ids=[c[0][:24] for c in CONFIRMED])
def test_confirmed_text_gives_its_start_and_end(text: str, start: datetime | None,
                                                end: datetime | None) -> None:
    appt = extract(mail(text), CTX)
    if start is None:
        assert appt is None
        return
    assert appt is not None, render(explain(mail(text), CTX))
    assert appt.start == start
    assert appt.end == end
    assert appt.source == "text"
    assert 0 < appt.confidence <= 1


NOTHING = [
    ("請求書をお送りします。お支払期日：2026年3月31日（火）\n※3月20日（金・祝）は休業です。", "請求書送付"),
    ("お届け予定日時：3月12日（木）14時〜16時\n伝票番号：1234-5678", "【お届け予定】お荷物のお知らせ"),
    ("開催日時：3月25日（水）15:00〜16:00\nお申込みはこちら\n配信停止はこちら",
     "【無料ウェビナー】クラウド入門"),
    ("申請締切：3月13日（金）17:00\n承認締切：3月16日（月）12:00", "経費精算の締切"),
    ("資料は3月17日（火）17時までにご提出ください。", "資料のご提出"),
    ("日時：2026年3月5日（木）10:00〜11:00\n出席：各位", "【議事録】定例会"),
    ("候補日をお送りします。\n① 3月17日（火）10:00〜11:00\n② 3月18日（水）14:00〜15:00\n"
     "ご都合いかがでしょうか。", "日程のご相談"),
    ("本日はご来社いただきありがとうございました。次回は改めてご連絡いたします。", "御礼"),
    ("Thank you for your order. Payment due: March 31, 2026.", "Your invoice"),
    ("Join our live webinar on Thursday, March 19 at 10:00 AM PST. Register now. Unsubscribe here.",
     "Webinar"),
    ("営業時間 9:00〜18:00（土日祝休み）\n年末年始：12月29日〜1月4日", "ご案内"),
    ("I am out of the office until Monday, March 16 at 9:00.", "Out of office"),
]


@pytest.mark.parametrize(("text", "subject"), NOTHING, ids=[c[1] for c in NOTHING])
def test_mail_that_confirms_nothing_yields_none(text: str, subject: str) -> None:
    message = mail(text, subject=subject)
    assert extract(message, CTX) is None, render(explain(message, CTX))


def test_auto_reply_yields_none_even_with_a_date() -> None:
    assert extract(mail("3月18日（水）14:00に戻ります。", auto_reply=True), CTX) is None


def test_arrival_time_is_not_the_start() -> None:
    text = "日時：3月18日（水）10:00〜11:00\n当日は9時45分までに受付へお越しください。"
    appt = extract(mail(text), CTX)
    assert appt is not None
    assert appt.start == at(2026, 3, 18, 10)


def test_deadline_beside_the_meeting_does_not_win() -> None:
    text = "3月19日（木）15:00〜でお願いします。\n資料は3月17日（火）12:00までにお送りください。"
    appt = extract(mail(text), CTX)
    assert appt is not None
    assert appt.start == at(2026, 3, 19, 15)


def test_year_rolls_forward_for_january_written_in_november() -> None:
    sent = datetime(2026, 11, 24, 11, 0, tzinfo=TZ)
    appt = extract(mail("年明けは1月12日（火）10時でお願いします。", sent=sent), CTX)
    assert appt is not None
    assert appt.start == at(2027, 1, 12, 10)


def test_weekday_conflict_keeps_the_date_and_warns() -> None:
    appt = extract(mail("3月18日（木）14:00でお願いします。"), CTX)  # the 18th is a Wednesday
    assert appt is not None
    assert appt.start == at(2026, 3, 18, 14)
    assert "weekday_conflict" in appt.warnings


def test_evidence_is_the_text_as_written() -> None:
    appt = extract(mail("では、３月１８日（水）午後２時〜でお願いします。"), CTX)
    assert appt is not None
    assert appt.evidence == "３月１８日（水）午後２時〜"
    assert appt.start == at(2026, 3, 18, 14)


def test_reply_picking_a_numbered_option_takes_it_from_the_quote() -> None:
    quoted = "> ①3月17日（火）10:00〜11:00\n> ②3月18日（水）14:00〜15:00\n> ご都合はいかがでしょうか。"
    appt = extract(mail("②でお願いいたします。", quoted), CTX)
    assert appt is not None
    assert appt.start == at(2026, 3, 18, 14)
    assert appt.end == at(2026, 3, 18, 15)


def test_reply_picking_by_ordinal_word() -> None:
    quoted = "> ・3月17日（火）10:00〜\n> ・3月19日（木）16:00〜\n> いずれかでいかがでしょうか。"
    appt = extract(mail("2番目の候補でお願いします。", quoted), CTX)
    assert appt is not None
    assert appt.start == at(2026, 3, 19, 16)


def test_reply_with_bare_day_takes_month_from_the_quote() -> None:
    sent = datetime(2026, 3, 25, 9, 0, tzinfo=TZ)
    quoted = "> 4月の第2週でしたら、4月13日（月）の午後か4月14日（火）の午前が空いております。"
    appt = extract(mail("それでは、13日の16時でお願いします。", quoted, sent=sent), CTX)
    assert appt is not None
    assert appt.start == at(2026, 4, 13, 16)


def test_reply_naming_a_day_takes_the_time_of_that_quoted_option() -> None:
    quoted = "> 候補：\n> 3月17日（火）10:00〜\n> 3月19日（木）16:00〜"
    appt = extract(mail("3月19日でお願いします。", quoted), CTX)
    assert appt is not None
    assert appt.start == at(2026, 3, 19, 16)


def test_plain_acceptance_of_a_single_quoted_proposal() -> None:
    quoted = "> 3月24日（火）11:00〜、御社にお伺いしてもよろしいでしょうか。"
    appt = extract(mail("承知いたしました。お待ちしております。", quoted), CTX)
    assert appt is not None
    assert appt.start == at(2026, 3, 24, 11)


def test_quoted_date_alone_is_not_confirmed_by_an_unrelated_reply() -> None:
    quoted = "> 3月24日（火）11:00〜、御社にお伺いしてもよろしいでしょうか。"
    assert extract(mail("資料を添付いたします。ご確認ください。", quoted), CTX) is None


def test_reschedule_takes_the_new_date() -> None:
    appt = extract(mail("18日の件、20日(金)15時に変更をお願いできますでしょうか。"), CTX)
    assert appt is not None
    assert appt.start == at(2026, 3, 20, 15)


def test_reschedule_with_both_times_takes_the_later_named_one() -> None:
    appt = extract(mail("定例会を3月18日(水) 10:00から3月19日(木) 10:00に変更させていただきます。"), CTX)
    assert appt is not None
    assert appt.start == at(2026, 3, 19, 10)


def test_date_before_the_mail_was_sent_is_not_an_appointment() -> None:
    assert extract(mail("本日9時からのお打合せ、ありがとうございました。"), CTX) is None


def test_english_zone_on_the_next_line() -> None:
    appt = extract(mail("Confirming our call tomorrow at 4pm\n(Singapore time)."), CTX)
    assert appt is not None
    assert appt.start == at(2026, 3, 11, 17)


def test_foreign_sender_offset_does_not_change_the_written_zone() -> None:
    sent = datetime(2026, 3, 9, 17, 0, tzinfo=timezone(timedelta(hours=-7)))
    appt = extract(mail("Let's do Wednesday, March 11 at 10:00 AM PDT.", sent=sent), CTX)
    assert appt is not None
    assert appt.start == at(2026, 3, 12, 2)


def test_subject_and_body_agree() -> None:
    text = "詳細は下記の通りです。\n日時：3月18日（水）14:00〜"
    appt = extract(mail(text, subject="【確定】3/18 打合せ"), CTX)
    assert appt is not None
    assert appt.start == at(2026, 3, 18, 14)


def test_time_on_the_line_after_the_date() -> None:
    text = "下記にて確定いたしました。\n■日時\n2026年3月26日（木）\n13:00〜14:00\n■場所 弊社"
    appt = extract(mail(text), CTX)
    assert appt is not None
    assert appt.start == at(2026, 3, 26, 13)
    assert appt.end == at(2026, 3, 26, 14)


@pytest.mark.parametrize("text", [
    "打合せですが、3月17日（火）または3月18日（水）の14時はいかがでしょうか。",
    "3月18日（水）10時に伺ってもよろしいでしょうか？",
    "Would Wednesday, March 18 at 2:00 PM work for you?",
])
def test_a_date_asked_as_a_question_is_not_confirmed(text: str) -> None:
    assert extract(mail(text), CTX) is None, render(explain(mail(text), CTX))


def test_a_question_elsewhere_in_the_mail_does_not_undo_the_confirmation() -> None:
    appt = extract(mail("3月18日（水）10時に伺います。\n駐車場はございますでしょうか。"), CTX)
    assert appt is not None
    assert appt.start == at(2026, 3, 18, 10)


@pytest.mark.parametrize("word", ["ご説明日", "証明日", "表明日"])
def test_a_word_ending_in_a_relative_day_is_not_that_day(word: str) -> None:
    # 説明日 is 説明 + 日 (the day of the explanation), not 明日 (tomorrow).
    found = extract(mail(f"{word}は14時からでお願いします。"), CTX)
    assert found is None


def test_tomorrow_after_kana_or_punctuation_is_still_tomorrow() -> None:
    found = extract(mail("では、明日14時に伺います。"), CTX)
    assert found is not None
    assert found.start == at(2026, 3, 11, 14)
