"""Read a collector that listens on a lab namespace's loopback: log in as a person and GET
JSON paths, from inside that namespace (the host's network is never involved)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from tests.lab.lab import REPO, Lab

PYTHON = str(REPO / ".venv" / "bin" / "python")

_CLIENT = """
import json, sys, urllib.request
base, user, password, *paths = sys.argv[1:]
def call(p, body=None, token=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + p, data=data, method="POST" if data else "GET")
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    return json.load(urllib.request.urlopen(req, timeout=10))
token = call("/api/v1/auth/login", {"username": user, "password": password})["token"]
print(json.dumps([call(p, token=token) for p in paths]))
"""


def api_get(lab: Lab, base: str, login: tuple[str, str], paths: Sequence[str]) -> list[Any]:
    """The JSON answers to ``paths`` (in order), read from the lab's agent namespace."""
    argv = [PYTHON, "-c", _CLIENT, base, *login, *paths]
    done = lab.exec_in(lab.agent_ns, argv)
    if done.returncode != 0:
        raise RuntimeError(f"reading the collector at {base} failed: {done.stderr.strip()}")
    answers: list[Any] = json.loads(done.stdout)
    return answers
