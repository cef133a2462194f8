"""``calcheck run``: check new mail as it arrives, re-check upcoming appointments, send alerts.

One *cycle* is: read the mail not seen before (each message decoded and its appointment stored
once), judge the upcoming appointments against the calendar as it is now — with the very function
`calcheck audit` uses (:func:`calcheck.audit.judge_appointments`: a later message of a thread or
invitation supersedes the earlier one, entries other appointments claim are not mismatches) —
let the state store decide what is new (:meth:`calcheck.state.Store.reconcile`), and flush the
outbox. Cycles never overlap (one lock); the clock is read here, at the edge, and passed to the
pure core.

Scheduling (APScheduler 3, ``BackgroundScheduler``): a *check* job every poll interval (and at
once when IMAP IDLE reports new mail: the watcher threads set a flag and pull the job's next run
time to now; a check already running re-runs while the flag is set, so no news is dropped), a
*recheck* job every ``recheck_minutes`` (the calendar changes too) and a *flush* job that retries
queued alerts. Jobs coalesce, run one instance at a time and tolerate a late start
(``misfire_grace_time``); a missed run is logged.

The main thread only waits for signals and feeds the systemd watchdog: SIGTERM/SIGINT stop after
the message in hand (exit 0), SIGHUP rebuilds sources, calendar and sender from the configuration
file (a broken new configuration is logged and the old one kept).
"""

from __future__ import annotations

import email.policy
import fcntl
import logging
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import IO, Any

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.schedulers.background import BackgroundScheduler

from calcheck._pool import extract_one, read_one
from calcheck._sdnotify import Notifier
from calcheck.alerts.compose import compose_alert
from calcheck.alerts.smtp import flush
from calcheck.audit import judge_appointments
from calcheck.errors import CalcheckError
from calcheck.extract import Context
from calcheck.runtime import Account, Runtime
from calcheck.state import Problem, Store, message_key

log = logging.getLogger(__name__)

STOP_JOIN_SECONDS = 3.0


@dataclass
class Summary:
    """What one cycle did; logged as one line."""

    messages: int = 0
    appointments: int = 0
    checked: int = 0
    opened: int = 0
    resolved: int = 0
    reminded: int = 0
    sent: int = 0
    queued: int = 0
    errors: int = 0

    def line(self) -> str:
        return (f"{self.messages} new messages, {self.appointments} appointments, {self.checked} checked, "
                f"{self.opened} new problems, {self.resolved} resolved, {self.reminded} reminders, "
                f"{self.sent} alerts sent, {self.queued} queued, {self.errors} errors")


class Daemon:
    """The check cycle and its scheduling; ``build`` makes a :class:`Runtime` from the configuration."""

    def __init__(self, store: Store, build: Callable[[], Runtime],
                 clock: Callable[[Any], datetime] = datetime.now, notifier: Notifier | None = None) -> None:
        self.store = store
        self.build = build
        self.clock = clock
        self.notifier = notifier or Notifier()
        self.runtime = build()
        self.stop_event = threading.Event()
        self._wake = threading.Event()
        self._reload = threading.Event()
        self._cycle_lock = threading.Lock()
        self._news = threading.Event()
        self._scheduler: BackgroundScheduler | None = None
        self._watch_stop = threading.Event()
        self._watch_threads: list[threading.Thread] = []

    # -- one cycle ---------------------------------------------------------------------------

    def cycle(self, read_mail: bool = True) -> Summary:
        """Read new mail (optionally), re-judge upcoming appointments, flush the outbox."""
        with self._cycle_lock:
            rt = self.runtime
            summary = Summary()
            if read_mail:
                for account in rt.accounts:
                    if self.stop_event.is_set():
                        break
                    self._read(rt, account, summary)
            if not self.stop_event.is_set():
                self._judge(rt, summary)
            self._flush(rt, summary)
            log.info("cycle: %s", summary.line())
            self.notifier.status(summary.line())
            return summary

    def _read(self, rt: Runtime, account: Account, summary: Summary) -> None:
        now = self.clock(rt.tz)
        since = now - rt.since
        ctx = Context(now=now, tz=rt.tz, owner_email=rt.owner or "")
        try:
            for raw in account.source.messages(since):
                if account.dedupes_by_ref and self.store.seen_ref(raw.ref):
                    continue
                mail, _ = read_one(raw)
                if mail is None or self.store.seen(mail):
                    continue
                appt = None
                if mail.date is None or mail.date >= since:
                    # a failure is logged; the message is still remembered
                    appt, _ = extract_one(mail, ctx)
                self.store.record_message(mail, appt, account.name, now)
                summary.messages += 1
                summary.appointments += appt is not None
                if self.stop_event.is_set():
                    break  # the message in hand is stored; the rest is read after the restart
            commit = getattr(account.source, "commit", None)
            if callable(commit):
                commit()
            if not self.stop_event.is_set():
                self.store.account_ok(account.name, now)
        except CalcheckError as exc:
            summary.errors += 1
            log.error("%s: %s", account.name, exc)
            self.store.account_failed(account.name, now, str(exc))

    def _judge(self, rt: Runtime, summary: Summary) -> None:
        now = self.clock(rt.tz)
        self.store.expire(now)
        found, mails = self.store.recent(now)
        if not found:
            return
        try:
            # The very judgement `calcheck audit` makes: thread supersession, then judge_all.
            findings = judge_appointments(found, mails, rt.calendar, now, rt.tz, owner=rt.owner)
        except CalcheckError as exc:
            summary.errors += 1
            log.error("calendar: %s; the appointments are checked again next cycle", exc)
            return
        standing = {message_key(f.mail) for f in findings}
        replaced = [key for m, a in found if a.start >= now and (key := message_key(m)) not in standing]
        summary.resolved += self.store.supersede(replaced, now)

        def compose(problem: Problem) -> bytes:
            msg = compose_alert(problem.finding, key=problem.key, kind=problem.kind, sender=rt.from_addr,
                                recipients=rt.to, tz=rt.tz, language=rt.language, now=now)
            return msg.as_bytes(policy=email.policy.SMTP)

        for finding in findings:
            appt, mail = finding.appointment, finding.mail
            change = self.store.reconcile(finding, now, compose, rt.reminder)
            summary.checked += 1
            if change == "opened":
                summary.opened += 1
                log.warning("new problem: %s %s (%s)", finding.status, appt.start.isoformat(), mail.subject)
            elif change == "resolved":
                summary.resolved += 1
                log.info("resolved: %s (%s)", appt.start.isoformat(), mail.subject)
            elif change == "reminded":
                summary.reminded += 1

    def _flush(self, rt: Runtime, summary: Summary) -> None:
        if rt.sender is None:
            return
        sent, queued = flush(self.store, rt.sender, self.clock(rt.tz), rt.retry_base)
        summary.sent += sent
        summary.queued += queued

    # -- jobs --------------------------------------------------------------------------------

    def _check_job(self) -> None:
        self._run_job(self._check_until_quiet)

    def _check_until_quiet(self) -> None:
        # News that arrives while a check runs sets the flag again: check once more.
        while True:
            self._news.clear()
            self.cycle(read_mail=True)
            if not self._news.is_set() or self.stop_event.is_set():
                return

    def _run_job(self, work: Callable[[], object]) -> None:
        if self.stop_event.is_set():
            return
        try:
            work()
        except CalcheckError as exc:
            log.error("%s", exc)

    def news(self) -> None:
        """New mail was signalled (IMAP IDLE): check now."""
        self._news.set()
        scheduler = self._scheduler
        if scheduler is not None and scheduler.running and not self.stop_event.is_set():
            try:
                scheduler.modify_job("check", next_run_time=datetime.now(self.runtime.tz))
            except LookupError:
                log.debug("check job gone (shutting down)")

    def _schedule(self, scheduler: BackgroundScheduler) -> None:
        rt = self.runtime
        options: dict[str, Any] = {"coalesce": True, "max_instances": 1, "replace_existing": True}
        grace = max(30, int(rt.recheck.total_seconds()))
        scheduler.add_job(self._check_job, "interval", seconds=rt.poll.total_seconds(), id="check",
                          misfire_grace_time=grace, **options)
        scheduler.add_job(self._run_job, "interval", args=(lambda: self.cycle(read_mail=False),),
                          seconds=rt.recheck.total_seconds(), id="recheck", misfire_grace_time=grace,
                          **options)
        scheduler.add_job(self._run_job, "interval", args=(self._flush_only,),
                          seconds=rt.retry_base.total_seconds(), id="flush", misfire_grace_time=grace,
                          **options)

    def _flush_only(self) -> None:
        with self._cycle_lock:
            summary = Summary()
            self._flush(self.runtime, summary)
            if summary.sent or summary.queued:
                log.info("outbox: %d sent, %d still queued", summary.sent, summary.queued)

    def _start_watchers(self) -> None:
        self._watch_stop = threading.Event()
        self._watch_threads = []
        for account in self.runtime.accounts:
            for watcher in account.watchers:
                thread = threading.Thread(target=self._watch, args=(watcher, self._watch_stop),
                                          name=f"idle-{account.name}", daemon=True)
                thread.start()
                self._watch_threads.append(thread)

    def _watch(self, watcher: Any, stop: threading.Event) -> None:
        try:
            watcher.idle_loop(self.news, stop)
        except CalcheckError as exc:
            log.error("stopped watching for new mail: %s; polling continues", exc)

    def _stop_watchers(self) -> None:
        self._watch_stop.set()
        for thread in self._watch_threads:
            thread.join(STOP_JOIN_SECONDS)

    # -- the main loop -----------------------------------------------------------------------

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if signum == signal.SIGHUP:
            self._reload.set()
        else:
            self.stop_event.set()
        self._wake.set()

    def reload(self) -> None:
        """Rebuild the runtime from the configuration; keep the old one when that fails."""
        self.notifier.reloading()
        try:
            fresh = self.build()
        except CalcheckError as exc:
            log.error("reload failed, keeping the running configuration: %s", exc)
        else:
            self._stop_watchers()
            with self._cycle_lock:
                self.runtime = fresh
            if self._scheduler is not None:
                self._schedule(self._scheduler)
            self._start_watchers()
            log.info("configuration reloaded")
            self.news()
        self.notifier.ready()

    def run(self) -> int:
        """Serve until SIGTERM/SIGINT; returns the exit code (0)."""
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, self._on_signal)
        # APScheduler logs every job start and end at INFO: our cycle line says what matters.
        logging.getLogger("apscheduler").setLevel(max(logging.WARNING, logging.getLogger().level))
        scheduler = BackgroundScheduler(timezone=self.runtime.tz)
        scheduler.add_listener(self._on_missed, EVENT_JOB_MISSED | EVENT_JOB_ERROR)
        try:
            self._run_job(lambda: self.cycle(read_mail=True))
            if self.stop_event.is_set():
                return 0
            self._schedule(scheduler)
            scheduler.start()
            self._scheduler = scheduler
            self._start_watchers()
            self.notifier.ready("running")
            log.info("calcheck is running (%d accounts)", len(self.runtime.accounts))
            interval = (self.notifier.watchdog_seconds or 0) / 2 or None
            while not self.stop_event.is_set():
                self._wake.wait(interval)
                self._wake.clear()
                if self._reload.is_set() and not self.stop_event.is_set():
                    self._reload.clear()
                    self.reload()
                if interval:
                    self.notifier.watchdog()
        finally:
            self.stop_event.set()
            self.notifier.stopping()
            log.info("stopping")
            self._watch_stop.set()
            if scheduler.running:
                scheduler.shutdown(wait=True)
            self._stop_watchers()
        return 0

    @staticmethod
    def _on_missed(event: JobExecutionEvent) -> None:
        if event.code == EVENT_JOB_MISSED:
            log.warning("job %s missed its run at %s (the machine slept or was busy)", event.job_id,
                        event.scheduled_run_time)
        else:
            log.error("job %s failed: %r", event.job_id, event.exception)


def lock_state_dir(path: Path) -> IO[str]:
    """Take the daemon lock beside the state database; one ``calcheck run`` per state dir."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    handle = open(path.parent / "daemon.lock", "a")  # noqa: SIM115 - held for the daemon's lifetime
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise CalcheckError(f"another `calcheck run` is already using {path.parent}; stop it first "
                            "(systemctl --user stop calcheck)") from None
    return handle
