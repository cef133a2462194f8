"""The command line. FIRST VERSION: `audit` only; config, demo and explain come next."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from calcheck.audit import run_audit
from calcheck.calendars.ics import IcsFileCalendar
from calcheck.errors import CalcheckError, ConfigError
from calcheck.sources.local import MaildirSource, MboxSource


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="calcheck")
    sub = parser.add_subparsers(dest="command", required=True)
    audit = sub.add_parser("audit", help="audit mail against the calendar once")
    audit.add_argument("--mail", required=True)
    audit.add_argument("--calendar", required=True)
    audit.add_argument("--now")
    audit.add_argument("--timezone", default="Asia/Tokyo")
    audit.add_argument("--format", choices=("table", "json"), default="table")
    return parser


def _audit(args: argparse.Namespace) -> int:
    tz = ZoneInfo(args.timezone)
    now = datetime.fromisoformat(args.now) if args.now else datetime.now(tz)
    kind, _, path = args.mail.partition(":")
    source = MaildirSource(Path(path)) if kind == "maildir" else MboxSource(Path(path))
    ckind, _, cpath = args.calendar.partition(":")
    if ckind != "ics":
        raise ConfigError(f"--calendar {args.calendar}: unknown calendar")
    calendar = IcsFileCalendar(Path(cpath), tz)
    result = run_audit(source, calendar, now, tz, now - timedelta(days=30))
    if args.format == "json":
        json.dump({"findings": [f.to_json() for f in result.findings]}, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        for f in result.findings:
            print(f.status, f.appointment.start, f.event and f.event.start, f.mail.subject)
    return 1 if result.alerts else 0


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = _parser().parse_args(argv)
    try:
        return _audit(args)
    except CalcheckError as exc:
        print(f"calcheck: {exc}", file=sys.stderr)
        return exc.exit_code
