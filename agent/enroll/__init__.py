"""Enrollment: exchange a one-time code for this agent's identity and token, kept in a 0600 file.

Public API: ``enroll(...) -> Enrollment``, ``load_enrollment(state_dir) -> Enrollment``,
``rotate_token(state_dir) -> Enrollment``, ``default_state_dir() -> Path``.
"""

from agent.enroll.client import EnrollError, enroll, rotate_token
from agent.enroll.state import Enrollment, NotEnrolledError, default_state_dir, load_enrollment

__all__ = [
    "EnrollError",
    "Enrollment",
    "NotEnrolledError",
    "default_state_dir",
    "enroll",
    "load_enrollment",
    "rotate_token",
]
