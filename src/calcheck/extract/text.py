"""Preparing text for the date and time patterns, keeping every offset.

Full-width digits, colons, parentheses and dashes are folded to ASCII with a one-to-one
character table built from NFKC, so a match in the folded text has the same offsets in the
original and the evidence can be quoted exactly as the sender wrote it. Characters whose
NFKC form is longer or carries meaning (①, 〜) are left alone. Over-long lines are blanked
after their first ``MAX_LINE`` characters and whole segments cut at ``MAX_SEGMENT``, which
bounds the work any input can cause.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from calcheck.extract.cues import lower_case, lowered
from calcheck.extract.once import once

MAX_SEGMENT = 64_000
MAX_LINE = 1_000


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0xFF01, 0xFF5F):
        folded = unicodedata.normalize("NFKC", chr(cp))
        if len(folded) == 1:
            table[cp] = folded
    table[0x3000] = " "  # ideographic space
    for cp in (0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFF0D, 0x30FC):
        table[cp] = "-"
    table[0x30FC] = "ー"  # the long-vowel mark is a letter, not a dash
    table[0xFF5E] = "~"
    table[0x00A0] = " "
    return table


@lru_cache(maxsize=1)
def _foldable() -> re.Pattern[str]:
    # runs of the characters the table changes: replacing only them is several times faster
    # than str.translate over a whole Japanese text, which looks every character up in the table
    changed = sorted(cp for cp, to in _table().items() if chr(cp) != to)
    one = "[" + "".join(re.escape(chr(cp)) for cp in changed) + "]"
    return re.compile(one + one + "*")  # not one + "+": a class first lets re skip to it


def fold(text: str) -> str:
    """Full-width to ASCII, one character for one character."""
    if text.isascii():
        return text
    # each character the text holds replaced throughout: no Python call per run (as sub(func)
    # makes); no character is replaced by one the table changes, so the order does not matter
    table = _table()
    for ch in set("".join(_foldable().findall(text))):
        text = text.replace(ch, table[ord(ch)])
    return text


def _cap(text: str) -> str:
    text = text[:MAX_SEGMENT]
    if len(text) <= MAX_LINE:
        return text
    lines = text.split("\n")
    if max(map(len, lines)) <= MAX_LINE:
        return text
    # blank rather than cut, so offsets into the text stay valid
    return "\n".join(ln if len(ln) <= MAX_LINE else ln[:MAX_LINE] + " " * (len(ln) - MAX_LINE)
                     for ln in lines)


# A digit, or a word that names a day or an hour. Two patterns: a digit alone is found fast.
_DIGIT = re.compile(r"\d")
_WORTH_READING = re.compile(
    r"本日|今日|明日|明後日|あす|あさって|曜|正午|today|tomorrow|tonight|noon"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday",
    re.I,
)
_WORTH_READING_LOW = lower_case(_WORTH_READING)  # several times faster than re.I (cues.lowered)


def _worth_reading(text: str) -> bool:
    low = lowered(text)
    return (_WORTH_READING.search(text) if low is None else _WORTH_READING_LOW.search(low)) is not None


# Not frozen: a frozen dataclass sets each field through object.__setattr__, so that making one
# costs four times as much, and extraction makes tens of thousands. Nothing changes one once made.
@dataclass
class Segment:
    """One stretch of the message: its original text and the folded copy patterns run on."""

    where: str
    """``new``, ``quoted`` or ``subject``."""
    original: str
    folded: str

    @once
    def low(self) -> str | None:
        """The folded text lower-cased, offsets kept (None: see :func:`calcheck.extract.cues.lowered`)."""
        return lowered(self.folded)

    def source(self, start: int, end: int) -> str:
        """The original text of a span of the folded copy."""
        return self.original[start:end]

    def line_bounds(self, pos: int) -> tuple[int, int]:
        """Start and end offsets of the line holding ``pos``."""
        start = self.folded.rfind("\n", 0, pos) + 1
        end = self.folded.find("\n", pos)
        return start, (len(self.folded) if end < 0 else end)


def segment(where: str, text: str) -> Segment | None:
    """A segment ready for matching, or None when it cannot hold a date."""
    if not text:
        return None
    original = _cap(text.replace("\r\n", "\n").replace("\r", "\n"))
    folded = fold(original)
    if not (_DIGIT.search(folded) or _worth_reading(folded)):
        return None
    return Segment(where=where, original=original, folded=folded)
