"""Write the report's JSON Schema next to the models: ``python -m schemas.generate``.

The checked-in ``schemas/report.schema.json`` is what a collector in another language, or a
human, reads; ``tests/unit/schemas`` fails when it no longer matches the models.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from schemas.report import Report

SCHEMA_FILE = Path(__file__).with_name("report.schema.json")


def render_schema() -> str:
    schema = Report.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://lankeeper.invalid/schemas/report.schema.json"
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def main() -> int:
    SCHEMA_FILE.write_text(render_schema(), encoding="utf-8")
    sys.stdout.write(f"wrote {SCHEMA_FILE}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
