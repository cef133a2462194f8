"""The labelled corpus audited through IMAP (Dovecot) gives exactly the findings of a Maildir."""

from __future__ import annotations

import json
import mailbox
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from calcheck.audit import run_audit
from calcheck.calendars.ics import IcsFileCalendar
from calcheck.sources.imap import ImapAccount, ImapSource
from calcheck.sources.local import MaildirSource
from servers.dovecot import DovecotServer, dovecot_unavailable

PW_ENV = "CALCHECK_TEST_IMAP_PW"
CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


@pytest.mark.skipif(not (CORPUS / "messages").is_dir(), reason=f"{CORPUS} is absent")
@pytest.mark.skipif(dovecot_unavailable() is not None, reason=str(dovecot_unavailable()))
def test_corpus_findings_are_the_same_through_imap_and_maildir(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scenario = json.loads((CORPUS / "scenario.json").read_text(encoding="utf-8"))
    tz = ZoneInfo(scenario["timezone"])
    now = datetime.fromisoformat(scenario["now"]).astimezone(tz)
    since = now - timedelta(days=30)
    raws = [f.read_bytes() for f in sorted((CORPUS / "messages").glob("*.eml"))]
    box = mailbox.Maildir(str(tmp_path / "Maildir"), create=True)
    for data in raws:
        box.add(mailbox.MaildirMessage(data))
    box.close()
    calendar = IcsFileCalendar(CORPUS / "calendar.ics", tz)
    with DovecotServer() as server:
        server.append_many("INBOX", raws)
        monkeypatch.setenv(PW_ENV, server.password)
        acct = ImapAccount(name="corpus", host=server.host, port=server.port, tls="plain",
                           allow_insecure=True, username=server.user, password_env=PW_ENV)
        through_imap = run_audit(ImapSource([acct]), calendar, now, tz, since)
    local = run_audit(MaildirSource(tmp_path / "Maildir"), calendar, now, tz, since)
    assert through_imap.messages == local.messages == len(raws)
    assert through_imap.findings, "the corpus confirms appointments: an empty audit means nothing was read"

    def key(findings: list) -> list[str]:  # type: ignore[type-arg]
        return sorted(json.dumps(f.to_json(), ensure_ascii=False, sort_keys=True) for f in findings)

    assert key(through_imap.findings) == key(local.findings)
