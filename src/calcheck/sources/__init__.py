"""Mail sources: where messages come from (Maildir, mbox, IMAP)."""
