"""The hold-out corpora (tests/data/holdout/A, B and C) audited end to end: a floor against regressions.

The hold-out sets are mail calcheck's rules were not first written for (other companies, wordings
and scenario dates than the shared corpus; see tests/data/holdout/make_holdout.py). Each is audited
in-process, as ``score-corpus`` would through the CLI, both without an ``[owner]`` (as the scorer
runs it) and with the scenario's owner configured. The floors: at least 90% of verdicts right, no
false alert, every date found right, every mismatch linked to its entry.
"""

from __future__ import annotations

import json
import mailbox
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from calcheck.audit import run_audit
from calcheck.calendars.ics import IcsFileCalendar
from calcheck.sources.local import MaildirSource

HOLDOUT = Path(__file__).parent / "data" / "holdout"
ALERTS = {"mismatch", "missing"}
FLOOR = 0.9


def _audit(corpus: Path, tmp_path: Path, owner: str | None) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    scenario = json.loads((corpus / "scenario.json").read_text(encoding="utf-8"))
    labels = json.loads((corpus / "labels.json").read_text(encoding="utf-8"))["cases"]
    box = mailbox.Maildir(str(tmp_path / "Maildir"), create=True)
    for eml in sorted((corpus / "messages").glob("*.eml")):
        box.add(mailbox.MaildirMessage(eml.read_bytes()))
    box.close()
    tz = ZoneInfo(scenario["timezone"])
    now = datetime.fromisoformat(scenario["now"])
    result = run_audit(MaildirSource(tmp_path / "Maildir"), IcsFileCalendar(corpus / "calendar.ics", tz=tz),
                       now, tz, now - timedelta(days=60), owner=owner)
    assert not result.skipped
    found = {f.mail.message_id: f for f in result.findings}
    return labels, found


@pytest.mark.parametrize("name", ["A", "B", "C"])
@pytest.mark.parametrize("configured_owner", [False, True], ids=["no-owner", "owner"])
def test_holdout_floor(name: str, configured_owner: bool, tmp_path: Path) -> None:
    corpus = HOLDOUT / name
    scenario = json.loads((corpus / "scenario.json").read_text(encoding="utf-8"))
    owner = scenario["owner"]["email"] if configured_owner else None
    labels, found = _audit(corpus, tmp_path, owner)
    right, false_alerts, wrong_dates, wrong_links = 0, [], [], []
    for case in labels:
        f = found.get(case["message_id"])
        status = f.status.value if f else "none"
        accepted = status == case["expected"] or status in case.get("also_accept", ())
        right += accepted
        if status in ALERTS and case["expected"] not in ALERTS and not accepted:
            false_alerts.append(case["file"])
        want = case["appointment"]
        if f is not None and want and f.appointment.start != datetime.fromisoformat(want["start"]):
            wrong_dates.append((case["file"], f.appointment.start.isoformat(), want["start"]))
        if case["expected"] == "mismatch" and status == "mismatch":
            assert f is not None
            assert f.event is not None
            if case["calendar_uid"] not in (f.event.uid, f.event.id):
                wrong_links.append((case["file"], f.event.id))
    assert false_alerts == []
    assert wrong_dates == []
    assert wrong_links == []
    assert right / len(labels) >= FLOOR, f"{right}/{len(labels)} verdicts right"
