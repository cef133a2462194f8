"""The fast paths of reading give what the general paths give.

The single-part fast path of :func:`calcheck._mimeparse.parse` builds what the full feed parse builds
for every message in the test data, the shared corpus and ../shared/wild-mail (read at run time,
never copied into the repo), hand-made edge cases and generated messages: the same headers,
payload, defects and tree, and the same :class:`MailMessage` out of ``read_message``. Remembered
header decodings and Content-Type readings give what a fresh one gives.
"""

from __future__ import annotations

import email.policy
from email.feedparser import FeedParser
from email.message import Message
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calcheck import _mimeparse, reading
from calcheck._charset import decode_header
from calcheck.model import RawMail
from calcheck.reading import read_message

_SHARED = Path(__file__).resolve().parents[2] / "shared"
_DIRS = (Path(__file__).parent / "data", _SHARED / "wild-mail", _SHARED / "corpus")


@pytest.fixture(autouse=True)
def _any_body_length(monkeypatch: pytest.MonkeyPatch) -> None:
    """Take the fast path for short bodies too (it skips them only for speed), so it meets every case."""
    monkeypatch.setattr(_mimeparse, "SHORT_BODY", 0)


def _eml_files() -> list[Path]:
    return [path for root in _DIRS if root.is_dir() for path in sorted(root.rglob("*.eml"))]


def _full_parse(data: bytes) -> Message:
    parser = FeedParser(policy=email.policy.compat32)
    parser.feed(data.decode("ascii", "surrogateescape"))
    return parser.close()


def _shape(msg: Message) -> object:
    """Everything the parser sets on a message, its parts included."""
    payload = msg.get_payload()
    return (
        type(msg),
        msg.get_unixfrom(),
        list(msg.raw_items()),
        [(type(d), d.args) for d in msg.defects],
        msg.preamble,
        msg.epilogue,
        msg.get_default_type(),
        msg.get_charset(),
        [_shape(p) for p in payload] if isinstance(payload, list) else payload,
    )


def _read_without_fast_path(raw: RawMail, monkeypatch: pytest.MonkeyPatch) -> object:
    with monkeypatch.context() as patch:
        patch.setattr(_mimeparse, "parse_single_part", lambda text: None)
        return read_message(raw)


def _assert_same(data: bytes, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Assert the fast and full routes agree on ``data``; True when the fast path took it."""
    fast = _mimeparse.parse_single_part(data.decode("ascii", "surrogateescape"))
    if fast is not None:
        assert _shape(fast) == _shape(_full_parse(data))
    assert _shape(_mimeparse.parse(data)) == _shape(_full_parse(data))
    raw = RawMail("m", data)
    assert read_message(raw) == _read_without_fast_path(raw, monkeypatch)
    return fast is not None


def test_there_are_messages_to_compare() -> None:
    assert len(_eml_files()) >= 100  # tests/data alone holds more


@pytest.mark.parametrize("path", _eml_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_stored_message_reads_the_same_by_both_routes(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _assert_same(path.read_bytes(), monkeypatch)


_HEAD = b"From: a@example.jp\r\nTo: b@example.jp\r\nSubject: s\r\n"

# (data, whether the fast path may take it)
_EDGE_CASES = [
    (_HEAD + b"\r\nbody line\r\nsecond\r\n", True),
    (_HEAD.replace(b"\r\n", b"\n") + b"\nbody\n\nmore\n", True),
    (_HEAD + b"\r\n", True),  # no body
    (_HEAD + b"\r\nno final newline", True),
    (_HEAD + b"\r\nbody ends in a bare CR\r", True),
    (_HEAD + b"\r\nbare\rCR\rin the body\r\n", True),
    (_HEAD + b"\n\r\nmixed endings\n", True),
    (b"From: a@example.jp\nSubject: s\n\r\nbody\n", True),
    (b"Subject: folded\r\n over\r\n\tthree lines\r\n\r\nbody\r\n", True),
    (b"Subject: \xe4\xbc\x9a\xe8\xad\xb0\r\nFrom: \x93\xfa <a@b.jp>\r\n\r\n\x82\xa0 8-bit\r\n", True),
    (b"From sender@example.jp Sat Nov 14 23:13:00 2026\nSubject: unix from\n\nbody\n", True),
    (b"Subject: s\nFrom x@y misplaced envelope\nTo: b@c\n\nbody\n", True),
    (b" continuation first\r\nSubject: s\r\n\r\nbody\r\n", True),
    (b":no name\r\nSubject: s\r\n\r\nbody\r\n", True),
    (b"Content-Type: text\r\n\r\nno slash: text/plain\r\n", True),
    (b"Content-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n", True),
    (b"Subject: s\r\nFrom not-a-header-at-the-end\r\n\r\nbody\r\n", False),  # pushed back into the body
    (b"Subject: s\r\nnot a header line\r\nTo: x\r\n\r\nbody\r\n", False),
    (b"Subject: no blank line\r\nTo: x\r\n", False),
    (b"Subject: no blank line, no newline", False),
    (b"Subject: bare CR\rTo: x\r\n\r\nbody\r\n", False),
    (b"Subject: bare CR blank\r\rbody\r\n", False),
    (b"Subject: s\r\n\r\r\nbody\r\n", False),
    (b"\r\nbody with no headers\r\n", False),
    (b"\nbody with no headers\n", False),
    (b"", False),
    (b"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\npart\r\n--b--\r\n", False),
    (b"Content-Type: multipart/mixed\r\n\r\nno boundary\r\n", False),
    (b"Content-Type: message/rfc822\r\n\r\nSubject: inner\r\n\r\nbody\r\n", False),
    (b"Content-Type: message/delivery-status\r\n\r\nAction: failed\r\n\r\nStatus: 5.0.0\r\n", False),
    (b"Content-Type: MULTIPART/Alternative; boundary=\"x\"\n\n--x\n\na\n--x--\n", False),
]


@pytest.mark.parametrize(("data", "fast"), _EDGE_CASES)
def test_edge_cases_read_the_same_by_both_routes(
    data: bytes, fast: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _assert_same(data, monkeypatch) == fast


_LINES = st.sampled_from([
    "Subject: s", "From: a@b.jp", "From x", "Content-Type: text/html", "Content-Type: multipart/mixed",
    "Content-Type: message/rfc822", " folded", "\tfolded", "", "body", ":x", "no colon", "--b",
    "X-\udc82\udca0: \udc93\udcfa",
])
_ENDS = st.sampled_from(["\n", "\r\n", "\r", "\n\r"])


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.tuples(_LINES, _ENDS), max_size=12), _LINES)
def test_generated_messages_parse_the_same_by_both_routes(
    lines: list[tuple[str, str]], last: str
) -> None:
    text = "".join(line + end for line, end in lines) + last
    data = text.encode("ascii", "surrogateescape")
    fast = _mimeparse.parse_single_part(text)
    if fast is not None:
        assert _shape(fast) == _shape(_full_parse(data))
    assert _shape(_mimeparse.parse(data)) == _shape(_full_parse(data))


def test_only_a_body_long_enough_to_pay_takes_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()  # the real threshold
    assert _mimeparse.parse_single_part((_HEAD + b"\r\n" + b"line\r\n" * 200).decode()) is not None
    assert _mimeparse.parse_single_part((_HEAD + b"\r\nshort\r\n").decode()) is None


def test_a_remembered_header_value_reports_its_problems_every_time() -> None:
    value = "\u65e5\u672c".encode("cp932").decode("ascii", "surrogateescape")  # raw 8-bit Shift_JIS
    first: list[str] = []
    second: list[str] = []
    assert decode_header(value, first) == decode_header(value, second) == "\u65e5\u672c"
    assert first == second != []
    assert decode_header(value) == "\u65e5\u672c"  # no list to report to


def test_a_remembered_content_type_reads_as_a_fresh_one() -> None:
    value = 'Text/Plain; Charset="iso-2022-jp"; format=flowed'
    assert reading._content_type({"content-type": value}) == reading._type_params.__wrapped__(value)
    assert reading._content_type({"content-type": value}) == ("text/plain", {
        "charset": "iso-2022-jp", "format": "flowed"})
