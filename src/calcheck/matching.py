"""Matching an appointment with the calendar, and the verdict. Pure functions.

The approach:

1. Every event gets a *relatedness* to the mail (:mod:`calcheck._relate`): the invitation's UID,
   the sender among the attendees, the sender's company domain, company and family names,
   distinctive words; counter-evidence (another company's attendees or name) cancels names.
2. ``ok``: a related, timed event starts at the appointment's instant. An event's end may
   differ (then ``duration`` is among the differences); an all-day event is never ``ok`` for a
   timed appointment.
3. ``mismatch``: otherwise a related event that could plausibly be this appointment entered
   wrongly: the most related (by tier: UID, attendee, company, person/words), then the nearest.
   An unrelated event at the exact instant does not beat it. "Plausibly" is where false alerts
   come from, so a related event is *not* taken when
   - it is far: a person or word match counts within 8 days, a company or domain within 40,
     an attendee within 62, only the UID beyond;
   - it had already ended when the mail was written (the visit the mail thanks you for);
   - it is an occurrence of a recurring series (a weekly 定例 with that client) while the mail
     neither shares its UID nor speaks of a recurring meeting;
   - its title carries another meeting number (第3回 in the calendar, 第4回 in the mail);
   - it is *claimed*: another mail's appointment is exactly this event (see :func:`judge_all`),
     unless this mail announces a change (変更, reschedule) or shares the event's UID.
4. ``ok`` again, weakly: with nothing related anywhere near, a timed event of any title at the
   exact instant is taken as the entry (the user typed a bare 「打合せ」).
5. ``missing``: nothing.

:func:`~calcheck._differences.differences` names how an entry differs: ``date`` and ``time``
(in the owner's zone), ``timezone`` (the same wall-clock time read in another zone: 14:00 JST
stored as 14:00Z, 10:00 AM PST entered at 10:00 JST), ``duration`` (both ends known, lengths
differ).

Only the events that can change a verdict are related to a mail: those at the appointment's
start, and of the rest (:class:`EventIndex` groups them by the tier they can reach) only as
many, strongest and nearest first, as it takes to know the best (:func:`_best_elsewhere`); with
a related entry at the start, only a UID elsewhere can matter. tests/test_matching_index.py
checks the verdicts against relating every event.
"""

from __future__ import annotations

import functools
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from calcheck._clues import Clues, mail_clues, ordinals
from calcheck._differences import differences
from calcheck._eventindex import REACH, EventIndex, Group
from calcheck._relate import MailSide, Relation
from calcheck.model import Appointment, CalendarEvent, MailMessage, Status

MISMATCH_MIN = 10
"""Below this, relatedness (one shared word, say) never makes a mismatch."""
OK_MIN = 6
"""From this on, an event at the exact instant is a related one."""

@dataclass(frozen=True)
class Match:
    """The verdict on one appointment and the entry it rests on."""

    status: Status
    event: CalendarEvent | None
    differences: tuple[str, ...] = ()
    relatedness: int = 0
    reasons: tuple[str, ...] = ()
    """Why the event was taken as related (``uid``, ``attendee``, ``company:あおば商事`` ...)."""


def _key(event: CalendarEvent) -> tuple[str, datetime]:
    return event.id, event.start


@functools.lru_cache(maxsize=16384)
def _title_ordinals(summary: str) -> frozenset[int]:
    """:func:`ordinals` of an event's title, asked for each appointment the event is weighed for."""
    return frozenset(ordinals(summary))


def _plausible(mail: MailMessage, appt: Appointment, clues: Clues, event: CalendarEvent, rel: Relation,
               *, claimed: Container[tuple[str, datetime]]) -> bool:
    """Whether related ``event`` may be this appointment's entry, wrongly entered (docstring, 3)."""
    if rel.score < MISMATCH_MIN or abs(event.start - appt.start) > REACH[rel.tier]:
        return False
    if rel.tier == 4:
        return True
    ended = event.end or event.start + timedelta(hours=1)
    # Each reason against is tested only when the ones before it are not met.
    return not (
        (mail.date is not None and ended <= mail.date)
        or (event.recurring and not clues.recurrence)
        or (clues.ordinals and (theirs := _title_ordinals(event.summary)) and not clues.ordinals & theirs)
        or (_key(event) in claimed and not clues.changes)
    )


class _Look:
    """One appointment's view of the calendar: its clues, the events at its start, the groups of
    :meth:`EventIndex.group` and the relations to the events the verdict visits, each worked out
    when first needed and kept for :func:`judge_all`'s second pass."""

    claims_matter = False
    """Whether a verdict rested on a related entry elsewhere below the UID tier: the only kind
    that entries claimed by other appointments can change, since a claim rules out only such
    an entry (never one at the start, nor one sharing the UID; :func:`_plausible`)."""
    unclaimed: Match | None = None
    """The mismatch found with nothing claimed, when :attr:`claims_matter`: claims only rule
    entries out, so while they leave its entry alone it is still the best (:func:`_verdict`)."""

    def __init__(self, mail: MailMessage, appt: Appointment, index: EventIndex, owner: str | None) -> None:
        self.clues = mail_clues(mail, appt, owner)
        self._appt, self._index, self._side = appt, index, MailSide(self.clues)
        self.events = index.events
        self._relations: dict[int, Relation] = {}
        self._groups: dict[int, Group] = {}
        # Not kept in the memo: the groups hold no event at the start.
        relate, facts, events = self._side.relate, index.facts, index.events
        self.at_start = [(relate(facts[i]), events[i]) for i in index.at(appt.start)]

    def relation(self, i: int) -> Relation:
        """The relation of event ``i`` (a position in the index) to the mail."""
        rel = self._relations.get(i)
        if rel is None:
            rel = self._relations[i] = self._side.relate(self._index.facts[i])
        return rel

    def group(self, tier: int) -> Group:
        """:meth:`EventIndex.group` for this appointment."""
        found = self._groups.get(tier)
        if found is None:
            found = self._groups[tier] = self._index.group(self._appt, self.clues, tier)
        return found


def _best_elsewhere(mail: MailMessage, appt: Appointment, look: _Look, taken: Container[tuple[str, datetime]],
                    *, weakest: int = 1) -> tuple[Relation, CalendarEvent] | None:
    """The best plausible event not at the appointment's start: the highest tier, then the
    nearest, the highest score, the first in the calendar. Only tiers from ``weakest`` up count.

    Group ``t`` holds every event that can be plausible at tier ``t`` (:meth:`EventIndex.group`);
    the groups are walked strongest first, each nearest first. The best tier found only rises,
    so once it is above a group's tier no event left can beat it (stop), and within the group
    of its own tier nor can an event farther than it (next group); a group is left early only
    in those two cases, so when a group is reached every stronger one was walked whole."""
    best: tuple[tuple[int, timedelta, int, int], Relation, CalendarEvent] | None = None
    for tier in range(4, weakest - 1, -1):
        if best is not None and best[1].tier > tier:
            break
        for distance, i in look.group(tier):
            if best is not None and best[1].tier == tier and distance > best[0][1]:
                break
            rel, event = look.relation(i), look.events[i]
            if _plausible(mail, appt, look.clues, event, rel, claimed=taken):
                key = (-rel.tier, distance, -rel.score, i)
                if best is None or key < best[0]:
                    best = key, rel, event
    return None if best is None else (best[1], best[2])


def judge(mail: MailMessage, appt: Appointment, events: Sequence[CalendarEvent] | EventIndex, tz: tzinfo, *,
          owner: str | None = None, claimed: Iterable[tuple[str, datetime]] = ()) -> Match:
    """The verdict for ``appt`` given the owner's ``events`` (any order, or an :class:`EventIndex`).

    ``owner`` is the owner's address; ``claimed`` holds ``(event.id, event.start)`` of entries
    that other mails' appointments are exactly (see :func:`judge_all`).
    """
    index = events if isinstance(events, EventIndex) else EventIndex(events)
    return _verdict(mail, appt, _Look(mail, appt, index, owner), tz, frozenset(claimed))


def _verdict(mail: MailMessage, appt: Appointment, look: _Look, tz: tzinfo,
             taken: Container[tuple[str, datetime]]) -> Match:
    held = look.unclaimed
    if held is not None and held.event is not None and _key(held.event) not in taken:
        return held
    exact = [(r, e) for r, e in look.at_start if not e.all_day and r.score >= OK_MIN]
    best_exact = max(exact, key=lambda re_: (re_[0].tier, re_[0].score), default=None)
    if best_exact and best_exact[0].tier == 4:
        rel, event = best_exact
        return Match(Status.OK, event, differences(appt, event, tz), rel.score, rel.reasons)
    # Only a UID elsewhere can outrank a related entry at the very start.
    best_else = _best_elsewhere(mail, appt, look, taken, weakest=4 if best_exact else 1)
    if best_exact and not (best_else and best_else[0].tier == 4):
        rel, event = best_exact
        return Match(Status.OK, event, differences(appt, event, tz), rel.score, rel.reasons)
    if best_else:
        rel, event = best_else
        match = Match(Status.MISMATCH, event, differences(appt, event, tz), rel.score, rel.reasons)
        look.claims_matter = rel.tier < 4
        if look.claims_matter and isinstance(taken, frozenset) and not taken:
            look.unclaimed = match
        return match
    timed = [(r, e) for r, e in look.at_start if not e.all_day]
    loose = [e for r, e in timed if not r.score] + [e for r, e in timed if r.score]
    if loose:
        event = loose[0]
        return Match(Status.OK, event, differences(appt, event, tz), 0, ("same-time",))
    return Match(Status.MISSING, None)


OWNER_MIN_MAILS = 3


def likely_owner(mails: Iterable[MailMessage]) -> str | None:
    """The mailbox owner's address when no configuration names it: the one address most mail is to.

    It must be a recipient of at least ``OWNER_MIN_MAILS`` messages and of more than half of
    them; otherwise (a shared folder, a handful of messages) nobody is assumed to be the owner.
    """
    counts: dict[str, int] = {}
    total = 0
    for mail in mails:
        total += 1
        for address in {r.lower() for r in mail.recipients}:
            counts[address] = counts.get(address, 0) + 1
    if not counts:
        return None
    address, n = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
    return address if n >= OWNER_MIN_MAILS and 2 * n > total else None


def judge_all(items: Sequence[tuple[MailMessage, Appointment]], events: Sequence[CalendarEvent], tz: tzinfo,
              *, owner: str | None = None) -> list[Match]:
    """The verdict for every ``(mail, appointment)`` of one audit, in order.

    ``owner`` defaults to :func:`likely_owner` of the mails.

    Two passes: the first finds which entries some appointment is exactly (``ok`` and related);
    the second judges each appointment with those entries *claimed*, so that a related entry that
    is already another appointment's (the 定例 of last week, the visit confirmed in another mail)
    does not turn this one into a false mismatch. :class:`Judging` holds the passes, so that
    :mod:`calcheck._judgepool` can share them out among processes.
    """
    judging = Judging(items, events, tz, owner=owner)
    everyone = range(len(items))
    first = judging.first(everyone)
    again = judging.second(Claims.of(first), everyone)
    return [again.get(position, first[position]) for position in everyone]


class Judging:
    """One audit's judging, cut into :meth:`first` and :meth:`second` passes over positions of
    ``items``: a process may run both passes for some positions and another for the rest, with
    the :class:`Claims` of the whole first pass in between."""

    def __init__(self, items: Sequence[tuple[MailMessage, Appointment]], events: Sequence[CalendarEvent],
                 tz: tzinfo, *, owner: str | None = None) -> None:
        # Without a configured owner, the address the mail is to tells the owner's own replies apart.
        self.owner = owner or likely_owner(mail for mail, _ in items)
        self.items, self.tz, self.index = items, tz, EventIndex(events)
        # Kept for the second pass only where claims can change the verdict: the rest would only
        # take memory (and the garbage collector's time).
        self._looks: dict[int, _Look] = {}

    def first(self, positions: Iterable[int]) -> dict[int, Match]:
        """Each position's verdict with nothing claimed."""
        verdicts: dict[int, Match] = {}
        for position in positions:
            mail, appt = self.items[position]
            look = _Look(mail, appt, self.index, self.owner)
            verdicts[position] = _verdict(mail, appt, look, self.tz, frozenset())
            if look.claims_matter:
                self._looks[position] = look
        return verdicts

    def second(self, claims: Claims, positions: Iterable[int]) -> dict[int, Match]:
        """The verdicts of ``positions`` (whose first pass ran here) that the claims can change,
        judged again; the others stand as the first pass left them."""
        verdicts: dict[int, Match] = {}
        for position in positions:
            look = self._looks.get(position)
            mail, appt = self.items[position]
            if look is not None and claims.others(position, appt.start):
                verdicts[position] = _verdict(mail, appt, look, self.tz, claims.against(position, appt.start))
        return verdicts


@dataclass(frozen=True)
class Claims:
    """What the first pass found exactly: the entries that are some appointment's (``ok`` and
    related), each claimed against every other appointment that does not start at the same moment."""

    holders: dict[tuple[str, datetime], list[tuple[int, datetime]]]
    per_start: dict[datetime, int]
    own: dict[int, datetime]
    total: int

    @classmethod
    def of(cls, first: Sequence[Match] | dict[int, Match]) -> Claims:
        """The claims of a whole first pass (a list by position, or a dict of every position)."""
        verdicts = first.items() if isinstance(first, dict) else enumerate(first)
        holders: dict[tuple[str, datetime], list[tuple[int, datetime]]] = {}
        per_start: dict[datetime, int] = {}
        own: dict[int, datetime] = {}
        for i, m in sorted(verdicts, key=lambda iv: iv[0]):
            if m.status is Status.OK and m.event is not None and m.relatedness:
                start = m.event.start
                holders.setdefault(_key(m.event), []).append((i, start))
                per_start[start] = per_start.get(start, 0) + 1
                own[i] = start
        return cls(holders, per_start, own, len(own))

    def others(self, position: int, start: datetime) -> int:
        """How many entries other appointments hold that can count against ``position``."""
        return self.total - self.per_start.get(start, 0) - (self.own.get(position, start) != start)

    def against(self, position: int, start: datetime) -> _Claimed:
        """The claims held against ``position``, an appointment at ``start``."""
        return _Claimed(self.holders, position, start)


class _Claimed:
    """The entries other appointments (at another start) are exactly: what judge_all's second
    pass holds against ``position``, looked up in place rather than copied per appointment."""

    def __init__(self, holders: dict[tuple[str, datetime], list[tuple[int, datetime]]], position: int,
                 start: datetime) -> None:
        self._holders, self._position, self._start = holders, position, start

    def __contains__(self, key: object) -> bool:
        return any(i != self._position and at != self._start
                   for i, at in self._holders.get(key, ()))  # type: ignore[call-overload]
