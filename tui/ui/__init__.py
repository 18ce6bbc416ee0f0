"""The Textual monitor. No HTTP and no SQL here: data arrives from the sync worker by messages."""
