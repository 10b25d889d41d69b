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
    "AgentToken",
    "Alert",
    "AuditEntry",
    "Base",
    "CalendarEntry",
    "CheckHistory",
    "CheckState",
    "Cluster",
    "Device",
    "DeviceEvent",
    "EnrollmentCode",
    "IdentityMerge",
    "LoginAttempt",
    "Notification",
    "Report",
    "School",
    "SupplyHistory",
    "SupplyState",
    "User",
    "UserSession",
]
