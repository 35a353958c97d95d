"""The checked-in schemas match the models; every record and vocabulary file validates."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from pipeline import schemas, vocab

ROOT = Path(__file__).resolve().parent.parent


def test_checked_in_schemas_are_current() -> None:
    stale = []
    for name, text in (
        ("document.schema.json", schemas.render(schemas.document_schema())),
        ("vocab.schema.json", schemas.render(schemas.vocab_schema())),
        ("patterns.schema.json", schemas.render(schemas.patterns_schema())),
        ("database.sql", schemas.database_sql()),
    ):
        if (ROOT / "schemas" / name).read_text(encoding="utf-8") != text:
            stale.append(name)
    assert not stale, f"schemas/ out of date: {stale} (run: make schemas)"


@pytest.mark.parametrize("name", sorted(vocab.VOCAB_MODELS))
def test_vocabulary_files_validate(name: str) -> None:
    schema = schemas.vocab_schema()["files"][name]
    data = json.loads((vocab.DATA_DIR / f"{name}.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)


@pytest.mark.parametrize("path", sorted((vocab.DATA_DIR / "patterns").glob("*.json")), ids=lambda p: p.stem)
def test_pattern_files_validate(path: Path) -> None:
    jsonschema.validate(json.loads(path.read_text(encoding="utf-8")), schemas.patterns_schema())


def test_records_validate(extract) -> None:
    rec = extract((ROOT / "corpus" / "001_e86c97620387f6ef.txt").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(rec.model_dump_json()), schemas.document_schema())


def test_a_record_written_before_a_page_reading_said_its_unread_blanks_still_reads() -> None:
    """PageReading.unread was added with a default: a stored record without it validates against
    the schema and loads (show, review, the batch's records) with no blank said unread."""
    from pipeline.models import DocumentRecord

    old = {"file": "x.pdf", "kind": "directive", "document": {}, "id": "0" * 64,
           "source": {"path": "x.pdf", "size": 1, "sha256": "0" * 64, "format": "pdf",
                      "pages": [{"page": 1, "method": "ocr", "reason": "scan", "chars": 0}]}}
    jsonschema.validate(old, schemas.document_schema())
    assert DocumentRecord.model_validate(old).source.pages[0].unread == []
