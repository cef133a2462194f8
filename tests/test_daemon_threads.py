"""`calcheck run` judges a thread as `calcheck audit` does: the later reply that moved a meeting counts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from calcheck import cli
from calcheck._sdnotify import Notifier
from calcheck.audit import run_audit
from calcheck.calendars.ics import IcsFileCalendar
from calcheck.daemon import Daemon
from calcheck.model import RawMail
from calcheck.runtime import Account, Runtime
from calcheck.state import Store

TZ = ZoneInfo("Asia/Tokyo")
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=TZ)
DATA = Path(__file__).parent / "data" / "wiring"
# 11/16: "the meeting is on 11/25 at 14:00"; 11/18, a reply: "moved to 11/27 at 15:00".
FIRST = DATA / "thread-1-first-iso2022jp.eml"
MOVED = DATA / "thread-2-moved-iso2022jp.eml"
CALENDAR = DATA / "calendar-abc-moved.ics"  # the meeting at 11/27 15:00
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


class Inbox:
    def __init__(self, *paths: Path) -> None:
        self.paths = list(paths)

    def messages(self, since: datetime) -> Iterator[RawMail]:
        for path in self.paths:
            yield RawMail(str(path), path.read_bytes())


class Outbox:
    def __init__(self) -> None:
        self.sent: list[bytes] = []

    def send(self, message: bytes) -> None:
        self.sent.append(message)


def daemon(store: Store, inbox: Inbox, outbox: Outbox | None, *, calendar: IcsFileCalendar | None = None,
           now: datetime = NOW, owner: str | None = None) -> Daemon:
    minute = timedelta(minutes=1)
    rt = Runtime(tz=TZ, since=timedelta(days=30), accounts=[Account("mem", inbox)],
                 calendar=calendar or IcsFileCalendar(CALENDAR, TZ), sender=outbox,
                 from_addr="calcheck@me.example", to=("me@me.example",), language="ja", reminder=None,
                 poll=minute, recheck=minute, retry_base=minute, owner=owner)
    return Daemon(store, lambda: rt, clock=lambda tz: now, notifier=Notifier({}))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "state.db") as s:
        yield s


def test_audit_reports_the_thread_as_its_last_reply_leaves_it(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    maildir = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    for path in (FIRST, MOVED):
        (maildir / "cur" / path.name).write_bytes(path.read_bytes())
    (tmp_path / "config.toml").write_text("")
    code = cli.main(["--config", str(tmp_path / "config.toml"), "audit", "--mail", f"maildir:{maildir}",
                     "--calendar", f"ics:{CALENDAR}", "--now", NOW.isoformat(), "--format", "json"])
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert code == 0
    assert [(f["message_id"], f["status"]) for f in findings] == [("<thread-2@abc.example>", "ok")]


def test_daemon_reading_both_messages_at_once_alerts_nothing(store: Store) -> None:
    outbox = Outbox()
    summary = daemon(store, Inbox(FIRST, MOVED), outbox).cycle()
    assert (summary.messages, summary.appointments, summary.checked, summary.opened) == (2, 2, 1, 0)
    assert outbox.sent == []
    assert store.snapshot()["open_problems"] == []


def test_a_later_reply_resolves_the_problem_the_first_message_opened_and_alerts_nothing(store: Store) -> None:
    inbox, outbox = Inbox(FIRST), Outbox()
    d = daemon(store, inbox, outbox)
    first = d.cycle()
    assert (first.opened, len(outbox.sent)) == (1, 1)  # 11/25 14:00 against the entry at 11/27 15:00
    inbox.paths.append(MOVED)
    second = d.cycle()
    assert (second.messages, second.checked, second.opened, second.resolved) == (1, 1, 0, 1)
    again = d.cycle(read_mail=False)
    assert (again.checked, again.opened, again.resolved) == (1, 0, 0)
    snapshot = store.snapshot()
    assert snapshot["open_problems"] == []
    assert [p["resolution"] for p in snapshot["resolved_problems"]] == ["superseded"]
    assert len(outbox.sent) == 1


def test_a_cancellation_read_later_closes_the_invitations_problem(store: Store) -> None:
    # The invitation (11/30 10:00) is not in the calendar: missing. Then the organiser cancels it
    # in a new thread; only the invitation UID ties the two.
    inbox, outbox = Inbox(DATA / "invite-request-utf8.eml"), Outbox()
    d = daemon(store, inbox, outbox)
    assert d.cycle().opened == 1
    inbox.paths.append(DATA / "invite-cancel-utf8.eml")
    after = d.cycle()
    assert (after.checked, after.opened, after.resolved) == (0, 0, 1)
    assert [p["resolution"] for p in store.snapshot()["resolved_problems"]] == ["superseded"]
    assert len(outbox.sent) == 1


@pytest.mark.skipif(not CORPUS.is_dir(), reason="needs ../shared/corpus")
@pytest.mark.parametrize("with_owner", [False, True])
def test_the_daemon_and_the_audit_agree_on_every_message_of_the_corpus(store: Store,
                                                                       with_owner: bool) -> None:
    scenario = json.loads((CORPUS / "scenario.json").read_text(encoding="utf-8"))
    now = datetime.fromisoformat(scenario["now"])
    owner = scenario["owner"]["email"] if with_owner else None
    inbox = Inbox(*sorted((CORPUS / "messages").glob("*.eml")))
    calendar = IcsFileCalendar(CORPUS / "calendar.ics", TZ, owner)
    audit = run_audit(inbox, calendar, now, TZ, now - timedelta(days=30), owner=owner)
    daemon(store, inbox, None, calendar=calendar, now=now, owner=owner).cycle()
    rows = store._db.execute("SELECT message_key, finding FROM findings").fetchall()
    judged = {key: json.loads(finding) for key, finding in rows}
    assert len(audit.findings) > 40
    assert {f.mail.message_id: f.to_json() for f in audit.findings} == judged
