"""The errors every layer raises: a short title and a message a user can act on.

The CLI prints ``title: message`` (one line, no traceback); the UI shows them in a banner or toast.
Messages never contain secrets, and control characters in them (from a server or a file) are
shown as escapes, never sent to the terminal.
"""

from __future__ import annotations

from tui.core.text import printable


class AgentActivityError(Exception):
    """Base for every error meant for the user."""

    title = "Error"

    def __init__(self, message: str, *, title: str | None = None) -> None:
        message = printable(message, keep_newlines=True)
        super().__init__(message)
        self.message = message
        if title is not None:
            self.title = title

    def __str__(self) -> str:
        return self.message

    def one_line(self) -> str:
        """``Title: message`` on one line, as the CLI prints it."""
        return f"{self.title}: {' '.join(self.message.split())}"


class InputError(AgentActivityError):
    """A file or argument the user gave cannot be used (exit status 2)."""

    title = "Bad input"


class ConfigError(AgentActivityError):
    """The configuration file is unreadable or has a wrong key or value."""

    title = "Configuration error"


class CredentialsError(AgentActivityError):
    """No usable credentials, or the credential store is unavailable."""

    title = "Credentials"
