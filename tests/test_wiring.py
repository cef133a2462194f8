"""The configuration reaches every part that needs it, alike for `calcheck audit` and `calcheck run`."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from calcheck import cli
from calcheck._sdnotify import Notifier
from calcheck.calendars import calendar_from_config
from calcheck.calendars.ics import IcsFileCalendar
from calcheck.config import parse_config
from calcheck.daemon import Daemon
from calcheck.model import RawMail
from calcheck.runtime import Account, Runtime
from calcheck.state import Store

TZ = ZoneInfo("Asia/Tokyo")
DATA = Path(__file__).parent / "data"
DECLINED = DATA / "ics" / "declined-mixed-case.ics"
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=TZ)
OWNER = "morio@sampletech.example"
# The owner's own mail to sato@abc.example: "I will visit on 11/25 14:00". The calendar holds the
# visit at 15:00 with sato as attendee. Only with the owner's address known is sato (the
# recipient) the other party, so the 15:00 entry is this visit entered at the wrong hour.
OWN_VISIT = DATA / "wiring" / "own-visit-iso2022jp.eml"
CAL_15H = DATA / "wiring" / "calendar-abc-15h.ics"


class Files:
    def __init__(self, *paths: Path) -> None:
        self.paths = paths

    def messages(self, since: datetime) -> Iterator[RawMail]:
        for path in self.paths:
            yield RawMail(str(path), path.read_bytes())


def test_a_calendar_from_the_configuration_leaves_out_what_the_owner_declined() -> None:
    with_owner = parse_config('[owner]\nemail = "owner@example.jp"\n')
    window = (datetime(2026, 11, 30, tzinfo=UTC), datetime(2026, 12, 2, tzinfo=UTC))
    events = calendar_from_config(f"ics:{DECLINED}", with_owner, TZ).events(*window)
    assert [e.id for e in events] == ["others-declined@calcheck.test"]
    assert len(calendar_from_config(f"ics:{DECLINED}", parse_config(""), TZ).events(*window)) == 2


def test_the_daemon_runtime_opens_the_calendar_without_importing_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "Maildir" / "cur").mkdir(parents=True)
    config = tmp_path / "config.toml"
    config.write_text(textwrap.dedent(f"""\
        [owner]
        email = "owner@example.jp"
        [mail]
        source = "maildir:{tmp_path / 'Maildir'}"
        [calendar]
        source = "ics:{DECLINED}"
        """))
    script = textwrap.dedent(f"""\
        import sys
        from pathlib import Path
        from calcheck.config import load_config
        from calcheck.readstate import MemoryReadState
        from calcheck.runtime import build_runtime
        rt = build_runtime(load_config(Path({str(config)!r})), MemoryReadState())
        print(type(rt.calendar).__name__, rt.calendar.owner, rt.owner, "calcheck.cli" in sys.modules)
        """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                         timeout=60)
    assert out.stdout.split() == ["IcsFileCalendar", "owner@example.jp", "owner@example.jp", "False"]


def audit_json(tmp_path: Path, capsys: pytest.CaptureFixture[str], config: str) -> list[dict[str, object]]:
    maildir = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True, exist_ok=True)
    (maildir / "cur" / "1.eml").write_bytes(OWN_VISIT.read_bytes())
    (tmp_path / "config.toml").write_text(config)
    cli.main(["--config", str(tmp_path / "config.toml"), "audit", "--mail", f"maildir:{maildir}",
              "--calendar", f"ics:{CAL_15H}", "--now", NOW.isoformat(), "--format", "json"])
    findings: list[dict[str, object]] = json.loads(capsys.readouterr().out)["findings"]
    return findings


def test_audit_matches_the_owners_own_mail_by_its_recipients(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    (known,) = audit_json(tmp_path, capsys, f'[owner]\nemail = "{OWNER}"\n')
    assert (known["status"], known["event"]["id"]) == ("mismatch", "abc-visit@calcheck.test")  # type: ignore[index]
    (unknown,) = audit_json(tmp_path, capsys, "")
    assert unknown["status"] == "missing"


def test_the_daemon_matches_the_owners_own_mail_by_its_recipients(tmp_path: Path) -> None:
    minute = timedelta(minutes=1)
    rt = Runtime(tz=TZ, since=timedelta(days=30), accounts=[Account("mem", Files(OWN_VISIT))],
                 calendar=IcsFileCalendar(CAL_15H, TZ), sender=None, from_addr="calcheck@me.example",
                 to=("me@me.example",), language="ja", reminder=None, poll=minute, recheck=minute,
                 retry_base=minute, owner=OWNER)
    with Store(tmp_path / "state.db") as store:
        Daemon(store, lambda: rt, clock=lambda tz: NOW, notifier=Notifier({})).cycle()
        (problem,) = store.snapshot()["open_problems"]
    assert (problem["status"], problem["event_start"]) == ("mismatch", "2026-11-25T15:00:00+09:00")


# -- [mail] max_message_bytes reaches the local sources ---------------------------------------------

def big(size: int) -> bytes:
    """The own-visit message padded to ``size`` bytes with quoted lines."""
    data = OWN_VISIT.read_bytes()
    filler = b"> " + b"x" * 76 + b"\r\n"
    return (data + filler * ((size - len(data)) // len(filler) + 1))[:size]


def maildir_with(tmp_path: Path, *messages: bytes) -> Path:
    maildir = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True, exist_ok=True)
    for i, data in enumerate(messages):
        (maildir / "cur" / f"{i}.eml").write_bytes(data)
    return maildir


def mbox_with(tmp_path: Path, *messages: bytes) -> Path:
    path = tmp_path / "mail.mbox"
    path.write_bytes(b"".join(b"From someone@example Fri Nov 20 08:00:00 2026\n"
                              + data.replace(b"\r\n", b"\n").replace(b"\nFrom ", b"\n>From ") + b"\n"
                              for data in messages))
    return path


@pytest.mark.parametrize("kind", ["maildir", "mbox"])
def test_messages_over_max_message_bytes_are_skipped_logged_and_counted(
        tmp_path: Path, kind: str, caplog: pytest.LogCaptureFixture) -> None:
    from calcheck.audit import run_audit  # noqa: PLC0415
    from calcheck.sources import open_source  # noqa: PLC0415

    made = maildir_with if kind == "maildir" else mbox_with
    path = made(tmp_path, OWN_VISIT.read_bytes(), big(6000))
    config = parse_config("[mail]\nmax_message_bytes = 4000\n")
    source = open_source(f"{kind}:{path}", config)
    result = run_audit(source, IcsFileCalendar(CAL_15H, TZ), NOW, TZ, NOW - timedelta(days=30))
    ((ref, reason),) = result.skipped
    assert ref == (str(path / "cur" / "1.eml") if kind == "maildir" else f"{path}#1")
    assert "max_message_bytes" in reason
    assert (result.messages, len(result.findings)) == (2, 1)
    assert f"skipped {ref}: " in caplog.text
    assert "is over max_message_bytes (4000)" in caplog.text
    # Read again (the daemon's next cycle): listed again, warned about only once.
    assert len(list(source.messages(NOW))) == 1
    assert len(source.skipped) == 1  # type: ignore[attr-defined]
    assert caplog.text.count(f"skipped {ref}: ") == 1


def test_the_default_limit_is_ten_mebibytes(tmp_path: Path) -> None:
    from calcheck.sources.local import MaildirSource  # noqa: PLC0415

    maildir = maildir_with(tmp_path, big(10 * 1024 * 1024), big(10 * 1024 * 1024 + 200))
    (kept,) = MaildirSource(maildir).messages(NOW)
    assert kept.ref.endswith("0.eml")
