"""The synthetic corpus is deterministic, and the pipeline reads it right at scale."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from pipeline.batch import run

from .fixtures import DEJAVU
from .synth import generate


def test_deterministic(tmp_path: Path) -> None:
    a = generate(tmp_path / "a", 12, seed=3, formats=("txt",))
    b = generate(tmp_path / "b", 12, seed=3, formats=("txt",))
    assert a == b
    for t in a:
        assert (tmp_path / "a" / "corpus" / t.file).read_bytes() == (tmp_path / "b" / "corpus" / t.file).read_bytes()


def test_pipeline_on_a_synthetic_corpus(tmp_path: Path) -> None:
    formats = ("txt", "docx", "pdf") if DEJAVU.exists() else ("txt", "docx")
    truths = generate(tmp_path / "s", 30, seed=1, formats=formats)
    s = run([tmp_path / "s" / "corpus"], tmp_path / "v.db", tmp_path / "json", workers=1, log=lambda _: None)
    assert s.failed == [] and s.extracted == 30
    right = total = 0
    for t in truths:
        if t.kind != "directive":
            continue
        rec = json.loads((tmp_path / "json" / (t.file + ".json")).read_text(encoding="utf-8"))
        d = rec["document"]
        total += 1
        right += (d["number"], d["doc_type"], d["date"], d["issuer"]) == (t.number, t.doc_type, t.date, t.issuer)
        assert sorted(c["number"] for c in rec["citations"] if c["number"]) == sorted(t.cites), t.file
    assert right / total >= 0.95
    with sqlite3.connect(tmp_path / "v.db") as conn:
        # provincial plans cited by later plans of the same province: edges to archived nodes
        archived_edges = conn.execute(
            "SELECT COUNT(*) FROM citations c JOIN nodes n ON n.id = c.cited_node_id WHERE n.document_id IS NOT NULL"
        ).fetchone()[0]
    assert archived_edges > 0


def test_drawn_from_the_gazetteer_not_the_seeds(tmp_path: Path) -> None:
    """Places and issuers come from the gazetteer's provinces and districts, the cited national
    documents change with the seed: the pipeline meets names it was not written against."""
    from pipeline import gazetteer

    a = generate(tmp_path / "a", 300, seed=5, formats=("txt",))
    b = generate(tmp_path / "b", 300, seed=6, formats=("txt",))
    provinces = {short for _, short in gazetteer.provinces()}
    issuers = [t.issuer for t in a if t.issuer]
    provincial = {i.split(" ", 5)[-1] for i in issuers if " tỉnh " in i or " thành phố " in i.lower()}
    assert len(provincial & provinces) >= 20  # many provinces, not a list of fifteen
    districts = [i for i in issuers if " huyện " in i]
    assert districts and all(gazetteer.province_of(i.split(" huyện ", 1)[1]) for i in districts)
    national = lambda truths: {c for t in truths for c in t.cites if "LĐLĐ" not in c}  # noqa: E731
    assert national(a) and national(a) != national(b)
