"""A private SMTP server on loopback (aiosmtpd), for the alert tests.

Usage::

    with SmtpServer() as smtp:                      # plain; tls="starttls" or "smtps" for TLS
        ... send to smtp.port ...
        (msg,) = smtp.wait_for(1, timeout=10)       # bounded wait on a Condition
        smtp.stop(); smtp.start()                   # down and up again on the same port

``tls="starttls"``/``"smtps"`` use a fresh self-signed certificate (``ca_file``) and require
AUTH with ``user``/``password``. Follows /work/shared/TEST_SERVERS.md section 3: hostname and a
real port always set (port 0 breaks ``Controller.start``), and a failed AUTH returns
``handled=False`` so the client gets its 535 instead of hanging.
"""

from __future__ import annotations

import email
import email.policy
import shutil
import socket
import ssl
import tempfile
import threading
from email.message import EmailMessage
from pathlib import Path
from types import TracebackType
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from servers.certs import self_signed


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Received:
    """One message as the server got it."""

    def __init__(self, mail_from: str, rcpt_tos: list[str], content: bytes, login: str | None) -> None:
        self.mail_from = mail_from
        self.rcpt_tos = rcpt_tos
        self.content = content
        self.login = login
        parsed = email.message_from_bytes(content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.message: EmailMessage = parsed


class SmtpServer:
    """An aiosmtpd server that stores what it receives and lets tests wait for it."""

    host = "127.0.0.1"

    def __init__(self, tls: str = "plain", user: str = "alert", password: str = "s3cret",  # noqa: S107
                 port: int | None = None) -> None:
        self.tls = tls
        self.user = user
        self.password = password
        self.port = port or free_port()
        self.messages: list[Received] = []
        self.auth_failures = 0
        self.cond = threading.Condition()
        self.dir = Path(tempfile.mkdtemp(prefix="smtp-"))
        self.ca_file = self.dir / "cert.pem"
        self._controller: Controller | None = None
        if tls != "plain":
            self_signed(self.ca_file, self.dir / "key.pem")

    def __enter__(self) -> SmtpServer:
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # aiosmtpd handler hooks ---------------------------------------------------------------

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        login = session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else None
        with self.cond:
            got = Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.content, login)
            self.messages.append(got)
            self.cond.notify_all()
        return "250 OK"

    def _authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str,
                      auth_data: Any) -> AuthResult:
        if (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == self.user
                and auth_data.password.decode() == self.password):
            return AuthResult(success=True, auth_data=auth_data)
        with self.cond:
            self.auth_failures += 1
        return AuthResult(success=False, handled=False)

    # lifecycle ------------------------------------------------------------------------------

    def _server_context(self) -> ssl.SSLContext:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(str(self.ca_file), str(self.dir / "key.pem"))
        return ctx

    def start(self) -> None:
        """Serve (again) on ``self.port``; returns once the server accepts connections."""
        if self._controller is not None:
            return
        kwargs: dict[str, Any] = {"hostname": self.host, "port": self.port}
        if self.tls == "starttls":
            kwargs.update(tls_context=self._server_context(), require_starttls=True,
                          authenticator=self._authenticate, auth_required=True)
        elif self.tls == "smtps":
            # auth_required with auth_require_tls=False makes aiosmtpd warn (it cannot see that
            # the socket is TLS); AUTH stays offered and the tests check the login happened.
            kwargs.update(ssl_context=self._server_context(), authenticator=self._authenticate,
                          auth_require_tls=False)
        controller = Controller(self, **kwargs)
        controller.start()
        self._controller = controller

    def stop(self) -> None:
        """Stop serving; the port is free again and :meth:`start` serves on it anew."""
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def client_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.ca_file))

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Received]:
        """The first ``count`` messages, waiting at most ``timeout`` seconds for them to arrive."""
        with self.cond:
            if not self.cond.wait_for(lambda: len(self.messages) >= count, timeout):
                raise AssertionError(f"expected {count} messages within {timeout}s, got {len(self.messages)}")
            return list(self.messages)

    def received(self) -> list[Received]:
        with self.cond:
            return list(self.messages)
