"""Verdicts, links and differences of matching (pure: mails and events built here)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from calcheck._clues import mail_clues
from calcheck._relate import relate
from calcheck.matching import EventIndex, differences, judge, judge_all, likely_owner
from calcheck.model import Appointment, CalendarEvent, MailMessage, Status

TOKYO = ZoneInfo("Asia/Tokyo")
OWNER = "morio@example.jp"

KOTOBUKI_TEXT = """株式会社サンプルテック
森尾様

お世話になっております。ことぶき商会の小山です。
次回のお打合せは12月8日（火）14:00〜15:00でお願いいたします。

株式会社ことぶき商会
営業管理部　小山 恵子
"""


def at(day: int, hour: int, minute: int = 0, month: int = 12, tz: timezone | ZoneInfo = TOKYO) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=tz)


def mail(text: str = KOTOBUKI_TEXT, subject: str = "次回のお打合せについて", name: str = "小山 恵子",
         addr: str = "koyama@kotobuki-shokai.example.jp", sent: datetime | None = None) -> MailMessage:
    return MailMessage(ref="test", message_id="<m@test>", subject=subject, sender_name=name, sender_addr=addr,
                       date=sent or at(20, 10, month=11), new_text=text, recipients=(OWNER,))


def appt(start: datetime, end: datetime | None = None, uid: str | None = None,
         evidence: str = "") -> Appointment:
    return Appointment(start=start, end=end, evidence=evidence, source="calendar" if uid else "text", uid=uid)


def event(summary: str, start: datetime, hours: float = 1, uid: str = "e1", **kw: object) -> CalendarEvent:
    return CalendarEvent(id=uid, summary=summary, start=start, end=start + timedelta(hours=hours), **kw)  # type: ignore[arg-type]


KOTOBUKI = event("【訪問】ことぶき商会 小山様", at(8, 14), uid="kotobuki")
STUDY = event("社内勉強会", at(8, 14), uid="study")


def test_related_entry_at_the_instant_is_ok() -> None:
    match = judge(mail(), appt(at(8, 14), at(8, 15)), [KOTOBUKI], TOKYO)
    assert (match.status, match.event, match.differences) == (Status.OK, KOTOBUKI, ())


def test_related_entry_on_another_day_is_a_date_mismatch() -> None:
    moved = event("【訪問】ことぶき商会 小山様", at(9, 14), uid="kotobuki")
    match = judge(mail(), appt(at(8, 14)), [moved], TOKYO)
    assert (match.status, match.event, match.differences) == (Status.MISMATCH, moved, ("date",))


def test_nothing_in_the_calendar_is_missing() -> None:
    assert judge(mail(), appt(at(8, 14)), [], TOKYO).status is Status.MISSING


def test_japanese_company_name_links_without_spaces_or_legal_form() -> None:
    match = judge(mail(), appt(at(8, 16)), [event("ことぶき商会打合せ", at(8, 14))], TOKYO)
    assert match.status is Status.MISMATCH
    assert "company:ことぶき商会" in match.reasons


def test_unrelated_entry_at_the_instant_does_not_beat_a_related_one_elsewhere() -> None:
    moved = event("【訪問】ことぶき商会 小山様", at(9, 14), uid="kotobuki")
    match = judge(mail(), appt(at(8, 14)), [STUDY, moved], TOKYO)
    assert (match.status, match.event) == (Status.MISMATCH, moved)


def test_any_timed_entry_at_the_instant_is_ok_when_nothing_related_is_near() -> None:
    bare = event("打合せ", at(8, 14), uid="bare")
    assert judge(mail(), appt(at(8, 14)), [bare], TOKYO).event == bare


def test_all_day_entry_is_never_ok_for_a_timed_appointment() -> None:
    holiday = CalendarEvent(id="h", summary="請求書発行", start=at(8, 0), end=at(9, 0), all_day=True)
    assert judge(mail(), appt(at(8, 0)), [holiday], TOKYO).status is Status.MISSING


def test_same_invitation_uid_links_across_months_and_beats_an_exact_unrelated_entry() -> None:
    invite = event("Quarterly sync", at(8, 14, month=10), uid="UID-42")
    match = judge(mail(subject="Invitation"), appt(at(8, 14), uid="UID-42"), [STUDY, invite], TOKYO)
    assert (match.status, match.event) == (Status.MISMATCH, invite)
    assert "uid" in match.reasons


def test_sender_among_the_attendees_links_a_bare_entry() -> None:
    bare = event("打合せ", at(15, 16), attendees=("m.kawase@kawase-seiki.example.co.jp", "川瀬 誠"))
    sender = mail(text="森尾様\n\n12月14日16時にお待ちしております。\n川瀬", name="川瀬 誠",
                  addr="m.kawase@kawase-seiki.example.co.jp")
    match = judge(sender, appt(at(14, 16)), [bare], TOKYO)
    assert (match.status, match.event) == (Status.MISMATCH, bare)
    assert "attendee" in match.reasons


def test_company_domain_links_but_free_mail_does_not() -> None:
    entry = event("打合せ", at(15, 16), attendees=("boss@kawase-seiki.example.co.jp",))
    text = "森尾様\n\n12月14日16時にお待ちしております。"
    company = mail(text=text, name="川瀬", addr="m.kawase@kawase-seiki.example.co.jp")
    assert judge(company, appt(at(14, 16)), [entry], TOKYO).status is Status.MISMATCH
    gmail = event("打合せ", at(15, 16), attendees=("someone@gmail.com",))
    private = mail(text=text, name="川瀬", addr="kawase.m@gmail.com")
    assert judge(private, appt(at(14, 16)), [gmail], TOKYO).status is Status.MISSING


def test_generic_words_and_the_owners_own_company_never_link() -> None:
    entries = [event("打合せ（サンプルテック）", at(9, 10)), event("ご訪問 ご説明", at(10, 10), uid="e2")]
    match = judge(mail(text="株式会社サンプルテック\n森尾様\n\nご訪問とご説明の打合せをお願いします。",
                       name="", addr="x@other.example.jp"), appt(at(8, 14)), entries, TOKYO)
    assert match.status is Status.MISSING


def test_an_entry_with_another_companys_attendees_is_not_related_by_a_shared_word() -> None:
    theirs = event("Blue Harbor x SampleTech – kickoff", at(9, 16),
                   attendees=(OWNER, "emma@blueharbor.example.com"))
    fabrikam = mail(text="Hi Takuya,\nhere is the invite for the SampleTech review.\nHannah",
                    subject="Vendor review: SampleTech walkthrough", name="Hannah Schmidt",
                    addr="hannah@fabrikam.example.com")
    assert judge(fabrikam, appt(at(10, 17)), [theirs], TOKYO).status is Status.MISSING


def test_an_entry_naming_another_company_is_not_related_by_a_person_name() -> None:
    other = event("【訪問】あおば商事 小山様", at(9, 14))
    assert judge(mail(), appt(at(8, 14)), [other], TOKYO).status is Status.MISSING


def test_a_related_visit_that_was_over_when_the_mail_was_written_is_not_a_mismatch() -> None:
    past = event("【訪問】ことぶき商会 小山様", at(19, 14, month=11))
    thanks = mail(sent=at(19, 21, month=11))
    assert judge(thanks, appt(at(22, 13)), [past], TOKYO).status is Status.MISSING


def test_a_recurring_meeting_with_the_same_client_is_not_a_mismatch_for_a_one_off() -> None:
    weekly = [event("ことぶき商会 定例", at(day, 10), recurring=True) for day in (2, 9, 16)]
    assert judge(mail(), appt(at(8, 14)), weekly, TOKYO).status is Status.MISSING
    regular = mail(text=KOTOBUKI_TEXT.replace("次回のお打合せ", "次回の定例"))
    assert judge(regular, appt(at(8, 14)), weekly, TOKYO).status is Status.MISMATCH


def test_another_meeting_number_is_another_meeting() -> None:
    third = event("【ミライ電機】定例打合せ（第3回）", at(3, 10))
    fourth = mail(subject="【ミライ電機】定例打合せ（第4回）", text="森尾様\n\nミライ電機の斎藤です。\n",
                  name="斎藤 光", addr="h.saito@mirai-denki.example.co.jp")
    assert judge(fourth, appt(at(17, 10)), [third], TOKYO).status is Status.MISSING


def test_an_entry_another_mail_confirms_exactly_is_not_this_mails_mismatch() -> None:
    first, second = mail(), mail(text=KOTOBUKI_TEXT.replace("12月8日（火）14:00", "12月10日（木）10:00"))
    verdicts = judge_all([(first, appt(at(8, 14))), (second, appt(at(10, 10)))], [KOTOBUKI], TOKYO)
    assert [m.status for m in verdicts] == [Status.OK, Status.MISSING]
    moved = mail(text=KOTOBUKI_TEXT.replace("次回のお打合せは", "日程を変更し、"))
    verdicts = judge_all([(first, appt(at(8, 14))), (moved, appt(at(10, 10)))], [KOTOBUKI], TOKYO)
    assert [m.status for m in verdicts] == [Status.OK, Status.MISMATCH]


def test_the_nearest_of_equally_related_entries_is_chosen() -> None:
    near, far = event("ことぶき商会", at(9, 14), uid="near"), event("ことぶき商会", at(18, 14), uid="far")
    assert judge(mail(), appt(at(8, 14)), [far, near], TOKYO).event == near


def test_wall_clock_stored_as_utc_is_a_timezone_difference() -> None:
    stored = event("x", at(3, 14, tz=UTC))
    assert differences(appt(at(3, 14)), stored, TOKYO) == ("timezone",)


def test_pst_time_entered_as_tokyo_time_is_a_timezone_difference() -> None:
    pst = timezone(timedelta(hours=-8))
    entered = event("Acme call", at(8, 10))
    assert differences(appt(at(8, 10, tz=pst)), entered, TOKYO) == ("timezone",)
    # Extraction may hand the instant over in the owner's zone: the evidence still names PST.
    in_tokyo = appt(at(8, 10, tz=pst).astimezone(TOKYO), evidence="Tuesday, December 8 at 10:00 AM PST")
    assert differences(in_tokyo, entered, TOKYO) == ("timezone",)


def test_a_plain_hour_slip_is_a_time_difference_not_a_timezone_one() -> None:
    assert differences(appt(at(3, 15, 30)), event("x", at(3, 16, 30)), TOKYO) == ("time",)
    assert differences(appt(at(11, 14)), event("x", at(11, 2)), TOKYO) == ("time",)
    assert differences(appt(at(1, 13)), event("x", at(2, 15)), TOKYO) == ("date", "time")


def test_a_different_end_with_the_same_start_is_ok_with_a_duration_difference() -> None:
    longer = event("【訪問】ことぶき商会 小山様", at(8, 14), hours=2)
    match = judge(mail(), appt(at(8, 14), at(8, 15)), [longer], TOKYO)
    assert (match.status, match.differences) == (Status.OK, ("duration",))
    assert judge(mail(), appt(at(8, 14)), [longer], TOKYO).differences == ()


def test_invitation_uid_links_to_a_google_event_through_its_ical_uid() -> None:
    # Google names the event by its own id; the invitation's UID is the event's iCalUID.
    google = CalendarEvent(id="6k3lq0abc", uid="UID-42", summary="Quarterly sync", start=at(8, 14, month=10),
                           end=at(8, 15, month=10))
    match = judge(mail(subject="Invitation"), appt(at(8, 14), uid="UID-42"), [STUDY, google], TOKYO)
    assert match.status is Status.MISMATCH
    assert match.event is google
    assert "uid" in match.reasons


# The owner's own replies: the addressee block and the recipient's domain name the other party.
OWN_REPLY = ("ひばり薬品\n岡様\n\nご連絡ありがとうございます。\n1案目でお願いいたします。\n\n"
             "株式会社サンプルテック 森尾\n")


def own_reply(text: str = OWN_REPLY, to: str = "oka@hibari-pharma.example.jp") -> MailMessage:
    return MailMessage(ref="own", message_id="<own@test>", subject="Re: ご説明日程のご相談",
                       sender_name="森尾 拓也", sender_addr=OWNER, date=at(20, 10, month=11), new_text=text,
                       recipients=(to,))


def test_the_owners_reply_is_tied_to_the_entry_named_in_its_addressee_block() -> None:
    entry = event("ひばり薬品 打合せ", at(9, 11), uid="hibari")
    match = judge(own_reply(), appt(at(8, 11)), [entry], TOKYO, owner=OWNER)
    assert (match.status, match.event) == (Status.MISMATCH, entry)


def test_the_owners_reply_is_tied_by_the_recipients_company_domain() -> None:
    entry = event("Call - Hibari Pharma", at(9, 11), uid="hibari")
    match = judge(own_reply("Hi,\n\nOption 1 works for me.\n"), appt(at(8, 11)), [entry], TOKYO, owner=OWNER)
    assert (match.status, match.event) == (Status.MISMATCH, entry)


def test_the_owners_own_company_in_the_signature_ties_nothing() -> None:
    entry = event("サンプルテック 全社会議", at(9, 11), uid="allhands")
    assert judge(own_reply(), appt(at(8, 11)), [entry], TOKYO, owner=OWNER).status is Status.MISSING


def test_without_configuration_the_owner_is_the_address_most_mail_is_to() -> None:
    entry = event("ひばり薬品 打合せ", at(9, 11), uid="hibari")
    others = [mail(sent=at(d, 9, month=11)) for d in (16, 17, 18)]
    items = [(m, appt(at(10, 15))) for m in others] + [(own_reply(), appt(at(8, 11)))]
    assert judge_all(items, [entry], TOKYO)[-1].status is Status.MISMATCH


def test_without_a_clear_recipient_nobody_is_assumed_the_owner() -> None:
    two = [mail(), mail()]
    assert likely_owner(two) is None
    spread = [MailMessage(ref=str(i), message_id=f"<{i}@t>", subject="", sender_name="", sender_addr="x@y.jp",
                          date=None, new_text="", recipients=(f"r{i}@example.jp",)) for i in range(5)]
    assert likely_owner(spread) is None
    assert likely_owner([mail(), mail(), mail(), own_reply()]) == OWNER


def test_an_invitation_uid_is_found_far_beyond_the_reach_of_names() -> None:
    # The index hands judge only the events near the appointment, plus those sharing its UID.
    far = CalendarEvent(id="far", uid="UID-77", summary="Sync", start=at(8, 14) + timedelta(days=200),
                        end=at(8, 15) + timedelta(days=200))
    crowd = [event(f"社内 {i}", at(1, 9) + timedelta(days=i), uid=f"c{i}") for i in range(-300, 300, 3)]
    match = judge(mail(subject="Invitation"), appt(at(8, 14), uid="UID-77"), [*crowd, far], TOKYO)
    assert (match.status, match.event) == (Status.MISMATCH, far)


def test_verdicts_do_not_depend_on_the_order_of_the_calendar() -> None:
    moved = event("【訪問】ことぶき商会 小山様", at(9, 14), uid="kotobuki")
    entries = [STUDY, moved, event("打合せ", at(8, 16), uid="bare")]
    items = [(mail(), appt(at(8, 14))), (mail(subject="別件"), appt(at(8, 16)))]
    forward = judge_all(items, entries, TOKYO)
    backward = judge_all(items, entries[::-1], TOKYO)
    assert [(m.status, m.event) for m in forward] == [(m.status, m.event) for m in backward]
    assert forward[0].status is Status.MISMATCH


def test_the_index_never_hides_an_event_that_relates() -> None:
    # EventIndex.candidates must be a superset of the events relate() scores above 0.
    entries = [
        KOTOBUKI, STUDY,
        event("Acme Corp sync", at(9, 10), uid="acme"),
        event("AcmeCorp review", at(9, 11), uid="acme-compact"),
        event("打合せ", at(10, 10), uid="attendee", attendees=("koyama@kotobuki-shokai.example.jp",)),
        event("打合せ", at(10, 11), uid="domain", attendees=("other@kotobuki-shokai.example.jp",)),
        event("【来社】小山様", at(11, 10), uid="person"),
        event("ことぶき 見積", at(11, 11), uid="word", description="見積書の件"),
        event("Quarterly", at(12, 10), uid="UID-9"),
    ]
    mails = [mail(), mail(text="Acme Corp の Smith です。", subject="Acme Corp demo", name="John Smith",
                          addr="john@acme.example.com"), mail(subject="Invitation: Quarterly")]
    index = EventIndex(entries)
    for m in mails:
        a = appt(at(8, 14), uid="UID-9")
        clues = mail_clues(m, a, OWNER)
        related = {e.id for e in entries if relate(clues, e).score}
        assert related <= {e.id for e in index.candidates(a, clues)}
        assert related  # the case says something
