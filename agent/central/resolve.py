"""Which settings a run uses: check in (if enrolled), else the cached answer, else local only.

Returns the settings, the typed record the report carries (``SettingsInfo``) and the check-in
answer (for ``service``, which also wants the scan request).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import requests

from agent.central.cache import load_cached, save_cached
from agent.central.client import CheckinError, check_in
from agent.central.merge import merge
from agent.enroll.state import Enrollment
from agent.settings import Settings
from schemas import SettingsInfo, SettingsSource
from schemas.checkin import CheckinResponse

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunSettings:
    settings: Settings
    info: SettingsInfo
    answer: CheckinResponse | None  # None when the check-in did not happen or failed


def settings_for_run(
    local: Settings,
    state_dir: Path,
    enrollment: Enrollment | None,
    *,
    mode: str = "scan",
    session: requests.Session | None = None,
) -> RunSettings:
    if enrollment is None or not local.checkin.enabled:
        return RunSettings(local, SettingsInfo(source=SettingsSource.LOCAL), None)
    error = None
    try:
        answer = check_in(enrollment, mode, timeout_s=local.checkin.timeout_s, session=session)
    except CheckinError as exc:
        error = str(exc)
        log.warning("check-in failed, using the last central settings if any: %s", error)
    else:
        try:
            save_cached(state_dir, answer)
        except OSError as exc:
            log.warning("could not cache the central settings in %s: %s", state_dir, exc)
        return _merged(local, answer, SettingsSource.CENTRAL, None, answer)
    cached = load_cached(state_dir)
    if cached is None:
        return RunSettings(
            local, SettingsInfo(source=SettingsSource.LOCAL, checkin_error=error), None
        )
    return _merged(local, cached, SettingsSource.CACHED, error, None)


def _merged(
    local: Settings,
    central: CheckinResponse,
    source: SettingsSource,
    error: str | None,
    answer: CheckinResponse | None,
) -> RunSettings:
    merged = merge(local, central.settings)
    for key, why in merged.skipped.items():
        log.warning("central setting %s not used: %s", key, why)
    info = SettingsInfo(
        source=source,
        central_updated_at=central.settings_updated_at,
        central_keys=merged.taken,
        checkin_error=error,
    )
    return RunSettings(merged.settings, info, answer)
