"""Google sign-in: the one-time consent flow, and the token file the daemon lives on.

``calcheck auth google`` runs Google's installed-app flow once (on a machine with a browser,
or on a server with ``--no-browser`` and an ``ssh -L`` tunnel) and stores the credentials in
``$XDG_DATA_HOME/calcheck/google-token.json``, created 0600 in a 0700 directory. The daemon
only ever *loads* that file and refreshes the access token with the refresh token; it never
starts a consent flow, because nobody is there to click through it.

Tokens are never logged: log lines name the token file, never its content.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import httplib2
from google.auth.exceptions import RefreshError, TransportError
from google.oauth2.credentials import Credentials
from google_auth_httplib2 import Request as HttplibRequest

from calcheck._private import write_private
from calcheck.errors import AuthError, ConfigError, TransientError

log = logging.getLogger(__name__)

CALENDAR_SCOPE = "https://www.googleapis.com/auth/calendar.readonly"
MAIL_SCOPE = "https://mail.google.com/"
"""Full Gmail access: the only scope Gmail's IMAP accepts for XOAUTH2."""

DEFAULT_PORT = 8765
"""The redirect port for ``--no-browser``: fixed, so the user can forward it with ``ssh -L``."""

HTTP_TIMEOUT = 30.0

NOT_SIGNED_IN = "not signed in: run `calcheck auth google`"
REVOKED = (
    "Google refused the stored refresh token (invalid_grant): the refresh token was revoked or "
    "expired. Google expires them after 7 days for apps in \"Testing\": publish the app "
    "(OAuth consent screen → In production) and run `calcheck auth google` again."
)


def default_token_path() -> Path:
    """``$XDG_DATA_HOME/calcheck/google-token.json``, falling back to ``~/.local/share``."""
    base = os.environ.get("XDG_DATA_HOME") or ""
    root = Path(base) if os.path.isabs(base) else Path.home() / ".local" / "share"
    return root / "calcheck" / "google-token.json"


def scopes_for(with_mail: bool) -> list[str]:
    """The scopes to ask for: calendar read access, plus full Gmail for IMAP XOAUTH2."""
    return [CALENDAR_SCOPE, MAIL_SCOPE] if with_mail else [CALENDAR_SCOPE]


def save_credentials(credentials: Credentials, path: Path) -> None:
    """Write the credentials to ``path`` (0600, in a 0700 directory), atomically.

    The file is created with its final mode (``os.open`` with 0600), so it is never readable by
    others, not even for the instant between a create and a chmod.
    """
    write_private(path, credentials.to_json().encode())  # type: ignore[no-untyped-call]
    if path.parent.stat().st_mode & 0o077:
        log.warning("%s is readable by others; consider chmod 700", path.parent)
    log.debug("saved Google credentials to %s", path)


def load_credentials(path: Path) -> Credentials:
    """The credentials ``calcheck auth google`` stored; AuthError when there are none."""
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AuthError(f"{NOT_SIGNED_IN} (no token file at {path})") from None
    except (OSError, ValueError) as exc:
        raise AuthError(f"{path}: cannot read the Google token file ({exc}); "
                        "run `calcheck auth google` again") from None
    try:
        creds: Credentials = Credentials.from_authorized_user_info(info)  # type: ignore[no-untyped-call]
        return creds
    except (ValueError, TypeError, AttributeError) as exc:
        raise AuthError(f"{path}: not a Google token file ({exc}); "
                        "run `calcheck auth google` again") from None


def refresh_error(exc: RefreshError) -> AuthError | TransientError:
    """The user-facing error for a failed refresh; invalid_grant gets the 7-day explanation.

    A refusal the token endpoint marks as passing (a 5xx, 429, ``internal_failure``: google-auth
    sets ``retryable``) is a TransientError, retried at the next check, not a reason to sign in again.
    """
    if "invalid_grant" in str(exc):
        return AuthError(REVOKED)
    if getattr(exc, "retryable", False):
        return TransientError(f"Google's token endpoint failed for now ({exc.args[0] if exc.args else exc}); "
                              "the access token is refreshed again at the next check")
    # The library's message is the server's error code and description, never the token.
    return AuthError(f"Google refused to refresh the access token ({exc.args[0] if exc.args else exc}); "
                     "run `calcheck auth google` again")


def default_http() -> httplib2.Http:
    """The HTTP client for Google's APIs and token endpoint, with a timeout."""
    return httplib2.Http(timeout=HTTP_TIMEOUT)


class GoogleAuth:
    """Credentials that refresh themselves and are saved back to their file when they change."""

    def __init__(self, credentials: Credentials, token_path: Path | None = None,
                 http: Callable[[], httplib2.Http] = default_http) -> None:
        self.credentials = credentials
        self.token_path = token_path
        self._http = http
        self._saved_token = credentials.token

    @classmethod
    def from_file(cls, path: Path | None = None) -> GoogleAuth:
        """Load the stored credentials (default :func:`default_token_path`)."""
        path = path or default_token_path()
        return cls(load_credentials(path), path)

    def has_scope(self, scope: str) -> bool:
        """Whether the user granted ``scope`` (unknown scopes count as granted)."""
        granted = self.credentials.granted_scopes or self.credentials.scopes
        return granted is None or scope in granted

    def refresh(self) -> None:
        """Get a new access token now; AuthError when Google refuses, TransientError when unreachable."""
        try:
            self.credentials.refresh(HttplibRequest(self._http()))  # type: ignore[no-untyped-call]
        except RefreshError as exc:
            raise refresh_error(exc) from None
        except TransportError as exc:
            raise TransientError(f"cannot reach Google's token endpoint ({exc})") from None
        self.persist()

    def access_token(self) -> str:
        """A valid access token, refreshed first when it has expired or is about to."""
        if not self.credentials.valid:
            self.refresh()
        token = self.credentials.token
        if not token:
            raise AuthError(NOT_SIGNED_IN)
        return str(token)

    def persist(self) -> None:
        """Save the credentials when a refresh changed them, so a restart does not refresh again."""
        if self.token_path is None or self.credentials.token == self._saved_token:
            return
        try:
            save_credentials(self.credentials, self.token_path)
        except OSError as exc:
            # The refresh still worked; only the next start will have to refresh again.
            log.warning("could not save the refreshed Google credentials to %s: %s", self.token_path, exc)
            return
        self._saved_token = self.credentials.token


def access_token_provider(token_path: Path | None = None) -> Callable[[], str]:
    """A callable returning a fresh Google access token, for IMAP XOAUTH2 with Gmail.

    The token file is read on the first call, so building the provider never fails; a sign-in
    without ``--with-mail`` gives an AuthError saying so.
    """
    state: dict[str, GoogleAuth] = {}

    def provide() -> str:
        if "auth" not in state:
            auth = GoogleAuth.from_file(token_path)
            if not auth.has_scope(MAIL_SCOPE):
                raise AuthError("the Google sign-in does not include mail access: "
                                "run `calcheck auth google --with-mail`")
            state["auth"] = auth
        return state["auth"].access_token()

    return provide


def _prompt(no_browser: bool, port: int) -> str:
    if not no_browser:
        return "Your browser should open. If it does not, open this URL:\n{url}\n"
    return (
        "This machine has no browser. On the computer you are sitting at, run\n"
        f"    ssh -N -L {port}:localhost:{port} THIS-SERVER\n"
        "and, while that runs, open this URL there:\n{url}\n"
    )


def sign_in(client_secret_file: Path, token_path: Path | None = None, *, with_mail: bool = False,
            no_browser: bool = False, port: int | None = None,
            timeout_seconds: float | None = None) -> Path:
    """Run Google's consent flow once and store the credentials; returns the token file's path.

    With ``no_browser`` the redirect server listens on a fixed port (default 8765) that the user
    forwards from their own computer with ``ssh -L``; the URL to open is printed.
    """
    # Imported here: only this one-time command needs oauthlib's flow machinery.
    from google_auth_oauthlib.flow import InstalledAppFlow  # noqa: PLC0415

    token_path = token_path or default_token_path()
    if not client_secret_file.is_file():
        raise ConfigError(f"[google] client_secret_file: {client_secret_file}: no such file; download "
                          "the desktop OAuth client's JSON from Google Cloud console → APIs & Services → "
                          "Credentials")
    try:
        flow = InstalledAppFlow.from_client_secrets_file(str(client_secret_file),
                                                         scopes=scopes_for(with_mail))
    except (ValueError, KeyError) as exc:
        raise ConfigError(f"[google] client_secret_file: {client_secret_file}: not a desktop-app client "
                          f"secret file ({exc})") from None
    if port is None:
        port = DEFAULT_PORT if no_browser else 0
    kwargs: dict[str, Any] = {"timeout_seconds": timeout_seconds} if timeout_seconds else {}
    try:
        credentials = flow.run_local_server(
            host="localhost", bind_addr="127.0.0.1", port=port, open_browser=not no_browser,
            authorization_prompt_message=_prompt(no_browser, port),
            success_message="calcheck is signed in. You may close this window.", **kwargs)
    except OSError as exc:
        raise ConfigError(f"cannot listen on localhost:{port} for Google's redirect ({exc}); "
                          "choose another --port") from None
    except Exception as exc:  # oauthlib raises its own zoo of errors for a refused consent
        if type(exc).__name__ == "WSGITimeoutError":
            raise AuthError("timed out waiting for the browser; run `calcheck auth google` again") from None
        raise AuthError(f"Google sign-in failed ({type(exc).__name__}: {exc})") from None
    save_credentials(credentials, token_path)
    return token_path


def require_scopes(auth: GoogleAuth, scopes: Sequence[str]) -> None:
    """AuthError when the stored sign-in lacks one of ``scopes``."""
    missing = [s for s in scopes if not auth.has_scope(s)]
    if missing:
        raise AuthError(f"the Google sign-in lacks {', '.join(missing)}: run `calcheck auth google` again")


def auth_command(client_secret_file: str | None, token_file: str | None, *, with_mail: bool = False,
                 no_browser: bool = False, port: int | None = None) -> str:
    """``calcheck auth google``: sign in with the ``[google]`` settings; returns what to tell the user."""
    if not client_secret_file:
        raise ConfigError("[google] client_secret_file: missing; set it to the client_secret.json "
                          "downloaded for a desktop OAuth client (see README: Google Calendar set-up)")
    path = sign_in(Path(client_secret_file).expanduser(),
                   Path(token_file).expanduser() if token_file else None,
                   with_mail=with_mail, no_browser=no_browser, port=port)
    return f"Signed in to Google; credentials saved to {path} (readable only by you)."
