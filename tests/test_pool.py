"""A large audit read and extracted in worker processes gives exactly the serial audit's result."""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import re
import threading
from collections.abc import Generator, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from calcheck import _pool
from calcheck.audit import AuditResult, run_audit
from calcheck.calendars.ics import IcsFileCalendar
from calcheck.extract import Context
from calcheck.model import MailMessage, RawMail
from calcheck.reading import read_message

HOLDOUT = Path(__file__).parent / "data" / "holdout" / "A"
SCENARIO = json.loads((HOLDOUT / "scenario.json").read_text(encoding="utf-8"))
TZ = ZoneInfo(SCENARIO["timezone"])
NOW = datetime.fromisoformat(SCENARIO["now"])
BROKEN = b"From: x\r\nSubject: \x00\xff broken\r\n\r\nbody"


class ListSource:
    def __init__(self, raws: list[RawMail]) -> None:
        self.raws = raws

    def messages(self, since: datetime) -> Iterator[RawMail]:
        return iter(self.raws)


def mailbox(copies: int) -> list[RawMail]:
    """The hold-out mail ``copies`` times over (each copy with its own Message-IDs), a broken one
    in the middle: more than the few hundred messages below which no worker is started."""
    files = sorted((HOLDOUT / "messages").glob("*.eml"))
    raws = []
    for n in range(copies):
        for f in files:
            data = re.sub(rb"(?im)^(message-id: *<)", rb"\g<1>copy%d." % n, f.read_bytes())
            raws.append(RawMail(ref=f"{n}/{f.name}", data=data))
    raws.insert(len(raws) // 2, RawMail(ref="broken", data=BROKEN))
    return raws


def audit(raws: list[RawMail], jobs: int) -> AuditResult:
    return run_audit(ListSource(raws), IcsFileCalendar(HOLDOUT / "calendar.ics", tz=TZ), NOW, TZ,
                     NOW - timedelta(days=60), jobs=jobs)


def summary(result: AuditResult) -> tuple[object, ...]:
    findings = [json.dumps(f.to_json(), sort_keys=True) for f in result.findings]
    return result.messages, result.skipped, findings


@pytest.fixture
def crashing_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    """read_message that fails on BROKEN in any process (workers are forked: they inherit it)."""
    def reader(raw: RawMail) -> MailMessage:
        if raw.data == BROKEN:
            raise ValueError("cannot decode the header")
        return read_message(raw)

    monkeypatch.setattr(_pool, "read_message", reader)
    monkeypatch.setattr(_pool, "_start_method", lambda: "fork")


def test_workers_give_the_serial_result_and_log_the_skipped_message_here(
        crashing_reader: None, caplog: pytest.LogCaptureFixture) -> None:
    raws = mailbox(8)
    serial = audit(raws, jobs=1)
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        pooled = audit(raws, jobs=2)
    assert len(raws) > 2 * _pool.BATCH  # or no worker would have started
    assert serial.messages == len(raws)
    assert serial.skipped == [("broken", "ValueError: cannot decode the header")]
    assert len(serial.findings) > 100
    assert summary(pooled) == summary(serial)
    skipped_logs = [r for r in caplog.records if "skipped broken" in r.getMessage()]
    assert len(skipped_logs) == 1
    assert skipped_logs[0].name == "calcheck._pool"
    assert skipped_logs[0].process != os.getpid()  # made in a worker, emitted here


def test_a_small_mailbox_starts_no_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a process pool was started for a small mailbox")

    monkeypatch.setattr(_pool, "_Worker", refuse)
    raws = mailbox(1)
    result = audit(raws, jobs=4)
    assert result.messages == len(raws)
    assert len(result.findings) > 10


def test_a_worker_that_dies_loses_no_message(monkeypatch: pytest.MonkeyPatch,
                                             caplog: pytest.LogCaptureFixture) -> None:
    parent = os.getpid()

    def reader(raw: RawMail) -> MailMessage:
        if raw.data == BROKEN and os.getpid() != parent:
            os._exit(9)  # as if the OOM killer took the worker
        return read_message(raw)

    raws = mailbox(8)
    serial = audit(raws, jobs=1)
    monkeypatch.setattr(_pool, "read_message", reader)
    monkeypatch.setattr(_pool, "_start_method", lambda: "fork")
    with caplog.at_level(logging.WARNING):
        pooled = audit(raws, jobs=2)
    assert summary(pooled) == summary(serial)
    assert any("worker processes stopped" in r.getMessage() for r in caplog.records)


def test_default_jobs_is_the_usable_cpus() -> None:
    assert 1 <= _pool.default_jobs() <= (os.cpu_count() or 1)


def test_forkserver_workers_give_the_serial_result_too(monkeypatch: pytest.MonkeyPatch) -> None:
    # what a process with other threads running (a server, a client library) uses
    raws = mailbox(8)
    serial = audit(raws, jobs=1)
    monkeypatch.setattr(_pool, "_start_method", lambda: "forkserver")
    assert summary(audit(raws, jobs=2)) == summary(serial)


def test_a_batch_a_worker_cannot_finish_is_done_here(monkeypatch: pytest.MonkeyPatch) -> None:
    # say a result that does not pickle: the worker answers b"" and this process does the batch
    parent = os.getpid()
    work = _pool._work

    def failing(batch: list[RawMail], ctx: Context, since: datetime) -> _pool._Done:
        if os.getpid() != parent and any(raw.data == BROKEN for raw in batch):
            raise TypeError("cannot pickle")
        return work(batch, ctx, since)

    raws = mailbox(8)
    serial = audit(raws, jobs=1)
    monkeypatch.setattr(_pool, "_work", failing)
    monkeypatch.setattr(_pool, "_start_method", lambda: "fork")
    assert summary(audit(raws, jobs=2)) == summary(serial)


def test_workers_stop_when_the_outcomes_are_left_unread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_pool, "_start_method", lambda: "fork")
    raws = mailbox(8)
    ctx = Context(now=NOW, tz=TZ, owner_email="")
    outcomes = _pool.outcomes(raws, ctx, NOW - timedelta(days=60), jobs=2)
    first = next(outcomes)
    assert first.ref == raws[0].ref
    assert multiprocessing.active_children()
    assert isinstance(outcomes, Generator)
    outcomes.close()
    assert not multiprocessing.active_children()


def test_an_error_of_the_source_is_not_taken_for_a_broken_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_pool, "_start_method", lambda: "fork")
    raws = mailbox(8)

    def failing_source() -> Iterator[RawMail]:
        yield from raws[:5 * _pool.BATCH]
        raise ConnectionResetError("the IMAP server hung up")

    ctx = Context(now=NOW, tz=TZ, owner_email="")
    with pytest.raises(ConnectionResetError):
        for _ in _pool.outcomes(failing_source(), ctx, NOW - timedelta(days=60), jobs=2):
            pass
    assert not multiprocessing.active_children()


def test_no_process_to_be_had_means_the_work_is_done_here(monkeypatch: pytest.MonkeyPatch,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    def no_fork(self: object) -> None:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    raws = mailbox(8)
    serial = audit(raws, jobs=1)
    monkeypatch.setattr(multiprocessing.process.BaseProcess, "start", no_fork)
    with caplog.at_level(logging.WARNING):
        pooled = audit(raws, jobs=2)
    assert summary(pooled) == summary(serial)
    assert any("cannot start one" in r.getMessage() for r in caplog.records)


def _ctx() -> Context:
    return Context(now=NOW, tz=TZ)


def test_meanwhile_runs_once_beside_the_workers_and_has_ended_with_the_outcomes() -> None:
    raws = mailbox(8)
    assert len(raws) > 2 * _pool.BATCH  # or no worker would start
    ran: list[tuple[int, int]] = []

    def meanwhile() -> None:
        ran.append((threading.get_ident(), len(multiprocessing.active_children())))

    threads_before = threading.active_count()
    got = [o.ref for o in _pool.outcomes(iter(raws), _ctx(), NOW - timedelta(days=60), jobs=2,
                                         meanwhile=meanwhile)]
    assert got == [r.ref for r in raws]
    assert len(ran) == 1
    ident, workers = ran[0]
    assert ident != threading.get_ident()  # aside, not in the generator's thread
    assert workers == 2  # started after the workers: a fork after a thread is unsafe
    assert threading.active_count() == threads_before  # joined by the time the outcomes end


def test_meanwhile_does_not_run_without_workers_and_its_failure_changes_nothing() -> None:
    calls: list[str] = []
    since = NOW - timedelta(days=60)
    small = mailbox(1)
    list(_pool.outcomes(iter(small), _ctx(), since, jobs=2, meanwhile=lambda: calls.append("small")))
    list(_pool.outcomes(iter(mailbox(8)), _ctx(), since, jobs=1, meanwhile=lambda: calls.append("serial")))
    assert calls == []

    def failing() -> None:
        calls.append("failing")
        raise OSError("the calendar file went away")

    raws = mailbox(8)
    serial = [(o.ref, o.appointment) for o in _pool.outcomes(iter(raws), _ctx(), since)]
    pooled = [(o.ref, o.appointment)
              for o in _pool.outcomes(iter(raws), _ctx(), since, jobs=2, meanwhile=failing)]
    assert calls == ["failing"]
    assert pooled == serial
