"""Audit the labelled corpus through IMAP (a private Dovecot) and through a Maildir; compare.

    .venv/bin/python bench/imap_corpus.py [CORPUS_DIR]     (default ../shared/corpus)

Loads every CORPUS_DIR/messages/*.eml into a fresh Dovecot (tests/servers/dovecot.py, internal
dates from the Date headers) and into a Maildir, runs ``calcheck audit --format json`` on each
(the IMAP run through ``--mail imap`` and a generated config file), and prints each run's score
against labels.json, the time each took, and whether the findings are identical. Exit status 1
when they differ: IMAP must hand the audit exactly the bytes a Maildir would.
"""

from __future__ import annotations

import argparse
import json
import mailbox
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from servers.dovecot import DovecotServer, dovecot_unavailable  # noqa: E402 - needs the path above

PW_ENV = "CALCHECK_BENCH_IMAP_PW"


def load(corpus: Path, server: DovecotServer, maildir: Path) -> int:
    """Put every corpus message into the server's INBOX and into ``maildir``; returns the count."""
    box = mailbox.Maildir(str(maildir), create=True)
    raws = [f.read_bytes() for f in sorted((corpus / "messages").glob("*.eml"))]
    server.append_many("INBOX", raws)
    for data in raws:
        box.add(mailbox.MaildirMessage(data))
    box.close()
    return len(raws)


def audit(calcheck: list[str], mail: str, corpus: Path, config: Path,
          server_password: str) -> tuple[list[dict[str, Any]], float]:
    """Findings of one ``calcheck audit`` run and its wall time."""
    scenario = json.loads((corpus / "scenario.json").read_text(encoding="utf-8"))
    cmd = [*calcheck, "--config", str(config), "audit", "--mail", mail,
           "--calendar", f"ics:{corpus / 'calendar.ics'}", "--now", scenario["now"],
           "--timezone", scenario["timezone"], "--format", "json"]
    started = time.monotonic()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False,  # noqa: S603
                          env={**os.environ, PW_ENV: server_password})
    took = time.monotonic() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr}")
    findings: list[dict[str, Any]] = json.loads(done.stdout)["findings"]
    return findings, took


def score(findings: list[dict[str, Any]], corpus: Path) -> tuple[int, int]:
    """(verdicts agreeing with labels.json, cases): "none" when a message has no finding."""
    labels = json.loads((corpus / "labels.json").read_text(encoding="utf-8"))["cases"]
    got = {f["message_id"]: f["status"] for f in findings}
    right = sum(1 for case in labels
                if got.get(case["message_id"], "none") in {case["expected"], *case.get("also_accept", ())})
    return right, len(labels)


def comparable(findings: list[dict[str, Any]]) -> list[str]:
    return sorted(json.dumps(f, ensure_ascii=False, sort_keys=True) for f in findings)


def write_config(path: Path, server: DovecotServer) -> None:
    path.write_text(f'[imap.corpus]\nhost = "{server.host}"\nport = {server.port}\ntls = "plain"\n'
                    f'allow_insecure = true\nusername = "{server.user}"\npassword_env = "{PW_ENV}"\n',
                    encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path, nargs="?", default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--calcheck", default=str(ROOT / ".venv" / "bin" / "calcheck"))
    args = ap.parse_args()
    if (reason := dovecot_unavailable()) is not None:
        print(f"cannot run: {reason}", file=sys.stderr)
        return 2
    with DovecotServer() as server, tempfile.TemporaryDirectory(prefix="cc-bench-") as tmp:
        work = Path(tmp)
        started = time.monotonic()
        count = load(args.corpus, server, work / "Maildir")
        print(f"loaded {count} messages into Dovecot and a Maildir in {time.monotonic() - started:.2f} s")
        config = work / "config.toml"
        write_config(config, server)
        imap, imap_s = audit([args.calcheck], "imap", args.corpus, config, server.password)
        local, local_s = audit([args.calcheck], f"maildir:{work / 'Maildir'}", args.corpus, config,
                               server.password)
    for name, findings, took in (("maildir", local, local_s), ("imap", imap, imap_s)):
        right, total = score(findings, args.corpus)
        print(f"{name:8} {len(findings):3} findings  score {right}/{total}  ({took:.2f} s)")
    same = comparable(imap) == comparable(local)
    print("identical findings" if same else "FINDINGS DIFFER between IMAP and Maildir")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
