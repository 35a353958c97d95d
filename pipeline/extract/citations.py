"""References to other documents: one entry per distinct cited document, all mentions kept.

A numbered reference is found by its symbol as printed in the wild (spaced, broken over a
line, look-alike letters for Đ, a Party symbol that lost its hyphen) or by a bare number
after its type word ("Kế hoạch 34"). Its type is read from the words before it, not from
the code, because a Party "QĐ" is a Quyết định or a Quy định. A named document without a
number comes from a grammar: a type word, its name to the clause's end, and something
that makes it one document (a year, a congress or term, "của <issuer>", a quoted subject).
The grammar is data with its examples: pipeline/data/patterns/citations.json (CITED_SYMBOL,
NAMED_DOCUMENT, BARE_NUMBER, GROUNDING_CUE, CLAUSE_END); literal prefilters find where to
try it, so the cost stays linear in a long document.

basis: the mention stands in a grounding clause of a directive: "Căn cứ …" anywhere, or
"Thực hiện / Trên cơ sở / Theo <type>" in the opening, before the first section; a
"Thực hiện …" clause ends where the main clause's subject begins (", Tổng Liên đoàn … đề
nghị").

Who issued it, by evidence: the "của …" phrase after it (or "Ngày …, X đã ban hành" before
it), abbreviations expanded and a bare "tỉnh"/"huyện" completed from the citing document;
else the symbol's issuing code (pipeline/data/issuer_codes.json). An issuer guessed from a
place-scoped code (LĐLĐ, UBND) never keys the citation: the graph never merges on a guess.
Symbols, issuers and node keys are compared through pipeline.identity.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import itertools
import json
import re
from pathlib import Path

import regex
from pydantic import BaseModel

from pipeline import identity, rx, vocab
from pipeline import patterns as P
from pipeline.extract import names
from pipeline.models import Citation
from pipeline.normalize import Text, fold
from pipeline.segment import Segments

DATA = Path(__file__).resolve().parent.parent / "data" / "issuer_codes.json"
V = regex.VERBOSE | regex.V1


# ---------------------------------------------------------------------------
# The issuing-code table (data)
# ---------------------------------------------------------------------------
class IssuerCode(BaseModel):
    name: str | None
    after_type: str | None = None
    source: str


class IssuerCodesFile(BaseModel):
    """pipeline/data/issuer_codes.json: see its notes."""

    notes: str
    sources: list[str]
    codes: dict[str, IssuerCode]
    look_alikes: dict[str, list[str]]
    cities: list[str]
    joined_names: list[str]
    abbreviations: dict[str, str]
    completions: dict[str, str]
    examples: list[tuple[str, str, str | None]]
    symbol_examples: list[tuple[str, str]]
    extra_type_codes: list[str]


@functools.cache
def issuer_codes() -> IssuerCodesFile:
    return IssuerCodesFile.model_validate(json.loads(DATA.read_text(encoding="utf-8")))


@functools.cache
def _known_codes() -> frozenset[str]:
    known = set(issuer_codes().codes) | set(vocab.code_to_type()) | set(vocab.issuers().symbol_issuers)
    known |= {k for k in vocab.issuers().abbreviations if " " not in k}
    return frozenset(known)


# ---------------------------------------------------------------------------
# Symbols
# ---------------------------------------------------------------------------
YEAR = r"(?:19|20)\d\d"
WILD_SYMBOL_RE = P.CITED_SYMBOL_RE  # patterns/citations.json
SPACES_RE = regex.compile(r"\s+")
YEAR_IN_SYMBOL_RE = regex.compile(r"/((?:19|20)\d\d)(?:/|-|$)")
CODE_TOKEN_RE = regex.compile(r"[^\d/\-–&]+")


def _restore_code(token: str) -> str:
    """One code as printed → the form the tables know: 'QD' → 'QĐ', 'TLР' → 'TLĐ', 'NÐ' → 'NĐ'."""
    known = _known_codes()
    base = rx.sub(r"\d+$", "", token)
    if base in known and not any(c in "Dd" for c in base):
        return token
    look = issuer_codes().look_alikes
    slots = [i for i, c in enumerate(token) if c in look]
    if not slots or len(slots) > 4:
        return token
    for choice in itertools.product(*(look[token[i]] for i in slots)):
        chars = list(token)
        for i, c in zip(slots, choice):
            chars[i] = c
        cand = "".join(chars)
        if rx.sub(r"\d+$", "", cand) in known:
            return cand
    return token.replace("Ð", "Đ")


@functools.lru_cache(maxsize=4096)
def canonical_symbol(raw: str) -> str:
    """The symbol as printed, made canonical: spaces and line breaks out, en dashes to '-',
    look-alike letters restored by the code tables ('1564 /QD - TLD' → '1564/QĐ-TLĐ')."""
    s = SPACES_RE.sub("", raw).replace("–", "-")
    return CODE_TOKEN_RE.sub(lambda m: _restore_code(m.group(0)), s)


def _codes_of(number: str) -> tuple[str | None, str | None]:
    """(type code, issuing code) by the three symbol grammars (format-rules.md)."""
    n = canonical_symbol(number)
    party = rx.match(r"^\d+[a-zđ]?-(?P<type>[^/]+)/(?P<issuer>[^-/]+)", n)
    if party:
        return party.group("type"), party.group("issuer")
    party = rx.match(r"^\d+[a-zđ]?(?P<type>[A-Z]+)/(?P<issuer>[^-/]+)", n)  # 298KH/TWĐTN
    if party:
        return party.group("type"), party.group("issuer")
    parts = [p for p in n.split("/")[1:] if not rx.fullmatch(YEAR, p)]
    if not parts:
        return None, None
    first = parts[0].split("-")
    if first[0] in vocab.code_to_type() or first[0] in issuer_codes().extra_type_codes:
        issuer = first[1] if len(first) > 1 else (parts[1].split("-")[0] if len(parts) > 1 else None)
        return first[0], issuer
    return None, first[0]


def type_from_symbol(number: str) -> str | None:
    type_code, issuer_code = _codes_of(number)
    if type_code:
        return vocab.code_to_type().get(type_code) or vocab.code_to_type().get(type_code.upper())
    if issuer_code and rx.fullmatch(r"QH\d*", issuer_code):
        return "Luật"
    if issuer_code:
        return "Công văn"  # công văn: ISSUER-UNIT, no type code
    return None


def _code_is_scoped(number: str) -> bool:
    """The symbol's issuing code names a body by the citing document's place ({unit}, {province})."""
    type_code, code = _codes_of(number)
    entry = issuer_codes().codes.get(code or "")
    name = entry and ((type_code and entry.after_type) or entry.name)
    return bool(name and "{" in name)


def _unit(province: str | None) -> str | None:
    if not province:
        return None
    level = "thành phố" if province in issuer_codes().cities else "tỉnh"
    return f"{level} {province}"


@functools.lru_cache(maxsize=4096)
@functools.lru_cache(maxsize=16384)  # pure: its strings and the vocabularies
def issuer_from_code(number: str, province: str | None = None, district: str | None = None) -> str | None:
    """The issuer a symbol's code names (issuer_codes.json), with the citing document's place."""
    type_code, code = _codes_of(number)
    if not code:
        return None
    code = "QH" if rx.fullmatch(r"QH\d*", code) else code
    entry = issuer_codes().codes.get(code)
    name = entry and ((type_code and entry.after_type) or entry.name)
    if not name:
        return None
    slots = {"unit": _unit(province), "province": province, "district": district}
    for key, value in slots.items():
        if "{" + key + "}" in name and not value:
            return None
    return name.format(**slots)


# ---------------------------------------------------------------------------
# Dates and issuer phrases
# ---------------------------------------------------------------------------
DATE = r"""(?:\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|\d{1,2}\s*th[áảạàa]ng\s*\d{1,2}\s*n[ăa]m\s*\d{4})"""  # 'nam': diacritics lost
AFTER_DATE_RE = regex.compile(
    rf"""^\s*[,(]?\s*(?:được\s+)?(?:ban\s+hành\s+)?(?:ng[àa]y|ngầy)?\s*(?P<date>{DATE})\)?""", V | regex.IGNORECASE
)
LATER_DATE_RE = regex.compile(rf"""(?:ng[àa]y|ngầy)\s*(?P<date>{DATE})""", V)
# "của Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ", "của Chủ tịch UBND tỉnh": the body, not its head's title
OF_POSITIONS_RE = regex.compile(
    r"^(\s*[,)]?\s*(?:của|do)\s+)(?:(?:Phó\s+)?(?:Bộ\s+trưởng|Chủ\s+tịch|Chủ\s+nhiệm|Giám\s+đốc|Trưởng\s+ban|Bí\s+thư)(?:\s*,\s*|\s+)(?=\p{Lu}))+",
    V,
)
OF_RE = regex.compile(r"^\s*[,)]?\s*(?:của|do)\s+(?P<issuer>\p{Lu}[^,;:.()“”\"\n]{1,140})")
ISSUER_STOP_RE = regex.compile(
    r"""\s+(?:về|Về|V/v|đã|Ban\s+hành|đề\s+ra|phát\s+động|triển\s+khai|ban\s+hành|hướng\s+dẫn|quy\s+định|qui\s+định|thực\s+hiện|
    phê\s+duyệt|tổ\s+chức|nêu|tại|trong|với|khóa|khoá|nhiệm\s+kỳ|năm\s+\d{4}|ngày|đến|cho|theo|nhằm|được|để|kêu\s+gọi|
    là|thì|sẽ|vừa|tổng\s+hợp|vướng\s+mắc|rà\s+soát|báo\s+cáo|giao|chỉ\s+đạo|yêu\s+cầu|đề\s+nghị|trình|gửi|(?:Hội\s+nghị\s+)?lần\s+thứ(?!\s+\p{L}+\s+Ban))(?=\s|$)""",
    V,
)
ORG_HEADS = ("Bộ", "Công đoàn", "Công Đoàn", "Ủy ban", "Uỷ ban", "UBND", "Liên đoàn", "LĐLĐ", "Tỉnh đoàn", "Phòng", "Sở",
             "Ban", "Hội", "Tổng", "Trung ương", "Đoàn", "Mặt trận", "Chính phủ", "Quốc hội", "CĐ", "Trường", "Thủ tướng", "Tỉnh ủy",
             "Thành ủy", "Huyện ủy", "Đảng ủy")
# "Ngày 28/9/2011, Đoàn Chủ tịch … đã ban hành văn bản số", "Tổng Liên đoàn … vừa ban hành Kế hoạch"
BEFORE_TMPL = r"""(?:(?:Ngày|ngày)\s+(?P<date>{date})\s*,\s*)?(?<![\p{{L}}])(?P<issuer>(?:{heads})\s[^,;.\n]{{0,100}}?)
    \s+(?:đã\s+|vừa\s+)?(?:ban\s+hành|xây\s+dựng|ký)\s+(?i:{types}|văn\s+bản)?\s*(?:liên\s+tịch\s+)?(?:số)?\s*$"""
DROP_HEAD_RE = regex.compile(r"^(?:Hội\s+nghị\s+lần\s+thứ\s+\p{L}+\s+|Bộ\s+trưởng\s+(?=Bộ\s))", V)


@functools.cache
def _before_re() -> regex.Pattern[str]:
    heads = "|".join(regex.escape(h) for h in ORG_HEADS)
    return regex.compile(BEFORE_TMPL.format(date=DATE, heads=heads, types=vocab.type_names_re()), V)


@functools.cache
def _abbrev_re() -> regex.Pattern[str]:
    table = issuer_codes().abbreviations
    return regex.compile(r"(?<![\p{L}])(?:" + vocab.alternation(list(table)) + r")(?![\p{L}])")


def _cut_at_and(s: str) -> str:
    """'Bộ GD - ĐT và Công đoàn GDVN' is one joint issuer; 'Bộ Lao động - Thương binh và Xã hội'
    one name; 'Ban Bí thư và các ngành' stops before 'và'."""
    for m in rx.finditer(r"\s+và\s+", s):
        if any(j in s and s.find(j) <= m.start() < s.find(j) + len(j) for j in issuer_codes().joined_names):
            continue
        nxt = s[m.end() :]
        if nxt.startswith(ORG_HEADS):
            continue
        return s[: m.start()]
    return s


def _complete(s: str) -> str:
    """A body's name cut short ('… Tổng Liên đoàn', 'Bộ Lao động - Thương binh') is finished
    from the table's completions."""
    for short, full in sorted(issuer_codes().completions.items(), key=lambda kv: -len(kv[0])):
        if s == short or s.endswith(" " + short):
            return s[: len(s) - len(short)] + full
    return s


@functools.lru_cache(maxsize=4096)  # the same phrases recur across an archive ("của Tổng Liên đoàn …")
@functools.lru_cache(maxsize=16384)  # pure: its strings and the vocabularies
def _clean_issuer(raw: str, province: str | None, district: str | None, doc_issuer: str | None) -> str | None:
    stop = ISSUER_STOP_RE.search(raw)
    s = raw[: stop.start()] if stop else raw
    s = " ".join(s.split()).rstrip(" ,;.-–")
    s = _cut_at_and(s)
    words = s.split()
    if len(words) > 16:
        s = " ".join(words[:16])
    s = DROP_HEAD_RE.sub("", s)
    tm = rx.search(r"\s(?:tỉnh|Tỉnh)\s+(?=\p{Lu})", s)
    if tm and not _province_in_name_re().match(s, tm.start() + 1):
        s = s[: tm.end()].rstrip()  # "UBND tỉnh Tà soát" (OCR of 'rà soát'): not a province, the bare 'tỉnh' is filled
    s = _abbrev_re().sub(lambda m: issuer_codes().abbreviations[m.group(0)], s).replace(" & ", " và ").replace("&", " và ")
    parts = []
    for part in rx.split(r"\s+và\s+(?=\p{Lu})", s):  # a joint issuer: each body completed on its own
        part = identity.issuer_name(part, province, district)
        if province and part.lower() in ("tỉnh đoàn", "tỉnh ủy", "tỉnh uỷ"):
            part = f"{part} {province}"
        parts.append(part)
    s = _complete(" và ".join(parts))
    if not s:
        return None
    national = {b.lower() for b in vocab.issuers().national_bodies}
    if doc_issuer and s.lower() not in national and names.is_organ_or_department(s):
        # "của Ban Chỉ đạo phát triển đoàn viên" in a Lai Châu LĐLĐ plan: that body's own committee
        s = f"{s} {names.strip_organ(doc_issuer)}"
    return names.fix_provinces(s)


DATE_PARTS_RE = regex.compile(r"(\d{1,2})\s*(?:[/.-]|th[áảạàa]ng)\s*(\d{1,2})\s*(?:[/.-]|n[ăa]m)\s*(\d{4})")


def _date(raw: str) -> dt.date | None:
    m = DATE_PARTS_RE.search(raw)
    if not m:
        return None
    try:
        return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None


# ---------------------------------------------------------------------------
# Types before a symbol
# ---------------------------------------------------------------------------


@functools.cache
def _folded_types() -> list[tuple[str, str]]:
    pairs = [(fold(t.name), t.name) for t in vocab.doc_types().types]
    pairs += [(fold(v), t) for v, t in NAMED_VARIANTS.items()]
    pairs.append(("van ban", "Công văn"))  # "văn bản số 1599/TLĐ"
    return sorted(pairs, key=lambda x: -len(x[0]))


@functools.cache
def _type_tail_re() -> regex.Pattern[str]:
    alts = "|".join(regex.escape(f) for f, _ in _folded_types())
    return regex.compile(rf"(?<![\p{{L}}])(?P<t>{alts})\s*(?:lien\s+tich\s+)?(?:vao\s+)?(?:so|s)?\s*[:.]?\s*$")


@functools.cache
def _type_by_folded() -> dict[str, str]:
    return {f: name for f, name in reversed(_folded_types())}


def type_before(prefix: str) -> str | None:
    """The type name ending right before a symbol, diacritics ignored ('Nghi quyết số')."""
    m = _type_tail_re().search(fold(prefix[-40:]))
    return _type_by_folded().get(" ".join(m.group("t").split())) if m else None


# ---------------------------------------------------------------------------
# Named documents: the grammar
# ---------------------------------------------------------------------------
NAMED_VARIANTS = {"Bộ Luật": "Bộ luật", "Qui chế": "Quy chế", "Qui định": "Quy định", "Nghi quyết": "Nghị quyết"}
LAW_TYPES = frozenset({"Luật", "Bộ luật", "Hiến pháp", "Điều lệ", "Pháp lệnh"})
NAMED_TYPES = P.source("TYPE_WORD")  # capitalised type words (patterns/citations.json)

QUALIFIER_RE = regex.compile(
    r"""năm\s+(?:học\s+)?\d{4} | \d{4}\s*[-–]\s*\d{4} | \d{1,2}/\d{1,2}/\d{4} | kh[óo]a\s+[IVXL\d]+ | lần\s+thứ
      | Đại\s+hội\s+[IVXL]+\b | nhiệm\s+kỳ | giai\s+đoạn | Trung\s+ương\s+\d | về\s+“
      | ^(?!của)\S.*?\bcủa\s+\p{Lu}\p{L}*(?:\s+\S+){2}   # a described document of a body named in three words or more
      | của\s+\p{Lu}\p{L}*(?:\s+\S+){2}.*\bvề\s+.*(?:\d{1,5}\s*[-/]\s*\p{Lu}|“)   # … about a numbered or quoted one
      | Việt\s+Nam""",
    V,
)
KIND_LIST_RE = regex.compile(rf"(?:{NAMED_TYPES}),\s*$", V)  # "Kết luận, Quy định của Hội nghị …": kinds sharing one complement
ISSUED_BY_RE = regex.compile(r"\p{Lu}[^,;.]*\s+(?:đã|vừa)\s+ban\s+hành\s(?:[^;.]*\s+và\s+)?$", V)  # "Đoàn Chủ tịch … đã ban hành Quy định về …"
OWN_CONTENT_RE = regex.compile(r"Điều\s+1\s*[.:]?\s*Ban\s+hành\s+(?:kèm\s+theo\s+\p{L}+\s+\p{L}+\s+này\s+)?", V)
LAW_TAIL_RE = regex.compile(r",\s+\p{Lu}\p{Ll}+(?:\s+\p{Ll}+){0,3}(?=\s*(?:[;\n]|,?\s+(?:ngày|năm)\s+\d|$))", V)  # a law's second noun
DATED_AFTER_RE = regex.compile(r"\s*,?\s*(?:họp\s+)?(?:ngày|ngầy)\s*\d", V)
GENERIC_RE = regex.compile(r"^\s*(?:này|trên|đó|nói\s+trên|của\s+(?:cấp|các)\b|số\b|s\s)|\s+các\s+cấp\b|^\s*\d|^\s*(?:ban\s+hành|kèm\s+theo|được|đã)\b|(?:như|(?:những|các)\s+nội\s+dung)\s+sau\s*$", V)
# what a numbered document promulgates, approves or is about is part of that citation
INSIDE_NUMBERED_RE = regex.compile(
    r"(?:ban\s+hành|phê\s+duyệt|thông\s+qua|kèm\s+theo|về(?:\s+việc)?(?:\s+(?:thực\s+hiện|triển\s+khai))?|:|“)\s*$", V)
SELF_RE = regex.compile(r"(?:Trên\s+đây\s+là|[Đđ]ây\s+là)(?:\s+\p{Ll}+){0,6}\s*$", V)  # "Trên đây là báo cáo kết quả thực hiện …": the document itself


@functools.cache
def named_re() -> regex.Pattern[str]:
    """A type word and its name to the clause's end (patterns/citations.json NAMED_DOCUMENT)."""
    return P.NAMED_DOCUMENT_RE


@functools.cache
def _bare_number_re() -> regex.Pattern[str]:
    """'Kế hoạch 34', 'Công văn 737', 'Thông tư liên tịch 12': a type word and a bare number."""
    return P.BARE_NUMBER_RE


def _canonical_type(word: str) -> str | None:
    w = " ".join(word.split())
    w = NAMED_VARIANTS.get(w, w)
    return vocab.type_by_lower().get(w.lower().replace("nghi ", "nghị ").replace("qui ", "quy "))


# ---------------------------------------------------------------------------
# Grounding clauses
# ---------------------------------------------------------------------------
CUE_RE = P.GROUNDING_CUE_RE
CLAUSE_END_RE = P.CLAUSE_END_RE
NEXT_ITEM_RE = regex.compile(rf"[ \t]*(?:{NAMED_TYPES})\b", V)
MAIN_CLAUSE_RE = regex.compile(rf""",\s+(?!(?:{NAMED_TYPES})\b)(?=\p{{Lu}})""", V)


# Prefilters: the standard library's re finds literal words ~20x faster than regex's
# alternations; the full patterns then run anchored at the few places found.
CUE_WORDS_RE = re.compile(r"(?:Căn\s+cứ|CĂN\s+CỨ|Thực\s+hiện|Trên\s+cơ\s+sở|Theo)(?!\w)")
TYPE_WORD_HITS_RE = re.compile(  # the type words with their first letter in either case, as NAMED_DOCUMENT takes them
    r"(?<!\w)(?:[Ll]uật|[Bb]ộ\s+[Ll]uật|[Hh]iến\s+pháp|[Đđ]iều\s+lệ|[Pp]háp\s+lệnh|[Nn]gh[ịi]\s+quyết|[Cc]hỉ\s+thị|[Kk]ết\s+luận|"
    r"[Cc]hương\s+trình|[Kk]ế\s+hoạch|[Hh]ướng\s+dẫn|[Qq]u[yi]\s+chế|[Qq]u[yi]\s+định|[Đđ]ề\s+án|[Vv]ăn\s+kiện|[Tt]hông\s+tri|"
    r"[Tt]hông\s+báo|[Qq]uyết\s+định|[Bb]áo\s+cáo|[Tt]ờ\s+trình|[Tt]hông\s+tư|[Nn]ghị\s+định|[Đđ]ề\s+cương|[Pp]hương\s+án|"
    r"[Cc]hiến\s+lược|[Cc]ông\s+văn)(?!\w)"
)
CUE_LEAD_CHARS = " \t-–+•*"


def _cue_matches(text: str, start: int, end: int) -> list[regex.Match[str]]:
    out = []
    for hit in CUE_WORDS_RE.finditer(text, start, end):
        q = hit.start()
        while q > start and text[q - 1] in CUE_LEAD_CHARS:
            q -= 1
        m = CUE_RE.match(text, q, end)
        if m:
            out.append(m)
    return out


def grounding_clauses(text: str, start: int, end: int, opening_end: int) -> list[tuple[int, int]]:
    """Spans of the grounding clauses between start and end: "Căn cứ …" anywhere, the other
    cues only before opening_end (the first section)."""
    spans: list[tuple[int, int]] = []
    for m in _cue_matches(text, start, end):
        cue = m.group("cue")
        if not cue.lower().startswith("căn") and m.start() >= opening_end:
            continue
        limit = min(end, m.end() + 700)
        stop = CLAUSE_END_RE.search(text, m.end(), limit)
        while stop and stop.group(0) == ";" and NEXT_ITEM_RE.match(text, stop.end(), limit):
            stop = CLAUSE_END_RE.search(text, stop.end(), limit)  # "Căn cứ Luật Công đoàn năm 1990; Điều lệ …;"
        e = stop.start() if stop else limit
        if not cue.lower().startswith("căn"):
            main = MAIN_CLAUSE_RE.search(text, m.end(), e)
            if main:
                e = main.start()
        spans.append((m.start("cue"), e))
    return spans


# ---------------------------------------------------------------------------
# Extraction
# ---------------------------------------------------------------------------
ABOUT_RE = regex.compile(
    r"^\s*,?\s*(?:về\s+việc|Về\s+việc|V/v|về|Về)\s+(?P<title>[^;\n]{3,300}?)"
    r"(?=\s*(?:;|\.\s|\.$|\n|$|và\s+(?:Kế\s+hoạch|Nghị\s+quyết|Quyết\s+định|Chỉ\s+thị|Công\s+văn)))"
)
SO_BEFORE_RE = regex.compile(r"(?:số|Số)\s*[:.]?\s*$")
LONG_CHROME = 400  # a news text the segmenter took whole for chrome is still prose


def _year_of(number: str | None, date: dt.date | None) -> int | None:
    if number:
        m = YEAR_IN_SYMBOL_RE.search(number)
        if m:
            return int(m.group(1))
    return date.year if date else None


HEADING_RE = regex.compile(r"^[ \t]*(?:[IVX]+|\d{1,2}|[a-zđ]|Điều\s+\d+|Phần\s+[IVX\d]+|Chương\s+[IVX\d]+)[.):]\s*\S", V | regex.MULTILINE)


@functools.cache
def _province_in_name_re() -> regex.Pattern[str]:
    return regex.compile(rf"(?:tỉnh|thành\s+phố|Tỉnh|Thành\s+phố|TP\.?)\s+(?P<p>{vocab.provinces_re()})(?![\p{{L}}])", V)


def _province_of(issuer: str | None) -> str | None:
    """'Ủy ban nhân dân tỉnh Tây Ninh' → 'Tây Ninh'."""
    m = _province_in_name_re().search(issuer) if issuer else None
    return vocab.province_by_key().get(m.group("p").lower(), m.group("p")) if m else None


# a letter's opening: "Thực hiện Công văn số 643/TLĐ …, Ban Thường vụ … đề nghị" (a directive whose header was lost)
LETTER_OPENING_RE = regex.compile(
    r"^[ \t]*(?:Thực\s+hiện|Căn\s+cứ)\s[^\n]{10,400}?,\s+\p{Lu}\S*\s+(?:\S+\s+){0,11}(?:đề\s+nghị|hướng\s+dẫn|yêu\s+cầu)\s", V | regex.MULTILINE
)


def _opening_end(t: str, seg: Segments) -> int:
    """Where a directive's opening ends: its first numbered heading ("1.", "I.", "Điều 1.")."""
    end = seg.body_end if seg.body_end > seg.body_start else len(t)
    m = HEADING_RE.search(t, seg.body_start, end)
    return m.start() if m else len(t)


class _SpanSet:
    """Is a position inside any of these spans (overlapping or not)? By bisection on the starts
    with the running maximum of the ends, so a long document's thousand clauses cost log n."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        self.reach: list[int] = []
        top = -1
        for _, e in spans:
            top = max(top, e)
            self.reach.append(top)

    def __call__(self, pos: int) -> bool:
        k = bisect.bisect_right(self.starts, pos) - 1
        return k >= 0 and self.reach[k] > pos


def _anchored(pattern: regex.Pattern[str], t: str, hits: list[int], start: int, end: int) -> list[regex.Match[str]]:
    """pattern matched at each prefilter hit between start and end, without overlaps."""
    out: list[regex.Match[str]] = []
    for h in hits:
        if start <= h < end and (not out or h >= out[-1].end()):
            m = pattern.match(t, h, end)
            if m:
                out.append(m)
    return out


def _regions(t: str, seg: Segments) -> list[tuple[int, int]]:
    """Where citations are read: the body; for a directive also cue lines above it (a page that
    prints the Căn cứ list before the header); for news the whole text."""
    if seg.kind != "directive":
        return [(0, len(t))]
    start = seg.body_start
    end = seg.body_end if seg.body_end > start else len(t)
    # a flattened header ("… QUYCHẾ (…) … Trên cơ sở Điều lệ Công Đoàn, …") holds its grounding clauses
    return grounding_clauses(t, 0, start, start) + [(start, end)]


def extract_citations(
    text: Text,
    seg: Segments,
    own_number: str | None,
    province: str | None = None,
    district: str | None = None,
    doc_issuer: str | None = None,
) -> list[Citation]:
    t = text.text
    province = _province_of(doc_issuer) or province  # the issuer's own name outweighs a (portal's) place line
    own = identity.symbol(canonical_symbol(own_number)) if own_number else None
    found: dict[str, Citation] = {}
    order: list[str] = []
    regions = _regions(t, seg)
    long_chrome = seg.kind != "directive"

    clauses: list[tuple[int, int]] = []
    directive = seg.kind == "directive" or bool(LETTER_OPENING_RE.search(t[: max(seg.body_start, 0) + 600]))
    opening_end = _opening_end(t, seg) if directive else -1
    for s, e in regions:
        clauses += grounding_clauses(t, s, e, opening_end)
    in_clause = _SpanSet(clauses)
    in_chrome = _SpanSet([(s, e) for s, e in seg.chrome if not (long_chrome and e - s >= LONG_CHROME)])

    def chrome(pos: int) -> bool:
        """Page chrome, but never a grounding clause (a page may print the Căn cứ list above the header)."""
        return not in_clause(pos) and in_chrome(pos)

    def is_basis(pos: int) -> bool:
        return in_clause(pos)

    def add(key: str, c: Citation) -> None:
        if key in found:
            old = found[key]
            old.mentions.extend(c.mentions)
            old.basis = old.basis or c.basis
            old.date = old.date or c.date
            if old.issuer is None or (old.issuer_inferred and c.issuer and not c.issuer_inferred):
                old.issuer, old.issuer_inferred = c.issuer, c.issuer_inferred
            old.doc_type = old.doc_type or c.doc_type
            old.year = old.year or c.year
            old.title = old.title or c.title
            return
        found[key] = c
        order.append(key)

    numbered_spans: list[tuple[int, int]] = []
    type_hits = [h.start() for h in TYPE_WORD_HITS_RE.finditer(t)]
    for rs, re_ in regions:
        for m in WILD_SYMBOL_RE.finditer(t, rs, re_):
            if chrome(m.start()):
                continue
            number = canonical_symbol(m.group(0))
            norm = identity.symbol(number)
            if own and norm == own:
                continue
            before = t[max(0, m.start() - 200) : m.start()]
            doc_type = type_before(before)
            if doc_type is None and not SO_BEFORE_RE.search(before) and type_from_symbol(number) is None:
                continue  # a bare symbol: only with a type code we know (avoid '18/5' noise)
            if doc_type is None or (doc_type == "Công văn" and type_from_symbol(number) not in (None, "Công văn")
                                    and not rx.search(r"(?i)công\s+văn\s*(?:liên\s+tịch\s*)?(?:số)?\s*[:.]?\s*$", before)):
                doc_type = type_from_symbol(number) or doc_type
            numbered_spans.append((m.start(), m.end()))
            add(norm, _numbered(text, m.start(), m.end(), number, doc_type, before, province, district, doc_issuer,
                                is_basis(m.start())))
        for m in _anchored(_bare_number_re(), t, type_hits, rs, re_):
            if chrome(m.start()):
                continue
            number = m.group("num")
            doc_type = _canonical_type(m.group("type"))
            before = t[max(0, m.start() - 200) : m.start()]
            add(f"bare:{doc_type}:{number}", _numbered(text, m.start("num"), m.end("num"), number, doc_type, before,
                                                         province, district, doc_issuer, is_basis(m.start())))

    numbered_spans.sort()
    own_content = set()  # "Điều 1. Ban hành Phương án … (kèm theo)": the document's own annex
    for om in OWN_CONTENT_RE.finditer(t):
        nm = named_re().match(t, om.end())
        if nm:
            own_content.add(_named_key(f"{nm.group('type')} {nm.group('name')}"))
    for rs, re_ in regions:
        pos = rs
        for hit in type_hits:
            if hit < max(pos, rs) or hit >= re_:
                continue
            m = named_re().match(t, hit, re_)
            if m is None:
                continue
            c = None if chrome(m.start()) else _named(text, m, province, district, doc_issuer, numbered_spans)
            if c is not None and _named_key(c.title or "") in own_content:
                pos = m.end()
                continue
            if c is None:
                pos = m.start("name")  # a rejected name may hold a document of its own ("Điều lệ 13- Điều lệ Công đoàn …")
                continue
            pos = m.end()
            c.basis = is_basis(m.start())
            add("named:" + _named_key(c.title or ""), c)

    _merge_yearless(found, order)
    citations = [found[k] for k in order]
    for c in citations:
        # an issuer read from a place-scoped code (LĐLĐ, UBND: the province's or a district's?) is a
        # guess: it names the citation but never keys it, so two documents sharing a symbol never merge
        guessed = c.issuer_inferred and c.number is not None and _code_is_scoped(c.number)
        c.key = identity.node_key(c.number, c.year, c.issuer) if c.number and not guessed else None
    return citations


def _numbered(
    text: Text, s: int, e: int, number: str, doc_type: str | None, before: str,
    province: str | None, district: str | None, doc_issuer: str | None, basis: bool,
) -> Citation:
    t = text.text
    rest = t[e : min(len(t), e + 320)]
    date = issuer = subject = None
    dm = AFTER_DATE_RE.match(rest)
    if dm:
        date = _date(dm.group("date"))
        rest = rest[dm.end() :]
    rest = OF_POSITIONS_RE.sub(r"\1", rest)
    om = OF_RE.match(rest)
    if om:
        issuer = _clean_issuer(om.group("issuer"), province, district, doc_issuer)
        stop = ISSUER_STOP_RE.search(om.group("issuer"))
        rest = rest[om.start("issuer") + (stop.start() if stop else len(om.group("issuer"))) :]
        if date is None:
            dm = AFTER_DATE_RE.match(rest)
            if dm:
                date = _date(dm.group("date"))
                rest = rest[dm.end() :]
    am = ABOUT_RE.match(rest)
    if am:
        subject = " ".join(am.group("title").split()).strip(" ,“”\"")
    if date is None:
        # "Luật số 12/2012/QH13 của Quốc hội: Luật Công đoàn Việt Nam ngày 01/01/2013;" — a date after the title
        clause = rx.split(r"[;\n]", rest[:160])[0]
        nxt = WILD_SYMBOL_RE.search(clause)
        dm = LATER_DATE_RE.search(clause[: nxt.start()] if nxt else clause)
        if dm:
            date = _date(dm.group("date"))
    if (date is None or issuer is None) and before:
        bm = _before_re().search(before[-200:].split(". ")[-1])
        if bm:
            date = date or (_date(bm.group("date")) if bm.group("date") else None)
            issuer = issuer or _clean_issuer(bm.group("issuer"), province, district, doc_issuer)
    inferred = False
    if issuer is None:
        issuer = issuer_from_code(number, province, district)
        inferred = issuer is not None
    return Citation(
        doc_type=doc_type,
        number=number,
        date=date,
        issuer=issuer,
        issuer_inferred=inferred,
        title=subject,
        basis=basis,
        year=_year_of(number, date),
        mentions=[text.provenance(s, e, "citations.WILD_SYMBOL_RE")],
    )


def _named(text: Text, m: regex.Match[str], province: str | None, district: str | None,
           doc_issuer: str | None, numbered_spans: list[tuple[int, int]]) -> Citation | None:
    """A named document, when its name makes it one specific document."""
    doc_type = _canonical_type(m.group("type"))
    name = " ".join(m.group("name").split()).rstrip(" ,-–")
    if doc_type is None or not name or GENERIC_RE.search(name):
        return None
    t = text.text
    if rx.match(r"\s*,?\s*(?:số|Số)\s*[:.]?\s*\d|\s+\d{1,5}\s*/", t[m.end() : m.end() + 40]):
        return None  # "Luật Công đoàn số 12/2012/QH13": the numbered citation has it
    clause_start = max(t.rfind(";", 0, m.start()), t.rfind("\n", 0, m.start())) + 1
    k = bisect.bisect_left(numbered_spans, (clause_start, -1))
    if k < len(numbered_spans) and numbered_spans[k][0] < m.start() and INSIDE_NUMBERED_RE.search(t[clause_start : m.start()]):
        return None  # "Quyết định số 5440/QĐ-TLĐ … ban hành Quy định về …": that decision's content
    if _is_heading(t, m):
        return None
    if doc_type == "Chương trình" and name.startswith("“"):
        return None  # Chương trình “Tết sum vầy”, “Tấm lưới nghĩa tình”: a campaign, not a document
    if SELF_RE.search(t[clause_start : m.start()]) or KIND_LIST_RE.search(t, max(0, m.start() - 40), m.start()):
        return None
    dated = bool(DATED_AFTER_RE.match(t, m.end()) or DATED_AFTER_RE.match(t, (LAW_TAIL_RE.match(t, m.end()) or m).end()))
    end = m.end()
    if doc_type in LAW_TYPES:
        tail = LAW_TAIL_RE.match(t, end)
        if tail:  # "Luật Thi đua, Khen thưởng ngày 26/11/2003"
            name, end = name + tail.group(0), tail.end()
        name = rx.split(r"\s+(?:về|quy\s+định|qui\s+định)\s", name)[0]
        if not (rx.match(r"^\p{Lu}", name) or QUALIFIER_RE.search(name) or dated):
            return None  # "Điều lệ trường …" is a kind of document, not one
    elif not (dated or ISSUED_BY_RE.search(t[clause_start : m.start()]) or any(not q.group(0).startswith("Việt") for q in QUALIFIER_RE.finditer(name))):
        return None
    if m.group("type")[0].islower() and not (rx.search(r"năm\s+(?:học\s+)?\d{4}|\d{4}\s*[-–]\s*\d{4}", name)
                                               and rx.search(r"\bcủa\s+\p{Lu}", name)):
        return None  # lower case: a kind ("kế hoạch công tác năm 2024") unless both its year and its issuer are said
    word = " ".join(m.group("type").split())
    title = rx.sub(r"^Nghi\b", "Nghị", f"{word[0].upper()}{word[1:]} {name}")
    issuer = None
    of = rx.search(r"\bcủa\s+(?P<who>\p{Lu}.*)$", name)
    if of and not rx.match(r"(?:Luật|Bộ\s+luật)\b", of.group("who")):
        issuer = _clean_issuer(of.group("who"), province, district, doc_issuer)
    if rx.search(r"Đại\s+hội.*\bĐảng\b(?!\s+bộ)|của\s+Đảng\b(?!\s+bộ)", title):
        issuer = "Đảng Cộng sản Việt Nam"
    date = None
    dm = AFTER_DATE_RE.match(t[end : end + 60])
    if dm:
        date = _date(dm.group("date"))
    return Citation(
        doc_type=doc_type, title=title, issuer=issuer, date=date,
        mentions=[text.provenance(m.start(), end, "citations.named_re")],
    )


def _is_heading(t: str, m: regex.Match[str]) -> bool:
    """'A. Báo cáo tổng kết hoạt động …' on a line of its own is a heading or the document's own
    title, not a reference: the line starts with the type word and ends without punctuation."""
    ls = t.rfind("\n", 0, m.start()) + 1
    le = t.find("\n", m.end())
    le = len(t) if le < 0 else le
    head = t[ls : m.start()]
    line = t[ls:le].rstrip()
    return bool(rx.fullmatch(r"\s*(?:[A-ZĐ]|[IVX]+|\d+)?[.)]?\s*", head)) and not line.endswith((";", ".", ",", ":"))


YEAR_SUFFIX_RE = regex.compile(r"\s+nam\s+\d{4}$")  # on folded keys


def _named_key(title: str) -> str:
    """One key per named document however its subject is worded: 'Nghị quyết Trung ương 4 (khóa XII)
    về tăng cường …' and '… về xây dựng …' are one resolution."""
    head = rx.split(r"\s+về\s", title)[0]
    if head != title and QUALIFIER_RE.search(head):
        title = head
    return identity.fold(identity.text_key(title))


def _merge_yearless(found: dict[str, Citation], order: list[str]) -> None:
    """'Bộ luật Lao động' after 'Bộ luật Lao động năm 2019' is the same code, when only one
    year of it is named in the document."""
    named = [k for k in order if k.startswith("named:")]
    by_base: dict[str, list[str]] = {}
    for k in named:
        by_base.setdefault(YEAR_SUFFIX_RE.sub("", k), []).append(k)
    for base, keys in by_base.items():
        with_year = [k for k in keys if k != base]
        if base in keys and len(with_year) == 1:
            target = found[with_year[0]]
            target.mentions.extend(found[base].mentions)
            target.basis = target.basis or found[base].basis
            del found[base]
            order.remove(base)
