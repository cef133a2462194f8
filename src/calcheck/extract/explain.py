"""Why extraction decided what it did: every candidate, where it stood, its score and reasons.

``explain`` runs the very same decision as :func:`calcheck.extract.extract` and keeps what it
considered; ``render`` turns that into text for ``calcheck explain FILE.eml``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from calcheck.extract.context import Context
from calcheck.extract.decide import THRESHOLD, decide
from calcheck.model import Appointment, MailMessage


@dataclass(frozen=True)
class CandidateView:
    """One candidate as the explanation shows it."""

    where: str
    """``new``, ``quoted``, ``subject``, ``quoted-choice`` (picked by the reply)."""
    evidence: str
    start: str | None
    end: str | None
    score: float
    reasons: tuple[str, ...]
    rejected: str
    chosen: bool


@dataclass(frozen=True)
class Explanation:
    """Everything extraction considered for one message."""

    message_id: str
    subject: str
    appointment: Appointment | None
    source: str
    """``calendar``, ``jsonld``, ``text`` or ``none``."""
    why: str
    candidates: tuple[CandidateView, ...] = ()
    notes: tuple[str, ...] = field(default=())
    threshold: float = THRESHOLD


def explain(mail: MailMessage, ctx: Context) -> Explanation:
    """The decision on ``mail`` with every candidate found and the reasons for each."""
    decision = decide(mail, ctx)
    appt = decision.appointment
    views = []
    for c in decision.candidates:
        chosen = (appt is not None and decision.source == "text" and c.start == appt.start
                  and c.evidence.strip() == appt.evidence and not c.rejected)
        views.append(CandidateView(
            where=c.where, evidence=c.evidence.strip(), start=c.start.isoformat() if c.start else None,
            end=c.end.isoformat() if c.end else None, score=round(c.score, 2), reasons=tuple(c.reasons),
            rejected=c.rejected, chosen=chosen))
    return Explanation(mail.message_id, mail.subject, appt, decision.source, decision.why, tuple(views),
                       tuple(decision.notes))


def render(explanation: Explanation) -> str:
    """The explanation as plain text for people."""
    e = explanation
    lines = [f"Message-ID: {e.message_id or '(none)'}", f"Subject:    {e.subject}"]
    if e.appointment is None:
        lines.append(f"Decision:   no appointment ({e.why})")
    else:
        a = e.appointment
        end = f" - {a.end.isoformat()}" if a.end else ""
        lines.append(f"Decision:   {a.start.isoformat()}{end} from {e.source} ({e.why})")
        lines.append(f"Evidence:   {a.evidence}")
        lines.append(f"Confidence: {a.confidence:.2f}" + (f"  warnings: {', '.join(a.warnings)}"
                                                           if a.warnings else ""))
        if a.uid:
            lines.append(f"UID:        {a.uid}")
    lines.extend(f"Note:       {n}" for n in e.notes)
    if e.candidates:
        lines.append(f"Candidates (a start time and a score of {e.threshold:.2f} or more can win):")
    for c in e.candidates:
        mark = "=>" if c.chosen else "  "
        when = c.start or "(no time)"
        lines.append(f" {mark} [{c.where}] {c.evidence!r} -> {when}" + (f" - {c.end}" if c.end else ""))
        if c.rejected:
            lines.append(f"      out: {c.rejected}")
        else:
            lines.append(f"      score {c.score:.2f}")
            lines.extend(f"        {r}" for r in c.reasons)
    return "\n".join(lines)
