"""Turning mail bytes into text when the charset label cannot be trusted.

Japanese mail breaks the textbook decoders in three ways, all handled here:

1. **ISO-2022-JP with vendor characters.** Windows and macOS write NEC row 13 (①, ㈱, ㍻) and the
   NEC-selected IBM extensions (髙, ⅰ) into JIS X 0208 escape runs. Python's ``iso2022_jp`` codecs
   reject them. Microsoft's CP50220 treats ISO-2022-JP as a 7-bit transport for CP932, so we do the
   same: every two-byte JIS run is converted arithmetically to Shift_JIS, ``ESC ( I`` runs and SO/SI
   become half-width katakana bytes, and the result is decoded as ``cp932``. The C codec is tried
   first because nearly all mail passes it.
2. **Shift_JIS means CP932.** Every Shift_JIS label is decoded as ``cp932`` (a superset that also
   knows ①, ㈱, 髙 and maps carrier emoji to the private-use area instead of failing).
3. **Labels that lie.** ``iso-2022-jp`` or ``us-ascii`` over UTF-8 or Shift_JIS bytes, ``utf-8`` over
   Shift_JIS, unknown names such as ``x-unknown``. The label is tried strictly, then the bytes are
   sniffed: JIS escapes, strict UTF-8, strict CP932, and only then a lossy decode. Each fallback is
   reported as a *problem* string so the caller can record it.

:func:`decode_header` applies the same rules to RFC 2047 encoded-words (adjacent words in one
charset are joined before decoding, since ISO-2022-JP and UTF-8 characters are often split across
words) and to raw 8-bit header bytes, which the compat32 parser hands over as surrogate escapes.
"""

from __future__ import annotations

import binascii
import codecs
import functools
import re

__all__ = ["decode_bytes", "decode_header", "decode_jis"]

_SJIS_LABELS = frozenset({
    "shift_jis", "shift-jis", "sjis", "x-sjis", "s-jis", "shiftjis", "ms_kanji", "csshiftjis",
    "windows-31j", "cswindows31j", "cp932", "ms932", "x-ms-cp932", "ibm-943", "shift_jisx0213",
    "shift_jis_2004",
})
_JIS_LABELS = frozenset({
    "iso-2022-jp", "iso-2022-jp-1", "iso-2022-jp-2", "iso-2022-jp-3", "iso-2022-jp-2004",
    "iso-2022-jp-ms", "csiso2022jp", "iso2022jp", "iso2022-jp", "jis", "cp50220", "cp50221", "cp50222",
    "x-iso-2022-jp",
})
_ASCII_LABELS = frozenset({"us-ascii", "ascii", "us", "ansi_x3.4-1968", "iso646-us", "cp367", "7bit", ""})
# Labels whose Python codec is wrong or missing for what the senders actually produce.
_ALIASES = {
    "ks_c_5601-1987": "cp949", "ks_c_5601": "cp949", "euc-kr": "cp949", "x-euc-jp": "euc_jp",
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "iso-8859-1": "cp1252",
    "latin1": "cp1252", "latin-1": "cp1252", "iso_8859-1": "cp1252", "unicode-1-1-utf-8": "utf-8",
    "x-unknown": "", "unknown-8bit": "", "x-user-defined": "", "default": "", "none": "",
}
_SINGLE_BYTE = ("cp125", "iso8859", "latin", "koi8", "mac_", "cp437", "cp850")

_JIS_TO_MICROSOFT = (
    ("\u301c", "\uff5e"), ("\u2016", "\u2225"), ("\u2212", "\uff0d"),
    ("\u00a2", "\uffe0"), ("\u00a3", "\uffe1"), ("\u00ac", "\uffe2"),
)
_ESC_RUN = re.compile(rb"\x1b(\$\(?[@BDOPQ]|\([BJIH]|&@)")


def _norm(label: str | None) -> str:
    return (label or "").strip().strip("\"'; ").lower()


def _codec(label: str) -> str | None:
    """The Python codec name for a charset label, or None when Python does not know it."""
    label = _ALIASES.get(label, label)
    if not label:
        return None
    try:
        return codecs.lookup(label).name
    except (LookupError, UnicodeError, ValueError):  # 8-bit or NUL bytes in the label: not a name
        return None


def decode_jis(data: bytes) -> str:
    """Decode ISO-2022-JP the CP50220 way (vendor characters, half-width kana); never raises.

    Bytes that map to nothing (carrier emoji in the JIS user-defined rows) become U+FFFD.
    """
    return _jis_to_sjis(data).decode("cp932", _SJIS_REPLACE)


def _replace_sjis_pair(exc: UnicodeError) -> tuple[str, int]:
    """Replace an unmapped double-byte character as one unit.

    The cp932 codec reports only the lead byte as bad; replacing just that byte would turn the
    trail byte into a stray half-width katakana (``0xEC 0xB2`` → ``�ｲ``).
    """
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    data = exc.object
    end = exc.start + 1
    lead = data[exc.start]
    if (0x81 <= lead <= 0x9F or 0xE0 <= lead <= 0xFC) and end < len(data) and 0x40 <= data[end] <= 0xFC:
        end += 1
    return "\ufffd", end


_SJIS_REPLACE = "calcheck-sjis-replace"
codecs.register_error(_SJIS_REPLACE, _replace_sjis_pair)
_HIGH_ONLY = bytes(range(128))
_ISOLATED_HIGH = re.compile(rb"(?<=[A-Za-z])[\x80-\xff](?=[A-Za-z ,.;:!?)])")


def _jis_to_sjis(data: bytes) -> bytes:
    out = bytearray()
    mode = b"(B"
    pos = 0
    for match in _ESC_RUN.finditer(data):
        _convert_run(data[pos:match.start()], mode, out)
        mode = match.group(1)
        pos = match.end()
    _convert_run(data[pos:], mode, out)
    return bytes(out)


def _convert_run(run: bytes, mode: bytes, out: bytearray) -> None:
    if not run:
        return
    if mode in (b"$B", b"$@", b"$(B", b"$(Q", b"$(O"):
        i, n = 0, len(run)
        while i < n:
            j1 = run[i]
            if j1 in (0x0A, 0x0D) or i + 1 >= n:
                # A line end inside a kanji run is a broken sender; keep the line structure.
                out.append(j1)
                i += 1
                continue
            j2 = run[i + 1]
            i += 2
            if not (0x21 <= j1 <= 0x7E and 0x21 <= j2 <= 0x7E):
                out.extend(b"?")
                continue
            s1 = ((j1 - 0x21) >> 1) + 0x81
            if s1 > 0x9F:
                s1 += 0x40
            s2 = j2 + (0x7E if not j1 & 1 else 0x20 if j2 >= 0x60 else 0x1F)
            out.append(s1)
            out.append(s2)
    elif mode == b"(I":
        out.extend(c + 0x80 if 0x21 <= c <= 0x5F else c for c in run)
    elif mode in (b"$(D", b"$(P"):
        # JIS X 0212 has no CP932 equivalent: keep a placeholder per character.
        out.extend("\ufffd".encode("cp932", "replace") * (len(run) // 2))
    else:
        _convert_ascii(run, out)


def _convert_ascii(run: bytes, out: bytearray) -> None:
    if b"\x0e" not in run:
        out.extend(run)
        return
    shifted = False
    for c in run:
        if c == 0x0E:
            shifted = True
        elif c == 0x0F:
            shifted = False
        elif shifted and 0x21 <= c <= 0x5F:
            out.append(c + 0x80)
        else:
            out.append(c)


_SJIS_ONLY_BYTES = re.compile(rb"[\x80-\x8d\x90-\xa0]")


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _looks_latin(data: bytes) -> bool:
    """Whether 8-bit bytes stand alone between Latin letters (más, Mätterhorn), as in a Windows
    code page. Shift_JIS pairs almost never do: Japanese runs of 8-bit bytes are long.
    """
    high = len(data.translate(None, _HIGH_ONLY))
    return high > 0 and 2 * len(_ISOLATED_HIGH.findall(data)) >= high


def _sniff(data: bytes) -> tuple[str, str]:  # noqa: PLR0911 - one return per guess, in order
    """Decode unlabelled or mislabelled bytes; returns (text, what it turned out to be)."""
    if b"\x1b" in data and data.isascii() and _ESC_RUN.search(data):
        return decode_jis(data), "iso-2022-jp"
    text = _strict(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    if _looks_latin(data):
        return data.decode("cp1252", "replace"), "cp1252"
    if not _SJIS_ONLY_BYTES.search(data):
        # Every Shift_JIS kana starts with 0x82/0x83 and most kanji with 0x88-0x9F; text with
        # none of 0x80-0xA0 (bar EUC's single shifts 0x8E/0x8F) is EUC-JP, which cp932 would
        # read as nonsense without failing.
        text = _strict(data, "euc_jp")
        if text is not None:
            return text, "euc-jp"
    text = _strict(data, "cp932")
    if text is not None:
        return text, "cp932"
    utf8 = data.decode("utf-8", "replace")
    sjis = data.decode("cp932", _SJIS_REPLACE)
    bad_sjis = sjis.count("\ufffd")
    # A few bad characters among many good ones is damaged Japanese; many is another language
    # (an unlabelled Windows code page, by far the commonest case in the wild).
    if bad_sjis * 8 > len(data.translate(None, _HIGH_ONLY)) and bad_sjis > 1:
        return data.decode("cp1252", "replace"), "cp1252"
    if bad_sjis < utf8.count("\ufffd"):
        return sjis, "cp932 with replacements"
    return utf8, "utf-8 with replacements"


def _decode_iso2022jp(data: bytes) -> str:
    text = _strict(data, "iso2022_jp")
    if text is None:
        return decode_jis(data)
    # Same characters whichever route decoded them: the C codec follows JIS (U+301C 〜), the
    # CP50220 route Microsoft (U+FF5E ～), and most of this mail comes from Windows. Not
    # str.translate: it looks every character up in a dict, ~100 times slower than these scans,
    # and most texts hold none of the six characters.
    for jis, microsoft in _JIS_TO_MICROSOFT:
        if jis in text:
            text = text.replace(jis, microsoft)
    return text


def decode_bytes(data: bytes, label: str | None) -> tuple[str, str | None]:  # noqa: PLR0911
    """Decode ``data`` declared as charset ``label``; returns (text, problem or None). Never raises."""
    name = _norm(label)
    if data.isascii():
        # Plain ASCII is the same in every label we meet, except for JIS escapes.
        if b"\x1b" in data and _ESC_RUN.search(data):
            problem = None if name in _JIS_LABELS else f"charset {name or 'missing'}: held ISO-2022-JP"
            return _decode_iso2022jp(data), problem
        if name in _ASCII_LABELS or name in _JIS_LABELS or name in _SJIS_LABELS or "utf" not in name:
            return data.decode("ascii"), None
    if name in _SJIS_LABELS:
        text = _strict(data, "cp932")
        if text is not None:
            return text, None
        if _strict(data, "utf-8") is None:
            return data.decode("cp932", _SJIS_REPLACE), f"charset {name}: undecodable bytes replaced"
    elif name in _JIS_LABELS or name in _ASCII_LABELS:
        pass  # 8-bit bytes under a 7-bit label: the label lies, sniff below.
    else:
        codec = _codec(name)
        if codec is not None:
            if codec.startswith(_SINGLE_BYTE):
                # A single-byte codec accepts anything; valid multi-byte UTF-8 is far likelier
                # to be a mislabelled UTF-8 message than Latin-1 that happens to look like it.
                text = _strict(data, "utf-8")
                if text is not None:
                    return text, f"charset {name}: held UTF-8"
            text = _strict(data, codec)
            if text is not None:
                return text, None
    text, found = _sniff(data)
    return text, f"charset {name or 'missing'}: decoded as {found}"


_ENCODED_WORD = re.compile(r"=\?([^?\s]+?)(?:\*[^?\s]*)?\?([bBqQ])\?([^?\s]*)\?=")
_QP_HEX = re.compile(rb"=([0-9A-Fa-f]{2})")
_LINE_BREAK = re.compile(r"\r?\n|\r")


def _word_bytes(kind: str, payload: str) -> bytes | None:
    raw = payload.encode("ascii", "surrogateescape")
    if kind in "bB":
        raw = raw.rstrip(b"=")
        raw += b"=" * (-len(raw) % 4)
        try:
            return binascii.a2b_base64(raw)
        except (binascii.Error, ValueError):
            return None
    return _QP_HEX.sub(lambda m: bytes([int(m.group(1), 16)]), raw.replace(b"_", b" "))


def _raw_text(text: str, problems: list[str]) -> str:
    """Text outside encoded-words: raw 8-bit bytes arrive as surrogate escapes."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        decoded, problem = decode_bytes(text.encode("utf-8", "surrogateescape"), None)
        problems.append(f"8-bit header: {problem}" if problem else "8-bit header")
        return decoded
    return text


def _decode_words(words: list[bytes], charset: str, problems: list[str]) -> str:
    text, problem = decode_bytes(b"".join(words), charset)
    if problem:
        problems.append(f"encoded-word {problem}")
    return text


def decode_header(value: str | None, problems: list[str] | None = None) -> str:
    """Decode a header value: unfold, RFC 2047 words with charset fallbacks, raw 8-bit bytes.

    Problems met on the way are appended to ``problems`` when given. Never raises.
    """
    if not value:
        return ""
    if len(value) > _CACHED_HEADER_LENGTH:
        text, found = _decode_header(value)
    else:
        text, found = _decode_header_cached(value)
    if found and problems is not None:
        problems.extend(found)
    return text


# A mailbox repeats its senders' names and many subjects: one decoding each (a tenth of the
# header values in a large audit) is enough. Long values are left out to keep the cache small.
_CACHED_HEADER_LENGTH = 512


@functools.lru_cache(maxsize=4096)
def _decode_header_cached(value: str) -> tuple[str, tuple[str, ...]]:
    return _decode_header(value)


def _decode_header(value: str) -> tuple[str, tuple[str, ...]]:
    """:func:`decode_header`'s text and the problems met on the way."""
    problems: list[str] = []
    return _decode_header_words(value, problems), tuple(problems)


def _decode_header_words(value: str, problems: list[str]) -> str:
    if "\n" in value or "\r" in value:
        value = _LINE_BREAK.sub("", value)
    if "=?" not in value:
        return _raw_text(value, problems).strip()
    out: list[str] = []
    pending: list[bytes] = []  # adjacent words in one charset, decoded together
    pending_cs = ""
    pos = 0
    for match in _ENCODED_WORD.finditer(value):
        start = match.start()
        # Whitespace between two encoded words is not text (RFC 2047 section 6.2).
        if start > pos and not (pending and not value[pos:start].strip(" \t\r\n")):
            if pending:
                out.append(_decode_words(pending, pending_cs, problems))
                pending = []
            out.append(_raw_text(value[pos:start], problems))
        charset, kind, payload = match.groups()
        data = _word_bytes(kind, payload)
        if data is None:
            if pending:
                out.append(_decode_words(pending, pending_cs, problems))
                pending = []
            problems.append(f"encoded-word: bad base64 kept as written: {match.group(0)}")
            out.append(match.group(0))
        else:
            charset = _norm(charset)
            if pending and charset != pending_cs:
                out.append(_decode_words(pending, pending_cs, problems))
                pending = []
            pending_cs = charset
            pending.append(data)
        pos = match.end()
    if pending:
        out.append(_decode_words(pending, pending_cs, problems))
    out.append(_raw_text(value[pos:], problems))
    return "".join(out).strip()
