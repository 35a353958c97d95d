"""Where `vanban extract` spends its time: a py-spy flame graph (run by `make profile`).

    python tests/bench/profile_extract.py [--files 1000] [--format txt] [--workers 2]

Generates a corpus (tests/synth.py), records `vanban extract` over it with py-spy
(workers included) and writes outputs/bench/profile-<format>.svg; open it in a browser.
Profile before optimising: the figures in README "Performance" came from these.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.synth import generate  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--format", default="txt", choices=["txt", "docx", "pdf"])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--rate", type=int, default=250, help="samples per second")
    args = ap.parse_args()
    py_spy = shutil.which("py-spy", path=str(Path(sys.executable).parent)) or shutil.which("py-spy")
    if py_spy is None:
        sys.exit("py-spy is not installed: pip install py-spy (make profile does it)")
    work = Path(tempfile.mkdtemp(prefix="vanban-profile-"))
    try:
        generate(work / "gen", args.files, seed=7, formats=(args.format,))
        out = ROOT / "outputs" / "bench" / f"profile-{args.format}.svg"
        out.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([py_spy, "record", "--subprocesses", "--nonblocking", "-r", str(args.rate), "-o", str(out), "--",
                        sys.executable, "-m", "pipeline", "extract", str(work / "gen" / "corpus"), "--db",
                        str(work / "p.db"), "--json-dir", str(work / "json"), "--workers", str(args.workers)],
                       cwd=ROOT, check=True)
        print(f"flame graph: {out}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
