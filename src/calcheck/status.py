"""``calcheck status``: what the daemon's state database says, for people or programs."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from calcheck.errors import CalcheckError
from calcheck.state import Store


def read_status(path: Path) -> dict[str, Any]:
    """The store's snapshot plus where it lives; CalcheckError when there is no state yet."""
    if not path.is_file():
        raise CalcheckError(f"no state at {path}: `calcheck run` has not run with this configuration yet "
                            "(or [daemon] state_dir points elsewhere)")
    with Store(path) as store:
        snap = store.snapshot()
    return {"state": str(path), **snap}


def _short(iso: str | None) -> str:
    if not iso:
        return "-"
    try:
        return datetime.fromisoformat(iso).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso


def render_status_json(status: dict[str, Any]) -> str:
    """The status as JSON (one object; see :meth:`calcheck.state.Store.snapshot`)."""
    return json.dumps(status, ensure_ascii=False, indent=1) + "\n"


def render_status_table(status: dict[str, Any]) -> str:
    """The status as a few small tables."""
    lines = [f"state: {status['state']} ({status['messages']} messages read)", "", "accounts:"]
    if not status["accounts"]:
        lines.append("  (none checked yet)")
    for acc in status["accounts"]:
        line = f"  {acc['name']}  last successful check {_short(acc['last_success'])}"
        if acc["last_error"] and (acc["last_success"] or "") < (acc["last_error_at"] or ""):
            line += f"  — failing since {_short(acc['last_error_at'])}: {acc['last_error']}"
        lines.append(line)
    lines += ["", f"pending alerts (outbox): {len(status['outbox'])}"]
    for item in status["outbox"]:
        error = f"  last error: {item['last_error']}" if item["last_error"] else ""
        lines.append(f"  #{item['id']} {item['kind']} queued {_short(item['created_at'])}, "
                     f"{item['attempts']} attempts  {item['subject']}{error}")
    lines += ["", f"open problems: {len(status['open_problems'])}"]
    for p in status["open_problems"]:
        cal = f" — calendar {_short(p['event_start'])}" if p["event_start"] else ""
        sent = f"alerted {_short(p['alert_sent_at'])}" if p["alert_sent_at"] else "alert not sent yet"
        lines.append(f"  #{p['id']} {p['status']:<8} {_short(p['appointment_start'])}{cal}  "
                     f"{p['subject']}  ({sent})")
    return "\n".join(lines) + "\n"
