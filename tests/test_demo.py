"""`calcheck demo`: the shipped mailbox and calendar tell the story, ending on the wrong day."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from calcheck import cli, demo
from calcheck.reading import read_message

STORY_ID = "<20261125091208.77f3@hokuto-bussan.example.jp>"


def test_demo_ends_on_the_wrong_day_mismatch(capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["demo"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in err
    lines = out.rstrip("\n").splitlines()
    last_row, summary = lines[-2], lines[-1]
    assert last_row.split()[0] == "mismatch"
    assert "11/25(水) 14:00  11/26(木) 14:00  date" in last_row
    assert "北斗物産" in last_row
    assert "mismatch" in summary


def test_demo_has_an_ok_a_missing_and_a_mail_without_appointment(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["demo", "--format", "json"]) == 1
    findings = json.loads(capsys.readouterr().out)["findings"]
    statuses = {f["status"] for f in findings}
    assert statuses == {"ok", "mismatch", "missing"}
    story = next(f for f in findings if f["message_id"] == STORY_ID)
    assert datetime.fromisoformat(story["appointment"]["start"]) == datetime.fromisoformat(
        "2026-11-25T14:00:00+09:00")
    assert story["event"]["start"] == "2026-11-26T14:00:00+09:00"
    # The English thank-you mail confirms nothing and so has no row.
    assert all("northwind" not in f["from"] for f in findings)


def test_demo_messages_are_readable_and_varied() -> None:
    raws = list(demo.DemoMailSource().messages(demo.NOW))
    assert len(raws) >= 4
    charsets = b" ".join(r.data for r in raws).lower()
    assert b"charset=\"iso-2022-jp\"" in charsets
    assert b"charset=\"utf-8\"" in charsets
    mails = [read_message(r) for r in raws]
    story = next(m for m in mails if m.message_id == STORY_ID)
    assert "本日14:00" in story.new_text
    assert story.date is not None
    assert story.date < demo.NOW


def test_demo_calendar_is_shipped() -> None:
    with demo.calendar_file() as path:
        assert path.read_bytes().startswith(b"BEGIN:VCALENDAR")
