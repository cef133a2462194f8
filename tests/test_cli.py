"""`calcheck audit` end to end: the JSON contract, exit codes, and errors without tracebacks.

The mailbox is built per test from real encoded messages in tests/data/cli/ (UTF-8,
ISO-2022-JP, Shift_JIS, English); the calendar is tests/data/cli/calendar.ics. As of
2026-12-01 09:00 Asia/Tokyo: さくら電機 is entered (ok), 桐工業 is entered three days late
(mismatch), つばめ運輸 is not entered (missing), the newsletter confirms nothing.
"""

from __future__ import annotations

import json
import mailbox
import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from calcheck import cli
from calcheck.model import MailMessage, RawMail
from calcheck.reading import read_message

DATA = Path(__file__).parent / "data" / "cli"
CALENDAR = DATA / "calendar.ics"
NOW = "2026-12-01T09:00:00+09:00"
OK_ID = "<cli-ok-0001@sakura-denki.example.jp>"
MISMATCH_ID = "<cli-mismatch-0002@kiri-kogyo.example.jp>"
MISSING_ID = "<cli-missing-0003@tsubame.example.jp>"
NONE_ID = "<cli-none-0004@news.example.com>"
ALL = ("ok-sakura-utf8.eml", "wrong-day-kiri-iso2022jp.eml", "missing-tsubame-sjis.eml",
       "no-appointment-english.eml")


@pytest.fixture(autouse=True)
def no_user_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the developer's own ~/.config/calcheck/config.toml out of every test."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))


def make_maildir(root: Path, names: tuple[str, ...] = ALL, extra: dict[str, bytes] | None = None) -> Path:
    """A Maildir holding the named test messages (file names sort in the order given)."""
    path = root / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (path / sub).mkdir(parents=True, exist_ok=True)
    for i, name in enumerate(names):
        shutil.copy(DATA / name, path / "cur" / f"{i:02d}-{name}:2,S")
    for name, data in (extra or {}).items():
        (path / "cur" / name).write_bytes(data)
    return path


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def audit_args(maildir: Path, *more: str) -> list[str]:
    return ["audit", "--mail", f"maildir:{maildir}", "--calendar", f"ics:{CALENDAR}", "--now", NOW, *more]


def aware_iso(value: Any) -> datetime:
    assert isinstance(value, str)
    parsed = datetime.fromisoformat(value)
    assert parsed.tzinfo is not None, f"{value} has no UTC offset"
    return parsed


# --- the JSON contract --------------------------------------------------------------------------

def test_json_contract_through_the_installed_entry_point(tmp_path: Path) -> None:
    maildir = make_maildir(tmp_path)
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "xdg-config")}
    proc = subprocess.run([sys.executable, "-m", "calcheck", *audit_args(maildir, "--format", "json")],
                          capture_output=True, text=True, env=env, timeout=60, check=False)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    data = json.loads(proc.stdout)
    assert list(data) == ["findings"]
    findings = data["findings"]
    for f in findings:
        assert isinstance(f["message_id"], str)
        assert f["message_id"].startswith("<")
        assert f["status"] in ("ok", "mismatch", "missing")
        start = aware_iso(f["appointment"]["start"])
        if f["appointment"]["end"] is not None:
            assert aware_iso(f["appointment"]["end"]) > start
        assert isinstance(f["differences"], list)
        assert set(f["differences"]) <= {"date", "time", "timezone", "duration"}
        assert isinstance(f["evidence"], str)
        assert f["evidence"]
        event = f["event"]
        if f["status"] == "missing":
            assert event is None
        else:
            assert isinstance(event["id"], str)
            assert event["id"]
            assert isinstance(event["summary"], str)
            aware_iso(event["start"])
            assert event["end"] is None or aware_iso(event["end"])
    starts = [aware_iso(f["appointment"]["start"]) for f in findings]
    assert starts == sorted(starts)
    by_id = {f["message_id"]: f for f in findings}
    assert NONE_ID not in by_id
    assert by_id[OK_ID]["status"] == "ok"
    assert by_id[OK_ID]["event"]["id"] == "cli-sakura@example.jp"
    assert aware_iso(by_id[OK_ID]["appointment"]["start"]) == datetime.fromisoformat("2026-12-03T13:00+09:00")
    assert by_id[MISMATCH_ID]["status"] == "mismatch"
    assert by_id[MISMATCH_ID]["event"]["id"] == "cli-kiri@example.jp"
    assert "date" in by_id[MISMATCH_ID]["differences"]
    assert by_id[MISSING_ID]["status"] == "missing"


# --- exit codes ---------------------------------------------------------------------------------

def test_exit_0_when_every_appointment_is_in_the_calendar(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    maildir = make_maildir(tmp_path, ("ok-sakura-utf8.eml", "no-appointment-english.eml"))
    code, out, _ = run(audit_args(maildir), capsys)
    assert code == 0
    assert "1 ok, 0 mismatch, 0 missing" in out


def test_exit_1_and_a_table_when_something_needs_an_alert(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(audit_args(make_maildir(tmp_path)), capsys)
    assert code == 1, err
    assert out.splitlines()[-1].startswith("1 ok, 1 mismatch, 1 missing")
    assert "12/4(金) 16:00  12/7(月) 16:00  date" in out


def test_argparse_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main(["audit", "--format", "xml"])
    assert info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_python_m_calcheck_help_works() -> None:
    proc = subprocess.run([sys.executable, "-m", "calcheck", "--help"], capture_output=True, text=True,
                          timeout=60, check=False)
    assert proc.returncode == 0
    for command in ("audit", "demo", "explain"):
        assert command in proc.stdout


# --- usage and configuration errors: exit 2, one line, no traceback ----------------------------

def expect_error(argv: list[str], capsys: pytest.CaptureFixture[str], *fragments: str) -> str:
    code, out, err = run(argv, capsys)
    assert code == 2, err
    assert out == ""
    assert err.startswith("calcheck: ")
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in err
    return err


def test_missing_mailbox_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expect_error(audit_args(tmp_path / "nope"), capsys, f"maildir:{tmp_path / 'nope'}: no such directory")


def test_missing_mail_source_names_the_flag_and_the_key(capsys: pytest.CaptureFixture[str]) -> None:
    expect_error(["audit", "--calendar", f"ics:{CALENDAR}"], capsys, "--mail", "[mail]", "source")


def test_missing_calendar_names_the_flag_and_the_key(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    expect_error(["audit", "--mail", f"maildir:{make_maildir(tmp_path)}"], capsys,
                 "--calendar", "[calendar]", "source")


def test_malformed_mail_spec(capsys: pytest.CaptureFixture[str]) -> None:
    expect_error(["audit", "--mail", "/home/me/Maildir", "--calendar", f"ics:{CALENDAR}"], capsys,
                 '--mail: expected "imap", "maildir:PATH" or "mbox:PATH"')


@pytest.mark.parametrize("now", ["yesterday", "2026-13-01T09:00", "12/01/2026"])
def test_invalid_now(now: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = audit_args(make_maildir(tmp_path))
    args[args.index("--now") + 1] = now
    expect_error(args, capsys, f"--now {now!r}: not an ISO 8601", "2026-11-20T09:00:00+09:00")


def test_invalid_timezone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expect_error(audit_args(make_maildir(tmp_path), "--timezone", "Tokyo"), capsys,
                 '--timezone: unknown time zone "Tokyo"')


def test_naive_now_is_read_in_the_given_timezone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The visit is at 13:00 in Tokyo; appointments already begun are not judged. A naive 12:30
    # read as UTC (or as this machine's zone) would be 21:30 in Tokyo, after the visit.
    maildir = make_maildir(tmp_path, ("ok-sakura-utf8.eml",))
    base = ["audit", "--mail", f"maildir:{maildir}", "--calendar", f"ics:{CALENDAR}",
            "--timezone", "Asia/Tokyo", "--format", "json", "--now"]
    _, out, _ = run([*base, "2026-12-03T12:30"], capsys)
    assert [f["message_id"] for f in json.loads(out)["findings"]] == [OK_ID]
    _, out, _ = run([*base, "2026-12-03T12:30+00:00"], capsys)
    assert json.loads(out)["findings"] == []
    _, out, _ = run([*base, "2026-12-03T13:30"], capsys)
    assert json.loads(out)["findings"] == []


def test_since_leaves_out_older_mail(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = audit_args(make_maildir(tmp_path), "--since", "2026-11-28", "--format", "json")
    code, out, _ = run(args, capsys)
    assert [f["message_id"] for f in json.loads(out)["findings"]] == [MISSING_ID]
    assert code == 1


def write_config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_config_wrong_type_exits_2_naming_the_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path, '[imap.work]\nhost = "imap.example.jp"\nport = "abc"\n')
    expect_error(["audit", "--config", str(config)], capsys,
                 f'{config}: [imap.work] port: expected an integer, got "abc"')


def test_config_unknown_key_exits_2_naming_the_key(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path, '[mail]\nsorce = "maildir:/x"\n')
    expect_error(["--config", str(config), "audit"], capsys,
                 "unknown key [mail] sorce", "config.example.toml")


def test_config_password_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path, '[imap.work]\nhost = "h"\npassword = "s3cret"\n')
    err = expect_error(["audit", "--config", str(config)], capsys, "password_cmd", "password_env")
    assert "s3cret" not in err


def test_config_bad_timezone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path, 'timezone = "JST"\n')
    expect_error(["audit", "--config", str(config)], capsys, 'timezone: unknown time zone "JST"')


def test_missing_config_file_named_on_the_command_line(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    expect_error(["audit", "--config", str(tmp_path / "absent.toml")], capsys, "absent.toml: no such file")


def test_config_supplies_what_flags_leave_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    maildir = make_maildir(tmp_path)
    config = write_config(tmp_path, f'[mail]\nsource = "maildir:{maildir}"\n'
                                    f'[calendar]\nsource = "ics:{CALENDAR}"\n')
    code, out, err = run(["audit", "--config", str(config), "--now", NOW], capsys)
    assert code == 1, err
    assert "1 ok, 1 mismatch, 1 missing" in out


def test_flags_override_the_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    maildir = make_maildir(tmp_path)
    # Every value in the file would fail or change the verdicts; the flags must win.
    config = write_config(tmp_path, f'timezone = "America/Los_Angeles"\nsince_days = 1\n'
                                    f'[mail]\nsource = "maildir:{tmp_path / "absent"}"\n'
                                    f'[calendar]\nsource = "ics:{tmp_path / "absent.ics"}"\n')
    code, out, err = run(["audit", "--config", str(config), *audit_args(maildir, "--timezone", "Asia/Tokyo",
                                                                        "--since", "2026-11-01")[1:]], capsys)
    assert code == 1, err
    assert "1 ok, 1 mismatch, 1 missing" in out
    assert "12/3(木) 13:00" in out  # shown in --timezone, not the file's zone


# --- damaged input ------------------------------------------------------------------------------

def test_a_message_that_breaks_the_reader_is_reported_and_skipped(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    broken = b"From: x\r\nSubject: \x00\xff broken\r\n\r\nbody"
    maildir = make_maildir(tmp_path, ALL[:2], extra={"01b-broken:2,S": broken})
    (maildir / "cur" / f"02-{ALL[2]}:2,S").write_bytes((DATA / ALL[2]).read_bytes())

    def reader(raw: RawMail) -> MailMessage:
        if raw.data == broken:  # stands in for any reader crash, whatever its cause
            raise ValueError("cannot decode the header")
        return read_message(raw)

    monkeypatch.setattr("calcheck._pool.read_message", reader)
    code, out, err = run(audit_args(maildir), capsys)
    assert code == 1
    assert str(maildir / "cur" / "01b-broken:2,S") in err
    assert "Traceback" not in err
    assert out.splitlines()[-1] == "1 ok, 1 mismatch, 1 missing (4 messages read); 1 message skipped"


def test_garbage_bytes_in_the_middle_of_a_mailbox_do_not_stop_the_audit(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    garbage = bytes(range(256)) * 8 + b"\r\n\r\n=?iso-2022-jp?B?GyRC?=\x1b$B\xff"
    maildir = make_maildir(tmp_path, ALL[:2], extra={"01b-garbage:2,S": garbage})
    (maildir / "cur" / f"02-{ALL[2]}:2,S").write_bytes((DATA / ALL[2]).read_bytes())
    code, out, err = run(audit_args(maildir), capsys)
    assert code == 1
    assert "Traceback" not in err
    assert "1 ok, 1 mismatch, 1 missing (4 messages read)" in out


def test_an_ics_file_with_a_broken_line_is_named_and_exits_2(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.ics"
    broken.write_bytes(CALENDAR.read_bytes().replace(b"BEGIN:VEVENT", b"BEGN:VEVENT", 1))
    args = audit_args(make_maildir(tmp_path))
    args[args.index("--calendar") + 1] = f"ics:{broken}"
    expect_error(args, capsys, str(broken))


def test_missing_ics_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = audit_args(make_maildir(tmp_path))
    args[args.index("--calendar") + 1] = f"ics:{tmp_path / 'none.ics'}"
    expect_error(args, capsys, f"{tmp_path / 'none.ics'}: no such file")


# --- the error path, logging, other commands ----------------------------------------------------

def test_ctrl_c_exits_130(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                          monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "run_audit", interrupted)
    code, _, err = run(audit_args(make_maildir(tmp_path)), capsys)
    assert code == 130
    assert "Traceback" not in err


def test_verbose_logs_the_audit_summary_to_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    maildir = make_maildir(tmp_path)
    _, _, quiet = run(audit_args(maildir), capsys)
    assert "INFO" not in quiet
    _, out, err = run(["-v", *audit_args(maildir)], capsys)
    assert any(line.startswith("INFO calcheck.audit: ") for line in err.splitlines()), err
    assert "INFO" not in out


def test_mbox_source(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "mail.mbox"
    box = mailbox.mbox(str(path))
    for name in ALL:
        box.add(mailbox.mboxMessage((DATA / name).read_bytes()))
    box.close()
    code, out, err = run(["audit", "--mail", f"mbox:{path}", "--calendar", f"ics:{CALENDAR}", "--now", NOW],
                         capsys)
    assert code == 1, err
    assert "1 ok, 1 mismatch, 1 missing" in out


def test_explain_shows_the_appointment_and_its_evidence(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["explain", str(DATA / "wrong-day-kiri-iso2022jp.eml"), "--now", NOW], capsys)
    assert code == 0
    assert MISMATCH_ID in out
    assert "2026-12-04T16:00:00+09:00" in out
    assert "12月4日（金）16:00" in out  # the evidence, as written in the mail
    assert "中村 涼子 <nakamura@kiri-kogyo.example.jp>" in out


def test_explain_of_a_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expect_error(["explain", str(tmp_path / "none.eml")], capsys, "none.eml: cannot read it")
