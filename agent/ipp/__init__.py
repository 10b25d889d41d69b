"""IPP: our own small codec (RFC 8010) and a Get-Printer-Attributes client over HTTP.

``encode`` / ``decode`` / ``status`` are pure (bytes in, typed records out); only ``client``
does I/O (``requests`` in a worker thread).

Errors::

    Exception
    └── IppError                 anything the IPP package raises
        ├── IppParseError        bytes that are not a usable IPP message (decode)
        ├── IppStatusError       the printer answered with an IPP error status (client)
        └── IppTransportError    no usable HTTP answer: refused, HTTP error, too large (client)
            └── IppTimeoutError  no complete answer before the deadline (client)
"""

from agent.ipp.decode import decode_response
from agent.ipp.encode import DEFAULT_REQUESTED, encode_get_printer_attributes
from agent.ipp.model import IppError, IppParseError, IppResponse

__all__ = [
    "DEFAULT_REQUESTED",
    "IppError",
    "IppParseError",
    "IppResponse",
    "decode_response",
    "encode_get_printer_attributes",
]
