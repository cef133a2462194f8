"""The shortcuts of reading a mail's clues find what the plain definitions find.

- :func:`calcheck._clues.ordinals` rules text out by plain searches for 第, #, part, session
  and round before its pattern runs: compared with the pattern run on every text;
- :func:`calcheck._words.norm` takes a line's full-width ASCII made plain for its NFKC form
  when that is normalized: compared with ``unicodedata.normalize``.

Over random text, and the subjects and text of every message in tests/data and
../shared/wild-mail (read in place, never copied).
"""

from __future__ import annotations

import random
import unicodedata
from pathlib import Path

from calcheck._clues import _ORDINAL, ordinals
from calcheck._words import norm
from calcheck.model import RawMail
from calcheck.reading import read_message

ROOT = Path(__file__).resolve().parent
WILD = ROOT.parents[1] / "shared" / "wild-mail" / "mail"
PIECES = ["第", "回", "#", "＃", "第３回", "Part", "PART", "part", "session", "SESSION", "sessıon", "ı",
          "round", "Round", " ", "3", "12", "x", "定例", "\n", "第 2 回", "#4", "ｐａｒｔ", "roundtable", "İ"]


def _plain(text: str) -> set[int]:
    low = norm(text)
    return {int(next(g for g in m.groups() if g)) for m in _ORDINAL.finditer(low)}


def test_ordinals_are_those_of_the_pattern_on_random_text() -> None:
    rng = random.Random(3)  # noqa: S311 - test data, not secrets
    for _ in range(5000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 12)))
        assert ordinals(text) == _plain(text), text


def _paths() -> list[Path]:
    paths = sorted(ROOT.joinpath("data").rglob("*.eml"))
    if WILD.is_dir():
        paths += sorted(WILD.glob("*.eml"))
    return paths


def test_ordinals_are_those_of_the_pattern_in_real_mail() -> None:
    found = 0
    for path in _paths():
        mail = read_message(RawMail(str(path), path.read_bytes()))
        for text in (mail.subject, mail.new_text):
            assert ordinals(text) == _plain(text), text[:200]
            found += bool(_plain(text))
    assert found > 0


WIDE = ["：", "（", "）", "～", "１", "Ａ", "ａ", "＃", "\u3000", "｀", "＼", "ｶ", "ﾞ", "ﾟ", "\u3099",
        "\u0301", "\u0338", "\u0327", "e", "か", "Σ", "İ", "ﬁ", "㈱", "①", "Ａ\u0301", "＝\u0338",
        "＜\u0338", "\n", " ", "abc", "株式会社"]


def test_norm_with_full_width_ascii_made_plain_is_nfkc() -> None:
    rng = random.Random(17)  # noqa: S311 - test data, not secrets
    for _ in range(5000):
        text = "".join(rng.choice(WIDE) for _ in range(rng.randint(0, 16)))
        assert norm(text) == unicodedata.normalize("NFKC", text).lower(), ascii(text)
    for wide in range(0xFF01, 0xFF5F):
        for after in ("", "\u0301", "\u0338", "\u0327\u0301", "\u3099"):
            text = chr(wide) + after
            assert norm(text) == unicodedata.normalize("NFKC", text).lower(), ascii(text)


def test_norm_of_real_mail_is_nfkc() -> None:
    for path in _paths():
        mail = read_message(RawMail(str(path), path.read_bytes()))
        for text in (mail.subject, mail.new_text, mail.quoted_text, mail.sender_name):
            assert norm(text) == unicodedata.normalize("NFKC", text).lower(), path.name
