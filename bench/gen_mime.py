"""Hand-built MIME for the benchmark mailbox: exact control over charset and transfer encoding.

Built by hand rather than with ``email.message`` so every message can carry the encodings
real Japanese mailers use (ISO-2022-JP 7bit, Shift_JIS 8bit, ...) and so generation is quick.
"""

from __future__ import annotations

import base64
import quopri
from email.header import Header

_CODEC = {"iso-2022-jp": "iso2022_jp", "shift_jis": "cp932", "utf-8": "utf-8", "us-ascii": "ascii"}
# What ISO-2022-JP (JIS X 0208) cannot hold, as old mailers rewrite it.
_JIS_SAFE = str.maketrans({"～": "〜", "①": "(1)", "②": "(2)", "③": "(3)", "④": "(4)", "■": "◆"})
JA_ENCODINGS = (
    [("iso-2022-jp", "7bit")] * 40
    + [("shift_jis", "8bit")] * 12
    + [("shift_jis", "base64")] * 8
    + [("utf-8", "base64")] * 20
    + [("utf-8", "quoted-printable")] * 12
    + [("utf-8", "8bit")] * 8
)

Entity = tuple[list[str], bytes]


def hdr(value: str, charset: str = "utf-8") -> str:
    if value.isascii():
        return value
    if charset == "iso-2022-jp":
        value = value.translate(_JIS_SAFE)
    return Header(value, "utf-8" if charset == "shift_jis" else charset).encode()


def addr(name: str, addr: str, charset: str) -> str:
    return f"{hdr(name, charset)} <{addr}>"


def leaf(
    text: str,
    ctype: str = "text/plain",
    charset: str = "utf-8",
    cte: str = "8bit",
    extra: tuple[str, ...] = (),
) -> Entity:
    """One body part: its headers and its encoded body."""
    if charset == "iso-2022-jp":
        text = text.translate(_JIS_SAFE)
    try:
        data = text.encode(_CODEC[charset])
    except UnicodeEncodeError:
        charset, data = "utf-8", text.encode()
    if cte == "base64":
        body = base64.encodebytes(data)
    elif cte == "quoted-printable":
        body = quopri.encodestring(data)
    else:
        body = data
    headers = [f'Content-Type: {ctype}; charset="{charset}"', f"Content-Transfer-Encoding: {cte}", *extra]
    return headers, body if body.endswith(b"\n") else body + b"\n"


def attachment(data: bytes, ctype: str, filename: str) -> Entity:
    return (
        [
            f'Content-Type: {ctype}; name="{filename}"',
            "Content-Transfer-Encoding: base64",
            f'Content-Disposition: attachment; filename="{filename}"',
        ],
        base64.encodebytes(data),
    )


def multipart(subtype: str, parts: list[Entity], boundary: str) -> Entity:
    chunks: list[bytes] = [b"This is a multi-part message in MIME format.\n"]
    for headers, body in parts:
        chunks.append(f"\n--{boundary}\n".encode() + "\n".join(headers).encode() + b"\n\n" + body)
    chunks.append(f"\n--{boundary}--\n".encode())
    return [f'Content-Type: multipart/{subtype}; boundary="{boundary}"'], b"".join(chunks)


def message(headers: list[str], entity: Entity, crlf: bool) -> bytes:
    data = ("\n".join([*headers, "MIME-Version: 1.0", *entity[0]]) + "\n\n").encode() + entity[1]
    # Shift_JIS and UTF-8 never use 0x0A inside a character, so the swap is safe on 8bit bodies.
    return data.replace(b"\n", b"\r\n") if crlf else data
