"""Which calendar events an appointment can meet, found without walking the whole calendar.

An audit judges every appointment against the calendar; relating each mail to each event is
quadratic. :class:`EventIndex` indexes the events once — by start, by invitation UID, by
attendee address and domain, by title token, and by the text of all events joined into one
string that each clue is searched in once per audit — and hands an appointment only the events
whose relatedness can reach it (:data:`REACH`), in the calendar's own order.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from datetime import datetime, timedelta

from calcheck._clues import Clues, domain_of
from calcheck._relate import clue_needles, event_keys
from calcheck.model import Appointment, CalendarEvent

# How far from the appointment a related event may be, by the tier of its relatedness.
REACH = {1: timedelta(days=8), 2: timedelta(days=40), 3: timedelta(days=62), 4: timedelta(days=400)}


class EventIndex:
    """The audit's events, indexed once, so that each appointment meets only the events that
    can matter to it, in the calendar's own order:

    - by start: only events within the widest reach (``REACH[3]``) or sharing the invitation
      UID can be its entry, and events at exactly its start can be the loose "same time" one;
    - by what :func:`relate` looks for (attendee address and domain, the words of the events'
      texts, their title tokens): an event that shares nothing with the mail's clues relates
      with score 0, so ``relate`` is not run on it. The texts are joined into one string that
      each clue is searched in once per audit (memoised), instead of once per event and mail;
    - by how far a clue's tier reaches (:meth:`contenders`): a word shared with an event two
      weeks away cannot make it this appointment's entry, so it is not related at all.
    """

    def __init__(self, events: Sequence[CalendarEvent]) -> None:
        self.events = list(events)
        self._by_start = sorted(range(len(self.events)), key=lambda i: self.events[i].start)
        self._starts = [self.events[i].start for i in self._by_start]
        self._start_of = [event.start for event in self.events]
        self._by_uid: dict[str, list[int]] = {}
        self._by_address: dict[str, list[int]] = {}
        self._by_domain: dict[str, list[int]] = {}
        self._by_token: dict[str, list[int]] = {}
        self._by_company_token: dict[str, list[int]] = {}
        self._holding: dict[str, set[int]] = {}
        texts: list[str] = []
        compacts: list[str] = []
        for i, event in enumerate(self.events):
            self._by_uid.setdefault(event.ical_uid, []).append(i)
            people, text, compact, tokens = event_keys(event)
            for address in people:
                self._by_address.setdefault(address, []).append(i)
                domain = domain_of(address)
                if domain:
                    self._by_domain.setdefault(domain, []).append(i)
            for kind, token in set(tokens):
                self._by_token.setdefault(token, []).append(i)
                if kind == "company":
                    self._by_company_token.setdefault(token, []).append(i)
            texts.append(text)
            compacts.append(compact)
        self._text, self._text_ends = _joined(texts)
        self._compact, self._compact_ends = _joined(compacts)

    def near(self, appt: Appointment) -> list[CalendarEvent]:
        """The events that may be ``appt``'s entry, in the calendar's order."""
        return [self.events[i] for i in sorted(self._near(appt))]

    def _near(self, appt: Appointment) -> set[int]:
        lo = bisect.bisect_left(self._starts, appt.start - REACH[3])
        hi = bisect.bisect_right(self._starts, appt.start + REACH[3])
        chosen = set(self._by_start[lo:hi])
        if appt.uid:
            chosen.update(self._by_uid.get(appt.uid, ()))
        return chosen

    def candidates(self, appt: Appointment, clues: Clues) -> list[CalendarEvent]:
        """The events of :meth:`near` that :func:`relate` may score above 0, or that start at
        exactly the appointment's start: every other one is neither related nor the same time."""
        maybe: set[int] = set(self._at(appt.start))
        if clues.uid:
            maybe.update(self._by_uid.get(clues.uid, ()))
        for address in clues.addresses:
            maybe.update(self._by_address.get(address, ()))
        for domain in clues.domains:
            maybe.update(self._by_domain.get(domain, ()))
        for needle in clue_needles(clues):
            maybe |= self._holders_of(needle)
        for token, holders in self._by_token.items():
            if token in clues.text:
                maybe.update(holders)
        return [self.events[i] for i in sorted(maybe & self._near(appt))]

    def contenders(self, appt: Appointment, clues: Clues) -> list[CalendarEvent]:
        """The events of :meth:`candidates` that can change ``appt``'s verdict, in the calendar's
        order: those at exactly its start, and those whose relation can reach a tier whose
        :data:`REACH` covers them. Beyond ``REACH[1]`` only a UID, an address, a domain or a
        company name can make an event plausible (:func:`_plausible`), so the weaker clues
        (people, words) are looked up near the appointment only."""
        start, starts = appt.start, self._start_of
        chosen = set(self._at(start))
        if clues.uid:
            chosen.update(self._by_uid.get(clues.uid, ()))
        for address in clues.addresses:
            chosen.update(i for i in self._by_address.get(address, ()) if abs(starts[i] - start) <= REACH[3])
        strong: set[int] = set()
        weak: set[int] = set()
        for domain in clues.domains:
            strong.update(self._by_domain.get(domain, ()))
        for needle in clue_needles(clues, companies_only=True):
            strong |= self._holders_of(needle)
        for needle in clues.people | clues.words:
            if needle:
                weak |= self._holders_of(needle)
        for token, holders in self._by_token.items():
            if token in clues.text:
                weak.update(holders)
                strong.update(self._by_company_token.get(token, ()))
        chosen.update(i for i in strong if abs(starts[i] - start) <= REACH[2])
        chosen.update(i for i in weak - strong if abs(starts[i] - start) <= REACH[1])
        return [self.events[i] for i in sorted(chosen)]

    def _at(self, start: datetime) -> list[int]:
        at = bisect.bisect_left(self._starts, start)
        found: list[int] = []
        while at < len(self._starts) and self._starts[at] == start:
            found.append(self._by_start[at])
            at += 1
        return found

    def _holders_of(self, needle: str) -> set[int]:
        """The events whose text or compact text holds ``needle``: the same for every mail."""
        found = self._holding.get(needle)
        if found is None:
            found = _holders(self._text, self._text_ends, needle)
            found |= _holders(self._compact, self._compact_ends, needle)
            self._holding[needle] = found
        return found


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
