#!/usr/bin/env python3
# ruff: noqa: E501, PLR0912, PLR0917, UP017, I001, RUF100, PLC0207  - corpus data: long literal mail lines
"""Write the hold-out corpora A and B: messages/*.eml, calendar.ics, labels.json, scenario.json.

The hold-out sets are calcheck's measure of generalisation: mail it was not tuned on, written
for other companies, people, wordings and scenario dates than the shared corpus, in the same
layout and label schema (so ``score-corpus tests/data/holdout/A`` works on them).

- A: now = 2026-12-25 10:00 JST (a Friday): the year boundary, Japanese business mail.
- B: now = 2026-03-06 09:00 JST (a Friday): English and mixed mail across the US DST change
  of 2026-03-08 (PST to PDT), Europe and Singapore times, invitations of every kind.

Deterministic: run ``python3 make_holdout.py`` and the bytes are the same every time.
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mimekit import (  # noqa: E402
    addr, attachment, html, ics_text, ja, leaf, local, message, multi, stamp,
)

HERE = Path(__file__).resolve().parent
TOKYO = ZoneInfo("Asia/Tokyo")
UTC = timezone.utc


def T(y: int, mo: int, d: int, h: int = 0, mi: int = 0, tz: object = TOKYO) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=tz)  # type: ignore[arg-type]


class Corpus:
    def __init__(self, name: str, now: datetime, owner_name: str, owner_email: str, calname: str) -> None:
        self.name, self.now = name, now
        self.owner_name, self.owner_email, self.calname = owner_name, owner_email, calname
        self.cases: list[dict[str, object]] = []
        self.files: dict[str, bytes] = {}
        self.events: list[list[str]] = []

    # -- messages ---------------------------------------------------------------------------
    def add(self, slug: str, raw: bytes, *, category: str, lang: str, expected: str, why: str,
            start: datetime | None = None, end: datetime | None = None, uid: str | None = None,
            also: tuple[str, ...] = ()) -> None:
        n = len(self.cases) + 1
        fname = f"{n:03d}-{slug}.eml"
        msgid = next(ln.split(":", 1)[1].strip() for ln in raw.decode("ascii", "replace").split("\r\n")
                     if ln.lower().startswith("message-id:"))
        label: dict[str, object] = {
            "file": fname, "message_id": msgid, "category": category, "lang": lang,
            "appointment": ({"start": start.isoformat(), "end": end.isoformat() if end else None}
                            if start else None),
            "expected": expected, "calendar_uid": uid, "why": why,
        }
        if also:
            label["also_accept"] = list(also)
        self.cases.append(label)
        self.files[fname] = raw

    # -- calendar ---------------------------------------------------------------------------
    def event(self, uid: str, summary: str, start: datetime | date, end: datetime | date | None = None, *,
              utc: bool = False, rrule: str = "", exdates: tuple[datetime, ...] = (),
              attendees: tuple[str, ...] = (), location: str = "", description: str = "") -> str:
        lines = ["BEGIN:VEVENT"]
        if isinstance(start, datetime):
            assert isinstance(end, datetime) or end is None
            end = end or start + timedelta(hours=1)
            if utc:
                lines += [f"DTSTART:{stamp(start)}", f"DTEND:{stamp(end)}"]
            else:
                s, e = start.astimezone(TOKYO), end.astimezone(TOKYO)
                lines += [f"DTSTART;TZID=Asia/Tokyo:{local(s)}", f"DTEND;TZID=Asia/Tokyo:{local(e)}"]
        else:
            end = end or start + timedelta(days=1)
            lines += [f"DTSTART;VALUE=DATE:{start:%Y%m%d}", f"DTEND;VALUE=DATE:{end:%Y%m%d}"]
        if rrule:
            lines.append(f"RRULE:{rrule}")
        for ex in exdates:
            lines.append(f"EXDATE;TZID=Asia/Tokyo:{local(ex.astimezone(TOKYO))}")
        lines += [f"DTSTAMP:{stamp(self.now - timedelta(days=1))}", f"UID:{uid}"]
        if description:
            lines.append("DESCRIPTION:" + description.replace(",", "\\,"))
        if location:
            lines.append("LOCATION:" + location.replace(",", "\\,"))
        for a in attendees:
            lines.append(f"ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED:mailto:{a}")
        lines += ["SEQUENCE:0", "STATUS:CONFIRMED", f"SUMMARY:{summary}", "TRANSP:OPAQUE", "END:VEVENT"]
        self.events.append(lines)
        return uid

    def calendar(self) -> str:
        head = ["BEGIN:VCALENDAR", "PRODID:-//Google Inc//Google Calendar 70.9054//EN", "VERSION:2.0",
                "CALSCALE:GREGORIAN", "METHOD:PUBLISH", f"X-WR-CALNAME:{self.calname}",
                "X-WR-TIMEZONE:Asia/Tokyo", "BEGIN:VTIMEZONE", "TZID:Asia/Tokyo",
                "X-LIC-LOCATION:Asia/Tokyo", "BEGIN:STANDARD", "TZOFFSETFROM:+0900", "TZOFFSETTO:+0900",
                "TZNAME:JST", "DTSTART:19700101T000000", "END:STANDARD", "END:VTIMEZONE"]
        body = [ln for ev in self.events for ln in ev]
        return ics_text(head + body + ["END:VCALENDAR"])

    def write(self) -> None:
        root = HERE / self.name
        msgs = root / "messages"
        msgs.mkdir(parents=True, exist_ok=True)
        for old in msgs.glob("*.eml"):
            old.unlink()
        for fname, raw in self.files.items():
            (msgs / fname).write_bytes(raw)
        (root / "calendar.ics").write_bytes(self.calendar().encode())
        (root / "labels.json").write_text(json.dumps({"cases": self.cases}, ensure_ascii=False, indent=2) + "\n",
                                          encoding="utf-8")
        scenario = {"now": self.now.isoformat(), "timezone": "Asia/Tokyo",
                    "owner": {"name": self.owner_name, "email": self.owner_email}}
        (root / "scenario.json").write_text(json.dumps(scenario, ensure_ascii=False, indent=2) + "\n",
                                            encoding="utf-8")


def invite(*, method: str, uid: str, summary: str, start: datetime, end: datetime, organizer: str,
           attendees: tuple[str, ...], style: str, tzid: str = "Tokyo Standard Time", seq: int = 0,
           stamp_at: datetime) -> str:
    """An invitation's text/calendar part as Outlook (Windows TZID), Google (UTC) or Teams write it."""
    lines = ["BEGIN:VCALENDAR", f"METHOD:{method}"]
    if style == "google":
        lines += ["PRODID:-//Google Inc//Google Calendar 70.9054//EN", "VERSION:2.0", "CALSCALE:GREGORIAN"]
    else:
        lines += ["PRODID:Microsoft Exchange Server 2010", "VERSION:2.0"]
    if style in ("outlook", "teams"):
        if tzid == "Tokyo Standard Time":
            lines += ["BEGIN:VTIMEZONE", f"TZID:{tzid}", "BEGIN:STANDARD", "DTSTART:16010101T000000",
                      "TZOFFSETFROM:+0900", "TZOFFSETTO:+0900", "END:STANDARD", "BEGIN:DAYLIGHT",
                      "DTSTART:16010101T000000", "TZOFFSETFROM:+0900", "TZOFFSETTO:+0900", "END:DAYLIGHT",
                      "END:VTIMEZONE"]
        else:  # Pacific Standard Time
            lines += ["BEGIN:VTIMEZONE", f"TZID:{tzid}", "BEGIN:STANDARD", "DTSTART:16010101T020000",
                      "TZOFFSETFROM:-0700", "TZOFFSETTO:-0800", "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=1SU;BYMONTH=11",
                      "END:STANDARD", "BEGIN:DAYLIGHT", "DTSTART:16010101T020000", "TZOFFSETFROM:-0800",
                      "TZOFFSETTO:-0700", "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=2SU;BYMONTH=3", "END:DAYLIGHT",
                      "END:VTIMEZONE"]
    lines.append("BEGIN:VEVENT")
    lines.append(f"ORGANIZER;CN={organizer.split('@')[0]}:mailto:{organizer}")
    for a in attendees:
        lines.append(f"ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:{a}")
    if style == "google":
        lines += [f"DTSTART:{stamp(start)}", f"DTEND:{stamp(end)}"]
    else:
        zone = ZoneInfo("Asia/Tokyo" if tzid == "Tokyo Standard Time" else "America/Los_Angeles")
        lines += [f'DTSTART;TZID="{tzid}"' if style == "teams" else f"DTSTART;TZID={tzid}"]
        lines[-1] += ":" + local(start.astimezone(zone))
        lines += [f"DTEND;TZID={tzid}:{local(end.astimezone(zone))}"]
    lines += [f"UID:{uid}", f"SUMMARY:{summary}", f"SEQUENCE:{seq}", f"DTSTAMP:{stamp(stamp_at)}",
              "STATUS:" + ("CANCELLED" if method == "CANCEL" else "CONFIRMED"), "END:VEVENT", "END:VCALENDAR"]
    return ics_text(lines)


def cal_part(text: str, method: str) -> object:
    return leaf(text, "calendar", "utf-8", "base64", params=f"; method={method}")


JSONLD = '<script type="application/ld+json">{}</script>'

# ---------------------------------------------------------------------------------------------
# Scenario A: 2026-12-25 10:00 JST, the year boundary
# ---------------------------------------------------------------------------------------------
A = Corpus("A", T(2026, 12, 25, 10), "佐伯 真理子", "saeki@kisaragi-soft.example.jp", "佐伯 真理子")
OWN_A = addr("佐伯 真理子", "saeki@kisaragi-soft.example.jp")
HEAD_A = "株式会社きさらぎソフト\n営業部 佐伯様\n\n"
SIG_A = "\n\n――――――――――――――\n株式会社きさらぎソフト 営業部\n佐伯 真理子\nTEL 03-5555-0190\n"
HOLIDAY_A = "\n※弊社は12月29日（火）〜1月4日（月）まで年末年始休業とさせていただきます。\n"


def a_mail(n: int, slug: str, *, sent: datetime, frm: str, subject: str, body: object, to: str = OWN_A,
           reply: str | None = None, extra: tuple[tuple[str, str], ...] = (), cs: str = "ISO-2022-JP",
           mode: str = "B", domain: str = "example.jp") -> bytes:
    return message(date_=sent, frm=frm, to=to, subject=subject, msgid=f"<a{n:03d}.{slug}@{domain}>",
                   body=body, in_reply_to=reply, extra=extra, subject_charset=cs, subject_mode=mode)


def build_a() -> None:  # noqa: PLR0915 - one corpus, written as data
    c = A
    d = date
    # calendar: background entries
    c.event("a-bg-shigoto-osame@kisaragi", "仕事納め", d(2026, 12, 28))
    c.event("a-bg-nenmatsu@kisaragi", "年末年始休暇", d(2026, 12, 29), d(2027, 1, 4))
    c.event("a-bg-shigoto-hajime@kisaragi", "仕事始め", d(2027, 1, 4))
    c.event("a-bg-seijin@kisaragi", "成人の日", d(2027, 1, 11))
    c.event("a-bg-teirei@kisaragi", "営業部 週次定例", T(2026, 11, 2, 9, 30), T(2026, 11, 2, 10, 30),
            rrule="FREQ=WEEKLY;BYDAY=MO", exdates=(T(2026, 12, 28, 9, 30), T(2027, 1, 4, 9, 30),
                                                 T(2027, 1, 11, 9, 30)))
    c.event("a-bg-1on1@kisaragi", "1on1（部長）", T(2026, 12, 2, 17), T(2026, 12, 2, 17, 30),
            rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=WE")
    c.event("a-bg-benkyo@kisaragi", "社内勉強会（セキュリティ）", T(2027, 1, 14, 14), T(2027, 1, 14, 15))
    c.event("a-bg-dentist@kisaragi", "歯科", T(2027, 1, 9, 11), T(2027, 1, 9, 12))
    c.event("a-bg-past@kisaragi", "ほしぞら物産 年末ご挨拶", T(2026, 12, 16, 15), T(2026, 12, 16, 16))

    # 1 year boundary, ok
    ev = c.event("a-hoshizora@kisaragi", "【来社】ほしぞら物産 高津様", T(2027, 1, 7, 14), T(2027, 1, 7, 15),
                 location="ほしぞら物産 本社3F")
    body = (HEAD_A + "いつもお世話になっております。ほしぞら物産の高津です。\n\n"
            "先日はお忙しいところありがとうございました。\n"
            f"年明けのお打合せですが、2027年{ja(d(2027, 1, 7))}14:00〜15:00で確定いたしました。\n"
            "当日は弊社3階の会議室にてお待ちしております。\n" + HOLIDAY_A +
            "\n--\n株式会社ほしぞら物産 営業企画部\n高津 健司\nTEL 03-5555-0142\n")
    c.add("hoshizora-nenake", a_mail(1, "hoshizora", sent=T(2026, 12, 21, 11, 2),
                                     frm=addr("高津 健司", "takatsu@hoshizora-bussan.example.co.jp"),
                                     subject="年明けのお打合せ日程の件", body=leaf(body)),
          category="year-boundary", lang="ja", expected="ok", start=T(2027, 1, 7, 14), end=T(2027, 1, 7, 15),
          uid=ev, why="2027年1月7日（木）14:00〜15:00 written in December; the footer's closure dates are not it.")

    # 2 reiwa, Shift_JIS 8bit, entered a day late
    ev = c.event("a-hokuto@kisaragi", "北斗精機 デモ 牧野様", T(2027, 1, 13, 14), T(2027, 1, 13, 15))
    body = (HEAD_A + "北斗精機の牧野でございます。\n\n"
            "製品デモの日程が決まりましたのでご案内いたします。\n\n"
            "　日時：令和9年1月12日（火）午後2時から午後3時まで\n　場所：弊社ショールーム（川崎）\n\n"
            "ご来場をお待ちしております。\n\n北斗精機株式会社 営業部 牧野\n")
    c.add("hokuto-reiwa", a_mail(2, "hokuto", sent=T(2026, 12, 17, 16, 40),
                                 frm=addr("牧野 聡", "makino@hokuto-seiki.example.jp", "SHIFT_JIS"),
                                 subject="【北斗精機】製品デモのご案内（日程確定）",
                                 body=leaf(body, charset="shift_jis", cte="8bit"), cs="SHIFT_JIS"),
          category="seed-wrong-day", lang="ja", expected="mismatch", start=T(2027, 1, 12, 14),
          end=T(2027, 1, 12, 15), uid=ev, why="令和9年1月12日 午後2時〜3時, entered on the 13th.")

    # 3 来週月曜, ok
    ev = c.event("a-tsubame@kisaragi", "つばめ運輸 大野様 来社", T(2026, 12, 28, 10, 30), T(2026, 12, 28, 11, 30))
    body = ("佐伯様\n\nつばめ運輸の大野です。ご返信ありがとうございます。\n\n"
            "それでは来週月曜の10時半から、1時間ほどお時間をいただければ幸いです。\n"
            "御社へお伺いいたします。\n\nよろしくお願いいたします。\n\n"
            "> 年内にご相談できればと存じます。\n> ご都合のよい日時をお知らせください。\n")
    c.add("tsubame-raishu", a_mail(3, "tsubame", sent=T(2026, 12, 24, 17, 20),
                                   frm=addr("大野 誠", "ohno@tsubame-unyu.example.jp", "UTF-8"),
                                   subject="Re: 配送システム更新のご相談",
                                   body=leaf(body, charset="utf-8", cte="quoted-printable"),
                                   cs="UTF-8", mode="Q", reply="<owner-tsubame-1@kisaragi-soft.example.jp>"),
          category="relative-date", lang="ja", expected="ok", start=T(2026, 12, 28, 10, 30), uid=ev,
          why="来週月曜 from Thursday 12/24 is 12/28; 10時半; about an hour, so no end.")

    # 4 再来週の火曜, missing
    body = (HEAD_A + "若葉工業の小池です。\n\n年始早々に恐縮ですが、再来週の火曜日、13時〜でお願いいたします。\n"
            "資料は当日持参いたします。\n\n若葉工業株式会社 小池\n（年末年始休業：12月30日〜1月4日）\n")
    c.add("wakaba-sarai", a_mail(4, "wakaba", sent=T(2026, 12, 22, 10, 15),
                                 frm=addr("小池 陽子", "koike@wakaba-kogyo.example.jp"),
                                 subject="次回お打合せの日程について", body=leaf(body)),
          category="relative-date", lang="ja", expected="missing", start=T(2027, 1, 5, 13),
          why="再来週の火曜 from Tuesday 12/22 is 1/5; no entry.")

    # 5 vague: 今週中, 月末, 午前中
    body = (HEAD_A + "白樺商会の今井です。\n\n今週中に改めてお電話いたします。\n"
            "お見積りは月末までにお送りいたします。\n12月28日（月）の午前中でしたら社におりますので、"
            "ご不明点があればご連絡ください。\n\n白樺商会 今井\n")
    c.add("shirakaba-vague", a_mail(5, "shirakaba-vague", sent=T(2026, 12, 23, 9, 40),
                                    frm=addr("今井 亮", "imai@shirakaba-shokai.example.jp", "UTF-8"),
                                    subject="お見積りの件", body=leaf(body, charset="utf-8", cte="base64"),
                                    cs="UTF-8"),
          category="none-vague", lang="ja", expected="none",
          why="今週中, 月末, 午前中: no appointment with a time is confirmed.")

    # 6 delivery, HTML only
    text = ("佐伯 真理子 様\n\nこの度はご注文いただきありがとうございます。\nご注文の商品を発送いたしました。\n\n"
            "お届け予定日：12月28日（月） 14時〜16時\n伝票番号：4410-2231-0098\n\nかげろう文具オンラインストア\n")
    c.add("kagerou-delivery", a_mail(6, "kagerou", sent=T(2026, 12, 24, 20, 3),
                                     frm=addr("かげろう文具オンラインストア", "shop@kagerou-bungu.example.com", "UTF-8"),
                                     subject="【かげろう文具】商品発送のお知らせ",
                                     body=leaf(html(text), "html", "utf-8", "base64"), cs="UTF-8",
                                     domain="kagerou-bungu.example.com"),
          category="none-notice", lang="ja", expected="none", why="A delivery window, not an appointment.")

    # 7 the owner's own sent mail, full-width
    ev = c.event("a-misaki@kisaragi", "みさき建設 現場見学", T(2027, 1, 8, 14), T(2027, 1, 8, 16),
                 location="みさき建設 横浜現場")
    body = ("みさき建設\n長田様\n\nご調整いただきありがとうございます。\nでは１月８日（金）１４時に伺います。\n"
            "当日はよろしくお願いいたします。" + SIG_A +
            "\n> 1月8日（金）でしたら午後はいつでも大丈夫です。\n> みさき建設 長田\n")
    c.add("misaki-own-sent", a_mail(7, "misaki", sent=T(2026, 12, 23, 18, 5), frm=OWN_A,
                                    to=addr("長田 修", "osada@misaki-kensetsu.example.jp"),
                                    subject="Re: 現場見学のお願い", body=leaf(body),
                                    reply="<misaki-1@misaki-kensetsu.example.jp>",
                                    domain="kisaragi-soft.example.jp"),
          category="owner-sent", lang="ja", expected="ok", start=T(2027, 1, 8, 14), uid=ev,
          why="The owner's own reply 「では１月８日（金）１４時に伺います」 (full-width) confirms it.")

    # 8 14時00分, Outlook multipart, wrong hour; an unrelated study session at the real time
    ev = c.event("a-shinonome@kisaragi", "東雲システム 藤村様 オンライン", T(2027, 1, 14, 15), T(2027, 1, 14, 16))
    text = (HEAD_A + "東雲システムの藤村です。\n\n先日お話しした件、1月14日（木）14時00分より、"
            "オンラインにてご説明いたします。\nURLは前日までにお送りします。\n\n東雲システム株式会社 藤村\n")
    body = multi("alternative", "----=_NextPart_a008",
                 leaf(text), leaf(html(text), "html", "iso-2022-jp", "quoted-printable"))
    c.add("shinonome-14ji00", a_mail(8, "shinonome", sent=T(2026, 12, 18, 13, 12),
                                     frm=addr("藤村 卓", "fujimura@shinonome-sys.example.jp"),
                                     subject="オンライン説明会の日時について", body=body,
                                     extra=(("X-Mailer", "Microsoft Outlook 16.0"),)),
          category="wrong-time", lang="ja", expected="mismatch", start=T(2027, 1, 14, 14), uid=ev,
          why="14時00分 entered at 15:00; an internal study session sits at 14:00.")

    # 9 weekday conflict: 1月13日（火） is a Wednesday
    ev = c.event("a-kikyo@kisaragi", "桔梗印刷 打合せ", T(2027, 1, 13, 10), T(2027, 1, 13, 11))
    body = (HEAD_A + "桔梗印刷の森下です。\n\nカタログ改訂のお打合せ、1月13日（火）10:00〜11:00でお願いいたします。\n\n"
            "桔梗印刷株式会社 森下\n")
    c.add("kikyo-weekday-conflict", a_mail(9, "kikyo", sent=T(2026, 12, 16, 15, 30),
                                           frm=addr("森下 由美", "morishita@kikyo-print.example.jp"),
                                           subject="カタログ改訂の件", body=leaf(body)),
          category="weekday-conflict", lang="ja", expected="ok", start=T(2027, 1, 13, 10),
          end=T(2027, 1, 13, 11), uid=ev,
          why="1月13日（火）: the 13th is a Wednesday; the written date is kept (weekday_conflict).")

    # 10 candidates from the owner, the reply picks ①
    ev = c.event("a-kamome@kisaragi", "かもめ食品 打合せ", T(2026, 12, 28, 15), T(2026, 12, 28, 16))
    listing = (f"①{ja(d(2026, 12, 28))}15:00〜16:00\n②{ja(d(2027, 1, 6))}10:00〜11:00\n"
               f"③{ja(d(2027, 1, 7))}16:00〜17:00\n")
    body = ("かもめ食品\n三浦様\n\nお世話になっております。きさらぎソフトの佐伯です。\n"
            "次回のお打合せ、下記の候補でご都合いかがでしょうか。\n\n" + listing + SIG_A)
    c.add("kamome-candidates", a_mail(10, "kamome-1", sent=T(2026, 12, 15, 11, 0), frm=OWN_A,
                                      to=addr("三浦 直子", "miura@kamome-foods.example.jp"),
                                      subject="次回お打合せ候補日のご相談", body=leaf(body, charset="utf-8", cte="base64"), cs="UTF-8",
                                      domain="kisaragi-soft.example.jp"),
          category="candidates", lang="ja", expected="none", why="Three options offered, none chosen yet.")
    body = (HEAD_A + "かもめ食品の三浦です。\n\n①でお願いいたします。\n年末のお忙しい時期にありがとうございます。\n\n"
            "かもめ食品株式会社 三浦\n\n" + "".join("> " + ln + "\n" for ln in listing.splitlines()))
    c.add("kamome-choice", a_mail(11, "kamome-2", sent=T(2026, 12, 16, 9, 20),
                                  frm=addr("三浦 直子", "miura@kamome-foods.example.jp"),
                                  subject="Re: 次回お打合せ候補日のご相談", cs="UTF-8",
                                  body=leaf(body, charset="utf-8", cte="quoted-printable"),
                                  reply="<a010.kamome-1@kisaragi-soft.example.jp>"),
          category="candidates", lang="ja", expected="ok", start=T(2026, 12, 28, 15), end=T(2026, 12, 28, 16),
          uid=ev, why="「①でお願いいたします」 picks 12/28 15:00〜16:00 from the quoted list.")

    # 11 the client proposes, the owner answers 「1案目で」; entered on the other option's day
    ev = c.event("a-hibari@kisaragi", "ひばり薬品 打合せ", T(2027, 1, 20, 11), T(2027, 1, 20, 12))
    listing = f"1案：{ja(d(2027, 1, 19))}11:00〜12:00\n2案：{ja(d(2027, 1, 20))}15:00〜16:00\n"
    body = (HEAD_A + "ひばり薬品の岡です。\n\n新システムのご説明の件、以下いずれかでご都合のよい方をお知らせください。\n\n"
            + listing + "\nひばり薬品株式会社 総務部 岡\n")
    c.add("hibari-proposal", a_mail(12, "hibari-1", sent=T(2026, 12, 17, 10, 5),
                                    frm=addr("岡 美咲", "oka@hibari-pharma.example.jp"),
                                    subject="【ひばり薬品】ご説明日程のご相談", body=leaf(body)),
          category="candidates", lang="ja", expected="none", why="Two options, the reader is to choose.")
    body = ("ひばり薬品\n岡様\n\nご連絡ありがとうございます。\n1案目でお願いいたします。\n当日は2名で伺います。"
            + SIG_A + "\n" + "".join("> " + ln + "\n" for ln in listing.splitlines()))
    c.add("hibari-ichianme", a_mail(13, "hibari-2", sent=T(2026, 12, 17, 14, 30), frm=OWN_A,
                                    to=addr("岡 美咲", "oka@hibari-pharma.example.jp"),
                                    subject="Re: 【ひばり薬品】ご説明日程のご相談", body=leaf(body),
                                    reply="<a012.hibari-1@example.jp>", domain="kisaragi-soft.example.jp"),
          category="candidates", lang="ja", expected="mismatch", start=T(2027, 1, 19, 11),
          end=T(2027, 1, 19, 12), uid=ev,
          why="The owner picks 「1案目」 (1/19 11:00〜12:00); the entry is on 1/20.")

    # 12 「初めの候補で」
    ev = c.event("a-yoizuki@kisaragi", "宵月総研 打合せ", T(2027, 1, 21, 13, 30), T(2027, 1, 21, 14, 30))
    listing = f"・{ja(d(2027, 1, 21))}13:30〜\n・{ja(d(2027, 1, 22))}10:00〜\n"
    body = (HEAD_A + "宵月総研の石田です。\n\nご提示ありがとうございます。初めの候補でお願いします。\n\n宵月総研 石田\n\n"
            "-----Original Message-----\nFrom: 佐伯 真理子\nSent: Wednesday, December 16, 2026 4:12 PM\n\n"
            "石田様\n下記いずれかでいかがでしょうか。\n" + listing)
    c.add("yoizuki-hajime", a_mail(14, "yoizuki", sent=T(2026, 12, 17, 9, 0),
                                   frm=addr("石田 広志", "ishida@yoizuki-soken.example.jp", "UTF-8"),
                                   subject="RE: 調査結果ご報告の日程", body=leaf(body, charset="utf-8", cte="base64"),
                                   cs="UTF-8", reply="<owner-yoizuki@kisaragi-soft.example.jp>"),
          category="candidates", lang="ja", expected="ok", start=T(2027, 1, 21, 13, 30), uid=ev,
          why="「初めの候補で」 picks the first option of the quoted Outlook block, 1/21 13:30〜.")

    # 13 availability only
    body = (HEAD_A + "千鳥不動産の桑田です。\n\n内覧の件ですが、12/28(月)午後なら14時以降で対応可能です。\n"
            "ご都合はいかがでしょうか。\n\n千鳥不動産 桑田\n")
    c.add("chidori-gogo-nara", a_mail(15, "chidori-1", sent=T(2026, 12, 22, 12, 0),
                                      frm=addr("桑田 翔", "kuwata@chidori-fudosan.example.jp"),
                                      subject="内覧日程のご相談", body=leaf(body)),
          category="none-availability", lang="ja", expected="none",
          why="「12/28(月)午後なら14時以降で対応可能」 offers availability and asks.")

    # 14 a reschedule chain in one thread
    ev = c.event("a-yamabuki@kisaragi", "山吹電機 打合せ", T(2027, 1, 18, 10), T(2027, 1, 18, 11))
    q1 = "> 1月15日（金）10:00〜11:00で確定いたしました。\n"
    body = (HEAD_A + "山吹電機の西尾です。\n\n保守契約のお打合せは、2027年1月15日（金）10:00〜11:00で確定いたしました。\n"
            "よろしくお願いいたします。\n\n山吹電機株式会社 西尾\n")
    c.add("yamabuki-kakutei", a_mail(16, "yamabuki-1", sent=T(2026, 12, 8, 10, 0),
                                     frm=addr("西尾 隆", "nishio@yamabuki-denki.example.jp"),
                                     subject="保守契約お打合せの件", body=leaf(body)),
          category="reschedule", lang="ja", expected="none", also=("mismatch",),
          why="Confirmed 1/15 10:00, then moved twice in the same thread; only the last mail counts.")
    body = (HEAD_A + "山吹電機の西尾です。\n\n先日確定した1月15日の件、社内都合により1月18日（月）10:00〜11:00に"
            "変更させてください。\n申し訳ございません。\n\n山吹電機株式会社 西尾\n\n" + q1)
    c.add("yamabuki-henko", a_mail(17, "yamabuki-2", sent=T(2026, 12, 15, 17, 45),
                                   frm=addr("西尾 隆", "nishio@yamabuki-denki.example.jp"),
                                   subject="Re: 保守契約お打合せの件", body=leaf(body),
                                   reply="<a016.yamabuki-1@example.jp>"),
          category="reschedule", lang="ja", expected="none", also=("ok",),
          why="Moved to 1/18 10:00 (the calendar followed), then moved again by the next mail.")
    body = (HEAD_A + "山吹電機の西尾です。\n\n度々の変更で大変申し訳ございません。\n18日の件、1月19日（火）15:00〜16:00に"
            "再変更とさせてください。\n\n山吹電機株式会社 西尾\n\n"
            "> 1月18日（月）10:00〜11:00に変更させてください。\n")
    c.add("yamabuki-saihenko", a_mail(18, "yamabuki-3", sent=T(2026, 12, 22, 11, 20),
                                      frm=addr("西尾 隆", "nishio@yamabuki-denki.example.jp"),
                                      subject="Re: 保守契約お打合せの件（再変更）", body=leaf(body),
                                      reply="<a017.yamabuki-2@example.jp>"),
          category="reschedule", lang="ja", expected="mismatch", start=T(2027, 1, 19, 15),
          end=T(2027, 1, 19, 16), uid=ev,
          why="The third mail moves it to 1/19 15:00〜16:00; the calendar still holds 1/18 10:00.")

    # 15 postponement
    c.event("a-komachi@kisaragi", "こまち旅行 説明会", T(2027, 1, 20, 14), T(2027, 1, 20, 15, 30))
    body = (HEAD_A + "こまち旅行の平野です。\n\n1月20日（水）14:00からの説明会は、講師の体調不良のため"
            "延期とさせていただきます。\n振替日程は改めてご連絡いたします。\nご迷惑をおかけし申し訳ございません。\n\n"
            "こまち旅行株式会社 平野\n")
    c.add("komachi-enki", a_mail(19, "komachi", sent=T(2026, 12, 24, 15, 10),
                                 frm=addr("平野 恵", "hirano@komachi-travel.example.jp"),
                                 subject="【延期】1月20日 説明会について", body=leaf(body)),
          category="none-postponed", lang="ja", expected="none",
          why="The 1/20 session is postponed with no new date: nothing is confirmed.")

    # 16 cancellation in text
    c.event("a-chidori@kisaragi", "千鳥不動産 桑田様 打合せ", T(2027, 1, 26, 14), T(2027, 1, 26, 15))
    body = (HEAD_A + "千鳥不動産の桑田です。\n\n1月26日（火）14時のお打合せは、誠に勝手ながら中止とさせてください。\n"
            "改めてご相談させていただければと存じます。\n\n千鳥不動産 桑田\n")
    c.add("chidori-chushi", a_mail(20, "chidori-2", sent=T(2026, 12, 24, 10, 30),
                                   frm=addr("桑田 翔", "kuwata@chidori-fudosan.example.jp"),
                                   subject="1月26日のお打合せ中止のお願い", body=leaf(body)),
          category="none-cancelled", lang="ja", expected="none",
          why="「中止とさせてください」: the meeting is called off, nothing to confirm.")

    # 17 auto-replies
    body = ("（自動応答）\nお問い合わせありがとうございます。\n誠に勝手ながら、12月29日（火）〜1月4日（月）は"
            "年末年始休業です。\n1月5日（火）9:00以降、順次ご返信いたします。\n")
    c.add("auto-reply-nenmatsu", a_mail(21, "auto1", sent=T(2026, 12, 24, 18, 1),
                                        frm=addr("つばめ運輸 お客様窓口", "support@tsubame-unyu.example.jp"),
                                        subject="Re: お問い合わせ", body=leaf(body),
                                        extra=(("Auto-Submitted", "auto-replied"),)),
          category="none-auto-reply", lang="ja", expected="none", why="An automatic reply (Auto-Submitted).")
    body = ("このメールは自動返信です。\n\n12月28日（月）〜1月5日（火）まで不在にしております。\n"
            "1月6日（水）9:00以降、順次ご返信いたします。\n\n白樺商会 今井\n")
    c.add("auto-reply-fuzai", a_mail(22, "auto2", sent=T(2026, 12, 24, 19, 30),
                                     frm=addr("今井 亮", "imai@shirakaba-shokai.example.jp"),
                                     subject="【自動返信】不在のお知らせ", body=leaf(body)),
          category="none-auto-reply", lang="ja", expected="none", why="Out-of-office text without the header.")

    # 18 newsletter with an event date
    text = ("━━━━━━━━━━━━━━━\nクラウド会計ニュース Vol.58\n━━━━━━━━━━━━━━━\n\n"
            "■無料ウェビナーのご案内\n「インボイス時代の経理DX」\n日時：2027年1月27日（水）15:00〜16:00\n"
            "参加費：無料（事前登録制）\nお申し込みはこちら https://example.com/w/58\n\n"
            "配信停止をご希望の方はこちら https://example.com/unsub\n")
    c.add("newsletter-webinar", a_mail(23, "news", sent=T(2026, 12, 22, 8, 0),
                                       frm=addr("クラウド会計ニュース", "news@cloudkaikei.example.com", "UTF-8"),
                                       subject="【クラウド会計ニュース】1/27 無料ウェビナーのご案内",
                                       body=multi("alternative", "nl-58-b", leaf(text, charset="utf-8", cte="base64"),
                                                  leaf(html(text), "html", "utf-8", "base64")),
                                       cs="UTF-8", extra=(("List-Unsubscribe", "<https://example.com/unsub>"),
                                                          ("Precedence", "bulk")),
                                       domain="cloudkaikei.example.com"),
          category="none-advert", lang="ja", expected="none", why="A newsletter advertising a webinar.")

    # 19 invoice
    body = (HEAD_A + "いつもお世話になっております。\n12月分のご請求書を添付にてお送りいたします。\n\n"
            "ご請求金額：132,000円（税込）\nお支払期限：2027年1月29日（金）\n"
            "内容のご確認は1月8日（金）17:00までにお願いいたします。\n\n浜風保険サービス 経理部\n")
    c.add("invoice", a_mail(24, "invoice", sent=T(2026, 12, 21, 9, 30),
                            frm=addr("浜風保険サービス 経理部", "keiri@hamakaze-hoken.example.jp"),
                            subject="【請求書送付】2026年12月分", body=multi(
                                "mixed", "inv-a024", leaf(body),
                                attachment(b"%PDF-1.4\n% invoice\n", "application/pdf", "seikyusho_202612.pdf"))),
          category="none-invoice", lang="ja", expected="none", why="A payment deadline and a check-by time.")

    # 20 shipping notice (plain)
    body = ("佐伯 真理子 様\n\nご注文の複合機用トナーを出荷いたしました。\n配達予定日時：1月6日（水）9時〜12時\n"
            "お問い合わせ番号：8812-4471-0023\n\nさくら事務機 配送センター\n")
    c.add("shipping", a_mail(25, "ship", sent=T(2026, 12, 25, 8, 10),
                             frm=addr("さくら事務機", "haisou@sakura-jimuki.example.jp"),
                             subject="出荷のお知らせ", body=leaf(body)),
          category="none-notice", lang="ja", expected="none", why="A delivery time window.")

    # 21 minutes with a fixed next date
    ev = c.event("a-seiran@kisaragi", "青嵐テクノロジー 定例", T(2027, 1, 22, 10), T(2027, 1, 22, 11))
    body = (HEAD_A + "青嵐テクノロジーの相川です。\n昨日はありがとうございました。議事録を共有いたします。\n\n"
            "【議事録】\n日時：2026年12月23日（水）14:00〜15:00\n場所：青嵐テクノロジー 本社\n"
            "1. 移行スケジュールの確認\n2. 課題一覧のレビュー\n\n■次回\n次回は1月22日（金）10時〜で決定。"
            "場所は同じく弊社本社です。\n\n青嵐テクノロジー株式会社 相川\n")
    c.add("seiran-minutes-jikai", a_mail(26, "seiran", sent=T(2026, 12, 24, 9, 15),
                                         frm=addr("相川 航", "aikawa@seiran-tech.example.jp"),
                                         subject="【議事録】12/23 移行プロジェクト打合せ", body=leaf(body)),
          category="minutes-next", lang="ja", expected="ok", start=T(2027, 1, 22, 10), uid=ev,
          why="Minutes of a past meeting whose 「次回は1月22日（金）10時〜で決定」 is a fixed appointment.")

    # 22 a seminar the owner registered for
    body = ("佐伯 真理子 様\n\nこの度は「製造業DXセミナー2027」にお申し込みいただき、誠にありがとうございます。\n"
            "受付完了のお知らせです。\n\n開催日時：2027年1月28日（木）13:30〜15:00\n会場：みなとみらいホール 3F\n"
            "受付番号：S-20418\n\n当日は本メールをご提示ください。\n製造業DXセミナー事務局\n")
    c.add("seminar-uketsuke", a_mail(27, "seminar", sent=T(2026, 12, 18, 12, 0),
                                     frm=addr("製造業DXセミナー事務局", "seminar@dx-forum.example.jp", "UTF-8"),
                                     subject="【受付完了】製造業DXセミナー2027", cs="UTF-8",
                                     body=leaf(body, charset="utf-8", cte="quoted-printable")),
          category="registration", lang="ja", expected="missing", start=T(2027, 1, 28, 13, 30),
          end=T(2027, 1, 28, 15), why="A registration the owner made (受付完了): an appointment not entered.")

    # 23 holiday notice
    body = ("お取引先各位\n\n年末年始休業のお知らせ\n\n誠に勝手ながら、弊社では下記の期間を休業とさせていただきます。\n"
            "休業期間：2026年12月29日（火）〜2027年1月4日（月）\n1月5日（火）9:00より通常営業いたします。\n\n"
            "桔梗印刷株式会社\n")
    c.add("holiday-notice", a_mail(28, "holiday", sent=T(2026, 12, 14, 10, 0),
                                   frm=addr("桔梗印刷", "info@kikyo-print.example.jp"),
                                   subject="年末年始休業のお知らせ", body=leaf(body)),
          category="none-notice", lang="ja", expected="none", why="A closure notice.")

    # 24 Outlook invitation, Tokyo Standard Time, 仕事始め
    uid = "040000008200E00074C5B7101A82E00800000000A1B2C3D4E5F6070000000000000000100000004F2A"
    c.event(uid, "白樺商会 新年ご挨拶", T(2027, 1, 4, 11), T(2027, 1, 4, 11, 30))
    text = (HEAD_A + "白樺商会の今井です。\n仕事始めの1月4日（月）11時に、新年のご挨拶に伺います。\n"
            "15分ほどで失礼いたします。\n")
    cal = invite(method="REQUEST", uid=uid, summary="新年ご挨拶（白樺商会）", start=T(2027, 1, 4, 11),
                 end=T(2027, 1, 4, 11, 30), organizer="imai@shirakaba-shokai.example.jp",
                 attendees=("saeki@kisaragi-soft.example.jp",), style="outlook", stamp_at=T(2026, 12, 22, 9))
    body = multi("alternative", "_000_a024_", leaf(text), leaf(html(text), "html", "iso-2022-jp", "quoted-printable"),
                 cal_part(cal, "REQUEST"))
    c.add("shirakaba-outlook-invite", a_mail(29, "shirakaba-inv", sent=T(2026, 12, 22, 9, 5),
                                             frm=addr("今井 亮", "imai@shirakaba-shokai.example.jp"),
                                             subject="新年ご挨拶（白樺商会）", body=body),
          category="calendar-invite", lang="ja", expected="ok", start=T(2027, 1, 4, 11), end=T(2027, 1, 4, 11, 30),
          uid=uid, why="Outlook REQUEST in Tokyo Standard Time; entered with the same UID.")

    # 25 Teams invitation in UTC, stored as wall-clock UTC (timezone slip)
    uid = "teams-a25-7b1e2c@shiomi-logi.example.jp"
    c.event(uid, "汐見ロジ 物流KPIレビュー", T(2027, 2, 3, 15, tz=UTC), T(2027, 2, 3, 16, tz=UTC), utc=True)
    text = ("Microsoft Teams 会議\n\n物流KPIレビュー\n2027年2月3日（水）15:00〜16:00（日本時間）\n\n"
            "会議に参加するにはここをクリックしてください\n会議 ID: 421 889 301 77\n")
    cal = invite(method="REQUEST", uid=uid, summary="物流KPIレビュー", start=T(2027, 2, 3, 15),
                 end=T(2027, 2, 3, 16), organizer="kondo@shiomi-logi.example.jp",
                 attendees=("saeki@kisaragi-soft.example.jp",), style="google", stamp_at=T(2026, 12, 21))
    body = multi("alternative", "teams-a25", leaf(text, charset="utf-8", cte="base64"),
                 leaf(html(text), "html", "utf-8", "base64"), cal_part(cal, "REQUEST"))
    c.add("shiomi-teams-utc", a_mail(30, "shiomi", sent=T(2026, 12, 21, 14, 0),
                                     frm=addr("近藤 彩", "kondo@shiomi-logi.example.jp", "UTF-8"),
                                     subject="物流KPIレビュー", body=body, cs="UTF-8"),
          category="timezone", lang="ja", expected="mismatch", start=T(2027, 2, 3, 15), end=T(2027, 2, 3, 16),
          uid=uid, why="Invitation at 06:00Z (15:00 JST); the entry was stored at 15:00Z.")

    # 26 Google invitation in UTC, ok
    uid = "6q1v3n0c8k2m5r7t9w4y1z3a5b@google.com"
    c.event(uid, "契約更新のご相談（浜風保険）", T(2027, 2, 2, 10), T(2027, 2, 2, 11), utc=True)
    text = ("浜風保険サービス 三宅さんから招待が届きました\n\n契約更新のご相談\n"
            "2027年2月2日 (火) 10:00～11:00 (日本標準時)\n\n参加しますか? はい - 未定 - いいえ\n")
    cal = invite(method="REQUEST", uid=uid, summary="契約更新のご相談", start=T(2027, 2, 2, 10),
                 end=T(2027, 2, 2, 11), organizer="miyake@hamakaze-hoken.example.jp",
                 attendees=("saeki@kisaragi-soft.example.jp",), style="google", stamp_at=T(2026, 12, 20))
    body = multi("mixed", "g-a26-m", multi("alternative", "g-a26-a", leaf(text, charset="utf-8", cte="quoted-printable"),
                                           leaf(html(text), "html", "utf-8", "quoted-printable"),
                                           cal_part(cal, "REQUEST")),
                 attachment(cal.encode(), "application/ics", "invite.ics"))
    c.add("hamakaze-google-invite", a_mail(31, "hamakaze", sent=T(2026, 12, 20, 16, 0),
                                           frm=addr("三宅 晴美", "miyake@hamakaze-hoken.example.jp", "UTF-8"),
                                           subject="招待: 契約更新のご相談 - 2027年2月2日 (火) 10:00～11:00 (JST)",
                                           body=body, cs="UTF-8"),
          category="calendar-invite", lang="ja", expected="ok", start=T(2027, 2, 2, 10), end=T(2027, 2, 2, 11),
          uid=uid, why="Google invitation in UTC; the entry (same UID, in UTC) agrees.")

    # 27 JSON-LD restaurant reservation (startTime on the reservation itself)
    ev = c.event("a-iroha@kisaragi", "新年会（和食いろは）", T(2027, 1, 15, 19), T(2027, 1, 15, 21))
    ld = json.dumps({"@context": "http://schema.org", "@type": "FoodEstablishmentReservation",
                     "reservationNumber": "IR-88120", "reservationStatus": "http://schema.org/ReservationConfirmed",
                     "underName": {"@type": "Person", "name": "佐伯 真理子"},
                     "reservationFor": {"@type": "FoodEstablishment", "name": "和食いろは 神田店",
                                        "address": "東京都千代田区"},
                     "startTime": "2027-01-15T19:00:00+09:00", "partySize": 6}, ensure_ascii=False)
    text = ("佐伯 真理子 様\n\nご予約ありがとうございます。以下の内容で承りました。\n\n"
            "店舗：和食いろは 神田店\nご予約日時：2027年1月15日（金）19:00〜\n人数：6名様\n")
    page = html(text).replace("<body>", "<body>" + JSONLD.format(ld))
    c.add("iroha-jsonld", a_mail(32, "iroha", sent=T(2026, 12, 19, 21, 12),
                                 frm=addr("グルメ予約ネット", "yoyaku@gourmet-net.example.com", "UTF-8"),
                                 subject="【予約確定】和食いろは 神田店 1/15(金) 19:00 6名様",
                                 body=leaf(page, "html", "utf-8", "base64"), cs="UTF-8",
                                 domain="gourmet-net.example.com"),
          category="jsonld", lang="ja", expected="ok", start=T(2027, 1, 15, 19), uid=ev,
          why="A FoodEstablishmentReservation whose startTime sits on the reservation itself.")

    # 28 「1時半」 in business context is 13:30
    ev = c.event("a-sugino@kisaragi", "杉野製作所 訪問", T(2027, 1, 6, 13, 30), T(2027, 1, 6, 14, 30))
    body = (HEAD_A + "杉野製作所の安田です。\n\n年明けの1月6日（水）1時半から、御社にお伺いします。\n"
            "新型検査装置のカタログをお持ちいたします。\n\n杉野製作所 安田\n")
    c.add("sugino-ichijihan", a_mail(33, "sugino", sent=T(2026, 12, 23, 11, 45),
                                     frm=addr("安田 剛", "yasuda@sugino-ss.example.jp"),
                                     subject="年明けのご訪問について", body=leaf(body)),
          category="explicit-date", lang="ja", expected="ok", start=T(2027, 1, 6, 13, 30), uid=ev,
          why="「1時半から」 for a business visit is 13:30, not 01:30.")

    # 29 PM2:00
    ev = c.event("a-takano@kisaragi", "鷹野デザイン事務所 打合せ", T(2027, 1, 27, 14), T(2027, 1, 27, 15))
    body = (HEAD_A + "鷹野デザイン事務所の鷹野です。\n\nWebサイト改修の件、1月27日（水）PM2:00〜PM3:00で"
            "お願いできれば幸いです。\n弊事務所までお越しください。\n\n鷹野デザイン事務所 鷹野\n")
    c.add("takano-pm2", a_mail(34, "takano", sent=T(2026, 12, 21, 17, 0),
                               frm=addr("鷹野 譲", "takano@takano-design.example.jp", "UTF-8"),
                               subject="Webサイト改修のお打合せ", body=leaf(body, charset="utf-8", cte="base64"),
                               cs="UTF-8"),
          category="explicit-date", lang="ja", expected="ok", start=T(2027, 1, 27, 14), end=T(2027, 1, 27, 15),
          uid=ev, why="PM2:00〜PM3:00 (meridiem before the time) is 14:00〜15:00.")

    # 30 16時30分〜17時, entered at 16:00
    ev = c.event("a-hamakaze-tel@kisaragi", "浜風保険 電話説明", T(2027, 1, 12, 16), T(2027, 1, 12, 17))
    body = (HEAD_A + "浜風保険サービスの三宅です。\n\n補償内容の変更について、1月12日（火）16時30分〜17時に"
            "お電話でご説明いたします。\nよろしくお願いいたします。\n\n浜風保険サービス 三宅\n")
    c.add("hamakaze-1630", a_mail(35, "hamakaze-tel", sent=T(2026, 12, 22, 15, 20),
                                  frm=addr("三宅 晴美", "miyake@hamakaze-hoken.example.jp"),
                                  subject="補償内容変更のご説明", body=leaf(body)),
          category="wrong-time", lang="ja", expected="mismatch", start=T(2027, 1, 12, 16, 30),
          end=T(2027, 1, 12, 17), uid=ev, why="16時30分〜17時 entered at 16:00〜17:00.")

    # 31 slash date with year, full-width digits and tilde; entered a month late
    ev = c.event("a-chitose@kisaragi", "千歳産業 打合せ", T(2027, 2, 18, 13), T(2027, 2, 18, 14))
    body = (HEAD_A + "千歳産業の吉岡です。\n\n導入後のフォロー面談、下記にて承知いたしました。\n\n"
            "日時：２０２７/０１/１８（月） 13:00～\n場所：弊社 本社2階\n\n千歳産業株式会社 吉岡\n")
    c.add("chitose-slash", a_mail(36, "chitose", sent=T(2026, 12, 18, 10, 10),
                                  frm=addr("吉岡 信", "yoshioka@chitose-sangyo.example.jp", "SHIFT_JIS"),
                                  subject="フォロー面談の日程", body=leaf(body, charset="shift_jis", cte="base64"),
                                  cs="SHIFT_JIS"),
          category="wrong-date", lang="ja", expected="mismatch", start=T(2027, 1, 18, 13), uid=ev,
          why="２０２７/０１/１８（月） 13:00～ entered in February.")

    # 32 Outlook Japanese quote header, accepted, missing
    body = ("佐伯様\n\n朝霧商事の中西です。\n1月25日(月)16:00で承知いたしました。\n当日はよろしくお願いいたします。\n\n"
            "朝霧商事 中西\n\n-----Original Message-----\n差出人: 佐伯 真理子\n送信日時: 2026年12月21日 15:03\n"
            "件名: 次回訪問の件\n\n中西様\n1月25日(月)16:00に御社へ伺う形でいかがでしょうか。\n")
    c.add("asagiri-shochi", a_mail(37, "asagiri", sent=T(2026, 12, 21, 17, 30),
                                   frm=addr("中西 遥", "nakanishi@asagiri-shoji.example.jp"),
                                   subject="RE: 次回訪問の件", body=leaf(body),
                                   reply="<owner-asagiri@kisaragi-soft.example.jp>"),
          category="explicit-date", lang="ja", expected="missing", start=T(2027, 1, 25, 16),
          why="「1月25日(月)16:00で承知いたしました」 above an Outlook quote block; no entry.")

    # 33 13時〜, a bare 「打合せ」 at that time
    ev = c.event("a-bare@kisaragi", "打合せ", T(2027, 2, 1, 13), T(2027, 2, 1, 14))
    body = (HEAD_A + "いろどり出版の大塚です。\n\n2月1日（月）13時〜、弊社にてお待ちしております。\n"
            "どうぞよろしくお願いいたします。\n\nいろどり出版 編集部 大塚\n")
    c.add("irodori-13ji", a_mail(38, "irodori", sent=T(2026, 12, 24, 14, 0),
                                 frm=addr("大塚 葵", "otsuka@irodori-pub.example.jp"),
                                 subject="2月1日のお打合せ", body=leaf(body)),
          category="explicit-date", lang="ja", expected="ok", start=T(2027, 2, 1, 13), uid=ev,
          why="2月1日（月）13時〜; the owner entered a bare 「打合せ」 at that time.")

    # 34 14：00 (full-width colon), missing
    body = (HEAD_A + "杜の都電設の菅原です。\n\n現地調査の日程ですが、1月29日（金）14：00〜15：00で確定となりました。\n\n"
            "杜の都電設 菅原\n")
    c.add("morinomiyako-colon", a_mail(39, "morinomiyako", sent=T(2026, 12, 22, 16, 0),
                                       frm=addr("菅原 健", "sugawara@morinomiyako-densetsu.example.jp"),
                                       subject="現地調査日程確定のご連絡", body=leaf(body)),
          category="fullwidth", lang="ja", expected="missing", start=T(2027, 1, 29, 14), end=T(2027, 1, 29, 15),
          why="14：00〜15：00 with full-width colons; not entered.")

    # 35 明日 across the boundary of now: tomorrow 15:00 from 12/24, missing
    body = (HEAD_A + "花房工務店の花房です。\n\n明日、12月25日（金）15時にお伺いします。\n"
            "年内最後のご挨拶となります。\n\n花房工務店 花房\n")
    c.add("hanabusa-ashita", a_mail(40, "hanabusa", sent=T(2026, 12, 24, 16, 30),
                                    frm=addr("花房 大地", "hanabusa@hanabusa-koumuten.example.jp"),
                                    subject="明日のご挨拶について", body=leaf(body)),
          category="relative-date", lang="ja", expected="missing", start=T(2026, 12, 25, 15),
          why="明日、12月25日（金）15時 written on 12/24; not entered.")


# ---------------------------------------------------------------------------------------------
# Scenario B: 2026-03-06 09:00 JST, English and mixed, across the US DST change
# ---------------------------------------------------------------------------------------------
B = Corpus("B", T(2026, 3, 6, 9), "Ken Inoue", "inoue@lumenworks.example.jp", "Ken Inoue")
OWN_B = addr("Ken Inoue", "inoue@lumenworks.example.jp")
PDT = ZoneInfo("America/Los_Angeles")
NYC = ZoneInfo("America/New_York")
SGT = ZoneInfo("Asia/Singapore")
CET = ZoneInfo("Europe/Berlin")


def b_mail(n: int, slug: str, *, sent: datetime, frm: str, subject: str, body: object, to: str = OWN_B,
           reply: str | None = None, extra: tuple[tuple[str, str], ...] = (), domain: str = "example.com",
           cs: str = "UTF-8", mode: str = "B") -> bytes:
    return message(date_=sent, frm=frm, to=to, subject=subject, msgid=f"<b{n:03d}.{slug}@{domain}>",
                   body=body, in_reply_to=reply, extra=extra, subject_charset=cs, subject_mode=mode)


def plain(text: str) -> object:
    return leaf(text, charset="us-ascii", cte="7bit")


def build_b() -> None:  # noqa: PLR0915 - one corpus, written as data
    c = B
    c.event("b-bg-standup@lumen", "Team standup", T(2026, 1, 5, 10), T(2026, 1, 5, 10, 15),
            rrule="FREQ=WEEKLY;BYDAY=MO,WE,FR")
    c.event("b-bg-1on1@lumen", "1on1 with Mika", T(2026, 1, 5, 11), T(2026, 1, 5, 11, 30),
            rrule="FREQ=WEEKLY;BYDAY=MO")
    c.event("b-bg-equinox@lumen", "Vernal Equinox Day", date(2026, 3, 20))
    c.event("b-bg-osaka@lumen", "Osaka trip", date(2026, 3, 26), date(2026, 3, 28))
    c.event("b-bg-dentist@lumen", "Dentist", T(2026, 3, 9, 11, 30), T(2026, 3, 9, 12, 15))

    # 1 PT after the DST change
    ev = c.event("b-northwind@lumen", "Northwind sync (Rachel)", T(2026, 3, 10, 9, tz=PDT),
                 T(2026, 3, 10, 9, 45, tz=PDT), utc=True)
    body = ("Hi Ken,\n\nConfirmed: Tuesday, March 10 at 9am PT (that's Wednesday 1am for you, sorry about the hour!).\n"
            "I'll send a Zoom link the day before.\n\nBest,\nRachel Kim\nNorthwind Labs\n")
    c.add("northwind-pt-dst", b_mail(1, "northwind", sent=T(2026, 3, 4, 10, 12, tz=PDT),
                                     frm=addr("Rachel Kim", "rkim@northwind-labs.example.com"),
                                     subject="Re: Integration sync", body=plain(body),
                                     reply="<owner-nw@lumenworks.example.jp>"),
          category="timezone", lang="en", expected="ok", start=T(2026, 3, 10, 9, tz=PDT).astimezone(TOKYO),
          uid=ev, why="9am PT on March 10 is PDT (DST began 3/8): 16:00Z, Wednesday 01:00 JST.")

    # 2 ET after DST, the entry made with the EST offset
    ev = c.event("b-brightline@lumen", "Brightline pricing review (Dana)", T(2026, 3, 12, 21, 30, tz=UTC),
                 T(2026, 3, 12, 22, 30, tz=UTC), utc=True)
    body = ("Ken,\n\nThanks for the quick turnaround on the proposal. Let's lock in 3/12 at 4:30pm ET for the "
            "pricing review.\nI'll bring our procurement lead.\n\nDana Ortiz\nBrightline Retail\n")
    c.add("brightline-et", b_mail(2, "brightline", sent=T(2026, 3, 5, 8, 40, tz=NYC),
                                  frm=addr("Dana Ortiz", "dana@brightline.example.com"),
                                  subject="Pricing review", body=leaf(body, charset="utf-8", cte="quoted-printable")),
          category="timezone", lang="en", expected="mismatch",
          start=T(2026, 3, 12, 16, 30, tz=NYC).astimezone(TOKYO), uid=ev,
          why="4:30pm ET on 3/12 is EDT (20:30Z); the entry used EST (21:30Z).")

    # 3 CET, ok
    ev = c.event("b-falkenwerk@lumen", "Falkenwerk call", T(2026, 3, 11, 23), T(2026, 3, 11, 23, 45))
    body = ("Hello Ken,\n\nWednesday 11 March, 15:00 CET works for us - confirmed.\nTalk then,\n"
            "Lukas Brandt\nFalkenwerk GmbH\n")
    c.add("falkenwerk-cet", b_mail(3, "falkenwerk", sent=T(2026, 3, 3, 9, 5, tz=CET),
                                   frm=addr("Lukas Brandt", "lukas.brandt@falkenwerk.example.de"),
                                   subject="Re: Call next week", body=plain(body), domain="falkenwerk.example.de",
                                   reply="<owner-fw@lumenworks.example.jp>"),
          category="timezone", lang="en", expected="ok", start=T(2026, 3, 11, 15, tz=CET).astimezone(TOKYO),
          uid=ev, why="15:00 CET on 11 March is 23:00 JST.")

    # 4 Outlook text with (UTC+01:00), entered at 10:00 JST
    ev = c.event("b-tulp@lumen", "TulpData review", T(2026, 3, 19, 10), T(2026, 3, 19, 11))
    text = ("Hi Ken,\n\nI've booked the room for our review, see you then.\n\n"
            "When: Thursday, March 19, 2026 10:00 AM-11:00 AM (UTC+01:00) Amsterdam, Berlin, Bern, Rome, "
            "Stockholm, Vienna\nWhere: Teams\n\nSofie de Vries\nTulpData B.V.\n")
    body = multi("alternative", "_000_b004_", leaf(text, charset="us-ascii", cte="quoted-printable"),
                 leaf(html(text), "html", "utf-8", "quoted-printable"))
    c.add("tulp-utc-plus1", b_mail(4, "tulp", sent=T(2026, 3, 4, 14, 0, tz=CET),
                                   frm=addr("Sofie de Vries", "s.devries@tulpdata.example.nl"),
                                   subject="Quarterly review", body=body, domain="tulpdata.example.nl"),
          category="timezone", lang="en", expected="mismatch", start=T(2026, 3, 19, 10, tz=CET).astimezone(TOKYO),
          end=T(2026, 3, 19, 11, tz=CET).astimezone(TOKYO), uid=ev,
          why="10:00 AM (UTC+01:00) is 18:00 JST; entered at 10:00 JST.")

    # 5 Monday the 16th, Singapore time, missing
    body = ("Hi Ken,\n\nGreat speaking with you. Monday the 16th at 10:30am Singapore time is confirmed for the demo.\n"
            "Our CTO will join.\n\nWei Ling Tan\nMerlion Apps Pte Ltd\n")
    c.add("merlion-the-16th", b_mail(5, "merlion", sent=T(2026, 3, 5, 16, 0, tz=SGT),
                                     frm=addr("Wei Ling Tan", "weiling@merlion-apps.example.sg"),
                                     subject="Demo with Merlion Apps", body=plain(body), domain="merlion-apps.example.sg"),
          category="timezone", lang="en", expected="missing", start=T(2026, 3, 16, 11, 30),
          why="「Monday the 16th at 10:30am Singapore time」 is 3/16 11:30 JST; not entered.")

    # 6 next Wednesday, ok
    ev = c.event("b-harborview@lumen", "Harborview check-in", T(2026, 3, 11, 15), T(2026, 3, 11, 15, 30))
    body = ("Ken,\n\nSounds good - next Wednesday at 3pm JST it is. I'll call your office line.\n\n"
            "Tom Becker\nHarborview Analytics\n")
    c.add("harborview-next-wed", b_mail(6, "harborview", sent=T(2026, 3, 5, 14, 0, tz=PDT),
                                        frm=addr("Tom Becker", "tom@harborview.example.com"),
                                        subject="Re: check-in", body=plain(body),
                                        reply="<owner-hv@lumenworks.example.jp>"),
          category="relative-date", lang="en", expected="ok", start=T(2026, 3, 11, 15), uid=ev,
          why="next Wednesday from Friday 3/6 (Tokyo) or Thursday 3/5 (sender) is 3/11.")

    # 7 this Friday, ok
    ev = c.event("b-kestrel@lumen", "Kestrel AI - contract", T(2026, 3, 6, 15), T(2026, 3, 6, 16))
    body = ("Hi Ken,\n\nAs discussed, this Friday at 3pm JST is confirmed for the contract walkthrough.\n\n"
            "Regards,\nPriya Nair\nKestrel AI\n")
    c.add("kestrel-this-friday", b_mail(7, "kestrel", sent=T(2026, 3, 3, 18, 0),
                                        frm=addr("Priya Nair", "priya@kestrel-ai.example.in"),
                                        subject="Contract walkthrough", body=plain(body), domain="kestrel-ai.example.in"),
          category="relative-date", lang="en", expected="ok", start=T(2026, 3, 6, 15), uid=ev,
          why="this Friday from Tuesday 3/3 is 3/6, 15:00 JST.")

    # 8 tomorrow morning at 10
    ev = c.event("b-ortega@lumen", "Visit: Ortega Systems (Nakamura)", T(2026, 3, 6, 10), T(2026, 3, 6, 11))
    body = ("Inoue-san,\n\nThank you for your time on the phone. See you tomorrow morning at 10 at your office.\n\n"
            "Best regards,\nShun Nakamura\nOrtega Systems Japan\n")
    c.add("ortega-tomorrow-at-10", b_mail(8, "ortega", sent=T(2026, 3, 5, 18, 0),
                                          frm=addr("Shun Nakamura", "nakamura@ortega-sys.example.jp"),
                                          subject="Tomorrow", body=plain(body), domain="ortega-sys.example.jp"),
          category="relative-date", lang="en", expected="ok", start=T(2026, 3, 6, 10), uid=ev,
          why="「tomorrow morning at 10」 from 3/5 is 3/6 10:00.")

    # 9 EOD Friday: a deadline
    body = ("Hi Ken,\n\nCould you send the signed NDA by EOD Friday (March 13)? Legal needs it before the kickoff.\n\n"
            "Thanks,\nAaron Wu\nGreenleaf Foods\n")
    c.add("greenleaf-eod", b_mail(9, "greenleaf-nda", sent=T(2026, 3, 5, 9, 0, tz=PDT),
                                  frm=addr("Aaron Wu", "aaron.wu@greenleaf-foods.example.com"),
                                  subject="NDA", body=plain(body)),
          category="none-deadline", lang="en", expected="none", why="A deadline, not a meeting.")

    # 10 Monday the 9th, entered on the 10th; an unrelated dentist appointment at the real time
    ev = c.event("b-greenleaf@lumen", "Greenleaf onboarding - Aaron", T(2026, 3, 10, 11, 30), T(2026, 3, 10, 12, 30),
                 attendees=("aaron.wu@greenleaf-foods.example.com",))
    body = ("Ken,\n\nMonday the 9th at 11:30 JST works - booked the onboarding session.\n\nAaron Wu\nGreenleaf Foods\n")
    c.add("greenleaf-the-9th", b_mail(10, "greenleaf", sent=T(2026, 3, 4, 16, 0, tz=PDT),
                                      frm=addr("Aaron Wu", "aaron.wu@greenleaf-foods.example.com"),
                                      subject="Re: Onboarding", body=plain(body),
                                      reply="<owner-gl@lumenworks.example.jp>"),
          category="seed-wrong-day", lang="en", expected="mismatch", start=T(2026, 3, 9, 11, 30), uid=ev,
          why="Monday the 9th 11:30 JST, entered on the 10th; a dentist appointment sits at the real time.")

    # 11 9th March, GMT, missing
    body = ("Hi Ken,\n\nJust confirming our call at 14:00 GMT on 9th March.\n\nCheers,\nOliver Hughes\n"
            "Kingsbridge Consulting Ltd\n")
    c.add("kingsbridge-9th-march", b_mail(11, "kingsbridge", sent=T(2026, 3, 2, 11, 0, tz=UTC),
                                          frm=addr("Oliver Hughes", "oliver@kingsbridge.example.co.uk"),
                                          subject="Call on Monday", body=plain(body), domain="kingsbridge.example.co.uk"),
          category="timezone", lang="en", expected="missing", start=T(2026, 3, 9, 23),
          why="14:00 GMT on 9th March is 23:00 JST; not entered.")

    # 12 ISO with JST
    ev = c.event("b-sakuraba-rm@lumen", "Sakuraba Trading - room booking", T(2026, 3, 11, 14), T(2026, 3, 11, 15))
    body = ("Booking confirmed\n\nMeeting: Lumenworks product briefing\nStart: 2026-03-11 14:00 JST\n"
            "End: 2026-03-11 15:00 JST\nRoom: 12F-B\n\nSakuraba Trading reception desk\n")
    c.add("sakuraba-iso", b_mail(12, "sakuraba-rm", sent=T(2026, 3, 2, 10, 0),
                                 frm=addr("Sakuraba Trading Reception", "reception@sakuraba-trading.example.jp"),
                                 subject="Booking confirmed: product briefing", body=plain(body),
                                 domain="sakuraba-trading.example.jp"),
          category="explicit-date", lang="en", expected="ok", start=T(2026, 3, 11, 14), end=T(2026, 3, 11, 15),
          uid=ev, why="ISO dates with JST, start and end.")

    # 13 12:00 PM is noon, missing
    body = ("Hi Ken,\n\nLunch meeting confirmed for Friday, March 13 at 12:00 PM JST at the hotel lobby.\n\n"
            "Best,\nGrace Liu\nPinecrest Capital\n")
    c.add("pinecrest-noon", b_mail(13, "pinecrest", sent=T(2026, 3, 4, 12, 0),
                                   frm=addr("Grace Liu", "grace@pinecrest-cap.example.com"),
                                   subject="Lunch meeting", body=plain(body)),
          category="explicit-date", lang="en", expected="missing", start=T(2026, 3, 13, 12),
          why="12:00 PM is noon; not entered.")

    # 14 two zones for one instant
    ev = c.event("b-cobalt@lumen", "Cobalt Robotics - roadmap", T(2026, 3, 17, 15, 30), T(2026, 3, 17, 16, 30))
    body = ("Hi Ken,\n\nConfirmed for Monday, March 16 at 11:30 PM PT (Tuesday, March 17, 3:30 PM JST).\n"
            "Agenda to follow.\n\nMarcus Hale\nCobalt Robotics\n")
    c.add("cobalt-two-zones", b_mail(14, "cobalt", sent=T(2026, 3, 4, 15, 0, tz=PDT),
                                     frm=addr("Marcus Hale", "marcus@cobalt-robotics.example.com"),
                                     subject="Roadmap session", body=plain(body)),
          category="timezone", lang="en", expected="ok", start=T(2026, 3, 17, 15, 30), uid=ev,
          why="11:30 PM PDT on 3/16 and 3:30 PM JST on 3/17 are the same instant.")

    # 15 Google invitation in UTC: 12:30am JST
    uid = "4k7p2r9s1t3v5x8z0b2d4f6h8j@google.com"
    c.event(uid, "Lumenworks / Sequoia Grove sync", T(2026, 3, 19, 0, 30), T(2026, 3, 19, 1, 30), utc=True)
    text = ("You have been invited to the following event.\n\nLumenworks / Sequoia Grove sync\n"
            "Thursday Mar 19, 2026 \u22c5 12:30am \u2013 1:30am (Japan Standard Time - Tokyo)\n\n"
            "Joining info: meet.google.com/abc-defg-hij\n\nGoing (inoue@lumenworks.example.jp)? Yes - Maybe - No\n")
    cal = invite(method="REQUEST", uid=uid, summary="Lumenworks / Sequoia Grove sync", start=T(2026, 3, 19, 0, 30),
                 end=T(2026, 3, 19, 1, 30), organizer="jo@sequoiagrove.example.com",
                 attendees=("inoue@lumenworks.example.jp",), style="google", stamp_at=T(2026, 3, 3))
    body = multi("mixed", "g-b15-m", multi("alternative", "g-b15-a", leaf(text, charset="utf-8", cte="quoted-printable"),
                                           leaf(html(text), "html", "utf-8", "quoted-printable"),
                                           cal_part(cal, "REQUEST")),
                 attachment(cal.encode(), "application/ics", "invite.ics"))
    c.add("sequoia-google-1230am", b_mail(15, "sequoia", sent=T(2026, 3, 3, 9, 0, tz=PDT),
                                          frm=addr("Jo Alvarez (Google Calendar)", "jo@sequoiagrove.example.com"),
                                          subject="Invitation: Lumenworks / Sequoia Grove sync @ Thu Mar 19, 2026 "
                                                  "12:30am - 1:30am (JST) (inoue@lumenworks.example.jp)",
                                          body=body),
          category="calendar-invite", lang="en", expected="ok", start=T(2026, 3, 19, 0, 30),
          end=T(2026, 3, 19, 1, 30), uid=uid, why="Google invitation in UTC (15:30Z on 3/18) for 12:30am JST.")

    # 16 Outlook invitation in Pacific Standard Time across DST, entered with the PST offset
    uid = "040000008200E00074C5B7101A82E00800000000B2C3D4E5F60718000000000000000010000000A9D1"
    c.event(uid, "Alderpoint partner call", T(2026, 3, 9, 16, tz=UTC), T(2026, 3, 9, 16, 45, tz=UTC), utc=True)
    text = ("When: Monday, March 9, 2026 8:00 AM-8:45 AM (UTC-08:00) Pacific Time (US & Canada)\n"
            "Where: Microsoft Teams Meeting\n\nPartner call - Q2 plan\n")
    cal = invite(method="REQUEST", uid=uid, summary="Alderpoint partner call", start=T(2026, 3, 9, 8, tz=PDT),
                 end=T(2026, 3, 9, 8, 45, tz=PDT), organizer="jprice@alderpoint.example.com",
                 attendees=("inoue@lumenworks.example.jp",), style="outlook", tzid="Pacific Standard Time",
                 stamp_at=T(2026, 2, 27))
    body = multi("alternative", "_000_b016_", leaf(text, charset="us-ascii", cte="quoted-printable"),
                 leaf(html(text), "html", "utf-8", "quoted-printable"), cal_part(cal, "REQUEST"))
    c.add("alderpoint-outlook-pst", b_mail(16, "alderpoint", sent=T(2026, 2, 27, 10, 0, tz=PDT),
                                           frm=addr("Jenna Price", "jprice@alderpoint.example.com"),
                                           subject="Alderpoint partner call", body=body),
          category="calendar-invite", lang="en", expected="mismatch", start=T(2026, 3, 9, 8, tz=PDT).astimezone(TOKYO),
          end=T(2026, 3, 9, 8, 45, tz=PDT).astimezone(TOKYO), uid=uid,
          why="8:00 AM Pacific on 3/9 is PDT (15:00Z); the entry kept the PST offset (16:00Z).")

    # 17 Zoom text, ok
    ev = c.event("b-sakuraba-q@lumen", "Sakuraba quarterly (Zoom)", T(2026, 3, 12, 9), T(2026, 3, 12, 10))
    body = ("Kenji Mori is inviting you to a scheduled Zoom meeting.\n\nTopic: Lumenworks x Sakuraba quarterly\n"
            "Time: Mar 12, 2026 09:00 AM Osaka, Sapporo, Tokyo\n\nJoin Zoom Meeting\n"
            "https://zoom.example.com/j/81234567890\nMeeting ID: 812 3456 7890\n")
    c.add("sakuraba-zoom", b_mail(17, "sakuraba-zoom", sent=T(2026, 3, 2, 15, 0),
                                  frm=addr("Kenji Mori", "k.mori@sakuraba-trading.example.jp"),
                                  subject="Lumenworks x Sakuraba quarterly", body=plain(body),
                                  domain="sakuraba-trading.example.jp"),
          category="calendar-invite", lang="en", expected="ok", start=T(2026, 3, 12, 9), uid=ev,
          why="Zoom's invitation text, Tokyo time.")

    # 18 Teams REQUEST in Tokyo Standard Time, ok
    uid = "040000008200E00074C5B7101A82E00800000000C3D4E5F6071829000000000000000010000000B7E2"
    c.event(uid, "Kuroshio x Lumenworks: API review", T(2026, 3, 24, 10), T(2026, 3, 24, 10, 30))
    text = ("Microsoft Teams meeting\nJoin on your computer, mobile app or room device\nMeeting ID: 311 552 907 14\n")
    cal = invite(method="REQUEST", uid=uid, summary="Kuroshio x Lumenworks: API review", start=T(2026, 3, 24, 10),
                 end=T(2026, 3, 24, 10, 30), organizer="matsuda@kuroshio-trading.example.jp",
                 attendees=("inoue@lumenworks.example.jp",), style="teams", stamp_at=T(2026, 3, 2))
    body = multi("alternative", "_000_b018_", leaf(text, charset="utf-8", cte="base64"),
                 leaf(html(text), "html", "utf-8", "base64"), cal_part(cal, "REQUEST"))
    c.add("kuroshio-teams", b_mail(18, "kuroshio-teams", sent=T(2026, 3, 2, 11, 0),
                                   frm=addr("Matsuda Ryo", "matsuda@kuroshio-trading.example.jp"),
                                   subject="Kuroshio x Lumenworks: API review", body=body,
                                   domain="kuroshio-trading.example.jp"),
          category="calendar-invite", lang="en", expected="ok", start=T(2026, 3, 24, 10), end=T(2026, 3, 24, 10, 30),
          uid=uid, why="Teams REQUEST with TZID \"Tokyo Standard Time\".")

    # 19 an invitation, later cancelled
    uid = "040000008200E00074C5B7101A82E00800000000D4E5F607182930000000000000000010000000C1F3"
    c.event(uid, "Vetro Design - kickoff", T(2026, 3, 25, 16), T(2026, 3, 25, 17))
    for n, method, when, slug in ((19, "REQUEST", T(2026, 2, 26, 9), "vetro-request"),
                                  (20, "CANCEL", T(2026, 3, 4, 9), "vetro-cancel")):
        text = ("Kickoff - Vetro Design\n" if method == "REQUEST" else "Canceled: Kickoff - Vetro Design\n"
                "This meeting has been cancelled.\n")
        cal = invite(method=method, uid=uid, summary="Kickoff - Vetro Design", start=T(2026, 3, 25, 16),
                     end=T(2026, 3, 25, 17), organizer="elena@vetro-design.example.it",
                     attendees=("inoue@lumenworks.example.jp",), style="outlook", seq=0 if n == 19 else 1,
                     stamp_at=when)
        body = multi("alternative", f"_000_b{n:03d}_", leaf(text, charset="us-ascii", cte="7bit"),
                     cal_part(cal, method))
        c.add(slug, b_mail(n, slug, sent=when.astimezone(CET), frm=addr("Elena Rossi", "elena@vetro-design.example.it"),
                           subject=("Kickoff - Vetro Design" if n == 19 else "Canceled: Kickoff - Vetro Design"),
                           body=body, domain="vetro-design.example.it"),
              category="calendar-invite", lang="en", expected="none", also=("ok",) if n == 19 else (),
              why="A REQUEST, then a CANCEL for the same UID: nothing stands.")

    # 21 Calendly-style JSON-LD, ok
    ev = c.event("b-calendly@lumen", "Call with Jordan Lee (Calendly)", T(2026, 3, 18, 17, tz=UTC),
                 T(2026, 3, 18, 17, 30, tz=UTC), utc=True)
    ld = json.dumps({"@context": "https://schema.org", "@type": "EventReservation",
                     "reservationStatus": "https://schema.org/ReservationConfirmed",
                     "underName": {"@type": "Person", "name": "Ken Inoue"},
                     "reservationFor": {"@type": "Event", "name": "30 Minute Meeting with Jordan Lee",
                                        "startDate": "2026-03-18T10:00:00-07:00",
                                        "endDate": "2026-03-18T10:30:00-07:00"}})
    text = ("Hi Ken Inoue,\n\nA new event has been scheduled.\n\nEvent Type: 30 Minute Meeting\n"
            "Invitee: Ken Inoue\nEvent Date/Time: 10:00am - Wednesday, March 18, 2026 (Pacific Time - US & Canada)\n")
    page = html(text).replace("<body>", "<body>" + JSONLD.format(ld))
    c.add("calendly-jsonld", b_mail(21, "calendly", sent=T(2026, 3, 3, 12, 0, tz=PDT),
                                    frm=addr("Calendly", "notifications@calendly.example.com"),
                                    subject="New Event: Ken Inoue - 10:00am Wed, Mar 18, 2026 - 30 Minute Meeting",
                                    body=multi("alternative", "cal-b21", plain(text), leaf(page, "html", "utf-8", "base64"))),
          category="jsonld", lang="en", expected="ok", start=T(2026, 3, 19, 2), end=T(2026, 3, 19, 2, 30), uid=ev,
          why="JSON-LD EventReservation at 10:00 PDT, 02:00 JST next day.")

    # 22 webinar not booked
    body = ("Join our live webinar!\n\nScaling data pipelines in 2026\nThursday, March 19 at 10am PT\n"
            "Register now: https://example.com/webinar/2026-03\n\nYou received this because you subscribed. "
            "Unsubscribe: https://example.com/u\n")
    c.add("webinar-advert", b_mail(22, "webinar", sent=T(2026, 3, 2, 8, 0, tz=PDT),
                                   frm=addr("DataStack Events", "events@datastack.example.com"),
                                   subject="[Webinar] Scaling data pipelines - March 19",
                                   body=plain(body), extra=(("List-Unsubscribe", "<https://example.com/u>"),)),
          category="none-advert", lang="en", expected="none", why="A webinar advert; not registered.")

    # 23 out of office
    body = ("Thank you for your email. I'm out of office until Monday, March 9 with limited access to email.\n"
            "For urgent matters please contact support@harborview.example.com.\n\nTom Becker\n")
    c.add("ooo", b_mail(23, "ooo", sent=T(2026, 3, 5, 15, 0, tz=PDT),
                        frm=addr("Tom Becker", "tom@harborview.example.com"),
                        subject="Automatic reply: Follow-up", body=plain(body)),
          category="none-auto-reply", lang="en", expected="none", why="Out of office.")

    # 24 a forwarded invitation text
    body = ("Ken,\n\nForwarding the invite for the Contoso workshop. I've added you as an attendee - see you there.\n\n"
            "Yuki\n\n---------- Forwarded message ---------\nFrom: Chris Novak <chris@contoso-mfg.example.com>\n"
            "Date: Mon, Mar 2, 2026 at 9:14 AM\nSubject: Workshop: line automation\n\n"
            "When: Tuesday, March 24, 2026 4:00 PM-5:00 PM (UTC+09:00) Osaka, Sapporo, Tokyo\n"
            "Where: Contoso Tokyo office, 8F\n")
    c.add("contoso-forward", b_mail(24, "contoso-fwd", sent=T(2026, 3, 3, 9, 30),
                                    frm=addr("Yuki Sato", "sato@lumenworks.example.jp"),
                                    subject="Fwd: Workshop: line automation", body=plain(body),
                                    domain="lumenworks.example.jp"),
          category="forwarded", lang="en", expected="missing", start=T(2026, 3, 24, 16), end=T(2026, 3, 24, 17),
          why="A colleague forwards the workshop invite and has added Ken; not in his calendar.")

    # 25 Japanese mail with an English date, wrong time; an unrelated event at the real time
    ev = c.event("b-kuroshio@lumen", "黒潮トレーディング 松田様", T(2026, 3, 19, 11), T(2026, 3, 19, 12))
    body = ("ルーメンワークス\n井上様\n\nお世話になっております。黒潮トレーディングの松田です。\n\n"
            "打合せの件、Thu, Mar 19 10:00-11:00 JST で確定となりました。\nよろしくお願いいたします。\n\n"
            "黒潮トレーディング株式会社 松田\n")
    c.add("kuroshio-english-date", b_mail(25, "kuroshio", sent=T(2026, 3, 4, 10, 0),
                                          frm=addr("松田 亮", "matsuda@kuroshio-trading.example.jp"),
                                          subject="打合せ日時確定のご連絡", body=leaf(body), domain="kuroshio-trading.example.jp",
                                          cs="ISO-2022-JP"),
          category="wrong-time", lang="ja", expected="mismatch", start=T(2026, 3, 19, 10), end=T(2026, 3, 19, 11),
          uid=ev, why="Thu, Mar 19 10:00-11:00 JST entered at 11:00; TulpData's mis-entered review sits at 10:00.")

    # 26 invoice
    body = ("Invoice INV-3391\n\nAmount due: USD 4,800.00\nPayment due: March 20, 2026\n\nThank you for your business.\n"
            "Pinecrest Capital billing\n")
    c.add("invoice-en", b_mail(26, "invoice", sent=T(2026, 3, 1, 9, 0, tz=UTC),
                               frm=addr("Pinecrest Billing", "billing@pinecrest-cap.example.com"),
                               subject="Invoice INV-3391 is ready", body=plain(body)),
          category="none-invoice", lang="en", expected="none", why="A payment due date.")

    # 27 shipping
    body = ("Your order has shipped!\n\nEstimated delivery: Tue, Mar 10, by 8:00 PM\nTracking number: 1Z 999 AA1 01 2345 6784\n")
    c.add("shipping-en", b_mail(27, "ship", sent=T(2026, 3, 5, 20, 0),
                                frm=addr("Gadget Depot", "orders@gadgetdepot.example.com"),
                                subject="Your order has shipped", body=plain(body)),
          category="none-notice", lang="en", expected="none", why="A delivery estimate.")

    # 28 a reschedule thread in SGT; the owner's own final word
    ev = c.event("b-rq@lumen", "Daniel Goh (RQ Partners) call", T(2026, 3, 11, 18), T(2026, 3, 11, 18, 45))
    body = ("Hi Ken,\n\nConfirmed: Wednesday, March 11 at 5pm SGT.\n\nDaniel Goh\nRQ Partners\n")
    c.add("rq-confirm", b_mail(28, "rq-1", sent=T(2026, 2, 27, 10, 0, tz=SGT),
                               frm=addr("Daniel Goh", "daniel.goh@rqpartners.example.sg"),
                               subject="Call", body=plain(body), domain="rqpartners.example.sg"),
          category="reschedule", lang="en", expected="none", also=("ok",),
          why="Confirmed for 3/11, superseded later in the thread.")
    body = ("Hi Ken,\n\nSomething came up on my side - could we push to Thursday, March 12 at 5pm SGT instead?\n\n"
            "Daniel\n\n> Confirmed: Wednesday, March 11 at 5pm SGT.\n")
    c.add("rq-push", b_mail(29, "rq-2", sent=T(2026, 3, 3, 10, 0, tz=SGT),
                            frm=addr("Daniel Goh", "daniel.goh@rqpartners.example.sg"),
                            subject="Re: Call", body=plain(body), domain="rqpartners.example.sg",
                            reply="<b028.rq-1@rqpartners.example.sg>"),
          category="reschedule", lang="en", expected="none", also=("mismatch",),
          why="Asks to move; answered by the next mail.")
    body = ("Hi Daniel,\n\nThursday 5pm SGT works for me. See you then.\n\nKen\n\n"
            "> could we push to Thursday, March 12 at 5pm SGT instead?\n")
    c.add("rq-owner-accepts", b_mail(30, "rq-3", sent=T(2026, 3, 3, 12, 30), frm=OWN_B,
                                     to=addr("Daniel Goh", "daniel.goh@rqpartners.example.sg"),
                                     subject="Re: Call", body=plain(body), domain="lumenworks.example.jp",
                                     reply="<b029.rq-2@rqpartners.example.sg>"),
          category="reschedule", lang="en", expected="mismatch", start=T(2026, 3, 12, 18), uid=ev,
          why="The owner accepts Thursday 3/12 5pm SGT (18:00 JST); the calendar still has 3/11.")

    # 29 options, then the owner picks option 2
    ev = c.event("b-vetro-review@lumen", "Vetro Design - Elena", T(2026, 3, 17, 10), T(2026, 3, 17, 11))
    listing = "1) Mon, Mar 16, 2:00 PM JST\n2) Tue, Mar 17, 10:00 AM JST\n3) Wed, Mar 18, 4:00 PM JST\n"
    body = "Hi Ken,\n\nWould any of these work for the design review?\n" + listing + "\nElena\n"
    c.add("vetro-options", b_mail(31, "vetro-opt", sent=T(2026, 3, 4, 9, 0, tz=CET),
                                  frm=addr("Elena Rossi", "elena@vetro-design.example.it"),
                                  subject="Design review", body=plain(body), domain="vetro-design.example.it"),
          category="candidates", lang="en", expected="none", why="Options offered, none chosen.")
    body = ("Hi Elena,\n\nOption 2 works for me - see you then.\n\nKen\n\n"
            + "".join("> " + ln + "\n" for ln in listing.splitlines()))
    c.add("vetro-option-2", b_mail(32, "vetro-pick", sent=T(2026, 3, 4, 19, 0), frm=OWN_B,
                                   to=addr("Elena Rossi", "elena@vetro-design.example.it"),
                                   subject="Re: Design review", body=plain(body), domain="lumenworks.example.jp",
                                   reply="<b031.vetro-opt@vetro-design.example.it>"),
          category="candidates", lang="en", expected="ok", start=T(2026, 3, 17, 10), uid=ev,
          why="「Option 2」 picks Tue, Mar 17, 10:00 AM JST.")

    # 30 noon lunch, ok
    ev = c.event("b-lunch@lumen", "Lunch w/ Sam (Pinecrest)", T(2026, 3, 18, 12), T(2026, 3, 18, 13, 30))
    body = ("Ken,\n\nLet's do lunch at noon on Wednesday, March 18 - I booked a table at Sora, Marunouchi.\n\n"
            "Sam Ortiz\nPinecrest Capital\n")
    c.add("pinecrest-lunch-noon", b_mail(33, "pinecrest-lunch", sent=T(2026, 3, 4, 13, 0),
                                         frm=addr("Sam Ortiz", "sam@pinecrest-cap.example.com"),
                                         subject="Lunch", body=plain(body)),
          category="explicit-date", lang="en", expected="ok", start=T(2026, 3, 18, 12), uid=ev,
          why="at noon on Wednesday, March 18.")

    # 31 newsletter with dates
    body = ("Lumen Weekly - product news\n\nMarch 10: release 4.2 ships\nMarch 17, 9:00 AM PT: community AMA\n"
            "Read more on our blog.\n\nUnsubscribe | Manage preferences\n")
    c.add("newsletter-en", b_mail(34, "newsletter", sent=T(2026, 3, 3, 7, 0, tz=PDT),
                                  frm=addr("ToolCo News", "news@toolco.example.com"),
                                  subject="This week at ToolCo", body=plain(body),
                                  extra=(("Precedence", "bulk"),)),
          category="none-advert", lang="en", expected="none", why="A newsletter.")

    # 32 wrong day, and a recurring 1on1 at the real time
    ev = c.event("b-nordlicht@lumen", "Nordlicht demo (Hannah)", T(2026, 3, 24, 11), T(2026, 3, 24, 12))
    body = ("Hi Ken,\n\nConfirmed for Monday, March 23 at 11:00 JST. We'll come to your office.\n\n"
            "Hannah Berg\nNordlicht AB\n")
    c.add("nordlicht-wrong-day", b_mail(35, "nordlicht", sent=T(2026, 3, 2, 9, 0, tz=CET),
                                        frm=addr("Hannah Berg", "hannah@nordlicht.example.se"),
                                        subject="Demo", body=plain(body), domain="nordlicht.example.se"),
          category="seed-wrong-day", lang="en", expected="mismatch", start=T(2026, 3, 23, 11), uid=ev,
          why="Monday, March 23 11:00 JST entered on the 24th; a weekly 1on1 sits at the real time.")

    # 33 Japanese slash date with 日本時間, missing
    body = ("ルーメンワークス\n井上様\n\nいつもお世話になっております。\nオンライン定例を3/12（木）16:00〜（日本時間）にて"
            "お願いいたします。\n\nOkamoto Global 岡本\n")
    c.add("okamoto-nihon-jikan", b_mail(36, "okamoto", sent=T(2026, 3, 5, 11, 0),
                                        frm=addr("岡本 理沙", "okamoto@okamoto-global.example.com"),
                                        subject="オンライン定例の件", body=leaf(body, charset="utf-8", cte="base64")),
          category="explicit-date", lang="ja", expected="missing", start=T(2026, 3, 12, 16),
          why="3/12（木）16:00〜（日本時間）; not entered.")


def main() -> None:
    build_a()
    build_b()
    for corpus in (A, B):
        corpus.write()
    print(f"A: {len(A.cases)} messages, B: {len(B.cases)} messages")


if __name__ == "__main__":
    main()
