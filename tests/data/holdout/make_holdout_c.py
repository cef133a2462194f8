#!/usr/bin/env python3
# ruff: noqa: E501, PLR0912, PLR0915, PLR0917, UP017, I001, RUF100, PLC0207  - corpus data: long literal mail lines
"""Write hold-out corpus C: messages/*.eml, calendar.ics, labels.json, scenario.json.

C is written independently of calcheck's rules, as an honest measure of generalisation:
summer mail in Japan. now = 2026-07-31 08:30 JST (a Friday); the owner 小田切 航 is a sales
engineer at 株式会社ミナセ情報システム. お盆 (8/13〜8/16) closures in footers and in the calendar,
令和8年, docomo/au/SoftBank mobile mail (Shift_JIS, one line), Thunderbird / Outlook / Gmail
Japanese quote headers, full-width ＞ inline replies, keigo confirmations and keigo questions,
Zoom / Teams / Google Meet / Webex invitation text without a calendar part, a Japanese Outlook
.ics (TZID "東京 (標準時)"), a restaurant booking with schema.org JSON-LD, cancellations,
postponements, the owner's own sent mail, overseas partners, and the usual noise (newsletters,
invoices, deliveries, auto-replies, a 日報, minutes whose 次回 is fixed).

Same layout and label schema as the shared corpus (``score-corpus tests/data/holdout/C``).
Scored once before any rule was changed for it (the generalisation estimate): 42/47 verdicts
(89.4%), 1 false alert (a keigo question 「…でお願いできますでしょうか」 reported as missing).
Deterministic: run ``python3 make_holdout_c.py`` and the bytes are the same every time.
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mimekit import addr, attachment, html, ics_text, leaf, local, message, multi, stamp  # noqa: E402
from make_holdout import JSONLD, Corpus, T, cal_part  # noqa: E402

TOKYO = ZoneInfo("Asia/Tokyo")
CEST = ZoneInfo("Europe/Stockholm")
SGT = ZoneInfo("Asia/Singapore")
UTC = timezone.utc

C = Corpus("C", T(2026, 7, 31, 8, 30), "小田切 航", "odagiri@minase-is.example.jp", "小田切 航")
OWN = addr("小田切 航", "odagiri@minase-is.example.jp")
OWN_SIG = ("\n\n--------------------------------\n株式会社ミナセ情報システム\nソリューション営業部 セールスエンジニア\n"
           "小田切 航（おだぎり わたる）\nTEL 03-5555-0231 / 080-5555-0231\n--------------------------------\n")
HEAD = "株式会社ミナセ情報システム\n小田切様\n\n"
OBON = "\n※誠に勝手ながら、8月13日（木）〜8月16日（日）は夏季休業とさせていただきます。\n"


def mail(n: int, slug: str, *, sent: datetime, frm: str, subject: str, body: object, to: str = OWN,
         reply: str | None = None, extra: tuple[tuple[str, str], ...] = (), cs: str = "ISO-2022-JP",
         mode: str = "B", domain: str = "example.jp", cc: str | None = None) -> bytes:
    return message(date_=sent, frm=frm, to=to, cc=cc, subject=subject, msgid=f"<c{n:03d}.{slug}@{domain}>",
                   body=body, in_reply_to=reply, extra=extra, subject_charset=cs, subject_mode=mode)


def sjis(text: str) -> object:
    return leaf(text, charset="shift_jis", cte="8bit")


def utf8(text: str, cte: str = "base64") -> object:
    return leaf(text, charset="utf-8", cte=cte)


def outlook_jp_ics(*, uid: str, summary: str, start: datetime, end: datetime, organizer: tuple[str, str],
                   attendees: tuple[tuple[str, str], ...], location: str, stamp_at: datetime) -> str:
    """An invitation as Outlook for Windows in Japanese writes it: a localised TZID and its VTIMEZONE."""
    tzid = "東京 (標準時)"
    lines = ["BEGIN:VCALENDAR", "METHOD:REQUEST", "PRODID:Microsoft Exchange Server 2010", "VERSION:2.0",
             "BEGIN:VTIMEZONE", f"TZID:{tzid}", "BEGIN:STANDARD", "DTSTART:16010101T000000",
             "TZOFFSETFROM:+0900", "TZOFFSETTO:+0900", "END:STANDARD", "BEGIN:DAYLIGHT",
             "DTSTART:16010101T000000", "TZOFFSETFROM:+0900", "TZOFFSETTO:+0900", "END:DAYLIGHT",
             "END:VTIMEZONE", "BEGIN:VEVENT", f"ORGANIZER;CN={organizer[0]}:mailto:{organizer[1]}"]
    for cn, email in attendees:
        lines.append(f"ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN={cn}:mailto:{email}")
    lines += ["DESCRIPTION;LANGUAGE=ja-JP:要件確認のお打合せです。\\n資料は前日までに共有いたします。\\n",
              f"UID:{uid}", f"SUMMARY;LANGUAGE=ja-JP:{summary}",
              f"DTSTART;TZID={tzid}:{local(start)}", f"DTEND;TZID={tzid}:{local(end)}",
              "CLASS:PUBLIC", "PRIORITY:5", f"DTSTAMP:{stamp(stamp_at)}", "TRANSP:OPAQUE",
              "STATUS:CONFIRMED", "SEQUENCE:0", f"LOCATION;LANGUAGE=ja-JP:{location}",
              "X-MICROSOFT-CDO-APPT-SEQUENCE:0", "X-MICROSOFT-CDO-BUSYSTATUS:TENTATIVE",
              "X-MICROSOFT-CDO-INTENDEDSTATUS:BUSY", "X-MICROSOFT-CDO-ALLDAYEVENT:FALSE",
              "X-MICROSOFT-CDO-IMPORTANCE:1", "X-MICROSOFT-CDO-INSTTYPE:0", "X-MICROSOFT-DISALLOW-COUNTER:FALSE",
              "BEGIN:VALARM", "DESCRIPTION:REMINDER", "TRIGGER;RELATED=START:-PT15M", "ACTION:DISPLAY",
              "END:VALARM", "END:VEVENT", "END:VCALENDAR"]
    return ics_text(lines)


def build_c() -> None:
    c = C
    d = date
    # --- background calendar ----------------------------------------------------------------
    c.event("c-bg-yamanohi@minase", "山の日", d(2026, 8, 11))
    c.event("c-bg-kaki@minase", "夏季休暇", d(2026, 8, 13), d(2026, 8, 17))
    c.event("c-bg-osaka@minase", "大阪出張（関西支社）", d(2026, 7, 31), d(2026, 8, 2))
    c.event("c-bg-bunai@minase", "部内定例（SE課）", T(2026, 6, 4, 9), T(2026, 6, 4, 9, 30),
            rrule="FREQ=WEEKLY;BYDAY=TH", exdates=(T(2026, 8, 13, 9),))
    c.event("c-bg-1on1@minase", "1on1（課長）", T(2026, 7, 8, 17, 30), T(2026, 7, 8, 18),
            rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=WE")
    c.event("c-bg-dentist@minase", "歯医者", T(2026, 8, 22, 10), T(2026, 8, 22, 11))
    c.event("c-bg-aws@minase", "社内勉強会（AWS認定対策）", T(2026, 9, 3, 13), T(2026, 9, 3, 14))
    c.event("c-bg-kurumi@minase", "くるみ製作所 訪問", T(2026, 7, 28, 10), T(2026, 7, 28, 11))
    c.event("c-bg-kenshin@minase", "健康診断", T(2026, 9, 8, 9), T(2026, 9, 8, 11))

    # 1 Thunderbird attribution, 承知いたしました, お盆 footer
    ev = c.event("c-kasumi@minase", "【訪問】霞ロジテック 山田様", T(2026, 8, 6, 14), T(2026, 8, 6, 15),
                 location="霞ロジテック 本社5F")
    body = ("小田切様\n\nお世話になっております。霞ロジテックの山田です。\n\n"
            "8月6日（木）14:00〜15:00で承知いたしました。\n当日は弊社5階の受付までお越しください。\n" + OBON +
            "\n--\n霞ロジテック株式会社 情報システム部\n山田 直樹\nTEL 045-555-0118\n\n"
            "2026/07/28 10:15、小田切 航 wrote:\n> 山田様\n>\n> 倉庫管理システム更改の件、8月6日（木）14:00〜15:00、\n"
            "> もしくは8月7日（金）10:00〜11:00でいかがでしょうか。\n>\n> ミナセ情報システム 小田切\n")
    c.add("kasumi-thunderbird", mail(1, "kasumi", sent=T(2026, 7, 28, 13, 2),
                                     frm=addr("山田 直樹", "yamada@kasumi-logitech.example.jp"),
                                     subject="Re: 倉庫管理システム更改のお打合せ", body=leaf(body),
                                     reply="<owner-kasumi-1@minase-is.example.jp>",
                                     extra=(("User-Agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:115.0) Gecko/20100101 Thunderbird/115.12.0"),)),
          category="quote-header", lang="ja", expected="ok", start=T(2026, 8, 6, 14), end=T(2026, 8, 6, 15),
          uid=ev, why="8月6日（木）14:00〜15:00で承知; the Thunderbird attribution quotes the other option.")

    # 2 令和8年, Shift_JIS, entered a day late
    ev = c.event("c-shirogane@minase", "しろがね工務店 現場打合せ", T(2026, 8, 21, 10), T(2026, 8, 21, 11, 30))
    body = (HEAD + "有限会社しろがね工務店の中野でございます。\n平素より大変お世話になっております。\n\n"
            "先日ご相談させていただいた現場管理アプリの件、下記の通りお打合せをお願いいたします。\n\n"
            "　　　　記\n\n日時：令和8年8月20日（木）午前10時〜11時30分\n場所：弊社 事務所2階（府中市）\n"
            "出席：中野、現場主任 吉村\n\n以上、よろしくお願い申し上げます。\n\n有限会社しろがね工務店\n中野 隆\n")
    c.add("shirogane-reiwa", mail(2, "shirogane", sent=T(2026, 7, 22, 15, 40),
                                  frm=addr("中野 隆", "nakano@shirogane-koumuten.example.jp", "SHIFT_JIS"),
                                  subject="現場管理アプリのお打合せについて", body=sjis(body), cs="SHIFT_JIS"),
          category="seed-wrong-day", lang="ja", expected="mismatch", start=T(2026, 8, 20, 10),
          end=T(2026, 8, 20, 11, 30), uid=ev, why="令和8年8月20日（木）午前10時〜11時30分, entered on the 21st.")

    # 3 docomo, one line: 明日13時でOKです
    ev = c.event("c-kaneda@minase", "現地調査 金田設備 金田様", T(2026, 7, 31, 13), T(2026, 7, 31, 14, 30))
    body = ("明日13時でOKです。\nよろしくお願いします。\n金田\n\n"
            "＞金田様\n＞現地調査の件ですが、明日31日の午後はご都合いかがでしょうか。\n＞ミナセ情報システム 小田切\n")
    c.add("kaneda-docomo", mail(3, "kaneda", sent=T(2026, 7, 30, 21, 40),
                                frm=addr(None, "kaneda-setsubi.k@docomo.ne.jp"),
                                subject="Re: 現地調査の件", body=sjis(body), cs="SHIFT_JIS",
                                reply="<owner-kaneda-1@minase-is.example.jp>", domain="docomo.ne.jp"),
          category="mobile", lang="ja", expected="ok", start=T(2026, 7, 31, 13), uid=ev,
          why="docomo mobile reply 「明日13時でOKです」 sent 7/30 means 7/31 13:00.")

    # 4 au, 月曜日の朝9時, entered at 10:00
    ev = c.event("c-sakaguchi@minase", "坂口電設 打合せ", T(2026, 8, 3, 10), T(2026, 8, 3, 11))
    body = ("了解です。月曜日の朝9時に伺います。\n坂口\n\n＞来週前半でご都合のよい時間を教えてください。\n")
    c.add("sakaguchi-au", mail(4, "sakaguchi", sent=T(2026, 7, 30, 19, 12),
                               frm=addr("坂口 大輔", "d-sakaguchi@ezweb.ne.jp", "SHIFT_JIS"),
                               subject="Re: 配線工事のお打合せ", body=sjis(body), cs="SHIFT_JIS",
                               reply="<owner-sakaguchi-1@minase-is.example.jp>", domain="ezweb.ne.jp"),
          category="mobile", lang="ja", expected="mismatch", start=T(2026, 8, 3, 9), uid=ev,
          why="月曜日 alone from Thursday 7/30 is 8/3; 朝9時 entered at 10:00.")

    # 5 Outlook JP header block, top posting, お伺いします
    ev = c.event("c-tokiwa@minase", "【来社】ときわ工業 松井様", T(2026, 8, 5, 10), T(2026, 8, 5, 11))
    body = ("小田切様\n\nいつもお世話になっております。ときわ工業の松井です。\n\n"
            "承知いたしました。では8月5日（水）10時〜11時にお伺いします。\n当日は私と品質保証課の大森の2名で参ります。\n\n"
            "ときわ工業株式会社 生産技術部\n松井 康弘\n\n"
            "差出人: 小田切 航 <odagiri@minase-is.example.jp>\n送信日時: 2026年7月27日 16:40\n"
            "宛先: 松井 康弘 <matsui@tokiwa-kogyo.example.jp>\n件名: 導入後フォローのお打合せについて\n\n"
            "松井様\n\nお世話になっております。ミナセ情報システムの小田切です。\n"
            "導入後フォローのお打合せですが、以下の日程でご都合いかがでしょうか。\n\n"
            "・8月4日（火）13:00〜14:00\n・8月5日（水）10:00〜11:00\n・8月7日（金）15:00〜16:00\n\n"
            "弊社会議室にお越しいただく形を想定しております。\n")
    c.add("tokiwa-outlook-jp", mail(5, "tokiwa", sent=T(2026, 7, 28, 9, 5),
                                    frm=addr("松井 康弘", "matsui@tokiwa-kogyo.example.jp"),
                                    subject="RE: 導入後フォローのお打合せについて",
                                    body=multi("alternative", "----=_NextPart_c005",
                                               leaf(body), leaf(html(body), "html", "iso-2022-jp", "quoted-printable")),
                                    reply="<owner-tokiwa-1@minase-is.example.jp>",
                                    extra=(("X-Mailer", "Microsoft Outlook 16.0"),)),
          category="quote-header", lang="ja", expected="ok", start=T(2026, 8, 5, 10), end=T(2026, 8, 5, 11),
          uid=ev, why="「では8月5日（水）10時〜11時にお伺いします」 above an Outlook 差出人/送信日時 block of options.")

    # 6 Gmail JP attribution; the entry was typed into a UTC calendar
    ev = c.event("c-hokushin@minase", "北辰ソフトウェア API連携MTG", T(2026, 8, 7, 16, tz=UTC),
                 T(2026, 8, 7, 17, tz=UTC), utc=True)
    body = ("小田切さん\n\n北辰ソフトウェアの西川です。\nご調整ありがとうございます。\n\n"
            "8/7(金) 16:00〜17:00 のWeb会議、確定とさせていただきます。\nGoogle Meet のURLは前日までにお送りします。\n\n"
            "西川\n\n2026年7月28日(火) 10:15 小田切 航 <odagiri@minase-is.example.jp>:\n\n"
            "> 西川様\n>\n> API連携の件、8/7(金)でしたら16時以降で調整可能です。\n> ご検討ください。\n")
    c.add("hokushin-gmail-utc", mail(6, "hokushin", sent=T(2026, 7, 28, 11, 40),
                                     frm=addr("西川 亜紀", "nishikawa@hokushin-sw.example.co.jp", "UTF-8"),
                                     subject="Re: API連携のお打合せ", body=utf8(body, "quoted-printable"),
                                     cs="UTF-8", reply="<owner-hokushin-1@minase-is.example.jp>",
                                     domain="hokushin-sw.example.co.jp"),
          category="timezone", lang="ja", expected="mismatch", start=T(2026, 8, 7, 16), end=T(2026, 8, 7, 17),
          uid=ev, why="8/7(金) 16:00〜17:00 JST; the entry is 16:00Z (8/8 01:00 JST), a zone slip.")

    # 7 UTC-stored entry that is right
    ev = c.event("c-mikage@minase", "みかげ電機 Web会議", T(2026, 8, 18, 15), T(2026, 8, 18, 16), utc=True)
    body = (HEAD + "みかげ電機の青木です。\n\nお見積りのご説明の件、8月18日（火）15時〜16時でお願いいたします。\n"
            "Teamsのリンクは当日の朝にお送りいたします。\n" + OBON + "\nみかげ電機株式会社 購買部 青木\n")
    c.add("mikage-utc-ok", mail(7, "mikage", sent=T(2026, 7, 24, 17, 3),
                                frm=addr("青木 沙織", "aoki@mikage-denki.example.jp"),
                                subject="お見積りご説明の日程", body=leaf(body)),
          category="explicit-date", lang="ja", expected="ok", start=T(2026, 8, 18, 15), end=T(2026, 8, 18, 16),
          uid=ev, why="8月18日（火）15時〜16時; the calendar stores it in UTC (06:00Z), which is right.")

    # 8 でお願いできますでしょうか: a question
    body = (HEAD + "なぎさ化成の村上です。\n\nご提案いただいた件、社内で検討いたしました。\n"
            "つきましては、8月19日（水）13:30〜14:30でお願いできますでしょうか。\n"
            "ご都合が悪いようでしたら、別の日程もご相談させてください。\n\nなぎさ化成株式会社 村上\n")
    c.add("nagisa-question", mail(8, "nagisa", sent=T(2026, 7, 29, 10, 20),
                                  frm=addr("村上 健", "murakami@nagisa-kasei.example.jp"),
                                  subject="ご提案の件", body=leaf(body)),
          category="none-question", lang="ja", expected="none",
          why="「…でお願いできますでしょうか」 asks; nothing is agreed yet.")

    # 9 週明け (vague) and an お盆 footer
    body = (HEAD + "こはく印刷の藤田です。\n\nお見積りの件、社内確認に少々お時間をいただいております。\n"
            "週明けに改めてご連絡いたしますので、今しばらくお待ちください。\n" + OBON + "\nこはく印刷株式会社 藤田\n")
    c.add("kohaku-shuake", mail(9, "kohaku", sent=T(2026, 7, 30, 17, 55),
                                frm=addr("藤田 恵美", "fujita@kohaku-print.example.jp"),
                                subject="お見積りの件", body=leaf(body)),
          category="none-vague", lang="ja", expected="none",
          why="「週明けに改めてご連絡」 is no appointment; the footer gives only closure dates.")

    # 10 来週月曜 written on a Friday
    ev = c.event("c-ibuki@minase", "いぶき建設 打合せ（現場事務所）", T(2026, 8, 3, 15), T(2026, 8, 3, 16))
    body = ("小田切さん\n\nおはようございます。いぶき建設の原です。\n昨日はありがとうございました。\n\n"
            "続きのお話は、来週月曜の15時〜でお願いします。場所は現場事務所でお願いします。\n\n原\n")
    c.add("ibuki-raishu-getsu", mail(10, "ibuki", sent=T(2026, 7, 31, 7, 50),
                                     frm=addr("原 拓海", "hara@ibuki-kensetsu.example.jp", "UTF-8"),
                                     subject="続きのお打合せ", body=utf8(body), cs="UTF-8"),
          category="relative-date", lang="ja", expected="ok", start=T(2026, 8, 3, 15), uid=ev,
          why="来週月曜 written on Friday 7/31 is 8/3; 15時〜 gives no end.")

    # 11 weekday conflict: 8月4日（水） is a Tuesday
    ev = c.event("c-soyokaze@minase", "そよかぜ保険 打合せ", T(2026, 8, 4, 16), T(2026, 8, 4, 17))
    body = (HEAD + "そよかぜ保険の石原です。\n\n契約管理システムの件、8月4日（水）16時〜17時で調整がつきました。\n"
            "当日はよろしくお願いいたします。\n\nそよかぜ保険株式会社 システム企画部 石原\n")
    c.add("soyokaze-weekday", mail(11, "soyokaze", sent=T(2026, 7, 23, 14, 30),
                                   frm=addr("石原 勇気", "ishihara@soyokaze-ins.example.jp"),
                                   subject="契約管理システムの件", body=leaf(body)),
          category="weekday-conflict", lang="ja", expected="ok", start=T(2026, 8, 4, 16), end=T(2026, 8, 4, 17),
          uid=ev, why="8月4日（水）: the 4th is a Tuesday; the written date is kept (weekday_conflict).")

    # 12 date in the subject, time in the body
    ev = c.event("c-himawari@minase", "ひまわり設計 森様 来社", T(2026, 8, 5, 15), T(2026, 8, 5, 16))
    body = (HEAD + "ひまわり設計の森です。\n\n当日は15時に伺います。\nお打合せは1時間程度を予定しております。\n"
            "なお、デモ用にプロジェクターをお借りできますと助かります。\n\n株式会社ひまわり設計 森 智子\n")
    c.add("himawari-subject-date", mail(12, "himawari", sent=T(2026, 7, 29, 16, 10),
                                        frm=addr("森 智子", "mori@himawari-sekkei.example.jp"),
                                        subject="【8/5 打合せ】当日の段取りについて", body=leaf(body)),
          category="subject-date", lang="ja", expected="ok", start=T(2026, 8, 5, 15), uid=ev,
          why="The subject gives 8/5, the body 「当日は15時に伺います」.")

    # 13 two meetings: the first confirmed, the second still asked
    ev = c.event("c-akebono@minase", "あけぼの食品 進捗報告会", T(2026, 8, 6, 11), T(2026, 8, 6, 12))
    body = (HEAD + "あけぼの食品の小川です。\n\n8月6日（木）10:00〜11:00の進捗報告会は、上記で確定です。\n"
            "また、8月21日（金）の工場見学ですが、13時〜でいかがでしょうか。\n"
            "ご都合をお聞かせいただけますと幸いです。\n" + OBON + "\nあけぼの食品株式会社 小川\n")
    c.add("akebono-two-meetings", mail(13, "akebono", sent=T(2026, 7, 27, 11, 15),
                                       frm=addr("小川 悟", "ogawa@akebono-foods.example.jp"),
                                       subject="進捗報告会と工場見学の件", body=leaf(body)),
          category="two-meetings", lang="ja", expected="mismatch", start=T(2026, 8, 6, 10), end=T(2026, 8, 6, 11),
          uid=ev, why="The first meeting (8/6 10:00〜11:00) is confirmed and entered at 11:00; the second is a question.")

    # 14 Zoom invitation text, no calendar part
    body = ("小田切様\n\nみずなら不動産の佐々木です。\nキックオフのZoomをお送りします。\n\n"
            "佐々木 理沙さんがあなたを予定されたZoomミーティングに招待しています。\n\n"
            "トピック: 【みずなら不動産】物件管理システム導入キックオフ\n時間: 2026年8月10日 02:00 PM 大阪、札幌、東京\n\n"
            "Zoomミーティングに参加する\nhttps://us06web.zoom.us/j/84412345678?pwd=QmZrT0xkZ3JvY2FsLmV4YW1wbGU\n\n"
            "ミーティングID: 844 1234 5678\nパスコード: 583920\n\n---\nワンタップモバイル\n+81363628317,,84412345678#,,,,*583920# 日本\n")
    c.add("mizunara-zoom", mail(14, "mizunara", sent=T(2026, 7, 29, 13, 45),
                                frm=addr("佐々木 理沙", "sasaki@mizunara-fudosan.example.jp", "UTF-8"),
                                subject="キックオフ Zoom のご案内", body=utf8(body, "quoted-printable"), cs="UTF-8"),
          category="meeting-invite-text", lang="ja", expected="missing", start=T(2026, 8, 10, 14),
          why="Zoom's Japanese invitation text 「時間: 2026年8月10日 02:00 PM 大阪、札幌、東京」; not entered.")

    # 15 Teams invitation text, no calendar part
    ev = c.event("c-hiiragi@minase", "ひいらぎ電工 工藤様 Teams", T(2026, 8, 12, 11), T(2026, 8, 12, 12))
    body = (HEAD + "ひいらぎ電工の工藤です。\n\n8月12日（水）11:00〜12:00 のお打合せ用に、Teams会議を設定しました。\n"
            "以下のリンクからご参加ください。\n\n"
            "________________________________________________________________________________\n"
            "Microsoft Teams ミーティング\nコンピューター、モバイル アプリケーション、またはルーム デバイスで参加する\n"
            "今すぐ会議に参加する\n会議 ID: 412 887 120 55\nパスコード: Xq7pLm\n"
            "________________________________________________________________________________\n\n"
            "ひいらぎ電工株式会社 工藤\n")
    c.add("hiiragi-teams", mail(15, "hiiragi", sent=T(2026, 7, 30, 11, 30),
                                frm=addr("工藤 茂", "kudo@hiiragi-denko.example.jp"),
                                subject="Teams会議のご案内（8/12）", body=leaf(body)),
          category="meeting-invite-text", lang="ja", expected="ok", start=T(2026, 8, 12, 11), end=T(2026, 8, 12, 12),
          uid=ev, why="A Teams link under 「8月12日（水）11:00〜12:00 のお打合せ用に」.")

    # 16 Google Calendar invitation text (no .ics), the entry an hour late
    ev = c.event("c-kusunoki@minase", "製品デモ（くすのき薬品様）", T(2026, 8, 19, 17), T(2026, 8, 19, 18),
                 attendees=("otsuki@kusunoki-pharma.example.jp",))
    body = ("製品デモ（くすのき薬品様）\n2026年8月19日 (水曜日)⋅16:00～17:00\nタイムゾーン: Asia/Tokyo\n"
            "Google Meet の参加情報\nビデオ通話のリンク: https://meet.google.com/xdz-qmrt-hpa\n\n"
            "参加者\n大槻 由紀 - 主催者\nodagiri@minase-is.example.jp\n\n"
            "Google カレンダーからの招待状\n"
            "このメールは、odagiri@minase-is.example.jp がこの予定のゲストとして登録されているため送信されています。\n")
    c.add("kusunoki-meet", mail(16, "kusunoki", sent=T(2026, 7, 27, 15, 0),
                                frm=addr("大槻 由紀", "otsuki@kusunoki-pharma.example.jp", "UTF-8"),
                                subject="招待: 製品デモ（くすのき薬品様） - 2026年8月19日 (水曜日) 16:00～17:00 (日本標準時) (odagiri@minase-is.example.jp)",
                                body=multi("alternative", "000000000000c016", utf8(body, "quoted-printable"),
                                           leaf(html(body), "html", "utf-8", "quoted-printable")),
                                cs="UTF-8", domain="kusunoki-pharma.example.jp"),
          category="meeting-invite-text", lang="ja", expected="mismatch", start=T(2026, 8, 19, 16),
          end=T(2026, 8, 19, 17), uid=ev,
          why="Google Calendar invitation text for 8/19 16:00～17:00; the owner's entry (organizer attending) is at 17:00.")

    # 17 Webex invitation text
    body = ("小田切 航 様\n\nあおい電子 佐藤 さんが Webex ミーティングにあなたを招待しています。\n\n"
            "保守サポート定期レビュー\n2026年8月24日 月曜日 15:00 | (UTC+09:00) 大阪、札幌、東京 | 1 時間\n\n"
            "ミーティングに参加する\nhttps://aoi-denshi.webex.com/aoi-denshi/j.php?MTID=m5f1e2d3c4b5a69788796a5b4c3d2e1f0\n\n"
            "ミーティング番号 (アクセス コード): 2514 889 3021\nミーティング パスワード: Aoi0824\n")
    c.add("aoi-webex", mail(17, "aoi", sent=T(2026, 7, 30, 10, 0),
                            frm=addr("佐藤 圭", "messenger@webex.example.com", "UTF-8"),
                            subject="Webex ミーティングの招待: 保守サポート定期レビュー",
                            body=utf8(body, "quoted-printable"), cs="UTF-8", domain="webex.example.com",
                            extra=(("Reply-To", "sato.kei@aoi-denshi.example.jp"),)),
          category="meeting-invite-text", lang="ja", expected="missing", start=T(2026, 8, 24, 15),
          why="Webex text 「2026年8月24日 月曜日 15:00 | (UTC+09:00) … | 1 時間」; not entered.")

    # 18 Japanese Outlook invitation: TZID "東京 (標準時)"
    uid18 = "040000008200E00074C5B7101A82E008000000004D3C2B1A0F1ADC01000000000000000010000000A1B2C3D4E5F60718293A4B5C6D7E8F90"
    c.event(uid18, "【さくら台病院】電子カルテ連携 要件確認", T(2026, 8, 20, 13), T(2026, 8, 20, 14, 30),
            attendees=("ishikawa@sakuradai-hp.example.jp",), location="Microsoft Teams 会議")
    ics = outlook_jp_ics(uid=uid18, summary="【さくら台病院】電子カルテ連携 要件確認", start=T(2026, 8, 20, 13),
                         end=T(2026, 8, 20, 14, 30), organizer=("石川 理恵", "ishikawa@sakuradai-hp.example.jp"),
                         attendees=(("小田切 航", "odagiri@minase-is.example.jp"),), location="Microsoft Teams 会議",
                         stamp_at=T(2026, 7, 21, 9, 12))
    text = ("小田切様\n\nさくら台病院 医療情報課の石川です。\n要件確認のお打合せをお送りします。\n\n"
            "________________________________________________________________________________\n"
            "Microsoft Teams ミーティング\n今すぐ会議に参加する\n会議 ID: 398 114 702 81\n"
            "________________________________________________________________________________\n")
    c.add("sakuradai-outlook-ics", mail(18, "sakuradai", sent=T(2026, 7, 21, 9, 12),
                                        frm=addr("石川 理恵", "ishikawa@sakuradai-hp.example.jp"),
                                        subject="【さくら台病院】電子カルテ連携 要件確認",
                                        body=multi("alternative", "_000_c018_",
                                                   leaf(text), leaf(html(text), "html", "iso-2022-jp", "quoted-printable"),
                                                   cal_part(ics, "REQUEST")),
                                        extra=(("X-Mailer", "Microsoft Outlook 16.0"),)),
          category="calendar-invite", lang="ja", expected="ok", start=T(2026, 8, 20, 13), end=T(2026, 8, 20, 14, 30),
          uid=uid18, why="A Japanese Outlook REQUEST with TZID=東京 (標準時) and its VTIMEZONE, accepted.")

    # 19 中止
    c.event("c-momiji@minase", "もみじ信用金庫 打合せ", T(2026, 8, 20, 14), T(2026, 8, 20, 15))
    body = (HEAD + "もみじ信用金庫 事務部の高木です。\n\n8月20日（木）14時からのお打合せですが、"
            "弊社内の事情により中止とさせていただきます。\n直前のご連絡となり誠に申し訳ございません。\n"
            "改めてご相談させていただければ幸いです。\n\nもみじ信用金庫 事務部 高木\n")
    c.add("momiji-chushi", mail(19, "momiji", sent=T(2026, 7, 30, 16, 20),
                                frm=addr("高木 和也", "takagi@momiji-shinkin.example.jp"),
                                subject="8/20 お打合せ中止のご連絡", body=leaf(body)),
          category="none-cancelled", lang="ja", expected="none",
          why="「中止とさせていただきます」: the 8/20 meeting is called off.")

    # 20 延期, no new date
    c.event("c-komadori@minase", "こまどり教育 操作研修", T(2026, 8, 7, 15), T(2026, 8, 7, 17))
    body = (HEAD + "こまどり教育の杉山です。\n\n8月7日（金）15時からの操作研修は、講師の都合により延期させていただくことと"
            "なりました。\n新しい日程は決まり次第ご連絡いたします。\nご迷惑をおかけし申し訳ございません。\n\n"
            "株式会社こまどり教育 杉山\n")
    c.add("komadori-enki", mail(20, "komadori", sent=T(2026, 7, 29, 18, 2),
                                frm=addr("杉山 陽菜", "sugiyama@komadori-edu.example.jp"),
                                subject="【延期】操作研修の日程について", body=leaf(body)),
          category="none-postponed", lang="ja", expected="none", why="Postponed, the new date still to come.")

    # 21 延期 with a new date, the calendar still at the old one
    ev = c.event("c-karamatsu@minase", "からまつ精密 打合せ", T(2026, 8, 18, 10), T(2026, 8, 18, 11))
    body = (HEAD + "からまつ精密の今村です。\n\n8月18日（火）10時のお打合せですが、社内の都合により"
            "8月25日（火）10時に延期させてください。\n大変申し訳ございません。\n\nからまつ精密株式会社 今村\n")
    c.add("karamatsu-enki-new", mail(21, "karamatsu", sent=T(2026, 7, 30, 9, 40),
                                     frm=addr("今村 修", "imamura@karamatsu-seimitsu.example.jp"),
                                     subject="お打合せ日程変更のお願い", body=leaf(body)),
          category="reschedule", lang="ja", expected="mismatch", start=T(2026, 8, 25, 10), uid=ev,
          why="Moved from 8/18 10時 to 8/25 10時; the calendar still has 8/18.")

    # 22 owner's own sent mail: 確定とさせていただきます
    ev = c.event("c-yuzuriha@minase", "ゆずりは商会 ご提案", T(2026, 8, 27, 13), T(2026, 8, 27, 14))
    body = ("ゆずりは商会\n河合様\n\nお世話になっております。ミナセ情報システムの小田切です。\n"
            "ご返信ありがとうございます。\nでは、8月27日（木）13時〜14時で確定とさせていただきます。\n"
            "当日は弊社の藤本と2名で御社へお伺いいたします。" + OWN_SIG +
            "\n> 8/27(木)の午後でしたら13時からで大丈夫です。\n> ゆずりは商会 河合\n")
    c.add("yuzuriha-own-sent", mail(22, "yuzuriha", sent=T(2026, 7, 29, 11, 0), frm=OWN,
                                    to=addr("河合 真由美", "kawai@yuzuriha-shokai.example.jp"),
                                    subject="Re: ご提案のお時間について", body=leaf(body),
                                    reply="<yuzuriha-1@yuzuriha-shokai.example.jp>", domain="minase-is.example.jp"),
          category="owner-sent", lang="ja", expected="ok", start=T(2026, 8, 27, 13), end=T(2026, 8, 27, 14),
          uid=ev, why="The owner's own 「8月27日（木）13時〜14時で確定とさせていただきます」.")

    # 23 owner's own sent mail, 午後1時〜2時, not entered
    body = ("はこべ産業株式会社\n菅原様\n\nお世話になっております。ミナセ情報システムの小田切です。\n\n"
            "承知いたしました。では8月26日（水）午後1時〜2時にお伺いします。\n"
            "ネットワーク構成図を印刷してお持ちいたします。" + OWN_SIG +
            "\n-----Original Message-----\nFrom: 菅原 誠 <sugawara@hakobe-sangyo.example.jp>\n"
            "Sent: Tuesday, July 28, 2026 5:21 PM\nTo: 小田切 航\nSubject: 現地確認のお願い\n\n"
            "小田切様\n26日（水）の午後1時からでお願いできればと存じます。\n")
    c.add("hakobe-own-sent", mail(23, "hakobe", sent=T(2026, 7, 29, 9, 12), frm=OWN,
                                  to=addr("菅原 誠", "sugawara@hakobe-sangyo.example.jp"),
                                  subject="RE: 現地確認のお願い", body=leaf(body),
                                  reply="<hakobe-1@hakobe-sangyo.example.jp>", domain="minase-is.example.jp"),
          category="owner-sent", lang="ja", expected="missing", start=T(2026, 8, 26, 13), end=T(2026, 8, 26, 14),
          why="The owner writes 「8月26日（水）午後1時〜2時にお伺いします」 and has no entry.")

    # 24 overseas partner: Aug 4 (Tue) 5pm JST / 10am CEST, entered at 10:00 JST
    ev = c.event("c-lindqvist@minase", "Lindqvist sync (Erik)", T(2026, 8, 4, 10), T(2026, 8, 4, 11))
    body = ("Hi Odagiri-san,\n\nThanks for the quick reply. Let's lock it in: Aug 4 (Tue) 5pm JST / 10am CEST,\n"
            "on Teams. I'll send the link the day before.\n\nBest regards,\nErik Lindqvist\n"
            "Lindqvist Systems AB | Stockholm\n\n"
            "On Tue, Jul 28, 2026 at 11:02 AM Wataru Odagiri <odagiri@minase-is.example.jp> wrote:\n"
            "> Hi Erik,\n> Would Tuesday Aug 4 work for you, in your morning? Anything after 4pm JST is fine for me.\n"
            "> Best,\n> Wataru\n")
    c.add("lindqvist-cest", mail(24, "lindqvist", sent=T(2026, 7, 28, 9, 12, tz=CEST),
                                 frm=addr("Erik Lindqvist", "erik@lindqvist-systems.example.se"),
                                 subject="Re: Integration sync", body=leaf(body, charset="us-ascii"),
                                 reply="<owner-lindqvist-1@minase-is.example.jp>",
                                 domain="lindqvist-systems.example.se"),
          category="timezone", lang="en", expected="mismatch", start=T(2026, 8, 4, 17), uid=ev,
          why="Aug 4 (Tue) 5pm JST / 10am CEST; the entry was made at 10:00 JST (the CEST time).")

    # 25 restaurant booking with JSON-LD (FoodEstablishmentReservation)
    ev = c.event("c-kaishoku@minase", "会食（はしばみ商事 辻様）", T(2026, 8, 3, 18, 30), T(2026, 8, 3, 20, 30),
                 location="炉端 かがり 丸の内店")
    text = ("小田切 航 様\n\nテーブルリザーブをご利用いただき、ありがとうございます。\n以下の内容でご予約が確定しました。\n\n"
            "店舗：炉端 かがり 丸の内店\n日時：2026年8月3日（月） 18:30\n人数：4名\nコース：季節の炉端会席\n"
            "予約番号：TR-5528193\n\nご来店の前日にリマインドメールをお送りいたします。\n"
            "キャンセルは前日18:00までにマイページから承ります。\n\nテーブルリザーブ\n")
    ld = json.dumps({"@context": "http://schema.org", "@type": "FoodEstablishmentReservation",
                     "reservationNumber": "TR-5528193", "reservationStatus": "http://schema.org/ReservationConfirmed",
                     "underName": {"@type": "Person", "name": "小田切 航"},
                     "reservationFor": {"@type": "FoodEstablishment", "name": "炉端 かがり 丸の内店",
                                        "address": {"@type": "PostalAddress", "streetAddress": "丸の内2-4-1",
                                                    "addressLocality": "千代田区", "addressRegion": "東京都",
                                                    "addressCountry": "JP"}},
                     "startTime": "2026-08-03T18:30:00+09:00", "partySize": "4"}, ensure_ascii=False)
    page = html(text).replace("<body>", "<body>" + JSONLD.format(ld))
    c.add("kagari-jsonld", mail(25, "kagari", sent=T(2026, 7, 24, 12, 31),
                                frm=addr("テーブルリザーブ", "noreply@table-reserve.example.com", "UTF-8"),
                                subject="【テーブルリザーブ】ご予約確定のお知らせ（炉端 かがり 丸の内店）",
                                body=multi("alternative", "tr-c025", utf8(text), leaf(page, "html", "utf-8", "base64")),
                                cs="UTF-8", domain="table-reserve.example.com"),
          category="jsonld", lang="ja", expected="ok", start=T(2026, 8, 3, 18, 30), uid=ev,
          why="A restaurant booking: FoodEstablishmentReservation with startTime on the reservation itself.")

    # 26 booking system, plain text, not entered
    body = ("小田切 航 様（株式会社ミナセ情報システム）\n\nこの度はショールーム見学のご予約をいただき、誠にありがとうございます。\n"
            "以下の内容でご予約を承りました。\n\n予約番号：SR-260821-017\n日時：2026年8月21日（金）14:00〜15:00\n"
            "会場：あさぎ住設 東京ショールーム（品川）\n人数：2名\n\n"
            "※ご予約の変更・キャンセルは前日17時までにご連絡ください。\n\nあさぎ住設 ショールーム予約センター\n")
    c.add("asagi-booking", mail(26, "asagi", sent=T(2026, 7, 27, 10, 5),
                                frm=addr("あさぎ住設 ショールーム予約センター", "reserve@asagi-jusetsu.example.jp"),
                                subject="【あさぎ住設】ショールーム見学 ご予約受付のお知らせ", body=leaf(body)),
          category="booking", lang="ja", expected="missing", start=T(2026, 8, 21, 14), end=T(2026, 8, 21, 15),
          why="A booking system confirms 8/21 14:00〜15:00; not entered.")

    # 27 newsletter with a webinar
    body = ("━━━━━━━━━━━━━━━━━━━━\n　クラウド通信 Vol.58（2026年7月号）\n━━━━━━━━━━━━━━━━━━━━\n\n"
            "■ウェビナーのご案内\n「生成AI活用の最前線 ― 現場で使えるRAG入門」\n日時：8月19日（水）15:00〜16:00\n"
            "参加費：無料\nお申込み：https://cloud-tsushin.example.com/webinar/0819\n\n"
            "■夏季休業のお知らせ\n8月13日（木）〜8月16日（日）はサポート窓口を休業いたします。\n\n"
            "配信停止をご希望の方はこちら：https://cloud-tsushin.example.com/unsubscribe\n")
    c.add("cloud-newsletter", mail(27, "newsletter", sent=T(2026, 7, 22, 8, 0),
                                   frm=addr("クラウド通信編集部", "news@cloud-tsushin.example.com"),
                                   subject="クラウド通信 Vol.58 ウェビナーのご案内ほか", body=leaf(body),
                                   domain="cloud-tsushin.example.com",
                                   extra=(("List-Unsubscribe", "<https://cloud-tsushin.example.com/unsubscribe>"),)),
          category="none-advert", lang="ja", expected="none", why="A newsletter advertising a webinar.")

    # 28 invoice with a payment deadline
    body = (HEAD + "いつもお世話になっております。ハヤテ通信 経理部です。\n\n2026年7月分のご請求書をお送りいたします。\n"
            "添付のPDFをご確認ください。\n\nご請求金額：132,000円（税込）\nお支払期限：2026年8月31日（月）\n"
            "お振込先：みなと銀行 本店営業部 普通 1234567\n\nハヤテ通信株式会社 経理部\n")
    c.add("hayate-invoice", mail(28, "hayate", sent=T(2026, 7, 31, 8, 2),
                                 frm=addr("ハヤテ通信 経理部", "keiri@hayate-tsushin.example.jp"),
                                 subject="【ハヤテ通信】7月分ご請求書送付のご案内",
                                 body=multi("mixed", "hayate-c028", leaf(body),
                                            attachment(b"%PDF-1.4\n% invoice\n", "application/pdf", "seikyu_202607.pdf"))),
          category="none-invoice", lang="ja", expected="none", why="An invoice with お支払期限.")

    # 29 delivery notice, HTML only
    text = ("小田切 航 様\n\nご注文ありがとうございます。商品を発送いたしました。\n\n"
            "お届け予定日時：8月1日（土）14時〜16時\nお問い合わせ伝票番号：5521-0934-7716\n\nオフィスパル通販\n")
    c.add("officepal-delivery", mail(29, "officepal", sent=T(2026, 7, 30, 20, 15),
                                     frm=addr("オフィスパル通販", "shop@officepal.example.com", "UTF-8"),
                                     subject="【オフィスパル】ご注文商品発送のお知らせ",
                                     body=leaf(html(text), "html", "utf-8", "base64"), cs="UTF-8",
                                     domain="officepal.example.com"),
          category="none-notice", lang="ja", expected="none", why="A delivery window, not an appointment.")

    # 30 auto-reply without an Auto-Submitted header
    body = ("誠に勝手ながら、7月30日（木）〜8月16日（日）は夏季休暇のため不在にしております。\n"
            "8月17日（月）9:00以降、順次ご返信いたします。\n"
            "お急ぎの場合は、営業部 代表（03-5555-0177）までご連絡ください。\n\nやまぶき総研 岡田\n")
    c.add("yamabuki-oof", mail(30, "yamabuki-oof", sent=T(2026, 7, 30, 10, 41),
                               frm=addr("岡田 美穂", "okada@yamabuki-soken.example.jp"),
                               subject="自動応答: 保守契約更新のご案内", body=leaf(body)),
          category="none-auto-reply", lang="ja", expected="none",
          why="An out-of-office reply with no Auto-Submitted header; 8/17 9:00 is when she is back.")

    # 31 日報 listing past visits
    body = ("お疲れさまです。野村です。\n本日の日報を送ります。\n\n【本日の活動】\n"
            "・10:00〜11:00 くるみ製作所様 訪問（保守更新のご提案）\n・14:00〜15:30 ふじみ電機様 Web打合せ（要件ヒアリング）\n"
            "・16:30 帰社、見積書作成\n\n【所感】\nふじみ電機様は9月の予算確定後に正式発注の見込み。\n\n"
            "【明日の予定】\n終日社内（見積書、提案書作成）\n\n以上です。\n")
    c.add("nippo", mail(31, "nippo", sent=T(2026, 7, 30, 18, 45),
                        frm=addr("野村 翔太", "nomura@minase-is.example.jp"),
                        to=addr("ソリューション営業部", "sales-se@minase-is.example.jp"), cc=OWN,
                        subject="【日報】7/30 野村", body=leaf(body), domain="minase-is.example.jp"),
          category="none-past-meeting", lang="ja", expected="none", why="A daily report of visits already made.")

    # 32 議事録 whose 次回 is fixed
    ev = c.event("c-nozomi@minase", "のぞみ工機 生産管理システム定例（第7回）", T(2026, 8, 26, 10), T(2026, 8, 26, 11),
                 location="のぞみ工機 本社2F")
    body = (HEAD + "のぞみ工機の坂本です。\n本日の定例会議の議事録を送付いたします。\n\n"
            "日時：2026年7月29日（水）10:00〜11:00\n場所：のぞみ工機 本社2F会議室\n"
            "出席者：（のぞみ工機）坂本、中村　（ミナセ情報システム）小田切様、藤本様\n\n"
            "1. 進捗状況\n　・受入テストは予定通り8月上旬に完了見込み\n2. 課題\n　・帳票レイアウトの最終確認（8/7までにのぞみ工機より回答）\n\n"
            "■次回\n日時：2026年8月26日（水）10:00〜11:00\n場所：同上\n\n以上\n")
    c.add("nozomi-gijiroku", mail(32, "nozomi", sent=T(2026, 7, 29, 17, 30),
                                  frm=addr("坂本 直人", "sakamoto@nozomi-koki.example.jp"),
                                  subject="【議事録】生産管理システム定例（第6回）", body=leaf(body)),
          category="minutes-next", lang="ja", expected="ok", start=T(2026, 8, 26, 10), end=T(2026, 8, 26, 11),
          uid=ev, why="Minutes of a past meeting whose 次回 (8/26 10:00〜11:00) is fixed and entered.")

    # 33 recurring 定例 with an お盆 EXDATE; the mail names the next one
    ev = c.event("c-hanamizuki-teirei@minase", "【定例】はなみずき製菓 システム定例", T(2026, 6, 4, 16), T(2026, 6, 4, 17),
                 rrule="FREQ=WEEKLY;BYDAY=TH", exdates=(T(2026, 8, 13, 16),))
    body = (HEAD + "はなみずき製菓の安藤です。\n\n8月13日（木）の定例はお盆休みのためお休みとさせてください。\n"
            "お盆明けの定例は8月20日（木）16:00〜17:00、通常どおりオンラインで実施いたします。\n\n"
            "はなみずき製菓株式会社 情報システム課 安藤\n")
    c.add("hanamizuki-teirei", mail(33, "hanamizuki", sent=T(2026, 7, 30, 15, 0),
                                    frm=addr("安藤 里奈", "ando@hanamizuki-seika.example.jp"),
                                    subject="お盆期間の定例について", body=leaf(body)),
          category="recurring", lang="ja", expected="ok", start=T(2026, 8, 20, 16), end=T(2026, 8, 20, 17), uid=ev,
          why="The 8/13 定例 is skipped (EXDATE); the 8/20 16:00 one is an occurrence of the series.")

    # 34 a weekly 定例 moved forward for お盆; the calendar only dropped the お盆 one
    ev = c.event("c-yurinoki-teirei@minase", "週次定例（ゆりのき運輸）", T(2026, 6, 5, 9, 30), T(2026, 6, 5, 10),
                 rrule="FREQ=WEEKLY;BYDAY=FR", exdates=(T(2026, 8, 14, 9, 30),))
    body = (HEAD + "ゆりのき運輸の内田です。\n\nお盆週の定例（8/14）はお休みとし、代わりに8月12日（水）9時半〜10時に"
            "前倒しで実施させてください。\nよろしくお願いいたします。\n\nゆりのき運輸株式会社 内田\n")
    c.add("yurinoki-maedaoshi", mail(34, "yurinoki", sent=T(2026, 7, 29, 8, 55),
                                     frm=addr("内田 修平", "uchida@yurinoki-unyu.example.jp"),
                                     subject="お盆週の定例について", body=leaf(body)),
          category="recurring", lang="ja", expected="mismatch", start=T(2026, 8, 12, 9, 30),
          end=T(2026, 8, 12, 10), uid=ev, also=("missing",),
          why="The 定例 moves to Wed 8/12 9:30; the series has no occurrence then (only the お盆 one dropped).")

    # 35 a trip across two dates
    body = ("小田切さん\n\nえのき商店の北村です。\n7/31〜8/1は大阪出張のため不在にしております。\n"
            "お急ぎの件は携帯（090-5555-0312）までご連絡ください。\n週明け8/3(月)以降に改めてご連絡します。\n\n北村\n")
    c.add("enoki-shutcho", mail(35, "enoki", sent=T(2026, 7, 30, 18, 20),
                                frm=addr("北村 啓介", "kitamura@enoki-shoten.example.jp"),
                                subject="不在のご連絡", body=leaf(body)),
          category="none-notice", lang="ja", expected="none", why="7/31〜8/1 出張: a date range, no appointment.")

    # 36 10時～11時半 (FULLWIDTH TILDE, as Windows IME writes it)
    ev = c.event("c-suzuran@minase", "すずらん化粧品 打合せ", T(2026, 8, 28, 10), T(2026, 8, 28, 11, 30))
    body = (HEAD + "すずらん化粧品の岩崎です。\n\nECサイト連携のお打合せ、8月28日（金）10時～11時半でお願いいたします。\n"
            "弊社受付にて「すずらん化粧品 岩崎」をお呼び出しください。\n\n株式会社すずらん化粧品 岩崎\n")
    c.add("suzuran-11jihan", mail(36, "suzuran", sent=T(2026, 7, 24, 13, 50),
                                  frm=addr("岩崎 玲奈", "iwasaki@suzuran-cosme.example.jp", "UTF-8"),
                                  subject="ECサイト連携のお打合せ", body=utf8(body), cs="UTF-8"),
          category="explicit-date", lang="ja", expected="ok", start=T(2026, 8, 28, 10), end=T(2026, 8, 28, 11, 30),
          uid=ev, why="8月28日（金）10時～11時半 (full-width tilde, 半).")

    # 37 14時から1時間程度, not entered
    body = (HEAD + "たちばな会計事務所の松本です。\n\nご連絡ありがとうございます。\n"
            "では、8月24日（月）14時から1時間程度でお願いいたします。\n当方からは所長と2名で参加いたします。\n\n"
            "たちばな会計事務所 松本\n")
    c.add("tachibana-1jikan", mail(37, "tachibana", sent=T(2026, 7, 28, 16, 45),
                                   frm=addr("松本 彩", "matsumoto@tachibana-kaikei.example.jp"),
                                   subject="Re: 会計ソフト移行のご相談", body=leaf(body),
                                   reply="<owner-tachibana-1@minase-is.example.jp>"),
          category="explicit-date", lang="ja", expected="missing", start=T(2026, 8, 24, 14),
          why="「8月24日（月）14時から1時間程度」: a start and a vague length; not entered.")

    # 38 夕方5時 entered at 05:00
    ev = c.event("c-matsukaze@minase", "まつかぜ物流 来社", T(2026, 9, 1, 5), T(2026, 9, 1, 6))
    body = (HEAD + "まつかぜ物流の長谷川です。\n\n9月1日（火）夕方5時に御社へ伺います。\n"
            "お忙しいところ恐縮ですが、30分ほどお時間をいただけますと幸いです。\n\nまつかぜ物流株式会社 長谷川\n")
    c.add("matsukaze-yugata", mail(38, "matsukaze", sent=T(2026, 7, 29, 12, 10),
                                   frm=addr("長谷川 豊", "hasegawa@matsukaze-logi.example.jp"),
                                   subject="ご挨拶の件", body=leaf(body)),
          category="wrong-time", lang="ja", expected="mismatch", start=T(2026, 9, 1, 17), uid=ev,
          why="夕方5時 is 17:00; the entry was typed at 05:00.")

    # 39 18時半, お待ち申し上げております
    ev = c.event("c-uguisu@minase", "うぐいす酒造 懇親会", T(2026, 8, 7, 18, 30), T(2026, 8, 7, 20, 30))
    body = (HEAD + "うぐいす酒造の飯田でございます。\n\nプロジェクト完了の慰労を兼ねまして、8月7日（金）18時半より、"
            "弊社近くの「酒処 こもれび」にてお待ち申し上げております。\n当日はどうぞお気軽にお越しください。\n\n"
            "うぐいす酒造株式会社 総務部 飯田\n")
    c.add("uguisu-18jihan", mail(39, "uguisu", sent=T(2026, 7, 23, 10, 0),
                                 frm=addr("飯田 功", "iida@uguisu-shuzo.example.jp"),
                                 subject="懇親会のご案内", body=leaf(body)),
          category="explicit-date", lang="ja", expected="ok", start=T(2026, 8, 7, 18, 30), uid=ev,
          why="8月7日（金）18時半より … お待ち申し上げております.")

    # 40 9:30AM JST in Japanese mail from an offshore partner
    ev = c.event("c-hoasen@minase", "Hoa Sen Tech 設計レビュー", T(2026, 8, 18, 9, 30), T(2026, 8, 18, 10, 30))
    body = (HEAD + "いつもお世話になっております。Hoa Sen Techのグエンです。\n\n"
            "設計レビュー会は Aug 18 (Tue) 9:30AM JST からでお願いします。\n所要時間は1時間の予定です。\n\n"
            "Nguyen Thi Lan\nHoa Sen Tech Co., Ltd. (Ho Chi Minh City)\n")
    c.add("hoasen-930am", mail(40, "hoasen", sent=T(2026, 7, 29, 14, 0, tz=ZoneInfo("Asia/Ho_Chi_Minh")),
                               frm=addr("Nguyen Thi Lan", "lan.nguyen@hoasen-tech.example.vn"),
                               subject="設計レビュー会の日程", body=utf8(body), cs="UTF-8",
                               domain="hoasen-tech.example.vn"),
          category="timezone", lang="ja", expected="ok", start=T(2026, 8, 18, 9, 30), uid=ev,
          why="Aug 18 (Tue) 9:30AM JST in a Japanese mail from Vietnam.")

    # 41 wrong day; an unrelated study session at the real time
    ev = c.event("c-ajisai@minase", "あじさい不動産 打合せ", T(2026, 9, 4, 13), T(2026, 9, 4, 14))
    body = (HEAD + "あじさい不動産の桜井です。\n\n入居者ポータルの件、9月3日（木）13:00-14:00 で確定しました。\n"
            "弊社3階会議室にてお待ちしております。\n\nあじさい不動産株式会社 桜井\n")
    c.add("ajisai-wrong-day", mail(41, "ajisai", sent=T(2026, 7, 30, 14, 25),
                                   frm=addr("桜井 俊", "sakurai@ajisai-fudosan.example.jp"),
                                   subject="入居者ポータルのお打合せ", body=leaf(body)),
          category="wrong-date", lang="ja", expected="mismatch", start=T(2026, 9, 3, 13), end=T(2026, 9, 3, 14),
          uid=ev, why="9月3日（木）13:00-14:00, entered on 9/4; an internal study session sits at 9/3 13:00.")

    # 42 inline reply with full-width ＞
    ev = c.event("c-kaede@minase", "かえで運輸 打合せ", T(2026, 8, 25, 15), T(2026, 8, 25, 16))
    body = ("小田切様\n\nかえで運輸の吉田です。\nいただいたご連絡に、文中にて回答いたします。\n\n"
            "＞次回のお打合せですが、8月25日（火）15時〜16時でいかがでしょうか。\n\nはい、その日時で問題ございません。\n\n"
            "＞当日は弊社の藤本と2名で伺う予定です。\n\n承知しました。受付で総務部の吉田をお呼び出しください。\n\n"
            "かえで運輸株式会社 総務部 吉田\n")
    c.add("kaede-inline", mail(42, "kaede", sent=T(2026, 7, 28, 18, 30),
                               frm=addr("吉田 由香", "yoshida@kaede-unyu.example.jp"),
                               subject="Re: 次回お打合せの日程", body=leaf(body),
                               reply="<owner-kaede-1@minase-is.example.jp>"),
          category="inline-reply", lang="ja", expected="ok", start=T(2026, 8, 25, 15), end=T(2026, 8, 25, 16),
          uid=ev, why="An inline reply: 「その日時で問題ございません」 under the quoted ＞ proposal.")

    # 43 Singapore partner, stored in UTC, right
    ev = c.event("c-merlion@minase", "Merlion Data - Priya call", T(2026, 8, 26, 16), T(2026, 8, 26, 16, 45), utc=True)
    body = ("Hi Wataru,\n\nConfirmed - Wednesday, Aug 26, 3:00 PM SGT (4:00 PM Tokyo). I'll send a calendar invite.\n\n"
            "Cheers,\nPriya Raman\nMerlion Data Pte. Ltd.\n")
    c.add("merlion-sgt", mail(43, "merlion", sent=T(2026, 7, 27, 18, 5, tz=SGT),
                              frm=addr("Priya Raman", "priya@merlion-data.example.sg"),
                              subject="Re: Data platform call", body=leaf(body, charset="us-ascii"),
                              reply="<owner-merlion-1@minase-is.example.jp>", domain="merlion-data.example.sg"),
          category="timezone", lang="en", expected="ok", start=T(2026, 8, 26, 16), uid=ev,
          why="Wednesday, Aug 26, 3:00 PM SGT is 16:00 JST; the entry is stored as 07:00Z.")

    # 44 a seminar advert
    body = ("各位\n\n【ご招待】DX推進フォーラム2026 in 東京\n\n開催日時：2026年8月27日（木）14:00〜17:30（13:30開場）\n"
            "会場：ホテルさざなみ東京 2F 鳳凰の間\n参加費：無料（事前登録制）\n定員：200名\n\n"
            "お申し込みはこちら：https://dx-forum.example.jp/2026/entry\n申込締切：8月20日（木）\n\n"
            "DX推進フォーラム事務局\n※今後のご案内が不要な方は配信停止の手続きをお願いいたします。\n")
    c.add("dx-forum-advert", mail(44, "dxforum", sent=T(2026, 7, 21, 11, 0),
                                  frm=addr("DX推進フォーラム事務局", "info@dx-forum.example.jp"),
                                  subject="【ご招待】DX推進フォーラム2026 in 東京（8/27開催）", body=leaf(body),
                                  extra=(("Precedence", "bulk"),)),
          category="none-advert", lang="ja", expected="none", why="A seminar advert.")

    # 45 a meeting fixed during the owner's 夏季休暇 (all-day), not entered
    body = (HEAD + "ほたる電子の平田です。\n\nご多忙のところ恐縮ですが、8月14日（金）11時〜11時30分のWeb会議で"
            "確定とさせてください。\n弊社はお盆期間も通常営業しております。\n\nほたる電子株式会社 平田\n")
    c.add("hotaru-kaki", mail(45, "hotaru", sent=T(2026, 7, 30, 13, 30),
                              frm=addr("平田 誠一", "hirata@hotaru-denshi.example.jp"),
                              subject="Web会議の日程", body=leaf(body)),
          category="explicit-date", lang="ja", expected="missing", start=T(2026, 8, 14, 11),
          end=T(2026, 8, 14, 11, 30), why="8/14 11:00 falls in the all-day 夏季休暇; no timed entry.")

    # 46 candidates still awaiting an answer
    body = (HEAD + "りんどう商事の近藤です。\n\n次回のお打合せですが、以下の日程でご都合いかがでしょうか。\n\n"
            "①8月19日（水）10:00〜11:00\n②8月20日（木）15:00〜16:00\n③8月21日（金）11:00〜12:00\n\n"
            "ご都合のよい日時をお知らせください。\n\nりんどう商事株式会社 近藤\n")
    c.add("rindo-candidates", mail(46, "rindo", sent=T(2026, 7, 30, 17, 10),
                                   frm=addr("近藤 美咲", "kondo@rindo-shoji.example.jp", "UTF-8"),
                                   subject="次回お打合せ日程のご相談", body=utf8(body, "quoted-printable"), cs="UTF-8"),
          category="candidates", lang="ja", expected="none", why="Three options offered, none chosen.")

    # 47 SoftBank mobile, 8/6 13時〜, entered on the 7th
    ev = c.event("c-iwata@minase", "岩田さん 打合せ", T(2026, 8, 7, 13), T(2026, 8, 7, 14))
    body = "了解しました。では8/6 13時〜で。\n岩田\n"
    c.add("iwata-softbank", mail(47, "iwata", sent=T(2026, 7, 29, 22, 5),
                                 frm=addr("岩田 健一", "k.iwata@i.softbank.jp", "SHIFT_JIS"),
                                 subject="Re: 打合せ", body=sjis(body), cs="SHIFT_JIS",
                                 reply="<owner-iwata-1@minase-is.example.jp>", domain="i.softbank.jp"),
          category="mobile", lang="ja", expected="mismatch", start=T(2026, 8, 6, 13), uid=ev,
          why="「では8/6 13時〜で」 from a phone; entered on 8/7.")


def main() -> None:
    build_c()
    C.write()
    print(f"C: {len(C.cases)} messages")


if __name__ == "__main__":
    main()
