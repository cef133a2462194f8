"""Mail sources: where messages come from (Maildir, mbox, IMAP)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from calcheck.config import mail_spec_problem
from calcheck.errors import ConfigError
from calcheck.sources.base import DEFAULT_MAX_MESSAGE_BYTES, MailSource
from calcheck.sources.local import MaildirSource, MboxSource

if TYPE_CHECKING:
    from calcheck.config import Config

__all__ = ["MailSource", "open_source"]


def open_source(spec: str, config: Config | None = None) -> MailSource:
    """The mail source a spec names: ``maildir:PATH``, ``mbox:PATH`` or ``imap``.

    ``imap`` reads the ``[imap.NAME]`` accounts of ``config``. Raises :class:`ConfigError` for a
    malformed spec and :class:`calcheck.errors.SourceError` when the source cannot be opened.
    """
    if (problem := mail_spec_problem(spec)) is not None:
        raise ConfigError(f"mail source: {problem}")
    kind, _, rest = spec.partition(":")
    limit = config.mail.max_message_bytes if config is not None else DEFAULT_MAX_MESSAGE_BYTES
    if kind == "maildir":
        return MaildirSource(Path(rest).expanduser(), limit)
    if kind == "mbox":
        return MboxSource(Path(rest).expanduser(), limit)
    from calcheck.sources.imap import ImapSource, accounts_from_config  # noqa: PLC0415 - imapclient only when used

    if config is None or not config.imap:
        raise ConfigError('mail source "imap" needs at least one [imap.NAME] table in the configuration')
    # Audit mode: every message of the since window, and the daemon's reading state untouched.
    return ImapSource(accounts_from_config(config), incremental=False)
