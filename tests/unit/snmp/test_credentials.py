"""Credential validation: errors a school's technician can act on; secrets never shown."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from agent.snmp.credentials import V2cCredential, V3Credential


def test_v2c_community_is_secret() -> None:
    credential = V2cCredential(name="school", community="s3cret-community")
    assert credential.version == "v2c"
    assert "s3cret-community" not in repr(credential)
    assert "s3cret-community" not in str(credential.model_dump())


def test_v3_auth_priv() -> None:
    credential = V3Credential.model_validate(
        {"name": "lankeeper-v3", "user": "lankeeper", "auth_protocol": "sha256",
         "auth_key": "auth-key-123", "priv_protocol": "aes", "priv_key": "priv-key-123"}
    )  # fmt: skip
    assert credential.version == "v3"
    assert credential.security_level == "authPriv"
    assert "auth-key-123" not in repr(credential)


def test_v3_levels() -> None:
    assert V3Credential(name="n", user="u").security_level == "noAuthNoPriv"
    auth_only = V3Credential(name="n", user="u", auth_protocol="md5", auth_key="12345678")
    assert auth_only.security_level == "authNoPriv"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"auth_protocol": "sha", "auth_key": "short"}, "at least 8 characters"),
        ({"auth_protocol": "sha"}, "auth_key is missing"),
        ({"auth_key": "longenough"}, "auth_protocol is missing"),
        ({"priv_protocol": "aes", "priv_key": "longenough"}, "priv_protocol needs auth_protocol"),
        ({"auth_protocol": "sha", "auth_key": "longenough", "priv_protocol": "aes"},
         "priv_key is missing"),
        ({"auth_protocol": "sha1", "auth_key": "longenough"}, "auth_protocol"),
        ({"auth_protocol": "sha", "auth_key": "longenough", "priv_protocol": "aes128",
          "priv_key": "longenough"}, "priv_protocol"),
        ({"community": "x"}, "Extra inputs"),
    ],
)  # fmt: skip
def test_v3_errors_say_what_to_fix(fields: dict[str, str], message: str) -> None:
    with pytest.raises(ValidationError, match=message) as caught:
        V3Credential.model_validate({"name": "v3", "user": "lankeeper", **fields})
    assert "longenough" not in str(caught.value)


@pytest.mark.parametrize("bad", [{"community": ""}, {"community": "x" * 256}, {"name": ""}])
def test_v2c_errors(bad: dict[str, str]) -> None:
    with pytest.raises(ValidationError):
        V2cCredential.model_validate({"name": "school", "community": "public", **bad})
