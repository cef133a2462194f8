"""Extraction rules found by hold-out corpus C (summer mail, tests/data/holdout/C): one phenomenon per test.

Each mail here is short and of our own; the hold-out messages show the same phenomena in full
mail. Mails are dated Wednesday 2026-07-29 10:00 JST unless a case says otherwise.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from calcheck.extract import Context, explain, extract
from calcheck.extract.dates import find_dates
from calcheck.model import MailMessage

TZ = ZoneInfo("Asia/Tokyo")
SENT = datetime(2026, 7, 29, 10, 0, tzinfo=TZ)  # a Wednesday
CTX = Context(now=SENT, tz=TZ)


def mail(new: str, quoted: str = "", *, subject: str = "ご連絡", sent: datetime = SENT) -> MailMessage:
    return MailMessage(ref="t", message_id="<c@example.net>", subject=subject, sender_name="",
                       sender_addr="a@example.net", date=sent, new_text=new, quoted_text=quoted)


def at(mo: int, d: int, h: int, mi: int = 0) -> datetime:
    return datetime(2026, mo, d, h, mi, tzinfo=TZ)


def start(m: MailMessage) -> datetime | None:
    appt = extract(m, CTX)
    return appt.start if appt else None


@pytest.mark.parametrize("ask", [
    "8月19日（水）13:30〜14:30でお願いできますでしょうか。",
    "8月19日（水）13:30〜でお願いできますか。",
    "8月19日（水）13時半からでお願いしてもよろしいでしょうか。",
])
def test_a_polite_request_in_question_form_is_not_confirmed(ask: str) -> None:
    assert start(mail("検討いたしました。\n" + ask)) is None


def test_a_plain_request_is_still_confirmed() -> None:
    assert start(mail("8月19日（水）13:30〜14:30でお願いいたします。")) == at(8, 19, 13, 30)


@pytest.mark.parametrize("reply", ["明日13時でOKです。", "明日13時でオッケーです！"])
def test_de_ok_from_a_phone_confirms(reply: str) -> None:
    assert start(mail(reply, "＞明日の午後はいかがでしょうか。", subject="Re: 現地調査の件")) == at(7, 30, 13)


def test_a_teirei_and_jisshi_speak_of_an_appointment() -> None:
    m = mail("お盆明けの定例は8月20日（木）16:00〜17:00、通常どおりオンラインで実施いたします。")
    assert start(m) == at(8, 20, 16)


def test_toujitsu_takes_the_one_date_of_the_subject() -> None:
    m = mail("当日は15時に伺います。\nお打合せは1時間程度を予定しております。",
             subject="【8/5 打合せ】当日の段取り")
    assert start(m) == at(8, 5, 15)


def test_toujitsu_takes_the_one_date_of_the_quoted_mail() -> None:
    m = mail("承知しました。同日15時半に伺います。", "＞8月5日（水）の午後でいかがでしょうか。")
    assert start(m) == at(8, 5, 15, 30)


def test_toujitsu_means_nothing_when_the_mail_names_two_dates() -> None:
    m = mail("当日は15時に伺います。", subject="8/5 または 8/6 の打合せ")
    assert start(m) is None


def test_toujitsu_arrival_does_not_beat_the_meeting_time() -> None:
    m = mail("8月5日（水）15:00〜16:00で確定いたしました。\n当日は14時に受付でお待ちしております。")
    assert start(m) == at(8, 5, 15)


@pytest.mark.parametrize("text", ["当日中にご連絡いたします。", "当日消印有効", "担当日は未定です"])
def test_toujitsu_chuu_and_words_holding_it_are_no_day(text: str) -> None:
    assert [d for d in find_dates(text) if d.relative == "sameday"] == []


def test_toujitsu_time_is_marked_down_when_the_day_has_its_own_time() -> None:
    m = mail("8月5日（水）15:00〜16:00で確定いたしました。\n当日は14時に伺います。打合せ、よろしく。")
    views = {v.evidence: v for v in explain(m, CTX).candidates}
    assert any("当日's time" in r for r in views["当日は14時"].reasons)


def test_a_time_after_a_full_width_colon_label_is_read() -> None:
    assert start(mail("日時：8月6日（木）\n時間：15:00〜16:00\n場所：弊社会議室")) == at(8, 6, 15)


def test_seconds_of_a_clock_time_are_not_another_time() -> None:
    appt = extract(mail("8月6日（木）10:15:30〜でお願いします。"), CTX)
    assert appt is not None
    assert appt.start == at(8, 6, 10, 15)


@pytest.mark.parametrize("text", ["8月6日（木）15:00〜16:00で決まりました。",
                                  "8月6日（木）15:00〜16:00で押さえております。"])
def test_kimarimashita_and_osaete_orimasu_confirm(text: str) -> None:
    assert start(mail(text)) == at(8, 6, 15)


@pytest.mark.parametrize("text", ["8月6日（木）15:00〜16:00で仮押さえしております。",
                                  "8月6日（木）15:00〜16:00で仮決定です。正式には来週ご連絡します。",
                                  "We have tentatively booked Thursday, August 6 at 3pm."])
def test_a_provisional_hold_is_not_confirmed(text: str) -> None:
    assert start(mail(text)) is None


@pytest.mark.parametrize("text", ["8月6日（木）15時〜のお打合せは取り消しとさせてください。",
                                  "8月6日（木）15時〜のお打合せは、一旦白紙とさせてください。",
                                  "8月6日（木）15時〜の件、日程を再調整させてください。",
                                  "8月6日（木）15時〜のお打合せですが、改めて日程調整させてください。"])
def test_torikeshi_hakushi_saichousei_call_it_off(text: str) -> None:
    assert start(mail(text)) is None


def test_a_date_it_is_readjusted_to_is_the_new_one() -> None:
    m = mail("8月6日（木）15時〜のお打合せですが、8月7日（金）15時に再調整させてください。")
    assert start(m) == at(8, 7, 15)


def test_a_table_booking_gives_its_time_on_the_reservation() -> None:
    block = ('{"@context": "http://schema.org", "@type": "FoodEstablishmentReservation",'
             ' "reservationStatus": "http://schema.org/ReservationConfirmed",'
             ' "reservationFor": {"@type": "FoodEstablishment", "name": "炉端 かがり"},'
             ' "startTime": "2026-08-03T18:30:00+09:00", "partySize": "4"}')
    m = MailMessage(ref="t", message_id="<j@example.net>", subject="ご予約確定のお知らせ", sender_name="",
                    sender_addr="noreply@example.com", date=SENT, new_text="ご予約ありがとうございます。",
                    jsonld=(block,))
    appt = extract(m, CTX)
    assert appt is not None
    assert (appt.start, appt.source) == (at(8, 3, 18, 30), "jsonld")
    assert appt.evidence == '"startTime": "2026-08-03T18:30:00+09:00"'


@pytest.mark.parametrize("text", ["8月6日（木）の打合せは15時からでお願いします。",
                                  "8月6日（木）のお打合せにつきましては、15時からでお願いします。",
                                  "8/6(木)の件、15時からで承知しました。"])
def test_the_date_then_what_it_is_of_then_the_time(text: str) -> None:
    assert start(mail(text)) == at(8, 6, 15)


@pytest.mark.parametrize("text", ["R8.8.6（木）15:00〜 でお願いいたします。",
                                  "令和8.8.6 15:00〜 でお願いいたします。",
                                  "R8/8/6 15:00〜 でお願いいたします。"])
def test_an_era_year_in_figures(text: str) -> None:
    assert start(mail(text)) == at(8, 6, 15)


@pytest.mark.parametrize("text", ["8月6日（木）15時〜で調整中です。確定しましたらご連絡します。",
                                  "8月6日（木）15時〜で社内確認中です。",
                                  "8月6日（木）15時〜で、確定次第ご連絡します。"])
def test_a_date_still_being_arranged_is_not_confirmed(text: str) -> None:
    assert start(mail(text)) is None


@pytest.mark.parametrize("text", [
    "8月20日（木）15時〜の説明会は定員に達したため、受付を終了いたしました。",
    "8月20日（木）15時〜の説明会は満席となりました。またの機会にお申し込みください。",
    "The workshop on Thursday, August 20 at 3:00 PM is fully booked; registration is closed.",
])
def test_a_session_that_is_full_is_not_the_readers_appointment(text: str) -> None:
    assert extract(mail(text), CTX) is None


def test_a_confirmed_seat_is_still_an_appointment() -> None:
    found = extract(mail("8月20日（木）15時〜の説明会、お席をご用意しました。当日お待ちしております。"), CTX)
    assert found is not None
    assert found.start == at(8, 20, 15)
