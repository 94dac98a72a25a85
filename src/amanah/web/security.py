"""What every response and every redirect must respect: same-site redirects, safe download
headers and the browser security headers."""

from __future__ import annotations

import json
import re
import types
import unicodedata
from collections.abc import Iterator
from typing import Any, Union, get_args, get_origin
from urllib.parse import quote, urlsplit

from fastapi import Request
from fastapi.dependencies.models import Dependant
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from amanah.errors import InvalidInput
from amanah.i18n import N_

INT64 = range(-(2**63), 2**63)

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


def _is_int(annotation: Any) -> bool:
    if annotation is int:
        return True
    if get_origin(annotation) in (Union, types.UnionType):
        return any(a is int for a in get_args(annotation))
    return False


def _int_params(dependant: Dependant) -> Iterator[tuple[str, str]]:
    """(where, name) of every integer path and query parameter of a route and its dependencies."""
    for where, fields in (("path", dependant.path_params), ("query", dependant.query_params)):
        for field in fields:
            if _is_int(field.field_info.annotation):
                yield where, field.alias
    for sub in dependant.dependencies:
        yield from _int_params(sub)


def _oversized(value: Any, path: tuple[str, ...] = ()) -> str | None:
    """The dotted path of the first JSON integer that does not fit in 64 bits."""
    if isinstance(value, int) and not isinstance(value, bool):
        return ".".join(path) if value not in INT64 else None
    items: Any = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, item in items:
        found = _oversized(item, (*path, str(key)))
        if found is not None:
            return found
    return None


def _too_big(raw: str | None) -> bool:
    text = (raw or "").strip()
    return text.lstrip("+-").isdigit() and int(text) not in INT64


async def bounded_integers(request: Request) -> None:
    """Refuse, naming the field, an integer in the path, the query or a JSON body that does not
    fit in the database's 64-bit integers (it would fail deep in SQL, as a server error)."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if isinstance(dependant, Dependant):
        for where, name in _int_params(dependant):
            raw = (
                request.path_params.get(name) if where == "path" else request.query_params.get(name)
            )
            if _too_big(raw):
                raise InvalidInput(N_("%(field)s is too large"), field=name, values={"field": name})
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            body = json.loads(await request.body() or b"null")
        except ValueError:
            return  # malformed JSON: FastAPI names it
        field = _oversized(body)
        if field is not None:
            if field:
                raise InvalidInput(
                    N_("%(field)s is too large"), field=field, values={"field": field}
                )
            raise InvalidInput(N_("the body is too large"), field="body")


# Everything is served by Amanah itself ('self'): GOV.UK Frontend, amanah.js and plotly.js
# under /static. Allowed beyond that, and why:
# - style-src 'unsafe-inline': plotly.js writes style attributes on the SVG it draws and adds a
#   <style> element of its own; styles cannot run code.
# - img-src data: blob: plotly's legend symbols and "download as PNG" are data/blob URLs.
# - no inline script on any page, no 'unsafe-eval' (the SVG charts Amanah draws do not need it);
#   only the API documentation (/docs), a fixed page of the Swagger UI package with no user
#   content, starts Swagger UI from an inline script (DOCS_POLICY).
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])  # fmt: skip
DOCS_PATHS = frozenset({"/docs", "/docs/oauth2-redirect"})
DOCS_POLICY = CONTENT_SECURITY_POLICY.replace(
    "script-src 'self'", "script-src 'self' 'unsafe-inline'"
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
HSTS = "max-age=31536000; includeSubDomains"


class SecurityHeaders:
    """Adds the headers above to every response (pages, API, static files, errors); HSTS only
    when the request came over HTTPS, as browsers ignore it otherwise."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        https = scope.get("scheme") == "https"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if scope["path"] in DOCS_PATHS:
                    headers.setdefault("Content-Security-Policy", DOCS_POLICY)
                for name, value in HEADERS.items():
                    headers.setdefault(name, value)
                if https:
                    headers.setdefault("Strict-Transport-Security", HSTS)
            await send(message)

        await self.app(scope, receive, send_with_headers)
