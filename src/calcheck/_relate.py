"""How clearly a calendar entry is the entry for a mail: the mail's clues, scored against an event.

Pure. The clues are read from the mail by :mod:`calcheck._clues`. The evidence, strongest first
(points, and the *tier* that decides how far away in time an entry may still be taken for this
appointment):

- the invitation's UID is the event's UID (100, tier 4);
- the sender (or, for the owner's own mail, a recipient) is among the attendees (40, tier 3);
- an attendee shares the sender's company domain, free-mail domains aside (25, tier 2);
- a company name is in both (20, tier 2). Japanese has no spaces, so names are found as
  substrings, from both sides: company names read from the mail (株式会社XX, XX株式会社, XX商事,
  「XXの田中です」, "Acme Corp", the domain's label) are looked for in the event, and the
  tokens of the event's title (which people type with spaces: 「【訪問】あおば商事 田中様」) are
  looked for in what the sender wrote;
- a person's family name (10, tier 1): the sender's, or a name the title marks with 様/さん;
- other distinctive words of the title or the subject (6 each, at most two; tier 1).

Generic words (打合せ, 訪問, 様, meeting, call, demo, システム ...) never count, and neither do the
owner's own company and name (the addressee block 「株式会社サンプルテック 森尾様」 names them).

Two kinds of counter-evidence cancel name and word matches (never a UID, address or domain):
the event lists attendees of another company and none of the mail's side; or the event's
title names a company and the mail names another one and not that one.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from calcheck._clues import (
    HONORIFIC,
    LEGAL,
    SPLIT,
    Clues,
    companies_in,
    company_name,
    distinctive,
    domain_of,
    is_cjk,
    norm,
    strip_generic,
    words_of,
)
from calcheck.model import CalendarEvent


@dataclass(frozen=True)
class Relation:
    """How ``event`` relates to a mail: points, the strongest tier reached, and why."""

    score: int
    tier: int
    reasons: tuple[str, ...] = ()


def _contains(haystack: str, needle: str) -> bool:
    if is_cjk(needle):
        return needle in haystack
    return _word_pattern(needle).search(haystack) is not None


@functools.lru_cache(maxsize=8192)
def _word_pattern(word: str) -> re.Pattern[str]:
    """``word`` standing alone among Latin letters and digits; compiled once per word."""
    return re.compile(r"(?<![a-z0-9])" + re.escape(word) + r"(?![a-z0-9])")


def _title_tokens(event: CalendarEvent) -> tuple[tuple[str, str], ...]:
    """(kind, token) for the event title's tokens: ``company``, ``person`` or ``word``."""
    return _tokens_of_title(event.summary)


@functools.lru_cache(maxsize=4096)
def _tokens_of_title(summary: str) -> tuple[tuple[str, str], ...]:
    return tuple(_iter_title_tokens(summary))


def _iter_title_tokens(summary: str) -> Iterable[tuple[str, str]]:
    for raw in SPLIT.split(norm(summary)):
        honorific = HONORIFIC.search(raw)
        token = HONORIFIC.sub("", raw) if honorific else raw
        for piece in strip_generic(token):
            if not distinctive(piece):
                continue
            if companies_in(piece) or re.search(LEGAL, piece):
                yield "company", company_name(piece) or piece
            elif honorific:
                yield "person", piece
            else:
                yield from (("word", w) for w in words_of(piece) if len(w) >= (3 if is_cjk(w) else 4))


@functools.lru_cache(maxsize=8192)
def _event_facts(summary: str, location: str, description: str,
                 attendees: tuple[str, ...]) -> tuple[frozenset[str], str, str]:
    """An event's attendee addresses, normalised text and compact text: the same for every mail,
    so worked out once per event rather than once per (mail, event) pair."""
    people = frozenset(a.lower() for a in attendees if "@" in a)
    names_only = [a for a in attendees if "@" not in a]
    text = norm(" ".join((summary, location, description, *names_only)))
    compact = _NOT_COMPACT.sub("", text)
    return people, text, compact


_NOT_COMPACT = re.compile(r"[^0-9a-z\u3040-\u30ff\u3400-\u9fff]")


def event_keys(event: CalendarEvent) -> tuple[frozenset[str], str, str, tuple[tuple[str, str], ...]]:
    """What :func:`relate` can find in ``event``: its addresses, normalised and compact text, and
    title tokens (kind, token). :class:`calcheck.matching.EventIndex` indexes events by these, so
    that ``relate`` runs only on events sharing at least one with the mail."""
    people, text, compact = _event_facts(event.summary, event.location, event.description, event.attendees)
    return people, text, compact, _title_tokens(event)


def clue_needles(clues: Clues, *, companies_only: bool = False) -> tuple[str, ...]:
    """Strings one of which an event's text or compact text must hold for names to relate it:
    a superset of what :func:`score_names` looks for (plain substrings, no word boundaries).
    ``companies_only``: those of the company names alone (a match of tier 2)."""
    found = set(clues.companies) | {c.replace(" ", "") for c in clues.companies if not is_cjk(c)}
    if not companies_only:
        found |= clues.people | clues.words
    return tuple(n for n in found if n)


@functools.lru_cache(maxsize=8192)
def _domains_of(people: frozenset[str]) -> frozenset[str]:
    return frozenset(d for p in people if (d := domain_of(p)))


_Needle = tuple[str, bool, "re.Pattern[str] | None"]


def _needle(word: str) -> _Needle:
    cjk = is_cjk(word)
    return word, cjk, None if cjk else _word_pattern(word)


def _holds(haystack: str, needle: _Needle) -> bool:
    """:func:`_contains` with the CJK test and the pattern looked up once per mail: a plain
    substring test first, which the word pattern can only narrow."""
    word, cjk, pattern = needle
    return word in haystack and (cjk or pattern is None or pattern.search(haystack) is not None)


class MailSide:
    """One mail's clues made ready to be scored against many events: sorted once, each word with
    its CJK test and pattern, the owner's domains, and a memo of the title tokens the mail holds."""

    def __init__(self, clues: Clues) -> None:
        self.clues = clues
        self.companies = [(_needle(c), None if is_cjk(c) else c.replace(" ", ""))
                          for c in sorted(clues.companies)]
        self.people = [_needle(p) for p in sorted(clues.people)]
        self.words = [_needle(w) for w in clues.words]
        self.ours_domains = frozenset(d for a in clues.ours if (d := domain_of(a)))
        self._in_mail: dict[str, bool] = {}

    def in_mail(self, token: str) -> bool:
        """Whether the mail's text holds ``token`` (a title token): the same for every event."""
        found = self._in_mail.get(token)
        if found is None:
            found = self._in_mail[token] = _contains(self.clues.text, token)
        return found


def relate(clues: Clues, event: CalendarEvent, side: MailSide | None = None) -> Relation:
    """How clearly ``event`` is the calendar entry for the mail ``clues`` came from.

    ``side`` is ``MailSide(clues)``, passed in when one mail is related to many events."""
    side = side or MailSide(clues)
    reasons: list[str] = []
    score = tier = 0
    if clues.uid and clues.uid == event.ical_uid:
        score, tier = score + 100, 4
        reasons.append("uid")
    people, text, compact = _event_facts(event.summary, event.location, event.description, event.attendees)
    domains = _domains_of(people)
    if clues.addresses & people:
        score, tier = score + 40, max(tier, 3)
        reasons.append("attendee")
    elif not domains.isdisjoint(clues.domains):
        score, tier = score + 25, max(tier, 2)
        reasons.append("attendee-domain")
    title = _title_tokens(event)
    names = score_names(clues, title, text, compact, side)
    if names.score and tier < 2 and _foreign(side, domains, names, title):
        return Relation(score, tier, (*reasons, "other-party"))
    return Relation(score + names.score, max(tier, names.tier), (*reasons, *names.reasons))


def score_names(clues: Clues, title: Sequence[tuple[str, str]], text: str, compact: str,
                side: MailSide | None = None) -> Relation:
    """The name and word part of :func:`relate`."""
    side = side or MailSide(clues)
    reasons: list[str] = []
    score = tier = 0
    company = next((c[0] for c, nospace in side.companies if _holds(text, c)
                    or (nospace is not None and nospace in compact)), None)
    if company is None:
        company = next((t for kind, t in title if kind == "company" and t not in clues.ours
                        and side.in_mail(t)), None)
    if company:
        score, tier = 20, 2
        reasons.append(f"company:{company}")
    person = next((p[0] for p in side.people if _holds(text, p)), None)
    if person is None:
        person = next((t for kind, t in title if kind == "person" and t not in clues.ours
                       and side.in_mail(t)), None)
    if person:
        score, tier = score + 10, max(tier, 1)
        reasons.append(f"person:{person}")
    words = {w[0] for w in side.words if _holds(text, w)}
    words |= {t for kind, t in title if kind == "word" and t not in clues.ours and side.in_mail(t)}
    words -= {company, person}
    if words:
        score, tier = score + 6 * min(len(words), 2), max(tier, 1)
        reasons.append("words:" + ",".join(sorted(words)[:2]))
    return Relation(score, tier, tuple(reasons))


def _foreign(side: MailSide, domains: frozenset[str], names: Relation,
             title: Sequence[tuple[str, str]]) -> bool:
    """Counter-evidence: the event belongs to another party than the mail's sender."""
    clues = side.clues
    if any(r.startswith("company:") for r in names.reasons):
        return False
    others = domains - side.ours_domains - clues.domains
    if others and clues.domains:
        return True
    if not clues.companies:
        return False
    return any(kind == "company" and t not in clues.ours for kind, t in title)
