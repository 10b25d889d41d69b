"""The bounds every value in a report keeps, so that whatever validates can be stored.

The collector's database sets them: a text column holds so many characters and no NUL
(PostgreSQL refuses ``\\x00`` in text and JSON), an INTEGER column 32 bits, a number inside a
JSON column 64 bits (signed). Each field of the report uses one of these types; the collector's
test suite walks every field and the database column it lands in, and fails when a bound is
missing or wider than its column.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

NO_NUL = r"^[^\x00]*$"
"""A text pattern: anything but the NUL character."""

INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1

Text32 = Annotated[str, Field(max_length=32, pattern=NO_NUL)]
Text64 = Annotated[str, Field(max_length=64, pattern=NO_NUL)]
Text128 = Annotated[str, Field(max_length=128, pattern=NO_NUL)]
Text256 = Annotated[str, Field(max_length=256, pattern=NO_NUL)]
Text1024 = Annotated[str, Field(max_length=1024, pattern=NO_NUL)]
Text2048 = Annotated[str, Field(max_length=2048, pattern=NO_NUL)]
Text4096 = Annotated[str, Field(max_length=4096, pattern=NO_NUL)]

Int32 = Annotated[int, Field(ge=INT32_MIN, le=INT32_MAX)]
"""An integer stored in an INTEGER column (PostgreSQL: 32 bits)."""
Count = Annotated[int, Field(ge=0, le=INT64_MAX)]
"""A non-negative count kept inside a JSON column (64-bit signed at most)."""
