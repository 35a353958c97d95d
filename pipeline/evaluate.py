"""Score predicted records against gold files by the rules of ../shared/gold/FORMAT.md.

Document fields: accuracy over documents (null is a value; title right at token F1 ≥ 0.9).
Citations (numbered and unnamed apart), targets, assignments: P/R/F1 over matched pairs,
micro-averaged; attributes (date, doc_type, issuer …) scored on the matched pairs.
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import regex

from pipeline import identity
from pipeline.extract.names import expand_abbreviations

DOC_FIELDS = ["number", "doc_type", "issuer", "place", "date", "title", "signer"]


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def norm_text(s: str | None) -> str | None:
    return None if s is None else identity.text_key(s)


def tokens(s: str | None) -> list[str]:
    return regex.findall(r"[\p{L}\d]+", _nfc(s or "").lower())


def token_f1(a: str | None, b: str | None) -> float:
    ta, tb = Counter(tokens(a)), Counter(tokens(b))
    if not ta and not tb:
        return 1.0
    common = sum((ta & tb).values())
    if common == 0:
        return 0.0
    p, r = common / sum(ta.values()), common / sum(tb.values())
    return 2 * p * r / (p + r)


def field_equal(name: str, gold: Any, pred: Any) -> bool:
    if gold is None or pred is None:
        return gold is None and pred is None
    if name == "number":  # spaces, dash variants, case and leading zeros of the first number ignored
        return identity.symbol(gold) == identity.symbol(pred)
    if name == "issuer":  # abbreviations expanded, leading organ stripped, case and punctuation ignored
        return identity.issuer_key(gold) == identity.issuer_key(pred)
    if name == "title":
        return token_f1(gold, pred) >= 0.9
    if name == "signer":
        return all(norm_text(gold.get(k)) == norm_text(pred.get(k)) for k in ("name", "position", "authority"))
    if name in ("place", "doc_type"):
        return norm_text(gold) == norm_text(pred)
    return bool(gold == pred)


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "p": round(self.p, 4), "r": round(self.r, 4),
                "f1": round(self.f1, 4)}


@dataclass
class Acc:
    right: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 1.0


@dataclass
class Report:
    documents: int = 0
    fields: dict[str, Acc] = field(default_factory=lambda: {f: Acc() for f in ["kind", *DOC_FIELDS]})
    citations_numbered: PRF = field(default_factory=PRF)
    citations_named: PRF = field(default_factory=PRF)
    citation_attrs: dict[str, Acc] = field(default_factory=lambda: {k: Acc() for k in ("date", "doc_type", "issuer", "basis")})
    targets: PRF = field(default_factory=PRF)
    target_kind: Acc = field(default_factory=Acc)
    assignments: PRF = field(default_factory=PRF)
    assignment_role: Acc = field(default_factory=Acc)
    errors: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    strict: bool = False

    @property
    def mean_field_accuracy(self) -> float:
        accs = [a.value for k, a in self.fields.items() if k != "kind"]
        return sum(accs) / len(accs)

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "fields": {k: round(v.value, 4) for k, v in self.fields.items()},
            "mean_field_accuracy": round(self.mean_field_accuracy, 4),
            "citations_numbered": self.citations_numbered.as_dict(),
            "citations_named": self.citations_named.as_dict(),
            "citation_attributes": {k: round(v.value, 4) for k, v in self.citation_attrs.items()},
            "targets": self.targets.as_dict(),
            "target_kind": round(self.target_kind.value, 4),
            "assignments": self.assignments.as_dict(),
            "assignment_role": round(self.assignment_role.value, 4),
            "errors": self.errors,
            "missing_predictions": self.missing,
        }


def _unit_head(u: str | None) -> str:
    s = expand_abbreviations(_nfc(u or "")).lower()
    s = s.replace("cđcs", "công đoàn cơ sở").replace("đv", "đoàn viên")
    words = s.split()
    return " ".join(words[:2]) if words else ""


def _value(v: Any) -> Decimal | None:
    try:
        return Decimal(str(v))
    except Exception:  # noqa: BLE001
        return None


def score_document(gold: dict[str, Any], pred: dict[str, Any], rep: Report) -> None:
    name = gold.get("file", "?")
    rep.documents += 1
    acc = rep.fields["kind"]
    acc.total += 1
    if gold.get("kind") == pred.get("kind"):
        acc.right += 1
    else:
        rep.errors.append(f"{name}: kind: gold {gold.get('kind')!r} got {pred.get('kind')!r}")
    gd, pd = gold.get("document") or {}, pred.get("document") or {}
    for f in DOC_FIELDS:
        a = rep.fields[f]
        a.total += 1
        if field_equal(f, gd.get(f), pd.get(f)):
            a.right += 1
        else:
            rep.errors.append(f"{name}: document.{f}: gold {gd.get(f)!r} got {pd.get(f)!r}")

    # citations, numbered
    gnum = {identity.symbol(c["number"]): c for c in gold.get("citations", []) if c.get("number")}
    pnum = {identity.symbol(c["number"]): c for c in pred.get("citations", []) if c.get("number")}
    for k, gc in gnum.items():
        if k in pnum:
            rep.citations_numbered.tp += 1
            pc = pnum[k]
            for attr in ("date", "doc_type", "issuer", "basis"):
                a = rep.citation_attrs[attr]
                a.total += 1
                ok = field_equal("issuer" if attr == "issuer" else attr, gc.get(attr), pc.get(attr))
                if ok:
                    a.right += 1
                else:
                    rep.errors.append(f"{name}: citation {gc['number']} {attr}: gold {gc.get(attr)!r} got {pc.get(attr)!r}")
        else:
            rep.citations_numbered.fn += 1
            rep.errors.append(f"{name}: citation missed: {gc['number']}")
    for k, pc in pnum.items():
        if k not in gnum:
            rep.citations_numbered.fp += 1
            rep.errors.append(f"{name}: citation spurious: {pc['number']}")
    # citations, named (no number): doc_type plus title overlap
    gnamed = [c for c in gold.get("citations", []) if not c.get("number")]
    pnamed = [c for c in pred.get("citations", []) if not c.get("number")]
    used: set[int] = set()
    for gc in gnamed:
        best = None
        for i, pc in enumerate(pnamed):
            if i in used or norm_text(gc.get("doc_type")) != norm_text(pc.get("doc_type")):
                continue
            if token_f1(gc.get("title"), pc.get("title")) >= 0.5:
                best = i
                break
        if best is None:
            rep.citations_named.fn += 1
            rep.errors.append(f"{name}: named citation missed: {gc.get('title')}")
        else:
            used.add(best)
            rep.citations_named.tp += 1
    for i, pc in enumerate(pnamed):
        if i not in used:
            rep.citations_named.fp += 1
            rep.errors.append(f"{name}: named citation spurious: {pc.get('title')}")

    # targets: equal values and units sharing their head noun
    gt, pt = list(gold.get("targets", [])), list(pred.get("targets", []))
    used = set()
    for g in gt:
        hit = None
        for i, p in enumerate(pt):
            if i in used:
                continue
            if _value(g.get("value")) == _value(p.get("value")) and (
                _unit_head(g.get("unit")) == _unit_head(p.get("unit"))
                or _unit_head(g.get("unit")).split()[:1] == _unit_head(p.get("unit")).split()[:1]
            ):
                hit = i
                break
        if hit is None:
            rep.targets.fn += 1
            rep.errors.append(f"{name}: target missed: {g.get('value')} {g.get('unit')} ({g.get('text')})")
        else:
            used.add(hit)
            rep.targets.tp += 1
            rep.target_kind.total += 1
            if g.get("kind") == pt[hit].get("kind"):
                rep.target_kind.right += 1
            else:
                rep.errors.append(f"{name}: target {g.get('value')} kind: gold {g.get('kind')} got {pt[hit].get('kind')}")
    for i, p in enumerate(pt):
        if i not in used:
            rep.targets.fp += 1
            rep.errors.append(f"{name}: target spurious: {p.get('value')} {p.get('unit')} ({p.get('text')})")

    # assignments: department name after case folding, expansion and punctuation removal
    ga = {norm_text(a["department"]): a for a in gold.get("assignments", [])}
    pa = {norm_text(a["department"]): a for a in pred.get("assignments", [])}
    for k, g in ga.items():
        if k in pa:
            rep.assignments.tp += 1
            rep.assignment_role.total += 1
            if g.get("role") == pa[k].get("role"):
                rep.assignment_role.right += 1
        else:
            rep.assignments.fn += 1
            rep.errors.append(f"{name}: assignment missed: {g['department']}")
    for k, p in pa.items():
        if k not in ga:
            rep.assignments.fp += 1
            rep.errors.append(f"{name}: assignment spurious: {p['department']}")


def in_half(gold_file: str, half: str | None) -> bool:
    """A gold file belongs to the odd or even half by the last number in its stem (r017 → odd)."""
    if half is None:
        return True
    numbers = regex.findall(r"\d+", Path(gold_file).stem)
    if not numbers:
        return False
    return (int(numbers[-1]) % 2 == 1) == (half == "odd")


def find_prediction(pred_dir: Path, gold_file: str) -> Path | None:
    """The prediction for a gold file: its record (the file's full name + .json, as extract
    writes it) anywhere under pred_dir, else one named by the stem (records from elsewhere)."""
    name = Path(gold_file).name
    hits = sorted(pred_dir.rglob(f"{name}.json")) or sorted(pred_dir.rglob(f"{Path(name).stem}.json"))
    return hits[0] if hits else None


def evaluate(gold_dir: Path, pred_dir: Path, strict: bool = False, half: str | None = None) -> Report:
    """Score every gold file that has a prediction; with strict, a missing one scores as empty.

    half: "odd" or "even" scores only the gold files of that half (by the number in the name).
    """
    rep = Report(strict=strict)
    for gpath in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gpath.read_text(encoding="utf-8"))
        if "document" not in gold or not in_half(gold.get("file", gpath.name), half):
            continue
        ppath = find_prediction(pred_dir, gold.get("file", gpath.name))
        if ppath is None:
            rep.missing.append(gold.get("file", gpath.name))
            if not strict:
                continue
            pred: dict[str, Any] = {"kind": None, "document": {}, "citations": [], "targets": [], "assignments": []}
        else:
            pred = json.loads(ppath.read_text(encoding="utf-8"))
        score_document(gold, pred, rep)
    return rep


def format_report(rep: Report, errors: bool = True) -> str:
    d = rep.as_dict()
    lines = [f"documents scored: {rep.documents}" + (f" (gold without prediction, {'scored as empty' if rep.strict else 'skipped'}: {', '.join(rep.missing)})" if rep.missing else "")]
    lines.append("field accuracy:")
    for k, v in d["fields"].items():
        lines.append(f"  {k:<10} {v:6.3f}")
    lines.append(f"  {'mean':<10} {d['mean_field_accuracy']:6.3f}  (document fields, kind excluded)")
    for label, key in (("citations (numbered)", "citations_numbered"), ("citations (named)", "citations_named"),
                       ("targets", "targets"), ("assignments", "assignments")):
        s = d[key]
        lines.append(f"{label:<22} P {s['p']:.3f}  R {s['r']:.3f}  F1 {s['f1']:.3f}  (tp {s['tp']} fp {s['fp']} fn {s['fn']})")
    attrs = "  ".join(f"{k} {v:.3f}" for k, v in d["citation_attributes"].items())
    lines.append(f"citation attributes on matched pairs: {attrs}")
    lines.append(f"target kind on matched pairs: {d['target_kind']:.3f}   assignment role: {d['assignment_role']:.3f}")
    if errors and rep.errors:
        lines.append("errors:")
        lines.extend(f"  {e}" for e in rep.errors)
    return "\n".join(lines)
