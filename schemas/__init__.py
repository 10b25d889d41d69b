"""The report contract shared by agent and collector."""

from schemas.report import (
    SCHEMA_VERSION,
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
    "AgentInfo",
    "Device",
    "DeviceType",
    "Evidence",
    "MdnsService",
    "Method",
    "MethodRun",
    "Probe",
    "Problem",
    "Report",
    "ScanInfo",
    "SchoolRef",
    "canonical_mac",
]
