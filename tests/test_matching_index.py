"""The shortcuts of matching change nothing: the index and the lazy search no verdict, the
anchored name patterns no name.

``judge_all`` relates an appointment only to the events of :class:`EventIndex` groups and stops
walking them once nothing left can beat what it has. Here a dense, random calendar (the same
clients every day, shared words, UIDs, recurring entries, meeting numbers, changes) is judged
both ways: by ``judge_all``, and by the plain definition — every appointment related to every
event, the verdict chosen among all of them. Every field of every verdict must agree.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Container, Sequence
from datetime import datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

import pytest

from calcheck import _clues
from calcheck._clues import Clues, mail_clues
from calcheck._relate import MailSide, Relation, event_facts
from calcheck.matching import (
    OK_MIN,
    Match,
    _plausible,
    differences,
    judge,
    judge_all,
    likely_owner,
)
from calcheck.model import Appointment, CalendarEvent, MailMessage, Status

TOKYO = ZoneInfo("Asia/Tokyo")
OWNER = "morio@sampletech.example.jp"
BASE = datetime(2026, 12, 1, 9, 0, tzinfo=TOKYO)
COMPANIES = [("ことぶき商会", "kotobuki-shokai.example.jp"), ("あおば商事", "aoba.example.co.jp"),
             ("東和システム", "towa-sys.example.jp"), ("Acme Corp", "acme.example.com"),
             ("ひばり薬品", "hibari.example.jp"), ("楓データ工房", "kaede.example.jp")]
PEOPLE = ["小山", "田中", "佐藤", "Smith", "鈴木", "高橋"]
WORDS = ["要件定義", "価格改定", "データ移行", "セキュリティ監査", "roadmap", "pricing"]
KINDS = ["【訪問】", "【来社】", "定例 ", "打合せ ", "", "Web会議 "]
_Relations = list[tuple[Relation, CalendarEvent]]


def _event(rng: random.Random, n: int) -> CalendarEvent:
    company, domain = rng.choice(COMPANIES)
    person = rng.choice(PEOPLE)
    parts = [rng.choice(KINDS), company if rng.random() < 0.7 else "",
             f"{person}様" if rng.random() < 0.5 else ""]
    if rng.random() < 0.3:
        parts.append(rng.choice(WORDS))
    if rng.random() < 0.15:
        parts.append(f"第{rng.randint(1, 4)}回")
    start = BASE + timedelta(days=rng.randint(-70, 70), minutes=30 * rng.randint(0, 16))
    attendees: tuple[str, ...] = ()
    if rng.random() < 0.3:
        attendees = (f"{person.lower()}@{domain}" if rng.random() < 0.5 else f"info@{domain}",)
    all_day = rng.random() < 0.05
    return CalendarEvent(
        id=f"e{n}", uid=f"uid-{rng.randint(0, 80)}" if rng.random() < 0.2 else "",
        summary=" ".join(p for p in parts if p), start=start.replace(hour=0, minute=0) if all_day else start,
        end=None if rng.random() < 0.2 else start + timedelta(minutes=30 * rng.randint(1, 4)),
        all_day=all_day, attendees=attendees, recurring=rng.random() < 0.15,
        description=rng.choice(["", "", "見積書の件", f"{rng.choice(WORDS)}について"]))


def _mail(rng: random.Random, n: int) -> tuple[MailMessage, Appointment]:
    company, domain = rng.choice(COMPANIES)
    person = rng.choice(PEOPLE)
    subject = " ".join(w for w in (rng.choice(["お打合せの件", "ご訪問日程", "Re: 定例", "日程変更のお願い"]),
                                    rng.choice(WORDS) if rng.random() < 0.4 else "",
                                    f"第{rng.randint(1, 4)}回" if rng.random() < 0.2 else "") if w)
    intro = f"{company}の{person}です。" if rng.random() < 0.6 else "お世話になっております。"
    body = f"株式会社サンプルテック\n森尾様\n\n{intro}\n次回もよろしくお願いいたします。\n"
    start = BASE + timedelta(days=rng.randint(-60, 60), minutes=30 * rng.randint(0, 16))
    sent = start - timedelta(days=rng.randint(-3, 20))
    from_owner = rng.random() < 0.1
    sender = OWNER if from_owner else f"{person.lower()}@{domain if rng.random() < 0.8 else 'gmail.com'}"
    mail = MailMessage(ref=f"m{n}", message_id=f"<m{n}@test>", subject=subject, sender_name=person,
                       sender_addr=sender, date=sent, new_text=body,
                       recipients=(f"{person.lower()}@{domain}",) if from_owner else (OWNER,))
    appt = Appointment(start=start, end=start + timedelta(hours=1) if rng.random() < 0.7 else None,
                       evidence=subject, source="text",
                       uid=f"uid-{rng.randint(0, 80)}" if rng.random() < 0.15 else None)
    return mail, appt


def _reference_verdict(mail: MailMessage, appt: Appointment, clues: Clues,
                       relations: _Relations, tz: tzinfo, *, taken: Container[tuple[str, datetime]]) -> Match:
    related = [(r, e) for r, e in relations if r.score]
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
    at_start = [(r, e) for r, e in relations if e.start == appt.start and not e.all_day]
    loose = [e for r, e in at_start if not r.score] + [e for r, e in at_start if r.score]
    if loose:
        return Match(Status.OK, loose[0], differences(appt, loose[0], tz), 0, ("same-time",))
    return Match(Status.MISSING, None)


def _relations(clues: Clues, events: Sequence[CalendarEvent]) -> tuple[Clues, _Relations]:
    """:func:`relate` of every event, with the mail side and the events' facts made once."""
    side = MailSide(clues)
    return clues, [(side.relate(event_facts(event)), event) for event in events]


def _reference(items: Sequence[tuple[MailMessage, Appointment]], events: Sequence[CalendarEvent],
               tz: tzinfo) -> list[Match]:
    """judge_all by its definition: every event related, claims held by every other appointment."""
    owner = likely_owner(mail for mail, _ in items)
    looks = [_relations(mail_clues(mail, appt, owner), events) for mail, appt in items]
    first = [_reference_verdict(mail, appt, clues, rels, tz, taken=frozenset())
             for (mail, appt), (clues, rels) in zip(items, looks, strict=True)]
    held = [(i, (m.event.id, m.event.start)) for i, m in enumerate(first)
            if m.status is Status.OK and m.event is not None and m.relatedness]
    matches = []
    for position, ((mail, appt), (clues, rels)) in enumerate(zip(items, looks, strict=True)):
        taken = {key for i, key in held if i != position and items[i][1].start != appt.start}
        matches.append(_reference_verdict(mail, appt, clues, rels, tz, taken=taken))
    return matches


@pytest.mark.parametrize("seed", range(8))
def test_judge_all_agrees_with_relating_every_event(seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    events = [_event(rng, n) for n in range(300)]
    items = [_mail(rng, n) for n in range(120)]
    # Some appointments exactly at an entry's start, some sharing another appointment's start.
    for n in range(0, len(items), 3):
        mail, appt = items[n]
        items[n] = mail, Appointment(start=rng.choice(events).start, end=appt.end, evidence=appt.evidence,
                                     source=appt.source, uid=appt.uid)
    got = judge_all(items, events, TOKYO)
    assert got == _reference(items, events, TOKYO)
    owner = likely_owner(mail for mail, _ in items)
    for mail, appt in items[:15]:
        clues, relations = _relations(mail_clues(mail, appt, owner), events)
        assert judge(mail, appt, events, TOKYO, owner=owner) == _reference_verdict(
            mail, appt, clues, relations, TOKYO, taken=frozenset())
    assert {Status.OK, Status.MISMATCH} <= {m.status for m in got}  # the data says something


FRAGMENTS = [
    "株式会社", "有限会社", "(株)", "特定非営利活動法人", "医療法人社団", "商事", "システム",
    "ソリューションズ", "法律事務所", "テック", "東和", "あおば", "ことぶき", "カタカナカタカナ",
    "漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字", "ひらがなひらがなひらがなひらがなひらがな",
    "の", "は", "です", "でございます", "と申します", "ー", "・", " ", "\n", "\u3000", "、", "。",
    "Acme", " Corp", " Inc", "abc", "x", "1", "ı", "Change", "定例", "weekly", "変更",
]


def _plain_companies_in(text: str) -> set[str]:
    """companies_in by its definition: each pattern tried at every character."""
    found: set[str] = set()
    for pattern in (_clues._LEGAL_BEFORE, _clues._LEGAL_AFTER, _clues._SUFFIXED):
        found.update(name for m in pattern.finditer(text) if (name := _clues.company_name(m.group(1))))
    for m in _clues._LATIN_CO.finditer(unicodedata.normalize("NFKC", text)):
        if _clues.distinctive(name := m.group(1).lower()):
            found.add(name)
    return found


def test_names_found_near_their_anchors_are_those_found_everywhere() -> None:
    rng = random.Random(7)  # noqa: S311 - test data, not secrets
    near = [(_clues._LEGAL_AFTER, _clues._LEGAL_WORD, 25, _clues._NAME_RUN),
            (_clues._SUFFIXED, _clues._BUSINESS_WORD, 20, _clues._SUFFIXED_RUN),
            (_clues._INTRO, _clues._INTRO_END, 34, None)]
    for _ in range(4000):
        text = "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 40)))
        for pattern, anchor, before, run in near:
            assert ([m.span() for m in _clues._near(pattern, anchor, before, run, text)]
                    == [m.span() for m in pattern.finditer(text)]), (pattern.pattern, text)
        assert _clues.companies_in(text) == _plain_companies_in(text), text
        low = _clues.norm(text)
        assert _clues._says(_clues._CHANGE, low, _clues._CHANGE_WORDS) == bool(_clues._CHANGE.search(low))
        assert _clues._says(_clues._RECUR, low) == bool(_clues._RECUR.search(low))


def test_norm_line_by_line_is_norm_of_the_whole() -> None:
    rng = random.Random(11)  # noqa: S311 - test data, not secrets
    pieces = ["：", "（", "）", "～", "１", "Ａ", "ｶ", "ﾞ", "ﾟ", "\u3099", "\u0301", "\u0327", "e", "か", "Σ",
              "ΑΣ", "İ", "ﬁ", "㈱", "\n", "\n\n", " ", "\u3000", "abc", "株式会社", "\r\n", "\u2028"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        assert _clues.norm(text) == unicodedata.normalize("NFKC", text).lower(), ascii(text)
