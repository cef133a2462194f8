"""The fast paths of reading agree with the slow stdlib routes they stand in for, and stay linear."""

from __future__ import annotations

import email.utils
import re
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from calcheck.model import RawMail
from calcheck.reading import _ADDR, _canonical_date, _date, read_message

# The address pattern before it was made linear: the reference for what it must find.
_PLAIN_ADDR = re.compile(r"[^\s<>()\[\],;:\"@]+@[^\s<>()\[\],;:\"@]+")


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="ab.@@ <>(),;:\"[]\t\n\u3000漢\u00a0", max_size=30))
def test_address_pattern_finds_what_the_plain_pattern_finds(text: str) -> None:
    assert _ADDR.findall(text) == _PLAIN_ADDR.findall(text)
    plain = _PLAIN_ADDR.search(text)
    fast = _ADDR.search(text)
    assert (plain and plain.span()) == (fast and fast.span())


def test_a_huge_recipient_header_is_read_quickly() -> None:
    data = b"From: a@example.jp\r\nTo: " + b"x" * 400_000 + b"\r\nSubject: s\r\n\r\nbody\r\n"
    start = time.perf_counter()
    mail = read_message(RawMail("huge-to", data))
    assert time.perf_counter() - start < 5  # was minutes: the old pattern was quadratic here
    assert mail.recipients == ()


def _reference_date(value: str) -> object:
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except Exception:  # any failure means "no date", as in reading._date
        return None
    return parsed if parsed.tzinfo is not None else "naive"


def _date_text(parts: tuple[str, int, str, str, tuple[int, int, int], tuple[str, int, int], str]) -> str:
    day_name, day, month, year, (hour, minute, second), (sign, off_h, off_m), tail = parts
    clock = f"{hour:02d}:{minute:02d}:{second:02d}"
    return f"{day_name}{day} {month} {year} {clock} {sign}{off_h:02d}{off_m:02d}{tail}"


_DATES = st.tuples(
    st.sampled_from(["", "Mon, ", "Sat, ", "Xyz, "]),
    st.integers(0, 40),
    st.sampled_from(["Jan", "Feb", "Nov", "Dec", "Foo", "nov"]),
    st.sampled_from(["2026", "1999", "1000", "0999", "9999", "26"]),
    st.tuples(st.integers(0, 26), st.integers(0, 61), st.integers(0, 61)),
    st.tuples(st.sampled_from("+-"), st.integers(0, 30), st.integers(0, 99)),
    st.sampled_from(["", " (JST)", "  x y", "\t(UTC)", " +0100"]),
).map(_date_text)


@settings(max_examples=3000, deadline=None)
@given(_DATES)
def test_canonical_dates_read_as_parsedate_to_datetime_reads_them(value: str) -> None:
    reference = _reference_date(value)
    try:
        fast = _canonical_date(value)
    except ValueError:
        assert reference is None
        fast = None
    if fast is not None:
        assert reference == fast
        assert repr(reference) == repr(fast)
    got = _date(value)
    if reference != "naive":
        assert repr(got) == repr(reference)
