"""The interface every mail source implements."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from calcheck.model import RawMail

DEFAULT_MAX_MESSAGE_BYTES = 10 * 1024 * 1024
"""``[mail] max_message_bytes``: larger messages are skipped, not read."""


@dataclass(frozen=True)
class Skipped:
    """A message a source did not hand over, and why (reported, not silently dropped)."""

    ref: str
    reason: str


class MailSource(Protocol):
    """Hands over raw messages; knows nothing of their content.

    A message that cannot be *read* (an unreadable file, a failed FETCH) is logged with its
    ref and skipped by the source; a source that cannot be opened at all raises
    :class:`calcheck.errors.SourceError`. A source may list the messages it skipped on purpose
    (over ``max_message_bytes``) in a ``skipped: list[Skipped]`` attribute, refilled by each
    ``messages()`` run; the audit reports them.
    """

    def messages(self, since: datetime) -> Iterator[RawMail]:
        """Yield the messages received at or after ``since`` (as far as the source can tell)."""
        ...
