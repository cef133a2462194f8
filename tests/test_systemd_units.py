"""The shipped systemd units are valid (systemd-analyze verify) and keep the promised settings."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
UNITS = {"user": ROOT / "systemd" / "user" / "calcheck.service",
         "system": ROOT / "systemd" / "system" / "calcheck.service"}
DOCUMENTED_EXEC = {"user": "%h/.local/bin/calcheck", "system": "/usr/local/bin/calcheck"}
CALCHECK = Path(sys.executable).parent / "calcheck"


def settings(path: Path) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for line in path.read_text().splitlines():
        if "=" in line and not line.lstrip().startswith(("#", "[")):
            key, _, value = line.partition("=")
            values.setdefault(key.strip(), []).append(value.strip())
    return values


@pytest.mark.parametrize("kind", ["user", "system"])
def test_unit_keeps_the_promised_settings(kind: str) -> None:
    s = settings(UNITS[kind])
    for key, value in {"Type": "notify", "NotifyAccess": "main", "Restart": "on-failure",
                       "ProtectSystem": "strict", "NoNewPrivileges": "yes", "PrivateTmp": "yes",
                       "StateDirectory": "calcheck", "ExecReload": "/bin/kill -HUP $MAINPID"}.items():
        assert s.get(key) == [value], key
    assert s["WatchdogSec"]
    assert s["ExecStart"][0].startswith(DOCUMENTED_EXEC[kind])
    assert s["ExecStart"][0].endswith(" run")
    if kind == "system":
        assert s["ProtectHome"] == ["read-only"]
        assert s["User"] == ["calcheck"]
        assert s["ConfigurationDirectory"] == ["calcheck"]


@pytest.mark.parametrize("kind", ["user", "system"])
def test_systemd_analyze_verify_accepts_the_unit(kind: str, tmp_path: Path) -> None:
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze not installed (apt-get install systemd)")
    # verify needs ExecStart to exist: point it at this venv's calcheck, same unit name.
    unit = tmp_path / "calcheck.service"
    unit.write_text(UNITS[kind].read_text().replace(DOCUMENTED_EXEC[kind], str(CALCHECK)))
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    args = ["systemd-analyze", *(["--user"] if kind == "user" else []), "verify", "--man=no", str(unit)]
    out = subprocess.run(args, capture_output=True, text=True, timeout=60, check=False,
                         env={**os.environ, "XDG_RUNTIME_DIR": str(runtime)})
    # verify exits 0 on many mistakes (an unknown Type= is "ignoring"); any remark about our file fails.
    remarks = [line for line in (out.stdout + out.stderr).splitlines() if str(unit) in line]
    assert out.returncode == 0, out.stderr
    assert remarks == []
