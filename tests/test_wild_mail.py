"""Real third-party mail from ../shared/wild-mail (read at run time, never copied into the repo).

Every message must be read without an exception, the Japanese ones with their vendor characters
intact, and a whole audit over all of them must end without a traceback.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from calcheck.model import MailMessage, RawMail
from calcheck.reading import read_message

WILD = Path(__file__).resolve().parents[2] / "shared" / "wild-mail"
MAIL_DIR = WILD / "mail"

pytestmark = pytest.mark.skipif(not MAIL_DIR.is_dir(), reason=f"wild mail not present at {MAIL_DIR}")


def _files() -> list[Path]:
    return sorted(MAIL_DIR.glob("*.eml")) if MAIL_DIR.is_dir() else []


def read(prefix: str) -> MailMessage:
    (path,) = MAIL_DIR.glob(f"{prefix}-*.eml")
    return read_message(RawMail(str(path), path.read_bytes()))


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.name[:3])
def test_every_wild_message_is_read_without_the_last_resort(path: Path) -> None:
    mail = read_message(RawMail(str(path), path.read_bytes()))
    assert not any(p.startswith("unreadable message") for p in mail.problems), mail.problems


def test_manifest_lists_the_files_we_read() -> None:
    manifest = json.loads((WILD / "MANIFEST.json").read_text(encoding="utf-8"))
    listed = {entry["file"] for entry in manifest}
    assert {f"mail/{p.name}" for p in _files()} <= listed


def test_nec_circled_numbers_in_iso2022jp_subject_and_body() -> None:
    mail = read("001")
    assert mail.subject == "テスト①"
    assert "丸数字のテストです②" in mail.new_text
    assert "\ufffd" not in mail.new_text


def test_nec_kabu_in_cp932_base64() -> None:
    assert read("002").new_text.startswith("テストです。㈱")


def test_halfwidth_katakana_escape() -> None:
    assert "(=ﾟωﾟ)ﾉ" in read("003").new_text


def test_cp932_named_inside_an_encoded_word() -> None:
    assert read("013").subject == "ここに本文がきます。"


def test_shift_jis_labelled_utf8_falls_back() -> None:
    mail = read("017")
    assert "Thunderbird" in mail.new_text
    assert "メール" in mail.new_text
    assert mail.problems


def test_cr_only_newlines_with_utf8_under_iso2022jp_label() -> None:
    assert "送信できませんでした" in read("023").new_text


def test_utf8_under_us_ascii_label() -> None:
    assert "∮ E⋅da = Q" in read("031").new_text


@pytest.mark.parametrize("prefix", ["050", "053"])
def test_unreadable_dates_are_none(prefix: str) -> None:
    assert read(prefix).date is None


def test_outlook_calendar_is_found_and_a_bounced_invitation_is_not() -> None:
    assert len(read("057").calendars) == 1
    assert read("072").calendars == ()


def test_forwarded_iphone_mail_keeps_new_and_quoted_apart() -> None:
    mail = read("012")
    assert mail.new_text == "iPhoneから送信"
    assert "2012年7月30日" in mail.quoted_text


def test_audit_over_all_wild_mail_ends_without_a_traceback(tmp_path: Path) -> None:
    maildir = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    for i, path in enumerate(_files()):
        shutil.copyfile(path, maildir / "cur" / f"{i:04d}.wild:2,S")
    empty = tmp_path / "EMPTY.ics"
    empty.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//calcheck test//EN\r\nEND:VCALENDAR\r\n")
    env = {**os.environ, "PYTHONWARNINGS": "default"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "calcheck",
            "audit",
            "--mail",
            f"maildir:{maildir}",
            "--calendar",
            f"ics:{empty}",
            "--now",
            "2030-01-01T00:00:00+09:00",
            "--timezone",
            "Asia/Tokyo",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert "findings" in json.loads(done.stdout)


def test_unlabelled_latin_text_reads_as_latin() -> None:
    assert "lo que más aprecio" in read("045").new_text
    assert "Mätterhorn" in read("046").new_text
