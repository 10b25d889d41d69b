"""Passwords (argon2) and high-entropy tokens (stored as SHA-256, compared by hash lookup)."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

AGENT_TOKEN_PREFIX = "lka_"  # noqa: S105 (a prefix, not a secret)
SESSION_TOKEN_PREFIX = "lks_"  # noqa: S105
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone
_HASHER = PasswordHasher()  # stateless: parameters only


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def new_token(prefix: str) -> str:
    return prefix + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_enrollment_code() -> str:
    """Twelve characters in three groups (60 bits), e.g. ``K7QM-2XPA-9HRT``."""
    chars = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))
    return "-".join(chars[i : i + 4] for i in range(0, 12, 4))


def new_password() -> str:
    """A password to hand to a person (80 bits), e.g. ``k7qm-2xpa-9hrt-4bnc``: lower case,
    no look-alike characters, easy to read out or copy."""
    chars = "".join(secrets.choice(_CODE_ALPHABET.lower()) for _ in range(16))
    return "-".join(chars[i : i + 4] for i in range(0, 16, 4))


def normalise_code(code: str) -> str:
    """Codes are typed by people: ignore case, spaces and dashes."""
    letters = "".join(c for c in code.upper() if c.isalnum())
    return "-".join(letters[i : i + 4] for i in range(0, len(letters), 4))
