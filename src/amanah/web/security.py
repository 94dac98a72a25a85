"""What every response and every redirect must respect: same-site redirects, safe download
headers and the browser security headers."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, urlsplit

_UNSAFE_IN_QUOTED = re.compile(r'[\x00-\x1f\x7f"\\;]')


def same_site_path(target: str | None, default: str = "/") -> str:
    """`target` when it is a path on this site, else `default`. Browsers read `//host`, `/\\host`
    and `/<tab>/host` as another host, so a leading slash alone proves nothing."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return default
    if any(ord(c) < 0x20 or c in "\\\x7f" for c in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target


def content_disposition(filename: str, disposition: str = "attachment") -> str:
    """An RFC 6266 header: a plain ASCII `filename` for old clients and, when the name is not
    plain ASCII, the exact name as RFC 5987 `filename*` (UTF-8, percent-encoded)."""
    fallback = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode()
    fallback = _UNSAFE_IN_QUOTED.sub("_", fallback).strip() or "download"
    header = f'{disposition}; filename="{fallback}"'
    if fallback != filename:
        header += f"; filename*=UTF-8''{quote(filename, safe='')}"
    return header
