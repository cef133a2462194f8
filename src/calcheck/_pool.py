"""Reading and extraction of a large mailbox spread over worker processes.

Reading a message and extracting its appointment depend on nothing but the message's bytes and
the clock, and they are CPU-bound pure Python (threads would take turns on one core). So a large
audit cuts the source's messages into batches and hands them to a process pool, while this
process goes on fetching the next messages from the source. Results come back in the source's
order, so the audit that follows sees exactly what a serial run would, message for message.

What crosses the process boundary: the raw bytes one way; the read message, the appointment
and the reasons for a skip the other way, and the log records the worker made (each worker
collects them and this process re-emits them, so a skipped message is logged where the user
looks, under the same logger, whatever the start method).

A small mailbox is not worth starting processes for: the first :data:`BATCH` × 2 messages are
gathered first and, if the source ends before that, everything runs here. If the pool breaks
(a worker killed, say by the OOM killer), the batches not yet done are read here, serially:
one bad message must never hide the rest.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import datetime

from calcheck.extract import Context, extract
from calcheck.model import Appointment, MailMessage, RawMail
from calcheck.reading import read_message

log = logging.getLogger(__name__)

BATCH = 128
"""Messages per task: large enough that pickling and the pipe are a small share of the work."""
IN_FLIGHT = 4
"""Batches queued per worker, so the workers never wait for this process and memory stays bounded."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one message: read (or why not), then its appointment (or why not)."""

    ref: str
    mail: MailMessage | None
    read_problem: str = ""
    appointment: Appointment | None = None
    extract_problem: str = ""


_Done = tuple[list[Outcome], list[logging.LogRecord]]
"""A batch's outcomes and the log records made while reading it."""


def default_jobs() -> int:
    """The worker processes to use when the user does not say: the CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def read_one(raw: RawMail) -> tuple[MailMessage | None, str]:
    """``read_message``, with a message that breaks the reader logged: (mail, "") or (None, why).

    The one place ``calcheck audit`` and the daemon both read a message: one bad message must
    never stop the others.
    """
    try:
        return read_message(raw), ""
    except Exception as exc:  # one bad message must never stop the rest
        log.warning("skipped %s: cannot read the message (%s: %s)", raw.ref, type(exc).__name__, exc)
        return None, f"{type(exc).__name__}: {exc}"


def extract_one(mail: MailMessage, ctx: Context) -> tuple[Appointment | None, str]:
    """``extract``, with a failure logged: (appointment or None, "") or (None, why)."""
    try:
        return extract(mail, ctx), ""
    except Exception as exc:  # same: log, skip, go on
        log.warning("skipped %s (%s): extraction failed (%s: %s)", mail.ref, mail.message_id,
                    type(exc).__name__, exc)
        return None, f"{type(exc).__name__}: {exc}"


def outcome(raw: RawMail, ctx: Context, since: datetime) -> Outcome:
    """Read ``raw`` and, when it was sent at or after ``since``, extract its appointment."""
    mail, read_problem = read_one(raw)
    if mail is None:
        return Outcome(raw.ref, None, read_problem)
    if mail.date is not None and mail.date < since:
        return Outcome(raw.ref, mail)
    appt, extract_problem = extract_one(mail, ctx)
    return Outcome(raw.ref, mail, "", appt, extract_problem)


def outcomes(raws: Iterable[RawMail], ctx: Context, since: datetime, *, jobs: int = 1) -> Iterator[Outcome]:
    """:func:`outcome` for every message of ``raws``, in order, over ``jobs`` processes."""
    it = iter(raws)
    head: list[RawMail] = []
    if jobs > 1:
        for raw in it:
            head.append(raw)
            if len(head) >= 2 * BATCH:
                break
    if jobs <= 1 or len(head) < 2 * BATCH:
        for raw in (*head, *it):
            yield outcome(raw, ctx, since)
        return
    yield from _pooled(_batches(head, it), ctx, since, jobs)


def _batches(head: list[RawMail], rest: Iterator[RawMail]) -> Iterator[list[RawMail]]:
    batch: list[RawMail] = []
    for source in (head, rest):
        for raw in source:
            batch.append(raw)
            if len(batch) == BATCH:
                yield batch
                batch = []
    if batch:
        yield batch


def _pooled(batches: Iterator[list[RawMail]], ctx: Context, since: datetime, jobs: int) -> Iterator[Outcome]:
    sent: deque[list[RawMail]] = deque()  # batches not yet yielded, in order
    futures: deque[Future[_Done]] = deque()  # their results, one fewer if a submit failed
    level = logging.getLogger("calcheck").getEffectiveLevel()
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(_start_method()),
                             initializer=_start_worker, initargs=(level,)) as pool:
        try:
            for batch in batches:
                sent.append(batch)
                futures.append(pool.submit(_work, batch, ctx, since))
                while len(futures) >= jobs * IN_FLIGHT:
                    yield from _collect(futures[0])
                    futures.popleft()
                    sent.popleft()
            while futures:
                yield from _collect(futures[0])
                futures.popleft()
                sent.popleft()
        except BrokenProcessPool as exc:
            log.warning("the worker processes stopped (%s); reading the rest of the mail here", exc)
            for batch in sent:
                for raw in batch:
                    yield outcome(raw, ctx, since)
            for batch in batches:
                for raw in batch:
                    yield outcome(raw, ctx, since)


def _start_method() -> str:
    # fork is cheapest (the workers inherit the imported modules) but is unsafe once this
    # process has other threads; forkserver then starts workers from a clean process. Where
    # neither exists (Windows), spawn.
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def _collect(future: Future[_Done]) -> list[Outcome]:
    done, records = future.result()
    for record in records:
        logging.getLogger(record.name).handle(record)
    return done


class _Collector(logging.Handler):
    """In a worker: keep the records of the batch at hand, to be sent back with its results."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg = record.getMessage()  # the arguments may not survive pickling
        record.args = None
        if record.exc_info:  # a traceback is sent as text
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.exc_info = None
        self.records.append(record)


_collector = _Collector()


def _start_worker(level: int) -> None:
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.addHandler(_collector)
    root.setLevel(level)


def _work(batch: list[RawMail], ctx: Context, since: datetime) -> _Done:
    _collector.records = []
    return [outcome(raw, ctx, since) for raw in batch], _collector.records
