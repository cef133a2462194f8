"""Running a pattern only where its matches can start: :class:`Gated` (see its docstring)."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Gated:
    """A pattern with a quick "gate" that every one of its matches contains near its start.

    ``gate`` (a pattern with a literal or a small class first, so the regex engine skips to it
    fast, and no look-behind) must match inside every match of ``pattern``, at most ``back``
    characters after that match's start, and ``starts`` (one character class, with the
    pattern's flags, or a character and a look-behind the match's start also meets) must match
    the first character of every match. :meth:`finditer` then
    gives exactly what ``pattern.finditer`` gives, but tries ``pattern`` only at the few
    places a match could start: characters of ``starts`` up to ``back`` characters before a
    gate hit. ``pattern.search`` itself would walk on through the whole text from a gate hit
    that opens no match (日 in 本日, 時 in 時間), trying every position: the date and time
    patterns have optional or look-behind openings, so ``re`` has no first character to skip to.
    """

    pattern: re.Pattern[str]
    gate: re.Pattern[str]
    back: int
    starts: re.Pattern[str]

    def finditer(self, text: str, gate_text: str | None = None) -> list[re.Match[str]]:
        """Every match of ``pattern`` in ``text``, as ``pattern.finditer`` finds them (a list).

        ``gate_text``, when given, is where the gate is searched instead: a copy of ``text``
        with the same offsets in which the gate matches wherever it would in ``text`` (the
        lower-cased copy, for a case-blind pattern whose gate is a lower-case word).
        """
        gate, starts, match, back = self.gate.search, self.starts.search, self.pattern.match, self.back
        gated = text if gate_text is None else gate_text
        found: list[re.Match[str]] = []
        pos = 0  # every start before pos is tried or inside the last match
        end = len(text)
        while pos <= end:
            g = gate(gated, pos)
            if g is None:
                break
            hit = g.start()
            # no match starts in [pos, hit - back): it would hold a gate hit before this one
            i = hit - back if hit - back > pos else pos  # max(), written out: it is hot
            m = None
            while m is None:
                s = starts(text, i, hit + 1)
                if s is None:
                    break
                i = s.start()
                m = match(text, i)
                i += 1
            if m is None:
                pos = hit + 1
                continue
            found.append(m)
            pos = m.end() if m.end() > m.start() else m.end() + 1
        return found
