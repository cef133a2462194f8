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

:func:`differences` names how an entry differs: ``date`` and ``time`` (in the owner's zone),
``timezone`` (the same wall-clock time read in another zone: 14:00 JST stored as 14:00Z, 10:00
AM PST entered at 10:00 JST), ``duration`` (both ends known, lengths differ).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from calcheck._relate import (
    Clues,
    MailSide,
    Relation,
    clue_needles,
    domain_of,
    event_keys,
    mail_clues,
    ordinals,
    relate,
)
from calcheck.model import Appointment, CalendarEvent, MailMessage, Status

# How far from the appointment a related event may be, by the tier of its relatedness.
REACH = {1: timedelta(days=8), 2: timedelta(days=40), 3: timedelta(days=62), 4: timedelta(days=400)}
MISMATCH_MIN = 10
"""Below this, relatedness (one shared word, say) never makes a mismatch."""
OK_MIN = 6
"""From this on, an event at the exact instant is a related one."""

_ZONE_WORDS = {
    "jst": 9, "kst": 9, "sgt": 8, "hkt": 8, "cst-china": 8, "awst": 8, "ict": 7, "wib": 7, "ist": 5.5,
    "gst": 4, "msk": 3, "eet": 2, "eest": 3, "cet": 1, "cest": 2, "bst": 1, "gmt": 0, "utc": 0, "wet": 0,
    "edt": -4, "est": -5, "cdt": -5, "cst": -6, "mdt": -6, "mst": -7, "pdt": -7, "pst": -8, "akst": -9,
    "hst": -10, "aest": 10, "aedt": 11, "acst": 9.5, "nzst": 12, "nzdt": 13,
}
_ZONE_NAMES = {
    "singapore": "Asia/Singapore", "hong kong": "Asia/Hong_Kong", "japan": "Asia/Tokyo",
    "tokyo": "Asia/Tokyo", "korea": "Asia/Seoul", "seoul": "Asia/Seoul", "china": "Asia/Shanghai",
    "beijing": "Asia/Shanghai", "india": "Asia/Kolkata", "sydney": "Australia/Sydney",
    "london": "Europe/London", "uk": "Europe/London", "paris": "Europe/Paris", "berlin": "Europe/Berlin",
    "central european": "Europe/Berlin", "pacific": "America/Los_Angeles",
    "mountain": "America/Denver", "central": "America/Chicago", "eastern": "America/New_York",
    "new york": "America/New_York", "los angeles": "America/Los_Angeles",
    "san francisco": "America/Los_Angeles",
}
_ZONE_NAME = re.compile(r"\b(" + "|".join(sorted(_ZONE_NAMES, key=len, reverse=True))
                        + r")(?:\s+(?:standard|daylight))?\s+time\b", re.IGNORECASE)
_OFFSET = re.compile(r"\b(?:gmt|utc)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?", re.IGNORECASE)
_ZONE_WORD = re.compile(r"\b(" + "|".join(sorted(_ZONE_WORDS, key=len, reverse=True)) + r")\b", re.IGNORECASE)


@dataclass(frozen=True)
class Match:
    """The verdict on one appointment and the entry it rests on."""

    status: Status
    event: CalendarEvent | None
    differences: tuple[str, ...] = ()
    relatedness: int = 0
    reasons: tuple[str, ...] = ()
    """Why the event was taken as related (``uid``, ``attendee``, ``company:あおば商事`` ...)."""


def _stated_zones(appt: Appointment) -> set[tzinfo]:
    """The zones the mail stated the time in: the appointment's own, and any named in the evidence."""
    zones: set[tzinfo] = set()
    if appt.start.tzinfo is not None:
        offset = appt.start.utcoffset()
        if offset is not None:
            zones.add(timezone(offset))
    for match in _OFFSET.finditer(appt.evidence):
        hours = int(match.group(2)) + int(match.group(3) or 0) / 60
        zones.add(timezone(timedelta(hours=hours if match.group(1) == "+" else -hours)))
    for match in _ZONE_NAME.finditer(appt.evidence):
        zone = ZoneInfo(_ZONE_NAMES[match.group(1).lower()])
        offset = appt.start.astimezone(zone).utcoffset()
        if offset is not None:
            zones.add(timezone(offset))
    for match in _ZONE_WORD.finditer(appt.evidence):
        zones.add(timezone(timedelta(hours=_ZONE_WORDS[match.group(1).lower()])))
    return zones


def _wall(moment: datetime, zone: tzinfo) -> datetime:
    return moment.astimezone(zone).replace(tzinfo=None)


def differences(appt: Appointment, event: CalendarEvent, tz: tzinfo) -> tuple[str, ...]:
    """The ways ``event`` differs from ``appt``, as seen in the owner's zone ``tz``."""
    diffs: list[str] = []
    if event.start != appt.start:
        a, e = appt.start.astimezone(tz), event.start.astimezone(tz)
        appt_zones = _stated_zones(appt) | {tz, UTC}
        event_zones = {z for z in (event.start.tzinfo, tz, UTC) if z is not None}
        wrong_zone = not event.all_day and any(
            _wall(appt.start, za) == _wall(event.start, ze)
            for za in appt_zones for ze in event_zones
            if appt.start.astimezone(za).utcoffset() != event.start.astimezone(ze).utcoffset())
        if wrong_zone:
            diffs.append("timezone")
        else:
            if a.date() != e.date():
                diffs.append("date")
            if event.all_day or a.time() != e.time():
                diffs.append("time")
    if (appt.end and event.end and not event.all_day
            and appt.end - appt.start != event.end - event.start):
        diffs.append("duration")
    return tuple(diffs)


def _key(event: CalendarEvent) -> tuple[str, datetime]:
    return event.id, event.start


def _plausible(mail: MailMessage, appt: Appointment, clues: Clues, event: CalendarEvent, rel: Relation,
               *, claimed: Container[tuple[str, datetime]]) -> bool:
    """Whether related ``event`` may be this appointment's entry, wrongly entered (docstring, 3)."""
    if rel.score < MISMATCH_MIN or abs(event.start - appt.start) > REACH[rel.tier]:
        return False
    if rel.tier == 4:
        return True
    ended = event.end or event.start + timedelta(hours=1)
    theirs = ordinals(event.summary)
    reasons_against = (
        mail.date is not None and ended <= mail.date,
        event.recurring and not clues.recurrence,
        bool(clues.ordinals and theirs and not clues.ordinals & theirs),
        _key(event) in claimed and not clues.changes,
    )
    return not any(reasons_against)


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


@dataclass(frozen=True)
class _Related:
    """One appointment's relations to the events near it: worked out once, judged twice."""

    clues: Clues
    related: list[tuple[Relation, CalendarEvent]]
    exact_unrelated: list[CalendarEvent]


def _relate_all(mail: MailMessage, appt: Appointment, index: EventIndex, owner: str | None) -> _Related:
    clues = mail_clues(mail, appt, owner)
    related: list[tuple[Relation, CalendarEvent]] = []
    exact_unrelated: list[CalendarEvent] = []
    side = MailSide(clues)
    for event in index.contenders(appt, clues):
        rel = relate(clues, event, side)
        if rel.score:
            related.append((rel, event))
        elif event.start == appt.start and not event.all_day:
            exact_unrelated.append(event)
    return _Related(clues, related, exact_unrelated)


def judge(mail: MailMessage, appt: Appointment, events: Sequence[CalendarEvent] | EventIndex, tz: tzinfo, *,
          owner: str | None = None, claimed: Iterable[tuple[str, datetime]] = ()) -> Match:
    """The verdict for ``appt`` given the owner's ``events`` (any order, or an :class:`EventIndex`).

    ``owner`` is the owner's address; ``claimed`` holds ``(event.id, event.start)`` of entries
    that other mails' appointments are exactly (see :func:`judge_all`).
    """
    index = events if isinstance(events, EventIndex) else EventIndex(events)
    return _verdict(mail, appt, _relate_all(mail, appt, index, owner), tz, frozenset(claimed))


def _verdict(mail: MailMessage, appt: Appointment, found: _Related, tz: tzinfo,
             taken: Container[tuple[str, datetime]]) -> Match:
    clues, related, exact_unrelated = found.clues, found.related, found.exact_unrelated
    exact = [(r, e) for r, e in related if e.start == appt.start and not e.all_day and r.score >= OK_MIN]
    elsewhere = [(r, e) for r, e in related
                 if e.start != appt.start and _plausible(mail, appt, clues, e, r, claimed=taken)]
    best_exact = max(exact, key=lambda re_: (re_[0].tier, re_[0].score), default=None)
    best_else = min(elsewhere, key=lambda re_: (-re_[0].tier, abs(re_[1].start - appt.start),
                                                -re_[0].score), default=None)
    if best_exact and not (best_else and best_else[0].tier == 4 and best_exact[0].tier < 4):
        rel, event = best_exact
        return Match(Status.OK, event, differences(appt, event, tz), rel.score, rel.reasons)
    if best_else:
        rel, event = best_else
        return Match(Status.MISMATCH, event, differences(appt, event, tz), rel.score, rel.reasons)
    loose = exact_unrelated + [e for r, e in related if e.start == appt.start and not e.all_day]
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
    does not turn this one into a false mismatch.
    """
    # Without a configured owner, the address the mail is to tells the owner's own replies apart.
    owner = owner or likely_owner(mail for mail, _ in items)
    index = EventIndex(events)
    found = [_relate_all(mail, appt, index, owner) for mail, appt in items]
    first = [_verdict(mail, appt, f, tz, frozenset()) for (mail, appt), f in zip(items, found, strict=True)]
    # What the first pass found exactly, once: an entry claimed by appointment i counts against
    # every other appointment (that does not start at the same moment).
    exact_ok = [(i, _key(m.event), m.event.start) for i, m in enumerate(first)
                if m.status is Status.OK and m.event is not None and m.relatedness]
    holders: dict[tuple[str, datetime], list[tuple[int, datetime]]] = {}
    per_start: dict[datetime, int] = {}
    own: dict[int, datetime] = {}
    for i, key, start in exact_ok:
        holders.setdefault(key, []).append((i, start))
        per_start[start] = per_start.get(start, 0) + 1
        own[i] = start
    matches: list[Match] = []
    for position, (mail, appt) in enumerate(items):
        claimed = _Claimed(holders, position, appt.start)
        others = len(exact_ok) - per_start.get(appt.start, 0) - (own.get(position, appt.start) != appt.start)
        matches.append(_verdict(mail, appt, found[position], tz, claimed) if others else first[position])
    return matches


class _Claimed:
    """The entries other appointments (at another start) are exactly: what judge_all's second
    pass holds against ``position``, looked up in place rather than copied per appointment."""

    def __init__(self, holders: dict[tuple[str, datetime], list[tuple[int, datetime]]], position: int,
                 start: datetime) -> None:
        self._holders, self._position, self._start = holders, position, start

    def __contains__(self, key: object) -> bool:
        return any(i != self._position and at != self._start
                   for i, at in self._holders.get(key, ()))  # type: ignore[call-overload]
