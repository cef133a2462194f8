"""Regrouping a pattern's alternatives by their first character, for a faster search.

``re`` searches an alternation whose every branch starts with a literal by skipping to the
characters that could start one, and then tries every branch there in turn. Joined, the cue
lexicons have a hundred branches and many start with characters common in mail (い, で, ま,
お, c, w), so most of a search is spent trying branches that fail. Written as
``い(?:かがでしょうか|かがですか)|...`` each such place tries one branch per first character,
and the search is a third faster. The regrouped pattern matches the same strings (``ab|ac`` and
``a(?:b|c)`` are one language), which is all that telling whether any branch occurs needs
(:func:`by_first_character`); when every branch opens with a literal it also finds the same
matches, in the same places (:func:`regrouped`).
"""

from __future__ import annotations

_SPECIAL = set("\\.^$*+?{}[]()|")


def branches(source: str) -> list[str]:
    """The top-level alternatives of the pattern ``source`` (``|`` outside groups and classes)."""
    out: list[str] = []
    depth, start, i, in_class = 0, 0, 0, False
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if source[i + 1:i + 2] == "]":  # a ] first in a class is a literal
                i += 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(source[start:i])
            start = i + 1
        i += 1
    out.append(source[start:])
    return out


def _key(branch: str) -> str | None:
    """The literal character ``branch`` opens with, as written (``\\?`` too; None: it opens otherwise)."""
    if branch[:1] == "\\" and branch[1:2] in _SPECIAL and branch[2:3] not in ("*", "+", "?", "{"):
        return branch[:2]
    if branch and branch[0] not in _SPECIAL and branch[1:2] not in ("*", "+", "?", "{"):
        return branch[0]
    return None


def regrouped(source: str) -> str:
    """``source`` regrouped (see :func:`by_first_character`) when every branch opens with a
    plain literal character, else ``source`` unchanged.

    For a pattern without flags that makes no difference to any search, not only to whether it
    finds something: two branches that open with different characters cannot match at the same
    place, and those that open with the same one are tried in their order.
    """
    if any(_key(b) is None for b in branches(source)):
        return source
    return by_first_character([source])


def by_first_character(sources: list[str]) -> str:
    """The alternation of ``sources``, its branches that open with the same plain literal
    character grouped under it (a branch that opens otherwise is kept as it is)."""
    groups: dict[str, list[str]] = {}
    order: list[tuple[str | None, str]] = []
    for b in (b for s in sources for b in branches(s)):
        key = _key(b)
        if key is None:
            order.append((None, b))
        elif key in groups:
            groups[key].append(b[len(key):])
        else:
            groups[key] = [b[len(key):]]
            order.append((key, ""))
    parts = []
    for key, b in order:
        if key is None:
            parts.append(b)
        else:
            rest = groups[key]
            parts.append(key + ("(?:" + "|".join(rest) + ")" if len(rest) > 1 else rest[0]))
    return "|".join(parts)
