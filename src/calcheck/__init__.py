"""calcheck: double-checks the calendar against the appointment confirmations in the mail."""

__version__ = "0.1.0"
