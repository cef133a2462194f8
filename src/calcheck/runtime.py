"""What the daemon runs on, built from the configuration: sources, calendar, sender, intervals.

Built once at start and again on SIGHUP; a configuration that fails to build leaves the
running one in place. ``CALCHECK_TEST_INTERVAL_SECONDS`` (for tests and trying things out,
never for production) replaces every interval — mail polling, re-checks, outbox retries — by
that many seconds, since the configuration only allows whole minutes.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from calcheck.alerts.smtp import BACKOFF_BASE, Sender, SmtpSender, SmtpSettings
from calcheck.calendars import calendar_from_config
from calcheck.calendars.base import Calendar
from calcheck.config import Config
from calcheck.errors import ConfigError
from calcheck.readstate import ReadState
from calcheck.secrets import SecretSpec, resolve_secret
from calcheck.sources.base import MailSource
from calcheck.state import default_state_dir

log = logging.getLogger(__name__)

TEST_INTERVAL_ENV = "CALCHECK_TEST_INTERVAL_SECONDS"
DEFAULT_POLL = timedelta(minutes=5)


class Watcher(Protocol):
    """Signals new mail (IMAP IDLE): calls ``callback`` on news until ``stop`` is set."""

    def idle_loop(self, callback: Callable[[], None], stop: Any) -> None: ...


@dataclass
class Account:
    """One mail source the daemon reads, under the name ``calcheck status`` shows."""

    name: str
    source: MailSource
    watchers: list[Watcher] = field(default_factory=list)
    dedupes_by_ref: bool = False
    """The source's refs name one message for ever (Maildir file names): seen refs are skipped undecoded."""


@dataclass
class Runtime:
    tz: ZoneInfo
    since: timedelta
    accounts: list[Account]
    calendar: Calendar
    sender: Sender | None
    from_addr: str
    to: tuple[str, ...]
    language: str
    reminder: timedelta | None
    poll: timedelta
    recheck: timedelta
    retry_base: timedelta
    owner: str | None = None
    """The owner's address (``[owner] email``), for extraction and matching."""


def state_path(config: Config, environ: Mapping[str, str] | None = None) -> Path:
    """The state database: ``[daemon] state_dir`` or the XDG state dir, ``state.db`` inside."""
    if config.daemon.state_dir:
        return Path(config.daemon.state_dir).expanduser() / "state.db"
    return default_state_dir(environ) / "state.db"


def interval_override(environ: Mapping[str, str] | None = None) -> timedelta | None:
    """The ``CALCHECK_TEST_INTERVAL_SECONDS`` override, when set."""
    value = (os.environ if environ is None else environ).get(TEST_INTERVAL_ENV, "")
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        raise ConfigError(f"{TEST_INTERVAL_ENV}={value!r}: expected a number of seconds") from None
    if seconds <= 0:
        raise ConfigError(f"{TEST_INTERVAL_ENV}={value!r}: expected a positive number of seconds")
    return timedelta(seconds=seconds)


def _imap_accounts(config: Config, state: ReadState) -> list[Account]:
    from calcheck.sources.imap import ImapSource, accounts_from_config  # noqa: PLC0415 - imapclient only when IMAP is used

    accounts: list[Account] = []
    # The accounts `calcheck audit --mail imap` reads, built the same way: an auth = "oauth2"
    # account gets the Google token of [google] token_file (`calcheck auth google --with-mail`).
    for conn in accounts_from_config(config):
        # The watchers use IDLE, or poll STATUS UIDNEXT (cheap) when idle = false or unsupported.
        source = ImapSource([conn], state)
        accounts.append(Account(f"imap:{conn.name}", source, list(source.watchers())))
    return accounts


def _sender(config: Config) -> Sender | None:
    smtp = config.smtp
    if not smtp.host:
        return None
    settings = SmtpSettings(host=smtp.host, port=smtp.port, tls=smtp.tls,
                            from_addr=smtp.from_addr or smtp.username,
                            to=smtp.to, username=smtp.username, allow_insecure=smtp.allow_insecure,
                            ca_file=smtp.ca_file)
    spec = SecretSpec(password_cmd=smtp.password_cmd or "", password_env=smtp.password_env or "")
    if smtp.username and not (spec.password_cmd or spec.password_env):
        raise ConfigError("[smtp] username is set but no password: set password_cmd or password_env")
    return SmtpSender(settings, password=lambda: resolve_secret(spec, "[smtp]"))


def build_runtime(config: Config, state: ReadState, environ: Mapping[str, str] | None = None) -> Runtime:
    """Open everything the configuration names; raises ConfigError (or SourceError, ...) when it cannot."""
    from calcheck.sources import open_source  # noqa: PLC0415

    tz = ZoneInfo(config.timezone)
    spec = config.mail.source
    if spec is None:
        raise ConfigError("[mail] source: missing; `calcheck run` needs it in the configuration file")
    if config.calendar.source is None:
        raise ConfigError("[calendar] source: missing; `calcheck run` needs it in the configuration file")
    if spec == "imap":
        accounts = _imap_accounts(config, state)
    else:
        accounts = [Account(spec, open_source(spec, config), dedupes_by_ref=spec.startswith("maildir:"))]
    calendar = calendar_from_config(config.calendar.source, config, tz)
    sender = _sender(config)
    if sender is None:
        log.warning("no [smtp] host configured: problems are recorded (see `calcheck status`) "
                    "but no alert mail is sent")
    polls = [timedelta(seconds=a.poll_seconds) for a in config.imap.values() if spec == "imap"]
    poll = min(polls) if polls else DEFAULT_POLL
    recheck = timedelta(minutes=config.daemon.recheck_minutes)
    retry = BACKOFF_BASE
    if (override := interval_override(environ)) is not None:
        poll = recheck = retry = override
    hours = config.alerts.reminder_hours
    return Runtime(tz=tz, since=timedelta(days=config.since_days), accounts=accounts, calendar=calendar,
                   sender=sender,
                   from_addr=config.smtp.from_addr or config.smtp.username or "calcheck@localhost",
                   to=config.smtp.to, language=config.alerts.language,
                   reminder=timedelta(hours=hours) if hours else None,
                   poll=poll, recheck=recheck, retry_base=retry, owner=config.owner.email or None)


__all__ = ["Account", "Runtime", "build_runtime", "interval_override", "state_path"]
