"""Secrets at rest: Fernet (AES-128-CBC + HMAC-SHA256) with the key(s) from the settings.

``secret_key`` holds one or more Fernet keys, comma-separated; the first encrypts, all decrypt
(so a key can be rotated: put the new one first, run ``lankeeper-collector settings
re-encrypt``, then drop the old one). Nothing here logs a value.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from pydantic import SecretStr

from collector.errors import CollectorError

NO_KEY = (
    "no secret key is configured, so secret settings (SNMP communities, v3 keys, PJLink "
    "passwords) cannot be stored or read: generate one with `lankeeper-collector secret-key "
    "generate` and set it as LANKEEPER_COLLECTOR_SECRET_KEY (or secret_key in [collector])"
)
WRONG_KEY = (
    "the stored secret settings cannot be decrypted with the configured secret key: set "
    "LANKEEPER_COLLECTOR_SECRET_KEY to the key they were stored with (keep old keys after "
    "the new one, comma-separated, while rotating)"
)


class SecretKeyError(CollectorError):
    """No key, a malformed key, or a key that does not open the stored secrets."""

    status_code = 503


def generate_key() -> str:
    return Fernet.generate_key().decode("ascii")


class SecretBox:
    def __init__(self, key: SecretStr | None) -> None:
        self._fernet = _fernet(key) if key is not None else None

    @property
    def has_key(self) -> bool:
        return self._fernet is not None

    def seal(self, plain: str) -> str:
        return self._require().encrypt(plain.encode("utf-8")).decode("ascii")

    def open(self, token: str) -> str:
        try:
            return self._require().decrypt(token.encode("ascii")).decode("utf-8")
        except InvalidToken as exc:
            raise SecretKeyError(WRONG_KEY) from exc

    def reseal(self, token: str) -> str:
        """Decrypt with any key, encrypt with the first."""
        return self._require().rotate(token.encode("ascii")).decode("ascii")

    def _require(self) -> MultiFernet:
        if self._fernet is None:
            raise SecretKeyError(NO_KEY)
        return self._fernet


def _fernet(key: SecretStr) -> MultiFernet:
    parts = [part.strip() for part in key.get_secret_value().split(",") if part.strip()]
    try:
        return MultiFernet([Fernet(part.encode("ascii")) for part in parts])
    except (ValueError, UnicodeEncodeError) as exc:
        raise SecretKeyError(
            "the secret key is not a Fernet key (32 url-safe base64-encoded bytes); generate "
            "one with `lankeeper-collector secret-key generate`"
        ) from exc
