"""The mail side of relating a mail to a calendar entry: the clues one mail holds (:class:`Clues`).

Pure. :func:`mail_clues` reads from a mail the counterpart's addresses and company domains, the
company names (株式会社XX, XX株式会社, XX商事, 「XXの田中です」, "Acme Corp", the domain's label;
found by :mod:`calcheck._companies`), family names, distinctive words of the subject, and meeting
numbers; and, apart, the owner's side (the addressee block 「株式会社サンプルテック 森尾様」, the
owner's address), which never counts as evidence. Generic words (:data:`calcheck._words.GENERIC`:
打合せ, 訪問, 様, meeting, call ...) never count.

:mod:`calcheck._relate` scores the clues against events.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from calcheck._companies import (
    _BUSINESS_WORD,
    _INTRO,
    _INTRO_END,
    _LATIN_CO,
    _LEGAL_AFTER,
    _LEGAL_BEFORE,
    _LEGAL_WORD,
    _NAME_RUN,
    _SUFFIXED,
    _SUFFIXED_RUN,
    LEGAL,
    _near,
    companies_in,
    company_name,
    introductions,
)
from calcheck._words import (
    GENERIC,
    _generic_cjk_longest_first,
    distinctive,
    is_cjk,
    norm,
    strip_generic,
    words_of,
)
from calcheck.model import Appointment, MailMessage

# Moved to calcheck._words and calcheck._companies; still found here, where the tests and older
# callers look for them.
__all__ = [
    "FREE_MAIL", "GENERIC", "HONORIFIC", "LEGAL", "SPLIT", "_BUSINESS_WORD", "_CHANGE", "_CHANGE_WORDS",
    "_INTRO", "_INTRO_END", "_LATIN_CO", "_LEGAL_AFTER", "_LEGAL_BEFORE", "_LEGAL_WORD", "_NAME_RUN",
    "_RECUR", "_SUFFIXED", "_SUFFIXED_RUN", "Clues", "_generic_cjk_longest_first", "_near", "_says",
    "companies_in", "company_name", "distinctive", "domain_of", "is_cjk", "mail_clues", "norm",
    "ordinals", "strip_generic", "words_of",
]

FREE_MAIL = frozenset({
    "gmail.com", "googlemail.com", "yahoo.co.jp", "yahoo.com", "ymail.com", "outlook.com", "outlook.jp",
    "hotmail.com", "hotmail.co.jp", "icloud.com", "me.com", "mac.com", "docomo.ne.jp", "ezweb.ne.jp",
    "au.com", "softbank.ne.jp", "i.softbank.jp", "live.jp", "live.com", "aol.com", "msn.com",
    "protonmail.com", "proton.me", "nifty.com", "biglobe.ne.jp", "so-net.ne.jp", "ocn.ne.jp",
})

HONORIFIC = re.compile(r"(様|さま|さん|氏|殿|先生|社長|副社長|部長|課長|所長|事務長|係長|室長|専務|"
                       r"常務|会長|理事長|院長|校長|教授)$")
SPLIT = re.compile(r"[\s【】\[\]()（）「」『』<>＜＞・/／|｜:：;；,，、。.!?！？\"“”–—~〜×+＋=＝*#@]+"
                   r"|(?<=\w) [x-] (?=\w)")
_ORDINAL = re.compile(r"第\s?([0-9]+)\s?回|#\s?([0-9]+)\b|\b(?:part|session|round)\s?([0-9]+)\b",
                      re.IGNORECASE)
_CHANGE = re.compile(r"変更|延期|振替|振り替え|リスケ|繰り上げ|繰り下げ|reschedul|postpone|moved to|new time|"
                     r"\bupdated\b|\bchanged?\b", re.IGNORECASE)
_RECUR = re.compile(r"定例|定期|毎週|隔週|毎月|weekly|bi-?weekly|monthly|recurring|regular", re.IGNORECASE)
_CHANGE_WORDS = re.compile("変更|延期|振替|振り替え|リスケ|繰り上げ|繰り下げ|"
                           "reschedul|postpone|moved to|new time|updated|change")
"""A word every match of :data:`_CHANGE` holds: a plain search that rules most mail out."""
_CASED = {p: re.compile(p.pattern) for p in (_CHANGE, _RECUR, _ORDINAL)}
_DOMAIN_NOISE = frozenset({"mail", "mx", "smtp", "www", "m", "e", "mg", "em", "send", "news", "info", "jp",
                           "co", "ne", "or", "ac", "go", "com", "net", "org", "example", "corp", "group"})


def _caseless(pattern: re.Pattern[str], text: str) -> re.Pattern[str]:
    """``pattern`` (re.IGNORECASE, its words in lower case), or the same pattern with case, which
    finds the same in normalized ``text`` unless it holds a dotless ı: ignoring case is slow,
    and in normalized text, which is in lower case, the one character re.IGNORECASE still
    matches besides a pattern's own is ı (for i)."""
    return pattern if "ı" in text else _CASED[pattern]


def _says(pattern: re.Pattern[str], text: str, gate: re.Pattern[str] | None = None) -> bool:
    """Whether ``pattern`` is found in normalized ``text`` (see :func:`_caseless`); ``gate``, a
    plain alternation of words every match holds, rules most text out first."""
    if "ı" in text:
        return pattern.search(text) is not None
    return (gate is None or gate.search(text) is not None) and _CASED[pattern].search(text) is not None


def _family_name(display: str) -> str | None:
    display = re.sub(r"[(（].*?[)）]|\".*?\"", " ", norm(display)).strip()
    parts = [p for p in re.split(r"[\s/／,]+", display) if p]
    if not parts:
        return None
    if is_cjk(parts[0]):
        cjk = [p for p in parts if is_cjk(p)]
        family = cjk[0] if len(cjk) > 1 else (cjk[0][:2] if len(cjk[0]) >= 3 else cjk[0])
        return family if distinctive(family) and not companies_in(family) else None
    family = parts[-1] if len(parts) > 1 else parts[0]
    return family if len(family) >= 3 and family.isalpha() else None


_ADDRESSED = re.compile(r"(様|さま|殿|御中|各位)\s*$")


def _addressee_block(text: str) -> str:
    """The opening lines that address the reader (「株式会社サンプルテック\\n営業部 森尾様」)."""
    lines: list[str] = []
    for line in text.splitlines()[:8]:
        if not line.strip():
            if lines:
                break
            continue
        lines.append(line)
        if _ADDRESSED.search(line.strip()):
            return "\n".join(lines)
    return ""


@dataclass(frozen=True)
class Clues:
    """What in one mail can tie it to a calendar entry; see the module docstring."""

    uid: str | None
    addresses: frozenset[str]
    domains: frozenset[str]
    companies: frozenset[str]
    people: frozenset[str]
    words: frozenset[str]
    text: str
    """Subject, sender name and new text, normalized, the addressee block left out."""
    ours: frozenset[str]
    """The owner's side: company and person names from the addressee block, the owner's address."""
    ordinals: frozenset[int]
    changes: bool
    """The mail announces a change of date (変更, reschedule)."""
    recurrence: bool
    """The mail speaks of a recurring meeting (定例, weekly)."""


def domain_of(address: str) -> str | None:
    """The company domain of ``address``; None for free-mail providers."""
    domain = address.rpartition("@")[2].lower().strip()
    return domain if domain and domain not in FREE_MAIL else None


@functools.lru_cache(maxsize=4096)
def _domain_words(domain: str) -> frozenset[str]:
    labels = [lab for lab in domain.split(".") if lab not in _DOMAIN_NOISE]
    if not labels:
        return frozenset()
    # "kotobuki-shokai": the whole label and its first piece; the rest is often the trade (商会).
    first = re.split(r"[-_]", labels[0])[0]
    return frozenset(w for w in (first, re.sub(r"[-_]", "", labels[0])) if len(w) >= 4 and w not in GENERIC)


def ordinals(text: str) -> set[int]:
    """The meeting numbers (第3回, #3, Part 3) written in ``text``."""
    text = norm(text)
    if "ı" not in text and not any(word in text for word in _ORDINAL_WORDS):
        return set()
    return {int(next(g for g in m.groups() if g)) for m in _caseless(_ORDINAL, text).finditer(text)}


_ORDINAL_WORDS = ("第", "#", "part", "session", "round")
"""A word every match of :data:`_ORDINAL` holds in normalized text without a dotless ı (see
:func:`_caseless`): plain searches that rule most text out."""


# The addressee block, the subject and the sender's name come back in mail after mail (the
# same reader, thread and correspondent): what is read from them alone is cached.


@functools.lru_cache(maxsize=4096)
def _head(head: str) -> tuple[frozenset[str], frozenset[str]]:
    """The company names in an addressee block, and those and the other names it holds."""
    companies = companies_in(head)
    names = set(companies)
    for line in head.splitlines():
        names.update(t for t in SPLIT.split(HONORIFIC.sub("", line.strip())) if distinctive(t))
    return frozenset(companies), frozenset(names)


@functools.lru_cache(maxsize=4096)
def _subject(subject: str) -> tuple[str, frozenset[str], frozenset[str]]:
    """A subject normalized, its company names and its distinctive words."""
    subject = norm(subject)
    return (subject, frozenset(companies_in(subject)),
            frozenset(p for t in SPLIT.split(subject) for p in words_of(t)))


@functools.lru_cache(maxsize=4096)
def _sender(name: str) -> tuple[str, frozenset[str], str | None]:
    """A sender's display name normalized, the company names in it and the family name."""
    normalized = norm(name)
    return normalized, frozenset(companies_in(normalized)), _family_name(name)


def mail_clues(mail: MailMessage, appt: Appointment, owner: str | None = None) -> Clues:
    """The clues in ``mail`` (whose appointment is ``appt``); ``owner`` is the owner's address."""
    own = (owner or "").lower()
    sender = mail.sender_addr.lower()
    from_owner = bool(own) and sender == own
    counterpart = [r.lower() for r in mail.recipients] if from_owner else [sender]
    addresses = frozenset(a for a in counterpart if a and a != own)
    own_domain = own.rpartition("@")[2]
    domains = frozenset(d for a in addresses if (d := domain_of(a)) and d != own_domain)
    new = norm(mail.new_text)
    subject, subject_companies, words = _subject(mail.subject)
    sender_name, sender_companies, family = _sender(mail.sender_name)
    head = _addressee_block(new)
    body = new.replace(head, " ", 1) if head else new
    head_companies, head_names = _head(head)
    # The addressee block names the reader: the owner in mail they receive, the other party in
    # mail they sent (「ひばり薬品\n岡様」). The owner's own body and signature name the owner.
    ours = set() if from_owner else set(head_names)
    # The owner receives the mail: their address (and co-recipients') is not the other party's.
    ours.update(r.lower() for r in mail.recipients if not from_owner)
    if own:
        ours.add(own)
    companies: set[str] = set()
    people: set[str] = set()
    if from_owner:
        companies |= head_companies | subject_companies
        people |= {t for t in head_names if t not in companies and not companies_in(t)}
        for domain in domains:
            companies |= _domain_words(domain)
        # what else the owner's text names as a company is the owner's (the signature), and so is
        # the owner's own name
        ours |= companies_in(body) - companies
        ours.update(n for n in (family,) if n)
    else:
        companies |= subject_companies | companies_in(body)
        companies |= sender_companies
        for name, person in introductions(body):
            if name:
                companies.add(name)
            if person:
                people.add(person)
        if family:
            people.add(family)
        for domain in domains:
            companies |= _domain_words(domain)
    evidence = f"{mail.subject} {appt.evidence}"
    # norm(subject + "\n" + new_text): NFKC and lower case change nothing across a line break
    whole = f"{subject}\n{new}"
    return Clues(
        uid=appt.uid,
        addresses=addresses,
        domains=domains,
        companies=frozenset(companies - ours),
        people=frozenset(people - ours),
        words=words - ours,
        text=" ".join((subject, sender_name, body)),
        ours=frozenset(ours),
        ordinals=frozenset(ordinals(evidence)),
        changes=_says(_CHANGE, whole, _CHANGE_WORDS),
        recurrence=_says(_RECUR, whole),
    )
