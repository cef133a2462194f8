"""Judging in forked processes gives the verdicts of one process, position by position, and a
child that fails costs time, never a verdict.

The appointments and calendar are the dense random ones of test_matching_index (the same
clients every day, shared UIDs, claims between appointments), large enough to be shared out.
"""

from __future__ import annotations

import logging
import os
import random
import threading

import pytest

from calcheck import _judgepool, _pool, matching
from calcheck.matching import Judging, judge_all
from test_matching_index import TOKYO, _event, _mail

pytestmark = pytest.mark.skipif(not _pool.can_fork(), reason="needs the fork start method")


def _world(seed: int, appointments: int = 600, events: int = 400):  # type: ignore[no-untyped-def]
    rng = random.Random(seed)  # noqa: S311 - reproducible test data
    return ([_mail(rng, n) for n in range(appointments)], [_event(rng, n) for n in range(events)])


@pytest.mark.parametrize("jobs", [2, 3])
def test_forked_verdicts_equal_one_process(jobs: int) -> None:
    items, events = _world(jobs)
    expected = judge_all(items, events, TOKYO)
    got = _judgepool.judge_all(items, events, TOKYO, jobs=jobs)
    assert got == expected
    # the very event objects of the calendar, not copies made on the way back
    assert all(g.event is e.event for g, e in zip(got, expected, strict=True))
    # the claims mattered here: some verdicts differ between the first pass and the final one
    first = Judging(items, events, TOKYO).first(range(len(items)))
    assert any(first[i] != m for i, m in enumerate(expected))


def test_a_child_that_raises_is_logged_and_its_share_judged_here(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    items, events = _world(7)
    expected = judge_all(items, events, TOKYO)
    parent = os.getpid()
    real_first = Judging.first

    def first_failing_in_child(self: Judging, positions: range) -> dict:  # type: ignore[type-arg]
        if os.getpid() != parent:
            raise RuntimeError("boom in the child")
        return real_first(self, positions)

    monkeypatch.setattr(Judging, "first", first_failing_in_child)
    with caplog.at_level(logging.WARNING, logger="calcheck._judgepool"):
        got = _judgepool.judge_all(items, events, TOKYO, jobs=2)
    assert got == expected
    assert "a judging process failed (RuntimeError: boom in the child)" in caplog.text


def test_a_child_killed_between_passes_costs_no_verdict(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    items, events = _world(8)
    expected = judge_all(items, events, TOKYO)
    parent = os.getpid()
    real_second = Judging.second

    def second_dying_in_child(self: Judging, claims: matching.Claims, positions: range) -> dict:  # type: ignore[type-arg]
        if os.getpid() != parent:
            os._exit(9)  # as the OOM killer would: no exception, no goodbye
        return real_second(self, claims, positions)

    monkeypatch.setattr(Judging, "second", second_dying_in_child)
    with caplog.at_level(logging.WARNING, logger="calcheck._judgepool"):
        got = _judgepool.judge_all(items, events, TOKYO, jobs=2)
    assert got == expected
    assert "a judging process failed (it stopped (EOFError, exit code 9))" in caplog.text


def test_no_fork_for_few_appointments_one_job_or_another_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fork(*args: object) -> None:
        raise AssertionError("forked")

    monkeypatch.setattr(_judgepool, "_start", no_fork)
    small, events = _world(1, appointments=_judgepool.PARALLEL_MIN - 1, events=50)
    assert _judgepool.judge_all(small, events, TOKYO, jobs=2) == judge_all(small, events, TOKYO)
    items, events = _world(2)
    assert _judgepool.judge_all(items, events, TOKYO, jobs=1) == judge_all(items, events, TOKYO)
    # fork copies only the calling thread: with another one running, judge here
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, args=(10,))
    other.start()
    try:
        assert not _pool.can_fork()
        assert _judgepool.judge_all(items, events, TOKYO, jobs=2) == judge_all(items, events, TOKYO)
    finally:
        stop.set()
        other.join(timeout=10)
