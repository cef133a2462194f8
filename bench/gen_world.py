"""The invented world the benchmark mailbox is about: people, companies, dates, the calendar.

Everything here is invented (example.* domains). ``World`` draws from one ``random.Random``,
so the whole mailbox is reproducible from a seed; it also collects the calendar entries.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Tokyo")
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=TZ)
OWNER = ("堀江 真司", "horie@owner.example.jp")

WD_JA = "月火水木金土日"
_WD_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MON_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# Invented company names (a stem and a trade, romanised for the domain): 18 x 12 of them, so
# most clients have only a few meetings in the calendar, as for a real salesperson.
_STEMS = [
    ("あさぎ", "asagi"),
    ("北辰", "hokushin"),
    ("みなと", "minato"),
    ("白樺", "shirakaba"),
    ("東雲", "shinonome"),
    ("桔梗", "kikyo"),
    ("つばめ", "tsubame"),
    ("葵", "aoi"),
    ("千鳥", "chidori"),
    ("若葉", "wakaba"),
    ("ひばり", "hibari"),
    ("紫苑", "shion"),
    ("瑞穂", "mizuho"),
    ("青嵐", "seiran"),
    ("楓", "kaede"),
    ("蒼天", "soten"),
    ("星見", "hoshimi"),
    ("灯台", "todai"),
]
_TRADES = [
    ("精機", "seiki"),
    ("ロジテック", "logi"),
    ("電装", "denso"),
    ("システムズ", "sys"),
    ("フーズ", "foods"),
    ("建設", "kensetsu"),
    ("薬品", "yakuhin"),
    ("データ工房", "data"),
    ("物産", "bussan"),
    ("メディカル", "med"),
    ("商会", "shokai"),
    ("ソフト", "soft"),
]
_COMPANIES = [(s + t, f"{sr}-{tr}") for s, sr in _STEMS for t, tr in _TRADES]
_SURNAMES = [
    "久保",
    "西野",
    "大槻",
    "三好",
    "羽田",
    "宮越",
    "杉浦",
    "野々村",
    "長谷",
    "戸田",
    "柏木",
    "望月",
    "川端",
    "松永",
    "市原",
    "堤",
    "古賀",
    "石丸",
    "早瀬",
    "神谷",
]
_ROMAJI = [
    "kubo",
    "nishino",
    "otsuki",
    "miyoshi",
    "haneda",
    "miyakoshi",
    "sugiura",
    "nonomura",
    "hase",
    "toda",
    "kashiwagi",
    "mochizuki",
    "kawabata",
    "matsunaga",
    "ichihara",
    "tsutsumi",
    "koga",
    "ishimaru",
    "hayase",
    "kamiya",
]
_EN_COMPANIES = [
    ("Larkspur Analytics", "larkspur"),
    ("Quillon Robotics", "quillon"),
    ("Brightwater Legal", "brightwater"),
    ("Oakhaven Partners", "oakhaven"),
    ("Tessellate Labs", "tessellate"),
    ("Northcove Freight", "northcove"),
]
_EN_NAMES = [
    "Priya Natarajan",
    "Tomasz Wójcik",
    "Grace Holloway",
    "Diego Arce",
    "Hannah Lindqvist",
    "Marcus Bell",
    "Aiko Brennan",
    "Felix Ortmann",
]
TOPICS = [
    "新システム導入",
    "保守契約更新",
    "見積内容",
    "来期予算",
    "データ移行",
    "現地調査",
    "研修計画",
    "要件定義",
    "価格改定",
    "納品前確認",
    "PoC結果",
    "セキュリティ監査",
]
EN_TOPICS = [
    "contract renewal",
    "integration kickoff",
    "quarterly review",
    "pricing proposal",
    "site survey",
    "security assessment",
]
PLACES = [
    "弊社3階 会議室B",
    "貴社ご訪問",
    "オンライン（Zoom）",
    "Teams会議",
    "本社 7F 大会議室",
    "品川オフィス 受付",
    "オンライン（Google Meet）",
]


def fullwidth(text: str) -> str:
    """ASCII digits, colon and slash as their full-width forms, as many Japanese mailers write them."""
    return text.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789:/"})


@dataclass
class Corpus:
    """The generated mailbox: ``messages`` are (file name, bytes); ``labels`` what was meant."""

    now: datetime
    messages: list[tuple[str, bytes]] = field(default_factory=list)
    ics: bytes = b""
    labels: list[dict[str, object]] = field(default_factory=list)


@dataclass
class Party:
    company: str
    domain: str
    name: str
    addr: str
    ja: bool


class World:
    def __init__(self, rng: random.Random, now: datetime) -> None:
        self.rng = rng
        self.now = now
        self.events: list[str] = []
        self.uid = 0

    # --- people and dates -------------------------------------------------------------
    def party(self, ja: bool = True) -> Party:
        r = self.rng
        if ja:
            company, stem = r.choice(_COMPANIES)
            i = r.randrange(len(_SURNAMES))
            given = r.choice(["健", "彩", "涼", "直樹", "美咲", "悠", "千尋", "大輔"])
            domain = f"{stem}.example.co.jp"
            return Party(
                f"株式会社{company}", domain, f"{_SURNAMES[i]} {given}", f"{_ROMAJI[i]}@{domain}", True
            )
        company, stem = r.choice(_EN_COMPANIES)
        name = r.choice(_EN_NAMES)
        domain = f"{stem}.example.com"
        return Party(company, domain, name, f"{name.split()[0].lower()}@{domain}", False)

    def sent(self) -> datetime:
        return self.now - timedelta(minutes=self.rng.randrange(60, 29 * 24 * 60))

    def slot(self, sent: datetime) -> tuple[datetime, datetime]:
        """A business-hours slot after now (so the audit judges it), 1-60 days out."""
        r = self.rng
        day = (self.now + timedelta(days=r.randrange(1, 60))).date()
        while day.weekday() >= 5:
            day += timedelta(days=1)
        start = datetime(
            day.year,
            day.month,
            day.day,
            r.choice([9, 10, 11, 13, 14, 15, 16, 17]),
            r.choice([0, 0, 0, 30, 15]),
            tzinfo=TZ,
        )
        return start, start + timedelta(minutes=r.choice([30, 60, 60, 90, 120]))

    def ja_when(self, start: datetime, end: datetime, sent: datetime) -> str:
        """The slot written one of the many ways Japanese mail writes it."""
        r = self.rng
        m, d, wd = start.month, start.day, WD_JA[start.weekday()]
        hm, ehm = f"{start.hour}:{start.minute:02d}", f"{end.hour}:{end.minute:02d}"
        pm = start.hour >= 12
        h12 = start.hour - 12 if start.hour > 12 else start.hour
        ampm = f"{'午後' if pm else '午前'}{h12}時" + (f"{start.minute}分" if start.minute else "")
        rel_days = (start.date() - sent.astimezone(TZ).date()).days
        choices: list[Callable[[], str]] = [
            lambda: f"{m}月{d}日（{wd}）{hm}～{ehm}",
            lambda: f"{start.year}年{m}月{d}日({wd}) {start.hour}時{start.minute:02d}分～",
            lambda: fullwidth(f"{m}月{d}日") + f"（{wd}）" + fullwidth(hm) + "～" + fullwidth(ehm),
            lambda: f"{m}/{d}（{wd}） {ampm}から1時間ほど",
            lambda: f"令和{start.year - 2018}年{m}月{d}日（{wd}曜日）{ampm}",
            lambda: f"{m}月{d}日 {hm}-{ehm}",
        ]
        if rel_days == 1:
            choices.append(lambda: f"明日（{m}/{d}）{hm}")
        if 7 <= rel_days < 14:
            choices.append(lambda: f"来週{wd}曜日の{ampm}")
        return r.choice(choices)()

    def en_when(self, start: datetime, end: datetime) -> str:
        h = start.hour % 12 or 12
        ap = "AM" if start.hour < 12 else "PM"
        eh = end.hour % 12 or 12
        eap = "AM" if end.hour < 12 else "PM"
        return self.rng.choice(
            [
                f"{_WD_EN[start.weekday()]}, {_MON_EN[start.month - 1]} {start.day} "
                f"at {h}:{start.minute:02d} {ap} JST",
                f"{_MON_EN[start.month - 1][:3]} {start.day}, {start.year}, {h}:{start.minute:02d} {ap} – "
                f"{eh}:{end.minute:02d} {eap} (Japan time)",
            ]
        )

    # --- calendar -----------------------------------------------------------------------
    def enter(self, p: Party, topic: str, start: datetime, end: datetime, uid: str | None = None) -> str:
        """Enter the appointment right, wrong or not at all; returns the expected verdict."""
        r = self.rng.random()
        if r < 0.2:
            return "missing"
        status = "ok"
        if r < 0.4:
            shift = self.rng.choice(
                [timedelta(hours=1), timedelta(days=1), timedelta(days=7), timedelta(minutes=-30)]
            )
            start, end, status = start + shift, end + shift, "mismatch"
        self.uid += 1
        summary = (
            f"{p.company.removeprefix('株式会社')} {p.name.split()[0]}様 {topic}"
            if p.ja
            else f"{p.company}: {topic}"
        )
        lines = [
            "BEGIN:VEVENT",
            f"UID:{uid or f'bench-{self.uid}@owner.example.jp'}",
            f"DTSTAMP:{self.now.astimezone(ZoneInfo('UTC')):%Y%m%dT%H%M%SZ}",
            f"DTSTART;TZID=Asia/Tokyo:{start:%Y%m%dT%H%M%S}",
            f"DTEND;TZID=Asia/Tokyo:{end:%Y%m%dT%H%M%S}",
            f"SUMMARY:{summary}",
        ]
        if self.rng.random() < 0.5:
            lines.append(f"ATTENDEE;CN={p.name}:mailto:{p.addr}")
        lines.append("END:VEVENT")
        self.events.append("\r\n".join(lines))
        return status

    def background_events(self, count: int) -> None:
        """Entries no mail speaks of: a weekly meeting, lunches, all-day days off."""
        self.events.append(
            "\r\n".join(
                [
                    "BEGIN:VEVENT",
                    "UID:weekly-teiren@owner.example.jp",
                    "DTSTAMP:20260101T000000Z",
                    "DTSTART;TZID=Asia/Tokyo:20260105T100000",
                    "DTEND;TZID=Asia/Tokyo:20260105T110000",
                    "RRULE:FREQ=WEEKLY;BYDAY=MO",
                    "SUMMARY:営業部 週次定例",
                    "END:VEVENT",
                ]
            )
        )
        for i in range(count):
            day = (self.now + timedelta(days=self.rng.randrange(-30, 90))).date()
            if i % 5 == 0:
                body = [
                    f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
                    f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
                    "SUMMARY:休暇",
                ]
            else:
                body = [
                    f"DTSTART;TZID=Asia/Tokyo:{day:%Y%m%d}T120000",
                    f"DTEND;TZID=Asia/Tokyo:{day:%Y%m%d}T130000",
                    self.rng.choice(
                        ["SUMMARY:ランチ", "SUMMARY:社内レビュー", "SUMMARY:1on1", "SUMMARY:移動"]
                    ),
                ]
            self.events.append(
                "\r\n".join(
                    [
                        "BEGIN:VEVENT",
                        f"UID:bg-{i}@owner.example.jp",
                        "DTSTAMP:20260101T000000Z",
                        *body,
                        "END:VEVENT",
                    ]
                )
            )

    def ics(self) -> bytes:
        head = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//calcheck bench//EN",
            "BEGIN:VTIMEZONE",
            "TZID:Asia/Tokyo",
            "BEGIN:STANDARD",
            "DTSTART:19700101T000000",
            "TZOFFSETFROM:+0900",
            "TZOFFSETTO:+0900",
            "TZNAME:JST",
            "END:STANDARD",
            "END:VTIMEZONE",
        ]
        return ("\r\n".join([*head, *self.events, "END:VCALENDAR"]) + "\r\n").encode()


# --- text pieces --------------------------------------------------------------------------
OPEN_JA = [
    "いつも大変お世話になっております。",
    "平素より格別のご高配を賜り、厚く御礼申し上げます。",
    "お世話になっております。",
    "先日はお忙しいところお時間をいただき、ありがとうございました。",
]
FILL_JA = [
    "資料は前日までにメールでお送りいたします。",
    "ご不明な点がございましたらお気軽にお問い合わせください。",
    "当日は担当の者が受付までお迎えにあがります。",
    "駐車場はございませんので公共交通機関をご利用ください。",
    "弊社からは営業と技術の2名で伺う予定です。",
    "先日お送りした見積書（No.20261104-0087）もあわせてご確認ください。",
    "入館の際は受付で社名とお名前をお伝えください。",
    "年末のご多忙な時期に恐縮ですが、何卒よろしくお願いいたします。",
    "前回の議事録を添付いたしましたのでご査収ください。",
    "なお、11月23日（月）は祝日のため弊社は休業となります。",
    "ご参加人数に変更がある場合は前日17時までにご連絡ください。",
    "所要時間は60分程度を予定しております。",
]
CLOSE_JA = [
    "引き続きよろしくお願いいたします。",
    "当日はどうぞよろしくお願いいたします。",
    "何卒よろしくお願い申し上げます。",
    "お会いできるのを楽しみにしております。",
]
CONFIRM_JA = [
    "下記の日程にて確定いたしましたのでご連絡いたします。",
    "下記日時でお伺いいたします。",
    "ご来社いただく日時を確認させていただきます。",
    "下記のとおりお打合せの日程が決まりました。",
]


def _fill(r: random.Random, k: int) -> str:
    return "\n".join(r.sample(FILL_JA, k))


def signature(r: random.Random, p: Party) -> str:
    if not p.ja:
        return f"--\n{p.name}\n{p.company}\n+1 (555) 01{r.randrange(10, 99)}-{r.randrange(1000, 9999)}\nhttps://www.{p.domain}/"
    return "\n".join(
        [
            "━━━━━━━━━━━━━━━━━━━━━━",
            p.company,
            f"営業本部 第{r.randrange(1, 5)}営業部",
            p.name,
            f"〒{r.randrange(100, 999)}-{r.randrange(0, 9999):04d} "
            f"東京都港区芝浦{r.randrange(1, 5)}-{r.randrange(1, 20)}-{r.randrange(1, 30)}",
            f"TEL: 03-{r.randrange(1000, 9999)}-{r.randrange(1000, 9999)}  "
            f"FAX: 03-{r.randrange(1000, 9999)}-{r.randrange(1000, 9999)}",
            f"URL: https://www.{p.domain}/",
            "━━━━━━━━━━━━━━━━━━━━━━",
        ]
    )


def ja_letter(g: World, p: Party, middle: str) -> str:
    r = g.rng
    return (
        f"株式会社オーナー商事\n{OWNER[0].split()[0]}様\n\n{r.choice(OPEN_JA)}\n{p.company}の{p.name.split()[0]}です。\n\n"
        f"{middle}\n\n{_fill(r, r.randrange(0, 5))}\n{r.choice(CLOSE_JA)}\n\n{signature(r, p)}\n"
    )


def html(text: str, jsonld: str = "") -> str:
    paras = "".join(
        f'<p style="margin:0 0 8px 0;font-family:sans-serif">{line}</p>\n'
        for line in text.split("\n")
        if line
    )
    script = f'<script type="application/ld+json">{jsonld}</script>' if jsonld else ""
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><style>p{{color:#333}} td{{padding:4px}}</style>'
        f'{script}</head><body><table width="600"><tr><td>\n{paras}</td></tr></table></body></html>\n'
    )
