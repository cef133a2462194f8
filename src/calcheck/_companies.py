"""Company names written in mail and calendar text: 株式会社XX, XX株式会社, XX商事, "Acme Corp",
and the 「XXの田中です」 by which a writer introduces their company and themselves.

Pure. Japanese has no spaces, so names are found by pattern as substrings. A pattern that ends
in a legal form, a trade word or 「の田中です」 is tried only just before those words
(:func:`_near`), not at every character of a long text.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator

from calcheck._words import _stripped, distinctive

LEGAL = (r"(?:株式会社|有限会社|合同会社|合資会社|合名会社|\(株\)|\(有\)|一般社団法人|一般財団法人|"
         r"公益社団法人|公益財団法人|社会福祉法人|医療法人社団|医療法人財団|医療法人|学校法人|"
         r"特定非営利活動法人|NPO法人)")
_BUSINESS = (r"(?:商事|商会|商店|物産|産業|工業|興業|製作所|建設|建工|電設|電機|電気|電子|電工|食品|印刷|"
             r"不動産|総研|研究所|技研|化成|化学|製薬|設備|保険|物流|運輸|学園|会計|工務店|住建|精機|鉄工|"
             r"旅行|広告|銀行|証券|信金|病院|クリニック|医院|事務所|法律事務所|システム|システムズ|"
             r"ソリューションズ|テクノロジー|テック|メディカル|ホールディングス|コーポレーション|通信|情報|"
             r"振興センター|協会|組合)")
_NAME = r"[0-9A-Za-z\u3040-\u30ff\u3400-\u9fff\u3005\u30fc・&'\-]"
_LEGAL_BEFORE = re.compile(LEGAL + r"\s?(" + _NAME + r"{2,24})")
_LEGAL_AFTER = re.compile(r"(" + _NAME + r"{2,24}?)\s?" + LEGAL)
_SUFFIXED = re.compile(r"((?:[\u3400-\u9fff\u3005\u30f6]{1,12}|[\u30a0-\u30ff]{1,16}|[\u3040-\u309f]{2,12}|"
                       r"[A-Za-z]{1,20})"
                       + _BUSINESS + r")")
_LATIN_CO = re.compile(r"\b([A-Z][\w&'-]{0,30}(?: [A-Z][\w&'-]{0,30}){0,2})[ ,]+"
                       r"(?:Inc|Corp|Corporation|Ltd|LLC|GmbH|Co|K\.K\.|Pte|PLC|Limited|Group|Labs|Analytics|Partners|Systems)\b")
_INTRO_END = re.compile("です|でございます|と申します")
_INTRO = re.compile(r"(?:^|[\s。、])([^\s。、]{2,24}?)\s?の\s?([^\s。、のは]{1,6}?)"
                    r"(?:です|でございます|と申します)")
_INTRO_TAIL = re.compile(r"の\s?[^\s。、のは]{1,6}?(?:です|でございます|と申します)")
"""What follows the company name in every match of :data:`_INTRO`, at most 26 characters from
its start: an anchor for :func:`_near` far rarer than :data:`_INTRO_END`."""
_VERBISH = re.compile(r"^.*(?:ます|です|した|ました|おります|ください|いたします)")
_OURS_PREFIX = re.compile(r"^(?:弊社|当社|御社|貴社|小社|私ども|わたくしども)")
_LEGAL_WORD = re.compile(LEGAL)
_BUSINESS_WORD = re.compile(_BUSINESS)
_BUSINESS_END = re.compile(_BUSINESS + "$")
_NAME_RUN = re.compile(_NAME + r"*\Z")
_SUFFIXED_RUN = re.compile(r"[\u3400-\u9fff\u3005\u30f6\u30a0-\u30ff\u3040-\u309fA-Za-z]*\Z")
_UPPER = re.compile("[A-Z]")


@functools.lru_cache(maxsize=65536)
def company_name(name: str) -> str | None:
    """``name`` as a company name, without legal form or 弊社-like prefix; None if it cannot be one."""
    # Cached: a mail's own company and its correspondents' come back in mail after mail.
    name = _VERBISH.sub("", name)
    name = _OURS_PREFIX.sub("", _LEGAL_WORD.sub("", name)).strip(" ・-")
    if not distinctive(name):
        return None
    # 「販売管理システム」 is a product, 「東和システム」 a company: the stem must carry no generic word.
    stem = _BUSINESS_END.sub("", name)
    if stem != name and _stripped(stem) != (stem,):
        return None
    return name


def companies_in(text: str) -> set[str]:
    """Company names written in ``text`` (normalized), without their legal form."""
    found: set[str] = set()
    matches = list(_near(_SUFFIXED, _BUSINESS_WORD, 20, _SUFFIXED_RUN, text))
    if _LEGAL_WORD.search(text):  # which both legal-form patterns need
        matches += [*_LEGAL_BEFORE.finditer(text), *_near(_LEGAL_AFTER, _LEGAL_WORD, 25, _NAME_RUN, text)]
    for match in matches:
        name = company_name(match.group(1))
        if name:
            found.add(name)
    latin = unicodedata.normalize("NFKC", text)
    if _UPPER.search(latin):  # _LATIN_CO needs a capital, and normalized text has none
        for match in _LATIN_CO.finditer(latin):
            name = match.group(1).lower()
            if distinctive(name):
                found.add(name)
    return found


def _near(pattern: re.Pattern[str], anchor: re.Pattern[str], before: int, run: re.Pattern[str] | None,
          text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, tried only just before the anchors (a legal form, a trade
    word, です): trying :data:`_LEGAL_AFTER`, :data:`_SUFFIXED` or :data:`_INTRO` at every
    character of a long Japanese text costs many times more than finding the few anchors.

    Every match holds an ``anchor`` match at most ``before`` characters after its start (and
    at least one after it), and with ``run``, only characters of ``run`` (the name, 「東和」 of
    「東和システム」) from its start up to the character before that anchor. So from where the
    scan stands, no match starts before ``before`` characters ahead of the next anchor, nor
    before the run of ``run`` characters that ends next to it; the pattern (no look-behind, no
    look-ahead past the anchor) is tried from there up to the anchor, start by start as
    ``finditer`` would, and with no match starting there, the scan goes on after the anchor."""
    pos = 0
    while (found := anchor.search(text, pos)) is not None:
        at = found.start()
        first = max(pos, at - before)
        tail = run.search(text, first, at - 1) if run is not None and at - 1 > first else None
        if tail is not None:
            first = tail.start()
        for start in range(first, at + 1):
            if (match := pattern.match(text, start)) is not None:
                yield match
                pos = match.end()
                break
        else:
            pos = at + 1


def introductions(text: str) -> Iterator[tuple[str | None, str | None]]:
    """For each 「XXの田中です」 in ``text`` (normalized): XX as a company name, and 田中 if it
    can count as a person's name (each None if not)."""
    for match in _near(_INTRO, _INTRO_TAIL, 26, None, text):
        org = match.group(1).split()[0] if match.group(1).split() else ""
        person = match.group(2)
        yield company_name(org), person if distinctive(person) else None
