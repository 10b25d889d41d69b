"""The report contract shared by agent and collector."""

from schemas.health import CheckResult, CheckStatus, Metric, Supply, SupplyKind
from schemas.report import (
    SCHEMA_VERSION,
    SUPPORTED_SCHEMA_VERSIONS,
    AgentInfo,
    Device,
    DeviceType,
    Evidence,
    MdnsService,
    Method,
    MethodRun,
    Probe,
    Problem,
    Report,
    ScanInfo,
    SchoolRef,
    canonical_mac,
)

__all__ = [
    "SCHEMA_VERSION",
    "SUPPORTED_SCHEMA_VERSIONS",
    "AgentInfo",
    "CheckResult",
    "CheckStatus",
    "Device",
    "DeviceType",
    "Evidence",
    "MdnsService",
    "Method",
    "MethodRun",
    "Metric",
    "Probe",
    "Problem",
    "Report",
    "ScanInfo",
    "SchoolRef",
    "Supply",
    "SupplyKind",
    "canonical_mac",
]
