"""The standalone IMAP reading state: XDG location, private file, survives damage by starting over."""

from __future__ import annotations

from pathlib import Path

import pytest

from calcheck.readstate import SEEN_LIMIT, FolderState, JsonReadState, default_state_dir


def test_default_location_follows_xdg_state_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    assert default_state_dir() == tmp_path / "calcheck"
    monkeypatch.delenv("XDG_STATE_HOME")
    assert default_state_dir() == Path.home() / ".local" / "state" / "calcheck"


def test_state_round_trips_through_a_private_file(tmp_path: Path) -> None:
    path = tmp_path / "calcheck" / "imap-state.json"
    JsonReadState(path).set("work", "INBOX", FolderState(7, 42, ("<a@x>",)))
    assert JsonReadState(path).get("work", "INBOX") == FolderState(7, 42, ("<a@x>",))
    assert JsonReadState(path).get("work", "Sent") is None
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700
    assert [p.name for p in path.parent.iterdir()] == ["imap-state.json"]  # no temp file left


def test_damaged_file_means_reading_from_the_start(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "imap-state.json"
    path.write_text('{"accounts": {"work": {"INBOX": {"uidvalidity": 7', encoding="utf-8")
    assert JsonReadState(path).get("work", "INBOX") is None
    assert "damaged" in caplog.text


def test_seen_keeps_only_the_newest_keys() -> None:
    state = FolderState(1, 1, tuple(f"<{n}@x>" for n in range(SEEN_LIMIT)))
    grown = state.with_seen(["<new@x>", "<0@x>"])
    assert len(grown.seen) == SEEN_LIMIT
    assert grown.seen[-2:] == ("<new@x>", "<0@x>")
    assert "<1@x>" not in grown.seen
