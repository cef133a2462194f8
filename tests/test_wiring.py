"""The configuration reaches every part that needs it, alike for `calcheck audit` and `calcheck run`."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from calcheck.calendars import calendar_from_config
from calcheck.config import parse_config

TZ = ZoneInfo("Asia/Tokyo")
DATA = Path(__file__).parent / "data"
DECLINED = DATA / "ics" / "declined-mixed-case.ics"


def test_a_calendar_from_the_configuration_leaves_out_what_the_owner_declined() -> None:
    with_owner = parse_config('[owner]\nemail = "owner@example.jp"\n')
    window = (datetime(2026, 11, 30, tzinfo=UTC), datetime(2026, 12, 2, tzinfo=UTC))
    events = calendar_from_config(f"ics:{DECLINED}", with_owner, TZ).events(*window)
    assert [e.id for e in events] == ["others-declined@calcheck.test"]
    assert len(calendar_from_config(f"ics:{DECLINED}", parse_config(""), TZ).events(*window)) == 2


def test_the_daemon_runtime_opens_the_calendar_without_importing_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "Maildir" / "cur").mkdir(parents=True)
    config = tmp_path / "config.toml"
    config.write_text(textwrap.dedent(f"""\
        [owner]
        email = "owner@example.jp"
        [mail]
        source = "maildir:{tmp_path / 'Maildir'}"
        [calendar]
        source = "ics:{DECLINED}"
        """))
    script = textwrap.dedent(f"""\
        import sys
        from pathlib import Path
        from calcheck.config import load_config
        from calcheck.readstate import MemoryReadState
        from calcheck.runtime import build_runtime
        rt = build_runtime(load_config(Path({str(config)!r})), MemoryReadState())
        print(type(rt.calendar).__name__, rt.calendar.owner, "calcheck.cli" in sys.modules)
        """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                         timeout=60)
    assert out.stdout.split() == ["IcsFileCalendar", "owner@example.jp", "False"]
