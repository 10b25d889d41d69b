"""The collector's error tree, translated to HTTP at the API boundary (``api/errors.py``).

CollectorError
 ├── BadRequestError            400  malformed JSON or gzip
 ├── UnauthorizedError          401  unknown, revoked or expired token / code / password
 ├── ForbiddenError             403  another school's data, or a role that may not do this
 ├── NotFoundError              404  (also what an invisible object looks like)
 ├── ConflictError              409  a name already taken
 │    └── StaleReportError      409  a replayed report older than what was already ingested
 ├── PayloadTooLargeError       413  body (compressed or not) over the limit
 ├── UnsupportedEncodingError   415  a Content-Encoding other than gzip/identity
 ├── InvalidReportError         422  schema violation; ``errors`` lists field paths
 ├── TooManyRequestsError       429  too many failed logins; ``retry_after_s`` says how long
 └── UnavailableError           503  a transient clash (e.g. a concurrent write); retry later
"""

from __future__ import annotations

from dataclasses import dataclass


class CollectorError(Exception):
    status_code = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadRequestError(CollectorError):
    status_code = 400


class UnauthorizedError(CollectorError):
    status_code = 401


class ForbiddenError(CollectorError):
    status_code = 403


class NotFoundError(CollectorError):
    status_code = 404


class ConflictError(CollectorError):
    status_code = 409


class StaleReportError(ConflictError):
    pass


class PayloadTooLargeError(CollectorError):
    status_code = 413


class UnsupportedEncodingError(CollectorError):
    status_code = 415


@dataclass(frozen=True)
class FieldError:
    path: str  # e.g. "devices.3.mac"
    message: str
    kind: str


class InvalidReportError(CollectorError):
    status_code = 422

    def __init__(self, message: str, errors: list[FieldError]) -> None:
        super().__init__(message)
        self.errors = errors


class TooManyRequestsError(CollectorError):
    status_code = 429

    def __init__(self, message: str, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class UnavailableError(CollectorError):
    status_code = 503
    retry_after_s = 5
