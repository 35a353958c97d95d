"""Identity in one place: symbols, issuers and node keys, and no other normaliser in the package."""

from __future__ import annotations

import ast
import re
import unicodedata
from pathlib import Path

import pytest

from pipeline import identity

from .conftest import ROOT

PACKAGE = ROOT / "pipeline"


@pytest.mark.parametrize(("typed", "key"), [
    ("02 – NQ/TW", "2-NQ/TW"),
    ("0035/kh—lđlđ", "35/KH-LĐLĐ"),
    ("70 /KH-LĐLĐ", "70/KH-LĐLĐ"),
    ("35 / KH - LĐLĐ", "35/KH-LĐLĐ"),
    ("0/KH", "0/KH"),
    ("1399/TLĐ-ToC", "1399/TLĐ-TOC"),
    ("42/2010/NÐ-CP", "42/2010/NĐ-CP"),       # Icelandic eth, as a legacy encoding leaves it
    ("777/QƉ-TLƉ", "777/QĐ-TLĐ"),             # African D
    ("17/KH\u2011TLĐ", "17/KH-TLĐ"),          # non-breaking hyphen
    (unicodedata.normalize("NFD", "17/KH-TLĐ"), "17/KH-TLĐ"),
])
def test_symbol(typed: str, key: str) -> None:
    assert identity.symbol(typed) == key


def test_symbol_folded_reads_đ_as_d() -> None:
    assert identity.symbol_folded("35/KH-LDLD") == identity.symbol_folded("035/kh-lđlđ") == "35/KH-LDLD"
    assert identity.symbol("35/KH-LDLD") != identity.symbol("35/KH-LĐLĐ")  # FORMAT.md scoring keeps Đ


def test_symbol_glob_matches_both_letters() -> None:
    import sqlite3

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE n (s TEXT)")
    conn.executemany("INSERT INTO n VALUES (?)", [("35/KH-LĐLĐ",), ("35/KH-LDLD",), ("35/KH-LĐLĐT",), ("36/KH-LĐLĐ",),
                                                  ("[35]/KH",)])
    glob = identity.symbol_glob("35/kh-ldld")
    assert sorted(r[0] for r in conn.execute("SELECT s FROM n WHERE s GLOB ?", (glob,))) == ["35/KH-LDLD", "35/KH-LĐLĐ"]
    assert [r[0] for r in conn.execute("SELECT s FROM n WHERE s GLOB ?", (identity.symbol_glob("[35]/KHD"),))] == []
    assert identity.symbol_glob("02-NQ/TW") is None


def test_clean_symbol_keeps_zeros_and_case() -> None:
    assert identity.clean_symbol("02- NQ/TW") == "02-NQ/TW"
    assert identity.clean_symbol("70 /KH-LĐLĐ") == "70/KH-LĐLĐ"


def test_issuer_key() -> None:
    tld = "tổng liên đoàn lao động việt nam"
    assert identity.issuer_key("Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam") == tld
    assert identity.issuer_key("Đoàn Chủ tịch TLĐ") == tld
    assert identity.issuer_key(unicodedata.normalize("NFD", "Ban Thường vụ LĐLĐ tỉnh Lai Châu")) == \
        "liên đoàn lao động tỉnh lai châu"
    # "LĐLĐ tỉnh" alone is not an identity; with the document's province it is
    assert identity.issuer_key("Ban Thường vụ LĐLĐ tỉnh", province="Lai Châu") == "liên đoàn lao động tỉnh lai châu"
    assert identity.issuer_key("LĐLĐ tỉnh") == "liên đoàn lao động tỉnh"
    assert identity.issuer_key(None) is None and identity.issuer_key("") is None


def test_issuer_name_completes_the_province() -> None:
    assert identity.issuer_name("Ban Thường vụ LĐLĐ tỉnh", "Lai Châu") == "Ban Thường vụ Liên đoàn Lao động tỉnh Lai Châu"
    assert identity.issuer_name("Tỉnh ủy", "Hòa Bình") == "Tỉnh ủy Hòa Bình"
    assert identity.issuer_name("LĐLĐ tỉnh lai châu") == "Liên đoàn Lao động tỉnh Lai Châu"


def test_typed_issuer() -> None:
    stored = identity.typed("Liên đoàn Lao động tỉnh Lai Châu")
    for typed in ("lai chau", "Lai Châu", "LĐLĐ tỉnh Lai Châu", "  lai   châu "):
        assert identity.typed(typed).strip() in stored, typed


def test_node_key() -> None:
    assert identity.node_key("017/KH-TLĐ", 2024, "Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam") == \
        "17/KH-TLĐ|2024|tổng liên đoàn lao động việt nam"
    assert identity.node_key("17/KH-TLĐ", None, "Tổng Liên đoàn Lao động Việt Nam") is None
    assert identity.node_key(None, 2024, "Bộ Chính trị") is None
    assert identity.node_key("02-NQ/TW", 2021, None) is None


def test_extraction_store_and_evaluation_agree() -> None:
    """A citation, the archived document it names and the scorer key the same way."""
    from pipeline.evaluate import field_equal

    assert field_equal("number", "02 – NQ/TW", "2-NQ/TW")
    assert field_equal("issuer", "Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam", "Tổng LĐLĐ Việt Nam")
    assert not field_equal("issuer", "Liên đoàn Lao động tỉnh", "Liên đoàn Lao động tỉnh Lai Châu")


# ---- no other normaliser ---------------------------------------------------------------
# Function names that say "this keys a symbol or an issuer", and the idioms of doing it by hand:
# leading zeros stripped by a regex, dashes folded into a symbol, a key built from
# "|{year}|", an issuer compared without its organ.
NORMALISER_NAME_RE = re.compile(
    r"^_?(?:norm(?:ali[sz]e)?_(?:number|symbol|issuer|key)|(?:issuer|symbol|node|number)_key|key_parts)$")
IDIOMS = {
    "leading zeros stripped by hand": re.compile(r"0\+\(\?=\\d\)|\^0\+"),
    "a node key built by hand": re.compile(r"\|\{year\}\|"),
    "an issuer keyed by hand": re.compile(r"strip_organ\(\s*expand_abbreviations"),
    "punctuation folded into a key by hand": re.compile(r"\[\\s\\p\{P\}\]\+"),
}


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.name != "identity.py")


def test_no_normaliser_outside_identity() -> None:
    found = []
    for path in _modules():
        src = path.read_text(encoding="utf-8")
        rel = path.relative_to(ROOT)
        for node in ast.walk(ast.parse(src)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and NORMALISER_NAME_RE.match(node.name):
                found.append(f"{rel}:{node.lineno}: def {node.name}")
        for n, line in enumerate(src.splitlines(), start=1):
            for what, rx in IDIOMS.items():
                if rx.search(line):
                    found.append(f"{rel}:{n}: {what}: {line.strip()}")
    assert not found, "use pipeline.identity instead:\n" + "\n".join(found)


def test_one_fold() -> None:
    """Folding diacritics away has one home too (pipeline/folding.py), re-exported where used."""
    defs = [f"{p.relative_to(ROOT)}:{n.lineno}" for p in _modules() for n in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
            if isinstance(n, ast.FunctionDef) and n.name in ("fold", "_fold")]
    assert defs == ["pipeline/folding.py:9"]


def test_the_grep_finds_a_normaliser(tmp_path: Path) -> None:
    """The check above can fail: a module with its own symbol normaliser is caught."""
    src = 'import regex\n\ndef normalize_number(n):\n    return regex.sub(r"^0+(?=\\d)", "", n.upper())\n'
    tree = ast.parse(src)
    assert any(isinstance(x, ast.FunctionDef) and NORMALISER_NAME_RE.match(x.name) for x in ast.walk(tree))
    assert any(rx.search(line) for line in src.splitlines() for rx in IDIOMS.values())


def test_one_word_in_either_tone_convention_is_one_key() -> None:
    """'Văn hoá' (old placement, as many documents print it) and 'Văn hóa' name one body: a
    key or a comparison that told them apart would split a node of the citation graph."""
    from pipeline import identity

    old = identity.issuer_key("Ban Văn hoá - Xã hội Hội đồng nhân dân tỉnh Sơn La")
    assert old == identity.issuer_key("Ban Văn hóa - Xã hội Hội đồng nhân dân tỉnh Sơn La")
    assert identity.text_key("Ninh Hoà") == identity.text_key("Ninh Hòa")
    assert identity.text_key("Uỷ ban") == "ủy ban"
    assert identity.modern_tones("quý hoàng khoẻ") == "quý hoàng khỏe"  # qu keeps y's mark; 'oàng' is no final pair
