"""The lazy decision (extract's) gives the full decision's appointment on every message at hand.

Lazy leaves candidates that cannot win unscored and does not read the dates of a mail whose
kind sinks them all (decide's module docstring); this checks that over every .eml in
tests/data and the wild mail, and over the pb2k mailbox when it is there.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from calcheck.extract import Context
from calcheck.extract.decide import decide
from calcheck.model import RawMail
from calcheck.reading import read_message

_ROOTS = {
    "tests-data": Path(__file__).parent / "data",
    "wild-mail": Path("/work/shared/wild-mail"),
    "pb2k": Path("/tmp/pb2k/Maildir"),  # noqa: S108 - the speed work's 2,000-message mailbox
}
_CTX = Context(now=datetime(2026, 11, 20, 9, 0, tzinfo=ZoneInfo("Asia/Tokyo")), tz=ZoneInfo("Asia/Tokyo"))


def _messages(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*")):
        if path.is_file() and (path.suffix == ".eml" or path.parent.name in ("cur", "new")):
            yield path


@pytest.mark.parametrize("name", sorted(_ROOTS))
def test_lazy_and_full_appointments_agree(name: str) -> None:
    root = _ROOTS[name]
    if not root.exists():
        pytest.skip(f"{root} is absent")
    seen = sunk = 0
    for path in _messages(root):
        mail = read_message(RawMail(ref=str(path), data=path.read_bytes()))
        lazy, full = decide(mail, _CTX, lazy=True), decide(mail, _CTX)
        assert lazy.appointment == full.appointment, path
        seen += 1
        sunk += not lazy.candidates and bool(full.candidates)
    assert seen
    if name == "pb2k":
        assert sunk  # the mailbox has adverts: the short way is taken
