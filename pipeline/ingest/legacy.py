"""Word 97 .doc: python-docx cannot read it, so convert with LibreOffice headless."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from pipeline.errors import CorruptFile, MissingTool

CONVERT_TIMEOUT_S = 120


def read_doc(path: Path, data: bytes) -> dict[str, Any]:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise MissingTool(
            str(path),
            "Word 97 .doc needs LibreOffice to convert (install: make install-tools)",
        )
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.doc"
        src.write_bytes(data)
        try:
            subprocess.run(
                [office, "--headless", f"-env:UserInstallation=file://{tmp}/profile",
                 "--convert-to", "docx", "--outdir", tmp, str(src)],
                check=True, capture_output=True, timeout=CONVERT_TIMEOUT_S,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            raise CorruptFile(str(path), f"LibreOffice could not convert the .doc ({exc})") from exc
        out = Path(tmp) / "in.docx"
        if not out.exists():
            raise CorruptFile(str(path), "LibreOffice produced no .docx from the .doc")
        from pipeline.ingest.docx import read_docx

        result = read_docx(path, out.read_bytes())
        result["warnings"] = [*result.get("warnings", []), "converted from .doc with LibreOffice"]
        return result
