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

What an event offers (its addresses, domains, normalised and compact text, title tokens) is the
same for every mail: :func:`event_facts` works it out once per event, and :class:`MailSide`
once per mail, so that relating one pair is set and substring look-ups.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from calcheck._clues import HONORIFIC, SPLIT, Clues, domain_of
from calcheck._companies import LEGAL, companies_in, company_name
from calcheck._words import distinctive, is_cjk, norm, strip_generic, words_of
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


@functools.lru_cache(maxsize=16384)
def title_tokens(summary: str) -> tuple[tuple[str, str], ...]:
    """(kind, token) for the tokens of an event title: ``company``, ``person`` or ``word``."""
    # Cached: a daemon reads the same calendar over and over.
    return tuple(_iter_title_tokens(summary))


def _iter_title_tokens(summary: str) -> Iterable[tuple[str, str]]:
    for raw in SPLIT.split(norm(summary)):
        yield from _raw_tokens(raw)


@functools.lru_cache(maxsize=16384)
def _raw_tokens(raw: str) -> tuple[tuple[str, str], ...]:
    """The tokens of one piece of a title between separators."""
    # Cached: titles differ, but their pieces (the same clients, names and words) recur.
    honorific = HONORIFIC.search(raw)
    token = HONORIFIC.sub("", raw) if honorific else raw
    found: list[tuple[str, str]] = []
    for piece in strip_generic(token):
        if not distinctive(piece):
            continue
        if companies_in(piece) or _LEGAL_WORD.search(piece):
            found.append(("company", company_name(piece) or piece))
        elif honorific:
            found.append(("person", piece))
        else:
            found.extend(("word", w) for w in words_of(piece) if len(w) >= (3 if is_cjk(w) else 4))
    return tuple(found)


_LEGAL_WORD = re.compile(LEGAL)


_NOT_COMPACT = re.compile(r"[^0-9a-z\u3040-\u30ff\u3400-\u9fff]")


@dataclass(frozen=True, slots=True)
class EventFacts:
    """What :func:`relate` reads from one event, worked out once: it is the same for every mail."""

    uid: str
    people: frozenset[str]
    """Attendee addresses, lower case."""
    domains: frozenset[str]
    """Their company domains."""
    text: str
    """Title, location, description and attendee names, normalised."""
    compact: str
    """``text`` with everything but letters, digits, kana and kanji left out."""
    title: tuple[tuple[str, str], ...]
    """The title's tokens (kind, token), as :func:`title_tokens`."""
    companies: tuple[str, ...]
    persons: tuple[str, ...]
    words: tuple[str, ...]
    """The title's tokens of each kind, in title order."""
    tokens: frozenset[str]
    """The title's tokens, all kinds."""


def event_facts(event: CalendarEvent) -> EventFacts:
    """What :func:`relate` (and :class:`calcheck._eventindex.EventIndex`) reads from ``event``."""
    attendees = event.attendees
    people = frozenset(a.lower() for a in attendees if "@" in a) if attendees else _NONE
    names_only = [a for a in attendees if "@" not in a]
    text = norm(" ".join((event.summary, event.location, event.description, *names_only)))
    compact = _NOT_COMPACT.sub("", text)
    title = title_tokens(event.summary)
    kinds: dict[str, list[str]] = {"company": [], "person": [], "word": []}
    for kind, token in title:
        kinds[kind].append(token)
    return EventFacts(
        uid=event.ical_uid, people=people,
        domains=frozenset(d for p in people if (d := domain_of(p))) if people else _NONE,
        text=text, compact=compact, title=title, companies=tuple(kinds["company"]),
        persons=tuple(kinds["person"]), words=tuple(kinds["word"]), tokens=frozenset(t for _, t in title))


_NONE: frozenset[str] = frozenset()


@functools.lru_cache(maxsize=16384)
def compact_only(needle: str) -> bool:
    """Whether ``needle`` is in an event's text or compact text exactly when it is in the compact
    text: made only of what the compact text keeps, it is there wherever it is in the text.
    (Any other needle, but one holding a NUL, can only be in the text.)"""
    # Cached: the same names come back in mail after mail.
    return _NOT_COMPACT.search(needle) is None


def clue_needles(clues: Clues, *, companies_only: bool = False) -> tuple[str, ...]:
    """Strings one of which an event's text or compact text must hold for names to relate it:
    a superset of what :func:`relate` looks for (plain substrings, no word boundaries).
    ``companies_only``: those of the company names alone (a match of tier 2)."""
    found = set(clues.companies) | {c.replace(" ", "") for c in clues.companies if not is_cjk(c)}
    if not companies_only:
        found |= clues.people | clues.words
    return tuple(n for n in found if n)


_Needle = tuple[str, bool]
"""A word of the mail and whether it is CJK: :func:`_contains` with the CJK test made once per
mail is ``word in text and (cjk or _word_pattern(word).search(text))`` (the plain substring
test first, which the word pattern can only narrow), written inline where events are scored."""


def _needle(word: str) -> _Needle:
    return word, is_cjk(word)


_UNRELATED = Relation(0, 0)


class MailSide:
    """One mail's clues made ready to be scored against many events: sorted once, each word with
    its CJK test, the owner's domains, and a memo of the title tokens the mail holds. Most events
    share nothing with a mail (:meth:`relate` sees that first), so the rest is made when needed."""

    def __init__(self, clues: Clues) -> None:
        self.clues = clues
        self._in_mail: dict[str, bool] = {}
        # Every name or word the mail's side looks for, as a plain substring of an event's text
        # or compact text: each looked for only where it can be (see compact_only).
        in_compact: list[str] = []
        in_text: list[str] = []
        for needle in clue_needles(clues):
            (in_compact if compact_only(needle) else in_text).append(needle)
        self._in_compact = tuple(in_compact)
        self._in_text = tuple(n for n in in_text if "\0" not in n)
        self._in_both = tuple(n for n in in_text if "\0" in n)
        # "" is found anywhere
        self._screen = "" not in clues.companies and "" not in clues.people and "" not in clues.words
        self._prepared = False
        self._companies: list[tuple[_Needle, str | None]] = []
        self._people: list[_Needle] = []
        self._words: list[_Needle] = []
        self._ours_domains: frozenset[str] | None = None  # only the counter-evidence reads it

    def _prepare(self) -> None:
        """What only :meth:`_related` reads, made when first needed (plain attributes:
        ``functools.cached_property`` costs more than it saves here)."""
        clues = self.clues
        # The mail's company names, sorted, each with its form without spaces (Latin ones).
        self._companies = [(_needle(c), None if is_cjk(c) else c.replace(" ", ""))
                           for c in sorted(clues.companies)]
        self._people = [_needle(p) for p in sorted(clues.people)]
        self._words = [_needle(w) for w in clues.words]
        self._prepared = True

    def in_mail(self, token: str) -> bool:
        """Whether the mail's text holds ``token`` (a title token), the owner's names aside:
        the same for every event."""
        found = self._in_mail.get(token)
        if found is None:
            found = self._in_mail[token] = (token not in self.clues.ours
                                            and _contains(self.clues.text, token))
        return found

    def relate(self, event: EventFacts) -> Relation:
        """:func:`relate` for an event's :func:`event_facts`.

        Most events share nothing with a mail, and are unrelated at once: those with no UID,
        address or domain of the mail's, none of its names or words in their text, no title
        token in its text (as plain substrings: more than :meth:`_related` takes, never less).
        """
        # Inline, not a method of its own: run for every event at every appointment's start.
        clues = self.clues
        uid = clues.uid
        if (not self._screen or (uid and uid == event.uid)
                or not clues.addresses.isdisjoint(event.people)
                or not event.domains.isdisjoint(clues.domains)):
            return self._related(event)
        compact = event.compact
        for needle in self._in_compact:
            if needle in compact:
                return self._related(event)
        text = event.text
        for needle in self._in_text:
            if needle in text:
                return self._related(event)
        if self._in_both:
            both = f"{text}\0{compact}"
            if any(needle in both for needle in self._in_both):
                return self._related(event)
        text = clues.text
        for token in event.tokens:
            if token in text:
                return self._related(event)
        return _UNRELATED

    def _related(self, event: EventFacts) -> Relation:
        """:meth:`relate` for an event that shares something with the mail."""
        if not self._prepared:
            self._prepare()
        clues = self.clues
        reasons: list[str] = []
        score = tier = 0
        if clues.uid and clues.uid == event.uid:
            score, tier = 100, 4
            reasons.append("uid")
        if not clues.addresses.isdisjoint(event.people):
            score, tier = score + 40, max(tier, 3)
            reasons.append("attendee")
        elif not event.domains.isdisjoint(clues.domains):
            score, tier = score + 25, max(tier, 2)
            reasons.append("attendee-domain")
        names_score, names_tier, names_reasons, company = self._score_names(event)
        if names_score and tier < 2 and not company and self._foreign(event):
            return Relation(score, tier, (*reasons, "other-party"))
        return Relation(score + names_score, max(tier, names_tier), (*reasons, *names_reasons))

    def _score_names(self, event: EventFacts) -> tuple[int, int, tuple[str, ...], str | None]:
        """The name and word part of :meth:`relate`: score, tier and reasons (as of a
        :class:`Relation`, not made into one), and the company name found in both if any."""
        # Plain loops, no generators: run for every event that shares something with a mail.
        text = event.text
        reasons: list[str] = []
        score = tier = 0
        company = self._company(event)
        if company:
            score, tier = 20, 2
            reasons.append(f"company:{company}")
        person = self._person(event)
        if person:
            score, tier = score + 10, max(tier, 1)
            reasons.append(f"person:{person}")
        words: set[str] = set()
        for word, cjk in self._words:  # _Needle
            if word in text and (cjk or _word_pattern(word).search(text) is not None):
                words.add(word)
        memo = self._in_mail
        for token in event.words:
            found = memo.get(token)
            if found is None:
                found = self.in_mail(token)
            if found:
                words.add(token)
        words -= {company, person}
        if words:
            score, tier = score + 6 * min(len(words), 2), max(tier, 1)
            reasons.append("words:" + ",".join(sorted(words)[:2]))
        return score, tier, tuple(reasons), company

    def _company(self, event: EventFacts) -> str | None:
        """The first of the mail's company names in the event, else of the title's in the mail."""
        text = event.text
        for (name, cjk), nospace in self._companies:  # _Needle
            if ((name in text and (cjk or _word_pattern(name).search(text) is not None))
                    or (nospace is not None and nospace in event.compact)):
                return name
        return self._first_in_mail(event.companies)

    def _person(self, event: EventFacts) -> str | None:
        """The first of the mail's family names in the event, else of the title's in the mail."""
        text = event.text
        for name, cjk in self._people:  # _Needle
            if name in text and (cjk or _word_pattern(name).search(text) is not None):
                return name
        return self._first_in_mail(event.persons)

    def _first_in_mail(self, tokens: Iterable[str]) -> str | None:
        """The first of the event's ``tokens`` (title names) that the mail holds."""
        memo = self._in_mail  # in_mail's memo read inline: most tokens were met in an event before
        for token in tokens:
            found = memo.get(token)
            if found is None:
                found = self.in_mail(token)
            if found:
                return token
        return None

    def _foreign(self, event: EventFacts) -> bool:
        """Counter-evidence: the event belongs to another party than the mail's sender (asked
        only where no company name is in both)."""
        clues = self.clues
        if self._ours_domains is None:
            self._ours_domains = frozenset(d for a in clues.ours if (d := domain_of(a)))
        others = event.domains - self._ours_domains - clues.domains
        if others and clues.domains:
            return True
        if not clues.companies:
            return False
        return any(t not in clues.ours for t in event.companies)


def relate(clues: Clues, event: CalendarEvent, side: MailSide | None = None) -> Relation:
    """How clearly ``event`` is the calendar entry for the mail ``clues`` came from.

    ``side`` is ``MailSide(clues)``, passed in when one mail is related to many events."""
    return (side or MailSide(clues)).relate(event_facts(event))
