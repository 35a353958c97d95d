"""The web pages in a real headless browser (Debian's Chromium), asserting what a person sees:
the document page, a canned graph query with year and issuer, search for "đoàn viên ưu tú",
the charts, the graph view and the review page. Each page is also saved as a screenshot in
outputs/screenshots/ (the test artefacts CI keeps). Skipped without Chromium."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import CORPUS, REAL_DOCX, ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars",
         "--virtual-time-budget=10000"]  # scripts (Vega, the graph view) run before the DOM is read
SHOTS = ROOT / "outputs" / "screenshots"
PLAN = "000_d808816fdb247594.txt"  # 35/KH-LĐLĐ of LĐLĐ tỉnh Hòa Bình


def chromium(tmp: Path, *args: str) -> str:
    out = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp / 'profile'}", *args],  # type: ignore[list-item]
                         capture_output=True, text=True, timeout=90)
    return out.stdout


def dom(tmp: Path, url: str, shot: str | None = None, size: str = "1280,1400") -> str:
    """The page's DOM after its scripts ran; a screenshot saved as outputs/screenshots/<shot>.png
    (one browser run for both)."""
    if not shot:
        return chromium(tmp, "--dump-dom", url)
    SHOTS.mkdir(parents=True, exist_ok=True)
    png = SHOTS / f"{shot}.png"
    png.unlink(missing_ok=True)
    page = chromium(tmp, "--dump-dom", f"--screenshot={png}", f"--window-size={size}", url)
    assert png.stat().st_size > 20_000  # a rendered page, not a blank one
    return page


def text_of(html: str) -> str:
    """What a person reads: tags dropped, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus, the real Word files, and the Hòa Bình plan as issued in Lai Châu too (two
    documents share 35/KH-LĐLĐ, as every province's do)."""
    from pipeline.batch import run

    tmp = tmp_path_factory.mktemp("web")
    src = tmp / "in"
    shutil.copytree(CORPUS, src / "corpus")
    text = (CORPUS / PLAN).read_text(encoding="utf-8").replace("Hòa Bình", "Lai Châu")
    (src / "laichau.txt").write_text(text, encoding="utf-8")
    if REAL_DOCX.is_dir():
        shutil.copytree(REAL_DOCX, src / "docx", ignore=shutil.ignore_patterns("*.doc", "*.md"))
    run([src], tmp / "vanban.db", tmp / "json", workers=1, log=lambda _: None)
    return tmp / "vanban.db"


@pytest.fixture(scope="module")
def base(db: Path) -> Iterator[str]:
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", "--db", str(db), "--port", str(port)],
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(url + "/-/versions.json", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def doc_id(db: Path, file: str) -> str:
    import sqlite3

    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT id FROM documents WHERE file = ? AND instr(id, '#') = 0", (file,)).fetchone()[0]


def test_document_page(db: Path, base: str, tmp_path: Path) -> None:
    page = dom(tmp_path, f"{base}/-/van-ban/{doc_id(db, PLAN)}", shot="document")
    seen = text_of(page)
    for fact in ("35/KH-LĐLĐ", "Kế hoạch", "Liên đoàn Lao động tỉnh Hòa Bình", "2024-06-17", "Nguyễn Mạnh Cường",
                 "Triển khai “Tháng cao điểm phát triển đoàn viên"):
        assert fact in seen
    assert "Căn cứ, trích dẫn (3)" in seen and "Phân công (4)" in seen and "Ban Tổ chức - Kiểm tra" in seen
    assert re.search(r'<a href="/-/nut/\d+">17/KH-TLĐ</a>', page)  # cited, not in the archive: its own page
    assert "chưa có" in seen and 'href="/-/duyet/' in page and 'href="/-/tep/' in page
    assert "<details" in page and '"pipeline_version"' in page  # the raw record, folded away
    # Datasette's row page of the document (titled by its hash) leads here
    assert "<h1>35/KH-LĐLĐ</h1>" in dom(tmp_path, f"{base}/vanban/documents/{doc_id(db, PLAN)}")
    # the cited plan's page: both provinces' 35/KH-LĐLĐ cite it, each linked to its document
    node = re.search(r'<a href="(/-/nut/\d+)">17/KH-TLĐ</a>', page).group(1)  # type: ignore[union-attr]
    cited = dom(tmp_path, base + node)
    assert "chưa có trong kho" in text_of(cited)
    citers = re.findall(r'<a href="/-/van-ban/[0-9a-f]+">35/KH-LĐLĐ</a>', cited)
    assert len(citers) == 2
    assert "Liên đoàn Lao động tỉnh Lai Châu" in cited and "Liên đoàn Lao động tỉnh Hòa Bình" in cited


def test_document_list_newest_first(base: str, tmp_path: Path) -> None:
    page = dom(tmp_path, f"{base}/-/van-ban")
    dates = re.findall(r'<td class="vb-nowrap">(\d{4}-\d\d-\d\d)</td>', page)
    # the corpus' three dated plans and the Lai Châu copy (more when ../shared/real-docx is there)
    assert len(dates) >= 4 and dates == sorted(dates, reverse=True)
    assert "Cơ quan ban hành" in page and "Trích yếu" in page
    # Datasette's own table: newest first, the number opens the document page, the record folded
    table = dom(tmp_path, f"{base}/vanban/documents")
    assert "<h1" in table and "Văn bản" in text_of(table.split("<h1")[1].split("</h1>")[0])
    assert re.search(r'<a href="/-/van-ban/[0-9a-f]+">35/KH-LĐLĐ</a>', table)
    assert "<details><summary>JSON (" in table
    assert 'số ký hiệu <small class="vb-col">number</small>' in table  # Vietnamese column headings
    assert 'cơ quan ban hành <small class="vb-col">issuer</small>' in table
    assert 'href="/-/van-ban">Văn bản</a>' in table  # the way back from Datasette's pages
    dates = re.findall(r'<td class="col-date type-str">(\d{4}-\d\d-\d\d)</td>', table)
    # the corpus' three dated plans and the Lai Châu copy (more when ../shared/real-docx is there)
    assert len(dates) >= 4 and dates == sorted(dates, reverse=True)
    edges = dom(tmp_path, f"{base}/vanban/citations")
    assert re.search(r'<a href="/vanban/nodes/\d+">17/KH-TLĐ</a>', edges)  # nodes by symbol, not bare ids


def test_graph_query_with_year_and_issuer(base: str, tmp_path: Path) -> None:
    def query(shot: str | None = None, **params: str) -> str:
        """The rows of the canned query "cites" (the page also shows its SQL)."""
        args = {"so_ky_hieu": "", "nam": "", "co_quan": "", **params}
        page = dom(tmp_path, f"{base}/vanban/cites?" + urllib.parse.urlencode(args), shot=shot)
        assert "<title>Văn bản này trích dẫn — vanban</title>" in page  # titled in Vietnamese, not by its SQL
        return page.split("<tbody>")[1].split("</tbody>")[0]

    shared = text_of(query(so_ky_hieu="35/KH-LDLD"))  # typed without Đ
    assert shared.count("Nhiều văn bản cùng số ký hiệu") == 2  # one row per candidate, not a merged list
    assert "Liên đoàn Lao động tỉnh Lai Châu" in shared and "Liên đoàn Lao động tỉnh Hòa Bình" in shared
    assert "17/KH-TLĐ" not in shared
    page = query(so_ky_hieu="35/KH-LDLD", nam="2024", co_quan="lai chau", shot="query-cites")
    seen = text_of(page)
    assert "Nhiều văn bản" not in seen and "17/KH-TLĐ" in seen and "1399/TLĐ-ToC" in seen
    assert len(re.findall(r'<a href="/-/nut/\d+">mở</a>', page)) == 3  # each row opens its document
    desc = text_of(dom(tmp_path, f"{base}/vanban/descendants?" + urllib.parse.urlencode(
        {"so_ky_hieu": "02-NQ/TW", "nam": "", "co_quan": ""})).split("<tbody>")[1])
    assert "70/KH-LĐLĐ" in desc and "17/KH-TLĐ" not in desc


def test_search_with_diacritics(base: str, tmp_path: Path) -> None:
    page = dom(tmp_path, f"{base}/-/tim-kiem?" + urllib.parse.urlencode({"q": "đoàn viên ưu tú"}), shot="search")
    seen = text_of(page)
    assert re.search(r"\d+ văn bản cho «đoàn viên ưu tú»", seen)
    assert "35/KH-LĐLĐ Triển khai “Tháng cao điểm" in seen  # the document's number and title
    assert "<mark>đoàn viên ưu tú</mark>" in page  # the snippet with its diacritics, highlighted
    same = text_of(dom(tmp_path, f"{base}/-/tim-kiem?q=doan+vien+uu+tu"))
    assert re.search(r"\d+ văn bản", same).group(0) == re.search(r"\d+ văn bản", seen).group(0)  # type: ignore[union-attr]


def test_charts(base: str, tmp_path: Path) -> None:
    page = dom(tmp_path, f"{base}/-/bieu-do?" + urllib.parse.urlencode({"don_vi": "đoàn viên"}), shot="chart",
               size="1280,1100")
    assert page.count('data-rendered="1"') == 2  # both charts drawn by the bundled Vega
    svg = page.split('id="chart-targets"')[1].split('id="chart-issuers"')[0]
    assert "<svg" in svg and "Bến Tre" in svg and "chỉ tiêu" in svg and "kết quả" in svg  # provinces, kinds
    issuers = page.split('id="chart-issuers"')[1]
    assert "Liên đoàn Lao động tỉnh Hòa Bình" in issuers and "Liên đoàn Lao động tỉnh Lai Châu" in issuers
    assert "http://" not in page.split("<head>")[1].split("</head>")[0].replace(base, "")  # nothing from the network


def test_graph_view(db: Path, base: str, tmp_path: Path) -> None:
    doc = dom(tmp_path, f"{base}/-/van-ban/{doc_id(db, PLAN)}")
    graph = re.search(r'href="(/-/do-thi/\d+)"', doc).group(1)  # type: ignore[union-attr]
    page = dom(tmp_path, base + graph, shot="graph", size="1280,700")
    assert 'data-rendered="4"' in page  # the plan and the three documents it cites
    assert page.count('class="vb-node vb-out"') == 3 and "vb-center" in page
    assert "17/KH-TLĐ" in page and "Liên đoàn Lao động tỉnh Hòa Bình" in page


def test_most_cited_and_missing_link_to_pages(base: str, tmp_path: Path) -> None:
    page = dom(tmp_path, f"{base}/-/trich-dan")
    missing = page.split('id="chua-co"')[1]
    row = re.search(r'<a href="/-/nut/\d+">17/KH-TLĐ</a></td><td>Kế hoạch</td><td>2024</td>.*?<td class="vb-num">(\d+)',
                    missing, re.S)
    assert row and int(row.group(1)) >= 2


def test_review_page(db: Path, base: str, tmp_path: Path) -> None:
    page = dom(tmp_path, f"{base}/-/duyet/{doc_id(db, PLAN)}", shot="review")
    seen = text_of(page)
    assert "cơ quan ban hành (suy ra)" in seen and "căn cứ 17/KH-TLĐ" in seen
    assert "35/KH-LĐLĐ" in page and "35 / KH" not in seen  # the text as written, not re-tokenised
    assert "người ký Nguyễn Mạnh Cường" in seen or "Nguyễn Mạnh Cường" in seen
    assert re.search(r'<th>cơ quan ban hành</th><td>Liên đoàn Lao động tỉnh Hòa Bình', page)  # the record as a table


@pytest.mark.skipif(not (REAL_DOCX / "congvan_tuldtt.docx").is_file(), reason="../shared/real-docx is absent")
def test_review_page_shows_every_document_of_a_file(db: Path, base: str, tmp_path: Path) -> None:
    import sqlite3

    with sqlite3.connect(db) as conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM documents WHERE file = 'congvan_tuldtt.docx' ORDER BY id")]
        numbers = [r[0] for r in conn.execute("SELECT number FROM documents WHERE file = 'congvan_tuldtt.docx'")]
    assert len(ids) > 1
    page = dom(tmp_path, f"{base}/-/duyet/{urllib.parse.quote(ids[1])}")
    seen = text_of(page)
    assert f"Văn bản 1/{len(ids)}" in seen and f"Văn bản {len(ids)}/{len(ids)}" in seen
    for k in range(len(ids)):  # each document's number highlighted in the text
        assert f'id="d{k}-number"' in page or numbers[k] is None
