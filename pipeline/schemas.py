"""Generate the JSON Schemas in schemas/ from the pydantic models (``make schemas``).

A test regenerates them in memory and fails when the checked-in files drift.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pipeline.models import DocumentRecord
from pipeline.vocab import VOCAB_MODELS


def document_schema() -> dict[str, Any]:
    return DocumentRecord.model_json_schema(mode="serialization")


def vocab_schema() -> dict[str, Any]:
    return {
        "title": "vanban vocabularies: one schema per file pipeline/data/<name>.json",
        "files": {name: model.model_json_schema() for name, model in VOCAB_MODELS.items()},
    }


def patterns_schema() -> dict[str, Any]:
    from pipeline.patterns import PatternsFile

    schema = PatternsFile.model_json_schema()
    schema["title"] = "vanban patterns: pipeline/data/patterns/<stage>.json"
    return schema


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def database_sql() -> str:
    from pipeline.store import schema_sql

    return schema_sql()


def write(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "document.schema.json").write_text(render(document_schema()), encoding="utf-8")
    (out_dir / "vocab.schema.json").write_text(render(vocab_schema()), encoding="utf-8")
    (out_dir / "patterns.schema.json").write_text(render(patterns_schema()), encoding="utf-8")
    (out_dir / "database.sql").write_text(database_sql(), encoding="utf-8")


if __name__ == "__main__":
    write(Path(sys.argv[1] if len(sys.argv) > 1 else "schemas"))
