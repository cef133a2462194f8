"""The words of mail and calendar text that can count as evidence, and those that never do.

Pure. :func:`norm` puts text in the one form every comparison uses (NFKC, lower case);
:data:`GENERIC` lists the words that never count (打合せ, 訪問, 様, meeting, call ...);
:func:`distinctive`, :func:`strip_generic` and :func:`words_of` tell the words that can count
from the rest. Shared by :mod:`calcheck._companies`, :mod:`calcheck._clues` (the mail's side)
and :mod:`calcheck._relate` (the calendar's side).
"""

from __future__ import annotations

import functools
import re
import unicodedata

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


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_SHORT_KANA = re.compile(r"[\u3040-\u309f]{1,2}")
_KANA_RUN = re.compile(r"[\u3040-\u309f]+")


def norm(text: str) -> str:
    """NFKC and lower case: full-width letters, digits and brackets become their plain forms."""
    if _is_normalized("NFKC", text):
        return text.lower()
    if "\n" not in text:
        return _nfkc(text).lower()
    # Normalizing a whole mail costs several times more than normalizing only its lines that
    # need it (one in nine: a full-width colon or bracket), and a line break, which never
    # composes or reorders with anything, splits NFKC into independent parts.
    return "\n".join([line if _is_normalized("NFKC", line) else _nfkc(line)
                      for line in text.split("\n")]).lower()


def _nfkc(text: str) -> str:
    """NFKC of ``text``; most often, its full-width ASCII (１１：００) made plain is that already."""
    # A character and its full compatibility decomposition decompose alike, so NFKC of the text
    # with full-width ASCII and the ideographic space made plain is NFKC of the text: when that
    # text is normalized already (as a 「１１：００～」 line is), it is the answer, found at a
    # fraction of what unicodedata.normalize costs.
    plain = text.translate(_PLAIN)
    return plain if _is_normalized("NFKC", plain) else _normalize("NFKC", text)


_is_normalized = unicodedata.is_normalized
_normalize = unicodedata.normalize
_PLAIN = {**{wide: wide - 0xFEE0 for wide in range(0xFF01, 0xFF5F)}, 0x3000: 0x20}
"""Full-width ASCII (！ to ～) and the ideographic space, to their NFKC forms."""


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
