"""Say what went wrong with a delivery without giving away the secrets in a webhook URL.

Webhook URLs often carry their credential in the path or query (chat-service hooks do), and
exception texts from HTTP libraries quote the URL; a reason stored in ``last_error`` is shown
to admins, so the URL is cut to scheme, host and port first.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from collector.services.untrusted import one_line

REASON_LIMIT = 500
HIDDEN = "/…"


def redact_url(url: str) -> str:
    """``https://hooks.example:8443/…``: where it goes, not the secret path or query."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "(unparsable URL)"
    return f"{parts.scheme}://{host}{port}{HIDDEN}" if host else "(unparsable URL)"


def describe_error(exc: BaseException, secret_url: str | None) -> str:
    """``TypeName: message`` on one bounded line, with the secret URL (and its path) removed."""
    text = f"{type(exc).__name__}: {exc}"
    if secret_url:
        parts = urlsplit(secret_url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        for secret in (secret_url, path, parts.query):
            if len(secret) > 1:
                text = text.replace(secret, HIDDEN)
    return one_line(text, REASON_LIMIT)  # a receiver's answer may hold NUL, CR/LF…
