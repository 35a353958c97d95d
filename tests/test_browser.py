"""The web interfaces in a real headless browser (Debian's Chromium): the Datasette canned
descendants query for 02-NQ/TW, and a review page screenshot. Skipped without Chromium."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from .conftest import CORPUS, ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


def chromium(tmp: Path, *args: str) -> str:
    out = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp / 'profile'}", *args],
                         capture_output=True, text=True, timeout=60)
    return out.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from pipeline.batch import run

    tmp = tmp_path_factory.mktemp("web")
    run([CORPUS], tmp / "vanban.db", tmp / "json", workers=1, log=lambda _: None)
    return tmp / "vanban.db"


def test_datasette_canned_descendants_query(db: Path, tmp_path: Path) -> None:
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", "--db", str(db), "--port", str(port)],
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        url = f"{base}/vanban/descendants?" + urllib.parse.urlencode({"number": "2 – nq/tw"})  # as typed: identity finds 02-NQ/TW
        dom = chromium(tmp_path, "--dump-dom", url)
        assert "70/KH-LĐLĐ" in dom and "001_e86c97620387f6ef.txt" in dom  # cites it in its Căn cứ
        assert "002_d1fab260745a910b.txt" in dom  # the news article that cites it
        assert "17/KH-TLĐ" not in dom.split("<tbody>")[-1]  # not a descendant
        # read-only: immutable mode refuses writes
        facets = chromium(tmp_path, "--dump-dom", f"{base}/vanban/documents")
        assert "doc_type" in facets and "Kế hoạch" in facets
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_review_page_screenshot(db: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from pipeline.cli import cli

    res = CliRunner().invoke(cli, ["review", str(CORPUS / "000_d808816fdb247594.txt"), "--db", str(db),
                                   "--out", str(tmp_path)])
    assert res.exit_code == 0, res.output
    page = tmp_path / "000_d808816fdb247594.html"
    png = tmp_path / "review.png"
    chromium(tmp_path, f"--screenshot={png}", "--window-size=1280,1600", page.as_uri())
    assert png.exists() and png.stat().st_size > 30_000  # a rendered page, not a blank one
    dom = chromium(tmp_path, "--dump-dom", page.as_uri())
    assert "issuer (inferred)" in dom and "17/KH-TLĐ" in dom
