"""Extraction entry point. FIRST VERSION: a placeholder the extraction work replaces.

The contract: ``extract(mail, ctx)`` returns the one appointment the message confirms, or None.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from calcheck.model import Appointment, MailMessage


@dataclass(frozen=True)
class Context:
    """What extraction needs besides the message: the audit's clock and the owner's zone."""

    now: datetime
    tz: tzinfo


_MD_TIME = re.compile(r"(\d{1,2})月(\d{1,2})日[^0-9\n]{0,8}?(\d{1,2})[:時](\d{2})?")


def extract(mail: MailMessage, ctx: Context) -> Appointment | None:
    """The appointment ``mail`` confirms, or None."""
    text = unicodedata.normalize("NFKC", mail.new_text)
    base = (mail.date or ctx.now).astimezone(ctx.tz)
    for m in _MD_TIME.finditer(text):
        month, day, hour = int(m[1]), int(m[2]), int(m[3])
        minute = int(m[4] or 0)
        try:
            start = datetime(base.year, month, day, hour, minute, tzinfo=ctx.tz)
        except ValueError:
            continue
        if start < base - timedelta(days=31):
            start = start.replace(year=start.year + 1)
        return Appointment(start=start, end=None, evidence=m[0], source="text", confidence=0.5)
    return None
