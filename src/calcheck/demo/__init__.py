"""The shipped demo: four hand-written messages and their owner's calendar, at a fixed moment.

The owner is 高橋 誠 of 株式会社みなと商会; the demo's clock stands at Wednesday 2026-11-25
09:30 in Asia/Tokyo. It ends on the case calcheck exists for: 北斗物産's 佐藤 phoned this
morning, then confirmed by mail "本日14:00" (today, 11/25 at 14:00); the entry was typed on the
next day, 11/26 at 14:00. The other messages give an ``ok``, a ``missing`` and a thank-you
mail that confirms no appointment (no row).

The files are read through importlib.resources, so the demo works from a wheel as well.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from importlib.resources import as_file, files
from pathlib import Path
from zoneinfo import ZoneInfo

from calcheck.model import RawMail

TIMEZONE = "Asia/Tokyo"
NOW = datetime(2026, 11, 25, 9, 30, tzinfo=ZoneInfo(TIMEZONE))
OWNER = "高橋 誠 <takahashi@minato-shokai.example.jp>"
OWNER_EMAIL = "takahashi@minato-shokai.example.jp"


class DemoMailSource:
    """The demo's messages (``demo/mail/*.eml``) in file-name order, as a mail source."""

    def messages(self, since: datetime) -> Iterator[RawMail]:
        """Yield every demo message; ``since`` is left to the audit, as for a Maildir."""
        folder = files(__name__) / "mail"
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".eml"):
                yield RawMail(ref=f"demo/mail/{entry.name}", data=entry.read_bytes())


@contextmanager
def calendar_file() -> Iterator[Path]:
    """The demo calendar as a file path, valid inside the ``with`` block."""
    with as_file(files(__name__) / "calendar.ics") as path:
        yield path
