"""Sending alerts: an SMTP client, and the outbox flush that retries with backoff.

The flush walks the store's due outbox items in order: send, then mark sent. A failure marks the
item for a later attempt (exponential backoff, capped) and stops the flush, since the next item
would most likely meet the same closed door. An item is only marked sent after the server
accepted it; a crash in between can send it once more on the next start (at most one duplicate,
recognisable by its identical ``X-Calcheck-Problem`` and ``Message-ID`` headers).
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from calcheck.errors import AuthError, CalcheckError, ConfigError, TransientError

if TYPE_CHECKING:
    from calcheck.state import Store

log = logging.getLogger(__name__)

TIMEOUT = 30.0
BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_MAX = timedelta(hours=1)


class Sender(Protocol):
    """Hands one finished message to the mail system."""

    def send(self, message: bytes) -> None:
        """Deliver ``message``; raise :class:`CalcheckError` (TransientError when worth retrying)."""
        ...


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    tls: str = "starttls"
    """``starttls``, ``smtps`` (implicit TLS) or ``plain`` (needs ``allow_insecure``)."""
    from_addr: str = ""
    to: tuple[str, ...] = ()
    username: str = ""
    allow_insecure: bool = False
    ca_file: str | None = None
    timeout: float = TIMEOUT


class SmtpSender:
    """Sends through one SMTP server; TLS is verified (against ``ca_file`` when given).

    ``password`` is called for each connection, so a ``password_cmd`` rotated by the user is
    picked up, and the secret is held no longer than one login.
    """

    def __init__(self, settings: SmtpSettings, password: Callable[[], str] | None = None) -> None:
        if settings.tls not in ("starttls", "smtps", "plain"):
            raise ConfigError(f'[smtp] tls: expected "starttls", "smtps" or "plain", got "{settings.tls}"')
        if settings.tls == "plain" and not settings.allow_insecure:
            raise ConfigError('[smtp] tls: "plain" sends mail and password unencrypted; '
                              "set allow_insecure = true if you really mean it")
        if not settings.to:
            raise ConfigError("[smtp] to: missing; the addresses the alerts go to")
        self.settings = settings
        self._password = password

    def _context(self) -> ssl.SSLContext:
        try:
            return ssl.create_default_context(cafile=self.settings.ca_file)
        except (OSError, ssl.SSLError) as exc:
            raise ConfigError(f"[smtp] ca_file {self.settings.ca_file}: cannot load it ({exc})") from exc

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        if s.tls == "smtps":
            return smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout, context=self._context())
        client = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
        try:
            if s.tls == "starttls":
                client.starttls(context=self._context())
        except BaseException:
            client.close()
            raise
        return client

    def send(self, message: bytes) -> None:
        s = self.settings
        where = f"smtp {s.host}:{s.port}"
        try:
            with self._connect() as client:
                if s.username:
                    password = self._password() if self._password else ""
                    client.login(s.username, password)
                refused = client.sendmail(s.from_addr or s.username, list(s.to), message)
            if refused:
                log.warning("%s refused some recipients: %s", where, ", ".join(refused))
        except smtplib.SMTPAuthenticationError as exc:
            raise AuthError(f"{where}: login as {s.username} refused ({exc.smtp_code}); check [smtp] "
                            "username and the password_cmd/password_env secret") from exc
        except ssl.SSLCertVerificationError as exc:
            raise CalcheckError(f"{where}: the server's certificate is not trusted ({exc.verify_message}); "
                                "set [smtp] ca_file to the CA that signed it") from exc
        except smtplib.SMTPNotSupportedError as exc:
            raise CalcheckError(f"{where}: {exc}; check [smtp] tls and port") from exc
        except smtplib.SMTPResponseException as exc:
            err = TransientError if 400 <= exc.smtp_code < 500 else CalcheckError
            text = exc.smtp_error
            if isinstance(text, bytes):
                text = text.decode(errors="replace")
            raise err(f"{where}: the server answered {exc.smtp_code} {text}") from exc
        except smtplib.SMTPRecipientsRefused as exc:
            raise CalcheckError(f"{where}: every recipient was refused ({', '.join(exc.recipients)}); "
                                "check [smtp] to") from exc
        except (TimeoutError, smtplib.SMTPException, ssl.SSLError, OSError) as exc:
            raise TransientError(f"{where}: cannot deliver the alert ({type(exc).__name__}: {exc}); "
                                 "it stays queued and is retried") from exc


def backoff(attempts: int, base: timedelta = BACKOFF_BASE, cap: timedelta = BACKOFF_MAX) -> timedelta:
    """The wait before retry number ``attempts + 1``: base, 2×base, 4×base ... up to ``cap``."""
    wait: timedelta = base * 2 ** min(attempts, 20)
    return min(wait, cap)


def flush(store: Store, sender: Sender, now: datetime, base: timedelta = BACKOFF_BASE,
          cap: timedelta = BACKOFF_MAX) -> tuple[int, int]:
    """Send every due outbox item; returns (sent, still queued after a failure)."""
    sent = 0
    items = store.due(now, horizon=cap)
    for index, item in enumerate(items):
        try:
            sender.send(item.message)
        except CalcheckError as exc:
            retry = now + backoff(item.attempts, base, cap)
            store.mark_failed(item.id, now, str(exc), retry)
            log.warning("alert %d not sent (attempt %d), retry at %s: %s", item.id, item.attempts + 1,
                        retry.isoformat(timespec="seconds"), exc)
            return sent, len(items) - index
        store.mark_sent(item.id, now)
        sent += 1
        log.info("alert %d sent (%s)", item.id, item.kind)
    return sent, 0
