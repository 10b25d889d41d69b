"""``lankeeper-agent doctor``: everything the agent needs for tonight's run, checked at once.

Each check gives a ``Finding``: ok, warn (the run goes on, with less), fail (the agent cannot
do its job tonight: the command exits non-zero) or unknown (cannot tell here). A finding that
is not ok says what is wrong and the fix in one sentence.
"""

from agent.doctor.model import Diagnosis, Finding, Status

__all__ = ["Diagnosis", "Finding", "Status"]
