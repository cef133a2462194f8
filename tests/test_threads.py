"""Thread supersession: the audit reports each appointment as the latest mail leaves it."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from calcheck.model import Appointment, MailMessage
from calcheck.threads import supersede, threads

TZ = ZoneInfo("Asia/Tokyo")
T0 = datetime(2026, 6, 1, 10, 0, tzinfo=TZ)


def msg(mid: str, hours: int, reply_to: str = "", refs: tuple[str, ...] = (), cal: str = "") -> MailMessage:
    return MailMessage(ref=mid, message_id=mid, subject="", sender_name="", sender_addr="x@example.org",
                       date=T0 + timedelta(hours=hours), new_text="",
                       in_reply_to=(reply_to,) if reply_to else (), references=refs,
                       calendars=(cal,) if cal else ())


def appt(day: int, uid: str | None = None) -> Appointment:
    return Appointment(start=datetime(2026, 6, day, 14, 0, tzinfo=TZ), end=None, evidence="", source="text",
                       uid=uid)


def test_a_later_reply_in_the_thread_supersedes_the_earlier_confirmation() -> None:
    first, second = msg("<a@x>", 0), msg("<b@x>", 5, reply_to="<a@x>")
    kept = supersede([(first, appt(10)), (second, appt(12))], [first, second])
    assert [m.message_id for m, _ in kept] == ["<b@x>"]


def test_threads_link_through_a_message_that_confirmed_nothing() -> None:
    first = msg("<a@x>", 0)
    middle = msg("<b@x>", 1, reply_to="<a@x>")
    last = msg("<c@x>", 2, reply_to="<b@x>")
    assert len(set(threads([first, middle, last]).values())) == 1
    kept = supersede([(first, appt(10)), (last, appt(11))], [first, middle, last])
    assert [m.message_id for m, _ in kept] == ["<c@x>"]


def test_references_alone_join_a_thread_and_arrival_order_does_not_matter() -> None:
    late = msg("<c@x>", 9, refs=("<a@x>", "<b@x>"))
    early = msg("<a@x>", 0)
    kept = supersede([(late, appt(20)), (early, appt(10))], [late, early])
    assert [m.message_id for m, _ in kept] == ["<c@x>"]


def test_separate_threads_are_kept_apart() -> None:
    one, two = msg("<a@x>", 0), msg("<b@x>", 1)
    kept = supersede([(one, appt(10)), (two, appt(11))], [one, two])
    assert len(kept) == 2


def test_a_later_invitation_with_the_same_uid_replaces_the_first() -> None:
    one, two = msg("<a@x>", 0), msg("<b@x>", 3)
    kept = supersede([(one, appt(10, "u1")), (two, appt(11, "u1"))], [one, two])
    assert [a.start.day for _, a in kept] == [11]


def test_a_later_cancel_removes_the_invitation() -> None:
    cancel = "BEGIN:VCALENDAR\r\nMETHOD:CANCEL\r\nBEGIN:VEVENT\r\nUID:u1\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    invite, off = msg("<a@x>", 0), msg("<b@x>", 3, cal=cancel)
    assert supersede([(invite, appt(10, "u1"))], [invite, off]) == []


def test_an_earlier_cancel_does_not_remove_a_newer_invitation() -> None:
    cancel = "BEGIN:VCALENDAR\r\nMETHOD:CANCEL\r\nBEGIN:VEVENT\r\nUID:u1\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    off, invite = msg("<a@x>", 0, cal=cancel), msg("<b@x>", 3)
    assert len(supersede([(invite, appt(10, "u1"))], [off, invite])) == 1
