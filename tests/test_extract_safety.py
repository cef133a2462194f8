"""Extraction cannot be made slow by input, and explain() works on every message we have."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from calcheck.extract import Context, explain, extract, render
from calcheck.model import MailMessage, RawMail
from calcheck.reading import read_message

TZ = ZoneInfo("Asia/Tokyo")
CTX = Context(now=datetime(2026, 11, 20, 9, 0, tzinfo=TZ), tz=TZ)
SHARED = Path(__file__).resolve().parents[2] / "shared"

UNITS = ["1234567890", "年月日", "2026年11月20日", "月", "12月12日12時12分", "午後3時", "10:", "2026/",
         "１２：３０〜", "> ", "（水）", "来週水曜 ", "11/20 10:00～11:00 ", "Wednesday, November ",
         "日(", "〜~-"]


def test_a_megabyte_of_adversarial_text_is_read_quickly() -> None:
    chunk = 1024 * 1024 // len(UNITS)
    body = "".join((u * (chunk // len(u) + 1))[:chunk] + "\n" for u in UNITS)
    quoted = "\n".join("> " * 200 + "12月1日 10:00" for _ in range(500))
    mail = MailMessage(ref="x", message_id="", subject="12月12日12時" * 200, sender_name="", sender_addr="",
                       date=CTX.now, new_text=body, quoted_text=quoted)
    started = time.perf_counter()
    extract(mail, CTX)
    render(explain(mail, CTX))
    assert time.perf_counter() - started < 5.0


def _messages() -> list[Path]:
    corpus = sorted((SHARED / "corpus" / "messages").glob("*.eml"))
    return corpus + sorted((SHARED / "wild-mail" / "mail").glob("*.eml"))


@pytest.mark.skipif(not _messages(), reason="shared corpus not present")
def test_explain_renders_every_shared_message_and_agrees_with_extract() -> None:
    for path in _messages():
        mail = read_message(RawMail(str(path), path.read_bytes()))
        explanation = explain(mail, CTX)
        text = render(explanation)
        assert "Decision:" in text, path.name
        assert explanation.appointment == extract(mail, CTX), path.name
