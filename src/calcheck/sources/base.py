"""The interface every mail source implements."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Protocol

from calcheck.model import RawMail


class MailSource(Protocol):
    """Hands over raw messages; knows nothing of their content.

    A message that cannot be *read* (an unreadable file, a failed FETCH) is logged with its
    ref and skipped by the source; a source that cannot be opened at all raises
    :class:`calcheck.errors.SourceError`.
    """

    def messages(self, since: datetime) -> Iterator[RawMail]:
        """Yield the messages received at or after ``since`` (as far as the source can tell)."""
        ...
