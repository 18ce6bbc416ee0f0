"""Silence authlib's developer-facing deprecation notices before authlib's modules load.

``authlib.deprecate`` installs an "always" filter for its warning class when imported, so a
``catch_warnings`` block around the import loses to it and every App Keys user would see
"use httpx2" on stderr. A category filter added *after* that module loads, and before the httpx
integration is imported, wins. The filter names only authlib's own warning class.
"""

from __future__ import annotations

import warnings


def silence_authlib_deprecations() -> None:
    """Ignore ``AuthlibDeprecationWarning`` from here on (idempotent)."""
    from authlib.deprecate import AuthlibDeprecationWarning

    warnings.filterwarnings("ignore", category=AuthlibDeprecationWarning)
