"""The writer's introduction 「XXの田中です」 is found near its 「の田中です」 as everywhere.

:func:`calcheck._companies.introductions` tries :data:`_INTRO` only just before the matches of
:data:`_INTRO_TAIL` (far rarer than a bare です); here it is compared with the pattern tried at
every character, over random text and over the text of every message in tests/data and
../shared/wild-mail (read in place, never copied).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from calcheck import _clues, _companies
from calcheck._companies import _INTRO, _INTRO_TAIL, _near, company_name, introductions
from calcheck._words import distinctive, norm
from calcheck.model import RawMail
from calcheck.reading import read_message

ROOT = Path(__file__).resolve().parent
WILD = ROOT.parents[1] / "shared" / "wild-mail" / "mail"
FRAGMENTS = [
    "株式会社", "の", "は", "です", "でございます", "と申します", "田中", "あおば商事", "東和", "ー", " ",
    "\n", "\u3000", "、", "。", "x", "1", "ですです", "のの", "漢字漢字漢字漢字漢字漢字漢字",
    "ひらがなひらがな", "カタカナカタカナカタ", "(株)", "abc def",
]


def _plain_introductions(text: str) -> list[tuple[str | None, str | None]]:
    """introductions by its definition: :data:`_INTRO` tried at every character."""
    found: list[tuple[str | None, str | None]] = []
    for match in _INTRO.finditer(text):
        org = match.group(1).split()[0] if match.group(1).split() else ""
        found.append((company_name(org), match.group(2) if distinctive(match.group(2)) else None))
    return found


def _texts() -> list[str]:
    paths = sorted(ROOT.joinpath("data").rglob("*.eml"))
    if WILD.is_dir():
        paths += sorted(WILD.glob("*.eml"))
    texts = []
    for path in paths:
        mail = read_message(RawMail(str(path), path.read_bytes()))
        texts += [norm(mail.new_text), norm(mail.quoted_text), norm(mail.subject)]
    return texts


def test_introductions_near_their_tails_are_those_found_everywhere() -> None:
    rng = random.Random(5)  # noqa: S311 - test data, not secrets
    for _ in range(6000):
        text = "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 40)))
        assert ([m.span() for m in _near(_INTRO, _INTRO_TAIL, 26, None, text)]
                == [m.span() for m in _INTRO.finditer(text)]), text
        assert list(introductions(text)) == _plain_introductions(text), text


def test_introductions_in_real_mail_are_those_found_everywhere() -> None:
    texts = _texts()
    assert len(texts) > 300
    found = 0
    for text in texts:
        assert list(introductions(text)) == _plain_introductions(text), text[:200]
        found += bool(_plain_introductions(text))
    assert found > 20  # the mail does introduce its writers


@pytest.mark.parametrize("name", ["LEGAL", "companies_in", "company_name", "_near", "_INTRO", "_SUFFIXED"])
def test_the_names_moved_here_are_still_found_in_clues(name: str) -> None:
    assert getattr(_clues, name) is getattr(_companies, name)
