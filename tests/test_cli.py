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
