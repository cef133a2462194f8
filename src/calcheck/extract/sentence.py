"""The sentence a candidate stands in, and whether the rest of it calls the candidate off.

A sentence ends at 。, ! or ?, or a line break (unless the line break cuts "12月8日" off from
its "でお願いします"), and reaches at most ``REACH`` characters either side of the candidate.
"""

from __future__ import annotations

import re

from calcheck.extract import cues
from calcheck.extract.candidates import REACH, Candidate

# a literal first in every branch (not [。!?！？]|...), so re skips to where one could start
_TAIL_END = re.compile(r"。|!|\?|！|？|\.(?:\s|$)|\n\s*\n")


def called_off(c: Candidate, nowhere: frozenset[str] = frozenset()) -> str:
    """The word (中止, 延期, cancelled) by which the rest of the candidate's sentence calls it off.

    The sentence may run over a line break (mail is wrapped), not over a blank line. A date
    followed by に/へ/to 延期 or 変更 is where the meeting moves to, not the one called off.
    """
    text, low = c.segment.folded, c.segment.low
    if cues.MOVED_TO.match(text, c.span[1]):
        return ""
    if "CANT_ATTEND_BEFORE" not in nowhere:
        a, b = max(0, c.span[0] - REACH), c.span[0]
        head = text[a:b]
        stop = max((m.end() for m in _TAIL_END.finditer(head)), default=0)
        before = cues.NEAR.found("CANT_ATTEND_BEFORE", head, None if low is None else low[a:b], stop)
        if before:
            return before
    if "CALLED_OFF" in nowhere:
        return ""
    tail = text[c.span[1]:c.span[1] + REACH]
    end = _TAIL_END.search(tail)
    a, b = c.span[1], c.span[1] + (end.start() if end else len(tail))
    return cues.NEAR.found("CALLED_OFF", text[a:b], None if low is None else low[a:b]) or ""


_SENTENCE_END = "。\n!?！？"


def sentence_span(c: Candidate) -> tuple[int, int]:
    """Where the sentence the candidate stands in lies (ends at 。, a line break or ?; at most
    ``REACH`` out)."""
    text = c.segment.folded
    lo = max(0, c.span[0] - REACH)
    start = max(text.rfind(ch, lo, c.span[0]) for ch in _SENTENCE_END) + 1
    start = max(start, lo)
    hi = min(len(text), c.span[1] + REACH)
    ends = [i for i in (text.find(ch, c.span[1], hi) for ch in _SENTENCE_END) if i >= 0]
    end = min(ends) + 1 if ends else hi
    # "12月8日\nでお願いします": a sentence that the line break cut off carries on
    if end < len(text) and text[end - 1] == "\n" and not text[c.span[1]:end - 1].strip():
        nxt = [i for i in (text.find(ch, end, hi) for ch in "。\n?？") if i >= 0]
        end = min(nxt) + 1 if nxt else hi
    return start, end
