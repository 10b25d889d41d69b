"""What a notification says: the e-mail and the webhook body, built from a queued payload.

Pure. Every string in a payload is treated as untrusted (``untrusted.one_line``): device
texts (check summaries, supply names) reach here unchanged from a report. Two defences keep
them out of the headers: values are flattened to one printable line first, and the message
is built with the stdlib's modern e-mail policy (``email.policy.SMTP``), which refuses any
header value that still holds CR or LF instead of writing it out. The body is plain text
(no HTML a mail client could render), one device text per line, so a device cannot add a
line of its own (a fake "Details:" link).
"""

from __future__ import annotations

import json
from email import policy
from email.message import EmailMessage
from typing import Any

from collector.services.untrusted import clean_strings, one_line

SUBJECT_TEXT = 120  # characters of the summary in the Subject
NAME_TEXT = 80
BODY_TEXT = 500
WEBHOOK_TEXT = 1000
VERBS = {"alert.resolved": "resolved", "alert.escalated": "escalated"}
DIGEST_EVENT = "digest"  # a cluster's daily digest (``services/digest.py`` queues it)


def render_email(sender: str, to: str, payload: dict[str, Any]) -> EmailMessage:
    """A plain-text message; raises ``ValueError``/``KeyError`` on a payload it cannot use."""
    if payload.get("event") == DIGEST_EVENT:
        return render_digest(sender, to, payload)
    alert, school = payload["alert"], payload["school"]
    verb = VERBS.get(str(payload["event"]), "new")
    name = one_line(str(school["name"]), NAME_TEXT)
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = one_line(sender, 256)
    message["To"] = one_line(to, 256)
    message["Subject"] = (
        f"[lankeeper] {name}: {one_line(str(alert['summary']), SUBJECT_TEXT)} ({verb})"
    )
    message.set_content(_body(payload, name))
    return message


def render_digest(sender: str, to: str, payload: dict[str, Any]) -> EmailMessage:
    """The digest as a plain-text e-mail (what changed per school, then where to look)."""
    cluster, schools = payload["cluster"], payload["schools"]

    def line(value: object) -> str:
        return one_line(str(value), BODY_TEXT)

    name = one_line(str(cluster["name"]), NAME_TEXT)
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = one_line(sender, 256)
    message["To"] = one_line(to, 256)
    message["Subject"] = f"[lankeeper] {name}: daily digest ({len(schools)} school(s) with news)"
    lines = [f"What happened in {name} since the last digest:", ""]
    for school in schools:
        lines.append(
            f"{line(school['name'])} — {line(school['open_incidents'])} problem(s) open now"
        )
        lines += [f"  new: {line(text)}" for text in school["opened"]]
        lines += [f"  reported by the school: {line(text)}" for text in school["reported"]]
        if school["resolved"]:
            lines.append(f"  resolved: {line(school['resolved'])}")
        lines.append("")
    if not schools:
        lines += ["Nothing new.", ""]
    lines.append(f"Dashboard: {line(payload['url'])}")
    message.set_content("\n".join(lines) + "\n")
    return message


def _body(payload: dict[str, Any], school_name: str) -> str:
    alert, school = payload["alert"], payload["school"]

    def line(value: object) -> str:
        return one_line(str(value), BODY_TEXT)

    return (
        f"School: {school_name} ({line(school['slug'])})\n"
        f"Alert: {line(alert['check_id'])} — {line(alert['severity'])}, {line(alert['state'])}\n"
        f"Summary: {line(alert['summary'])}\n"
        f"Opened: {line(alert['opened_at'])}\n"
        f"Details: {line(payload['url'])}\n"
    )


def webhook_body(payload: dict[str, Any]) -> bytes:
    """The JSON body: every string flattened and bounded, non-ASCII escaped."""
    return json.dumps(clean_strings(payload, WEBHOOK_TEXT), sort_keys=True).encode("ascii")
