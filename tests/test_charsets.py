"""Decoding bytes whose charset label cannot be trusted (calcheck._charset)."""

from __future__ import annotations

import base64

import pytest

from calcheck._charset import decode_bytes, decode_header, decode_jis

# JIS X 0208 bytes written out by hand: ESC $ B ... ESC ( B.
NEC_CIRCLED_1_2 = b'\x1b$B-!-"\x1b(B'  # ①②  (NEC row 13)
NEC_KABU = b"\x1b$B-j\x1b(B"  # ㈱
IBM_TAKA = b"\x1b$B|b\x1b(B"  # 髙  (NEC-selected IBM extension row 92, cp932 0xEEE0)
IBM_SMALL_ROMAN_1 = b"\x1b$B|q\x1b(B"  # ⅰ   (cp932 0xEEEF)
KANJI = b"\x1b$B4A;z\x1b(B"  # 漢字
HALFWIDTH_KANA = b"\x1b(I6@6E\x1b(B"  # ｶﾀｶﾅ


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (NEC_CIRCLED_1_2, "①②"),
        (NEC_KABU, "㈱"),
        (IBM_TAKA, "髙"),
        (IBM_SMALL_ROMAN_1, "ⅰ"),
        (KANJI, "漢字"),
        (HALFWIDTH_KANA, "ｶﾀｶﾅ"),
        (b"abc " + KANJI + b" def", "abc 漢字 def"),
    ],
)
def test_iso2022jp_decodes_vendor_characters_and_halfwidth_kana(data: bytes, text: str) -> None:
    assert decode_bytes(data, "ISO-2022-JP") == (text, None)


def test_python_codec_really_rejects_these_bytes() -> None:
    with pytest.raises(UnicodeDecodeError):
        NEC_CIRCLED_1_2.decode("iso2022_jp")


def test_unmapped_jis_user_defined_character_is_one_replacement_not_a_stray_kana() -> None:
    assert decode_jis(b"\x1b$B%F\x784\x1b(B") == "テ\ufffd"


def test_shift_jis_label_reads_cp932_characters() -> None:
    assert decode_bytes("①㈱髙ⅰ".encode("cp932"), "Shift_JIS") == ("①㈱髙ⅰ", None)


@pytest.mark.parametrize("label", ["iso-2022-jp", "us-ascii", "utf-8", "x-unknown", None, "bad charset"])
def test_lying_labels_fall_back_to_what_the_bytes_are(label: str | None) -> None:
    utf8 = "打合せは12月1日".encode()
    sjis = "打合せは12月1日".encode("cp932")
    for data in (utf8, sjis):
        text, problem = decode_bytes(data, label)
        assert text == "打合せは12月1日"
        if label not in ("utf-8",) or data is sjis:
            assert problem is not None


def test_jis_bytes_under_an_ascii_label_are_still_jis() -> None:
    text, problem = decode_bytes(KANJI, "us-ascii")
    assert text == "漢字"
    assert problem is not None


def test_latin1_label_holding_utf8_is_read_as_utf8() -> None:
    assert decode_bytes("Café".encode(), "iso-8859-1")[0] == "Café"


def test_undecodable_bytes_never_raise() -> None:
    text, problem = decode_bytes(b"\xff\xfe\x80abc\x81", "utf-8")
    assert "abc" in text
    assert problem is not None


def _word(data: bytes, charset: str = "ISO-2022-JP") -> str:
    return f"=?{charset}?B?{base64.b64encode(data).decode()}?="


def test_encoded_word_with_nec_characters() -> None:
    assert decode_header("Re: " + _word(NEC_CIRCLED_1_2 + KANJI)) == "Re: ①②漢字"


def test_adjacent_encoded_words_are_joined_even_when_a_character_is_split() -> None:
    raw = "会議".encode()
    assert decode_header(f"{_word(raw[:2], 'UTF-8')} {_word(raw[2:], 'UTF-8')}") == "会議"


def test_encoded_word_labelled_iso2022jp_holding_shift_jis() -> None:
    problems: list[str] = []
    assert decode_header(_word("日程".encode("cp932")), problems) == "日程"
    assert problems


def test_q_encoding_and_unknown_charset_and_bad_padding() -> None:
    assert decode_header("=?utf-8?Q?a_b=E6=97=A5?=") == "a b日"
    assert decode_header("=?NONE?B?VEVTVA=?=") == "TEST"


def test_raw_8bit_header_bytes_arrive_as_surrogates_and_are_decoded() -> None:
    raw = "日程".encode("cp932").decode("ascii", "surrogateescape")
    assert decode_header("Re: " + raw) == "Re: 日程"


def test_unlabelled_windows_code_page_latin_is_not_read_as_shift_jis() -> None:
    assert decode_bytes("lo que más aprecio, Mätterhorn.".encode("cp1252"), None)[0] == (
        "lo que más aprecio, Mätterhorn."
    )


@pytest.mark.parametrize(
    "text", ["Zoomで12月1日 14:00からお願いします。", "Teams会議URLはmeet.example.jpです", "ア"]
)
def test_unlabelled_shift_jis_mixed_with_latin_words_stays_japanese(text: str) -> None:
    assert decode_bytes(text.encode("cp932"), None)[0] == text


def test_wave_dash_is_the_same_character_with_or_without_vendor_characters() -> None:
    plain = decode_bytes(b"\x1b$B#1#0;~!A#1#1;~\x1b(B", "iso-2022-jp")[0]  # 10時〜11時
    with_nec = decode_bytes(b"\x1b$B-!#1#0;~!A#1#1;~\x1b(B", "iso-2022-jp")[0]  # ①10時〜11時
    assert plain == with_nec[1:] == "１０時～１１時"


@pytest.mark.parametrize("label", ["utf-8", "us-ascii", None])
def test_euc_jp_under_a_wrong_label_keeps_its_date(label: str | None) -> None:
    # cp932 reads these bytes without an error but as nonsense; the date would be lost.
    text = "12月3日（木）14時からでお願いします。"
    decoded, problem = decode_bytes(text.encode("euc_jp"), label)
    assert decoded == text
    assert problem is not None


def test_shift_jis_kana_is_never_taken_for_euc_jp() -> None:
    text = "ありがとうございます。カタカナも12月です。"
    assert decode_bytes(text.encode("cp932"), "utf-8")[0] == text
