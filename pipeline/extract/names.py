"""Names of bodies, places and positions: abbreviations expanded, capitals restored.

Headers print names in capitals ("CHI BỘ ẤP HÓC THƠM 1", "TM. BAN THƯỜNG VỤ") and
running text abbreviates them ("Ban Thường vụ LĐLĐ tỉnh"); records hold one canonical
spelling ("Chi bộ ấp Hóc Thơm 1", "Ban Thường vụ Liên đoàn Lao động tỉnh Lai Châu").
The word lists come from pipeline/data/issuers.json and places.json.
"""

from __future__ import annotations

import functools
import unicodedata
from collections import Counter

import regex

from pipeline import gazetteer, misread, rx, vocab
from pipeline.folding import fold

VOWELS = set("aăâeêioôơuưyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")


@functools.cache
def _abbrev_re() -> regex.Pattern[str]:
    keys = vocab.issuers().abbreviations
    return regex.compile(rf"(?<![\p{{L}}\d])(?:{vocab.alternation(list(keys))})(?![\p{{L}}\d])")


@functools.cache
def _known_phrases() -> list[str]:
    iss = vocab.issuers()
    # heads, organs, positions, national bodies, provinces, what abbreviations stand for
    # ("Mầm non", "Tiểu học") and the school union ("Công đoàn trường", a common noun after the head)
    words = [*iss.body_heads, *iss.organs, *iss.positions, *iss.national_bodies, *vocab.places().provinces,
             *(v for v in iss.abbreviations.values() if not v[:1].islower()), "Công đoàn trường"]
    return sorted(set(words), key=len, reverse=True)


@functools.cache
def _known_re() -> regex.Pattern[str]:
    return regex.compile(
        rf"(?<![\p{{L}}])(?:{vocab.alternation(_known_phrases())})(?![\p{{L}}])", regex.IGNORECASE
    )


@functools.cache
def _known_by_lower() -> dict[str, str]:
    return {w.lower(): w for w in _known_phrases()}


@functools.cache
def _level_words() -> set[str]:
    return set(vocab.issuers().level_words)


@functools.lru_cache(maxsize=16384)
def expand_abbreviations(s: str) -> str:
    """'Ban Thường vụ LĐLĐ tỉnh' → 'Ban Thường vụ Liên đoàn Lao động tỉnh'. Cached: a name
    recurs in an archive (issuers, departments), and the lookbehind alternation is slow."""
    table = vocab.issuers().abbreviations
    return _abbrev_re().sub(lambda m: table[m.group(0)], s)


def _title_word(w: str) -> str:
    if w in vocab.issuers().abbreviations:
        return w
    letters = [c for c in w.lower() if c.isalpha()]
    if letters and not any(c in VOWELS for c in letters):
        return w  # TNHH, MTV: acronyms keep their capitals
    return w[:1].upper() + w[1:].lower()


def is_caps(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


@functools.lru_cache(maxsize=16384)
def smart_case(s: str) -> str:
    """Restore the usual capitals of an all-caps name, then expand abbreviations (cached:
    a string's answer depends on it and the vocabularies alone)."""
    s = " ".join(s.split())
    if is_caps(s):
        known = _known_by_lower()
        out: list[str] = []
        last = 0
        for m in _known_re().finditer(s):
            out.append(_case_free_text(s[last : m.start()]))
            out.append(known[m.group(0).lower()])
            last = m.end()
        out.append(_case_free_text(s[last:]))
        # "BAN CHẤP HÀNH CÔNG ĐOÀN" read as one phrase leaves "CƠ SỞ" of "Công đoàn cơ sở" behind
        s = rx.sub(r"(?<=Công đoàn )Cơ Sở(?![\p{L}])", "cơ sở", "".join(out))
    s = expand_abbreviations(s)
    return fix_districts(fix_provinces(s))


def _case_free_text(chunk: str) -> str:
    levels = _level_words()
    words = chunk.split(" ")
    out = []
    i = 0
    while i < len(words):
        w = words[i]
        two = f"{w} {words[i + 1]}".lower() if i + 1 < len(words) else None
        if two and two in levels:
            out.extend(two.split(" "))
            i += 2
            continue
        if i == len(words) - 1 and w and set(w) <= set("IVX") and ROMAN_RE.match(w):
            out.append(w)  # a name's closing Roman numeral ("MẦM NON II", "CAO VIÊN I")
        else:
            out.append(w.lower() if w.lower() in levels else _title_word(w))
        i += 1
    return " ".join(out)


@functools.cache
def _province_re() -> regex.Pattern[str]:
    return regex.compile(rf"(?<![\p{{L}}])(?:{vocab.provinces_re()})(?![\p{{L}}])", regex.IGNORECASE)


def fix_provinces(s: str) -> str:
    """'Lai châu' → 'Lai Châu' wherever a province name stands."""
    table = vocab.province_by_key()
    return _province_re().sub(lambda m: table.get(m.group(0).lower(), m.group(0)), s)


# a district-level name after its level word, up to four words ("huyện Vụ bản", "huyện M'đrắk")
_DISTRICT_AFTER_LEVEL_RE = regex.compile(r"(?<=\b(?:huyện|quận|thị xã|thành phố) )\p{Lu}[\p{L}'’]*(?: [\p{L}'’]+){0,3}")


def fix_districts(s: str) -> str:
    """'huyện Vụ bản' → 'huyện Vụ Bản': a district's name restored from capitals takes the
    administrative data's spelling (the longest known name that starts the words after the level).
    The data (4.8 MB of JSON) is read at the first name after a level word, not before."""

    def repl(m: regex.Match[str]) -> str:
        table = gazetteer.district_spellings()
        words = m.group(0).split(" ")
        for n in range(len(words), 0, -1):
            known = table.get(" ".join(words[:n]).lower())
            if known:
                return " ".join([known, *words[n:]])
        return m.group(0)

    return _DISTRICT_AFTER_LEVEL_RE.sub(repl, s)


def canonical_place(raw: str) -> str:
    s = " ".join(raw.split())
    table = vocab.province_by_key()
    if s.lower() in table:
        return table[s.lower()]
    return " ".join(_title_word(w) if (is_caps(w) or w.islower()) else w for w in s.split())


def canonical_position(raw: str) -> str:
    s = " ".join(raw.strip(" *").split())
    table = {p.lower(): p for p in vocab.issuers().positions}
    if s.lower() in table:
        return table[s.lower()]
    return smart_case(s) if is_caps(s) else s


def is_organ_or_department(name: str) -> bool:
    """'Ban Thường vụ', 'Đoàn Chủ tịch', 'Ban Tổ chức', 'Văn phòng': a part of a body,
    not a body of its own (no federation, union, committee or place in the name)."""
    low = name.lower()
    organs = [o.lower() for o in vocab.issuers().organs]
    if low in organs:
        return True
    if not rx.match(r"^(?:ban|văn phòng|ủy ban kiểm tra|thường trực)\b", low):
        return False
    bodies = ("liên đoàn", "công đoàn", "tỉnh ủy", "huyện ủy", "đảng ủy", "chi bộ", "ủy ban nhân dân", "tỉnh", "huyện", "xã",
              "trung ương", "việt nam", "thành phố", "quốc hội", "chính phủ", "bộ ")
    return not any(b in low for b in bodies)


# a field of a department's name ends at a dash, a comma or 'và' ("LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI")
_FIELD_SEP_RE = regex.compile(r"(\s+[-–]\s+|\s+và\s+|\s*,\s*)", regex.IGNORECASE)
_LEVEL_PLACE_RE = regex.compile(r"(?<![\p{L}])(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn)\s+\S.*$")


@functools.cache
def _department_heads() -> list[tuple[str, str, str]]:
    """(head, its lower case, that plus a space), longest first: sorted once, not per name."""
    heads = sorted([*vocab.issuers().department_heads, *vocab.issuers().field_bodies], key=len, reverse=True)
    return [(h, h.lower(), h.lower() + " ") for h in heads]


def _department_head(s: str) -> str | None:
    low = s.lower()
    for h, h_low, h_prefix in _department_heads():
        if low == h_low or low.startswith(h_prefix):
            return h
    return None


@functools.lru_cache(maxsize=16384)  # pure: the string and the vocabularies
def department_case(s: str) -> str:
    """A department's name printed in capitals, in the record's normal case: its head and the
    first word of each field it covers capitalised, the rest in small letters ('SỞ LAO ĐỘNG -
    THƯƠNG BINH VÀ XÃ HỘI' → 'Sở Lao động - Thương binh và Xã hội', 'BAN TỔ CHỨC - KIỂM TRA' →
    'Ban Tổ chức - Kiểm tra'), as Nghị định 30/2020 writes the names of bodies. Names of places,
    acronyms and abbreviations keep theirs. Not a department: smart_case."""
    s = " ".join(s.split())
    head = _department_head(s)
    smart = smart_case(s)
    agency = head is not None and head in (*vocab.issuers().territorial_agencies, *vocab.issuers().field_bodies)
    if not is_caps(s) or head is None or not (agency or is_organ_or_department(smart)):
        return smart  # not a department ('BAN CHẤP HÀNH ĐOÀN XÃ …' names a body)
    abbreviations = vocab.issuers().abbreviations
    out = [head]
    for k, part in enumerate(_FIELD_SEP_RE.split(s[len(head):].strip())):
        if k % 2:
            out.append(part.lower())
            continue
        words = [w if (w in abbreviations or not any(c in VOWELS for c in w.lower() if c.isalpha())) else w.lower()
                 for w in part.split()]
        if words and words[0][:1].islower():
            words[0] = words[0][:1].upper() + words[0][1:]
        out.append((" " if k == 0 else "") + " ".join(words))
    name = "".join(out).strip()
    known = {d.name.lower(): d.name for d in vocab.departments().departments}
    name = known.get(name.lower(), name)
    return fix_districts(fix_provinces(expand_abbreviations(name)))


def is_territorial_agency(name: str) -> bool:
    """'Sở Nội vụ', 'Phòng Giáo dục và Đào tạo': an agency of a People's Committee that does not
    yet say whose ('Sở Nội vụ tỉnh Bình Thuận' does)."""
    low = name.lower()
    heads = vocab.issuers().territorial_agencies
    return any(low.startswith(h.lower() + " ") for h in heads) and not _LEVEL_PLACE_RE.search(name)


def territory_of(body: str) -> str | None:
    """'Ủy ban nhân dân tỉnh Bình Thuận' → 'tỉnh Bình Thuận': the level and place a body's name ends on."""
    m = _LEVEL_PLACE_RE.search(body)
    return m.group(0) if m else None


def is_people_committee(body: str) -> bool:
    return body.lower().startswith(("ủy ban nhân dân", "uỷ ban nhân dân"))


@functools.cache
def _youth_title_keys() -> frozenset[str]:
    return frozenset(" ".join(rx.findall(r"[a-z]+", fold(expand_abbreviations(t)))) for t in vocab.issuers().youth_union.titles)


@functools.lru_cache(maxsize=16384)
def is_youth_union_title(s: str) -> bool:
    """'ĐOÀN TNCS HỒ CHÍ MINH' alone: the tiêu đề every Đoàn document carries (as a state document
    carries the quốc hiệu), not the name of the committee that issues it."""
    return " ".join(rx.findall(r"[a-z]+", fold(expand_abbreviations(s)))) in _youth_title_keys()


_YOUTH_COMMITTEE_RE = regex.compile(
    r"^(?P<organ>Ban Chấp hành|Ban Thường vụ)\s+(?P<level>trung ương|tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn)\b\s*(?P<place>.*)$",
    regex.IGNORECASE,
)


def youth_union_body(issuer: str) -> str:
    """A committee of a Đoàn document named by its level only ('BCH TỈNH TUYÊN QUANG', as the
    Youth Union's format writes it) is that level's Đoàn: 'Ban Chấp hành Tỉnh đoàn Tuyên Quang',
    'Ban Chấp hành Đoàn xã Phúc Thịnh', 'Ban Chấp hành Trung ương Đoàn TNCS Hồ Chí Minh'."""
    m = _YOUTH_COMMITTEE_RE.match(issuer)
    if not m or "đoàn" in issuer.lower().split():
        return issuer
    body = vocab.issuers().youth_union.level_bodies.get(m.group("level").lower())
    if body is None:
        return issuer
    place = m.group("place").strip()
    return " ".join(x for x in (m.group("organ"), body, place) if x)


@functools.cache
def _school_union_re() -> regex.Pattern[str]:
    levels = vocab.alternation(vocab.issuers().school_levels)
    return regex.compile(rf"^(Công đoàn)\s+(?=(?:{levels})(?![\p{{L}}\d]))", regex.IGNORECASE)


def school_union(issuer: str) -> str:
    """'Công đoàn Tiểu học Tân Xuân' (from 'CÔNG ĐOÀN TH TÂN XUÂN') → 'Công đoàn trường Tiểu học
    Tân Xuân': a union named by a school's level is the union of that school ('Công đoàn cơ sở …'
    and 'Công đoàn ngành …' are other names and stay as printed)."""
    return _school_union_re().sub(r"\1 trường ", issuer, count=1)


# single capitals spaced out by a flattened or justified line ("CÔNGĐOÀN T H TRẦN QUỐC TOẢN")
_SPACED_LETTERS_RE = regex.compile(r"(?<![\p{L}\d])\p{Lu}(?: \p{Lu}){1,4}(?![\p{L}\d])")


def join_spaced_letters(s: str) -> str:
    """'T H' → 'TH' when the letters joined are an abbreviation the vocabulary knows (a person's
    initials or a list label are left alone)."""
    known = {*vocab.issuers().abbreviations, *vocab.issuers().school_levels}

    def repl(m: regex.Match[str]) -> str:
        joined = m.group(0).replace(" ", "")
        return joined if joined in known else m.group(0)

    return _SPACED_LETTERS_RE.sub(repl, s)


@functools.cache
def _folded_phrases() -> tuple[regex.Pattern[str], dict[str, str]]:
    """The names of pipeline.misread's table a header in capitals from any source gets its
    marks back from (heads of two words or more, 'uy ban nhan dan', and a province after its
    level word, 'tinh quang ngai'), by their folded form: letter for letter the folded line."""
    table = {fold(k.name): k.name for k in misread.folded_names().values() if k.any_text}
    alt = "|".join(regex.escape(k) for k in sorted(table, key=len, reverse=True))
    return regex.compile(rf"(?<![a-z\d])(?:{alt})(?![a-z\d])"), table


@functools.lru_cache(maxsize=16384)  # pure: the string and the vocabularies
def restore_marks(s: str) -> str:
    """A header line in capitals whose marks a scan misread ('UỶ BAN NHÂN DẦN', 'TĨNH QUANG NGAI'):
    a known name that matches it letter for letter without marks takes its spelling ('ỦY BAN
    NHÂN DÂN', 'TỈNH QUẢNG NGÃI'). Offsets are kept (one letter for one letter)."""
    if not is_caps(s):
        return s
    folded = fold(s)
    if len(folded) != len(s):
        return s
    pattern, table = _folded_phrases()
    out = s
    for m in pattern.finditer(folded):
        canonical = table[m.group(0)].upper()
        if len(canonical) == m.end() - m.start():
            out = out[: m.start()] + canonical + out[m.end() :]
    return out


@functools.cache
def _organ_prefixes() -> list[tuple[str, str]]:
    """The organs, longest first, each with the lower-case prefix it starts a name with."""
    return [(o, o.lower() + " ") for o in sorted(vocab.issuers().organs, key=len, reverse=True)]


def strip_organ(issuer: str) -> str:
    """'Đoàn Chủ tịch Tổng Liên đoàn …' → 'Tổng Liên đoàn …' (FORMAT.md comparison)."""
    s = issuer.strip()
    low = s.lower()
    for organ, prefix in _organ_prefixes():
        if low.startswith(prefix):
            rest = s[len(organ) + 1 :].strip()
            if rest:
                return rest
    return s


def fill_place(issuer: str, province: str | None, district: str | None) -> tuple[str, bool]:
    """'… Liên đoàn Lao động tỉnh' + Lai Châu → '… tỉnh Lai Châu'; returns (name, filled)."""
    s = issuer.rstrip(" ,;.")
    low = s.lower()
    if province and (low.endswith(" tỉnh") or low.endswith("tỉnh ủy") or low == "tỉnh ủy"):
        return f"{s} {province}", True
    if district and (low.endswith(" huyện") or low.endswith("huyện ủy")):
        return f"{s} {district}", True
    return s, False


# ---------------------------------------------------------------------------
# Organisation-name grammar: head (+ level + place | + name), one level per head
# ---------------------------------------------------------------------------
# Heads that start the name of a body: the vocabulary's body heads and abbreviations, plus
# the school and office words of two-level school headers ("PHÒNG GD&ĐT …" / "TRƯỜNG TH …").
# the quốc hiệu and motto, folded: a header cell that is a piece of them is never an issuer
QUOC_HIEU_ONLY = frozenset({"cong", "hoa", "xa", "hoi", "chu", "nghia", "doc", "lap", "tu", "do", "hanh", "phuc", "san"})
QUOC_HIEU_FOLDED = "cong hoa xa hoi chu nghia viet nam doc lap tu do hanh phuc dang cong san viet nam"


@functools.cache
def _head_re() -> regex.Pattern[str]:
    iss = vocab.issuers()
    heads = [*iss.body_heads, *iss.organs, *iss.level_heads, *iss.abbreviations, *iss.department_heads, *iss.national_bodies]
    return regex.compile(rf"(?<![\p{{L}}\d])(?:{vocab.alternation(heads)})(?![\p{{L}}\d])", regex.IGNORECASE)


@functools.cache
def _generic_words() -> frozenset[str]:
    """Words that go on a head without naming anyone ('Công đoàn trường', 'Ban Chấp hành Công đoàn')."""
    iss = vocab.issuers()
    words = {w.lower() for h in (*iss.body_heads, *iss.organs, *iss.level_heads) for w in h.split()}
    return frozenset(words | {"trường", "cơ", "sở", "ngành", "các", "cấp", "và", "&"})


def has_org_head(s: str) -> bool:
    """The text names a body: it starts with a head of the grammar ("QUI CHẾ THU CHI QUỸ
    CÔNG ĐOÀN", a heading that ends on one, does not)."""
    return bool(_head_re().match(s.strip()))


@functools.lru_cache(maxsize=16384)  # pure: the string and the vocabularies
def is_quoc_hieu_piece(s: str) -> bool:
    """'CỘNG', 'HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM': a piece of the quốc hiệu split over lines."""
    words = rx.findall(r"[a-z]+", fold(s))
    f = " ".join(words)
    return bool(f) and f in QUOC_HIEU_FOLDED and bool(QUOC_HIEU_ONLY & set(words))


def split_levels(s: str) -> list[tuple[int, int]]:
    """Spans of the bodies named one after another in one header cell, upper level first
    ('LIÊN ĐOÀN LAO ĐỘNG TP HUẾ CĐCS MẦM NON II' → two). A head starts a new level only
    after a name: 'CÔNG ĐOÀN TRƯỜNG …' and 'BAN CHẤP HÀNH CÔNG ĐOÀN …' stay one."""
    generic = _generic_words()
    cuts = [0]
    for m in _head_re().finditer(s):
        if m.start() == 0:
            continue
        before = s[cuts[-1] : m.start()].split()
        if not before or before[-1].lower() in ("&", "và"):
            continue  # a joint issuer: "BGH & BCH CÔNG ĐOÀN …" is one
        named = any(w.lower() not in generic and not _head_re().fullmatch(w) for w in before)
        if named and _head_re().match(s, cuts[-1]) and not _head_ends_a_place(before, m.group(0)):
            cuts.append(m.start())
    spans = []
    for a, b in zip(cuts, [*cuts[1:], len(s)]):
        piece = s[a:b]
        spans.append((a + len(piece) - len(piece.lstrip()), b - (len(piece) - len(piece.rstrip()))))
    return spans


def _head_ends_a_place(before: list[str], head: str) -> bool:
    """'… HUYỆN XUÂN' + 'TRƯỜNG', '… THÀNH PHỐ HẢI' + 'PHÒNG': the head word is the last word
    of a district's or province's name after its level word (the gazetteer says so), not a new body."""
    levels = _level_words()
    words = [w.lower() for w in before]
    last = max((i for i, w in enumerate(words) if w in levels or (i and f"{words[i - 1]} {w}" in levels)), default=None)
    if last is None or last == len(before) - 1:
        return False
    place = " ".join(before[last + 1 :]).lower()
    places = _place_names()
    head_words = head.lower().split()
    return any(f"{place} {' '.join(head_words[:k])}" in places for k in range(1, len(head_words) + 1))


@functools.cache
def _place_names() -> frozenset[str]:
    """Province and district names in lower case, as the gazetteer writes them."""
    return frozenset(gazetteer.district_spellings()) | {short.lower() for _, short in gazetteer.provinces()}


def is_incomplete(name: str) -> bool:
    """'Công đoàn trường', 'Công đoàn cơ sở': a head and generic words, no name: the body
    above it in the header says whose it is."""
    words = name.lower().split()
    generic = _generic_words()
    return bool(words) and all(w in generic for w in words) and not is_organ_or_department(name)


def complete_with(lower: str, upper: str) -> str:
    """'Công đoàn trường' + 'Trường Tiểu học Cao Viên I' → 'Công đoàn trường Tiểu học Cao Viên I'."""
    last = lower.split()[-1].lower()
    up = upper.split()
    if up and up[0].lower() == last:
        up = up[1:]
    return " ".join([lower, *up])


ROMAN_RE = regex.compile(r"^(?=[IVXLC]+$)M*(?:C[MD]|D?C{0,3})(?:X[CL]|L?X{0,3})(?:I[XV]|V?I{0,3})$")


@functools.cache
def _proper_re() -> regex.Pattern[str]:
    words = [*_known_phrases(), *vocab.names().proper_words]
    return regex.compile(rf"(?<![\p{{L}}])(?:{vocab.alternation(words)})(?![\p{{L}}])", regex.IGNORECASE)


@functools.cache
def _proper_by_lower() -> dict[str, str]:
    return {w.lower(): w for w in (*_known_phrases(), *vocab.names().proper_words)}


def _marks(word: str) -> list[str]:
    return sorted(c for c in unicodedata.normalize("NFD", word) if unicodedata.combining(c))


_LETTER_OR_DIGIT_RE = regex.compile(r"[\p{L}\d]")


def marks_from_text(name: str, text: str, least: int = 2) -> str:
    """A name read from capitals takes the marks the document's own text gives the same letters
    in normal case, at least ``least`` times: OCR loses or changes marks in a header's capitals
    ('CỤC THUÊ' over a body that says 'Cục Thuế nhận được …, Cục Thuế có ý kiến'). Only marks
    change, never letters, and not where only a tone's placement differs ('Uỷ'/'Ủy')."""
    key = fold(name)
    if len(key) != len(name) or len(key) < 6:
        return name  # (asked before the whole text is folded)
    folded = fold(text)
    if len(folded) != len(text):
        return name
    seen: Counter[str] = Counter()
    # the key's whole-word occurrences, left to right without overlaps (what finditer of
    # (?<![\p{L}\d])key(?![\p{L}\d]) gives), found by str.find: no pattern compiled per name
    pos = 0
    while (p := folded.find(key, pos)) != -1:
        end = p + len(key)
        if (p and _LETTER_OR_DIGIT_RE.match(folded, p - 1)) or _LETTER_OR_DIGIT_RE.match(folded, end):
            pos = p + 1
            continue
        written = text[p:end]
        if not is_caps(written):
            seen[written] += 1
        pos = end
    if not seen:
        return name
    best, count = seen.most_common(1)[0]
    if count < least or best.lower() == name.lower():
        return name
    words = [(a, b) for a, b in zip(name.split(), best.split()) if a.lower() != b.lower()]
    if all(_marks(a) == _marks(b) for a, b in words):
        return name  # the same marks placed otherwise
    out = [b if a.lower() != b.lower() else a for a, b in zip(name.split(), best.split())]
    return " ".join(out)


NAME_RUN_RE = regex.compile(r"(?<=\p{Ll}\s+|\p{Lu}{2,}\s+)\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+)+")


def proper_names_from_text(title: str, text: str) -> str:
    """'… trường THCS duy tân' → '… trường THCS Duy Tân' when the document itself writes the
    name in capitals mid-sentence (after a lower-case word or an acronym, so not a sentence's
    first word): the printed document knows its proper names better than any word list."""
    runs = {m.group(0).lower(): m.group(0) for m in NAME_RUN_RE.finditer(text) if not is_caps(m.group(0))}
    if not runs:
        return title
    pattern = regex.compile(rf"(?<!\p{{L}})(?:{'|'.join(regex.escape(k) for k in sorted(runs, key=len, reverse=True))})(?!\p{{L}})")
    return pattern.sub(lambda m: runs[m.group(0)], title)


def sentence_case(s: str) -> str:
    """A trích yếu printed in capitals, in the record's normal case: 'TỔ CHỨC THÁNG CÔNG NHÂN
    NĂM 2024 TẠI TỈNH SƠN LA' → 'Tổ chức Tháng Công nhân năm 2024 tại tỉnh Sơn La'. Names of
    bodies and places, acronyms (THCS, CNVCLĐ) and Roman numerals keep their capitals."""
    if not is_caps(s):
        return s
    keep = set()
    for w in rx.findall(r"[\p{L}\d&/.-]+", s):
        letters = [c for c in w.lower() if c.isalpha()]
        if ROMAN_RE.match(w) or (letters and not any(c in VOWELS for c in letters)) or w in vocab.issuers().abbreviations:
            keep.add(w)
    out = rx.sub(r"[\p{L}\d&/.-]+", lambda m: m.group(0) if m.group(0) in keep else m.group(0).lower(), s)
    table = _proper_by_lower()
    out = _proper_re().sub(lambda m: table.get(m.group(0).lower(), m.group(0)), out)
    out = rx.sub(r"(?<=\bcơ )Sở(?![\p{L}])", "sở", out)  # 'cơ sở' is no 'Sở' (a department)
    out = fix_provinces(out)
    # a document named by its number: "chỉ thị số 37-CT/TW" → "Chỉ thị số 37-CT/TW"
    out = rx.sub(rf"(?<![\p{{L}}])(?i:{vocab.type_names_re()})(?=\s+số\s)", lambda m: m.group(0)[:1].upper() + m.group(0)[1:], out)
    # the first letter, and the first after an opening quote
    out = rx.sub(r"^(\W*)(\p{Ll})", lambda m: m.group(1) + m.group(2).upper(), out)
    return rx.sub(r"([“\"«]\s*)(\p{Ll})", lambda m: m.group(1) + m.group(2).upper(), out)
