"""How far each IMAP folder has been read: UIDVALIDITY, the highest UID handed over, recent keys.

The IMAP source keeps this behind the tiny :class:`ReadState` protocol (get/set per account and
folder) so the daemon can store it in its own database; :class:`JsonReadState` is the standalone
store: one JSON file in the XDG state directory, 0600 in a 0700 directory, replaced atomically so
a crash mid-write leaves the old state, never a torn file.

``seen`` holds the dedupe keys (Message-ID, or a header digest when there is none) of the most
recent messages handed over; it is only consulted when a folder's UIDVALIDITY changes and the
``since`` window has to be read again, so that nothing is reported twice.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from calcheck._private import write_private

log = logging.getLogger(__name__)

SEEN_LIMIT = 5000
"""Keys remembered per folder: far more than one ``since`` window of appointment mail needs."""


@dataclass(frozen=True)
class FolderState:
    """Reading position in one folder."""

    uidvalidity: int
    last_uid: int
    """The highest UID handed over (or skipped as oversize) under this UIDVALIDITY."""
    seen: tuple[str, ...] = ()
    """Dedupe keys of recently handed-over messages, oldest first, at most SEEN_LIMIT."""

    def with_seen(self, keys: list[str]) -> FolderState:
        """This state with ``keys`` added to ``seen`` (newest last, trimmed to SEEN_LIMIT)."""
        fresh = set(keys)
        merged = [k for k in self.seen if k not in fresh] + keys
        return FolderState(self.uidvalidity, self.last_uid, tuple(merged[-SEEN_LIMIT:]))


class ReadState(Protocol):
    """Where the IMAP source keeps its reading position."""

    def get(self, account: str, folder: str) -> FolderState | None:
        """The saved state, or None when the folder has never been read."""
        ...

    def set(self, account: str, folder: str, state: FolderState) -> None:
        """Save the state (durably, before returning)."""
        ...


class MemoryReadState:
    """A ReadState that lives as long as the object (tests, one-off runs)."""

    def __init__(self) -> None:
        self.folders: dict[tuple[str, str], FolderState] = {}

    def get(self, account: str, folder: str) -> FolderState | None:
        return self.folders.get((account, folder))

    def set(self, account: str, folder: str, state: FolderState) -> None:
        self.folders[(account, folder)] = state


def default_state_dir(environ: Mapping[str, str] | None = None) -> Path:
    """``$XDG_STATE_HOME/calcheck``, or ``~/.local/state/calcheck``; systemd's ``$STATE_DIRECTORY`` wins.

    Where every piece of state lives (the daemon's database, the IMAP reading position)."""
    env = os.environ if environ is None else environ
    if env.get("STATE_DIRECTORY"):
        return Path(env["STATE_DIRECTORY"].split(":")[0])
    base = env.get("XDG_STATE_HOME") or str(Path(env.get("HOME") or Path.home()) / ".local" / "state")
    return Path(base) / "calcheck"


class JsonReadState:
    """A ReadState in one JSON file (default ``imap-state.json`` in the XDG state directory)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_state_dir() / "imap-state.json"
        self._data: dict[str, dict[str, dict[str, Any]]] = self._load()

    def get(self, account: str, folder: str) -> FolderState | None:
        entry = self._data.get(account, {}).get(folder)
        if entry is None:
            return None
        try:
            return FolderState(uidvalidity=int(entry["uidvalidity"]), last_uid=int(entry["last_uid"]),
                               seen=tuple(str(k) for k in entry.get("seen", ())))
        except (KeyError, TypeError, ValueError):
            log.warning("%s: ignoring a broken entry for %s/%s; that folder is read from the start",
                        self.path, account, folder)
            return None

    def set(self, account: str, folder: str, state: FolderState) -> None:
        self._data.setdefault(account, {})[folder] = {
            "uidvalidity": state.uidvalidity, "last_uid": state.last_uid, "seen": list(state.seen)}
        self._save()

    def _load(self) -> dict[str, dict[str, dict[str, Any]]]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except OSError as exc:
            log.warning("%s: cannot read the IMAP state (%s); reading from the start", self.path, exc)
            return {}
        try:
            data = json.loads(text)
            accounts = data["accounts"]
            if not isinstance(accounts, dict):
                raise TypeError("accounts is not an object")
        except (ValueError, KeyError, TypeError) as exc:
            # Starting over re-reads the since window: never skips mail, at worst repeats it.
            log.warning("%s: the IMAP state is damaged (%s); reading from the start", self.path, exc)
            return {}
        return accounts

    def _save(self) -> None:
        data = {"version": 1, "accounts": self._data}
        write_private(self.path, json.dumps(data, ensure_ascii=False).encode("utf-8"))
