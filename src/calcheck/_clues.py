"""The mail side of relating a mail to a calendar entry: the clues one mail holds (:class:`Clues`).

Pure. :func:`mail_clues` reads from a mail the counterpart's addresses and company domains, the
company names (株式会社XX, XX株式会社, XX商事, 「XXの田中です」, "Acme Corp", the domain's label),
family names, distinctive words of the subject, and meeting numbers; and, apart, the owner's side
(the addressee block 「株式会社サンプルテック 森尾様」, the owner's address), which never counts as
evidence. Japanese has no spaces, so company names are found by pattern as substrings.
Generic words (:data:`GENERIC`: 打合せ, 訪問, 様, meeting, call ...) never count.

The name helpers here (:func:`norm`, :func:`companies_in`, :func:`distinctive` ...) are shared
with :mod:`calcheck._relate`, which scores the clues against events.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from calcheck.model import Appointment, MailMessage

FREE_MAIL = frozenset({
    "gmail.com", "googlemail.com", "yahoo.co.jp", "yahoo.com", "ymail.com", "outlook.com", "outlook.jp",
    "hotmail.com", "hotmail.co.jp", "icloud.com", "me.com", "mac.com", "docomo.ne.jp", "ezweb.ne.jp",
    "au.com", "softbank.ne.jp", "i.softbank.jp", "live.jp", "live.com", "aol.com", "msn.com",
    "protonmail.com", "proton.me", "nifty.com", "biglobe.ne.jp", "so-net.ne.jp", "ocn.ne.jp",
})

GENERIC = frozenset("""
打合せ 打ち合わせ 打合わせ 打合 お打合せ お打ち合わせ ミーティング mtg 会議 定例 定例会 定例会議 訪問
ご訪問 来社 ご来社 来訪 ご来訪 面談 ご面談 商談 説明 ご説明 説明会 デモ 確認 ご確認 相談 ご相談 提案
ご提案 見積 見積り お見積り 見積もり レビュー キックオフ 日程 ご日程 日時 確定 調整 変更 予定 件 ご連絡
連絡 お願い お礼 ご案内 案内 招待 ご招待 について の件 様 さま さん 殿 御中 各位 株式会社 有限会社
合同会社 弊社 御社 貴社 当社 本社 支社 支店 営業所 事務所 会議室 受付 本館 別館 工場 オンライン 電話
web ウェブ 導入 更新 入替 入れ替え 更改 システム 管理 サービス クラウド アプリ ソフト 資料 契約
セミナー 研修 勉強会 会 次回 前回 初回 本日 明日 来週 今週 午前 午後 meeting meet call
demo intro introduction kickoff kick-off review visit sync
catch-up follow-up followup online onsite web zoom teams
webex google microsoft invitation invite updated update
confirmed confirmation accepted declined canceled cancelled
tentative re fw fwd the and with for from your our you about
regarding on at in of to a an x vs session discussion
proposal product call-back
""".split())  # noqa: SIM905 - a word list reads best as text

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
_VERBISH = re.compile(r"^.*(?:ます|です|した|ました|おります|ください|いたします)")
_OURS_PREFIX = re.compile(r"^(?:弊社|当社|御社|貴社|小社|私ども|わたくしども)")
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
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_SHORT_KANA = re.compile(r"[\u3040-\u309f]{1,2}")
_KANA_RUN = re.compile(r"[\u3040-\u309f]+")
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


def norm(text: str) -> str:
    """NFKC and lower case: full-width letters, digits and brackets become their plain forms."""
    if _is_normalized("NFKC", text):
        return text.lower()
    if "\n" not in text:
        return _normalize("NFKC", text).lower()
    # Normalizing a whole mail costs several times more than normalizing only its lines that
    # need it (one in nine: a full-width colon or bracket), and a line break, which never
    # composes or reorders with anything, splits NFKC into independent parts.
    return "\n".join([line if _is_normalized("NFKC", line) else _normalize("NFKC", line)
                      for line in text.split("\n")]).lower()


_is_normalized = unicodedata.is_normalized
_normalize = unicodedata.normalize


@functools.lru_cache(maxsize=65536)
def is_cjk(text: str) -> bool:
    """Whether ``text`` holds kana or kanji."""
    # Asked of the same few clue words for every event: cached.
    return bool(_CJK.search(text))


def distinctive(token: str) -> bool:
    """Whether ``token`` can count as evidence: not generic, not a number, not too short."""
    if token in GENERIC or token.isdigit():
        return False
    if is_cjk(token):
        return len(token) >= 2 and not _SHORT_KANA.fullmatch(token)
    return len(token) >= 3


def strip_generic(token: str) -> list[str]:
    """Pieces of ``token`` left once generic words inside it are cut out (「Zoom打合せ」 → zoom)."""
    return list(_stripped(token))


@functools.lru_cache(maxsize=65536)
def _stripped(token: str) -> tuple[str, ...]:
    # Cached: the same names and words come back in every mail and title.
    if token in GENERIC:
        return ()
    if not is_cjk(token):
        return (token,)
    pieces = [token]
    for word in _generic_cjk_longest_first():
        if word in token:
            pieces = [p for piece in pieces for p in piece.split(word)]
    return tuple(p.strip("ー-'") for p in pieces if p.strip("ー-'"))


@functools.lru_cache(maxsize=1)
def _generic_cjk_longest_first() -> tuple[str, ...]:
    # Ties broken by the word itself: GENERIC is a frozenset, whose order follows the
    # per-process hash seed, and two equal-length words can overlap in one token.
    return tuple(sorted((w for w in GENERIC if is_cjk(w) and len(w) >= 2), key=lambda w: (-len(w), w)))


def words_of(token: str) -> list[str]:
    """Distinctive words of a token, split where Japanese text switches to hiragana (particles)."""
    pieces = _KANA_RUN.split(token) if is_cjk(token) else [token]
    return [p for piece in pieces for p in _stripped(piece) if distinctive(p)]


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


_LEGAL_WORD = re.compile(LEGAL)
_BUSINESS_WORD = re.compile(_BUSINESS)
_BUSINESS_END = re.compile(_BUSINESS + "$")
_NAME_RUN = re.compile(_NAME + r"*\Z")
_SUFFIXED_RUN = re.compile(r"[\u3400-\u9fff\u3005\u30f6\u30a0-\u30ff\u3040-\u309fA-Za-z]*\Z")
_UPPER = re.compile("[A-Z]")


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


def _addressee_block(text: str) -> str:
    """The opening lines that address the reader (「株式会社サンプルテック\\n営業部 森尾様」)."""
    lines: list[str] = []
    for line in text.splitlines()[:8]:
        if not line.strip():
            if lines:
                break
            continue
        lines.append(line)
        if re.search(r"(様|さま|殿|御中|各位)\s*$", line.strip()):
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
    return {int(next(g for g in m.groups() if g)) for m in _caseless(_ORDINAL, text).finditer(text)}


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
        for match in _near(_INTRO, _INTRO_END, 34, None, body):
            org = match.group(1).split()[0] if match.group(1).split() else ""
            name = company_name(org)
            if name:
                companies.add(name)
            if distinctive(match.group(2)):
                people.add(match.group(2))
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
        companies=frozenset(c for c in companies if c not in ours),
        people=frozenset(p for p in people if p not in ours),
        words=frozenset(w for w in words if w not in ours),
        text=" ".join((subject, sender_name, body)),
        ours=frozenset(ours),
        ordinals=frozenset(ordinals(evidence)),
        changes=_says(_CHANGE, whole, _CHANGE_WORDS),
        recurrence=_says(_RECUR, whole),
    )
