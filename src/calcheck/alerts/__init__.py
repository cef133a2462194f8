"""Alerts by mail: composing them (pure), queueing them in the state store, sending them by SMTP."""
