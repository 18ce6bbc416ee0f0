"""Server-side OAuth 1.0 HMAC-SHA1 verification of App Key requests (RFC 5849 via authlib).

The timestamp and nonce are not checked: the simulator runs on a fake clock in tests while
authlib signs with the real one.
"""

from __future__ import annotations

import hmac
from urllib.request import parse_http_list, parse_keqv_list

import httpx

from tui.core.account import AppKeys

_FORM = "application/x-www-form-urlencoded"


def _oauth_header_params(header: str) -> list[tuple[str, str]] | None:
    if header[:6].lower() != "oauth ":
        return None
    from authlib.oauth1.rfc5849.util import unescape

    try:
        pairs = parse_keqv_list(parse_http_list(header[6:]))
    except (IndexError, ValueError):
        return None
    return [(unescape(key), unescape(value)) for key, value in pairs.items()]


def verify_oauth1_request(request: httpx.Request, keys: AppKeys) -> bool:
    """True when ``request`` carries a valid HMAC-SHA1 signature made with ``keys``.

    Only authlib's RFC 5849 helpers are used here, which (unlike its httpx integration) emit no
    deprecation notice, so the simulator needs nothing from :mod:`tui.api`.
    """
    from authlib.common.urls import url_decode
    from authlib.oauth1.rfc5849.signature import construct_base_string, hmac_sha1_signature

    auth_params = _oauth_header_params(request.headers.get("authorization", ""))
    if auth_params is None:
        return False
    oauth = dict(auth_params)
    if (
        oauth.get("oauth_signature_method") != "HMAC-SHA1"
        or oauth.get("oauth_consumer_key") != keys.consumer_key
        or oauth.get("oauth_token") != keys.access_token
        or not oauth.get("oauth_signature")
    ):
        return False
    params: list[tuple[str, str]] = list(url_decode(request.url.query.decode("ascii")))
    if request.headers.get("content-type", "").startswith(_FORM) and request.content:
        params.extend(url_decode(request.content.decode("utf-8")))
    params.extend(auth_params)
    uri = str(request.url.copy_with(query=None, fragment=None))
    base_string = construct_base_string(request.method, uri, params)
    expected = hmac_sha1_signature(base_string, keys.consumer_secret, keys.access_token_secret)
    return hmac.compare_digest(str(expected), oauth["oauth_signature"])
