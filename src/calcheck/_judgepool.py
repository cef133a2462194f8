"""Judging a large audit's appointments in several processes: :func:`judge_all` with ``jobs``.

After reading and extraction (which :mod:`calcheck._pool` spreads over processes), judging
runs in one process: over a mailbox of 10,000 messages it is a fifth of the audit. Yet each
appointment's first pass depends only on the events and the owner, and its second pass only on
the :class:`~calcheck.matching.Claims` of the whole first pass. So this process forks
``jobs - 1`` children, which inherit the appointments, the events and their index (nothing
crosses a pipe on the way in), and each process runs both passes for its share of positions:

    parent:  first(share 0)   | claims of all firsts | second(share 0)  | merge
    child k: first(share k) --^ <-- claims ---------- second(share k) --^

A verdict comes back with its event as a position in the shared index, so the parent hands
back its own event objects. The verdicts are those of :func:`calcheck.matching.judge_all`,
position by position, whichever process judged them.

Only with ``fork``: a child must inherit what it judges, rebuilding it would cost what it
saves. And only when this process runs no other thread: ``fork`` copies the calling thread
alone, and a lock another thread held would stay held in the child forever. A child that
fails (an exception, or killed) is logged and its share judged here.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
from collections.abc import Sequence
from datetime import tzinfo
from multiprocessing.connection import Connection
from typing import Any

from calcheck import matching
from calcheck._pool import can_fork
from calcheck.matching import Claims, Judging, Match
from calcheck.model import Appointment, CalendarEvent, MailMessage

log = logging.getLogger(__name__)

PARALLEL_MIN = 512
"""Fewer appointments than this are judged in one process: a fork would cost more than it saves."""

_Packed = dict[int, tuple[Any, ...]]
"""Verdicts by position, each a :class:`Match`'s fields with the event as its index position."""


def judge_all(items: Sequence[tuple[MailMessage, Appointment]], events: Sequence[CalendarEvent], tz: tzinfo,
              *, owner: str | None = None, jobs: int = 1) -> list[Match]:
    """:func:`calcheck.matching.judge_all`, in ``jobs`` processes when that pays off."""
    if jobs <= 1 or len(items) < PARALLEL_MIN or not can_fork():
        return matching.judge_all(items, events, tz, owner=owner)
    judging = Judging(items, events, tz, owner=owner)
    shares = [range(k, len(items), jobs) for k in range(jobs)]
    children = _start(judging, shares[1:])
    first = judging.first(shares[0])
    for child in children:
        first.update(child.first())
    claims = Claims.of(first)
    for child in children:
        child.ask_second(claims)
    again = judging.second(claims, shares[0])
    for child in children:
        again.update(child.second(claims))
        child.close()
    return [again.get(position, first[position]) for position in range(len(items))]


def _start(judging: Judging, shares: Sequence[range]) -> list[_Child]:
    context = multiprocessing.get_context("fork")
    # Frozen objects are left alone by the collector: a collection in a child would otherwise
    # touch every inherited object and copy the pages it shares with this process.
    gc.freeze()
    try:
        return [_Child(context, judging, share) for share in shares]
    finally:
        gc.unfreeze()


class _Child:
    """One forked process judging ``share``, and what to do here when it cannot."""

    def __init__(self, context: Any, judging: Judging, share: range) -> None:
        self._judging, self._share = judging, share
        self._conn, theirs = context.Pipe()
        self._process = context.Process(target=_serve, args=(theirs, judging, share), daemon=True,
                                        name=f"calcheck-judge-{share.start}")
        self._process.start()
        theirs.close()
        self._failed = False

    def first(self) -> dict[int, Match]:
        """The child's first-pass verdicts; judged here if it failed."""
        packed = self._receive()
        if packed is None:
            return self._judging.first(self._share)
        return _unpack(packed, self._judging)

    def ask_second(self, claims: Claims) -> None:
        """Send the claims, so that the child judges its second pass while this process does."""
        if not self._failed:
            try:
                self._conn.send(claims)
            except (OSError, ValueError) as exc:
                self._fail(f"{type(exc).__name__}: {exc}")

    def second(self, claims: Claims) -> dict[int, Match]:
        """The child's second-pass verdicts; judged here (both passes, for the kept state) if it failed."""
        packed = None if self._failed else self._receive()
        if packed is None:
            self._judging.first(self._share)
            return self._judging.second(claims, self._share)
        return _unpack(packed, self._judging)

    def close(self) -> None:
        self._conn.close()
        self._process.join(timeout=10)
        if self._process.is_alive():
            self._process.kill()
            self._process.join(timeout=10)

    def _receive(self) -> _Packed | None:
        if self._failed:
            return None
        try:
            kind, payload = self._conn.recv()
        except (EOFError, OSError) as exc:
            self._process.join(timeout=10)  # its pipe closes as it dies: its exit code comes just after
            self._fail(f"it stopped ({type(exc).__name__}, exit code {self._process.exitcode})")
            return None
        if kind != "ok":
            self._fail(payload)
            return None
        packed: _Packed = payload
        return packed

    def _fail(self, why: str) -> None:
        log.warning("a judging process failed (%s); judging its share here", why)
        self._failed = True
        self.close()


def _serve(conn: Connection, judging: Judging, share: range) -> None:
    """In the child: both passes for ``share``, the claims in between from the parent."""
    try:
        where = {id(event): i for i, event in enumerate(judging.index.events)}
        conn.send(("ok", _pack(judging.first(share), where)))
        claims = conn.recv()
        conn.send(("ok", _pack(judging.second(claims, share), where)))
    except EOFError:
        pass  # the parent stopped listening: nothing to report to
    except Exception as exc:  # reported, and the parent judges this share itself
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def _pack(verdicts: dict[int, Match], where: dict[int, int]) -> _Packed:
    return {position: (m.status, None if m.event is None else where[id(m.event)], m.differences,
                       m.relatedness, m.reasons)
            for position, m in verdicts.items()}


def _unpack(packed: _Packed, judging: Judging) -> dict[int, Match]:
    events = judging.index.events
    return {position: Match(status, None if at is None else events[at], differences, relatedness, reasons)
            for position, (status, at, differences, relatedness, reasons) in packed.items()}
