"""Mail from IMAP folders (imapclient), read without ever marking it read.

Two modes:

* **audit** (``incremental=False``, the default without a state): every message whose internal
  date falls in the ``since`` window, every time. Nothing is saved, so an audit never makes the
  daemon skip mail.
* **incremental** (with a :class:`~calcheck.readstate.ReadState`): per account and folder the
  source remembers UIDVALIDITY and the highest UID handed over. The first run searches
  ``SINCE <since>``; later runs ask only for ``UID last+1:*``. When UIDVALIDITY changed (the
  server rebuilt the folder, so old UIDs mean nothing) the ``since`` window is read again and
  messages whose dedupe key (Message-ID, else a digest of Date/From/Subject) was already handed
  over are left out: **the source dedupes**, the caller need not.

Crash safety: the reading position advances in memory as each message is handed over and is
saved only by :meth:`ImapSource.commit`, which the caller calls once it has acted on what it
received (findings stored, alerts sent). A crash before that re-reads the same messages next
time; nothing is ever skipped. Each folder is opened read-only (EXAMINE) and bodies are fetched
with ``BODY.PEEK[]``, so \\Seen is never set. A message larger than ``max_message_bytes`` is
skipped with a warning naming account, folder, UID and size, and counts as handed over.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError

from calcheck.errors import SourceError
from calcheck.model import RawMail
from calcheck.readstate import FolderState, MemoryReadState, ReadState
from calcheck.sources.base import Skipped
from calcheck.sources.imap_conn import (
    Connector,
    ImapAccount,
    ImapCertificateError,
    ImapConnectionError,
    ImapHostError,
    ImapLoginError,
    close_quietly,
    imap_errors,
)
from calcheck.sources.imap_watch import ImapWatcher

if TYPE_CHECKING:
    from calcheck.config import Config

__all__ = ["ImapAccount", "ImapCertificateError", "ImapConnectionError", "ImapHostError",
           "ImapLoginError", "ImapSource", "ImapWatcher", "Skipped"]

log = logging.getLogger(__name__)

HEADER_ITEM = "BODY.PEEK[HEADER.FIELDS (MESSAGE-ID DATE FROM SUBJECT)]"
BATCH_MESSAGES = 25
BATCH_BYTES = 8 * 1024 * 1024
"""Bodies are fetched in batches this big: few round trips, bounded memory."""


class _Progress:
    """How far one folder has been handed over during the current run."""

    def __init__(self, uidvalidity: int, last_uid: int, seen: tuple[str, ...]) -> None:
        self.uidvalidity = uidvalidity
        self.last_uid = last_uid
        self.seen = seen
        self.keys: list[str] = []

    def advance(self, uid: int, key: str | None) -> None:
        self.last_uid = max(self.last_uid, uid)
        if key is not None:
            self.keys.append(key)

    def state(self) -> FolderState:
        return FolderState(self.uidvalidity, self.last_uid, self.seen).with_seen(self.keys)


@dataclass(frozen=True)
class _Meta:
    uid: int
    size: int
    key: str


class ImapSource:
    """A MailSource over one or more IMAP accounts (see the module docstring for the modes)."""

    def __init__(self, accounts: Sequence[ImapAccount], state: ReadState | None = None, *,
                 incremental: bool | None = None) -> None:
        self.accounts = tuple(accounts)
        self.incremental = state is not None if incremental is None else incremental
        self.state: ReadState = state if state is not None else MemoryReadState()
        self.skipped: list[Skipped] = []
        self._pending: dict[tuple[str, str], _Progress] = {}
        self._connectors = {a.name: Connector(a) for a in self.accounts}

    def messages(self, since: datetime) -> Generator[RawMail, None, None]:
        """Yield each account's folders' messages in UID order; ref = ``imap:ACCOUNT/FOLDER/UID``.

        Closing the generator early logs out at once.
        """
        self._pending.clear()
        self.skipped.clear()
        for account in self.accounts:
            client = self._connectors[account.name].open()
            try:
                for folder in account.folders:
                    yield from self._folder(client, account, folder, since)
            finally:
                close_quietly(client)

    def watchers(self, **options: Any) -> list[ImapWatcher]:
        """One IDLE/poll watcher per account and folder (``options`` go to ImapWatcher).

        Run each one's ``idle_loop(callback, stop)`` in its own thread; the callback should read
        this source incrementally and ``commit()`` once it has acted.
        """
        return [ImapWatcher(a, folder, **options) for a in self.accounts for folder in a.folders]

    def commit(self) -> None:
        """Save how far each folder was read (only what was handed over so far)."""
        if not self.incremental:
            return
        for (account, folder), progress in self._pending.items():
            self.state.set(account, folder, progress.state())
        self._pending.clear()

    # -- one folder --------------------------------------------------------------------------

    def _folder(self, client: IMAPClient, account: ImapAccount, folder: str,
                since: datetime) -> Iterator[RawMail]:
        where = f"{account.where} folder {folder!r}"
        with imap_errors(account, f"opening folder {folder!r}"):
            try:
                info = client.select_folder(folder, readonly=True)
            except IMAPClientError as exc:
                if isinstance(exc, client.AbortError):
                    raise
                raise SourceError(f"{where}: cannot open it ({_text(exc)}) — check folders "
                                  f"[imap.{account.name}]") from None
        uidvalidity = int(info[b"UIDVALIDITY"])
        uidnext = int(info.get(b"UIDNEXT", 0))
        prev = self.state.get(account.name, folder) if self.incremental else None
        seen: set[str] = set()
        with imap_errors(account, f"searching {folder!r}"):
            if prev is not None and prev.uidvalidity == uidvalidity:
                # "n:*" always matches the highest UID, even when it is below n.
                uids = [u for u in client.search(["UID", f"{prev.last_uid + 1}:*"]) if u > prev.last_uid]
            else:
                if prev is not None:
                    log.warning("%s: UIDVALIDITY changed (%d -> %d); reading the window since %s again, "
                                "leaving out %d messages already seen", where, prev.uidvalidity,
                                uidvalidity, since.date(), len(prev.seen))
                    seen = set(prev.seen)
                # INTERNALDATE is compared by date in the server's zone: a day of slack; the
                # audit filters on the Date header anyway.
                uids = client.search(["SINCE", (since - timedelta(days=1)).date()])
        uids = sorted(set(uids))
        kept = prev.last_uid if prev is not None and prev.uidvalidity == uidvalidity else 0
        progress = _Progress(uidvalidity, kept, prev.seen if prev is not None else ())
        self._pending[(account.name, folder)] = progress
        log.debug("%s: %d messages to read", where, len(uids))
        metas = self._metadata(client, account, folder, uids) if uids else []
        # Decisions are taken in UID order, interleaved with the hand-over, so the position never
        # runs ahead of a message the caller has not received yet.
        for batch in _batches(metas, lambda m: m.key in seen or m.size > account.max_message_bytes):
            wanted = [m.uid for m, skip in batch if not skip]
            bodies: dict[int, Any] = {}
            if wanted:
                with imap_errors(account, f"fetching from {folder!r}"):
                    bodies = client.fetch(wanted, ["BODY.PEEK[]"])
            for meta, skip in batch:
                ref = f"imap:{account.name}/{folder}/{meta.uid}"
                if meta.key in seen:
                    progress.advance(meta.uid, None)
                    continue
                if skip:
                    log.warning("%s: skipped UID %d: %d bytes is over max_message_bytes (%d)", where,
                                meta.uid, meta.size, account.max_message_bytes)
                    self.skipped.append(Skipped(ref, f"{meta.size} bytes > max_message_bytes"))
                    progress.advance(meta.uid, meta.key)
                    continue
                data = _item(bodies.get(meta.uid, {}), b"BODY[")
                if not isinstance(data, bytes):
                    # Expunged between SEARCH and FETCH: gone, nothing to report.
                    log.info("%s: UID %d vanished before it could be fetched", where, meta.uid)
                    progress.advance(meta.uid, None)
                    continue
                progress.advance(meta.uid, meta.key)
                yield RawMail(ref=ref, data=data)
        # Everything below UIDNEXT (at EXAMINE time) was either handed over or outside the window.
        progress.advance(uidnext - 1, None)

    def _metadata(self, client: IMAPClient, account: ImapAccount, folder: str,
                  uids: list[int]) -> list[_Meta]:
        """Size and dedupe key of each message, in UID order (cheap: headers only)."""
        items = ["RFC822.SIZE", HEADER_ITEM] if self.incremental else ["RFC822.SIZE"]
        metas: list[_Meta] = []
        for start in range(0, len(uids), 500):
            chunk = uids[start:start + 500]
            with imap_errors(account, f"reading sizes in {folder!r}"):
                resp = client.fetch(chunk, items)
            for uid in chunk:
                entry = resp.get(uid)
                if entry is None:
                    continue
                size = int(entry.get(b"RFC822.SIZE", 0))
                header = _item(entry, b"BODY[HEADER.FIELDS")
                metas.append(_Meta(uid, size, dedupe_key(header if isinstance(header, bytes) else b"")))
        return metas


def dedupe_key(header: bytes) -> str:
    """The Message-ID from a header block, or a digest of the whole block when it has none."""
    for line in header.replace(b"\r\n", b"\n").replace(b"\n ", b" ").replace(b"\n\t", b" ").split(b"\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"message-id" and value.strip():
            return value.strip().decode("ascii", "replace")
    return "sha256:" + hashlib.sha256(header.strip()).hexdigest()[:32]


def _item(entry: dict[bytes, Any], prefix: bytes) -> Any:
    """The value of the FETCH item whose name starts with ``prefix`` (servers echo names variously)."""
    for name, value in entry.items():
        if name.upper().startswith(prefix):
            return value
    return None


def _batches(metas: list[_Meta], skip: Callable[[_Meta], bool]) -> Iterator[list[tuple[_Meta, bool]]]:
    """Consecutive runs of ``metas`` (with their skip flag) small enough to fetch in one go."""
    batch: list[tuple[_Meta, bool]] = []
    size = 0
    for meta in metas:
        skipped = skip(meta)
        cost = 0 if skipped else meta.size
        if batch and (len(batch) >= BATCH_MESSAGES or size + cost > BATCH_BYTES):
            yield batch
            batch, size = [], 0
        batch.append((meta, skipped))
        size += cost
    if batch:
        yield batch


def _text(exc: Exception) -> str:
    arg = exc.args[0] if exc.args else exc
    return arg.decode("utf-8", "replace") if isinstance(arg, bytes) else str(arg)


def accounts_from_config(config: Config) -> list[ImapAccount]:
    """The ``[imap.NAME]`` tables of a loaded configuration as source accounts."""
    accounts: list[ImapAccount] = []
    for table in config.imap.values():
        provider = None
        if table.auth == "oauth2":
            from calcheck.google_auth import access_token_provider  # noqa: PLC0415 - google libs only for Gmail

            token_file = config.google.token_file
            provider = access_token_provider(Path(token_file).expanduser() if token_file else None)
        accounts.append(ImapAccount(
            name=table.name, host=table.host, username=table.username, port=table.port or None,
            tls=table.tls,  # type: ignore[arg-type]  # config.py checked it is one of TlsMode
            allow_insecure=table.allow_insecure,
            ca_file=Path(table.ca_file).expanduser() if table.ca_file else None,
            auth=table.auth,  # type: ignore[arg-type]  # checked by config.py
            password_cmd=table.password_cmd or "", password_env=table.password_env or "",
            token_provider=provider, folders=table.folders, idle=table.idle,
            poll_seconds=float(table.poll_seconds), max_message_bytes=config.mail.max_message_bytes))
    return accounts
