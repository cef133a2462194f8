"""Words that tell a confirmed appointment from every other date in a mail.

Each lexicon is one compiled alternation of plain words (no nested repetition). Near cues
are looked for on the candidate's own line and the lines next to it; mail-level cues in the
subject and the new text; "after" cues in the few characters right after the time ("12:45頃",
"9時45分までに", "13:00以降"), which mark arrival times, deadlines and availability rather
than a start.

Speed: most of extraction's time is these and the date patterns scanning text. Every branch
of a cue alternation starts with a literal character (see :func:`word_start`), so ``re`` skips
to the places a cue could start; cues are searched in a lower-cased copy (:func:`lowered`);
and a loosened copy of a cue (:func:`loosened`) tells once per text that it occurs nowhere,
so that the searches of that text's many slices can be skipped. :class:`MailCues` reads the
mail-wide cues only when a candidate asks for them.
"""

from __future__ import annotations

import re

from calcheck.extract.alternation import by_first_character, regrouped
from calcheck.extract.gated import Gated
from calcheck.extract.once import once


def word_start(word: str) -> str:
    r"""``\b`` + ``word``, written with the boundary as a look-behind after the word.

    An alternation whose every branch starts with a literal character lets ``re`` skip
    straight to the places one could start (its first-character set); a leading ``\b`` or
    look-behind in any branch takes that away and makes the lower-cased cue searches several
    times slower. ``call(?<!\wcall)`` matches exactly where ``\bcall`` does.
    """
    return rf"{word}(?<!\w{word})"


CONFIRM = re.compile(
    r"でお願い|にてお願い|にてよろしく|でよろしく|調整がつ|で調整|確定|決定|承知|承りました|了解|かしこまりました"
    r"|に変更|へ変更|に延期|へ延期|変更(?:させて|とさせて|いたし|をお願い|となり)|お待ちして|伺います|お伺い|参ります"
    r"|お越し(?:くだ|いただ)|ご来社|ご来訪|来社|来訪|訪問|打合せ|打ち合わせ|打合わせ|ミーティング|面談|会議"
    r"|ご説明|説明会|デモ|商談|お約束|ご予約|予約|日時|日程|開催|立ち会|お目にかか|次回|お話しした通り"
    r"|お電話で|お時間をいただ|で大丈夫|で問題|にします|定例|実施(?:いたし|します|させて|とさせて|予定)"
    r"|で(?:OK|オッケー|オーケー)(?![A-Za-z])|決まりました|押さえ(?<!仮押さえ)(?:ました|ており|てい)"
    r"|confirm|see you|look(?:ing)? forward|booked|scheduled|let'?s (?:do|meet|lock|go|say)|lock in"
    r"|works (?:for|on)|meeting|" + word_start("call") + r"\b|demo|visit|appointment|interview|session"
    r"|kick-?off|when:|date/time|" + word_start("time:")
    + r"|invit|as (?:discussed|agreed)|reserved|reservation|all set|we'?re set",
    re.I,
)

CHOICE = re.compile(
    r"でお願い|にてお願い|でよろしく|にてよろしく|に決定|で決定|で確定|に確定|にします|で調整|調整がつ|で大丈夫"
    r"|で問題ございません|で承知|にて承知|承りました|に変更|へ変更|お待ちして|伺います|お越しくだ"
    r"|で(?:OK|オッケー|オーケー)(?![A-Za-z])|で決まり|に決まり"
    r"|confirm|let'?s (?:do|meet|lock|go|say)|lock in|works (?:for|on)|see you|booked|scheduled",
    re.I,
)

ASKING = re.compile(
    r"いかがでしょうか|いかがですか|ご都合|ご検討|候補|いずれか|どちらか|お選び|ご希望|空いて|可能でしょうか"
    r"|which (?:one|works|option|slot|time)|would (?:any|one|either)|let me know which|options|available"
    r"|suit you",
    re.I,
)

QUESTION = re.compile(
    r"いかがでしょうか|いかがですか|よろしいでしょうか|可能でしょうか|ございますか|でしょうか|ますか|\?|？|"
    + "|".join(word_start(w) + r"\b[^.\n]{0,40}\bwork" for w in ("does", "would", "will", "could", "can"))
    + r"|are you (?:free|available)|how about",
    re.I,
)

# "8月19日13:30〜でお願いできますでしょうか" asks: the でお願い in it is a request, not a choice made.
REQUEST_QUESTION = re.compile(
    r"(?:で|にて)(?:お願い|よろしく)(?:でき|いたせ|して(?:も)?よろし|させていただけ|いただけ|願え)"
    r"[^。\n?？]{0,10}?(?:でしょうか|ますか|ませんか)"
)

ACCEPT = re.compile(
    r"承知(?:いたし|しま)|了解(?:いたし|しま)|かしこまりました|問題ございません|問題ありません|大丈夫です"
    r"|それでお願い|その日程で|そちらで|上記(?:日程|日時)?でお願い|works for me|sounds good|that works"
    r"|see you (?:then|there)",
    re.I,
)

LINE_NEGATIVE = re.compile(
    r"締切|締め切り|〆切|期限|期日|提出|支払|振込|振り込み|請求|納期|お届け|配達|配送|出荷|発送|休業|休館|閉館"
    r"|定休|休診|休暇|営業時間|受付時間|診療時間|営業日|年末年始|メンテナンス|入室開始|開場|集合|不在"
    r"|書きました|wrote:|送信日時|sent:|deadline|" + word_start("due")
    + r"\b|payment|invoice|deliver|shipping|closed|holiday"
    r"|out of (?:the )?office|office hours|business hours|maintenance|doors open|arrive by|be there by",
    re.I,
)

AFTER_NEGATIVE = re.compile(
    r"[\s、,]{0,2}(?:頃|ごろ|までに|迄に|まで(?!の)|迄|以降|以後|以前|必着|集合|入室|受付開始|開場"
    r"|or later|or earlier|onwards|at the latest|deadline)",
    re.I,
)

# Said of the date just before it, in the same sentence: the meeting is called off or put off.
# "1月20日に延期" / "postponed to March 12" name the new date, so a date right before に/へ/まで/to
# 延期 is not the one called off (see sentence.called_off).
CALLED_OFF = re.compile(
    r"中止|延期|取りやめ|取り止め|見合わせ|見送|キャンセル|リスケ|欠席|不参加"
    + "".join(f"|{w}が?でき(?:ない|なく|ません)" for w in ("出席", "参加", "伺うこと"))
    + r"|取り?消し|白紙|再調整|仕切り直|改めて(?:日程(?:を|の)?)?(?:ご)?調整"
    r"|cancel+ed|cancel+ing|postpone|call(?:ed)? off|reschedul|can'?t make|cannot (?:make|attend)"
    r"|won'?t be able to (?:make|attend|join)"
    # the session is full: the date is not the reader's appointment
    r"|定員に達し|満席|満員|受付を?終了|fully booked|sold out|registration (?:is |has )?closed",
    re.I,
)
# English puts the verb first: "I can't make our call on Wednesday at 10".
CANT_ATTEND_BEFORE = re.compile(
    r"can'?t make|cannot (?:make|attend|join)|won'?t be able to (?:make|attend|join)|have to cancel"
    r"|need to cancel|unable to (?:make|attend|join)",
    re.I,
)
MOVED_TO = re.compile(
    r"[\s、,]{0,2}(?:に|へ|まで|to)\s?(?:延期|変更|リスケ|再調整|postpone|move|reschedul)", re.I
)
# Held only provisionally ("仮押さえ", "tentatively") or still being arranged ("で調整中です",
# "確定しましたらご連絡します"). Not a confirmation yet.
TENTATIVE = re.compile(
    r"仮押さえ|仮決定|仮予約|仮確定|仮で|暫定|調整中|検討中|確認中|確定し(?:ましたら|たら|次第)|確定次第"
    r"|tentative|pencil(?:led|ed)? in|provisional",
    re.I,
)

OLD_AFTER = re.compile(r"[\s、,]{0,2}(?:の件|から|より|→|->|=>)")
RESCHEDULE = re.compile(r"変更|延期|振替|振り替え|reschedul|move|postpone|change|instead", re.I)

ADVERT = re.compile(
    r"配信停止|配信解除|配信元|メルマガ|メールマガジン|unsubscribe|ウェビナー|webinar|newsletter|opt[ -]out",
    re.I,
)
ADVERT_WEAK = re.compile(
    r"セミナー|seminar|お申込み|お申し込み|申込|register|registration|購読|キャンペーン|promotion|無料"
    r"|free of charge|参加費|定員",
    re.I,
)
REGISTERED = re.compile(
    r"ご登録ありがとう|お申し込みありがとう|お申込みありがとう|受付完了|登録完了|登録が完了|申込が完了"
    r"|お申込みを受け付け"
    r"|you'?re registered|you are registered|thank(?:s| you) for registering|registration (?:is )?confirmed",
    re.I,
)
MINUTES = re.compile(r"議事録|議事メモ|" + word_start("minutes") + r"\b|meeting notes", re.I)
DELIVERY = re.compile(
    r"お届け予定|お荷物|伝票番号|配達予定|配達状況|tracking number|your package|has shipped"
    r"|out for delivery",
    re.I,
)
# In a subject, 配送/発送 alone is often the topic (「配送システム更新のご相談」): a notice names
# the event of shipping (発送のお知らせ, お届け予定, 出荷完了) or is the carrier's own wording.
DELIVERY_SUBJECT = re.compile(
    r"お届け|配達"
    + "".join(f"|{w}(?:の|が|を)?(?:お知らせ|ご案内|ご連絡|完了|予定|状況|手配|いたしました|しました)"
              for w in ("配送", "発送", "出荷"))
    + r"|delivery|shipment|shipped",
    re.I,
)
INVOICE = re.compile(r"請求書|ご請求|invoice|receipt|領収書|お支払", re.I)
AWAY = re.compile(
    r"不在にして|out of (?:the )?office|自動(?:送信|応答|返信)|automatic reply|auto-?reply", re.I
)
NEXT_MEETING = re.compile(r"次回|next meeting", re.I)

_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
             "最初": 1, "初め": 1, "はじめ": 1, "一番目": 1, "1つ目": 1, "2つ目": 2, "3つ目": 3, "4つ目": 4,
             "一つ目": 1, "二つ目": 2, "三つ目": 3}
_PICK = re.compile(
    r"(?P<c>[①-⑩])\s?(?:の(?:日程|候補|日時|案)?|で|に|が|にて|を|でお願い)"
    r"|第\s?(?P<a>\d)\s?(?:候補|希望|案)|(?P<b>\d)\s?番目|候補\s?(?P<k>\d)|案\s?(?P<j>\d)"
    r"|(?P<m>\d)\s?案目?(?:で|に|が|を|の(?:日程|日時))"
    r"|(?P<o>最初|初め|はじめ|一番目|[1-4一二三]つ目)の(?:候補|日程|日時|案)"
    r"|(?:option|choice|slot)\s?#?(?P<e>\d)"
    r"|\bthe\s(?P<w>first|second|third|fourth|1st|2nd|3rd|4th)\s(?:option|one|slot|choice|time)",
    re.I,
)


# Every _PICK match holds one of these at most two characters after its start (2番目, 3案): with
# text.Gated, _PICK is tried only there. (_PICK itself has no first character for re to skip to,
# its \d and \b openings and re.I make it try every position, some 40 µs a reply.)
_PICK_GATED = Gated(_PICK, re.compile(r"[①-⑩第番候案]|つ目|最初|初め|はじめ|option|choice|slot|the\s"), 2,
                    re.compile(r"[①-⑩第\d候案最初はocst一二三]", re.I))


def picked_option(text: str) -> tuple[int, str] | None:
    """The number of the listed option a reply picks ("②で", "2番目の候補", "option 2"), and the words."""
    low = lowered(text)  # the gate's English words are lower-case: searched in the lowered copy
    for m in _PICK.finditer(text) if low is None else _PICK_GATED.finditer(text, low):
        if (picked := option_of(m)) is not None:
            return picked
    return None


def option_of(m: re.Match[str]) -> tuple[int, str] | None:
    """The option number a match of ``_PICK`` names and its words, or None (no such ordinal)."""
    if m["c"]:
        return "①②③④⑤⑥⑦⑧⑨⑩".index(m["c"]) + 1, m[0]
    for name in ("a", "b", "k", "j", "m", "e"):
        if m[name]:
            return int(m[name]), m[0]
    word = (m["o"] or m["w"] or "").lower()
    if word in _ORDINALS:
        return _ORDINALS[word], m[0]
    return None


# Searching text.lower() with a lower-case copy of a pattern finds what the re.I pattern finds
# in the text, several times faster on Japanese text, as long as lowering keeps every offset and
# the text has none of the letters re.I equates with ASCII ones that str.lower() does not map to
# them (İ ı ſ and the Kelvin sign). Mail-wide cues are searched that way.
_FOLDED_APART = "\u0130\u0131\u017f\u212a"


def lowered(text: str) -> str | None:
    """``text.lower()``, or None when searching it could differ from a re.I search of ``text``."""
    low = text.lower()
    if len(low) != len(text) or (not text.isascii() and (
            "\u0130" in text or "\u0131" in text or "\u017f" in text or "\u212a" in text)):
        return None  # (no any() over _FOLDED_APART: a generator costs more than the four scans)
    return low


def lower_case(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The re.I ``pattern`` for text that :func:`lowered` gave: its literals lower-cased, no flag."""
    source = pattern.pattern
    if not pattern.flags & re.I or re.search(r"\\[A-Z]|\(\?P", source):
        raise ValueError(f"cannot lower-case {source!r}")  # pragma: no cover - a new pattern's problem
    return re.compile(source.lower())


_ASSERTION = re.compile(r"\(\?<?[=!][^()]*\)|\\b")


def loosened(source: str) -> str:
    """``source`` without its look-arounds and word boundaries.

    It matches wherever ``source`` does, and as it looks at nothing outside its own match, it
    matches in a slice of a text only where it matches in the whole text: when it finds
    nothing in a text, ``source`` finds nothing in any slice of it.
    """
    loose = _ASSERTION.sub("", source)
    if "(?<" in loose or "(?=" in loose or "(?!" in loose:
        raise ValueError(f"cannot loosen {source!r}")  # pragma: no cover - a new pattern's problem
    return loose


class Lowered:
    """Mail-wide cue patterns, each with its lower-case copy (see :func:`lowered`)."""

    def __init__(self, **patterns: re.Pattern[str]) -> None:
        self.exact = patterns
        lows = {name: lower_case(p) for name, p in patterns.items()}
        self.low = {name: re.compile(regrouped(p.pattern)) for name, p in lows.items()}
        self._loose = {name: re.compile(loosened(p.pattern), p.flags) for name, p in patterns.items()}
        self._loose_low = {name: re.compile(loosened(p.pattern)) for name, p in lows.items()}
        self._either: dict[tuple[tuple[str, ...], bool], re.Pattern[str]] = {}

    def nowhere(self, name: str, text: str, low: str | None) -> bool:
        """True when ``patterns[name]`` can match in no slice of ``text`` (see :func:`loosened`).

        One search of a whole text, so that the searches of its many slices can be skipped.
        """
        if low is None:
            return self._loose[name].search(text) is None
        return self._loose_low[name].search(low) is None

    def absent(self, names: tuple[str, ...], text: str, low: str | None) -> frozenset[str]:
        """Those of ``names`` that can match in no slice of ``text`` (see :meth:`nowhere`).

        Most texts hold none of them: one search for all of them at once (their loosened
        alternations joined, see :mod:`calcheck.extract.alternation`) tells that, and only a
        text that holds one is searched for each, from where the first of them was found.
        """
        key = (names, low is None)
        either = self._either.get(key)
        loose = self._loose if low is None else self._loose_low
        if either is None:
            either = self._either[key] = re.compile(by_first_character([loose[n].pattern for n in names]),
                                                    re.I if low is None else 0)
        searched = text if low is None else low
        first = either.search(searched)
        if first is None:
            return frozenset(names)
        at = first.start()  # none of them matches before it
        return frozenset(name for name in names if loose[name].search(searched, at) is None)

    def search(self, name: str, text: str, low: str | None) -> re.Match[str] | None:
        """``patterns[name].search(text)``, through ``low`` (:func:`lowered` of text) when it is given."""
        return self.exact[name].search(text) if low is None else self.low[name].search(low)

    def found(self, name: str, text: str, low: str | None, pos: int = 0) -> str | None:
        """What ``patterns[name].search(text, pos)`` matches, as ``text`` writes it (None: no match).

        A match in the lower-cased copy has the same offsets as the re.I one in ``text``.
        """
        m = self.exact[name].search(text, pos) if low is None else self.low[name].search(low, pos)
        return None if m is None else text[m.start():m.end()]

    def words(self, name: str, text: str, low: str | None) -> set[str]:
        """Every match of ``patterns[name]`` in ``text``, lower-cased."""
        if low is None:
            return {m.group(0).lower() for m in self.exact[name].finditer(text)}
        return {m.group(0) for m in self.low[name].finditer(low)}


MAIL_WIDE = Lowered(ADVERT=ADVERT, ADVERT_WEAK=ADVERT_WEAK, REGISTERED=REGISTERED, CONFIRM=CONFIRM,
                    MINUTES=MINUTES, DELIVERY=DELIVERY, DELIVERY_SUBJECT=DELIVERY_SUBJECT, AWAY=AWAY,
                    RESCHEDULE=RESCHEDULE, ASKING=ASKING)

# Per-candidate cues, searched on slices of the segment's lower-cased copy (Segment.low).
NEAR = Lowered(CONFIRM=CONFIRM, LINE_NEGATIVE=LINE_NEGATIVE, CHOICE=CHOICE, QUESTION=QUESTION,
               TENTATIVE=TENTATIVE, CALLED_OFF=CALLED_OFF, CANT_ATTEND_BEFORE=CANT_ATTEND_BEFORE)


# Mail-wide cues most mails hold none of, looked for all at once first (Lowered.absent).
_RARE = ("ADVERT", "ADVERT_WEAK", "DELIVERY", "DELIVERY_SUBJECT", "AWAY", "MINUTES")


class MailCues:
    """What the mail as a whole says: each read once for all its candidates, when first asked
    (a mail whose dates are all past asks nothing)."""

    def __init__(self, bulk: bool, subject: str, new_text: str,
                 lows: tuple[str | None, str | None] | None = None) -> None:
        """``lows``: :func:`lowered` of the subject and of the new text, when the caller has them."""
        self._bulk = bulk  # List-Unsubscribe, List-Id or Precedence: bulk/list (MailMessage.bulk)
        self._subject, self._new_text = subject, new_text
        self._lows = lows

    @once
    def _texts(self) -> tuple[str, str | None, str | None, str | None]:
        """The subject and new text together, and the lower-cased copies of it and its two parts."""
        subject = self._subject
        whole = subject + "\n" + self._new_text
        if self._lows is not None:
            # lowered(whole) is the parts' joined, or None when either is None: lowering keeps
            # a text's length unless a part's changes, and reads no context across a line break
            low_subject, low_new = self._lows
            if low_subject is None or low_new is None:
                return whole, None, None, None
            return whole, low_subject + "\n" + low_new, low_subject, low_new
        low = lowered(whole)
        low_subject, low_new = (None, None) if low is None else (low[:len(subject)], low[len(subject) + 1:])
        return whole, low, low_subject, low_new

    @once
    def _absent(self) -> frozenset[str]:
        """Which of the rare cues occur nowhere in the subject and new text (most mails: all)."""
        whole, low, _, _ = self._texts
        return MAIL_WIDE.absent(_RARE, whole, low)

    def _has(self, name: str, part: str = "whole") -> bool:
        """Whether cue ``name`` is in the ``whole`` text, the ``subject`` or the ``new`` text."""
        if name in _RARE and name in self._absent:
            return False
        whole, low, low_subject, low_new = self._texts
        if part == "whole":  # (no dict of the three built per call: this is asked 5 times a mail)
            return MAIL_WIDE.search(name, whole, low) is not None
        if part == "subject":
            return MAIL_WIDE.search(name, self._subject, low_subject) is not None
        return MAIL_WIDE.search(name, self._new_text, low_new) is not None

    @once
    def advert(self) -> bool:
        """An advert, newsletter or webinar invitation (bulk mail, an advert word or two weak ones),
        not a registration's confirmation."""
        whole, low, _, _ = self._texts
        advert = (self._bulk or self._has("ADVERT")
                  or ("ADVERT_WEAK" not in self._absent
                      and len(MAIL_WIDE.words("ADVERT_WEAK", whole, low)) >= 2))
        return advert and not self._has("REGISTERED")

    @once
    def has_cue(self) -> bool:
        """Speaks of an appointment somewhere (a CONFIRM word)."""
        return self._has("CONFIRM")

    @once
    def minutes(self) -> bool:
        """The subject says it is minutes of a meeting."""
        return self._has("MINUTES", "subject")

    @once
    def delivery(self) -> bool:
        """A delivery notice."""
        return self._has("DELIVERY") or self._has("DELIVERY_SUBJECT", "subject")

    @once
    def away(self) -> bool:
        """The new text says the sender is away (out of office, an automatic reply)."""
        return self._has("AWAY", "new")

    @once
    def reschedule(self) -> bool:
        """Speaks of moving a date."""
        return self._has("RESCHEDULE")

    @once
    def asking(self) -> bool:
        """The new text asks which of several options suits."""
        return self._has("ASKING", "new")
