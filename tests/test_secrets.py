"""Secrets come from a command (no shell) or an environment variable, and never leak into errors."""

# ruff: noqa: S106  - password_cmd/password_env values here are commands and variable names
from __future__ import annotations

import logging
import sys

import pytest

from calcheck.errors import AuthError, ConfigError
from calcheck.secrets import SecretSpec, resolve_secret, run_password_cmd

PY = sys.executable


def test_password_cmd_output_without_trailing_newline() -> None:
    cmd = f"{PY} -c \"print('s3cret pass ')\""
    assert run_password_cmd(cmd, "[imap.work]") == "s3cret pass "


def test_password_cmd_runs_without_a_shell() -> None:
    # With a shell, `;` would start a second command; here it is just an argument.
    cmd = f"{PY} -c \"import sys; print(sys.argv[1])\" 'a;echo b'"
    assert run_password_cmd(cmd, "[imap.work]") == "a;echo b"


def test_failing_password_cmd_names_the_command_not_the_output(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    script = "import sys; print('leaked-secret'); print('no such entry', file=sys.stderr); sys.exit(3)"
    cmd = f"{PY} -c \"{script}\""
    with pytest.raises(AuthError) as err:
        run_password_cmd(cmd, "[imap.work]")
    text = str(err.value)
    assert "[imap.work]" in text
    assert "exit status 3" in text
    assert "no such entry" in text
    assert "leaked-secret" not in text
    assert "leaked-secret" not in caplog.text


def test_missing_command_is_a_clear_auth_error() -> None:
    with pytest.raises(AuthError, match="not found"):
        run_password_cmd("/nonexistent/pass show mail", "[imap.work]")


def test_hanging_command_times_out() -> None:
    with pytest.raises(AuthError, match="did not finish"):
        run_password_cmd(f"{PY} -c \"import time; time.sleep(30)\"", "[imap.work]", timeout=0.5)


def test_empty_output_is_refused() -> None:
    with pytest.raises(AuthError, match="printed nothing"):
        run_password_cmd(f"{PY} -c \"print()\"", "[imap.work]")


def test_unbalanced_quotes_are_a_config_error() -> None:
    with pytest.raises(ConfigError, match="quoting"):
        run_password_cmd("pass show 'mail", "[imap.work]")


def test_secret_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALCHECK_TEST_PW", "from-env")
    assert resolve_secret(SecretSpec(password_env="CALCHECK_TEST_PW"), "[imap.work]") == "from-env"


def test_unset_environment_variable_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CALCHECK_TEST_PW", raising=False)
    with pytest.raises(AuthError, match="CALCHECK_TEST_PW is not set"):
        resolve_secret(SecretSpec(password_env="CALCHECK_TEST_PW"), "[imap.work]")


def test_no_secret_configured_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="no password configured"):
        resolve_secret(SecretSpec(), "[imap.work]")


def test_both_sources_configured_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="not both"):
        resolve_secret(SecretSpec(password_cmd="true", password_env="X"), "[imap.work]")
