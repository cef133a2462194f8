"""calcheck's one exception hierarchy.

``CalcheckError`` and its subclasses carry a message meant for the user: the CLI prints it
without a traceback. ``TransientError`` marks the only failures worth retrying.
"""

from __future__ import annotations


class CalcheckError(Exception):
    """Base of every error calcheck raises on purpose; ``str(err)`` is what the user reads."""

    exit_code = 2


class ConfigError(CalcheckError):
    """The configuration or the command line is wrong; the message names the key and the fix."""


class SourceError(CalcheckError):
    """A mail source cannot be read as a whole (missing path, login refused, ...)."""


class CalendarError(CalcheckError):
    """A calendar cannot be read as a whole (broken file, refused credentials, ...)."""


class AuthError(CalcheckError):
    """Credentials are missing, refused or expired; the message says how to renew them."""


class TransientError(CalcheckError):
    """A failure that may pass by itself (timeout, 5xx, connection reset): retried with backoff."""
