"""Rendering audit results: JSON for programs, an aligned table for people.

Column alignment counts display cells, not characters: East Asian wide and full-width
characters (漢字, かな, 全角 digits) take two cells in a terminal, so padding by ``len()``
would push every Japanese row out of line.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import datetime, tzinfo

from calcheck.model import Finding, Status

WEEKDAYS = {"ja": "月火水木金土日", "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")}
NO_EVENT = "—"
SUBJECT_WIDTH = 40
WHO_WIDTH = 24
# Rows needing action come last, beside the summary; a wrong entry the owner trusts is the
# worst case (a missing one is more likely noticed), so mismatches close the table.
_ORDER = {Status.OK: 0, Status.MISSING: 1, Status.MISMATCH: 2}


def by_start(findings: Iterable[Finding]) -> list[Finding]:
    """Findings in a stable order: by appointment start, then Message-ID."""
    return sorted(findings, key=lambda f: (f.appointment.start.timestamp(), f.mail.message_id))


def render_json(findings: Iterable[Finding]) -> str:
    """The audit's JSON contract: ``{"findings": [...]}`` sorted by appointment start."""
    payload = {"findings": [f.to_json() for f in by_start(findings)]}
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def width(text: str) -> int:
    """How many terminal cells ``text`` takes."""
    cells = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        cells += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return cells


def truncate(text: str, cells: int) -> str:
    """``text`` cut to at most ``cells`` cells, with "…" when something was cut."""
    text = " ".join(text.split())  # folded headers and tabs would break the row
    if width(text) <= cells:
        return text
    out: list[str] = []
    used = 0
    for ch in text:
        w = width(ch)
        if used + w > cells - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def pad(text: str, cells: int) -> str:
    """``text`` followed by spaces up to ``cells`` cells."""
    return text + " " * max(0, cells - width(text))


def when(moment: datetime | None, tz: tzinfo, language: str = "ja") -> str:
    """A start as people read it in a table: ``11/25(水) 14:00`` in ``tz``."""
    if moment is None:
        return NO_EVENT
    local = moment.astimezone(tz)
    day = WEEKDAYS.get(language, WEEKDAYS["ja"])[local.weekday()]
    return f"{local.month}/{local.day}({day}) {local:%H:%M}"


def who(finding: Finding) -> str:
    """The sender as a person recognises them: display name, else the address."""
    mail = finding.mail
    return mail.sender_name.strip() or mail.sender_addr or "?"


def table_rows(findings: Iterable[Finding], tz: tzinfo, language: str = "ja") -> list[list[str]]:
    """One row of cells per finding, ok first and alerts last (see ``_ORDER``)."""
    ordered = sorted(by_start(findings), key=lambda f: _ORDER.get(f.status, 3))
    rows = []
    for f in ordered:
        event_start = None if f.event is None else f.event.start
        rows.append([
            str(f.status),
            when(f.appointment.start, tz, language),
            when(event_start, tz, language),
            ",".join(f.differences),
            truncate(who(f), WHO_WIDTH),
            truncate(f.mail.subject, SUBJECT_WIDTH),
        ])
    return rows


HEADER = ["STATUS", "MAIL SAYS", "CALENDAR", "DIFF", "WHO", "SUBJECT"]


def align(rows: Sequence[Sequence[str]]) -> list[str]:
    """Rows of cells as lines with every column padded to its widest cell."""
    if not rows:
        return []
    widths = [max(width(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]


def summary(findings: Sequence[Finding], skipped: int = 0, messages: int | None = None) -> str:
    """``3 ok, 1 mismatch, 1 missing; 2 messages skipped``."""
    counts = {s: sum(1 for f in findings if f.status is s) for s in Status}
    line = ", ".join(f"{counts[s]} {s}" for s in (Status.OK, Status.MISMATCH, Status.MISSING))
    if messages is not None:
        line = f"{line} ({messages} message{'s' if messages != 1 else ''} read)"
    if skipped:
        line += f"; {skipped} message{'s' if skipped != 1 else ''} skipped"
    return line


def render_table(findings: Sequence[Finding], tz: tzinfo, *, skipped: int = 0,
                 messages: int | None = None, language: str = "ja") -> str:
    """The findings as an aligned table followed by the summary line."""
    rows = table_rows(findings, tz, language)
    lines = align([HEADER, *rows]) if rows else []
    lines.append(summary(findings, skipped, messages))
    return "\n".join(lines) + "\n"
