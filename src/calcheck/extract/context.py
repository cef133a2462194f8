"""What extraction needs besides the message."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo


@dataclass(frozen=True)
class Context:
    """The audit's clock and the owner's zone (and, when known, the owner's address).

    ``now`` is only a fallback for a message without a Date header: relative words count
    from the message's own date, in ``tz``.
    """

    now: datetime
    tz: tzinfo
    owner_email: str = ""
