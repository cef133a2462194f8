"""The configuration file: TOML in, frozen dataclasses out, every problem reported at once.

The dataclasses below *are* the schema: each field's type annotation says what the TOML value
must be (``str``, ``int``, ``bool``, ``tuple[str, ...]`` for a list of strings, ``X | None`` for
an optional value) and ``choices`` in its metadata lists the allowed words. The loader walks the
fields, so a key added to a dataclass is accepted, type-checked and defaulted with no other
change (document it in ``config.example.toml``, whose loading is tested).

Problems are collected rather than raised one by one, so a user fixes the file in one go; each
names the file, the table and the key (``config.toml: [imap.work] port: expected an integer,
got "abc"``). Unknown keys are errors: a misspelt key silently ignored is a setting silently lost.

Secrets never sit here: a ``password`` key is refused with a pointer to ``password_cmd`` /
``password_env``. Never log a :class:`Config` whole.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import logging
import os
import tomllib
import types
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from calcheck.errors import ConfigError

log = logging.getLogger(__name__)

EXAMPLE = "config.example.toml"
TLS_MAIL = ("imaps", "starttls", "plain")
TLS_SMTP = ("starttls", "smtps", "plain")


def _choices(*words: str) -> dict[str, tuple[str, ...]]:
    return {"choices": words}


@dataclass(frozen=True)
class OwnerConfig:
    """The calendar's owner: spots the owner's own replies and declined events."""

    email: str = ""
    name: str = ""


@dataclass(frozen=True)
class MailConfig:
    source: str | None = None
    """``imap``, ``maildir:PATH`` or ``mbox:PATH``."""
    max_message_bytes: int = 10 * 1024 * 1024


@dataclass(frozen=True)
class ImapAccount:
    """One ``[imap.NAME]`` table."""

    name: str = field(default="", metadata={"internal": True})
    """The NAME of ``[imap.NAME]``."""
    host: str = ""
    port: int = 0
    """0 in the file means "the usual port for ``tls``" (993 or 143); filled in on load."""
    tls: str = field(default="imaps", metadata=_choices(*TLS_MAIL))
    allow_insecure: bool = False
    ca_file: str | None = None
    username: str = ""
    password_cmd: str | None = None
    password_env: str | None = None
    auth: str = field(default="password", metadata=_choices("password", "oauth2"))
    folders: tuple[str, ...] = ("INBOX",)
    idle: bool = True
    poll_seconds: int = 300


@dataclass(frozen=True)
class CalendarConfig:
    source: str | None = None
    """``ics:PATH``, ``ics:https://...``, ``google`` or ``caldav:URL``."""


@dataclass(frozen=True)
class GoogleConfig:
    client_secret_file: str | None = None
    calendars: tuple[str, ...] = ("primary",)
    token_file: str | None = None
    """None: ``$XDG_DATA_HOME/calcheck/google-token.json``."""


@dataclass(frozen=True)
class CaldavConfig:
    username: str = ""
    password_cmd: str | None = None
    password_env: str | None = None
    calendars: tuple[str, ...] = ()
    """Calendar names to read; empty means all of them."""
    ca_file: str | None = None
    allow_insecure: bool = False
    """Allow a ``caldav:http://`` address (the password then travels unencrypted)."""


@dataclass(frozen=True)
class SmtpConfig:
    host: str = ""
    port: int = 0
    """0 means "the usual port for ``tls``" (587, 465 or 25); filled in on load."""
    tls: str = field(default="starttls", metadata=_choices(*TLS_SMTP))
    allow_insecure: bool = False
    ca_file: str | None = None
    username: str = ""
    password_cmd: str | None = None
    password_env: str | None = None
    from_addr: str = field(default="", metadata={"key": "from"})
    to: tuple[str, ...] = ()


@dataclass(frozen=True)
class AlertsConfig:
    language: str = field(default="ja", metadata=_choices("ja", "en"))
    reminder_hours: int = 0
    """Hours before an alerted appointment to remind again; 0 means no reminder."""


@dataclass(frozen=True)
class DaemonConfig:
    recheck_minutes: int = 30
    state_dir: str = ""
    """"" means ``$XDG_STATE_HOME/calcheck``."""


@dataclass(frozen=True)
class Config:
    """The whole configuration; every table present with its defaults when the file omits it."""

    timezone: str = "Asia/Tokyo"
    since_days: int = 30
    owner: OwnerConfig = OwnerConfig()
    mail: MailConfig = MailConfig()
    imap: Mapping[str, ImapAccount] = field(default_factory=lambda: types.MappingProxyType({}))
    calendar: CalendarConfig = CalendarConfig()
    google: GoogleConfig = GoogleConfig()
    caldav: CaldavConfig = CaldavConfig()
    smtp: SmtpConfig = SmtpConfig()
    alerts: AlertsConfig = AlertsConfig()
    daemon: DaemonConfig = DaemonConfig()
    path: Path | None = field(default=None, metadata={"internal": True})
    """The file this was read from; None when no file was read."""


# ---------------------------------------------------------------------------------------------
# Checks shared with the command line

def mail_spec_problem(spec: str) -> str | None:
    """What is wrong with a mail source spec, or None when it is well formed."""
    kind, colon, rest = spec.partition(":")
    if kind == "imap" and not colon:
        return None
    if kind in ("maildir", "mbox") and rest:
        return None
    return f'expected "imap", "maildir:PATH" or "mbox:PATH", got {_show(spec)}'


def calendar_spec_problem(spec: str) -> str | None:
    """What is wrong with a calendar spec, or None when it is well formed."""
    kind, colon, rest = spec.partition(":")
    if kind == "google" and not colon:
        return None
    if kind == "ics" and rest:
        return None
    if kind == "caldav" and rest.startswith(("https://", "http://")):
        return None
    return f'expected "ics:PATH", "ics:https://...", "google" or "caldav:URL", got {_show(spec)}'


def timezone_problem(name: str) -> str | None:
    """What is wrong with an IANA time zone name, or None."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return f"unknown time zone {_show(name)}; use an IANA name such as Asia/Tokyo or Europe/Berlin"
    return None


def default_path(env: Mapping[str, str] | None = None) -> Path:
    """``$XDG_CONFIG_HOME/calcheck/config.toml``, ``~/.config/calcheck/config.toml`` without it."""
    env = os.environ if env is None else env
    base = env.get("XDG_CONFIG_HOME") or str(Path("~/.config").expanduser())
    return Path(base) / "calcheck" / "config.toml"


# ---------------------------------------------------------------------------------------------
# Loading

def load_config(path: Path | None = None, env: Mapping[str, str] | None = None) -> Config:
    """Read the configuration from ``path``, or the default file when ``path`` is None.

    A missing default file gives the defaults; a missing explicit file is an error.
    Raises :class:`ConfigError` listing every problem found.
    """
    explicit = path is not None
    file = path if path is not None else default_path(env)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        if explicit:
            raise ConfigError(f"--config {file}: no such file") from None
        log.debug("no configuration file at %s; using the defaults", file)
        return Config()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{file}: cannot read the configuration ({exc})") from exc
    log.debug("reading the configuration from %s", file)
    return parse_config(text, file)


def parse_config(text: str, path: Path | str = "config.toml") -> Config:
    """Parse configuration text; ``path`` names the file in problems."""
    name = str(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{name}: not valid TOML: {exc}") from exc
    problems: list[str] = []
    config = _build(data, name, problems)
    if problems:
        if len(problems) == 1:
            raise ConfigError(problems[0])
        listing = "\n  ".join(problems)
        raise ConfigError(f"{name} has {len(problems)} problems:\n  {listing}")
    return dataclasses.replace(config, path=Path(path))


def _build(data: dict[str, Any], name: str, problems: list[str]) -> Config:
    def problem(where: str, what: str) -> None:
        problems.append(f"{name}: {where}{what}")

    values: dict[str, Any] = _read_table(Config, data, "", problem, handled=set(_SECTIONS) | {"imap"})
    for section, cls in _SECTIONS.items():
        raw = data.get(section, {})
        if not isinstance(raw, dict):
            problem("", f"{section}: expected a table [{section}], got {_show(raw)}")
            continue
        values[section] = cls(**_read_table(cls, raw, f"[{section}] ", problem))
    values["imap"] = types.MappingProxyType(_imap_accounts(data.get("imap", {}), problem))
    smtp: SmtpConfig = values.get("smtp", SmtpConfig())
    if not smtp.port:
        values["smtp"] = dataclasses.replace(smtp, port={"smtps": 465, "plain": 25}.get(smtp.tls, 587))
    config = Config(**values)
    _cross_checks(config, problem)
    return config


_SECTIONS: dict[str, type] = {
    "owner": OwnerConfig, "mail": MailConfig, "calendar": CalendarConfig, "google": GoogleConfig,
    "caldav": CaldavConfig, "smtp": SmtpConfig, "alerts": AlertsConfig, "daemon": DaemonConfig,
}


def _cross_checks(config: Config, problem: Any) -> None:
    """Checks on values beyond their type: ranges, specs, keys that need each other."""
    if (bad := timezone_problem(config.timezone)) is not None:
        problem("", f"timezone: {bad}")
    for where, key, value, low in (
        ("", "since_days", config.since_days, 1),
        ("[mail] ", "max_message_bytes", config.mail.max_message_bytes, 1),
        ("[alerts] ", "reminder_hours", config.alerts.reminder_hours, 0),
        ("[daemon] ", "recheck_minutes", config.daemon.recheck_minutes, 1),
        *((f"[imap.{a.name}] ", "poll_seconds", a.poll_seconds, 1) for a in config.imap.values()),
    ):
        if value < low:
            problem(where, f"{key}: expected an integer of at least {low}, got {value}")
    if config.mail.source is not None:
        if (bad := mail_spec_problem(config.mail.source)) is not None:
            problem("[mail] ", f"source: {bad}")
        elif config.mail.source == "imap" and not config.imap:
            problem("[mail] ", 'source: "imap" needs at least one [imap.NAME] table with the account')
    if config.calendar.source is not None and (bad := calendar_spec_problem(config.calendar.source)):
        problem("[calendar] ", f"source: {bad}")
    _check_servers(config, problem)


def _check_servers(config: Config, problem: Any) -> None:
    servers: list[tuple[str, ImapAccount | SmtpConfig]] = [
        (f"[imap.{a.name}] ", a) for a in config.imap.values()]
    if config.smtp.host or config.smtp.to:
        servers.append(("[smtp] ", config.smtp))
        if not config.smtp.to:
            problem("[smtp] ", "to: missing; the addresses the alerts go to")
    for where, server in servers:
        if not server.host:
            problem(where, "host: missing; the server's name")
        if not 0 <= server.port <= 65535:
            problem(where, f"port: expected a port number from 1 to 65535, got {server.port}")
        if server.tls == "plain" and not server.allow_insecure:
            problem(where, 'tls: "plain" sends the password unencrypted; '
                           "set allow_insecure = true if you really mean it")
    holders: list[tuple[str, ImapAccount | SmtpConfig | CaldavConfig]] = [
        *servers, ("[caldav] ", config.caldav)]
    for where, holder in holders:
        if holder.password_cmd and holder.password_env:
            problem(where, "password_cmd and password_env are both set; keep one")


def _imap_accounts(raw: Any, problem: Any) -> dict[str, ImapAccount]:
    if not isinstance(raw, dict):
        problem("", f"imap: expected tables [imap.NAME], one per account, got {_show(raw)}")
        return {}
    accounts: dict[str, ImapAccount] = {}
    for account, table in raw.items():
        if not isinstance(table, dict):
            problem("", f"imap.{account}: expected a table [imap.{account}] (one per account, "
                        f"e.g. [imap.work] host = ...), got {_show(table)}")
            continue
        values = _read_table(ImapAccount, table, f"[imap.{account}] ", problem)
        if not values.get("port"):
            values["port"] = 993 if values.get("tls", "imaps") == "imaps" else 143
        accounts[account] = ImapAccount(**values, name=account)
    return accounts


def _read_table(cls: type, raw: dict[str, Any], where: str, problem: Any,
                handled: set[str] | frozenset[str] = frozenset()) -> dict[str, Any]:
    """The constructor arguments of ``cls`` found in ``raw``; problems reported, bad keys dropped.

    Keys in ``handled`` are read by the caller and ignored here.
    """
    hints = get_type_hints(cls)
    by_key = {f.metadata.get("key", f.name): f for f in dataclasses.fields(cls)
              if f.name not in handled and not f.metadata.get("internal")}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key in handled:
            continue
        f = by_key.get(key)
        if f is None:
            if key == "password":
                problem(where, "password: a password must not be written in the configuration file; "
                               "use password_cmd (a command that prints it) or password_env "
                               "(the name of an environment variable holding it)")
                continue
            near = difflib.get_close_matches(key, list(by_key) + sorted(handled), n=1)
            hint = f" (did you mean {near[0]}?)" if near else ""
            if where:
                what = f"unknown key {where.strip()} {key}"
            else:
                what = f"unknown table [{key}]" if isinstance(value, dict) else f"unknown top-level key {key}"
            problem("", f"{what}{hint}; see {EXAMPLE} for the keys")
            continue
        checked = _check_value(hints[f.name], value)
        if isinstance(checked, _Bad):
            problem(where, f"{key}: {checked.message}")
            continue
        choices = f.metadata.get("choices")
        if choices and checked not in choices:
            allowed = ", ".join(f'"{c}"' for c in choices)
            problem(where, f"{key}: expected one of {allowed}, got {_show(value)}")
            continue
        values[f.name] = checked
    return values


@dataclass(frozen=True)
class _Bad:
    message: str


def _check_value(hint: Any, value: Any) -> Any:
    """``value`` converted to the annotated type, or a :class:`_Bad` saying what was expected."""
    if get_origin(hint) in (Union, types.UnionType):
        hint = next(a for a in get_args(hint) if a is not type(None))
    if get_origin(hint) is tuple:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return _Bad(f"expected a list of strings, got {_show(value)}")
        return tuple(value)
    expected = _SIMPLE.get(hint)
    if expected is None:
        raise TypeError(f"config schema: unsupported type {hint!r}")  # a bug in this module
    # bool is an int subclass in Python, but `port = true` is a mistake, not 1.
    if not isinstance(value, hint) or (hint is int and isinstance(value, bool)):
        return _Bad(f"expected {expected}, got {_show(value)}")
    return value


_SIMPLE: dict[Any, str] = {bool: "true or false", int: "an integer", str: "a string"}


def _show(value: Any) -> str:
    """A value as the user wrote it in TOML, for problem messages."""
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)
