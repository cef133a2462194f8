"""Rendering: the JSON contract's order and the table's alignment of Japanese text."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

from calcheck.model import Appointment, CalendarEvent, Finding, MailMessage, Status
from calcheck.output import (
    render_json,
    render_table,
    summary,
    truncate,
    when,
    width,
)

TOKYO = ZoneInfo("Asia/Tokyo")


def finding(msgid: str, start: datetime, status: Status, *, event_start: datetime | None = None,
            subject: str = "件名", name: str = "送信者", diffs: tuple[str, ...] = ()) -> Finding:
    mail = MailMessage(ref="x", message_id=msgid, subject=subject, sender_name=name,
                       sender_addr="a@example.jp", date=None, new_text="")
    event = None if event_start is None else CalendarEvent(id="e-" + msgid, summary="s", start=event_start,
                                                            end=None)
    return Finding(mail=mail, appointment=Appointment(start=start, end=None, evidence="ev", source="text"),
                   status=status, event=event, differences=diffs)


def at(day: int, hour: int) -> datetime:
    return datetime(2026, 11, day, hour, 0, tzinfo=TOKYO)


def test_width_counts_wide_characters_as_two_cells() -> None:
    assert width("abc") == 3
    assert width("本日") == 4
    assert width("ＡＢ１") == 6  # full-width Latin and digits
    assert width("ｶﾞ") == 2  # half-width kana stay one cell each
    assert width("e\u0301") == 1  # a combining accent takes no cell


def test_truncate_respects_cells_and_marks_the_cut() -> None:
    assert truncate("短い", 10) == "短い"
    cut = truncate("とても長い件名のメールです", 9)
    assert cut.endswith("…")
    assert width(cut) <= 9
    assert truncate("folded\r\n header", 20) == "folded header"


def test_when_formats_month_day_weekday_time_in_the_owner_zone() -> None:
    assert when(at(25, 14), TOKYO) == "11/25(水) 14:00"
    assert when(datetime(2026, 11, 26, 5, 0, tzinfo=ZoneInfo("UTC")), TOKYO) == "11/26(木) 14:00"
    assert when(at(25, 14), TOKYO, "en") == "11/25(Wed) 14:00"
    assert when(None, TOKYO) == "—"


def test_json_is_sorted_by_appointment_start_and_keeps_japanese() -> None:
    later = finding("<b@x>", at(27, 10), Status.OK, event_start=at(27, 10), subject="打合せ")
    earlier = finding("<a@x>", datetime(2026, 11, 26, 1, 0, tzinfo=ZoneInfo("UTC")), Status.MISSING)
    text = render_json([later, earlier])
    assert "打合せ" in text  # ensure_ascii=False
    data = json.loads(text)
    assert list(data) == ["findings"]
    assert [f["message_id"] for f in data["findings"]] == ["<a@x>", "<b@x>"]


def test_table_columns_line_up_with_mixed_japanese_and_ascii() -> None:
    rows = [
        finding("<1@x>", at(27, 10), Status.OK, event_start=at(27, 10), subject="Meeting confirmation",
                name="Emily Carter"),
        finding("<2@x>", at(26, 15), Status.MISSING, subject="ご面談の件", name="小林 誠一"),
        finding("<3@x>", at(25, 14), Status.MISMATCH, event_start=at(26, 14), subject="本日のお打合せの件",
                name="佐藤 健（北斗物産）", diffs=("date",)),
    ]
    lines = render_table(rows, TOKYO).splitlines()
    header, body = lines[0], lines[1:4]
    subject_col = width(header[: header.index("SUBJECT")])
    who_col = width(header[: header.index("WHO")])
    expected = zip(body, ("Meeting", "ご面談", "本日"), ("Emily", "小林", "佐藤"), strict=True)
    for line, subject, who in expected:
        assert width(line[: line.index(subject)]) == subject_col, line
        assert width(line[: line.index(who)]) == who_col, line


def test_table_puts_alerts_last_and_mismatch_at_the_bottom() -> None:
    rows = [
        finding("<1@x>", at(25, 14), Status.MISMATCH, event_start=at(26, 14), diffs=("date",)),
        finding("<2@x>", at(28, 9), Status.OK, event_start=at(28, 9)),
        finding("<3@x>", at(27, 9), Status.MISSING),
    ]
    lines = render_table(rows, TOKYO).splitlines()
    assert [line.split()[0] for line in lines[1:4]] == ["ok", "missing", "mismatch"]
    assert "11/25(水) 14:00  11/26(木) 14:00  date" in lines[3]
    assert "—" in lines[2]


def test_summary_counts_each_status_and_skipped_messages() -> None:
    rows = [finding(f"<{i}@x>", at(27, 9), s) for i, s in
            enumerate([Status.OK] * 3 + [Status.MISMATCH, Status.MISSING])]
    assert summary(rows, skipped=2) == "3 ok, 1 mismatch, 1 missing; 2 messages skipped"
    assert (summary([], skipped=1, messages=1)
            == "0 ok, 0 mismatch, 0 missing (1 message read); 1 message skipped")


def test_empty_table_is_only_the_summary() -> None:
    assert render_table([], TOKYO, messages=4) == "0 ok, 0 mismatch, 0 missing (4 messages read)\n"
