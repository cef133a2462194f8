"""The audit benchmark: how fast calcheck reads a large mailbox, against what parsing alone costs.

One run generates the mailbox (bench/generate.py, reproducible from ``--seed``), writes it as
a Maildir with its calendar, and reports:

* the floor: the standard library's parser over the same bytes, three ways (the 3x target
  uses the first, ``email.message_from_bytes(data)``, the least any mail reader does);
* extraction alone: ``read_message`` + ``extract`` over the pre-read bytes;
* the full audit: ``run_audit`` on the Maildir and ``ics:`` calendar, in a fresh subprocess so
  its peak RSS is its own; the ratio to the floor and peak memory, each against its target;
* dateparser's ``search_dates`` over the same decoded texts (a sample, extrapolated);
* the adversarial bodies of tests/test_regex_safety.py at 1 MB: read and extract times.

    .venv/bin/python bench/run.py --messages 10000 --seed 1 [--json out.json] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import email
import email.policy
import json
import os
import pstats
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

import gen_world  # noqa: E402
import generate  # noqa: E402

from calcheck._pool import default_jobs  # noqa: E402
from calcheck.extract import Context, extract  # noqa: E402
from calcheck.model import RawMail  # noqa: E402
from calcheck.reading import read_message  # noqa: E402

TZ = ZoneInfo("Asia/Tokyo")
RATIO_TARGET = 3.0
MEMORY_TARGET_MB = 200.0


def _timed(func: Callable[[], object]) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


# --- the floor ------------------------------------------------------------------------------
def floor(datas: Sequence[bytes], repeat: int = 3) -> dict[str, float]:
    """Seconds the standard library needs to parse every message, three readings of "parse".

    Each is the best of ``repeat`` runs: the floor should be the least parsing can cost.
    """

    def compat32() -> None:
        for data in datas:
            email.message_from_bytes(data)

    def default_policy() -> None:
        for data in datas:
            email.message_from_bytes(data, policy=email.policy.default)

    def walk_decode() -> None:
        for data in datas:
            for part in email.message_from_bytes(data).walk():
                if not part.is_multipart():
                    part.get_payload(decode=True)

    runs = {"compat32": compat32, "default_policy": default_policy, "compat32_walk_decode": walk_decode}
    return {name: min(_timed(func) for _ in range(repeat)) for name, func in runs.items()}


# --- extraction alone -----------------------------------------------------------------------
def extraction(messages: Sequence[tuple[str, bytes]], now: datetime) -> dict[str, float]:
    """Seconds for read_message over pre-read bytes, then extract over the results."""
    ctx = Context(now=now, tz=TZ)
    for name, data in messages[:50]:  # warm up: first-use costs (lazy tables, imports) are not per message
        extract(read_message(RawMail(ref=name, data=data)), ctx)
    start = time.perf_counter()
    mails = [read_message(RawMail(ref=name, data=data)) for name, data in messages]
    read_s = time.perf_counter() - start
    start = time.perf_counter()
    found = sum(extract(mail, ctx) is not None for mail in mails)
    extract_s = time.perf_counter() - start
    return {"read": read_s, "extract": extract_s, "total": read_s + extract_s, "appointments": found}


# --- the full audit, in a fresh process -------------------------------------------------------
def peak_rss_kb() -> int:
    """This process's peak resident set in KiB.

    Linux's VmHWM belongs to the process's own memory map, which exec replaces; ru_maxrss
    would also carry the parent's RSS at fork time into the child (the bench's parent holds the
    whole mailbox), so it is only the fallback where /proc is missing.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


class _TimedCalendar:
    """Delegates to a calendar and adds up the seconds its events() takes, and apart the seconds
    of its prepare() (the audit reads the calendar ahead while its workers read mail)."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.seconds, self.ahead_seconds = inner, 0.0, 0.0

    def prepare(self) -> None:
        prepare = getattr(self.inner, "prepare", None)
        if prepare is not None:
            t = time.perf_counter()
            try:
                prepare()
            finally:
                self.ahead_seconds += time.perf_counter() - t

    def events(self, start: datetime, end: datetime) -> Any:
        t = time.perf_counter()
        try:
            return self.inner.events(start, end)
        finally:
            self.seconds += time.perf_counter() - t


class _TimedSource:
    """Delegates to a mail source and adds up the seconds spent inside its iterator (file reading)."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.seconds = inner, 0.0

    def messages(self, since: datetime) -> Any:
        it = iter(self.inner.messages(since))
        while True:
            t = time.perf_counter()
            try:
                raw = next(it)
            except StopIteration:
                self.seconds += time.perf_counter() - t
                return
            self.seconds += time.perf_counter() - t
            yield raw


# The functions each stage's module calls; whichever of them it imports is timed (serial run only:
# with worker processes, reading and extraction happen in the workers, out of this process's sight).
STAGES = {"calcheck._pool": ("read_message", "extract"), "calcheck.audit": ("supersede", "judge_all")}


def _time_stages() -> dict[str, float]:
    """Wrap the stage functions so each adds its seconds to the returned dict."""
    import importlib  # noqa: PLC0415

    totals: dict[str, float] = {}

    def wrap(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            t = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                totals[name] += time.perf_counter() - t

        return timed

    for module_name, names in STAGES.items():
        module = importlib.import_module(module_name)
        for name in names:
            if callable(getattr(module, name, None)):
                totals[name] = 0.0
                setattr(module, name, wrap(name, getattr(module, name)))
    return totals


def _child_audit(maildir: str, ics: str, now_iso: str, trace: bool, jobs: int) -> None:
    """Runs in the subprocess: one run_audit, its time and memory as JSON on stdout."""
    from calcheck.audit import run_audit  # noqa: PLC0415 - imported here so the baseline RSS includes it
    from calcheck.calendars.ics import IcsFileCalendar  # noqa: PLC0415
    from calcheck.sources.local import MaildirSource  # noqa: PLC0415

    now = datetime.fromisoformat(now_iso)
    baseline_kb = peak_rss_kb()
    stages = _time_stages() if jobs == 1 else {}
    if trace:
        tracemalloc.start()
    source, calendar = (
        _TimedSource(MaildirSource(Path(maildir))),
        _TimedCalendar(IcsFileCalendar(Path(ics), TZ)),
    )
    start = time.perf_counter()
    result = run_audit(source, calendar, now, TZ, now - timedelta(days=30), jobs=jobs)
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] if trace else None
    json.dump(
        {
            "jobs": jobs,
            "seconds": seconds,
            "source_seconds": source.seconds,
            "calendar_seconds": calendar.seconds,
            "calendar_ahead_seconds": calendar.ahead_seconds,
            "stages": stages,
            "maxrss_kb": peak_rss_kb(),
            "baseline_rss_kb": baseline_kb,
            "tracemalloc_peak": peak,
            "messages": result.messages,
            "skipped": len(result.skipped),
            "statuses": {f.mail.message_id: str(f.status) for f in result.findings},
        },
        sys.stdout,
    )


def _tree_kb(pid: int, field: str) -> int:
    """``field`` (Pss, Rss) of ``pid`` and its descendants, summed from /proc/*/smaps_rollup, in KiB.

    PSS shares each page among the processes that map it, so forked workers' copy-on-write pages
    are not counted twice: the sum is what the audit costs the machine.
    """
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup", encoding="ascii") as rollup:
                total += sum(int(line.split()[1]) for line in rollup if line.startswith(field + ":"))
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue  # the process ended meanwhile
    return total


def full_audit(maildir: Path, ics: Path, now: datetime, trace: bool = False, jobs: int = 1) -> dict[str, Any]:
    """run_audit in a fresh process; its figures, the CPU time of its process tree and the peak
    PSS of the tree (sampled every 10 ms from here)."""
    cmd = [sys.executable, __file__, "--child-audit", str(maildir), str(ics), now.isoformat(),
           "--jobs", str(jobs)]
    if trace:
        cmd.append("--tracemalloc")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.TemporaryFile() as out:
        child = subprocess.Popen(cmd, stdout=out, env=os.environ)  # noqa: S603
        peak_pss = 0
        while child.poll() is None:
            peak_pss = max(peak_pss, _tree_kb(child.pid, "Pss"))
            time.sleep(0.01)  # a sampling period, not synchronisation: poll() decides when it ends
        if child.returncode:
            raise subprocess.CalledProcessError(child.returncode, cmd)
        out.seek(0)
        figures = dict(json.loads(out.read()))
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    figures["cpu_seconds"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    figures["peak_tree_pss_kb"] = peak_pss
    return figures


# --- dateparser on the same texts -----------------------------------------------------------------
def dateparser_sample(messages: Sequence[tuple[str, bytes]], sample: int) -> dict[str, float] | None:
    """search_dates over the decoded texts of the first ``sample`` messages; None if not installed."""
    try:
        from dateparser.search import search_dates  # type: ignore[import-untyped]  # noqa: PLC0415
    except ImportError:
        return None
    mails = [read_message(RawMail(ref=name, data=data)) for name, data in messages[:sample]]
    texts = [("\n".join((m.subject, m.new_text)), m.date) for m in mails]
    # The first call loads dateparser's language data; time it apart.
    warm = _timed(lambda: search_dates("12月3日 15:00", languages=["ja", "en"]))
    found = 0
    start = time.perf_counter()
    for text, date in texts:
        settings = {"RELATIVE_BASE": date.replace(tzinfo=None)} if date else {}
        found += bool(search_dates(text, languages=["ja", "en"], settings=settings))
    seconds = time.perf_counter() - start
    return {
        "sample": len(texts),
        "seconds": seconds,
        "warmup": warm,
        "with_dates": found,
        "per_message_ms": 1000 * seconds / max(len(texts), 1),
    }


# --- adversarial bodies -------------------------------------------------------------------------
def adversarial(chars: int, skip: Sequence[str]) -> dict[str, dict[str, float]]:
    """read_message and extract seconds on each adversarial body of about ``chars`` characters."""
    from test_regex_safety import (  # type: ignore[import-not-found,unused-ignore]  # noqa: PLC0415
        _mail,
        adversarial_texts,
    )

    ctx = Context(now=gen_world.NOW, tz=TZ)
    times: dict[str, dict[str, float]] = {}
    for name, body in adversarial_texts(chars).items():
        if name in skip:
            continue
        raw = _mail(body)
        start = time.perf_counter()
        mail = read_message(raw)
        mid = time.perf_counter()
        extract(mail, ctx)
        times[name] = {"read": mid - start, "extract": time.perf_counter() - mid}
    return times


# --- profile ----------------------------------------------------------------------------------------
def profile(maildir: Path, ics: Path, now: datetime, top: int) -> str:
    """cProfile of one in-process audit: the functions with the most own time, as % of the total."""
    from calcheck.audit import run_audit  # noqa: PLC0415
    from calcheck.calendars.ics import IcsFileCalendar  # noqa: PLC0415
    from calcheck.sources.local import MaildirSource  # noqa: PLC0415

    prof = cProfile.Profile()
    prof.enable()
    run_audit(MaildirSource(maildir), IcsFileCalendar(ics, TZ), now, TZ, now - timedelta(days=30))
    prof.disable()
    stats = pstats.Stats(prof)
    total = max(stats.total_tt, 1e-9)  # type: ignore[attr-defined]
    rows = sorted(stats.stats.items(), key=lambda kv: -kv[1][2])  # type: ignore[attr-defined]
    lines = [f"profile of one audit ({total:.1f} s under cProfile): own time, cumulative time"]
    for (file, line, func), (_, calls, own, cum, _) in rows[:top]:
        where = f"{Path(file).name}:{line}({func})"
        lines.append(f"  {100 * own / total:5.1f}%  {100 * cum / total:5.1f}%  {calls:>9}  {where}")
    lines.append("own time by file:")
    for file, own in sorted(by_module(stats.stats).items(), key=lambda kv: -kv[1])[:top]:  # type: ignore[attr-defined]
        lines.append(f"  {100 * own / total:5.1f}%  {file}")
    return "\n".join(lines)


def by_module(stats_rows: dict[Any, Any]) -> dict[str, float]:
    """Own time summed per source file."""
    totals: Counter[str] = Counter()
    for (file, _, _), (_, _, own, _, _) in stats_rows.items():
        totals[
            "(builtins)"
            if file == "~"
            else Path(file).name
            if "calcheck" in file
            else Path(file).parent.name + "/" + Path(file).name
        ] += own
    return dict(totals)


# --- report -----------------------------------------------------------------------------------
def agreement(labels: Sequence[dict[str, Any]], statuses: dict[str, str]) -> dict[str, int]:
    """How the audit's verdicts compare with what the generator meant (a sanity check, not a score)."""
    counts: Counter[str] = Counter()
    for label in labels:
        got = statuses.get(str(label["message_id"]), "none")
        counts["agree" if got == label["expected"] else f"{label['expected']}->{got}"] += 1
    return dict(counts.most_common())


def report(r: dict[str, Any]) -> str:
    n = r["messages"]
    fl, ex, au, se = r["floor"], r["extraction"], r["audit"], r["audit_serial"]

    def rate(seconds: float) -> str:
        return f"{n / seconds:8.0f} msg/s" if seconds else "-"

    tree_mb = au["peak_tree_pss_kb"] / 1024
    lines = [
        f"calcheck benchmark: {n} messages ({r['megabytes']:.1f} MB), seed {r['seed']}, "
        f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}",
        "",
        f"{'what':52} {'seconds':>9} {'rate':>14}",
        f"{'floor: email.message_from_bytes(data) [3x base]':52} {fl['compat32']:9.2f} "
        f"{rate(fl['compat32'])}",
        f"{'  ... policy=email.policy.default':52} {fl['default_policy']:9.2f} {rate(fl['default_policy'])}",
        f"{'  ... compat32 + walk + get_payload(decode=True)':52} {fl['compat32_walk_decode']:9.2f} "
        f"{rate(fl['compat32_walk_decode'])}",
        f"{'read_message (pre-read bytes)':52} {ex['read']:9.2f} {rate(ex['read'])}",
        f"{'extract (on read messages)':52} {ex['extract']:9.2f} {rate(ex['extract'])}",
        f"{'extraction alone: read_message + extract':52} {ex['total']:9.2f} {rate(ex['total'])}",
        f"{'full audit, one process (--jobs 1)':52} {se['seconds']:9.2f} {rate(se['seconds'])}",
        f"{'  of which reading the Maildir files':52} {se['source_seconds']:9.2f}",
        f"{'  of which the calendar (parse + expand the .ics)':52} {se['calendar_seconds']:9.2f}",
        *(f"{'  of which ' + name:52} {secs:9.2f}" for name, secs in se.get("stages", {}).items()),
    ]
    if au is not se:
        lines += [
            f"{'full audit, --jobs ' + str(au['jobs']):52} {au['seconds']:9.2f} "
            f"{rate(au['seconds'])}",
            f"{'  of which the calendar, after the mail':52} {au['calendar_seconds']:9.2f}",
            f"{'  ... and read ahead beside the workers':52} {au.get('calendar_ahead_seconds', 0.0):9.2f}",
            f"{'  CPU time of its processes (user + system)':52} {au['cpu_seconds']:9.2f}",
        ]
    ratio = au["seconds"] / fl["compat32"]
    lines += [
        "",
        f"full audit / floor: {ratio:.2f}x with --jobs {au['jobs']} "
        f"({se['seconds'] / fl['compat32']:.2f}x with one process; target <= {RATIO_TARGET:.0f}x): "
        f"{'PASS' if ratio <= RATIO_TARGET else 'FAIL'}",
        f"peak memory of the audit (PSS of its processes, sampled): {tree_mb:.0f} MB "
        f"(one process: VmHWM {se['maxrss_kb'] / 1024:.0f} MB, after imports "
        f"{se['baseline_rss_kb'] / 1024:.0f} MB; target < {MEMORY_TARGET_MB:.0f} MB): "
        f"{'PASS' if max(tree_mb, se['maxrss_kb'] / 1024) < MEMORY_TARGET_MB else 'FAIL'}",
    ]
    if r.get("tracemalloc_peak"):
        lines.append(f"tracemalloc peak during run_audit: {r['tracemalloc_peak'] / 2**20:.0f} MB")
    lines.append(
        f"appointments found: {ex['appointments']}; findings {len(au['statuses'])}; "
        f"skipped {au['skipped']}; vs generator labels: {r['agreement']}"
    )
    dp = r.get("dateparser")
    if dp:
        est = dp["per_message_ms"] * n / 1000
        lines += [
            "",
            f"dateparser.search_dates(subject + new_text, languages=['ja','en']) on the first "
            f"{dp['sample']} messages: {dp['seconds']:.1f} s ({dp['per_message_ms']:.1f} ms/msg, "
            f"{dp['with_dates']} with dates; first call {dp['warmup']:.1f} s); "
            f"extrapolated to {n}: {est:.0f} s = {n / est:.0f} msg/s",
        ]
    adv = r.get("adversarial")
    if adv:
        lines += ["", f"adversarial bodies, {r['adversarial_chars'] // 1024} KB each: read / extract seconds"]
        lines += [f"  {name:24} {t['read']:7.3f} {t['extract']:7.3f}" for name, t in adv.items()]
    if r.get("profile"):
        lines += ["", r["profile"]]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="keep the Maildir and calendar here (default: a temp dir)")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    parser.add_argument("--dateparser-sample", type=int, default=500, help="0 skips dateparser")
    parser.add_argument("--adversarial-kb", type=int, default=1024, help="0 skips the adversarial bodies")
    parser.add_argument(
        "--skip-adversarial",
        action="append",
        default=[],
        metavar="NAME",
        help="leave out one adversarial body (one known to run away)",
    )
    parser.add_argument("--tracemalloc", action="store_true", help="also measure the audit under tracemalloc")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="print the N costliest functions")
    parser.add_argument("--jobs", type=int, default=default_jobs(),
                        help="worker processes for the full audit, as `calcheck audit --jobs` "
                             "(default: one per CPU, as calcheck); a serial run is always measured too")
    parser.add_argument("--child-audit", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_audit:
        maildir, ics, now_iso = args.child_audit
        _child_audit(maildir, ics, now_iso, trace=args.tracemalloc, jobs=args.jobs)
        return 0

    corpus = generate.generate(args.messages, args.seed)
    with tempfile.TemporaryDirectory(prefix="calcheck-bench-") as tmp:
        maildir, ics = generate.write(corpus, args.out or Path(tmp))
        datas = [data for _, data in corpus.messages]
        r: dict[str, Any] = {
            "messages": len(datas),
            "seed": args.seed,
            "megabytes": sum(map(len, datas)) / 1e6,
        }
        print(f"generated {r['messages']} messages ({r['megabytes']:.1f} MB); timing ...", file=sys.stderr)
        r["floor"] = floor(datas)
        print(f"floor: {r['floor']}", file=sys.stderr)
        r["extraction"] = extraction(corpus.messages, corpus.now)
        print(f"extraction: {r['extraction']}", file=sys.stderr)
        r["audit_serial"] = full_audit(maildir, ics, corpus.now, jobs=1)
        print(f"serial audit: {r['audit_serial']['seconds']:.2f} s", file=sys.stderr)
        r["audit"] = r["audit_serial"]
        if args.jobs > 1:
            r["audit"] = full_audit(maildir, ics, corpus.now, jobs=args.jobs)
        r["agreement"] = agreement(corpus.labels, r["audit"]["statuses"])
        if r["audit"]["statuses"] != r["audit_serial"]["statuses"]:
            print("WARNING: the audit with worker processes disagrees with the serial one", file=sys.stderr)
        if args.tracemalloc:
            r["tracemalloc_peak"] = full_audit(maildir, ics, corpus.now, trace=True)["tracemalloc_peak"]
        if args.dateparser_sample:
            r["dateparser"] = dateparser_sample(corpus.messages, args.dateparser_sample)
        if args.adversarial_kb:
            r["adversarial_chars"] = args.adversarial_kb * 1024
            r["adversarial"] = adversarial(r["adversarial_chars"], args.skip_adversarial)
        if args.profile:
            r["profile"] = profile(maildir, ics, corpus.now, args.profile)
    print(report(r))
    if args.json:
        r["audit"].pop("statuses", None)
        r["audit_serial"].pop("statuses", None)
        args.json.write_text(json.dumps(r, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
