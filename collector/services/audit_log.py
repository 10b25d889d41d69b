"""Reading the audit log (who did what): admins only; the log itself is written by
``tenancy.audit`` in the same transaction as the action."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from collector.contracts import Page
from collector.contracts_ops import AuditEntryPublic
from collector.db.models import AuditEntry
from collector.domain import Role
from collector.services.access import require_role
from collector.services.credentials import UserPrincipal


def audit_page(
    session: Session,
    user: UserPrincipal,
    *,
    action: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> Page[AuditEntryPublic]:
    """Entries newest first; ``action`` (e.g. ``incident.resolve``) narrows them."""
    require_role(user, Role.ADMIN)
    query = select(AuditEntry)
    if action:
        query = query.where(AuditEntry.action == action)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    ordered = query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    rows = session.scalars(ordered.limit(limit).offset(offset))
    items = [AuditEntryPublic.model_validate(row) for row in rows]
    return Page(total=total, limit=limit, offset=offset, items=items)


def actions(session: Session) -> list[str]:
    """The actions the log holds (for the page's filter)."""
    return sorted(session.scalars(select(AuditEntry.action).distinct()))
