"""The events service's tables (its own database)."""

from servicekit.db import inbox_table, new_metadata, outbox_table

metadata = new_metadata()
outbox = outbox_table(metadata)
inbox = inbox_table(metadata)
