"""A private Radicale CalDAV server on loopback, for tests.

Usage::

    with radicale_server() as server:       # starts in ~0.3 s
        server.make_calendar("work", "仕事")
        server.put("work", "meeting.ics", ics_bytes)
        ... server.url, server.user, server.password

htpasswd plain auth (one user) and ``--auth-delay 0``: Radicale's default one-second delay after
every 401 would cost a second per new client, because the caldav library's first request goes
out without credentials (TEST_SERVERS.md section 4). Storage lives in a temp dir; the process
group is killed on exit.
"""

from __future__ import annotations

import base64
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

START_TIMEOUT = 15.0


@dataclass
class RadicaleServer:
    port: int
    user: str
    password: str

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def _request(self, method: str, path: str, body: bytes = b"", content_type: str = "") -> int:
        token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
        headers = {"Authorization": f"Basic {token}"}
        if content_type:
            headers["Content-Type"] = content_type
        request = urllib.request.Request(self.url + path.lstrip("/"), data=body or None,  # noqa: S310
                                         method=method, headers=headers)
        with urllib.request.urlopen(request, timeout=10) as resp:  # noqa: S310 - our own loopback server
            return int(resp.status)

    def make_calendar(self, cal_id: str, name: str) -> None:
        """MKCALENDAR /user/cal_id/ with a display name."""
        body = (
            '<?xml version="1.0" encoding="utf-8"?>'
            '<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop>'
            f"<D:displayname>{name}</D:displayname>"
            "</D:prop></D:set></C:mkcalendar>"
        ).encode()
        self._request("MKCALENDAR", f"{self.user}/{cal_id}/", body, "application/xml; charset=utf-8")

    def put(self, cal_id: str, name: str, ics: bytes) -> None:
        """Store one calendar object (a whole VCALENDAR with one UID)."""
        self._request("PUT", f"{self.user}/{cal_id}/{name}", ics, "text/calendar; charset=utf-8")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_ready(url: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"radicale exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1):  # noqa: S310 - our own loopback server
                return
        except urllib.error.HTTPError:
            return  # any HTTP answer means it is serving
        except OSError:
            time.sleep(0.02)  # not listening yet: poll again, bounded by the deadline
    raise RuntimeError(f"radicale did not start within {START_TIMEOUT:.0f} s")


@contextmanager
def radicale_server(user: str = "alice", password: str = "secret") -> Iterator[RadicaleServer]:  # noqa: S107
    """Run Radicale on a free loopback port for the duration of the block."""
    with tempfile.TemporaryDirectory(prefix="calcheck-radicale-") as tmp:
        users = Path(tmp) / "users"
        users.write_text(f"{user}:{password}\n")
        port = _free_port()
        cmd = [sys.executable, "-m", "radicale", "--config", "",
               "--server-hosts", f"127.0.0.1:{port}",
               "--storage-filesystem-folder", str(Path(tmp) / "collections"),
               "--auth-type", "htpasswd", "--auth-htpasswd-filename", str(users),
               "--auth-htpasswd-encryption", "plain", "--auth-delay", "0",
               "--logging-level", "warning"]
        log = (Path(tmp) / "radicale.log").open("wb")
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True)
        try:
            server = RadicaleServer(port, user, password)
            _wait_ready(server.url, proc)
            yield server
        finally:
            with suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
            log.close()
