"""Patterns searched over whole texts keep a first-character set, so ``re`` skips to where a match
could start instead of trying the pattern at every character.

``re`` gives a pattern that set only when it starts with a literal or a character class, or is an
alternation whose every branch starts with a literal character: one leading ``\\b`` or look-behind
in one branch silently takes it away and makes the search several times slower on Japanese text
(see ``cues.word_start``). This reads CPython's own compiler, so it is skipped where that differs.
"""

from __future__ import annotations

import re

import pytest

from calcheck.extract import cues

_parser = pytest.importorskip("re._parser")
_compiler = pytest.importorskip("re._compiler")


def _has_first_characters(pattern: re.Pattern[str]) -> bool:
    parsed = _parser.parse(pattern.pattern, pattern.flags)
    flags = parsed.state.flags
    prefix, _skip, _all = _compiler._get_literal_prefix(parsed, flags)
    return bool(prefix or _compiler._get_charset_prefix(parsed, flags))


@pytest.mark.parametrize("name", sorted(set(cues.NEAR.low) | set(cues.MAIL_WIDE.low)))
def test_lower_cased_cue_patterns_skip_to_their_first_characters(name: str) -> None:
    group = cues.NEAR if name in cues.NEAR.low else cues.MAIL_WIDE
    assert _has_first_characters(group.low[name]), name
    # and so do their loosened copies, searched alone or several at once (Lowered.absent)
    assert _has_first_characters(re.compile(cues.loosened(group.low[name].pattern))), name
