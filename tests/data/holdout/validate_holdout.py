#!/usr/bin/env python3
# ruff: noqa: E501, PLR0912, PLR0917, UP017, I001, RUF100, PLC0207  - corpus data: long literal mail lines
"""Check the hold-out labels against their messages and calendars (run with calcheck's venv).

ok: the labelled event starts at the appointment; mismatch: it exists and starts elsewhere;
missing: nothing (recurrences expanded) starts at that instant; every message parses without
defects, its Message-ID matches the label, its text parts decode, and lines end in CRLF.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime, timedelta
from email import message_from_bytes, policy
from pathlib import Path

import icalendar
import recurring_ical_events


def check(root: Path) -> list[str]:
    problems: list[str] = []
    labels = json.loads((root / "labels.json").read_text(encoding="utf-8"))["cases"]
    cal = icalendar.Calendar.from_ical((root / "calendar.ics").read_bytes())
    now = datetime.fromisoformat(json.loads((root / "scenario.json").read_text())["now"])
    occ = recurring_ical_events.of(cal).between(now - timedelta(days=30), now + timedelta(days=120))
    starts: dict[str, list[datetime]] = {}
    timed: list[tuple[str, datetime]] = []
    for ev in occ:
        s = ev["DTSTART"].dt
        if isinstance(s, datetime):
            starts.setdefault(str(ev["UID"]), []).append(s)
            timed.append((str(ev["UID"]), s))
    for case in labels:
        raw = (root / "messages" / case["file"]).read_bytes()
        msg = message_from_bytes(raw, policy=policy.default)
        if msg.defects or any(p.defects for p in msg.walk()):
            problems.append(f"{case['file']}: MIME defects")
        if str(msg["Message-ID"]).strip() != case["message_id"]:
            problems.append(f"{case['file']}: Message-ID differs")
        for part in msg.walk():
            if part.get_content_maintype() == "text":
                part.get_content()
        if b"\n" in raw.replace(b"\r\n", b""):
            problems.append(f"{case['file']}: bare LF")
        appt = case["appointment"]
        exp = case["expected"]
        if exp == "none":
            if appt or case["calendar_uid"]:
                problems.append(f"{case['file']}: none with an appointment")
            continue
        start = datetime.fromisoformat(appt["start"])
        if start < now:
            problems.append(f"{case['file']}: appointment before now")
        uid = case["calendar_uid"]
        if exp == "ok" and start not in starts.get(uid, []):
            problems.append(f"{case['file']}: ok but {uid} does not start at {start}")
        if exp == "mismatch" and (uid not in starts or start in starts[uid]):
            problems.append(f"{case['file']}: mismatch but {uid} missing or at {start}")
        if exp == "missing" and any(s == start for _, s in timed):
            problems.append(f"{case['file']}: missing but something starts at {start}")
    return problems


def main() -> int:
    bad = 0
    for name in sys.argv[1:] or ["A", "B", "C"]:
        root = Path(__file__).resolve().parent / name
        problems = check(root)
        cases = json.loads((root / "labels.json").read_text(encoding="utf-8"))["cases"]
        mix = {k: sum(c["expected"] == k for c in cases) for k in ("ok", "mismatch", "missing", "none")}
        print(name, len(cases), mix)
        for p in problems:
            print("  ", p)
        bad += len(problems)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
