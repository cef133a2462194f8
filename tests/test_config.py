"""The configuration file: typed values, every problem named with its location, no secrets."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from calcheck.config import (
    Config,
    ImapAccount,
    default_path,
    load_config,
    parse_config,
)
from calcheck.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "config.example.toml"


def problems_of(text: str) -> str:
    with pytest.raises(ConfigError) as info:
        parse_config(text, "config.toml")
    return str(info.value)


def test_empty_file_gives_the_documented_defaults() -> None:
    config = parse_config("")
    assert config.timezone == "Asia/Tokyo"
    assert config.since_days == 30
    assert config.mail.source is None
    assert config.mail.max_message_bytes == 10 * 1024 * 1024
    assert config.alerts.language == "ja"
    assert config.daemon.recheck_minutes == 30
    assert dict(config.imap) == {}


def test_wrong_type_names_file_table_key_and_value() -> None:
    message = problems_of('[imap.work]\nhost = "imap.example.jp"\nport = "abc"\n')
    assert message == 'config.toml: [imap.work] port: expected an integer, got "abc"'


def test_unknown_key_names_the_table_and_points_to_the_example() -> None:
    message = problems_of('[smtp]\nhostt = "smtp.example.jp"\nto = ["a@example.jp"]\n')
    assert "unknown key [smtp] hostt" in message
    assert "did you mean host?" in message
    assert "see config.example.toml" in message


def test_unknown_table_and_top_level_key_are_errors() -> None:
    message = problems_of('timezon = "Asia/Tokyo"\n[smpt]\nhost = "x"\n')
    assert "unknown top-level key timezon (did you mean timezone?)" in message
    assert "unknown table [smpt]" in message


def test_every_problem_is_reported_at_once() -> None:
    message = problems_of(
        'since_days = "thirty"\n'
        '[alerts]\nlanguage = "fr"\n'
        '[imap.work]\nhost = "h"\ntls = "ssl"\nidle = "yes"\n'
    )
    assert message.startswith("config.toml has 4 problems:")
    assert 'since_days: expected an integer, got "thirty"' in message
    assert '[alerts] language: expected one of "ja", "en", got "fr"' in message
    assert '[imap.work] tls: expected one of "imaps", "starttls", "plain", got "ssl"' in message
    assert '[imap.work] idle: expected true or false, got "yes"' in message


@pytest.mark.parametrize("table", ['[imap.work]\nhost = "h"', '[smtp]\nhost = "h"\nto = ["a@b"]', "[caldav]"])
def test_a_password_in_the_file_is_refused_with_the_alternatives(table: str) -> None:
    message = problems_of(f'{table}\npassword = "hunter2"\n')
    assert "password: a password must not be written in the configuration file" in message
    assert "password_cmd" in message
    assert "password_env" in message
    assert "hunter2" not in message  # the secret itself is never echoed


def test_unknown_time_zone_is_an_error() -> None:
    message = problems_of('timezone = "Asia/Tokio"\n')
    assert message.startswith('config.toml: timezone: unknown time zone "Asia/Tokio"')


@pytest.mark.parametrize(("text", "fragment"), [
    ('[mail]\nsource = "pop3:x"',
     '[mail] source: expected "imap", "maildir:PATH" or "mbox:PATH", got "pop3:x"'),
    ('[mail]\nsource = "maildir:"', "[mail] source: expected"),
    ('[mail]\nsource = "imap"', '[mail] source: "imap" needs at least one [imap.NAME] table'),
    ('[calendar]\nsource = "outlook"', '[calendar] source: expected "ics:PATH"'),
    ('[calendar]\nsource = "caldav:dav.example.jp"', "[calendar] source: expected"),
])
def test_source_specs_are_checked(text: str, fragment: str) -> None:
    assert fragment in problems_of(text)


def test_bool_is_not_accepted_as_an_integer() -> None:
    assert "port: expected an integer, got true" in problems_of('[imap.a]\nhost = "h"\nport = true\n')


def test_plain_tls_needs_allow_insecure() -> None:
    assert '[imap.a] tls: "plain" sends the password unencrypted' in problems_of(
        '[imap.a]\nhost = "h"\ntls = "plain"\n')
    config = parse_config('[imap.a]\nhost = "127.0.0.1"\ntls = "plain"\nallow_insecure = true\n')
    assert config.imap["a"].port == 143


def test_ports_default_by_tls_mode() -> None:
    config = parse_config('[imap.a]\nhost = "h"\n[imap.b]\nhost = "h"\ntls = "starttls"\n'
                          '[smtp]\nhost = "s"\ntls = "smtps"\nto = ["x@example.jp"]\n')
    assert config.imap["a"] == ImapAccount(name="a", host="h", port=993)
    assert config.imap["b"].port == 143
    assert config.smtp.port == 465


def test_both_password_sources_at_once_is_an_error() -> None:
    assert "[caldav] password_cmd and password_env are both set" in problems_of(
        '[caldav]\npassword_cmd = "pass x"\npassword_env = "X"\n')


def test_invalid_toml_names_the_file_and_line() -> None:
    message = problems_of('[mail]\nsource = maildir:/x\n')
    assert message.startswith("config.toml: not valid TOML:")
    assert "line 2" in message


def test_config_is_frozen() -> None:
    config = parse_config("")
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.timezone = "UTC"  # type: ignore[misc]


def test_missing_default_file_gives_defaults(tmp_path: Path) -> None:
    env = {"XDG_CONFIG_HOME": str(tmp_path)}
    assert default_path(env) == tmp_path / "calcheck" / "config.toml"
    assert load_config(None, env) == Config()


def test_default_file_is_read_from_xdg_config_home(tmp_path: Path) -> None:
    (tmp_path / "calcheck").mkdir()
    (tmp_path / "calcheck" / "config.toml").write_text('since_days = 7\n', encoding="utf-8")
    assert load_config(None, {"XDG_CONFIG_HOME": str(tmp_path)}).since_days == 7


def test_missing_explicit_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"--config .*nope\.toml: no such file"):
        load_config(tmp_path / "nope.toml")


def test_the_example_file_loads_without_problems() -> None:
    config = load_config(EXAMPLE)
    assert config.path == EXAMPLE
    assert config.imap["work"].host == "imap.example.jp"
    assert config.smtp.from_addr.endswith("<morio@example.jp>")


def _schema_keys() -> set[tuple[str, str]]:
    keys = {("", "timezone"), ("", "since_days")}
    sections = {f.name: f.default for f in dataclasses.fields(Config)
                if dataclasses.is_dataclass(f.default)}
    sections["imap.work"] = ImapAccount()
    for section, instance in sections.items():
        for f in dataclasses.fields(instance):  # type: ignore[arg-type]
            if not f.metadata.get("internal"):
                keys.add((section, f.metadata.get("key", f.name)))
    return keys


def test_the_example_documents_every_key() -> None:
    """Each key appears in its table, set or commented out (``# key = ...``)."""
    text = EXAMPLE.read_text(encoding="utf-8")
    documented: set[tuple[str, str]] = set()
    section = ""
    for line in text.splitlines():
        if m := re.match(r"^\[([\w.]+)\]", line):
            section = m[1]
        elif m := re.match(r"^#?\s?(\w+) = ", line):
            documented.add((section, m[1]))
    missing = _schema_keys() - documented
    assert not missing, f"keys not documented in config.example.toml: {sorted(missing)}"
