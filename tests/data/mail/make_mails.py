# ruff: noqa: E501 - fixture text reads best one message line per source line
"""Writes the hand-made test mails in this folder. Run once; the .eml bytes are committed.

Kept so that a reader can see how each file was made. The encoders here are deliberately
independent of calcheck: ISO-2022-JP with NEC/IBM characters is produced by encoding to cp932
and converting Shift_JIS to JIS arithmetically (the opposite direction to calcheck's decoder).
"""

from __future__ import annotations

import base64
import quopri
from pathlib import Path

HERE = Path(__file__).parent


def sjis_to_jis(text: str) -> bytes:
    """Encode text as ISO-2022-JP the way Outlook does (CP50220): vendor characters included."""
    out = bytearray()
    mode = "ascii"
    for ch in text:
        raw = ch.encode("cp932")
        if len(raw) == 1 and raw[0] < 0x80:
            if mode != "ascii":
                out += b"\x1b(B"
                mode = "ascii"
            out += raw
        elif len(raw) == 1:  # half-width katakana
            if mode != "kana":
                out += b"\x1b(I"
                mode = "kana"
            out.append(raw[0] - 0x80)
        else:
            if mode != "kanji":
                out += b"\x1b$B"
                mode = "kanji"
            s1, s2 = raw
            s1 -= 0x40 if s1 >= 0xE0 else 0
            j1 = (s1 - 0x81) * 2 + 0x21
            if s2 >= 0x9F:
                j1 += 1
                j2 = s2 - 0x7E
            else:
                j2 = s2 - 0x1F - (1 if s2 >= 0x80 else 0)
            out += bytes([j1, j2])
    if mode != "ascii":
        out += b"\x1b(B"
    return bytes(out)


def jis_lines(text: str) -> bytes:
    return b"\r\n".join(sjis_to_jis(line) for line in text.split("\n"))


def word(data: bytes, charset: str) -> bytes:
    return b"=?" + charset.encode() + b"?B?" + base64.b64encode(data) + b"?="


def crlf(text: str) -> bytes:
    return text.replace("\n", "\r\n").encode("utf-8")


def headers(subject: bytes = b"test", extra: str = "", date: str = "Wed, 18 Nov 2026 10:12:00 +0900",
            sender: bytes = b"Yamada Taro <yamada@example.co.jp>", msgid: str = "<case@example.co.jp>") -> bytes:
    return (b"From: " + sender + b"\r\nTo: Morio Takuya <morio@example.jp>, sato@example.jp\r\n"
            b"Subject: " + subject + b"\r\n" + crlf(f"Date: {date}\nMessage-ID: {msgid}\n{extra}")
            + b"MIME-Version: 1.0\r\n")


def single(ctype: str, body: bytes, cte: str = "7bit", **kw: object) -> bytes:
    return headers(**kw) + crlf(f"Content-Type: {ctype}\nContent-Transfer-Encoding: {cte}\n\n") + body + b"\r\n"  # type: ignore[arg-type]


def write(name: str, data: bytes) -> None:
    (HERE / name).write_bytes(data)


def reply(name: str, text: str, subject: str = "Re: meeting") -> None:
    write(name, single('text/plain; charset="UTF-8"', base64.encodebytes(text.encode()).replace(b"\n", b"\r\n"),
                       "base64", subject=subject.encode()))


NEC_BODY = "森尾様\n\n打合せは①12月1日（火）14:00からでお願いします。\n㈱髙橋製作所 ⅰ号棟にお越しください。\nｶﾀｶﾅもあります。"


def main() -> None:
    write("iso2022jp-nec-chars-body-and-subject.eml",
          single('text/plain; charset="ISO-2022-JP"', jis_lines(NEC_BODY),
                 subject=word(sjis_to_jis("①打合せ㈱髙橋"), "ISO-2022-JP")))
    write("cp932-base64-nec-kabu.eml",
          single("text/plain;\n  charset=cp932", base64.encodebytes("㈱サンプル 12月1日①".encode("cp932")), "base64",
                 subject=word("件名①".encode("cp932"), "Windows-31J")))
    write("shift-jis-declared-holding-cp932-chars.eml",
          single("text/plain; charset=Shift_JIS", "①髙橋です。\r\n日程は12月2日です。".encode("cp932"), "8bit"))
    write("lying-label-iso2022jp-holding-utf8.eml",
          single("text/plain; charset=iso-2022-jp", "日程は12月3日（木）です。".encode(), "8bit",
                 subject=b"=?iso-2022-jp?B?" + base64.b64encode("件名UTF8".encode()) + b"?="))
    write("lying-label-us-ascii-holding-shift-jis.eml",
          single("text/plain; charset=us-ascii", "午後3時に伺います。".encode("cp932"), "8bit"))
    write("unknown-charset-holding-shift-jis.eml",
          single("text/plain; charset=x-unknown", "来週水曜日でお願いします。".encode("cp932"), "8bit"))
    write("subject-shift-jis-labelled-iso2022jp.eml",
          single("text/plain; charset=us-ascii", b"body", subject=word("お打合せの件".encode("cp932"), "ISO-2022-JP")))
    write("subject-raw-8bit-utf8.eml",
          single("text/plain; charset=utf-8", "本文".encode(), "8bit", subject="打合せ日程".encode(),
                 sender="山田 太郎 <yamada@example.co.jp>".encode()))
    html = ('<html><head><title>T</title><style>p {color: red}</style></head><body>'
            '<p>森尾様</p><p>日時：12月4日（金）<br>15:00&#12316;16:00</p>'
            '<table><tr><td>場所</td><td>本社&amp;会議室</td></tr></table>'
            '<script>var x = "12月31日";</script>'
            '<script type="application/ld+json">{"@type": "Event", "startDate": "2026-12-04T15:00:00+09:00"}</script>'
            '</body></html>')
    jis_html = jis_lines(html)
    write("html-only-iso2022jp-quoted-printable.eml",
          single('text/html; charset="ISO-2022-JP"', quopri.encodestring(jis_html).replace(b"\n", b"\r\n"),
                 "quoted-printable"))
    boundary = "=_alt_1"
    write("alternative-prefers-plain.eml", headers() + crlf(
        f'Content-Type: multipart/alternative; boundary="{boundary}"\n\n'
        f"--{boundary}\nContent-Type: text/plain; charset=utf-8\n\nPLAIN 12月5日\n"
        f"--{boundary}\nContent-Type: text/html; charset=utf-8\n\n<p>HTML 12月6日</p>"
        '<script type="application/ld+json">{"@type": "Event"}</script>\n'
        f"--{boundary}--\n"))
    cal = ("BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:outlook-1\r\n"
           "DTSTART;TZID=Tokyo Standard Time:20261207T100000\r\nSUMMARY:打合せ\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    b64cal = base64.encodebytes(cal.encode()).decode()
    write("outlook-inline-text-calendar.eml", headers() + crlf(
        f'Content-Type: multipart/alternative; boundary="{boundary}"\n\n'
        f"--{boundary}\nContent-Type: text/plain; charset=utf-8\n\nInvitation\n"
        f"--{boundary}\nContent-Type: text/html; charset=utf-8\n\n<p>Invitation</p>\n"
        f'--{boundary}\nContent-Type: text/calendar; charset="utf-8"; method=REQUEST\n'
        f"Content-Transfer-Encoding: base64\n\n{b64cal}\n--{boundary}--\n"))
    write("ics-attachments-application-ics-and-rfc2231-name.eml", headers() + crlf(
        'Content-Type: multipart/mixed; boundary="mix"\n\n'
        "--mix\nContent-Type: text/plain; charset=utf-8\n\nSee attached.\n"
        "--mix\nContent-Type: application/ics\nContent-Disposition: attachment; filename=a.ics\n\n"
        "BEGIN:VCALENDAR\nUID:app-ics\nEND:VCALENDAR\n"
        "--mix\nContent-Type: application/octet-stream\nContent-Disposition: attachment;\n"
        " filename*=UTF-8''%E6%97%A5%E7%A8%8B.ics\nContent-Transfer-Encoding: base64\n\n"
        + base64.encodebytes(b"BEGIN:VCALENDAR\nUID:octet-ics\nEND:VCALENDAR\n").decode()
        + "--mix\nContent-Type: text/plain; charset=utf-8\nContent-Disposition: attachment; filename=notes.txt\n\n"
        "attached 12月9日\n--mix--\n"))
    write("forwarded-rfc822-attachment.eml", headers() + crlf(
        'Content-Type: multipart/mixed; boundary="fw"\n\n'
        "--fw\nContent-Type: text/plain; charset=utf-8\n\nFYI\n"
        "--fw\nContent-Type: message/rfc822\n\n"
        "From: old@example.com\nSubject: old\nContent-Type: multipart/alternative; boundary=in\n\n"
        "--in\nContent-Type: text/plain\n\nOld text 12月10日\n"
        "--in\nContent-Type: text/calendar\n\nBEGIN:VCALENDAR\nUID:forwarded\nEND:VCALENDAR\n"
        "--in--\n--fw--\n"))

    reply("reply-gt-lines.eml", "了解しました。\n\n> 12月1日はいかがですか\n> 森尾\n\n当日よろしくお願いします。")
    reply("reply-fullwidth-gt-lines.eml", "2番目の候補でお願いします。\n＞①12月1日\n＞②12月2日")
    reply("reply-outlook-original-message.eml",
          "承知しました。\n\n-----Original Message-----\nFrom: 森尾 拓也\nSent: Tuesday, November 17, 2026 6:05 PM\n"
          "Subject: 日程\n\n・11月24日（火）13:30～")
    reply("reply-outlook-jp-original-message.eml",
          "承知しました。\n\n----- 元のメッセージ -----\n差出人: 森尾\n送信日時: 2026年11月17日 18:05\n\n・11月25日")
    reply("reply-outlook-header-block-without-dashes.eml",
          "Confirmed.\n\n________________________________\nFrom: Morio <morio@example.jp>\n"
          "Sent: Tuesday, November 17, 2026 6:05 PM\nTo: Yamada\nSubject: meeting\n\nHow about Nov 26?")
    reply("reply-outlook-jp-header-block.eml",
          "かしこまりました。\n\n差出人: 森尾 拓也 <morio@example.jp>\n送信日時: 2026年11月17日 18:05\n"
          "宛先: 山田\n件名: 日程\n\n11月27日はいかがでしょうか。")
    reply("reply-gmail-jp-attribution-wrapped.eml",
          "2番目の候補でお願いします。\n\n2026年11月18日(水) 10:12 山田 太郎 <\nyamada@example.co.jp>:\n\n"
          "> ①12月1日\n> ②12月2日")
    reply("reply-gmail-jp-attribution.eml",
          "それでお願いします。\n\n2026年11月18日(水) 10:12 山田 <yamada@example.co.jp>:\n> 12月3日 14時")
    reply("reply-gmail-en-on-wrote.eml",
          "Works for me.\n\nOn Wed, Nov 18, 2026 at 10:12 AM Jane Doe <jane@example.com>\nwrote:\n"
          "> Shall we meet Dec 4 at 3pm?")
    reply("forward-gmail-forwarded-message.eml",
          "ご確認ください。\n\n---------- Forwarded message ---------\nFrom: 山田 <yamada@example.co.jp>\n"
          "Date: 2026年11月18日(水) 10:12\nSubject: 日程\n\n12月8日 10時でお願いします。")
    reply("forward-jp-tensou-message.eml",
          "転送します。\n\n-------- 転送メッセージ --------\n件名: 日程\n日付: 2026/11/18 10:12\n\n12月9日 11時")
    gmail_html = ('<div dir="ltr">2番目でお願いします。</div><br><div class="gmail_quote">'
                  '<div dir="ltr" class="gmail_attr">2026年11月18日(水) 10:12 山田 &lt;yamada@example.co.jp&gt;:<br></div>'
                  '<blockquote class="gmail_quote">①12月1日<br>②12月2日</blockquote></div>')
    write("reply-html-only-gmail-blockquote.eml",
          single("text/html; charset=UTF-8", quopri.encodestring(gmail_html.encode()), "quoted-printable"))

    write("auto-reply-auto-submitted.eml",
          single("text/plain", b"I am away until 12/7.", extra="Auto-Submitted: auto-replied\n"))
    write("auto-reply-suppress-header-only-is-not-auto.eml",
          single("text/plain", b"Normal mail.", extra="X-Auto-Response-Suppress: All\n"))
    write("bulk-list-unsubscribe.eml",
          single("text/plain", b"Newsletter", extra="List-Unsubscribe: <mailto:u@example.com>\nPrecedence: bulk\n"))
    write("bad-date-hour-27.eml", single("text/plain", b"x", date="Tue, 06 Jun 2017 27:39:33 +0600"))
    write("bad-date-zone.eml", single("text/plain", b"x", date="Tue, 12 Oct 2010 16:21:05 H0500"))
    write("threading-headers.eml", single("text/plain", b"x", extra=(
        "In-Reply-To: <a@example.jp>\nReferences: <root@example.jp>\n <a@example.jp>\n")))


if __name__ == "__main__":
    main()
