"""Local mailboxes: Maildir folders and mbox files."""

from __future__ import annotations

import logging
import mailbox
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from calcheck.errors import SourceError
from calcheck.model import RawMail

log = logging.getLogger(__name__)


class MaildirSource:
    """Every message in a Maildir (``cur/`` and ``new/``), oldest file name first.

    ``since`` is not applied here: file times say when a file was written, not when the mail
    was sent, so the audit filters on the Date header instead.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        if not path.is_dir():
            raise SourceError(f"maildir:{path}: no such directory")
        if not any((path / sub).is_dir() for sub in ("cur", "new")):
            raise SourceError(f"maildir:{path}: not a Maildir (it has no cur/ or new/ folder)")

    def messages(self, since: datetime) -> Iterator[RawMail]:
        files: list[Path] = []
        for sub in ("new", "cur"):
            folder = self.path / sub
            if folder.is_dir():
                files.extend(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
        for file in sorted(files, key=lambda p: p.name):
            try:
                data = file.read_bytes()
            except OSError as exc:
                log.warning("skipped %s: cannot read it (%s)", file, exc.strerror or exc)
                continue
            yield RawMail(ref=str(file), data=data)


class MboxSource:
    """Every message of an mbox file, in file order."""

    def __init__(self, path: Path) -> None:
        self.path = path
        if not path.is_file():
            raise SourceError(f"mbox:{path}: no such file")

    def messages(self, since: datetime) -> Iterator[RawMail]:
        box = mailbox.mbox(str(self.path), create=False)
        try:
            for key in box.iterkeys():
                try:
                    data = box.get_bytes(key)
                except (OSError, ValueError, KeyError) as exc:
                    log.warning("skipped %s message %s: cannot read it (%s)", self.path, key, exc)
                    continue
                yield RawMail(ref=f"{self.path}#{key}", data=data)
        finally:
            box.close()
