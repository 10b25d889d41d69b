"""Talk to a collector on a lab namespace's loopback as agents and people: a list of calls
in, a list of (status, body) out, all made from inside the agent's namespace."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tests.lab.lab import REPO, Lab

PYTHON = str(REPO / ".venv" / "bin" / "python")

_CLIENT = """
import json, sys, urllib.error, urllib.request
base, plan_path = sys.argv[1:]
tokens = {}
def call(method, path, body=None, token=None, raw=None, page=False):
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    req = urllib.request.Request(base + path, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    if token and page:
        req.add_header("Cookie", "lankeeper_session=" + token)
    elif token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=30) as answer:
            text = answer.read().decode()
            status = answer.status
    except urllib.error.HTTPError as error:
        text, status = error.read().decode(), error.code
    try:
        return status, json.loads(text)
    except ValueError:
        return status, text
def token_of(step):
    if "bearer" in step:
        return step["bearer"]
    if "login" in step:
        user, password = step["login"]
        if user not in tokens:
            login = {"username": user, "password": password}
            tokens[user] = call("POST", "/api/v1/auth/login", login)[1]["token"]
        return tokens[user]
    return None
out = []
for step in json.load(open(plan_path)):
    raw = open(step["file"], "rb").read() if "file" in step else None
    args = (step.get("body"), token_of(step), raw, step.get("page", False))
    out.append(call(step["method"], step["path"], *args))
print(json.dumps(out))
"""


def api_calls(
    lab: Lab, base: str, calls: Sequence[dict[str, Any]], plan: Path
) -> list[tuple[int, Any]]:
    """Each call: ``method``, ``path``, optional ``body`` (JSON) or ``file`` (raw body), and
    ``bearer`` (a token) or ``login`` ([user, password]), and ``page`` (send the login's
    token as the dashboard's session cookie, for a page); answers in order."""
    plan.write_text(json.dumps(list(calls)))
    done = lab.exec_in(lab.agent_ns, [PYTHON, "-c", _CLIENT, base, str(plan)], timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"calling the collector at {base} failed: {done.stderr.strip()}")
    return [(status, body) for status, body in json.loads(done.stdout)]
