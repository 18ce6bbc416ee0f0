"""One module per CLI sub-command, imported only when that command runs (keeps start-up fast)."""
