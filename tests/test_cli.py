"""The command line as users meet it: help, exit codes, one-line errors, --json output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import cli

from .conftest import CORPUS, ROOT


def test_help_lists_commands() -> None:
    out = CliRunner().invoke(cli, ["--help"])
    assert out.exit_code == 0
    for cmd in ("extract", "show", "eval", "failures", "targets"):
        assert cmd in out.output


def test_help_does_not_import_heavy_modules() -> None:
    code = "import sys; from pipeline.cli import cli; print(any(m in sys.modules for m in ('spacy', 'underthesea', 'docx', 'pdfplumber')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "False"


def test_extract_show_and_failures(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "plan.txt").write_text((CORPUS / "000_d808816fdb247594.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    db = str(tmp_path / "v.db")
    runner = CliRunner()
    res = runner.invoke(cli, ["extract", str(corpus), "--db", db, "--json-dir", str(tmp_path / "json"), "--workers", "1"])
    assert res.exit_code == 1  # a file failed: CI notices
    assert "extracted 1, unchanged 0, failed 1" in res.output
    assert f"{corpus / 'empty.txt'}: empty file (0 bytes)" in res.output
    shown = runner.invoke(cli, ["show", "35/KH-LĐLĐ", "--db", db, "--json"])
    assert shown.exit_code == 0
    assert json.loads(shown.output)["document"]["issuer"] == "Liên đoàn Lao động tỉnh Hòa Bình"
    for typed in ("35/KH-LDLD", "035 / kh - lđlđ", "35/KH–LĐLĐ"):  # as typed: no Vietnamese keyboard, spaces, a dash
        shown = runner.invoke(cli, ["show", typed, "--db", db, "--json"])
        assert shown.exit_code == 0, typed
        assert json.loads(shown.output)["document"]["number"] == "35/KH-LĐLĐ"
    fails = runner.invoke(cli, ["failures", "--db", db, "--json"])
    assert [r["path"] for r in json.loads(fails.output)] == [str(corpus / "empty.txt")]
    missing = runner.invoke(cli, ["show", "99/KH-XYZ", "--db", db])
    assert missing.exit_code == 1 and "no such document" in missing.output


def test_missing_database_is_one_line_with_remedy(tmp_path: Path) -> None:
    res = CliRunner().invoke(cli, ["failures", "--db", str(tmp_path / "none.db")])
    assert res.exit_code == 1
    assert "no database yet (run: vanban extract" in res.output


def test_eval_reports_scores(tmp_path: Path) -> None:
    res = CliRunner().invoke(cli, ["eval", "--gold", str(ROOT / "tests" / "gold"), "--run", str(CORPUS), "--json"])
    assert res.exit_code == 0, res.output
    scores = json.loads(res.output)
    assert scores["fields"]["number"] == 1.0
    assert scores["citations_numbered"]["f1"] == 1.0


def test_graph_commands(tmp_path: Path) -> None:
    from .test_store import write_plan

    corpus = tmp_path / "in"
    for name in ("000_d808816fdb247594.txt", "001_e86c97620387f6ef.txt", "002_d1fab260745a910b.txt"):
        (corpus / name).parent.mkdir(exist_ok=True)
        (corpus / name).write_text((CORPUS / name).read_text(encoding="utf-8"), encoding="utf-8")
    write_plan(corpus, "lc.txt", "35/KH-LĐLĐ", "Lai Châu")  # a second 35/KH-LĐLĐ, of another province
    db = str(tmp_path / "v.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["extract", str(corpus), "--db", db, "--json-dir", str(tmp_path / "j"), "--workers", "1"]).exit_code == 0
    res = runner.invoke(cli, ["graph", "descendants", "02-NQ/TW", "--db", db, "--json"])
    assert res.exit_code == 0, res.output
    page = json.loads(res.output)  # a page: the rows, and whether there are more
    assert (page["more"], page["total"], page["offset"], page["limit"]) == (False, 3, 0, 1000)
    rows = page["rows"]
    assert {r["file"] for r in rows} == {"001_e86c97620387f6ef.txt", "002_d1fab260745a910b.txt", "lc.txt"}
    for r in rows:
        assert {"number", "doc_type", "year", "issuer", "in_archive", "file", "depth"} <= set(r)
    ambiguous = runner.invoke(cli, ["graph", "cites", "35/KH-LĐLĐ", "--db", db])
    assert ambiguous.exit_code == 2 and "narrow with --year and --issuer" in ambiguous.output
    narrowed = runner.invoke(cli, ["graph", "cites", "35/KH-LĐLĐ", "--issuer", "Hòa Bình", "--db", db, "--json"])
    assert {r["number"] for r in json.loads(narrowed.output)} == {"17/KH-TLĐ", "18/KH-TLĐ", "1399/TLĐ-ToC"}
    for typed, issuer in (("35 / KH - LĐLĐ", "hoa binh"), ("35/KH-LDLD", "LĐLĐ tỉnh Hòa Bình")):
        res = runner.invoke(cli, ["graph", "cites", typed, "--issuer", issuer, "--db", db, "--json"])
        assert res.exit_code == 0, res.output
        assert {r["number"] for r in json.loads(res.output)} == {"17/KH-TLĐ", "18/KH-TLĐ", "1399/TLĐ-ToC"}
    assert runner.invoke(cli, ["graph", "cites", "35/KH-LDLD", "--db", db]).exit_code == 2  # both provinces' plans
    missing = json.loads(runner.invoke(cli, ["graph", "missing", "--db", db, "--json"]).output)
    assert missing[0]["number"] == "02-NQ/TW" and missing[0]["count"] == 3 and missing[0]["in_archive"] is False
    first = runner.invoke(cli, ["graph", "missing", "--limit", "1", "--db", db])
    assert first.stdout.splitlines()[0].startswith("02-NQ/TW") and first.stdout.splitlines()[-1] == "1 rows"
    assert "the 1 most cited; more: --limit 0 for all of them" in first.stderr
    assert len(missing) > 1 and "more:" not in runner.invoke(cli, ["graph", "missing", "--limit", "0", "--db", db]).stderr
    out = tmp_path / "g.graphml"
    assert runner.invoke(cli, ["graph", "export", "--format", "graphml", "--out", str(out), "--db", db]).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("<?xml")


def test_targets_command(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    for name in ("002_d1fab260745a910b.txt", "004_fe43eda2a9000c3b.txt"):
        (corpus / name).write_text((CORPUS / name).read_text(encoding="utf-8"), encoding="utf-8")
    db = str(tmp_path / "v.db")
    runner = CliRunner()
    runner.invoke(cli, ["extract", str(corpus), "--db", db, "--json-dir", str(tmp_path / "j"), "--workers", "1"])
    res = runner.invoke(cli, ["targets", "--unit", "đoàn viên", "--year", "2024", "--kind", "target", "--db", db, "--json"])
    rows = json.loads(res.output)
    assert sorted(int(r["value"]) for r in rows) == [580, 1191, 8670, 14600]
    assert {r["province"] for r in rows} == {"Bến Tre"}
    res = runner.invoke(cli, ["targets", "--kind", "result", "--db", db, "--json"])
    assert sorted((int(r["value"]), r["unit"], r["year"]) for r in json.loads(res.output)) == [(17, "CĐCS", 2019), (1348, "đoàn viên", 2019)]


def test_search_without_diacritics(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    for name in ("000_d808816fdb247594.txt", "001_e86c97620387f6ef.txt", "004_fe43eda2a9000c3b.txt"):
        (corpus / name).write_text((CORPUS / name).read_text(encoding="utf-8"), encoding="utf-8")
    db = str(tmp_path / "v.db")
    runner = CliRunner()
    runner.invoke(cli, ["extract", str(corpus), "--db", db, "--json-dir", str(tmp_path / "j"), "--workers", "1"])
    rows = json.loads(runner.invoke(cli, ["search", "doan vien uu tu", "--db", db, "--json"]).output)
    assert [r["file"] for r in rows] == ["000_d808816fdb247594.txt"]
    assert "đoàn viên ưu tú" in rows[0]["snippet"]  # the snippet is cut from the original text
    rows = json.loads(runner.invoke(cli, ["search", "Quảng Trị", "--db", db, "--json"]).output)
    assert [r["file"] for r in rows] == ["004_fe43eda2a9000c3b.txt"]
    rows = json.loads(runner.invoke(cli, ["search", "70/KH-LĐLĐ", "--db", db, "--json"]).output)
    assert rows[0]["file"] == "001_e86c97620387f6ef.txt"
    (corpus / "000_d808816fdb247594.txt").unlink()  # a deleted document leaves the index
    runner.invoke(cli, ["extract", str(corpus), "--db", db, "--json-dir", str(tmp_path / "j"), "--workers", "1"])
    rows = json.loads(runner.invoke(cli, ["search", "doan vien uu tu", "--db", db, "--json"]).output)
    assert "000_d808816fdb247594.txt" not in [r["file"] for r in rows]


def test_review_page_and_exports(tmp_path: Path) -> None:
    import csv

    corpus = tmp_path / "in"
    corpus.mkdir()
    for name in ("000_d808816fdb247594.txt", "002_d1fab260745a910b.txt"):
        (corpus / name).write_text((CORPUS / name).read_text(encoding="utf-8"), encoding="utf-8")
    db = str(tmp_path / "v.db")
    runner = CliRunner()
    runner.invoke(cli, ["extract", str(corpus), "--db", db, "--json-dir", str(tmp_path / "j"), "--workers", "1"])
    res = runner.invoke(cli, ["review", str(corpus / "000_d808816fdb247594.txt"), "--db", db, "--out", str(tmp_path / "r")])
    assert res.exit_code == 0, res.output
    written = Path(res.output.split("wrote ", 1)[1].strip())  # the file's path mirrored under --out
    assert written.name == "000_d808816fdb247594.txt.html" and (tmp_path / "r") in written.parents
    page = written.read_text(encoding="utf-8")
    assert "cơ quan ban hành (suy ra)" in page and ">căn cứ</span>" in page and "17/KH-TLĐ" in page
    assert "<script" not in page and "http" not in page.split("<body>")[1]  # self-contained
    res = runner.invoke(cli, ["export", "jsonl", "--db", db])
    lines = [json.loads(line) for line in res.output.splitlines()]
    assert sorted(r["file"] for r in lines) == ["000_d808816fdb247594.txt", "002_d1fab260745a910b.txt"]
    res = runner.invoke(cli, ["export", "csv-targets", "--db", db])
    rows = list(csv.DictReader(res.output.splitlines()))
    assert sorted(int(r["value"]) for r in rows) == [5, 22, 580, 1191, 8670, 14600]
    res = runner.invoke(cli, ["export", "csv-assignments", "--db", db])
    assert "Ban Tổ chức - Kiểm tra" in res.output
