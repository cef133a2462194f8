"""Secrets (passwords, app passwords) from a command or an environment variable, never the config.

``password_cmd`` is split with :func:`shlex.split` and run without a shell, with a timeout; its
standard output minus the trailing newline is the secret (``pass show mail/work``,
``secret-tool lookup ...``, ``cat ~/.config/calcheck/work.pw``). Neither the value nor the command's
output ever reaches a log line or an error message: only the command's name, its exit status and
the first line of its standard error, which is what the user needs to fix it.
"""

from __future__ import annotations

import logging
import os
import shlex
import subprocess
from dataclasses import dataclass

from calcheck.errors import AuthError, ConfigError

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 30.0
"""Long enough for a GPG agent to ask for its passphrase, short enough not to hang a daemon."""


@dataclass(frozen=True)
class SecretSpec:
    """Where a secret comes from: exactly one of ``password_cmd`` and ``password_env``."""

    password_cmd: str = ""
    password_env: str = ""


def resolve_secret(spec: SecretSpec, where: str, timeout: float = DEFAULT_TIMEOUT) -> str:
    """The secret ``spec`` points to; ``where`` names its owner in errors (``[imap.work]``).

    Raises ConfigError when nothing (or both) is configured, AuthError when the command or the
    variable does not give a secret.
    """
    if spec.password_cmd and spec.password_env:
        raise ConfigError(f"{where}: set password_cmd or password_env, not both")
    if spec.password_cmd:
        return run_password_cmd(spec.password_cmd, where, timeout)
    if spec.password_env:
        return from_env(spec.password_env, where)
    raise ConfigError(f"{where}: no password configured — set password_cmd (a command printing the "
                      "password) or password_env (an environment variable holding it)")


def from_env(name: str, where: str) -> str:
    """The value of environment variable ``name``; AuthError when unset or empty."""
    value = os.environ.get(name, "")
    if not value:
        raise AuthError(f"{where}: environment variable {name} is not set or empty — "
                        "export it where calcheck runs (for systemd: Environment= or EnvironmentFile=)")
    return value


def run_password_cmd(command: str, where: str, timeout: float = DEFAULT_TIMEOUT) -> str:
    """Run ``command`` (no shell) and return its output without the trailing newline."""
    try:
        argv = shlex.split(command)
    except ValueError as exc:
        raise ConfigError(f"{where}: password_cmd cannot be parsed ({exc}) — check its quoting") from None
    if not argv:
        raise ConfigError(f"{where}: password_cmd is empty")
    name = argv[0]
    log.debug("%s: running password_cmd %s", where, name)
    try:
        done = subprocess.run(argv, capture_output=True, timeout=timeout, check=False,  # noqa: S603
                              stdin=subprocess.DEVNULL)
    except FileNotFoundError:
        raise AuthError(f"{where}: password_cmd: command {name!r} not found — check the path") from None
    except PermissionError:
        raise AuthError(f"{where}: password_cmd: command {name!r} is not executable") from None
    except subprocess.TimeoutExpired:
        raise AuthError(f"{where}: password_cmd {name!r} did not finish within {timeout:g} s — "
                        "does it wait for input (a locked keyring, a passphrase prompt)?") from None
    except OSError as exc:
        raise AuthError(f"{where}: password_cmd {name!r} cannot run ({exc.strerror or exc})") from None
    if done.returncode != 0:
        first = done.stderr.decode("utf-8", "replace").strip().splitlines()[:1]
        detail = f": {first[0][:200]}" if first else ""
        raise AuthError(f"{where}: password_cmd {name!r} failed with exit status {done.returncode}{detail}")
    out = done.stdout.decode("utf-8", "replace")
    # Strip only the line ending a command prints after the secret: other whitespace may belong to it.
    if out.endswith("\r\n"):
        out = out[:-2]
    elif out.endswith("\n"):
        out = out[:-1]
    if not out:
        raise AuthError(f"{where}: password_cmd {name!r} printed nothing")
    return out
