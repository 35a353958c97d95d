"""Every regex of the extractors, compiled once, in eyecite's form: named, verbose,
commented, composed from named parts. Group names follow FORMAT.md fields.

Vocabulary alternations (type names, provinces) come from ``pipeline/data`` via
:mod:`pipeline.vocab`; only the grammar lives here.
"""

from __future__ import annotations

import functools

import regex

from pipeline import vocab

F = regex.VERBOSE | regex.V1

# ---------------------------------------------------------------------------
# Symbols (số và ký hiệu)
# ---------------------------------------------------------------------------
NUM = r"\d{1,5}[a-zđ]?"  # 06b/NQ-TLĐ: letter suffix
CODE = r"\p{Lu}[\p{L}\d]*"  # KH, LĐLĐ, ToC, QyĐ, CTr, CBHT1, QH14
CAPS_CODE = r"\p{Lu}[\p{Lu}\d]*"  # codes that may stand after a spaced separator
YEAR = r"(?:19|20)\d\d"

SYMBOL = rf"""
(?<![\p{{L}}\d/])
(?:
    {NUM} \s*/\s* (?:{YEAR}\s*/\s*)?          # state: 17/KH-TLĐ, 70 /KH-LĐLĐ, 145/2020/NĐ-CP
    {CODE}
    (?: -{CODE} | \s+-\s*{CAPS_CODE}\b | -\s+{CAPS_CODE}\b )*   # -TLĐ, ' - CĐTHTT' (17 / BC - CĐTHTT)
    (?: \s*/\s*(?:{CODE}|{YEAR}) (?:-{CODE})* )*                # joint 02/KHLT/LĐLĐ-TĐTN, 07/TTr-CĐCS/2024
  |
    {NUM} \s*-\s* {CODE} \s*/\s* {CODE}       # Party/Youth Union: 02-NQ/TW, 02- NQ/TW, 01 -BC/CB
    (?: -{CODE} )*                            # 411-KH/TWĐTN-BTC
    (?: \s(?=TW\b)TW )?                      # '02-HD/UBKT TW': a spaced TW suffix
)
(?![\p{{L}}\d])
"""
SYMBOL_RE = regex.compile(SYMBOL, F)

# "Số: 35/KH-LĐLĐ", "Số 01-KL/CBHT1", "Số:03 /BC-CĐCS"
NUMBER_LINE_RE = regex.compile(
    rf"""
    ^\s*[Ss][ốố]\s*(?:[:.])?\s*
    (?P<number>{SYMBOL})
    """,
    F,
)
# a blank number in a draft: "Số:   /TTr-CĐCS", "Số: - HD/TWĐTN-BTC"
BLANK_NUMBER_LINE_RE = regex.compile(r"^\s*Số\s*:?\s*[-/…. ]*\s*[-/]\s*\p{Lu}", F)

# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------
DATE_NUMERIC = r"""
(?P<day>\d{1,2}) \s*(?P<sep>[/.-])\s* (?P<month>\d{1,2}) \s*(?P=sep)\s* (?P<year>\d{4}|\d{2})(?!\d)
"""
DATE_WORDS = r"""
ngày \s+ (?P<wday>\d{1,2}) \s+ tháng \s+ (?P<wmonth>\d{1,2}) \s+ năm \s+ (?P<wyear>\d{4})(?!\d)
"""
DATE_RE = regex.compile(rf"(?<!\d)(?:{DATE_WORDS}|(?:ngày\s+)?{DATE_NUMERIC})", F | regex.IGNORECASE)

# "Hòa Bình, ngày 17 tháng 6 năm 2024" / "Lai châu, ngày 02 tháng 5 năm 2024"
PLACE_DATE_RE = regex.compile(
    r"""
    ^\s*(?:
        (?P<place>\p{L}[\p{L} .'-]{1,40}?) \s*,\s*
        (?P<date>ngày .{0,40}? năm \s* \d{4}                              # ngày 17 tháng 6 năm 2024
          | (?:ngày \s*)? \d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4})       # (ngày) 17/6/2024
      | (?-i:(?P<place>\p{Lu}\p{Ll}+(?:\s\p{Lu}\p{Ll}+){0,3}))\s+          # no comma: "Hòa Bình ngày 17 tháng 6 năm 2024"
        (?P<date>ngày \s+ \d{1,2} \s+ tháng \s+ \d{1,2} \s+ năm \s+ \d{4})
    )
    """,
    F | regex.IGNORECASE,
)

HAS_DIGIT_RE = regex.compile(r"\d")


def place_date_match(s: str) -> regex.Match[str] | None:
    """PLACE_DATE_RE.match, after the cheap test that s has a digit at all: every place-date
    line has one, most header cells do not, and the pattern's lazy place backtracks (the
    segmenter asks this of ~30 cells a document)."""
    return PLACE_DATE_RE.match(s) if HAS_DIGIT_RE.search(s) else None


PLACE_DATE_INSIDE_RE = regex.compile(
    r"(?<=\s|^)(?P<place>\p{Lu}\p{Ll}+(?:\s\p{Lu}\p{Ll}+){0,3}),\s*ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}"
)

# ---------------------------------------------------------------------------
# Header lines
# ---------------------------------------------------------------------------
QUOC_HIEU_RE = regex.compile(
    # the motto sometimes loses "NAM" (or "VIỆT NAM") to a line break or a typo in Word templates
    r"CỘNG\s+H(?:ÒA|OÀ)\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA(?:\s+VIỆT(?:\s+NAM)?)?|Độc\s+lập\s*-\s*Tự\s+do\s*-\s*Hạnh\s+phúc"
    r"|ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM",
    F,
)
# columns of a flattened header: tabs, runs of spaces, ' | '
COLUMN_SPLIT_RE = regex.compile(r"\t+|\s{3,}|\s+\|\s+|^\|\s*|\s*\|$")
VV_INSIDE_RE = regex.compile(r"(?<=\s)V/v\s*[.:]?\s*(?P<title>\S.+)")
VV_RE = regex.compile(r"^\s*V/v\s*[.:]?\s*(?P<title>.+)", F | regex.IGNORECASE)

# ---------------------------------------------------------------------------
# Signature block
# ---------------------------------------------------------------------------
AUTHORITY_RE = regex.compile(
    r"""^\s*\**\s*(?P<prefix>TM|T/M|KT|K/T|TL|T/L|TUQ|Q|Q/)\s*[./:]?\s+(?P<body>\p{Lu}.*?)\s*\**\s*$""",
    F,
)
RECIPIENTS_RE = regex.compile(r"^\s*\**\s*Nơi\s+nhận\s*:?", F | regex.IGNORECASE)

# ---------------------------------------------------------------------------
# Sections
# ---------------------------------------------------------------------------
SECTION_RE = regex.compile(
    r"""
    ^[ \t]*
    (?P<label>
        (?P<roman>[IVXL]{1,5})\s*[./-]           # I.  I/  I-
      | (?P<arabic>\d{1,2}(?:\.\d{1,2}){0,3})(?:[./-]|(?=\s))   # 1.  1.1.  1-  1.1
      | (?P<letter>[a-zđ])\s*[)./]               # a)  b.
      | (?P<bullet>[-+•*–])                      # - + • *
    )
    [ \t]*(?P<heading>\S[^\n]*)$
    """,
    F | regex.MULTILINE,
)
BULLET_LEVEL = 7  # a bullet sits under every numbered heading


def section_level(m: regex.Match[str]) -> int:
    """The depth of a SECTION_RE heading, read from its label: I. → 1, 1. → 2, 1.1. → 3 (a dot a
    level), a) → 6, a bullet → BULLET_LEVEL. One definition for segmentation, targets and
    assignments, so a part and its subsections nest the same way for all of them."""
    if m.group("roman"):
        return 1
    if m.group("arabic"):
        return 2 + m.group("arabic").count(".")
    if m.group("letter"):
        return 6
    return BULLET_LEVEL

# ---------------------------------------------------------------------------
# Citations
# ---------------------------------------------------------------------------
BASIS_CUE_RE = regex.compile(r"^[\s\-–+•*]*(?:Căn\s+cứ|Thực\s+hiện|Trên\s+cơ\s+sở)\b", F | regex.IGNORECASE)
ISSUED_BEFORE_RE = regex.compile(
    rf"""(?:ngày\s+)?(?P<date>\d{{1,2}}\s*[/.-]\s*\d{{1,2}}\s*[/.-]\s*\d{{4}})\s*,\s*
    (?P<issuer>\p{{Lu}}[^,;.\n]{{2,80}}?)\s+(?:đã\s+)?ban\s+hành\s+$""",
    F | regex.IGNORECASE,
)


@functools.cache
def type_before_re() -> regex.Pattern[str]:
    """'Kế hoạch số ', 'Nghị quyết ', 'Quyết định số  ' ending right before a symbol."""
    return regex.compile(
        rf"(?P<doc_type>{vocab.type_names_re()})\s*(?:liên\s+tịch\s+)?(?:số|Số)?\s*[:.]?\s*$",
        F | regex.IGNORECASE,
    )


@functools.cache
def type_title_line_re() -> regex.Pattern[str]:
    """A capitals line that starts with the type name and goes on with the title
    ('KẾ HOẠCH TỔ CHỨC THÁNG CÔNG NHÂN NĂM 2024')."""
    return regex.compile(rf"^\s*\**\s*(?P<doc_type>{vocab.type_names_re()})\s+(?P<title>\p{{Lu}}.{{8,}}?)\s*\**\s*$", F | regex.IGNORECASE)


@functools.cache
def type_line_re() -> regex.Pattern[str]:
    """A line that is only a type name, as in the header ('KẾ HOẠCH', 'BÁO CÁO')."""
    return regex.compile(rf"^\s*\**\s*(?P<doc_type>{vocab.type_names_re()})(?:\s+liên\s+tịch)?\s*\**\s*$", F | regex.IGNORECASE)
