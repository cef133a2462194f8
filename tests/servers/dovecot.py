"""A private Dovecot IMAP server on loopback, for tests and benchmarks.

Usage::

    with DovecotServer() as server:          # starts in ~50 ms
        uid = server.append("INBOX", raw_bytes)
        ...  server.port, server.ssl_port, server.ca_file, server.user, server.password
        server.kill(); server.start()        # crash and restart, mail kept

Everything lives in one short temp dir under /tmp (Dovecot's unix socket paths must stay short),
nothing is written outside it, and the process group is SIGKILLed on exit, so a failed test leaves no
server behind. Works as root (mail owned by nobody) and as an ordinary user (extra settings below),
following /work/shared/TEST_SERVERS.md section 1. Call :func:`dovecot_unavailable` first: it gives
the reason to skip when Dovecot is not installed.
"""

from __future__ import annotations

import contextlib
import grp
import os
import pwd
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Iterable
from datetime import datetime
from email.parser import BytesHeaderParser
from email.utils import parsedate_to_datetime
from pathlib import Path
from types import TracebackType

from imapclient import IMAPClient

from servers.certs import self_signed

DOVECOT = "/usr/sbin/dovecot"
DOVEADM = "/usr/bin/doveadm"
START_TIMEOUT = 5.0


def dovecot_unavailable() -> str | None:
    """Why a private Dovecot cannot run here, or None when it can."""
    for binary in (DOVECOT, DOVEADM):
        if not os.access(binary, os.X_OK):
            return (f"{binary} not found: install dovecot-imapd "
                    "(apt-get install -y --no-install-recommends dovecot-imapd, needs root)")
    if shutil.which("openssl") is None:
        return "openssl not found (needed for the test certificate)"
    return None


def _header_date(data: bytes) -> datetime | None:
    head = data.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    msg = BytesHeaderParser().parsebytes(head + b"\r\n\r\n")
    try:
        return parsedate_to_datetime(str(msg["Date"])) if msg["Date"] else None
    except (TypeError, ValueError):
        return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class DovecotServer:
    """One Dovecot instance with one user, a plain port (STARTTLS offered) and an IMAPS port.

    ``capabilities`` overrides the advertised CAPABILITY list (e.g. without IDLE, to test
    polling); ``ssl=False`` turns TLS off entirely.
    """

    host = "127.0.0.1"

    def __init__(self, user: str = "alice", password: str = "secret", *, ssl: bool = True,  # noqa: S107
                 capabilities: str | None = None) -> None:
        self.user = user
        self.password = password
        self.ssl = ssl
        self.capabilities = capabilities
        self.dir = Path(tempfile.mkdtemp(prefix="dv-", dir="/tmp"))
        self.port = free_port()
        self.ssl_port = free_port()
        self.conf = self.dir / "dovecot.conf"
        self.ca_file = self.dir / "cert.pem"
        self.log_file = self.dir / "dovecot.log"
        self._proc: subprocess.Popen[bytes] | None = None
        try:
            self._prepare()
        except BaseException:
            shutil.rmtree(self.dir, ignore_errors=True)
            raise

    # -- lifecycle -------------------------------------------------------------------------

    def __enter__(self) -> DovecotServer:
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def start(self) -> None:
        """Start the server (again) and return once it greets; mail from earlier runs is kept."""
        if self._proc is not None and self._proc.poll() is None:
            return
        self._proc = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(self.conf)], start_new_session=True,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            self._wait_ready()
        except BaseException:
            self.kill()
            raise

    def stop(self) -> None:
        """Graceful stop (SIGTERM to the master, about 1 s); use :meth:`kill` in fast tests."""
        proc = self._proc
        if proc is None:
            return
        if proc.poll() is None:
            proc.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=5)
        self.kill()

    def pause(self) -> None:
        """SIGSTOP every server process: connections stay open but go silent (a dead NAT path)."""
        if self._proc is not None:
            os.killpg(self._proc.pid, signal.SIGSTOP)

    def resume(self) -> None:
        if self._proc is not None:
            os.killpg(self._proc.pid, signal.SIGCONT)

    def kill(self) -> None:
        """SIGKILL the whole process group: the server vanishes mid-conversation, like a crash."""
        proc = self._proc
        if proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)
        self._proc = None

    def close(self) -> None:
        """Kill the server and remove its directory."""
        try:
            self.kill()
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    # -- mail ------------------------------------------------------------------------------

    def client(self) -> IMAPClient:
        """A logged-in plain-text client (caller logs out; ``with server.client() as c``)."""
        client = IMAPClient(self.host, self.port, ssl=False, timeout=5)
        client.login(self.user, self.password)
        return client

    def append(self, folder: str, data: bytes, flags: Iterable[str] = (),
               msg_time: datetime | None = None) -> int:
        """APPEND ``data`` to ``folder`` (created if needed); returns its UID.

        The internal date is ``msg_time``, else the message's own Date header (as a delivery
        around that time would have set it), else now.
        """
        with self.client() as c:
            return self._append(c, folder, data, tuple(flags), msg_time)

    def append_many(self, folder: str, messages: Iterable[bytes]) -> list[int]:
        """APPEND several messages over one connection (internal dates from their Date headers)."""
        with self.client() as c:
            return [self._append(c, folder, data, (), None) for data in messages]

    @staticmethod
    def _append(c: IMAPClient, folder: str, data: bytes, flags: tuple[str, ...],
                msg_time: datetime | None) -> int:
        if msg_time is None:
            msg_time = _header_date(data)
        if not c.folder_exists(folder):
            c.create_folder(folder)
        resp = c.append(folder, data, flags=flags, msg_time=msg_time)
        # b"[APPENDUID <uidvalidity> <uid>] Append completed."
        text = resp.decode() if isinstance(resp, bytes) else str(resp)
        return int(text.split("]")[0].split()[-1])

    def deliver(self, data: bytes, folder: str = "INBOX") -> None:
        """Inject a message the way a local delivery would (``doveadm save``)."""
        self._doveadm(["save", "-u", self.user, "-m", folder], data)

    def set_uidvalidity(self, folder: str, value: int) -> None:
        """Force a new UIDVALIDITY, as after a server-side mailbox rebuild."""
        self._doveadm(["mailbox", "update", "-u", self.user, "--uid-validity", str(value), folder])

    def uidvalidity(self, folder: str = "INBOX") -> int:
        with self.client() as c:
            return int(c.folder_status(folder, [b"UIDVALIDITY"])[b"UIDVALIDITY"])

    def flags(self, folder: str, uid: int) -> tuple[bytes, ...]:
        """The flags of one message, read without changing them."""
        with self.client() as c:
            c.select_folder(folder, readonly=True)
            return tuple(c.get_flags([uid]).get(uid, ()))

    def log_text(self) -> str:
        try:
            return self.log_file.read_text(errors="replace")
        except OSError:
            return ""

    def ssl_context(self) -> ssl.SSLContext:
        """A client context that trusts this server's self-signed certificate."""
        return ssl.create_default_context(cafile=str(self.ca_file))

    # -- internals -------------------------------------------------------------------------

    def _doveadm(self, args: list[str], data: bytes | None = None) -> None:
        subprocess.run([DOVEADM, "-c", str(self.conf), *args], input=data,
                       check=True, capture_output=True, timeout=10)

    def _wait_ready(self) -> None:
        # TCP accept alone is too early (auth not ready yet): wait for the "* OK" greeting.
        deadline = time.monotonic() + START_TIMEOUT
        last: Exception | None = None
        while time.monotonic() < deadline:
            if self._proc is not None and self._proc.poll() is not None:
                raise RuntimeError(f"dovecot exited at start:\n{self.log_text()}")
            try:
                with socket.create_connection((self.host, self.port), timeout=1) as s:
                    if s.recv(64).startswith(b"* OK"):
                        return
            except OSError as exc:
                last = exc
            time.sleep(0.01)  # polling a condition with a deadline, not synchronisation by sleep
        raise RuntimeError(f"dovecot did not greet within {START_TIMEOUT}s ({last}):\n{self.log_text()}")

    def _prepare(self) -> None:
        d = self.dir
        (d / "mail").mkdir()
        if self.ssl:
            self_signed(self.ca_file, d / "key.pem")
        (d / "passwd").write_text(f"{self.user}:{{PLAIN}}{self.password}\n")
        root = os.geteuid() == 0
        if root:
            # Dovecot refuses uid 0 for mail; nobody owns the mail, and the auth worker
            # (euid dovecot) must be able to read the passwd file inside our 0700 mkdtemp.
            uid, gid = pwd.getpwnam("nobody").pw_uid, grp.getgrnam("nogroup").gr_gid
            os.chown(d / "mail", uid, gid)
            d.chmod(0o755)
        else:
            uid, gid = os.getuid(), os.getgid()
        lines = [
            f"instance_name = test-{d.name}",
            f"base_dir = {d}/run",
            f"state_dir = {d}/state",
            f"log_path = {self.log_file}",
            "protocols = imap",
            "listen = 127.0.0.1",
            "disable_plaintext_auth = no",
            "auth_mechanisms = plain login",
            "auth_failure_delay = 0",  # the default 2 s would make every wrong-password test slow
            "ssl = yes" if self.ssl else "ssl = no",
        ]
        if self.ssl:
            lines += [f"ssl_cert = <{self.ca_file}", f"ssl_key = <{d}/key.pem"]
        if self.capabilities is not None:
            lines.append(f"imap_capability = {self.capabilities}")
        lines += [
            "passdb {", "  driver = passwd-file", f"  args = scheme=PLAIN username_format=%n {d}/passwd", "}",
            "userdb {", "  driver = static", f"  args = uid={uid} gid={gid} home={d}/mail/%n", "}",
            "mail_location = maildir:~/Maildir",
            "service imap-login {",
            f"  inet_listener imap {{\n    address = 127.0.0.1\n    port = {self.port}\n  }}",
        ]
        if self.ssl:
            lines.append(f"  inet_listener imaps {{\n    address = 127.0.0.1\n    port = {self.ssl_port}\n"
                         "    ssl = yes\n  }")
        lines.append("}")
        if not root:
            me, group = pwd.getpwuid(uid).pw_name, grp.getgrgid(gid).gr_name
            lines += [
                f"default_internal_user = {me}", f"default_internal_group = {group}",
                f"default_login_user = {me}", f"first_valid_uid = {uid}", f"last_valid_uid = {uid}",
                "service anvil {\n  chroot =\n}", "service imap-login {\n  chroot =\n}",
            ]
        self.conf.write_text("\n".join(lines) + "\n")
