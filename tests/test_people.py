"""What an archivist types and what a spreadsheet user opens: symbols typed loosely, the
targets by province, exports Excel reads, SVG labels that tell a hub's citers apart."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.identity import number_head, symbol_loose as symbol_key

from .conftest import CORPUS

PLAN = "000_d808816fdb247594.txt"  # 35/KH-LĐLĐ of LĐLĐ tỉnh Hòa Bình, cites 17/KH-TLĐ


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The corpus plus the same plan as issued in Lai Châu: two documents share 35/KH-LĐLĐ."""
    tmp = tmp_path_factory.mktemp("people")
    src = tmp / "in"
    src.mkdir()
    for f in CORPUS.glob("*.txt"):
        (src / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    text = (CORPUS / PLAN).read_text(encoding="utf-8").replace("Hòa Bình", "Lai Châu")
    (src / "laichau.txt").write_text(text, encoding="utf-8")
    out = CliRunner().invoke(cli, ["extract", str(src), "--db", str(tmp / "v.db"), "--json-dir", str(tmp / "j"),
                                   "--workers", "1"])
    assert out.exit_code == 0, out.output
    return str(tmp / "v.db")


@pytest.mark.parametrize("typed", ["35/KH-LĐLĐ", "35/KH-LDLD", "35 / kh ldld", "035/KH–LĐLĐ", "35/KHLĐLĐ"])
def test_symbol_key_ignores_what_keyboards_change(typed: str) -> None:
    assert symbol_key(typed) == symbol_key("35/KH-LĐLĐ") == "35/KHLDLD"
    assert number_head(typed) == "35"


def test_symbol_key_keeps_different_symbols_apart() -> None:
    assert symbol_key("35/KH-LĐLĐ") != symbol_key("35/KH-TLĐ")
    assert symbol_key("350/KH-LĐLĐ") != symbol_key("35/KH-LĐLĐ")
    assert symbol_key("02-NQ/TW") == symbol_key("2-NQ/TW")


def test_show_and_graph_take_a_symbol_typed_without_d_bar(db: str) -> None:
    runner = CliRunner()
    shown = runner.invoke(cli, ["show", "35/KH-LDLD", "--db", db, "--json"])
    assert shown.exit_code == 0, shown.output
    issuers = sorted(r["document"]["issuer"] for r in json.loads(shown.output))
    assert issuers == ["Liên đoàn Lao động tỉnh Hòa Bình", "Liên đoàn Lao động tỉnh Lai Châu"]
    shared = runner.invoke(cli, ["graph", "cites", "35/KH-LDLD", "--db", db])
    assert shared.exit_code == 2 and "2 documents share this symbol" in shared.output
    one = runner.invoke(cli, ["graph", "cites", "35/KH LDLD", "--issuer", "lai chau", "--db", db, "--json"])
    assert one.exit_code == 0, one.output
    assert "17/KH-TLĐ" in [r["number"] for r in json.loads(one.output)]


def test_graph_export_center_takes_year_and_issuer(db: str, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "n.svg"
    ambiguous = runner.invoke(cli, ["graph", "export", "--format", "svg", "--center", "35/KH-LĐLĐ", "--out", str(out),
                                    "--db", db])
    assert ambiguous.exit_code == 2 and not out.exists()
    res = runner.invoke(cli, ["graph", "export", "--format", "svg", "--center", "35/KH-LĐLĐ", "--year", "2024",
                              "--issuer", "Hòa Bình", "--out", str(out), "--db", db])
    assert res.exit_code == 0, res.output
    texts = [t.text for t in ET.parse(out).getroot().iter("{http://www.w3.org/2000/svg}text")]
    assert "tỉnh Hòa Bình" in texts  # the province on its own line, whole
    assert not any(t and "Lai Châu" in t for t in texts)


def test_svg_labels_keep_the_province() -> None:
    from pipeline.graph.exports import _wrap_keeping_end

    assert _wrap_keeping_end("Liên đoàn Lao động tỉnh Kon Tum", 30, 2) == ["Liên đoàn Lao động", "tỉnh Kon Tum"]
    long = _wrap_keeping_end("Ban Chấp hành Công đoàn Viên chức và Người lao động tỉnh Bà Rịa - Vũng Tàu", 30, 2)
    assert len(long) == 2 and long[-1].endswith("tỉnh Bà Rịa - Vũng Tàu") and long[0].endswith("…")
    assert all(len(line) <= 30 for line in long)


def test_targets_by_province_and_unit_without_diacritics(db: str) -> None:
    runner = CliRunner()
    res = runner.invoke(cli, ["targets", "--unit", "doan vien", "--province", "ben tre", "--db", db, "--json"])
    rows = json.loads(res.output)
    assert len(rows) == 4 and {r["province"] for r in rows} == {"Bến Tre"}  # "đoàn viên ưu tú" counts as đoàn viên
    assert {r["unit_canonical"] for r in rows} == {"đoàn viên"}
    both = json.loads(runner.invoke(cli, ["targets", "--unit", "Đoàn viên", "--db", db, "--json"]).output)
    assert {r["province"] for r in both} == {"Bến Tre", "Quảng Trị"}
    assert json.loads(runner.invoke(cli, ["targets", "--province", "lai chau", "--db", db, "--json"]).output)[0][
        "unit"] == "hoạt động"
    text = runner.invoke(cli, ["targets", "--unit", "đoàn viên", "--province", "Quảng Trị", "--db", db]).output
    assert "Quảng Trị" in text and text.rstrip().endswith("1 rows")


def test_csv_opens_in_excel_with_the_document(db: str, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "t.csv"
    assert runner.invoke(cli, ["export", "csv-targets", "--db", db, "--out", str(out)]).exit_code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with the BOM
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    qt = [r for r in rows if r["province"] == "Quảng Trị"]
    assert {r["file"] for r in qt} == {"004_fe43eda2a9000c3b.txt"} and len(qt) == 2
    assert qt[0]["title"] and "date" in qt[0] and "issuer" in qt[0]
    news = [r for r in rows if r["province"] == "Bến Tre"]
    assert news[0]["title"].startswith("Họp Ban chỉ đạo phát triển đoàn viên")  # a news article: its headline
    out = tmp_path / "a.csv"
    runner.invoke(cli, ["export", "csv-assignments", "--db", db, "--out", str(out)])
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    tasks = [r["tasks"] for r in rows if r["tasks"]]
    assert "theo dõi, đôn đốc triển khai thực hiện kế hoạch này." in tasks  # text, not a JSON list
    assert not any(t.startswith("[") for t in tasks)


def test_progress_rate_and_eta_wait_for_a_settled_rate() -> None:
    from pipeline.progress import rate_and_eta

    assert rate_and_eta(0, 100, 0.5) == ("", "")
    assert rate_and_eta(5, 100, 1.0) == ("5.0 files/s", "")  # no ETA from start-up alone
    # settled at 10 files after 2 s (start-up included); 50 files more in 1 s: 50 files/s
    rate, eta = rate_and_eta(60, 1060, 3.0, since=(10, 2.0))
    assert rate == "50.0 files/s" and eta == "ETA 0:20"
    assert rate_and_eta(1060, 1060, 5.0, since=(10, 2.0))[1] == ""


def test_extract_piped_lists_each_failure_once(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "plan.txt").write_text((CORPUS / PLAN).read_text(encoding="utf-8"), encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    res = CliRunner().invoke(cli, ["extract", str(src), "--db", str(tmp_path / "v.db"), "--json-dir",
                                   str(tmp_path / "j"), "--workers", "1"])
    assert res.output.count("empty.txt: empty file (0 bytes)") == 1
    assert "\x1b[" not in res.output and "\r" not in res.output  # no bar when not a terminal
    assert res.output.startswith("extracted 1, unchanged 0, failed 1")


def test_extract_on_a_terminal_shows_files_rate_and_failures_above_the_bar(tmp_path: Path) -> None:
    import os
    import pty
    import subprocess
    import sys

    from .conftest import ROOT

    src = tmp_path / "in"
    src.mkdir()
    for k in range(30):
        (src / f"plan{k}.txt").write_text((CORPUS / PLAN).read_text(encoding="utf-8") + f"\n{k}\n", encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": "120", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "extract", str(src), "--db", str(tmp_path / "v.db"),
                             "--json-dir", str(tmp_path / "j"), "--workers", "1"], cwd=ROOT, env=env,
                            stdin=follower, stdout=follower, stderr=follower)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    os.close(leader)
    out = b"".join(chunks).decode("utf-8", "replace")
    assert "/31" in out and "files/s" in out  # files done of the total, and the rate
    lines = [line for line in out.replace("\r", "\n").split("\n") if "empty.txt: empty file" in line]
    assert len(lines) == 1 and "━" not in lines[0]  # the failure on its own line, once, not glued to the bar
    assert "extracted 30, unchanged 0, failed 1" in out and "files/s)" in out  # the summary with the rate


def test_review_of_a_document_inside_a_file_shows_the_whole_file(tmp_path: Path) -> None:
    from .conftest import REAL_DOCX

    docx = REAL_DOCX / "congvan_tuldtt.docx"
    if not docx.is_file():
        pytest.skip("../shared/real-docx is absent")
    runner = CliRunner()
    db = str(tmp_path / "v.db")
    runner.invoke(cli, ["extract", str(docx), "--db", db, "--json-dir", str(tmp_path / "j"), "--workers", "1"])
    import sqlite3

    with sqlite3.connect(db) as conn:
        parts = conn.execute("SELECT id, number FROM documents WHERE instr(id, '#') > 0 AND number IS NOT NULL "
                             "ORDER BY id").fetchall()
        total = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    doc_id, number = parts[0]
    k = int(doc_id.split("#")[1])
    res = runner.invoke(cli, ["review", number, "--db", db, "--out", str(tmp_path / "r")])
    assert res.exit_code == 0, res.output
    page = next((tmp_path / "r").rglob(f"congvan_tuldtt.docx-{k}.html")).read_text(encoding="utf-8")
    assert all(f"Văn bản {i}/{total}" in page for i in range(1, total + 1))  # every document of the file
    opened = re.sub(r"<[^>]+>", "", page.split('<details class="doc" open>')[1].split("</summary>")[0])
    assert f"Văn bản {k}/{total}: {number}" in opened  # the one asked for, open
    assert f'id="van-ban-{k}"' in page  # where it starts in the text, for the link
