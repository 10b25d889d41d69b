"""Security headers on every response: the JSON API, the docs, static files and errors.

A response that set its own (the dashboard's pages carry a stricter Content-Security-Policy
allowing their stylesheet) keeps its own. HSTS is sent when the request came over TLS or the
collector is told it sits behind a TLS proxy (``public_url`` starting ``https://``).
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

BASELINE = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
    "Cross-Origin-Resource-Policy": "same-origin",
}
HSTS = ("Strict-Transport-Security", "max-age=31536000")


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, *, behind_tls: bool) -> None:
        self.app, self.behind_tls = app, behind_tls

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        tls = self.behind_tls or scope.get("scheme") == "https"

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in BASELINE.items():
                    headers.setdefault(name, value)
                if tls:
                    headers.setdefault(*HSTS)
            await send(message)

        await self.app(scope, receive, with_headers)
