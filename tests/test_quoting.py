"""Telling a reply's new text from the quoted earlier mail: exact lines on each side."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calcheck.model import RawMail
from calcheck.quoting import split_quoted
from calcheck.reading import read_message

MAIL = Path(__file__).parent / "data" / "mail"


def read(name: str) -> tuple[list[str], list[str]]:
    path = MAIL / name
    mail = read_message(RawMail(str(path), path.read_bytes()))
    return mail.new_text.split("\n"), mail.quoted_text.split("\n")


@pytest.mark.parametrize(
    ("name", "new", "quoted"),
    [
        (
            "reply-gt-lines.eml",
            ["了解しました。", "", "", "当日よろしくお願いします。"],
            ["> 12月1日はいかがですか", "> 森尾"],
        ),
        ("reply-fullwidth-gt-lines.eml", ["2番目の候補でお願いします。"], ["＞①12月1日", "＞②12月2日"]),
        (
            "reply-outlook-original-message.eml",
            ["承知しました。"],
            [
                "-----Original Message-----",
                "From: 森尾 拓也",
                "Sent: Tuesday, November 17, 2026 6:05 PM",
                "Subject: 日程",
                "",
                "・11月24日（火）13:30～",
            ],
        ),
        (
            "reply-outlook-jp-original-message.eml",
            ["承知しました。"],
            [
                "----- 元のメッセージ -----",
                "差出人: 森尾",
                "送信日時: 2026年11月17日 18:05",
                "",
                "・11月25日",
            ],
        ),
        (
            "reply-outlook-header-block-without-dashes.eml",
            ["Confirmed."],
            [
                "________________________________",
                "From: Morio <morio@example.jp>",
                "Sent: Tuesday, November 17, 2026 6:05 PM",
                "To: Yamada",
                "Subject: meeting",
                "",
                "How about Nov 26?",
            ],
        ),
        (
            "reply-outlook-jp-header-block.eml",
            ["かしこまりました。"],
            [
                "差出人: 森尾 拓也 <morio@example.jp>",
                "送信日時: 2026年11月17日 18:05",
                "宛先: 山田",
                "件名: 日程",
                "",
                "11月27日はいかがでしょうか。",
            ],
        ),
        (
            "reply-gmail-jp-attribution-wrapped.eml",
            ["2番目の候補でお願いします。"],
            [
                "2026年11月18日(水) 10:12 山田 太郎 <",
                "yamada@example.co.jp>:",
                "",
                "> ①12月1日",
                "> ②12月2日",
            ],
        ),
        (
            "reply-gmail-jp-attribution.eml",
            ["それでお願いします。"],
            ["2026年11月18日(水) 10:12 山田 <yamada@example.co.jp>:", "> 12月3日 14時"],
        ),
        (
            "reply-gmail-en-on-wrote.eml",
            ["Works for me."],
            [
                "On Wed, Nov 18, 2026 at 10:12 AM Jane Doe <jane@example.com>",
                "wrote:",
                "> Shall we meet Dec 4 at 3pm?",
            ],
        ),
        (
            "forward-gmail-forwarded-message.eml",
            ["ご確認ください。"],
            [
                "---------- Forwarded message ---------",
                "From: 山田 <yamada@example.co.jp>",
                "Date: 2026年11月18日(水) 10:12",
                "Subject: 日程",
                "",
                "12月8日 10時でお願いします。",
            ],
        ),
        (
            "forward-jp-tensou-message.eml",
            ["転送します。"],
            ["-------- 転送メッセージ --------", "件名: 日程", "日付: 2026/11/18 10:12", "", "12月9日 11時"],
        ),
        (
            "reply-html-only-gmail-blockquote.eml",
            ["2番目でお願いします。"],
            ["2026年11月18日(水) 10:12 山田 <yamada@example.co.jp>:", "", "> ①12月1日", "> ②12月2日"],
        ),
    ],
)
def test_quote_style_splits_exactly(name: str, new: list[str], quoted: list[str]) -> None:
    assert read(name) == (new, quoted)


def test_bottom_posted_reply_keeps_the_text_after_the_quote() -> None:
    text = "On Wed, Nov 18, 2026 at 10:12 AM A <a@b.c> wrote:\n> Dec 4?\n\nYes, Dec 4 works."
    assert split_quoted(text) == (
        "Yes, Dec 4 works.",
        "On Wed, Nov 18, 2026 at 10:12 AM A <a@b.c> wrote:\n> Dec 4?",
    )


def test_inline_answers_between_quotes_are_new() -> None:
    text = "> 12月1日は？\n1日で大丈夫です。\n> 時間は？\n14時でお願いします。"
    assert split_quoted(text) == ("1日で大丈夫です。\n14時でお願いします。", "> 12月1日は？\n> 時間は？")


def test_name_wrote_line_without_date_is_a_header_only_before_quotes() -> None:
    assert split_quoted("OK\n山田さんは書きました:\n> 12月1日")[0] == "OK"
    assert split_quoted("下記の件、承知しました:\n12月1日 14時")[1] == ""


@pytest.mark.parametrize(
    "text",
    [
        "日時：2026年12月1日（火）14:00～15:00\n場所：本社",
        "From: 10:00\nto 11:00",
        "2026年12月1日(火) 14:00〜\n15:00 よろしくお願いします。",
        "＝＝＝＝＝＝＝＝＝＝\n株式会社サンプル\n＝＝＝＝＝＝＝＝＝＝",
        "________________\nMicrosoft Teams meeting\nJoin on your computer",
        "On Monday we meet:\n- item",
    ],
)
def test_ordinary_new_text_is_not_taken_for_a_quote_header(text: str) -> None:
    assert split_quoted(text) == (text, "")


_LINE = st.sampled_from(
    [
        "> 12月1日",
        "＞ 了解",
        "",
        "お願いします。",
        "On Wed, Nov 18, 2026 at 10:12 AM A <a@b.c> wrote:",
        "2026年11月18日(水) 10:12 山田 <",
        "y@example.jp>:",
        "-----Original Message-----",
        "From: A",
        "Sent: today",
        "差出人: 山田",
        "送信日時: 2026/11/18",
        "12月2日 14時",
        "____________",
        "wrote:",
    ]
) | st.text(max_size=30).map(lambda s: s.replace("\n", " ").replace("\r", " "))


@given(st.lists(_LINE, max_size=25))
@settings(max_examples=300, deadline=None)
def test_every_non_blank_line_lands_on_exactly_one_side_in_order(lines: list[str]) -> None:
    new, quoted = split_quoted("\n".join(lines))
    kept = [line for line in lines if line.strip()]
    new_lines = [line for line in new.split("\n") if line.strip()]
    quoted_lines = [line for line in quoted.split("\n") if line.strip()]
    assert sorted(new_lines + quoted_lines) == sorted(kept)
    assert all(line in kept for line in new_lines)
    assert not any(line.lstrip().startswith((">", "＞")) for line in new_lines)
