"""SNMP credentials as the configuration declares them (``[[snmp.v2c]]`` and ``[[snmp.v3]]``).

A credential has a ``name`` that reports and logs may show; its secrets (community, keys) are
``SecretStr`` and never appear in a report or a log line. Validation happens when the settings
are loaded, so a bad credential is a clear configuration error, not a failed scan.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator

AuthProtocol = Literal["md5", "sha", "sha224", "sha256", "sha384", "sha512"]
PrivProtocol = Literal[
    "des", "3des", "aes", "aes192", "aes256", "aes192-blumenthal", "aes256-blumenthal"
]
SecurityLevel = Literal["noAuthNoPriv", "authNoPriv", "authPriv"]

MIN_KEY_LENGTH = 8  # RFC 3414 §11.2: pass phrases shorter than 8 octets are refused by agents

Name = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[^\s].*$")]


class _Credential(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)

    name: Name


class V2cCredential(_Credential):
    """An SNMPv2c community; ``name`` is what reports show instead of the community."""

    community: SecretStr

    @property
    def version(self) -> Literal["v2c"]:
        return "v2c"

    @field_validator("community")
    @classmethod
    def _community_not_empty(cls, value: SecretStr) -> SecretStr:
        if not 1 <= len(value.get_secret_value()) <= 255:
            raise ValueError("community must be 1 to 255 characters")
        return value


class V3Credential(_Credential):
    """An SNMPv3 USM user; authentication and privacy are optional but privacy needs auth."""

    user: Annotated[str, Field(min_length=1, max_length=32)]
    auth_protocol: AuthProtocol | None = None
    auth_key: SecretStr | None = None
    priv_protocol: PrivProtocol | None = None
    priv_key: SecretStr | None = None

    @property
    def version(self) -> Literal["v3"]:
        return "v3"

    @property
    def security_level(self) -> SecurityLevel:
        if self.priv_protocol is not None:
            return "authPriv"
        return "authNoPriv" if self.auth_protocol is not None else "noAuthNoPriv"

    @field_validator("auth_key", "priv_key")
    @classmethod
    def _long_enough(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < MIN_KEY_LENGTH:
            raise ValueError(
                f"must be at least {MIN_KEY_LENGTH} characters (RFC 3414): agents refuse shorter"
            )
        return value

    @model_validator(mode="after")
    def _consistent(self) -> V3Credential:
        _pair("auth_protocol", self.auth_protocol, "auth_key", self.auth_key, "sha256")
        _pair("priv_protocol", self.priv_protocol, "priv_key", self.priv_key, "aes")
        if self.priv_protocol is not None and self.auth_protocol is None:
            raise ValueError(
                "priv_protocol needs auth_protocol and auth_key too: SNMPv3 has no "
                "privacy without authentication (use authPriv, e.g. sha256 + aes)"
            )
        return self


def _pair(
    protocol_key: str, protocol: str | None, key_key: str, key: SecretStr | None, example: str
) -> None:
    if protocol is not None and key is None:
        raise ValueError(f"{protocol_key} is set ({protocol}) but {key_key} is missing")
    if protocol is None and key is not None:
        raise ValueError(f"{key_key} is set but {protocol_key} is missing (e.g. '{example}')")


Credential = V2cCredential | V3Credential
