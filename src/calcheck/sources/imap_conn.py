"""IMAP accounts and connections: TLS, login, and turning every failure into one clear line.

Kept apart from the reading logic so the source and the IDLE watcher share one way of
connecting and one error vocabulary: a refused password is an :class:`ImapLoginError`
(AuthError), a certificate problem an :class:`ImapCertificateError`, an unknown host an
:class:`ImapHostError` (SourceErrors: retrying will not help), and a refused, reset or silent
connection an :class:`ImapConnectionError` (TransientError: the daemon retries with backoff).
"""

from __future__ import annotations

import contextlib
import logging
import socket
import ssl
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from imapclient import IMAPClient, SocketTimeout
from imapclient.exceptions import CapabilityError, IMAPClientAbortError, IMAPClientError, LoginError

from calcheck.errors import AuthError, CalcheckError, ConfigError, SourceError, TransientError
from calcheck.secrets import SecretSpec, resolve_secret

log = logging.getLogger(__name__)

TlsMode = Literal["imaps", "starttls", "plain"]
AuthMode = Literal["password", "oauth2"]


class ImapLoginError(AuthError):
    """The server refused the credentials."""


class ImapCertificateError(SourceError):
    """The server's certificate could not be verified."""


class ImapHostError(SourceError):
    """The host name does not resolve, or the server does not speak IMAP/TLS as configured."""


class ImapConnectionError(TransientError):
    """Refused, reset, timed out or dropped: worth retrying."""


@dataclass(frozen=True)
class ImapAccount:
    """One ``[imap.NAME]`` table of the configuration.

    ``token_provider`` (auth = "oauth2") returns a fresh access token each call; the Google helper
    supplies it. Secrets themselves never live here: only where to get them.
    """

    name: str
    host: str
    username: str
    port: int | None = None
    """None: 993 for imaps, 143 for starttls and plain."""
    tls: TlsMode = "imaps"
    allow_insecure: bool = False
    ca_file: Path | None = None
    auth: AuthMode = "password"
    password_cmd: str = ""
    password_env: str = ""
    token_provider: Callable[[], str] | None = field(default=None, compare=False, repr=False)
    folders: Sequence[str] = ("INBOX",)
    idle: bool = True
    poll_seconds: float = 300.0
    max_message_bytes: int = 10 * 1024 * 1024
    connect_timeout: float = 15.0
    read_timeout: float = 60.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "folders", tuple(self.folders))
        where = f"[imap.{self.name}]"
        if self.tls not in ("imaps", "starttls", "plain"):
            raise ConfigError(f'{where} tls: expected "imaps", "starttls" or "plain", got {self.tls!r}')
        if self.tls == "plain" and not self.allow_insecure:
            raise ConfigError(f'{where} tls = "plain" would send the password unencrypted: use "imaps" or '
                              '"starttls", or set allow_insecure = true (trusted networks only)')
        if self.auth not in ("password", "oauth2"):
            raise ConfigError(f'{where} auth: expected "password" or "oauth2", got {self.auth!r}')
        if not self.folders:
            raise ConfigError(f'{where} folders: give at least one folder (e.g. ["INBOX"])')

    @property
    def effective_port(self) -> int:
        if self.port is not None:
            return self.port
        return 993 if self.tls == "imaps" else 143

    @property
    def where(self) -> str:
        """How errors name the account: ``imap account 'work' (imap.example.com:993)``."""
        return f"imap account {self.name!r} ({self.host}:{self.effective_port})"

    @property
    def secret_hint(self) -> str:
        if self.auth == "oauth2":
            return "the stored OAuth credentials (re-run the authorisation)"
        if self.password_env and not self.password_cmd:
            return f"password_env ({self.password_env})"
        return "password_cmd"


@contextlib.contextmanager
def imap_errors(account: ImapAccount, doing: str = "") -> Iterator[None]:
    """Translate socket, TLS and imapclient exceptions raised inside into calcheck errors."""
    where = account.where
    what = f" while {doing}" if doing else ""
    try:
        yield
    except CalcheckError:
        raise
    except ssl.SSLCertVerificationError as exc:
        raise ImapCertificateError(
            f"{where}: the server's certificate is not trusted ({exc.verify_message}) — check host, "
            "or set ca_file to the certificate authority that signed it") from None
    except ssl.SSLError as exc:
        raise ImapHostError(
            f"{where}: TLS failed ({exc.reason or exc}) — check tls and port "
            '("imaps" usually on 993, "starttls" on 143)') from None
    except socket.gaierror as exc:
        if exc.errno == socket.EAI_AGAIN:
            raise ImapConnectionError(f"{where}: name lookup failed temporarily ({exc.strerror})") from None
        raise ImapHostError(f"{where}: unknown host — check host ({exc.strerror})") from None
    except ConnectionRefusedError:
        raise ImapConnectionError(
            f"{where}: connection refused — check host and port, and that the server is up") from None
    except TimeoutError:
        raise ImapConnectionError(f"{where}: no answer within {account.read_timeout:g} s{what}") from None
    except LoginError:
        raise ImapLoginError(f"{where}: login refused — check username ({account.username}) "
                             f"and {account.secret_hint}") from None
    except IMAPClientAbortError as exc:
        raise ImapConnectionError(f"{where}: connection lost{what} ({exc})") from None
    except IMAPClientError as exc:
        raise SourceError(f"{where}: the server refused a command{what}: {exc}") from None
    except OSError as exc:
        # Reset, unreachable network, broken pipe: the network's fault, so worth retrying.
        raise ImapConnectionError(f"{where}: connection failed{what} ({exc.strerror or exc})") from None


class Connector:
    """Opens logged-in connections for one account; remembers the secret between connections.

    The secret is resolved (password_cmd run) once and dropped when the server refuses it, so a
    changed password is picked up on the next attempt without running a GPG prompt every cycle.
    """

    def __init__(self, account: ImapAccount) -> None:
        self.account = account
        self._secret: str | None = None

    def open(self) -> IMAPClient:
        """A logged-in client (no folder selected); raises the errors :func:`imap_errors` gives."""
        acct = self.account
        timeout = SocketTimeout(connect=acct.connect_timeout, read=acct.read_timeout)
        with imap_errors(acct, "connecting"):
            if acct.tls == "imaps":
                client = IMAPClient(acct.host, acct.effective_port, ssl=True,
                                    ssl_context=self._ssl_context(), timeout=timeout)
            else:
                client = IMAPClient(acct.host, acct.effective_port, ssl=False, timeout=timeout)
        try:
            with imap_errors(acct, "starting TLS"):
                if acct.tls == "starttls":
                    try:
                        client.starttls(self._ssl_context())
                    except CapabilityError:
                        raise ImapHostError(f'{acct.where}: the server does not offer STARTTLS — use tls = '
                                            '"imaps" (port 993)') from None
            with imap_errors(acct, "logging in"):
                self._login(client)
        except BaseException:
            close_quietly(client)
            raise
        return client

    def _ssl_context(self) -> ssl.SSLContext:
        cafile = str(self.account.ca_file) if self.account.ca_file else None
        try:
            return ssl.create_default_context(cafile=cafile)
        except (OSError, ssl.SSLError) as exc:
            raise ConfigError(f"[imap.{self.account.name}] ca_file: cannot load {cafile} ({exc})") from None

    def _login(self, client: IMAPClient) -> None:
        acct = self.account
        if acct.auth == "oauth2":
            if acct.token_provider is None:
                raise ConfigError(f'[imap.{acct.name}] auth = "oauth2" needs stored Google credentials; '
                                  "run the authorisation first")
            client.oauth2_login(acct.username, acct.token_provider())
            return
        if self._secret is None:
            self._secret = resolve_secret(SecretSpec(acct.password_cmd, acct.password_env),
                                          f"[imap.{acct.name}]")
        try:
            client.login(acct.username, self._secret)
        except LoginError:
            self._secret = None
            raise


def close_quietly(client: IMAPClient) -> None:
    """Log out, or at least close the socket; never raises (the connection may be dead already)."""
    try:
        client.logout()
    except Exception:  # closing a broken connection must not hide the real error
        with contextlib.suppress(Exception):
            client.shutdown()
