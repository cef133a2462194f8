"""Deciding which date and time a mail confirms, if any.

Order of trust: an invitation's calendar part (METHOD:REQUEST/PUBLISH) first, schema.org
JSON-LD next, then the text. In the text every date is a candidate (see
:mod:`calcheck.extract.candidates`) and gets a score:

* it must have a start time, lie after the message was sent and within about a year;
* where it stands: the new text counts, the subject a little less, quoted mail not at all
  (quoted dates only win when the new text picks one: "②でお願いします", "2番目の候補",
  a bare "21日の16時" completed from the quoted list, or a plain "承知しました" to a single
  quoted proposal);
* cues near it: confirmation words raise it (でお願いします, 確定, 伺います, confirmed ...),
  deadline, payment, delivery, closure, business-hours and quote-header words on its line
  sink it, and so do arrival or availability particles right after the time (頃, までに, 以降);
* the mail as a whole: adverts, newsletters, delivery notices, out-of-office text and
  minutes sink every candidate; a mail with no appointment word at all is doubted;
* a list of options in a mail that asks which one suits is not a confirmation;
* in a reschedule ("12/3 10:00から12/4 10:00に変更") the date before から/の件 is the old one;
* a date its own sentence calls off (は中止, 延期とさせて, 欠席, "I can't make ... on Monday") is
  not confirmed, unless it is where the meeting moves to (に延期, "postponed to").

The best candidate at or above ``THRESHOLD`` wins; when none does, the mail confirms nothing.

Only the confirmation words and the appointment word raise a score (by 0.4 at most), so a
quoted candidate, or one the mail's kind or the words right after it sink by 0.6, cannot reach
``THRESHOLD``: asked for the appointment alone (``lazy``), decide leaves such candidates
unscored, and scores a quoted one only if the reply picks it. An advert, a delivery notice or
an away message sinks every candidate (a picked quoted one reaches 0.5 at most), and a text
without a time of day has no candidate with a start time, so in these ``lazy`` does not look
for dates at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from calcheck.extract import cues
from calcheck.extract.candidates import Candidate, absolute_dates, build, mentions, timings
from calcheck.extract.context import Context
from calcheck.extract.ical import from_calendars
from calcheck.extract.jsonld import from_jsonld
from calcheck.extract.sentence import called_off, sentence_span
from calcheck.extract.text import MAX_SEGMENT, Segment, fold, segment
from calcheck.model import Appointment, MailMessage

THRESHOLD = 0.55
MAX_AHEAD = timedelta(days=400)


@dataclass
class Decision:
    """Everything extraction considered for one mail, and what it concluded."""

    appointment: Appointment | None
    candidates: list[Candidate] = field(default_factory=list)
    source: str = "text"
    """``calendar``, ``jsonld``, ``text``, or ``none``."""
    why: str = ""
    notes: list[str] = field(default_factory=list)


def decide(mail: MailMessage, ctx: Context, *, lazy: bool = False) -> Decision:
    """Everything :func:`calcheck.extract.extract` works out, with the reasons.

    ``lazy``: only the appointment is wanted; candidates that cannot win are left unscored
    (see the module docstring), so the other candidates' scores and reasons are incomplete.
    """
    if mail.auto_reply:
        return Decision(None, source="none", why="an automatic reply (Auto-Submitted / X-Autoreply)")
    sent = (mail.date or ctx.now).astimezone(ctx.tz)
    cal = from_calendars(mail.calendars, ctx.tz, ctx.now)
    if cal.cancelled or cal.reply_only:
        what = "cancels the meeting (METHOD:CANCEL)" if cal.cancelled else "is an invitation reply"
        return Decision(None, source="calendar", why=f"the calendar part {what}; nothing to confirm",
                        notes=cal.notes)
    if cal.appointment is not None:
        return Decision(cal.appointment, source="calendar", why="an invitation's calendar part gives it",
                        notes=cal.notes)
    ld = from_jsonld(mail.jsonld, ctx.tz)
    if ld.cancelled:
        return Decision(None, source="jsonld", why="the schema.org data says it is cancelled",
                        notes=ld.notes)
    if ld.appointment is not None:
        return Decision(ld.appointment, source="jsonld", why="the schema.org JSON-LD gives it",
                        notes=ld.notes)
    return _from_text(mail, ctx, sent, cal.notes + ld.notes, lazy)


def _from_text(mail: MailMessage, ctx: Context, sent: datetime, notes: list[str], lazy: bool) -> Decision:
    subject_seg, new_seg = segment("subject", mail.subject), segment("new", mail.new_text)
    segs = [s for s in (subject_seg, new_seg, segment("quoted", mail.quoted_text)) if s is not None]
    if not segs:
        return Decision(None, source="none", why="no date or time anywhere in the text", notes=notes)
    # read even when they hold no date: "②でお願いします" picks from the quoted list
    new_text = _folded(mail.new_text[:MAX_SEGMENT], new_seg)
    subject = _folded(mail.subject[:1000], subject_seg)
    flags = cues.MailCues(mail.bulk, subject, new_text, (_low(subject, subject_seg), _low(new_text, new_seg)))
    sunk = lazy and _sunk(flags)
    times = [] if sunk else [timings(s) for s in segs]
    if lazy and not any(times):  # sunk, or no candidate can have a start time
        why = "the kind of mail sinks every candidate" if sunk else "no time of day anywhere in the text"
        return Decision(None, source="none", why=why, notes=notes)
    base = sent.date()
    found = [mentions(s) for s in segs]
    days = [absolute_dates([d], base) for d in found]  # each segment's, resolved once
    context = _merged([d for s, d in zip(segs, days, strict=True) if s.where != "subject"])
    anchor = _the_day(segs, days)
    cands: list[Candidate] = []
    for seg, dates, seg_times in zip(segs, found, times, strict=True):
        cands.extend(build(seg, dates, base, ctx.tz, context, anchor=anchor, times=seg_times))
    scoring = _Scoring(cands, flags)
    scoring.all(sent, lazy)
    _reply_choices(cands, new_text, scoring)
    timed = [c for c in cands if not c.rejected and not c.unscored]
    if not timed:
        return Decision(None, cands, "none", "no date with a start time after the mail was sent", notes)
    best = max(timed, key=lambda c: (c.score, c.where == "new", -c.span[0]))
    if best.score < THRESHOLD:
        return Decision(None, cands, "none",
                        f"the best candidate scores {best.score:.2f}, below {THRESHOLD}", notes)
    if best.start is None:  # pragma: no cover - a timeless candidate is always rejected
        return Decision(None, cands, "none", "no start time", notes)
    appt = Appointment(start=best.start, end=best.end, evidence=best.evidence.strip(), source="text",
                       confidence=round(min(1.0, max(0.0, best.score)), 2), warnings=best.warnings)
    return Decision(appt, cands, "text", f"the highest score ({best.score:.2f}) at or above {THRESHOLD}",
                    notes)


def _folded(text: str, seg: Segment | None) -> str:
    """``fold(text)``, cut from the segment made of the same text when there is one."""
    if seg is not None and seg.original.startswith(text):
        return seg.folded[:len(text)]  # fold is one character for one
    return fold(text)


def _low(folded: str, seg: Segment | None) -> str | None:
    """``cues.lowered(folded)``: the segment's copy when ``folded`` is its whole folded text."""
    return seg.low if seg is not None and folded is seg.folded else cues.lowered(folded)


def _merged(day_lists: list[list[date]]) -> list[date]:
    """The days of the lists in order, each once: what absolute_dates gives for all their segments."""
    out: list[date] = []
    for days in day_lists:
        out.extend(d for d in days if d not in out)
    return out


def _the_day(segs: list[Segment], seg_days: list[list[date]]) -> date | None:
    """The one date 当日/同日 mean: the subject and new text's only date (else the quoted text's).

    ``seg_days`` holds each segment's dates written with their month (absolute_dates).
    「【8/5 打合せ】」 in the subject and 「当日は15時に伺います」 in the body; two dates, and 当日
    could be either, so it means none.
    """
    for wheres in (("subject", "new"), ("quoted",)):
        days = _merged([d for s, d in zip(segs, seg_days, strict=True) if s.where in wheres])
        if days:
            return days[0] if len(days) == 1 else None
    return None


class _Scoring:
    """Scores the candidates of one mail, each against the others and the mail-wide cues."""

    def __init__(self, cands: list[Candidate], flags: cues.MailCues) -> None:
        self.cands, self.flags = cands, flags
        self.listed = len({c.start for c in cands if c.where == "new" and c.start and c.listed}) >= 2
        self.absent: dict[int, frozenset[str]] = {}

    def all(self, sent: datetime, lazy: bool) -> None:
        """Reject or score every candidate; ``lazy``: leave those that cannot win unscored."""
        for i, c in enumerate(self.cands):
            c.rejected = _rejected(c, sent)
            if c.rejected:
                continue
            if lazy and self._hopeless(c):
                c.unscored = True
                continue
            self.one(i)

    def _hopeless(self, c: Candidate) -> bool:
        """True when ``c`` cannot reach THRESHOLD: it is quoted or sunk by 0.6 (see the module
        docstring; what one tells here is told again by the scoring itself)."""
        return (c.where == "quoted" or _sunk(self.flags)
                or cues.AFTER_NEGATIVE.match(c.segment.folded, c.span[1], c.span[1] + 12) is not None)

    def one(self, i: int) -> None:
        """Score the candidate ``cands[i]``."""
        c, cands, flags = self.cands[i], self.cands, self.flags
        c.unscored = False
        nowhere = self.absent.get(id(c.segment))
        if nowhere is None:
            nowhere = self.absent[id(c.segment)] = _nowhere(c.segment)
        c.add(0.5, "a date with a start time")
        if c.where == "new":
            c.add(0.1, "in the new text")
        elif c.where == "quoted":
            c.add(-0.5, "in quoted earlier mail")
        near, near_low = _near(c)
        _local_cues(c, near, near_low, flags, nowhere)
        if c.date_mention.relative == "sameday" and any(
                o.start is not None and o.day == c.day and o.where != "quoted"
                and o.date_mention.relative != "sameday" for o in cands):
            c.add(-0.6, "当日's time, the day's own time written elsewhere (an arrival, a side plan)")
        if _is_old_date(i, cands) and flags.reschedule:
            c.add(-0.6, "the old date of a reschedule (another date follows it)")
        _mail_cues(c, near, flags)
        if (c.where == "new" and self.listed and c.listed and flags.asking
                and not cues.NEAR.search("CHOICE", near, near_low)):
            c.add(-0.7, "one of several options offered, none chosen yet")
        if c.warnings:
            c.reasons.append("warning: " + ", ".join(c.warnings))


def _sunk(flags: cues.MailCues) -> bool:
    """The mail's kind sinks every candidate by 0.6: none can win (see the module docstring)."""
    return flags.advert or flags.delivery or flags.away


def _rejected(c: Candidate, sent: datetime) -> str:
    if c.start is None:
        return "a date without a start time"
    if c.start < sent - timedelta(minutes=1):
        return "before the message was sent"
    if c.start > sent + MAX_AHEAD:
        return "more than a year after the message"
    return ""


# Cues looked for in a candidate's sentence; one that occurs nowhere in the candidate's segment
# is not looked for (see cues.loosened), most mails having none of them. (The line is short
# enough that LINE_NEGATIVE is searched there more cheaply than in the whole segment first.)
_SKIPPABLE = ("QUESTION", "TENTATIVE", "CALLED_OFF", "CANT_ATTEND_BEFORE")


def _nowhere(seg: Segment) -> frozenset[str]:
    """The per-candidate cues that cannot match anywhere in ``seg``."""
    return cues.NEAR.absent(_SKIPPABLE, seg.folded, seg.low)


def _local_cues(c: Candidate, near: str, near_low: str | None, flags: cues.MailCues,
                nowhere: frozenset[str] = frozenset()) -> None:
    found = cues.NEAR.words("CONFIRM", near, near_low)
    if found:
        c.add(min(0.3, 0.1 * len(found)), "confirmation words nearby: " + ", ".join(sorted(found)))
    if flags.has_cue:
        c.add(0.1, "the mail speaks of an appointment")
    else:
        c.add(-0.2, "no appointment word anywhere in the mail")
    low = c.segment.low
    a, b = c.line_span
    neg = cues.NEAR.words("LINE_NEGATIVE", c.segment.folded[a:b], None if low is None else low[a:b])
    if neg:
        c.add(-0.6, "on a line about " + ", ".join(sorted(neg)))
    # a quoted proposal is a question by nature; the reply decides it
    asks = c.where != "quoted" and "QUESTION" not in nowhere
    if asks or "TENTATIVE" not in nowhere:
        a, b = sentence_span(c)
        sentence, sentence_low = c.segment.folded[a:b], None if low is None else low[a:b]
        # "でお願いできますでしょうか" asks: its でお願い is no choice made
        if (asks and cues.NEAR.search("QUESTION", sentence, sentence_low)
                and not cues.CHOICE.search(cues.REQUEST_QUESTION.sub("", sentence))):
            c.add(-0.5, "asked as a question, not yet agreed")
        tentative = None if "TENTATIVE" in nowhere else cues.NEAR.found("TENTATIVE", sentence, sentence_low)
        if tentative:
            c.add(-0.6, f"held only provisionally ({tentative!r})")
    m = cues.AFTER_NEGATIVE.match(c.segment.folded, c.span[1], c.span[1] + 12)
    if m:
        c.add(-0.6, f"followed by {m.group(0).strip()!r} (arrival, deadline or availability)")
    off = called_off(c, nowhere)
    if off:
        c.add(-0.8, f"called off in the same sentence ({off!r})")


def _mail_cues(c: Candidate, near: str, flags: cues.MailCues) -> None:
    if flags.advert:
        c.add(-0.6, "the mail is an advert, newsletter or webinar invitation")
    if flags.delivery:
        c.add(-0.6, "the mail is a delivery notice")
    if flags.away:
        c.add(-0.6, "the mail says the sender is away")
    if flags.minutes and not cues.NEXT_MEETING.search(near):
        c.add(-0.5, "the mail is minutes of a meeting")


def _near(c: Candidate) -> tuple[str, str | None]:
    """The candidate's line with its neighbours, and its lower-cased copy (see Segment.low)."""
    text = c.segment.folded
    start = text.rfind("\n", 0, c.span[0]) + 1  # Segment.line_bounds, written out: it is hot
    end = text.find("\n", c.span[0])
    end = len(text) if end < 0 else end
    prev_start = text.rfind("\n", 0, max(start - 1, 0)) + 1 if start else start
    next_end = text.find("\n", end + 1)
    next_end = len(text) if next_end < 0 or end >= len(text) else next_end
    s0, s1 = c.span
    a, b = max(prev_start, s0 - 200), min(next_end, s1 + 200)
    low = c.segment.low
    return text[a:b], None if low is None else low[a:b]


def _is_old_date(i: int, cands: list[Candidate]) -> bool:
    """Followed by の件/から/→ and then, on the same line, another date: the date being moved."""
    c = cands[i]
    if not cues.OLD_AFTER.match(c.segment.folded, c.span[1], c.span[1] + 6):
        return False
    _, end = c.segment.line_bounds(c.span[0])
    nxt = cands[i + 1] if i + 1 < len(cands) else None
    return nxt is not None and nxt.segment is c.segment and c.span[1] <= nxt.span[0] <= end + 40


def _reply_choices(cands: list[Candidate], new_text: str, scoring: _Scoring) -> None:
    """A reply that picks from quoted options: make the picked quoted option a strong candidate."""
    quoted = [c for c in cands if c.where == "quoted" and not c.rejected]
    if not quoted or not new_text:
        return
    options = _distinct(quoted)
    pick = cues.picked_option(new_text)
    chosen: Candidate | None = None
    how = ""
    if pick is not None:
        number, words = pick
        marked = [c for c in options if c.marker == number]
        if marked:
            chosen = marked[0]
        elif all(c.marker is None for c in options) and 0 < number <= len(options):
            chosen = options[number - 1]
        how = f"the reply picks option {number} ({words!r})"
    new_timed = [c for c in cands if c.where == "new" and not c.rejected and c.score >= THRESHOLD]
    if chosen is None and not new_timed:
        for c in cands:
            if c.where == "new" and c.start is None and cues.NEAR.search("CHOICE", *_near(c)):
                same = _distinct([q for q in options if q.day == c.day])
                if len(same) == 1:
                    chosen, how = same[0], f"the reply names {c.evidence!r}, the quoted option of that day"
                    break
    if chosen is None and not new_timed and cues.ACCEPT.search(new_text) and len(options) == 1:
        chosen, how = options[0], "the reply accepts the one quoted proposal"
    if chosen is not None:
        if chosen.unscored:
            scoring.one(cands.index(chosen))
        promoted = replace(chosen, where="quoted-choice", reasons=list(chosen.reasons))
        promoted.add(0.6 + 0.1, how)
        cands.append(promoted)


def _distinct(cands: list[Candidate]) -> list[Candidate]:
    seen: set[datetime | None] = set()
    out: list[Candidate] = []
    for c in cands:
        if c.start not in seen:
            seen.add(c.start)
            out.append(c)
    return out


__all__ = ["THRESHOLD", "Decision", "Segment", "decide"]
