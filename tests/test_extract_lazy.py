"""extract's lazy decision (hopeless candidates left unscored) gives what the full one gives."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from calcheck.extract import Context
from calcheck.extract.decide import decide
from calcheck.model import RawMail
from calcheck.reading import read_message

_HOLDOUT = Path(__file__).parent / "data" / "holdout"


@pytest.mark.parametrize("name", ["A", "B", "C"])
def test_lazy_and_full_decisions_agree(name: str) -> None:
    scenario = json.loads((_HOLDOUT / name / "scenario.json").read_text())
    ctx = Context(now=datetime.fromisoformat(scenario["now"]), tz=ZoneInfo(scenario["timezone"]))
    files = sorted((_HOLDOUT / name / "messages").glob("*.eml"))
    assert files
    for path in files:
        mail = read_message(RawMail(ref=str(path), data=path.read_bytes()))
        full, lazy = decide(mail, ctx), decide(mail, ctx, lazy=True)
        assert lazy.appointment == full.appointment, path.name
        if not lazy.candidates and full.candidates:  # a mail whose kind sinks every candidate
            assert full.appointment is None, path.name
            continue
        # every candidate lazy scores is scored as the full decision scores it
        for a, b in zip(lazy.candidates, full.candidates, strict=True):
            if not a.unscored:
                assert (a.score, a.reasons) == (b.score, b.reasons), path.name
