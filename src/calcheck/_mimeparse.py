"""Bytes to a ``compat32`` :class:`email.message.Message`: the stdlib's feed parser, fed in one
piece, and for a single-part message only its header block (:func:`parse_single_part`).

Used by :mod:`calcheck.reading`; tests/test_reading_fastpath.py checks that the short way builds
what the full parse builds, over every message at hand.
"""

from __future__ import annotations

import email.policy
from email.feedparser import FeedParser
from email.message import Message

__all__ = ["parse", "parse_single_part"]

SHORT_BODY = 512
"""A body shorter than this is parsed the usual way: the short way's own checks cost about as
much as a few lines of body."""


def parse(data: bytes) -> Message:
    """``email.message_from_bytes(data, policy=compat32)`` without its StringIO and 8 KB reads.

    The feed parser builds the same tree however its input is cut, so the whole text goes in at
    once (about 5% of the parse over a mailbox of short messages). A single-part message is
    parsed from its header block alone (see :func:`parse_single_part`).
    """
    text = data.decode("ascii", "surrogateescape")
    msg = parse_single_part(text)
    if msg is not None:
        return msg
    parser = FeedParser(policy=email.policy.compat32)
    parser.feed(text)
    return parser.close()


def header_end(text: str) -> int:
    """Index just past the first blank line, or -1 when the lines up to it are not plainly split.

    The feed parser cuts lines at ``\n``, ``\r\n`` and a bare ``\r``. With no bare ``\r`` in the
    header block, every line there ends in ``\n`` and the first blank line is the first ``\n\n``
    or ``\n\r\n``. A message whose first line is blank (no headers at all) goes the usual way.
    """
    if text[:1] in ("\n", "\r", ""):
        return -1
    lf = text.find("\n\n")
    # a "\n\r\n" can only come first if it starts before lf (at lf - 2 at the latest)
    crlf = text.find("\n\r\n", 0, lf + 2 if lf >= 0 else len(text))
    if crlf >= 0:
        end = crlf + 3
    elif lf >= 0:
        end = lf + 2
    else:
        return -1  # no blank line: the feed parser decides where the headers stop
    if "\r" in text[:end] and text.count("\r", 0, end) != text.count("\r\n", 0, end):
        return -1
    return end


def parse_single_part(text: str) -> Message | None:
    """The message a full feed parse of a single-part ``text`` gives, or None for any other message.

    The feed parser pushes every body line through its line-by-line machinery, yet for a part
    that is neither ``multipart/*`` nor ``message/*`` it only joins the lines after the blank line
    back together, unchanged, as the payload, and adds no defect for them. So the header block,
    blank line included, is parsed alone and the rest of the text set as the payload. The short
    parse must have consumed every line it was given: a line that is not a header (which makes
    the parser start the body early, with a defect) or a ``From `` line just before the blank one
    (pushed back into the body) leaves a non-empty payload, and then the whole text is parsed
    the usual way.
    """
    end = header_end(text)
    if end < 0 or len(text) - end < SHORT_BODY:
        return None
    head = text[:end]
    lowered = head.lower()
    if "multipart" in lowered or "message/" in lowered:
        return None  # a multipart would have its header block parsed twice
    parser = FeedParser(policy=email.policy.compat32)
    parser.feed(head)
    msg = parser.close()
    # the same tests, in the same terms, by which the feed parser picks how to read a body
    # the payload the short parse made of what it did not take as headers: get_payload would
    # first look up Content-Transfer-Encoding
    if msg._payload != "" or msg.get_content_maintype() in ("multipart", "message"):  # type: ignore[attr-defined]
        return None
    msg.set_payload(text[end:])
    return msg
