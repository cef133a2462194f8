"""No input can make reading or extraction slow.

Every case is a message whose body is a long run of something a date, time, quote or HTML
pattern could try to match in many ways: digits, 年月日, 月月月, 午後午後, ``10:10:10``,
``2026/2026/``, deep ``> > >`` quotes, ``<<<<`` without ``>``, huge lines without a newline.
A backtracking or quadratic regular expression takes seconds to hours on such input; good code
takes milliseconds. The bound asserted is deliberately generous (a slow shared CI machine must
not fail it); bench/run.py measures the real times.

A case that runs away is stopped by SIGALRM (``re`` checks for signals while matching), so the
failure's traceback names the function whose pattern ran away instead of hanging the suite.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TypeVar
from zoneinfo import ZoneInfo

import pytest

from calcheck.extract import Context, extract
from calcheck.model import RawMail
from calcheck.reading import read_message

BOUND_SECONDS = 10.0
CASE_CHARS = 128 * 1024
"""Each case is just over the extractor's segment cap (120,000 characters), so the cap runs too."""

TZ = ZoneInfo("Asia/Tokyo")
CTX = Context(now=datetime(2026, 11, 20, 9, 0, tzinfo=TZ), tz=TZ)
T = TypeVar("T")


def _fill(unit: str, chars: int, line: int | None = None) -> str:
    """``unit`` repeated to ``chars`` characters; broken into lines of ``line`` characters if given."""
    text = (unit * (chars // len(unit) + 1))[:chars]
    if line is None:
        return text
    return "\n".join(text[i : i + line] for i in range(0, len(text), line))


def adversarial_texts(chars: int = CASE_CHARS) -> dict[str, str]:
    """Named bodies of about ``chars`` characters each (also used by bench/run.py)."""
    return {
        "digits_one_line": _fill("1234567890", chars),
        "digits_lines": _fill("0123456789", chars, line=900),
        "fullwidth_digits": _fill("１２３４５６７８９０", chars, line=700),
        "nen_gatsu_nichi": _fill("2026年11月20日", chars, line=950),
        "bare_nen_gatsu_nichi": _fill("年月日", chars),
        "gatsu_run": _fill("月", chars, line=990),
        "month_day_no_space": _fill("12月12日12時12分", chars, line=990),
        "gogo_run": _fill("午後", chars, line=990),
        "gogo_digits": _fill("午後3時", chars, line=990),
        "slashes": _fill("2026/", chars, line=995),
        "colons": _fill("10:", chars, line=995),
        "colons_one_line": _fill("10:", chars),
        "tilde_range": _fill("10:00～", chars, line=980),
        "nested_quotes": "\n".join("> " * 400 + f"{i}月{i % 28 + 1}日" for i in range(chars // 810)),
        "quote_headers": _fill("2026年11月20日 <a@example.jp> ", chars, line=990),
        "wrote_lines": _fill("On 2026/11/20 10:00 someone wrote:\n", chars),
        "weekday_parens": _fill("（水）（水）", chars, line=990),
        "spaces_between_digits": _fill("1 ", chars, line=999),
        "one_huge_mixed_line": _fill("11/20 10:00～11:00 来週水曜 午後3時 令和8年 ", chars),
    }


def _mail(body: str, subtype: str = "plain") -> RawMail:
    head = (
        "From: =?UTF-8?B?5qSc5p+7?= <check@example.jp>\r\n"
        "To: owner@example.jp\r\n"
        "Subject: =?UTF-8?B?5omT5ZCI44Gb44Gu44GU56K66KqN?=\r\n"
        "Date: Fri, 13 Nov 2026 10:00:00 +0900\r\n"
        "Message-ID: <adversarial@example.jp>\r\n"
        "MIME-Version: 1.0\r\n"
        f'Content-Type: text/{subtype}; charset="utf-8"\r\n'
        "Content-Transfer-Encoding: 8bit\r\n\r\n"
    )
    return RawMail(ref="adversarial", data=head.encode() + body.encode())


class _RanAway(BaseException):  # not Exception: read_message must not swallow it
    pass


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    def ring(signum: int, frame: object) -> None:
        raise _RanAway(f"still running after {seconds:.0f} s")

    old = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _timed(func: Callable[[], T]) -> tuple[T, float]:
    with _alarm(BOUND_SECONDS + 1):
        start = time.perf_counter()
        value = func()
        return value, time.perf_counter() - start


@pytest.mark.parametrize("name", sorted(adversarial_texts(16)))
def test_adversarial_body_is_read_and_extracted_quickly(name: str) -> None:
    body = adversarial_texts()[name]
    mail, read_s = _timed(lambda: read_message(_mail(body)))
    assert not any(p.startswith("unreadable") for p in mail.problems), mail.problems
    assert len(mail.new_text) + len(mail.quoted_text) >= len(body) // 2, "the body was not read"
    _, extract_s = _timed(lambda: extract(mail, CTX))
    assert read_s < BOUND_SECONDS, f"read_message took {read_s:.1f} s on {name}"
    assert extract_s < BOUND_SECONDS, f"extract took {extract_s:.1f} s on {name}"


def test_one_megabyte_of_everything_is_read_and_extracted_quickly() -> None:
    body = "\n".join(adversarial_texts(1024 * 1024 // 19).values())
    assert len(body) >= 1_000_000
    mail, read_s = _timed(lambda: read_message(_mail(body)))
    _, extract_s = _timed(lambda: extract(mail, CTX))
    assert read_s < BOUND_SECONDS, f"read_message took {read_s:.1f} s"
    assert extract_s < BOUND_SECONDS, f"extract took {extract_s:.1f} s"


HTML_CHARS = 256 * 1024

# html.parser (CPython 3.11) re-scans an unclosed start tag from every "<": 16 KB of
# "<a href='x'" takes 0.4 s, 64 KB 19 s, 128 KB 84 s unless calcheck._html escapes such "<" first.

@pytest.mark.parametrize(
    "body",
    [
        pytest.param(_fill("<", HTML_CHARS), id="lt_run"),
        pytest.param(_fill("<p>12月1日 ", HTML_CHARS), id="tags_and_dates"),
        pytest.param("<script>" + _fill("a", HTML_CHARS), id="unclosed_script"),
        pytest.param("<!--" + _fill("<b>10:00</b>", HTML_CHARS), id="unclosed_comment"),
        pytest.param(_fill("<a href='x'", HTML_CHARS), id="unclosed_attrs"),
    ],
)
def test_adversarial_html_is_read_and_extracted_quickly(body: str) -> None:
    mail, read_s = _timed(lambda: read_message(_mail(body, "html")))
    _, extract_s = _timed(lambda: extract(mail, CTX))
    assert read_s < BOUND_SECONDS, f"read_message took {read_s:.1f} s"
    assert extract_s < BOUND_SECONDS, f"extract took {extract_s:.1f} s"
