"""Telling the new text of a reply apart from the earlier mail it quotes.

A line-by-line scan, pure and cheap (only lines that could start a quote header reach a regex):

* ``>`` and ``＞`` lines are quoted wherever they stand (inline replies keep their new lines);
* a *quote header* starts the quoted earlier mail. Headers are the separators
  (``-----Original Message-----``, ``----- 元のメッセージ -----``, ``-------- Forwarded message --------``,
  ``転送メッセージ``, ``Begin forwarded message:``, an Outlook ``_____`` rule before a ``From:`` block),
  Outlook's header block without a separator (``From:``/``差出人:`` followed within a few lines by
  ``Sent:``/``送信日時:``/``Date:``), and attribution lines: ``On … wrote:`` and Japanese
  ``2026年11月18日(水) 10:12 山田 <x@y>:`` — each possibly wrapped onto a second line by the sender's
  mailer, which is why two lines are joined before matching.
* After a header, everything is quoted, unless the header is directly followed by ``>`` lines: then
  the earlier mail is the ``>`` block and unprefixed lines after it are new (bottom posting).

The header line itself goes to the quoted text (it carries the earlier message's date), never to the
new text.
"""

from __future__ import annotations

import re

__all__ = ["split_quoted"]

_QUOTE_MARKS = (">", "＞")
_SEPARATOR = re.compile(
    r"^[-=_－ー―─＝＿*\s]{2,}\s*(?:original message|元のメッセージ|オリジナル\s*メッセージ|forwarded message|"
    r"転送メッセージ|転送されたメッセージ|転送元のメッセージ)",
    re.IGNORECASE,
)
_FORWARD_LINE = re.compile(
    r"^(?:begin forwarded message|転送されたメッセージ|転送メッセージ)\s*[:：]", re.IGNORECASE
)
_RULE = re.compile(r"^[_＿]{8,}$")
_FROM = re.compile(r"^(?:\*?From\*?|差出人|送信者|送信元)\s*[:：]", re.IGNORECASE)
_SENT = re.compile(r"^(?:\*?(?:Sent|Date)\*?|送信日時|送信日|日時|日付)\s*[:：]", re.IGNORECASE)
_ON_WROTE = re.compile(r"^On\s.*\d.*\bwrote\s*[:：]$", re.IGNORECASE | re.DOTALL)
_JP_DATE = re.compile(r"(?:\d{4}|\d{2})\s*[年/.\-]\s*\d{1,2}\s*[月/.\-]\s*\d{1,2}")
_ATTRIBUTION_END = re.compile(r"(?:wrote|書きました|のメッセージ|のメール|さん|様)?\s*[:：]$")
_WROTE_END = re.compile(r"(?:wrote|書きました|書き込みました|のメッセージ|のメール)\s*[:：]$", re.IGNORECASE)
_CANDIDATE_START = ("-", "=", "_", "－", "ー", "―", "─", "＝", "＿", "*", "From", "from", "FROM",
                    "差出人", "送信者", "送信元", "Begin", "転送")
_QUOTE_FIRST = frozenset("-=_－ー―─＝＿*FfBO差送転o")
"""First characters of every header that does not end in ':' or '<' (see _CANDIDATE_START)."""
_QUOTE_LAST = frozenset(":：<@")
# How far below From: the Sent:/Date: line may be in an Outlook header block.
_HEADER_BLOCK_SPAN = 5


def _is_quote(line: str) -> bool:
    return line.lstrip().startswith(_QUOTE_MARKS)


def _next_text(lines: list[str], start: int) -> int:
    """Index of the first non-blank line at or after ``start`` (``len(lines)`` when none)."""
    for i in range(start, len(lines)):
        if lines[i].strip():
            return i
    return len(lines)


def _header_at(lines: list[str], i: int) -> int:  # noqa: PLR0911, PLR0912 - one rule per header kind
    """How many lines the quote header starting at ``lines[i]`` spans; 0 when there is none."""
    s = lines[i].strip()
    last = s[-1]
    if s.startswith(_CANDIDATE_START):
        if _SEPARATOR.match(s) or _FORWARD_LINE.match(s):
            return 1
        if _RULE.match(s):
            j = _next_text(lines, i + 1)
            return 1 if j < len(lines) and j - i <= 2 and _FROM.match(lines[j].strip()) else 0
        if _FROM.match(s):
            for j in range(i + 1, min(i + _HEADER_BLOCK_SPAN, len(lines))):
                if _SENT.match(lines[j].strip()):
                    return 1
            return 0
    if last not in ":：" and not (last in "<@" or s[0].isdigit() or s.startswith(("On ", "on "))):
        return 0
    for span in (1, 2):
        if span == 2:
            if i + 1 >= len(lines) or last in ":：":
                return 0
            s = s + " " + lines[i + 1].strip()
        if not s.endswith((":", "：")):
            continue
        if s.startswith(("On ", "on ")) and _ON_WROTE.match(s):
            return span
        if "@" in s and _JP_DATE.search(s) and _ATTRIBUTION_END.search(s):
            return span
        if _WROTE_END.search(s):
            # "Name <x@y> wrote:" with no date: only a header when quoted lines follow it.
            j = _next_text(lines, i + span)
            return span if j < len(lines) and _is_quote(lines[j]) else 0
    return 0


def split_quoted(text: str) -> tuple[str, str]:
    """Split body text into (what this message says, the quoted earlier mail).

    Quote headers stay with the quoted text. Both parts keep their original lines in order.
    """
    lines = text.split("\n")
    new: list[str] = []
    quoted: list[str] = []
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        stripped = line.strip()
        if not stripped:
            new.append(line)
            i += 1
            continue
        if stripped.startswith(_QUOTE_MARKS):
            quoted.append(line)
            i += 1
            continue
        first, last = stripped[0], stripped[-1]
        # A line that cannot start any header spares the regexes (most lines of most mail).
        maybe_header = first in _QUOTE_FIRST or first.isdigit() or last in _QUOTE_LAST
        span = _header_at(lines, i) if maybe_header else 0
        if not span:
            new.append(line)
            i += 1
            continue
        quoted.extend(lines[i:i + span])
        j = _next_text(lines, i + span)
        if j < n and _is_quote(lines[j]):
            quoted.extend(lines[i + span:j])
            i = j
            continue
        quoted.extend(lines[i + span:])
        break
    return "\n".join(new).strip("\n"), "\n".join(quoted).strip("\n")
