"""Central settings: set and clear a key at a level, list what a level sees, resolve a school.

Levels: a cluster's value applies to each of its schools unless the school sets its own; a
device override (by MAC or IP, within one school) applies to that device only. Every change
is audited by key and level; a secret's value never reaches the audit log, an answer or a log.
"""

from __future__ import annotations

import ipaddress
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from collector.db.models import CentralSetting, Cluster, School
from collector.db.savepoint import insert_in_savepoint
from collector.errors import BadRequestError
from collector.services import central_keys as keys
from collector.services.secret_box import SecretBox
from collector.services.tenancy import audit, get_cluster, get_school
from schemas import canonical_mac
from schemas.checkin import CentralSettings

Level = Literal["cluster", "school", "device"]
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Scope:
    level: Level
    cluster: Cluster
    school: School | None = None
    device: str | None = None  # "mac:aa:bb:…" or "ip:192.0.2.1"

    @property
    def key(self) -> str:
        if self.school is None:
            return f"cluster:{self.cluster.id}"
        own = f"school:{self.school.id}"
        return f"{own}/{self.device}" if self.device else own

    def describe(self) -> dict[str, str]:
        found = {"cluster": self.cluster.slug}
        if self.school is not None:
            found["school"] = self.school.slug
        if self.device is not None:
            found["device"] = self.device
        return found


@dataclass(frozen=True)
class SettingView:
    """What people may see of one key: never a secret's value."""

    key: str
    label: str
    secret: bool
    is_set: bool
    level: Level | None  # where the effective value comes from
    value: Any | None  # None for secrets
    updated_at: datetime | None
    updated_by: str | None


def cluster_scope(session: Session, slug: str) -> Scope:
    return Scope("cluster", get_cluster(session, slug))


def school_scope(session: Session, slug: str, device: str | None = None) -> Scope:
    school = get_school(session, slug)
    cluster = session.get_one(Cluster, school.cluster_id)
    if device is None:
        return Scope("school", cluster, school)
    return Scope("device", cluster, school, normalise_device(device))


def normalise_device(value: str) -> str:
    """``mac:…``/``ip:…`` from a MAC or an IPv4 address (with or without the prefix)."""
    text = value.strip().removeprefix("mac:").removeprefix("ip:")
    try:
        return f"ip:{ipaddress.IPv4Address(text)}"
    except ValueError:
        pass
    try:
        return f"mac:{canonical_mac(text)}"
    except ValueError as exc:
        raise BadRequestError(f"{value!r} is neither a MAC address nor an IPv4 address") from exc


def set_setting(  # noqa: PLR0917 (one call per change)
    session: Session, box: SecretBox, scope: Scope, key: str, value: Any, actor: str, now: datetime
) -> None:
    """Set ``key`` at ``scope``: a PUT, the same answer whether or not it was set before.

    Two admins creating the same new key at once both succeed, the later write winning (as
    when they do it a second apart); both changes are in the audit log."""
    spec = keys.spec_of(key, device=scope.level == "device")
    plain, sealed = keys.seal(box, spec, keys.parse_value(key, value))
    values = {"value": plain, "secret": sealed, "updated_at": now, "updated_by": actor}
    row = _row(session, scope, key) or _insert(session, scope, key, values)
    for name, new in values.items():
        setattr(row, name, new)
    session.flush()
    detail: dict[str, Any] = {**scope.describe(), "key": key, "secret": spec.secret}
    if not spec.secret:
        detail["value"] = plain
    audit(session, now, actor, "settings.set", **detail)


def _insert(session: Session, scope: Scope, key: str, values: dict[str, Any]) -> CentralSetting:
    """A new row for ``key``, or the one another request created since ``_row`` looked (on
    PostgreSQL the insert then waits for that request's commit and collides; the savepoint
    keeps this transaction usable, and the row it committed is the one to update)."""
    fresh = CentralSetting(
        scope=scope.key,
        cluster_id=scope.cluster.id if scope.school is None else None,
        school_id=scope.school.id if scope.school is not None else None,
        device=scope.device,
        key=key,
        **values,
    )
    collision = insert_in_savepoint(session, fresh)
    if collision is not None:
        theirs = _row(session, scope, key)
        if theirs is None:  # not the (scope, key) collision: a real error
            raise collision
        log.info(
            "setting %s at %s was just created by another request: updating it", key, scope.key
        )
        return theirs
    return fresh


def clear_setting(session: Session, scope: Scope, key: str, actor: str, now: datetime) -> bool:
    keys.spec_of(key)
    row = _row(session, scope, key)
    if row is None:
        return False
    session.delete(row)
    session.flush()
    audit(session, now, actor, "settings.clear", **scope.describe(), key=key)
    return True


def _row(session: Session, scope: Scope, key: str) -> CentralSetting | None:
    query = select(CentralSetting).where(
        CentralSetting.scope == scope.key, CentralSetting.key == key
    )
    return session.scalar(query.with_for_update())


def _rows_for(session: Session, school: School) -> list[CentralSetting]:
    query = select(CentralSetting).where(
        or_(CentralSetting.cluster_id == school.cluster_id, CentralSetting.school_id == school.id)
    )
    return list(session.scalars(query))


def views(session: Session, scope: Scope, *, secrets: bool = True) -> list[SettingView]:
    """Every key as this level sees it (a school sees its cluster's values it does not set)."""
    rows: dict[str, tuple[Level, CentralSetting]]
    if scope.level == "cluster":
        query = select(CentralSetting).where(CentralSetting.scope == scope.key)
        rows = {row.key: ("cluster", row) for row in session.scalars(query)}
    else:
        assert scope.school is not None
        rows = _layered(_rows_for(session, scope.school), scope.device)
    found = [_view(spec, rows.get(spec.key)) for spec in keys.KEYS.values()]
    if scope.level == "device":
        found = [view for view in found if keys.KEYS[view.key].per_device]
    return [view for view in found if secrets or not view.secret]


def _layered(
    rows: list[CentralSetting], device: str | None
) -> dict[str, tuple[Level, CentralSetting]]:
    order: dict[Level, int] = {"cluster": 0, "school": 1, "device": 2}
    found: dict[str, tuple[Level, CentralSetting]] = {}
    for row in rows:
        level: Level = "cluster" if row.school_id is None else "school"
        if row.device is not None:
            if row.device != device:
                continue
            level = "device"
        current = found.get(row.key)
        if current is None or order[level] > order[current[0]]:
            found[row.key] = (level, row)
    return found


def _view(spec: keys.KeySpec, found: tuple[Level, CentralSetting] | None) -> SettingView:
    if found is None:
        return SettingView(spec.key, spec.label, spec.secret, False, None, None, None, None)
    level, row = found
    value = None if spec.secret else row.value
    return SettingView(
        spec.key, spec.label, spec.secret, True, level, value, row.updated_at, row.updated_by
    )


def device_overrides(session: Session, school: School) -> list[str]:
    query = select(CentralSetting.device).where(
        CentralSetting.school_id == school.id, CentralSetting.device.is_not(None)
    )
    return sorted({device for device in session.scalars(query.distinct()) if device})


def effective(
    session: Session, box: SecretBox, school: School
) -> tuple[CentralSettings, datetime | None]:
    """The school's settings as its agent receives them, and when they last changed."""
    rows = _rows_for(session, school)
    layered = _layered([row for row in rows if row.device is None], None)
    documents = {key: _open(box, row) for key, (_level, row) in layered.items()}
    per_device: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row.device is not None:
            per_device.setdefault(row.device, {})[row.key] = _open(box, row)
    data = keys.assemble(documents)
    data["devices"] = [
        keys.device_override(match, docs) for match, docs in sorted(per_device.items())
    ]
    changed = max((row.updated_at for row in rows), default=None)
    return CentralSettings.model_validate(data), changed


def _open(box: SecretBox, row: CentralSetting) -> Any:
    return keys.unseal(box, keys.KEYS[row.key], row.value, row.secret)


def check_key(session: Session, box: SecretBox) -> None:
    """At start-up: secrets stored need a key that opens them (raises ``SecretKeyError``)."""
    row = session.scalar(select(CentralSetting).where(CentralSetting.secret.is_not(None)).limit(1))
    if row is not None:
        box.open(row.secret or "")


def reencrypt(session: Session, box: SecretBox) -> int:
    rows = session.scalars(select(CentralSetting).where(CentralSetting.secret.is_not(None)))
    count = 0
    for row in rows:
        row.secret = box.reseal(row.secret or "")
        count += 1
    return count


def scope_for(
    session: Session, cluster: str | None, school: str | None, device: str | None
) -> Scope:
    """Exactly one of cluster / school (a device needs its school)."""
    if (cluster is None) == (school is None):
        raise BadRequestError("give exactly one of a cluster or a school")
    if cluster is not None:
        if device is not None:
            raise BadRequestError("a device override belongs to a school, not a cluster")
        return cluster_scope(session, cluster)
    assert school is not None
    return school_scope(session, school, device)
