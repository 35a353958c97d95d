"""The gold sets vanban is measured on, scored together in one table (`vanban eval --sets`, `make eval`).

Two sets live in ../shared/gold: `dev/` (the seeds in corpus/ and two real Word files) and `real/`
(60 real documents as found on public pages). The real set is also scored by halves (odd and even
file numbers): rules are developed looking at one half and checked on the other, so the two columns
side by side show whether a change generalises or learned the files.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from pipeline.evaluate import Report, evaluate

# The two real Word files of the dev gold; the seeds are in the project's corpus/.
DEV_DOCX = ("ketluan_chibo.docx", "baocao_chibo.docx")
HALVES = ("odd", "even")


def _extract(inputs: list[Path], out: Path) -> Path:
    from pipeline.batch import run

    run(inputs, out / "eval.db", out / "json", workers=os.cpu_count() or 1, log=lambda _: None)
    return out / "json"


def score_sets(root: Path, shared: Path, keep: Callable[[str], bool] | None = None) -> dict[str, Report]:
    """Extract the dev and real inputs once and score them: columns dev, real, real odd, real even.

    A set whose gold is absent is left out (CI without ../shared scores nothing of it).
    """
    reports: dict[str, Report] = {}
    with tempfile.TemporaryDirectory(prefix="vanban-sets-") as tmp:
        dev_gold, real_gold = shared / "gold" / "dev", shared / "gold" / "real" / "gold"
        if dev_gold.is_dir():
            inputs = [root / "corpus"] + [p for p in (shared / "real-docx" / n for n in DEV_DOCX) if p.is_file()]
            pred = _extract(inputs, Path(tmp) / "dev")
            reports["dev"] = evaluate(dev_gold, pred)
        if real_gold.is_dir():
            pred = _extract([shared / "gold" / "real" / "raw"], Path(tmp) / "real")
            reports["real"] = evaluate(real_gold, pred, strict=True)
            for half in HALVES:
                reports[f"real {half}"] = evaluate(real_gold, pred, strict=True, half=half)
    return reports


def flat_scores(rep: Report) -> dict[str, float]:
    """One number per measure, named as in tests/gold/thresholds.json."""
    d = rep.as_dict()
    flat = {f"fields.{k}": v for k, v in d["fields"].items()}
    flat["fields.mean"] = d["mean_field_accuracy"]
    for k in ("citations_numbered", "citations_named", "targets", "assignments"):
        flat[f"{k}.f1"] = d[k]["f1"]
        flat[f"{k}.p"] = d[k]["p"]
        flat[f"{k}.r"] = d[k]["r"]
    flat.update({f"citation_attributes.{k}": v for k, v in d["citation_attributes"].items()})
    flat["target_kind"] = d["target_kind"]
    flat["assignment_role"] = d["assignment_role"]
    return flat


ROWS = [
    ("documents", None), ("kind (directive/news)", "fields.kind"), ("number", "fields.number"),
    ("type", "fields.doc_type"), ("issuer", "fields.issuer"), ("place", "fields.place"), ("date", "fields.date"),
    ("title", "fields.title"), ("signer", "fields.signer"), ("header mean (7 fields)", "fields.mean"),
    ("citations numbered F1", "citations_numbered.f1"), ("  recall", "citations_numbered.r"),
    ("  cited issuer", "citation_attributes.issuer"), ("  basis", "citation_attributes.basis"),
    ("  cited date", "citation_attributes.date"), ("citations named F1", "citations_named.f1"),
    ("targets F1", "targets.f1"), ("  precision", "targets.p"), ("  recall", "targets.r"),
    ("  target/result", "target_kind"), ("assignments F1", "assignments.f1"), ("  recall", "assignments.r"),
]


def format_table(reports: dict[str, Report]) -> str:
    """A Markdown table, one column per set: what `make eval` prints and README shows."""
    cols = list(reports)
    flats = {c: flat_scores(r) for c, r in reports.items()}
    lines = ["| measure | " + " | ".join(cols) + " |", "| --- |" + " ---: |" * len(cols)]
    for label, key in ROWS:
        if key is None:
            cells: Iterable[str] = (str(reports[c].documents) for c in cols)
        else:
            cells = (f"{flats[c][key]:.3f}" for c in cols)
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
