"""PJLink (projectors): pure wire format in ``parse``, one TCP client, class 2 UDP search.

Errors::

    Exception
    └── PjlinkError                 anything the PJLink package raises
        ├── PjlinkParseError        bytes that are not a PJLink greeting or reply
        ├── PjlinkAuthError         PJLINK ERRA: wrong password, or one needed and none set
        ├── PjlinkBusyError         ERR3 to the first query (busy, or standby power saving)
        ├── PjlinkUnreachableError  refused, reset, closed before answering
        └── PjlinkTimeoutError      silent past the deadline

A single reading the projector refuses (``%1LAMP=ERR1``) is not an exception: it is left
``None`` in ``ProjectorStatus`` with the reason in ``ProjectorStatus.errors``.
"""

from agent.pjlink.client import query_projector
from agent.pjlink.model import PjlinkError, ProjectorStatus

__all__ = ["PjlinkError", "ProjectorStatus", "query_projector"]
