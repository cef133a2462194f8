"""Local mailboxes: Maildir folders and mbox files."""

from __future__ import annotations

import logging
import mailbox
import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from calcheck.errors import SourceError
from calcheck.model import RawMail
from calcheck.sources.base import DEFAULT_MAX_MESSAGE_BYTES, Skipped

log = logging.getLogger(__name__)


class _Limit:
    """``max_message_bytes`` for a local source: what was skipped, each ref warned about once."""

    def __init__(self, max_message_bytes: int) -> None:
        self.max_message_bytes = max_message_bytes
        self.skipped: list[Skipped] = []
        self._warned: set[str] = set()

    def over(self, ref: str, size: int) -> bool:
        if size <= self.max_message_bytes:
            return False
        # The daemon meets the same file every cycle: warn once, then only at debug level.
        level = logging.DEBUG if ref in self._warned else logging.WARNING
        self._warned.add(ref)
        log.log(level, "skipped %s: %d bytes is over max_message_bytes (%d)", ref, size,
                self.max_message_bytes)
        self.skipped.append(Skipped(ref, f"{size} bytes > max_message_bytes"))
        return True


class MaildirSource:
    """Every message in a Maildir (``cur/`` and ``new/``), oldest file name first.

    ``since`` is not applied here: file times say when a file was written, not when the mail
    was sent, so the audit filters on the Date header instead. A file larger than
    ``max_message_bytes`` is not read: it is logged and listed in ``skipped``.
    """

    def __init__(self, path: Path, max_message_bytes: int = DEFAULT_MAX_MESSAGE_BYTES) -> None:
        self.path = path
        self._limit = _Limit(max_message_bytes)
        self.skipped = self._limit.skipped
        if not path.is_dir():
            raise SourceError(f"maildir:{path}: no such directory")
        if not any((path / sub).is_dir() for sub in ("cur", "new")):
            raise SourceError(f"maildir:{path}: not a Maildir (it has no cur/ or new/ folder)")

    def messages(self, since: datetime) -> Iterator[RawMail]:
        self.skipped.clear()
        files: list[tuple[str, str]] = []  # (file name, path)
        for sub in ("new", "cur"):
            folder = self.path / sub
            if folder.is_dir():
                # scandir's entries know their type from the directory listing: no stat per file.
                with os.scandir(folder) as entries:
                    files.extend((entry.name, entry.path) for entry in entries
                                 if not entry.name.startswith(".") and entry.is_file())
        files.sort(key=lambda pair: pair[0])
        for _, file in files:
            try:
                # The size comes from the open file, so a message costs one open, fstat and read.
                with open(file, "rb") as handle:
                    if self._limit.over(file, os.fstat(handle.fileno()).st_size):
                        continue
                    data = handle.read()
            except OSError as exc:
                log.warning("skipped %s: cannot read it (%s)", file, exc.strerror or exc)
                continue
            yield RawMail(ref=file, data=data)


class MboxSource:
    """Every message of an mbox file, in file order; one over ``max_message_bytes`` is skipped."""

    def __init__(self, path: Path, max_message_bytes: int = DEFAULT_MAX_MESSAGE_BYTES) -> None:
        self.path = path
        self._limit = _Limit(max_message_bytes)
        self.skipped = self._limit.skipped
        if not path.is_file():
            raise SourceError(f"mbox:{path}: no such file")

    def messages(self, since: datetime) -> Iterator[RawMail]:
        self.skipped.clear()
        box = mailbox.mbox(str(self.path), create=False)
        try:
            for key in box.iterkeys():
                try:
                    # The table of contents iterkeys() built gives each message's byte span, so a
                    # huge one is passed over without being read (it is private: fall back safely).
                    span = getattr(box, "_toc", {}).get(key)
                    if span is not None and self._limit.over(f"{self.path}#{key}", span[1] - span[0]):
                        continue
                    data = box.get_bytes(key)
                except (OSError, ValueError, KeyError) as exc:
                    log.warning("skipped %s message %s: cannot read it (%s)", self.path, key, exc)
                    continue
                yield RawMail(ref=f"{self.path}#{key}", data=data)
        finally:
            box.close()
