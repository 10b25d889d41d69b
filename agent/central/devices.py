"""Credentials for one device (``[[devices]]`` in the file, or device overrides from the
collector), matched by MAC address first, then by IPv4 address; a key the override does not
set falls back to the school-wide one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from ipaddress import IPv4Address
from typing import Self

from pydantic import BaseModel, ConfigDict, SecretStr, model_validator

from agent.snmp.credentials import Credential, V2cCredential, V3Credential
from schemas.report import MacAddress


class DeviceCredentials(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)

    mac: MacAddress | None = None
    ip: IPv4Address | None = None
    snmp_v2c: list[V2cCredential] | None = None
    snmp_v3: list[V3Credential] | None = None
    pjlink_password: SecretStr | None = None

    @model_validator(mode="after")
    def _one_match(self) -> Self:
        if (self.mac is None) == (self.ip is None):
            raise ValueError("a [[devices]] entry matches exactly one of mac or ip")
        return self

    @property
    def match(self) -> str:
        return f"mac:{self.mac}" if self.mac else f"ip:{self.ip}"


@dataclass(frozen=True)
class CredentialPlan:
    """Which SNMP credentials and PJLink password to use for a host."""

    v2c: Sequence[V2cCredential]
    v3: Sequence[V3Credential]
    pjlink_password: SecretStr | None
    devices: Sequence[DeviceCredentials] = ()

    def override(self, ip: IPv4Address | None, mac: str | None) -> DeviceCredentials | None:
        by_mac = next((d for d in self.devices if mac and d.mac == mac), None)
        return by_mac or next((d for d in self.devices if ip and d.ip == ip), None)

    def snmp_for(self, ip: IPv4Address | None, mac: str | None) -> list[Credential]:
        found = self.override(ip, mac)
        v2c = found.snmp_v2c if found and found.snmp_v2c is not None else self.v2c
        v3 = found.snmp_v3 if found and found.snmp_v3 is not None else self.v3
        return [*v2c, *v3]

    def pjlink_for(self, ip: IPv4Address | None, mac: str | None) -> SecretStr | None:
        found = self.override(ip, mac)
        if found is not None and found.pjlink_password is not None:
            return found.pjlink_password
        return self.pjlink_password
