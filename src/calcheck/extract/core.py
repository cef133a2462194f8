"""Extraction entry point: which appointment, if any, a message confirms.

The contract: ``extract(mail, ctx)`` returns the one appointment the message confirms, or
None. It is pure: the clock and the zone come in ``ctx``, relative words count from the
message's own Date. How the decision is made is explained in :mod:`calcheck.extract.decide`.
"""

from __future__ import annotations

from calcheck.extract.context import Context
from calcheck.extract.decide import decide
from calcheck.model import Appointment, MailMessage

__all__ = ["Context", "extract"]


def extract(mail: MailMessage, ctx: Context) -> Appointment | None:
    """The appointment ``mail`` confirms, or None."""
    return decide(mail, ctx, lazy=True).appointment
