"""Shared fixtures: paths to the corpus, gold and ../shared, and a helper to run the pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLD = ROOT / "tests" / "gold"
SHARED = ROOT.parent / "shared"
REAL_DOCX = SHARED / "real-docx"

needs_real_docx = pytest.mark.skipif(not REAL_DOCX.is_dir(), reason="../shared/real-docx is absent")


@pytest.fixture(scope="session")
def nlp():
    from pipeline.nlp import build_nlp

    return build_nlp()


@pytest.fixture
def extract():
    """Extract a record from a text string."""
    from pipeline import extract_text

    def _run(text: str, name: str = "t.txt"):
        return extract_text(text, name)

    return _run
