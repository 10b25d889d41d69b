"""Every table, importable from one place (Alembic's ``env.py`` reads ``Base.metadata``)."""

from collector.db.alerting import Alert, Notification
from collector.db.base import Base
from collector.db.inventory import (
    CheckHistory,
    CheckState,
    Device,
    DeviceEvent,
    IdentityMerge,
    Report,
    SupplyHistory,
    SupplyState,
)
from collector.db.models_accounts import LoginAttempt
from collector.db.models_central import AgentCheckin, CentralSetting, ScanRequest
from collector.db.models_ops import DigestRun, Incident, Visit, VisitLink
from collector.db.models_supplies import CatalogueEntry
from collector.db.tenancy import (
    Agent,
    AgentToken,
    AuditEntry,
    CalendarEntry,
    Cluster,
    EnrollmentCode,
    School,
    User,
    UserSession,
)

__all__ = [
    "Agent",
    "AgentCheckin",
    "AgentToken",
    "Alert",
    "AuditEntry",
    "Base",
    "CalendarEntry",
    "CatalogueEntry",
    "CentralSetting",
    "CheckHistory",
    "CheckState",
    "Cluster",
    "Device",
    "DeviceEvent",
    "DigestRun",
    "EnrollmentCode",
    "IdentityMerge",
    "Incident",
    "LoginAttempt",
    "Notification",
    "Report",
    "ScanRequest",
    "School",
    "SupplyHistory",
    "SupplyState",
    "User",
    "UserSession",
    "Visit",
    "VisitLink",
]
