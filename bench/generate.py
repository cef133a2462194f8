"""A large, varied, reproducible mailbox and calendar for the benchmark.

``generate(n, seed)`` builds ``n`` messages from ``random.Random(seed)`` (same seed, same
bytes) plus an iCalendar file in which some appointments are entered right, some wrong and
some not at all. The mix is meant to exercise every path of reading and extraction:

* Japanese in ISO-2022-JP (7bit), Shift_JIS (8bit and base64) and UTF-8 (base64,
  quoted-printable, 8bit); English; CRLF and LF line ends;
* plain text, multipart/alternative with HTML (some with schema.org JSON-LD), text/calendar
  invitations, PDF-like attachments;
* replies with nested ``>`` quotes and "Original Message" blocks, candidate-date lists,
  newsletters and invoices full of dates, auto-replies, mail with no date at all;
* full-width digits, 午前/午後, 令和, weekdays in brackets, relative days (明日, 来週水曜).

All names, companies and domains are invented here (example.* domains only).

Run as a script to write a Maildir and ``calendar.ics``::

    python bench/generate.py --messages 10000 --seed 1 --out /tmp/calcheck-bench
"""

import argparse
import json
import random
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_mime import JA_ENCODINGS, Entity, addr, attachment, hdr, leaf, message, multipart
from gen_world import (
    CONFIRM_JA,
    EN_TOPICS,
    NOW,
    OWNER,
    PLACES,
    TOPICS,
    WD_JA,
    Corpus,
    Party,
    World,
    ja_letter,
    signature,
)
from gen_world import html as html_page

# --- message kinds: each returns (headers, body entity, expected verdict, appointment start) -----
Made = tuple[list[str], Entity, str, datetime | None]


def _headers(  # noqa: PLR0917 - private helper, every call site reads left to right
    g: World, i: int, p: Party, subject: str, sent: datetime, charset: str, extra: tuple[str, ...] = ()
) -> list[str]:
    date = sent if g.rng.random() < 0.8 else sent.astimezone(ZoneInfo("UTC"))
    return [
        f"Return-Path: <{p.addr}>",
        f"Received: from mx1.{p.domain} (mx1.{p.domain} [192.0.2.{i % 250 + 1}])\n\tby mail.owner.example.jp "
        f"with ESMTPS id {g.rng.randrange(1 << 40):010x}; {format_datetime(date)}",
        f"From: {addr(p.name, p.addr, charset)}",
        f"To: {addr(OWNER[0], OWNER[1], charset)}",
        f"Subject: {hdr(subject, charset)}",
        f"Date: {format_datetime(date)}",
        f"Message-ID: <bench.{i}.{g.rng.randrange(1 << 32):08x}@{p.domain}>",
        *extra,
    ]


def k_confirm_ja(g: World, i: int) -> Made:
    r, p, sent = g.rng, g.party(), g.sent()
    start, end = g.slot(sent)
    topic, (charset, cte) = r.choice(TOPICS), r.choice(JA_ENCODINGS)
    middle = (
        f"{topic}の件、{r.choice(CONFIRM_JA)}\n\n■日時：{g.ja_when(start, end, sent)}\n"
        f"■場所：{r.choice(PLACES)}\n■出席者：{p.name.split()[0]}、ほか1名"
    )
    status = g.enter(p, topic, start, end)
    subject = r.choice([f"【日程確定】{topic}のお打合せ（{p.company}）", f"{topic}お打合せ日程のご連絡"])
    return (
        _headers(g, i, p, subject, sent, charset),
        leaf(ja_letter(g, p, middle), charset=charset, cte=cte),
        status,
        start,
    )


def k_confirm_en(g: World, i: int) -> Made:
    r, p, sent = g.rng, g.party(ja=False), g.sent()
    start, end = g.slot(sent)
    topic = r.choice(EN_TOPICS)
    text = (
        f"Hi Shinji,\n\nThanks for your time on the phone today. Just confirming our {topic} on "
        f"{g.en_when(start, end)}.\nWe'll send a dial-in link the day before; agenda attached to the "
        f"invite.\n\nBest regards,\n\n{signature(r, p)}\n"
    )
    status = g.enter(p, topic, start, end)
    return (
        _headers(g, i, p, f"Confirmed: {topic} with {p.company}", sent, "utf-8"),
        leaf(text, cte=r.choice(["8bit", "quoted-printable"])),
        status,
        start,
    )


def _quoted(g: World, p: Party, earlier: str, sent: datetime) -> str:
    r = g.rng
    prev = sent - timedelta(hours=r.randrange(2, 72))
    style = r.randrange(3)
    if style == 0:
        return (
            f"\n-----Original Message-----\nFrom: {OWNER[0]} <{OWNER[1]}>\nSent: {prev:%Y/%m/%d %H:%M}\n"
            f"To: {p.name} <{p.addr}>\nSubject: Re: 日程調整\n\n{earlier}"
        )
    quoted = "\n".join(("> " + line).rstrip() for line in earlier.splitlines())
    older = "\n".join(
        "> > " + line
        for line in [
            "> 先日はありがとうございました。",
            "> 次回の日程をご相談させてください。",
            f"> > {prev.month}月{prev.day}日以降であればいつでも結構です。",
        ]
    )
    head = (
        f"{prev:%Y年%m月%d日}({WD_JA[prev.weekday()]}) {prev:%H:%M} {OWNER[0]} <{OWNER[1]}>:"
        if style == 1
        else f"On {prev:%a, %b %d, %Y at %H:%M}, {OWNER[0]} <{OWNER[1]}> wrote:"
    )
    return f"\n{head}\n{quoted}\n{older}\n"


def k_reply(g: World, i: int) -> Made:
    r, p, sent = g.rng, g.party(), g.sent()
    start, end = g.slot(sent)
    topic, (charset, cte) = r.choice(TOPICS), r.choice(JA_ENCODINGS)
    slots = [g.slot(sent) for _ in range(2)] + [(start, end)]
    r.shuffle(slots)
    cands = "\n".join(f"{'①②③'[k]} {g.ja_when(s, e, sent)}" for k, (s, e) in enumerate(slots))
    earlier = (
        f"{p.name.split()[0]}様\n\nお世話になっております。オーナー商事の堀江です。\n{topic}の件、"
        f"以下の候補はいかがでしょうか。\n{cands}\n\nご検討のほどよろしくお願いいたします。"
    )
    new = (
        f"{OWNER[0].split()[0]}様\n\nご調整いただきありがとうございます。\n"
        f"それでは{g.ja_when(start, end, sent)}"
        f"でお願いいたします。\n\n{signature(r, p)}\n"
    )
    status = g.enter(p, topic, start, end)
    subject = "Re: " * r.randrange(1, 4) + f"{topic}のお打合せ日程について"
    return (
        _headers(g, i, p, subject, sent, charset),
        leaf(new + _quoted(g, p, earlier, sent), charset=charset, cte=cte),
        status,
        start,
    )


def k_html(g: World, i: int) -> Made:
    r, p, sent = g.rng, g.party(), g.sent()
    start, end = g.slot(sent)
    topic = r.choice(TOPICS)
    middle = (
        f"{topic}の件、{r.choice(CONFIRM_JA)}\n日時：{g.ja_when(start, end, sent)}\n場所：{r.choice(PLACES)}"
    )
    text = ja_letter(g, p, middle)
    jsonld = (
        ""
        if r.random() < 0.7
        else json.dumps(
            {
                "@context": "http://schema.org",
                "@type": "EventReservation",
                "reservationFor": {
                    "@type": "Event",
                    "name": topic,
                    "startDate": start.isoformat(),
                    "endDate": end.isoformat(),
                },
            },
            ensure_ascii=False,
        )
    )
    html = leaf(html_page(text, jsonld), "text/html", "utf-8", r.choice(["base64", "quoted-printable"]))
    parts = [leaf(text, charset="utf-8", cte="base64"), html] if r.random() < 0.8 else [html]
    status = g.enter(p, topic, start, end)
    return (
        _headers(g, i, p, f"{topic}のご案内", sent, "utf-8"),
        multipart("alternative", parts, f"=_alt_{i:06d}"),
        status,
        start,
    )


def k_invite(g: World, i: int) -> Made:
    r = g.rng
    ja = r.random() < 0.6
    p, sent = g.party(ja), g.sent()
    start, end = g.slot(sent)
    topic = r.choice(TOPICS if ja else EN_TOPICS)
    uid = f"inv-{i}-{r.randrange(1 << 32):08x}@{p.domain}"
    utc = ZoneInfo("UTC")
    when = (
        f"DTSTART:{start.astimezone(utc):%Y%m%dT%H%M%SZ}\r\nDTEND:{end.astimezone(utc):%Y%m%dT%H%M%SZ}"
        if r.random() < 0.5
        else f"DTSTART;TZID=Asia/Tokyo:{start:%Y%m%dT%H%M%S}\r\nDTEND;TZID=Asia/Tokyo:{end:%Y%m%dT%H%M%S}"
    )
    ics = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example Mailer//EN\r\nMETHOD:REQUEST\r\n"
        "BEGIN:VEVENT\r\n"
        f"UID:{uid}\r\nDTSTAMP:{sent.astimezone(utc):%Y%m%dT%H%M%SZ}\r\n{when}\r\nSUMMARY:{topic}\r\n"
        f"ORGANIZER;CN={p.name}:mailto:{p.addr}\r\nATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:{OWNER[1]}\r\n"
        f"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    desc = (
        f"{p.name}さんから会議への招待が届いています。\n\n{topic}\n{g.ja_when(start, end, sent)}\n"
        if ja
        else f"{p.name} has invited you to: {topic}\nWhen: {g.en_when(start, end)}\n"
    )
    cal = leaf(ics, "text/calendar; method=REQUEST", "utf-8", r.choice(["7bit", "base64"]))
    status = g.enter(p, topic, start, end, uid if r.random() < 0.5 else None)
    subject = f"招待: {topic}" if ja else f"Invitation: {topic}"
    body = multipart(
        "mixed",
        [multipart("alternative", [leaf(desc), leaf(html_page(desc), "text/html")], f"=_ia_{i:06d}"), cal],
        f"=_im_{i:06d}",
    )
    return _headers(g, i, p, subject, sent, "utf-8"), body, status, start


def k_candidates(g: World, i: int) -> Made:
    r, p, sent = g.rng, g.party(), g.sent()
    charset, cte = r.choice(JA_ENCODINGS)
    cands = "\n".join(f"{'①②③④'[k]} {g.ja_when(*g.slot(sent), sent)}" for k in range(r.randrange(2, 5)))
    middle = (
        f"{r.choice(TOPICS)}の件でお時間をいただきたく、以下の候補からご都合のよい日時を"
        f"お知らせいただけますでしょうか。\n\n{cands}\n\n上記以外でも調整いたします。"
    )
    return (
        _headers(g, i, p, "お打合せ日程のご相談", sent, charset),
        leaf(ja_letter(g, p, middle), charset=charset, cte=cte),
        "none",
        None,
    )


def k_newsletter(g: World, i: int) -> Made:
    r, p, sent = g.rng, g.party(), g.sent()
    items = []
    for _ in range(r.randrange(5, 16)):
        s, e = g.slot(sent)
        items.append(
            f"【{r.choice(TOPICS)}セミナー】{g.ja_when(s, e, sent)} 定員{r.randrange(20, 200)}名 "
            f"参加費無料 https://news.{p.domain}/seminar/{r.randrange(10**6):06d}"
        )
    text = (
        f"{p.company} ニュースレター 第{r.randrange(1, 300)}号\n\n"
        + "\n\n".join(items)
        + "\n\n配信停止はこちら: https://news.example.net/unsubscribe\n"
        + signature(r, p)
    )
    extra = (
        f"List-Unsubscribe: <https://news.{p.domain}/u/{i}>",
        f"List-Id: <news.{p.domain}>",
        "Precedence: bulk",
    )
    parts = [
        leaf(text, charset="utf-8", cte="quoted-printable"),
        leaf(html_page(text * 2), "text/html", cte="base64"),
    ]
    return (
        _headers(g, i, p, f"【{p.company}】セミナーのご案内", sent, "utf-8", extra),
        multipart("alternative", parts, f"=_nl_{i:06d}"),
        "none",
        None,
    )


def k_invoice(g: World, i: int) -> Made:
    r, p, sent = g.rng, g.party(), g.sent()
    due = sent + timedelta(days=r.randrange(20, 45))
    charset, cte = r.choice(JA_ENCODINGS)
    middle = (
        f"{sent.month}月分のご請求書を発行いたしました。\n\n請求番号：INV-{sent:%Y%m}-{r.randrange(10**5):05d}\n"
        f"ご請求金額：{r.randrange(10**4, 10**7):,}円（税込）\nお支払期限：{due:%Y年%m月%d日}\n"
        f"振込先：みらい銀行 本店営業部 普通 {r.randrange(10**7):07d}"
    )
    body = leaf(ja_letter(g, p, middle), charset=charset, cte=cte)
    if r.random() < 0.4:
        body = multipart(
            "mixed",
            [
                body,
                attachment(r.randbytes(r.randrange(20_000, 80_000)), "application/pdf", f"invoice-{i}.pdf"),
            ],
            f"=_inv_{i:06d}",
        )
    return _headers(g, i, p, "ご請求書送付のお知らせ", sent, charset), body, "none", None


def k_auto(g: World, i: int) -> Made:
    r, p, sent = g.rng, g.party(r_ja := g.rng.random() < 0.7), g.sent()
    text = (
        "誠に勝手ながら、12月27日（日）から1月4日（月）まで冬季休業とさせていただきます。\n"
        "1月5日（火）9:00より順次対応いたします。\n"
        if r_ja
        else "I am out of the office until Monday, January 4 with limited access to email.\n"
    )
    return (
        _headers(
            g,
            i,
            p,
            "自動応答: 休業のお知らせ" if r_ja else "Automatic reply: Out of office",
            sent,
            "utf-8",
            ("Auto-Submitted: auto-replied", "X-Autoreply: yes"),
        ),
        leaf(text, cte=r.choice(["8bit", "base64"])),
        "none",
        None,
    )


def k_misc(g: World, i: int) -> Made:
    r, p, sent = g.rng, g.party(), g.sent()
    charset, cte = r.choice(JA_ENCODINGS)
    middle = (
        f"ご依頼の資料（型番 ABC-{r.randrange(10**4):04d}-{r.randrange(10**6):06d}）をお送りいたします。\n"
        f"ご不明点は担当携帯 090-{r.randrange(10**4):04d}-{r.randrange(10**4):04d} までご連絡ください。"
    )
    headers, entity = (
        _headers(g, i, p, "資料送付の件", sent, charset),
        leaf(ja_letter(g, p, middle), charset=charset, cte=cte),
    )
    if r.random() < 0.05:  # a mailer that lies about its charset
        entity = (
            ['Content-Type: text/plain; charset="iso-2022-jp"', "Content-Transfer-Encoding: 8bit"],
            ja_letter(g, p, middle).encode(),
        )
    if r.random() < 0.05:
        headers = [h for h in headers if not h.startswith("Date:")]
    return headers, entity, "none", None


KINDS: list[tuple[Callable[[World, int], Made], int]] = [
    (k_confirm_ja, 28),
    (k_reply, 12),
    (k_html, 10),
    (k_invite, 7),
    (k_confirm_en, 7),
    (k_candidates, 8),
    (k_newsletter, 10),
    (k_invoice, 6),
    (k_auto, 4),
    (k_misc, 8),
]


def generate(n: int = 10_000, seed: int = 1, now: datetime = NOW) -> Corpus:
    """``n`` messages and their calendar, the same bytes for the same ``seed``."""
    g = World(random.Random(seed), now)  # noqa: S311 - reproducible, not secret
    corpus = Corpus(now=now)
    funcs, weights = zip(*KINDS, strict=True)
    for i in range(n):
        kind = g.rng.choices(funcs, weights)[0]
        headers, entity, expected, start = kind(g, i)
        name = f"{1_760_000_000 + i}.M{i}P1.bench:2,S"
        corpus.messages.append((name, message(headers, entity, crlf=g.rng.random() < 0.3)))
        mid = next((h.partition(" ")[2] for h in headers if h.startswith("Message-ID:")), "")
        corpus.labels.append(
            {
                "file": name,
                "kind": kind.__name__[2:],
                "message_id": mid,
                "expected": expected,
                "start": start.isoformat() if start else None,
            }
        )
    g.background_events(max(20, n // 50))
    corpus.ics = g.ics()
    return corpus


def write(corpus: Corpus, out: Path) -> tuple[Path, Path]:
    """Write ``out/Maildir`` and ``out/calendar.ics`` (and labels.json); returns both paths."""
    maildir = out / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True, exist_ok=True)
    for name, data in corpus.messages:
        (maildir / "cur" / name).write_bytes(data)
    ics = out / "calendar.ics"
    ics.write_bytes(corpus.ics)
    (out / "labels.json").write_text(
        json.dumps({"now": corpus.now.isoformat(), "cases": corpus.labels}, ensure_ascii=False, indent=1)
    )
    return maildir, ics


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    corpus = generate(args.messages, args.seed)
    maildir, ics = write(corpus, args.out)
    size = sum(len(d) for _, d in corpus.messages)
    print(f"{len(corpus.messages)} messages ({size / 1e6:.1f} MB) in {maildir}, calendar {ics}")


if __name__ == "__main__":
    main()
