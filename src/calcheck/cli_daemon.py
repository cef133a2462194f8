"""``calcheck run`` and ``calcheck status``: the daemon's two commands, registered by :mod:`calcheck.cli`."""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Any

from calcheck.config import load_config

log = logging.getLogger(__name__)


def add_run(sub: Any, common: argparse.ArgumentParser) -> None:
    """Register ``calcheck run``."""
    p = sub.add_parser(
        "run", parents=[common], help="run as a daemon: check new mail, re-check, send alerts",
        description="Check new mail as it arrives and upcoming appointments every recheck_minutes; "
                    "mail an alert once per problem. Runs until SIGTERM (exit 0); SIGHUP reloads the "
                    "configuration. Logs go to stderr (journald under systemd).")
    p.set_defaults(handler=cmd_run)


def cmd_run(args: argparse.Namespace) -> int:
    """Serve until stopped."""
    from calcheck.cli import setup_logging  # noqa: PLC0415 - cli imports this module
    from calcheck.daemon import Daemon, lock_state_dir  # noqa: PLC0415 - APScheduler only for `run`
    from calcheck.runtime import build_runtime, state_path  # noqa: PLC0415
    from calcheck.state import Store  # noqa: PLC0415

    if not args.verbose:
        setup_logging(1)  # a daemon's one summary line per cycle is INFO
    config = load_config(args.config)
    path = state_path(config)
    lock = lock_state_dir(path)
    try:
        with Store(path) as store:
            def build() -> Any:
                fresh = load_config(args.config)
                if state_path(fresh) != path:
                    log.warning("[daemon] state_dir changed: takes effect at the next restart")
                return build_runtime(fresh, store)

            return Daemon(store, build).run()
    finally:
        lock.close()


def add_status(sub: Any, common: argparse.ArgumentParser) -> None:
    """Register ``calcheck status``."""
    p = sub.add_parser(
        "status", parents=[common], help="show what the daemon has checked, queued and found",
        description="Per account the last successful check, the alerts waiting to be sent, and the "
                    "open problems, from the daemon's state database.")
    p.add_argument("--format", choices=("table", "json"), default="table",
                   help="table for people (default), json for programs")
    p.set_defaults(handler=cmd_status)


def cmd_status(args: argparse.Namespace) -> int:
    """Print the status; exit 1 when problems are open or alerts are waiting."""
    from calcheck.runtime import state_path  # noqa: PLC0415
    from calcheck.status import read_status, render_status_json, render_status_table  # noqa: PLC0415

    status = read_status(state_path(load_config(args.config)))
    sys.stdout.write(render_status_json(status) if args.format == "json" else render_status_table(status))
    return 1 if status["open_problems"] or status["outbox"] else 0
