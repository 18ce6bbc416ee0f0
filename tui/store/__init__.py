"""The local SQLite cache of status changes and the sync bookkeeping around it."""
