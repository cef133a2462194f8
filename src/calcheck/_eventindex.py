"""Which calendar events an appointment can meet, found without walking the whole calendar.

An audit judges every appointment against the calendar; relating each mail to each event is
quadratic, and in a dense calendar (the same clients every day) even the events that share a
company name with a mail run into the hundreds. :class:`EventIndex` is built once per audit and
answers two questions per appointment:

- :meth:`EventIndex.at`: the events at exactly its start (the ``ok`` and "same time" ones);
- :meth:`EventIndex.group`: for a tier (see :mod:`calcheck._relate`), the events elsewhere that
  can relate to the mail at that tier *and* lie within that tier's :data:`REACH`, nearest first.

Group ``t`` holds every event that :func:`calcheck.matching._plausible` could take with a
relation of tier ``t``: tier 4 needs the invitation's UID, tier 3 an attendee address, tier 2 a
shared domain or a company name, tier 1 a person's name or a word (or any title token found in
the mail). Groups are supersets: an event may relate more weakly than its group says, or not at
all. Matching walks the groups strongest first and nearest first, and stops as soon as no event
left can beat what it has (see :func:`calcheck.matching._best_elsewhere`).

The look-ups are posting lists: for every UID, address, domain and title token, and (memoised
per audit) for every clue string searched in the events' joined texts, the events that hold it,
as *ranks* in start order. A group is then a few ``bisect``\\ ed slices of those lists.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timedelta

from calcheck._clues import Clues
from calcheck._relate import EventFacts, clue_needles, compact_only, event_facts
from calcheck.model import Appointment, CalendarEvent

# How far from the appointment a related event may be, by the tier of its relatedness.
REACH = {1: timedelta(days=8), 2: timedelta(days=40), 3: timedelta(days=62), 4: timedelta(days=400)}


class EventIndex:
    """The audit's events and their :class:`~calcheck._relate.EventFacts`, indexed once (see the
    module docstring). Events are named by their position in ``events`` (the calendar's order)."""

    def __init__(self, events: Sequence[CalendarEvent]) -> None:
        self.events = list(events)
        self.facts: list[EventFacts] = [event_facts(event) for event in self.events]
        # Ties keep the calendar's order (sorted is stable), so a rank order is also calendar order.
        self._by_start = sorted(range(len(self.events)), key=lambda i: self.events[i].start)
        self._starts = [self.events[i].start for i in self._by_start]
        self._by_uid: dict[str, list[int]] = {}
        self._by_address: dict[str, list[int]] = {}
        self._by_domain: dict[str, list[int]] = {}
        self._by_token: dict[str, list[int]] = {}
        self._by_company_token: dict[str, list[int]] = {}
        for rank, i in enumerate(self._by_start):
            facts = self.facts[i]
            self._by_uid.setdefault(facts.uid, []).append(rank)
            for address in facts.people:
                self._by_address.setdefault(address, []).append(rank)
            for domain in facts.domains:
                self._by_domain.setdefault(domain, []).append(rank)
            for token in {token for _, token in facts.title}:
                self._by_token.setdefault(token, []).append(rank)
            for token in set(facts.companies):
                self._by_company_token.setdefault(token, []).append(rank)
        # Title tokens by their first two characters, to find those a mail's text holds by
        # walking the text once rather than testing every token of the calendar.
        self._token_heads: dict[str, list[str]] = {}
        self._short_tokens = [token for token in self._by_token if len(token) < 2]
        for token in self._by_token:
            if len(token) >= 2:
                self._token_heads.setdefault(token[:2], []).append(token)
        self._tokens_of: tuple[str, frozenset[str]] | None = None
        # The same for the company tokens alone, all tier 2 asks for (and tier 1 is seldom reached).
        self._company_heads: dict[str, list[str]] = {}
        self._short_company_tokens = [token for token in self._by_company_token if len(token) < 2]
        for token in self._by_company_token:
            if len(token) >= 2:
                self._company_heads.setdefault(token[:2], []).append(token)
        ranked = [self.facts[i] for i in self._by_start]
        self._text, self._text_ends = _joined([f.text for f in ranked])
        self._compact, self._compact_ends = _joined([f.compact for f in ranked])
        self._holding: dict[str, list[int]] = {}

    def at(self, start: datetime) -> list[int]:
        """The events that start at exactly ``start``, in the calendar's order."""
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_right(self._starts, start, lo)
        return [self._by_start[rank] for rank in range(lo, hi)]

    def group(self, appt: Appointment, clues: Clues, tier: int) -> Group:
        """The events not at ``appt``'s start, within ``REACH[tier]`` of it, that can relate to the
        mail of ``clues`` at ``tier`` (see the module docstring)."""
        start, reach = appt.start, REACH[tier]
        if tier == 4:  # asked first for every appointment, and most often there is no UID
            postings = [posting] if clues.uid and (posting := self._by_uid.get(clues.uid)) else []
        else:
            postings = [posting for posting in self._postings(clues, tier) if posting]
        if not postings:  # most often: no UID, tier 4
            return Group(self, [], start)
        lo = bisect.bisect_left(self._starts, start - reach)
        hi = bisect.bisect_right(self._starts, start + reach, lo)
        ranks: set[int] = set()
        for posting in postings:
            ranks.update(posting[bisect.bisect_left(posting, lo):bisect.bisect_left(posting, hi)])
        return Group(self, sorted(ranks), start)

    def _postings(self, clues: Clues, tier: int) -> Iterable[list[int]]:
        if tier == 4:
            if clues.uid:
                yield self._by_uid.get(clues.uid, [])
        elif tier == 3:
            yield from (self._by_address.get(address, []) for address in clues.addresses)
        elif tier == 2:
            yield from (self._by_domain.get(domain, []) for domain in clues.domains)
            yield from (self._holders_of(needle) for needle in clue_needles(clues, companies_only=True))
            yield from (self._by_company_token[token] for token in self._company_tokens_in(clues.text))
        else:
            yield from (self._holders_of(needle) for needle in clues.people | clues.words if needle)
            yield from (self._by_token[token] for token in self._tokens_in(clues.text))

    def _tokens_in(self, text: str) -> frozenset[str]:
        """The title tokens of the calendar that ``text`` holds (as substrings)."""
        if self._tokens_of is None or self._tokens_of[0] != text:  # asked for a text twice in a row
            self._tokens_of = (text, _held(text, self._short_tokens, self._token_heads))
        return self._tokens_of[1]

    def _company_tokens_in(self, text: str) -> frozenset[str]:
        """The company tokens of the calendar's titles that ``text`` holds (as substrings)."""
        if self._tokens_of is not None and self._tokens_of[0] == text:
            return frozenset(self._tokens_of[1] & self._by_company_token.keys())
        return _held(text, self._short_company_tokens, self._company_heads)

    def _holders_of(self, needle: str) -> list[int]:
        """The ranks of the events whose text or compact text holds ``needle``, ascending: the
        same for every mail, so searched once per audit."""
        found = self._holding.get(needle)
        if found is None:
            # Only where it can be found (see compact_only): most needles, in the compact texts.
            held = (_holders(self._compact, self._compact_ends, needle) if compact_only(needle)
                    else _holders(self._text, self._text_ends, needle))
            if "\0" in needle:
                held |= _holders(self._compact, self._compact_ends, needle)
            found = self._holding[needle] = sorted(held)
        return found

    def candidates(self, appt: Appointment, clues: Clues) -> list[CalendarEvent]:
        """Every event that may be ``appt``'s entry: those at its start and those of every
        :meth:`group`, in the calendar's order. (What the groups promise, in one list.)"""
        chosen = set(self.at(appt.start))
        for tier in REACH:
            chosen.update(i for _, i in self.group(appt, clues, tier))
        return [self.events[i] for i in sorted(chosen)]


class Group:
    """Events of :meth:`EventIndex.group`, met nearest first: iterating gives (distance, event),
    distances never decreasing. Only as many as are asked for are looked at (the search stops
    early), from the appointment's start outwards, earlier and later ones in turn."""

    def __init__(self, index: EventIndex, ranks: list[int], start: datetime) -> None:
        self._index, self._ranks, self._start = index, ranks, start
        if not ranks:
            self._before = self._after = 0
            return
        # ranks[:before] start before ``start``, ranks[after:] after it; in between, at it.
        self._before = bisect.bisect_left(ranks, bisect.bisect_left(index._starts, start))
        self._after = bisect.bisect_left(ranks, bisect.bisect_right(index._starts, start), self._before)

    def __iter__(self) -> Iterator[tuple[timedelta, int]]:
        ranks, starts, by_start, start = self._ranks, self._index._starts, self._index._by_start, self._start
        earlier, later = self._before - 1, self._after
        while earlier >= 0 or later < len(ranks):
            if later == len(ranks) or (earlier >= 0 and start - starts[ranks[earlier]]
                                        <= starts[ranks[later]] - start):
                yield start - starts[ranks[earlier]], by_start[ranks[earlier]]
                earlier -= 1
            else:
                yield starts[ranks[later]] - start, by_start[ranks[later]]
                later += 1


def _held(text: str, short: list[str], heads: dict[str, list[str]]) -> frozenset[str]:
    """The tokens (``short`` ones, and the longer ones by their first two characters) in ``text``."""
    found = {token for token in short if token in text}
    # Whichever costs less: a substring search per head, or the text's pairs of characters.
    held = ([head for head in heads if head in text] if 3 * len(heads) < len(text)
            else {text[i:i + 2] for i in range(len(text) - 1)} & heads.keys())
    for head in held:
        found.update(token for token in heads[head] if token in text)
    return frozenset(found)


def _joined(texts: list[str]) -> tuple[str, list[int]]:
    """``texts`` joined by NUL (which no clue holds), with the offset each text ends at."""
    ends: list[int] = []
    total = 0
    for text in texts:
        total += len(text)
        ends.append(total)
        total += 1
    return "\0".join(texts), ends


def _holders(joined: str, ends: list[int], needle: str) -> set[int]:
    """Which of the joined texts hold ``needle``."""
    found: set[int] = set()
    start = joined.find(needle)
    while start != -1:
        which = bisect.bisect_left(ends, start + len(needle))
        found.add(which)
        if which + 1 >= len(ends):
            break
        start = joined.find(needle, ends[which] + 1)
    return found
