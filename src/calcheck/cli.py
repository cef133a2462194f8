"""The command line: one argparse parser, one subcommand per task, one error path.

Each subcommand is registered by an ``add_<name>(sub, common)`` function listed in
``COMMANDS`` and handled by a function ``(args) -> exit code``. Handlers raise
:class:`CalcheckError` for anything the user must fix; :func:`main` alone turns errors into
``calcheck: message`` on stderr and an exit code (0 nothing to alert, 1 something to alert,
2 usage or configuration error, 130 interrupted).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from calcheck import __version__
from calcheck._pool import default_jobs
from calcheck.audit import AuditResult, run_audit
from calcheck.calendars import calendar_from_config
from calcheck.calendars.ics import IcsFileCalendar
from calcheck.cli_daemon import add_run, add_status
from calcheck.config import (
    Config,
    calendar_spec_problem,
    default_path,
    load_config,
    mail_spec_problem,
    timezone_problem,
)
from calcheck.errors import CalcheckError, ConfigError, SourceError
from calcheck.extract import Context, explain, render
from calcheck.model import RawMail
from calcheck.output import render_json, render_table
from calcheck.reading import read_message
from calcheck.sources import open_source

log = logging.getLogger(__name__)

LOG_FORMAT = "%(levelname)s %(name)s: %(message)s"
ISO_EXAMPLE = "2026-11-20T09:00:00+09:00"

SubParsers = Any  # argparse's _SubParsersAction is private; handlers only call add_parser on it.


# ---------------------------------------------------------------------------------------------
# Shared option handling

def setup_logging(verbosity: int) -> None:
    """Log to stderr: warnings by default, info with -v, debug with -vv."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "calcheck", False)]:
        root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.calcheck = True  # type: ignore[attr-defined]  # marks ours, so main() can run twice
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbosity >= 2 else logging.INFO if verbosity == 1 else logging.WARNING)


def resolve_timezone(flag: str | None, config: Config) -> ZoneInfo:
    """``--timezone`` if given, else the config's ``timezone``; unknown names are errors."""
    name = flag or config.timezone
    if (problem := timezone_problem(name)) is not None:
        raise ConfigError(f"--timezone: {problem}" if flag else f"timezone: {problem}")
    return ZoneInfo(name)


def parse_moment(text: str, tz: tzinfo, flag: str) -> datetime:
    """An ISO 8601 date-time or date; without an offset it is read in ``tz``."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise ConfigError(f"{flag} {text!r}: not an ISO 8601 date or date-time; "
                          f"write it like {ISO_EXAMPLE} or 2026-11-20") from None
    return value if value.tzinfo is not None else value.replace(tzinfo=tz)


def load(args: argparse.Namespace) -> Config:
    """The configuration named by ``--config``, else the default file (absent is fine)."""
    return load_config(args.config)


def _config_name(config: Config) -> str:
    return str(config.path or default_path())


@dataclass(frozen=True)
class AuditSettings:
    """What one audit runs on, after flags have overridden the configuration."""

    mail: str
    calendar: str
    now: datetime
    tz: ZoneInfo
    since: datetime


def audit_settings(args: argparse.Namespace, config: Config) -> AuditSettings:
    """Merge flags over the configuration; raise ConfigError naming the flag and the key."""
    tz = resolve_timezone(args.timezone, config)
    now = parse_moment(args.now, tz, "--now") if args.now else datetime.now(tz)
    default_since = now - timedelta(days=config.since_days)
    since = parse_moment(args.since, tz, "--since") if args.since else default_since
    mail = args.mail or config.mail.source
    if mail is None:
        raise ConfigError("no mail source: give --mail maildir:PATH, mbox:PATH or imap, "
                          f"or set source in the [mail] table of {_config_name(config)}")
    if args.mail and (problem := mail_spec_problem(args.mail)):
        raise ConfigError(f"--mail: {problem}")
    calendar = args.calendar or config.calendar.source
    if calendar is None:
        raise ConfigError("no calendar: give --calendar ics:PATH, google or caldav:URL, "
                          f"or set source in the [calendar] table of {_config_name(config)}")
    if args.calendar and (problem := calendar_spec_problem(args.calendar)):
        raise ConfigError(f"--calendar: {problem}")
    return AuditSettings(mail=mail, calendar=calendar, now=now, tz=tz, since=since)


def print_result(result: AuditResult, tz: tzinfo, fmt: str, language: str = "ja") -> None:
    """Write the findings to stdout in the chosen format."""
    if fmt == "json":
        sys.stdout.write(render_json(result.findings))
    else:
        sys.stdout.write(render_table(result.findings, tz, skipped=len(result.skipped),
                                      messages=result.messages, language=language))
    sys.stdout.flush()


# ---------------------------------------------------------------------------------------------
# calcheck audit

def add_audit(sub: SubParsers, common: argparse.ArgumentParser) -> None:
    """Register ``calcheck audit``."""
    p = sub.add_parser("audit", parents=[common], help="check the mail against the calendar once",
                       description="Check every appointment the mail confirms against the calendar. "
                                   "Exit 0: nothing to alert; 1: something to alert; 2: usage or "
                                   "configuration error.")
    p.add_argument("--mail", metavar="SPEC", help="maildir:PATH, mbox:PATH or imap ([mail] source)")
    p.add_argument("--calendar", metavar="SPEC",
                   help="ics:PATH, ics:https://..., google or caldav:URL ([calendar] source)")
    add_clock_options(p)
    p.add_argument("--since", metavar="WHEN",
                   help="read mail sent from this ISO date or date-time on (default: since_days "
                        "before --now, 30 days)")
    p.add_argument("--format", choices=("table", "json"), default="table",
                   help="table for people (default), json for programs")
    p.add_argument("--jobs", type=_positive, default=0, metavar="N",
                   help="processes that read and extract a large mailbox (default: one per CPU; "
                        "a mailbox of a few hundred messages is read in one)")
    p.set_defaults(handler=cmd_audit)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


def add_clock_options(p: argparse.ArgumentParser) -> None:
    """``--now`` and ``--timezone``, shared by the commands that judge dates."""
    p.add_argument("--now", metavar="WHEN",
                   help=f"pretend it is this moment, ISO 8601 (e.g. {ISO_EXAMPLE}); "
                        "without an offset it is read in --timezone")
    p.add_argument("--timezone", metavar="TZ",
                   help="the owner's IANA time zone (default: config timezone, Asia/Tokyo)")


def cmd_audit(args: argparse.Namespace) -> int:
    """Run one audit; exit 1 when any finding needs an alert."""
    config = load(args)
    settings = audit_settings(args, config)
    source = open_source(settings.mail, config)
    calendar = calendar_from_config(settings.calendar, config, settings.tz)
    result = run_audit(source, calendar, settings.now, settings.tz, settings.since,
                       owner=config.owner.email or None, jobs=args.jobs or default_jobs())
    print_result(result, settings.tz, args.format, config.alerts.language)
    return 1 if result.alerts else 0


# ---------------------------------------------------------------------------------------------
# calcheck demo

def add_demo(sub: SubParsers, common: argparse.ArgumentParser) -> None:
    """Register ``calcheck demo``."""
    p = sub.add_parser("demo", parents=[common], help="audit the shipped demo mailbox and calendar",
                       description="Audit a small mailbox and calendar shipped with calcheck, as of "
                                   "a fixed moment. Needs no configuration.")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(handler=cmd_demo)


def cmd_demo(args: argparse.Namespace) -> int:
    """Audit the demo; exit 1, since the demo ends on a wrong-day entry."""
    from calcheck import demo  # noqa: PLC0415 - only this command needs the demo files

    tz = ZoneInfo(demo.TIMEZONE)
    with demo.calendar_file() as path:
        calendar = IcsFileCalendar(path, tz, demo.OWNER_EMAIL)
        result = run_audit(demo.DemoMailSource(), calendar, demo.NOW, tz, demo.NOW - timedelta(days=30),
                           owner=demo.OWNER_EMAIL)
    if args.format == "table":
        print(f"calcheck demo: the mail and calendar of {demo.OWNER}, "
              f"as of {demo.NOW:%Y-%m-%d %H:%M} ({demo.TIMEZONE})\n")
    print_result(result, tz, args.format)
    return 1 if result.alerts else 0


# ---------------------------------------------------------------------------------------------
# calcheck explain

def add_explain(sub: SubParsers, common: argparse.ArgumentParser) -> None:
    """Register ``calcheck explain``."""
    p = sub.add_parser("explain", parents=[common], help="show what calcheck reads in one message, and why",
                       description="Show the appointment calcheck reads in one message file (.eml), "
                                   "every date it considered and why it chose or rejected it.")
    p.add_argument("file", type=Path, metavar="FILE.eml")
    add_clock_options(p)
    p.set_defaults(handler=cmd_explain)


def cmd_explain(args: argparse.Namespace) -> int:
    """Print what extraction decided for one message, every candidate and why."""
    config = load(args)
    tz = resolve_timezone(args.timezone, config)
    now = parse_moment(args.now, tz, "--now") if args.now else datetime.now(tz)
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise SourceError(f"{args.file}: cannot read it ({exc.strerror or exc})") from exc
    mail = read_message(RawMail(ref=str(args.file), data=data))
    sender = f"{mail.sender_name} <{mail.sender_addr}>" if mail.sender_name else mail.sender_addr
    print(f"From:       {sender}")
    print(f"Date:       {mail.date.isoformat() if mail.date else '(no readable Date)'}")
    print(render(explain(mail, Context(now=now, tz=tz))).rstrip("\n"))
    return 0


def add_auth(sub: SubParsers, common: argparse.ArgumentParser) -> None:
    """Register ``calcheck auth google``."""
    p = sub.add_parser("auth", parents=[common], help="sign in to Google once (calendar; mail: --with-mail)",
                       description="Run Google's consent flow and store the credentials for the daemon.")
    p.add_argument("service", choices=("google",))
    p.add_argument("--no-browser", action="store_true",
                   help="on a server: print the URL to open elsewhere, through `ssh -L PORT:localhost:PORT`")
    p.add_argument("--port", type=int,
                   help="local port for Google's redirect (default with --no-browser: 8765)")
    p.add_argument("--with-mail", action="store_true", help="also allow Gmail IMAP (XOAUTH2)")
    p.set_defaults(handler=cmd_auth)


def cmd_auth(args: argparse.Namespace) -> int:
    """Sign in to Google with the [google] settings."""
    from calcheck.google_auth import auth_command  # noqa: PLC0415 - only this command needs oauthlib

    config = load(args)
    print(auth_command(config.google.client_secret_file, config.google.token_file, with_mail=args.with_mail,
                       no_browser=args.no_browser, port=args.port))
    return 0


# ---------------------------------------------------------------------------------------------
# The parser and the one error path

# Later commands (`auth google`, `run`, `status`) add an add_<name>(sub, common) function
# and append it here.
COMMANDS: list[Callable[[SubParsers, argparse.ArgumentParser], None]] = [add_audit, add_demo, add_explain,
                                                                         add_auth, add_run, add_status]


def build_parser() -> argparse.ArgumentParser:
    """The whole command line."""
    parser = argparse.ArgumentParser(
        prog="calcheck",
        description="Double-checks your calendar against the appointment confirmations in your mail.")
    parser.add_argument("--version", action="version", version=f"calcheck {__version__}")
    parser.add_argument("--config", type=Path, metavar="PATH",
                        help=f"configuration file (default: {default_path()})")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output (-vv: debug)")
    # The same options after the subcommand; SUPPRESS keeps the sub-parser from resetting
    # a value given before it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", type=Path, metavar="PATH", default=argparse.SUPPRESS,
                        help="configuration file")
    common.add_argument("-v", "--verbose", action="count", default=argparse.SUPPRESS,
                        help="more log output (-vv: debug)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for register in COMMANDS:
        register(sub, common)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    setup_logging(args.verbose)
    try:
        handler: Callable[[argparse.Namespace], int] = args.handler
        return handler(args)
    except CalcheckError as exc:
        print(f"calcheck: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("calcheck: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `calcheck audit | head`: the reader left; point stdout at /dev/null so the
        # interpreter's final flush does not raise again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
