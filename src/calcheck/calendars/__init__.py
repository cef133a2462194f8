"""Calendar backends: where the owner's events come from (ics, Google, CalDAV)."""
