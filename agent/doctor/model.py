"""The doctor's findings (pydantic: they are also the ``--json`` output)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class Status(StrEnum):
    OK = "ok"
    WARN = "warn"
    FAIL = "fail"
    UNKNOWN = "unknown"


class Finding(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    check: str
    status: Status
    message: str
    fix: str | None = None

    def sentence(self) -> str:
        """The message and its fix as one plain sentence."""
        text = self.message.rstrip(".")
        return f"{text}; fix: {self.fix.rstrip('.')}." if self.fix else f"{text}."


def ok(check: str, message: str) -> Finding:
    return Finding(check=check, status=Status.OK, message=message)


def warn(check: str, message: str, fix: str | None = None) -> Finding:
    return Finding(check=check, status=Status.WARN, message=message, fix=fix)


def fail(check: str, message: str, fix: str) -> Finding:
    return Finding(check=check, status=Status.FAIL, message=message, fix=fix)


def unknown(check: str, message: str, fix: str | None = None) -> Finding:
    return Finding(check=check, status=Status.UNKNOWN, message=message, fix=fix)


class Diagnosis(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    findings: list[Finding]

    @property
    def can_run_tonight(self) -> bool:
        return not any(f.status is Status.FAIL for f in self.findings)

    def status_of(self, check: str) -> Status | None:
        return next((f.status for f in self.findings if f.check == check), None)
