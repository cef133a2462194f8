"""Reading and extraction of a large mailbox spread over worker processes.

Reading a message and extracting its appointment depend on nothing but the message's bytes and
the clock, and they are CPU-bound pure Python (threads would take turns on one core). So a large
audit cuts the source's messages into batches and hands them to worker processes, while this
process goes on fetching the next messages from the source. Results come back in the source's
order, so the audit that follows sees exactly what a serial run would, message for message.

Each worker has a pipe of its own and two batches at a time, the next one queued so that it
never waits for this process; this process does the dispatching itself, in the generator's
thread. (A ``ProcessPoolExecutor`` adds two threads here, a queue and a future per batch: at
10,000 messages, 0.2 s more CPU in all for the same work.)

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

import contextlib
import logging
import multiprocessing
import os
import pickle
import queue
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from multiprocessing import connection
from multiprocessing.context import BaseContext
from typing import cast

from calcheck.extract import Context, extract
from calcheck.model import Appointment, MailMessage, RawMail
from calcheck.reading import read_message

log = logging.getLogger(__name__)

BATCH = 128
"""Messages per task: large enough that pickling and the pipe are a small share of the work."""
TAIL_CUTS = 4
"""Into how many pieces a batch is cut once the source has ended (see ``_Pool._cut_up_the_last``)."""
QUEUED = 2
"""Batches a worker has at a time: the one it works on, and the next."""
IN_FLIGHT = 4
"""Batches per worker that may be out at once (sent, or done and not yet yielded): behind one
slow batch the other workers run that far ahead and no further, so what is held here is bounded."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one message: read (or why not), then its appointment (or why not)."""

    ref: str
    mail: MailMessage | None
    read_problem: str = ""
    appointment: Appointment | None = None
    extract_problem: str = ""

    def __reduce__(self) -> tuple[type[Outcome], tuple[object, ...]]:
        # What a slotted dataclass pickles by default lists its fields anew for every object:
        # a plain tuple costs a third less, both ways.
        return Outcome, (self.ref, self.mail, self.read_problem, self.appointment, self.extract_problem)


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


def outcomes(raws: Iterable[RawMail], ctx: Context, since: datetime, *, jobs: int = 1,
             meanwhile: Callable[[], None] | None = None) -> Iterator[Outcome]:
    """:func:`outcome` for every message of ``raws``, in order, over ``jobs`` processes.

    ``meanwhile``, if given, runs in a thread of this process while the workers read (reading
    the calendar ahead, say), once they have all started; it has ended when the outcomes have.
    Without workers it does not run at all: there is nothing to overlap it with.
    """
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
    yield from _pooled(_batches(head, it), ctx, since, jobs, meanwhile)


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


class _Broken(Exception):
    """A worker's pipe closed or failed: the worker is gone."""


def _pooled(batches: Iterator[list[RawMail]], ctx: Context, since: datetime, jobs: int,
            meanwhile: Callable[[], None] | None) -> Iterator[Outcome]:
    pool = _Pool(batches, ctx, since, jobs, meanwhile)
    try:
        yield from pool.run()
    except _Broken as exc:
        log.warning("the worker processes stopped (%s); reading the rest of the mail here", exc)
        pool.stop()
        yield from pool.rest_here()
    finally:
        pool.stop()
        if pool.aside is not None:
            pool.aside.join()


def _aside(meanwhile: Callable[[], None]) -> None:
    try:
        meanwhile()
    except Exception:  # it only reads ahead: whatever failed here fails again where it is needed
        log.debug("reading ahead failed", exc_info=True)


class _Pool:
    """The batches of one audit, the workers, and which batch is where.

    This process reads ahead a batch per worker, keeps :data:`QUEUED` batches with each worker,
    and yields the results in order. It takes a worker's result as bytes and unpickles it only
    when its turn to be yielded comes, after the worker has been sent its next batch.
    """

    def __init__(self, batches: Iterator[list[RawMail]], ctx: Context, since: datetime, jobs: int,
                 meanwhile: Callable[[], None] | None = None) -> None:
        self.batches = batches
        self.meanwhile = meanwhile
        self.aside: threading.Thread | None = None  # running meanwhile
        self.ctx = ctx
        self.since = since
        self.jobs = jobs
        self.workers: list[_Worker] = []
        self.ahead: deque[list[RawMail]] = deque()  # read from the source, not yet sent
        self.exhausted = False  # the source has no more
        self.sent: dict[int, list[RawMail]] = {}  # sent and not yet yielded, by number
        self.done: dict[int, bytes] = {}  # the results received for them
        self.next_send = 0
        self.next_yield = 0

    def run(self) -> Iterator[Outcome]:
        method = multiprocessing.get_context(_start_method())
        level = logging.getLogger("calcheck").getEffectiveLevel()
        for _ in range(self.jobs):
            self.workers.append(_Worker(method, self.ctx, self.since, level))
        if self.meanwhile is not None:  # only now: a thread started before a fork would be unsafe
            self.aside = threading.Thread(target=_aside, args=(self.meanwhile,), name="calcheck-meanwhile")
            self.aside.start()
        while True:
            self._hand_out()
            self._read_ahead()
            if self.next_yield in self.done:
                yield from self._unpack(self.next_yield, self.done.pop(self.next_yield))
                self.next_yield += 1
            elif self.next_yield < self.next_send:
                self._receive()
            elif not self.ahead:  # nothing sent, nothing left to send
                return

    def _read_ahead(self) -> None:
        while len(self.ahead) < self.jobs and not self.exhausted:
            batch = next(self.batches, None)
            if batch is None:
                self.exhausted = True
                self._cut_up_the_last()
            else:
                self.ahead.append(batch)

    def _cut_up_the_last(self) -> None:
        # The last batches go out in smaller pieces, so that no worker sits idle for most of a
        # batch while another finishes the last one.
        rest = [raw for batch in self.ahead for raw in batch]
        size = max(1, BATCH // TAIL_CUTS)
        self.ahead = deque(rest[i:i + size] for i in range(0, len(rest), size))

    def _hand_out(self) -> None:
        for load in range(QUEUED):  # the workers with least to do first
            for worker in self.workers:
                # A window bounds the results held here while an early batch is still being read.
                if (len(worker.numbers) == load and self.ahead
                        and self.next_send - self.next_yield < self.jobs * IN_FLIGHT):
                    worker.send(self.next_send, self.ahead[0])
                    self.sent[self.next_send] = self.ahead.popleft()
                    self.next_send += 1

    def _receive(self) -> None:
        busy = {worker.conn: worker for worker in self.workers if worker.numbers}
        for conn in connection.wait(list(busy)):
            number, result = busy[conn].receive()  # type: ignore[index]
            self.done[number] = result

    def _unpack(self, number: int, result: bytes) -> list[Outcome]:
        """Batch ``number``'s outcomes from a worker's result, its log records re-emitted here."""
        batch = self.sent.pop(number)
        if not result:  # the worker could not finish it
            return [outcome(raw, self.ctx, self.since) for raw in batch]
        done, records = pickle.loads(result)  # noqa: S301 (from our own worker)
        for record in records:
            logging.getLogger(record.name).handle(record)
        return cast(list[Outcome], done)

    def rest_here(self) -> Iterator[Outcome]:
        """After the workers stopped: what they did not finish, and the rest, done here."""
        for number in range(self.next_yield, self.next_send):
            yield from self._unpack(number, self.done.pop(number, b""))
        for batch in (*self.ahead, *self.batches):
            for raw in batch:
                yield outcome(raw, self.ctx, self.since)

    def stop(self) -> None:
        for worker in self.workers:
            worker.stop()


class _Worker:
    """A worker process and this end of its pipe.

    A worker has :data:`QUEUED` batches at a time, so that it need not wait for this process
    between two. A thread in the worker takes in each batch as it comes: this process's sends
    never wait on the worker's, so the two ends never both block writing to a full pipe.
    """

    def __init__(self, method: BaseContext, ctx: Context, since: datetime, level: int) -> None:
        self.conn, there = method.Pipe()
        # Every context has Process; typeshed's BaseContext does not say so.
        self.process = method.Process(  # type: ignore[attr-defined]
            target=_serve, args=(there, ctx, since, level), daemon=True)
        try:
            self.process.start()
        except OSError as exc:  # no process to be had (EAGAIN, ENOMEM): the work is done here
            self.conn.close()
            raise _Broken(f"cannot start one: {exc}") from exc
        finally:
            there.close()  # so that the pipe closes when the worker dies
        self.numbers: deque[int] = deque()  # the batches sent to it whose results are to come

    def send(self, number: int, batch: list[RawMail]) -> None:
        try:
            self.conn.send_bytes(pickle.dumps(batch, pickle.HIGHEST_PROTOCOL))
        except OSError as exc:
            raise _Broken(type(exc).__name__) from exc
        self.numbers.append(number)

    def receive(self) -> tuple[int, bytes]:
        """The number of its oldest batch and the result: pickled outcomes and log records, or
        b"" if it failed."""
        try:
            result = self.conn.recv_bytes()
        except (EOFError, OSError) as exc:
            raise _Broken(type(exc).__name__) from exc
        return self.numbers.popleft(), result

    def stop(self) -> None:
        if self.conn.closed:
            return
        if not self.numbers:
            with contextlib.suppress(OSError):
                self.conn.send_bytes(b"")  # the worker's cue to leave
        else:
            self.process.terminate()
        self.conn.close()
        self.process.join()


def can_fork() -> bool:
    """Whether this process may fork children that inherit its memory: only where ``fork``
    exists and no other thread runs (fork copies the calling thread alone, and a lock another
    thread held would stay held in the child forever)."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _start_method() -> str:
    # fork is cheapest (the workers inherit the imported modules) where it is safe; otherwise
    # forkserver starts workers from a clean process. Where neither exists (Windows), spawn.
    if can_fork():
        return "fork"
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


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


def _serve(conn: connection.Connection, ctx: Context, since: datetime, level: int) -> None:
    """A worker's loop: a batch in, its pickled outcomes out, until an empty message.

    A batch that fails as a whole (a result that does not pickle, say) is answered with b"": the
    parent then does it itself, where such an error is raised as in a serial run.
    """
    _start_worker(level)
    inbox: queue.SimpleQueue[bytes] = queue.SimpleQueue()
    threading.Thread(target=_take_in, args=(conn, inbox), daemon=True).start()
    with contextlib.suppress(OSError):  # the parent has gone
        while data := inbox.get():
            try:
                batch = pickle.loads(data)  # noqa: S301 (from the process that started this one)
                result = pickle.dumps(_work(batch, ctx, since), pickle.HIGHEST_PROTOCOL)
            except Exception:  # see above
                result = b""
            conn.send_bytes(result)


def _take_in(conn: connection.Connection, inbox: queue.SimpleQueue[bytes]) -> None:
    """In a worker: read each batch as soon as the parent sends it."""
    with contextlib.suppress(EOFError, OSError):
        while data := conn.recv_bytes():
            inbox.put(data)
    inbox.put(b"")


def _work(batch: list[RawMail], ctx: Context, since: datetime) -> _Done:
    _collector.records = []
    return [outcome(raw, ctx, since) for raw in batch], _collector.records
