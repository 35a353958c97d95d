"""End to end over corpus/ and the shared dev gold: scores must stay at or above
tests/gold/thresholds.json (thresholds only go up)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.batch import run
from pipeline.evaluate import evaluate, format_report

from .conftest import CORPUS, GOLD, REAL_DOCX

THRESHOLDS = json.loads((GOLD / "thresholds.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def predictions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("gold")
    inputs = [CORPUS]
    if REAL_DOCX.is_dir():
        inputs += [REAL_DOCX / "ketluan_chibo.docx", REAL_DOCX / "baocao_chibo.docx"]
    run(inputs, tmp / "v.db", tmp / "json", log=lambda _: None)
    return tmp / "json"


def test_scores_meet_thresholds(predictions: Path, tmp_path: Path) -> None:
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    for g in GOLD.glob("*.json"):
        if g.name == "thresholds.json":
            continue
        data = json.loads(g.read_text(encoding="utf-8"))
        if data["file"].endswith(".docx") and not REAL_DOCX.is_dir():
            continue
        (gold_dir / g.name).write_text(g.read_text(encoding="utf-8"), encoding="utf-8")
    rep = evaluate(gold_dir, predictions)
    scores = rep.as_dict()
    flat = {f"fields.{k}": v for k, v in scores["fields"].items()}
    flat.update({f"{k}.f1": scores[k]["f1"] for k in ("citations_numbered", "citations_named", "targets", "assignments")})
    flat.update({f"citation_attributes.{k}": v for k, v in scores["citation_attributes"].items()})
    low = {k: (flat[k], v) for k, v in THRESHOLDS.items() if flat[k] < v}
    assert not low, "below threshold (got, min):\n" + json.dumps(low, ensure_ascii=False) + "\n" + format_report(rep)


def test_every_seed_has_right_document_fields(predictions: Path) -> None:
    for g in sorted(GOLD.glob("0*.json")):
        gold = json.loads(g.read_text(encoding="utf-8"))
        pred = json.loads((predictions / (Path(gold["file"]).stem + ".json")).read_text(encoding="utf-8"))
        assert pred["kind"] == gold["kind"], g.name
        for field in ("number", "doc_type", "issuer", "place", "date", "title", "signer"):
            assert pred["document"][field] == gold["document"][field], (g.name, field)


def test_seed_graph_shares_nodes(predictions: Path) -> None:
    """17/KH-TLĐ is one node cited by two seeds, and so is 02-NQ/TW."""
    import sqlite3

    with sqlite3.connect(predictions.parent / "v.db") as conn:
        for number in ("17/KH-TLĐ", "02-NQ/TW"):
            nodes = conn.execute("SELECT id FROM nodes WHERE number = ?", (number,)).fetchall()
            assert len(nodes) == 1, number
            citing = conn.execute(
                "SELECT COUNT(DISTINCT citing_document_id) FROM citations WHERE cited_node_id = ?", nodes[0]
            ).fetchone()[0]
            assert citing == 2, number
