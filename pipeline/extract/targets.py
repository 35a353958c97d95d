"""Targets (what a document commits to) and results (what it reports achieved).

``extract_targets(text, start, end, kind_hint, doc_type, doc_year)`` reads ``text.text[start:end]`` (the body
zone). A quantity is a Vietnamese number (numbers.QUANTITY_RE: scale words, ranges, %)
with a counted noun after it: a unit of pipeline/data/units.json, or, when the noun is
not in the vocabulary, the word underthesea's word segmenter finds after the number
(called only on the sentence around such a number, and only when an action verb or a
coordinated quantity says a count follows). Sentences without a digit cost one regex scan.

Ruled out, by FORMAT.md: dates and years, anniversaries ("95 năm"), ordinals ("lần thứ
4"), document numbers, committee sizes ("gồm 12 thành viên"), eligibility thresholds
("từ 25 lao động trở lên"), meeting frequencies ("mỗi quý họp 1 lần", "2 đợt/năm"),
term years, ages, counts in brackets ("(04/04 đồng chí)"), page counters, section
numbers. Background, by the features of ``_background`` (target_features.json): a
statement of the present state ("Hiện công đoàn có …", "toàn tỉnh có …"), a body's size
("Cụm … có 14.209 đoàn viên"), a running total ("nâng tổng số … lên"), delegates and
attendance, people praised (before or after: "… được các cấp khen thưởng"), a form's
figure ("Tổng số CBCNV: 34 người"), rates and prices ("mỗi suất trị giá …", "mức hỗ trợ
…", "nhận được quà 1 triệu đồng", "…/người") and money too small to be an output.

Kind: a score (``_kind``; weights in target_features.json). The cue words before the number
in its sentence weigh most (cues.json): a strong cue ("đã", "kết quả", "tổng kết" → result;
"phấn đấu", "chỉ tiêu", "ít nhất", "tiếp tục" → target) outweighs a weak one ("đạt",
"được", "để"), so "phấn đấu kết nạp được 500" is a target and "đã vận động … để tổ chức
tặng 380 suất quà" a result. Then what follows the quantity ("… đã được tặng quà", ", đạt
107% kế hoạch" → result), a plan's figure in brackets ("kế hoạch (kết nạp mới 4.000 ĐVCĐ)"
→ target), the period's year against the document's, the heading it sits under ("Kết quả
…" / "Phương hướng, nhiệm vụ …"), and the document: a report or a news article reports, a
plan commits. A figure stated twice (a lead repeated in the body) is one target.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import regex
from pydantic import BaseModel

from pipeline import rx
from pipeline import patterns as P
from pipeline import vocab
from decimal import Decimal

from pipeline.extract.numbers import parse_number, quantity_re, to_plain
from pipeline.models import Target
from pipeline.normalize import Text

RULE = "targets.quantity"
LINE_START_RE = regex.compile(r"(?:^|\n)[ \t>*•+-]*$")
PERIOD_RE = regex.compile(
    r"(?:trước\s+ngày\s+\d{1,2}/\d{1,2}(?:/\d{4})?|đến\s+(?:hết\s+)?(?:ngày\s+\d{1,2}/\d{1,2}/\d{4}|năm\s+\d{4})"
    r"|(?:trong\s+)?năm\s+\d{4}|giai\s+đoạn\s+\d{4}\s*-\s*\d{4}"
    r"|(?:6|sáu|9|chín)\s+tháng\s+(?:đầu|cuối)\s+năm(?:\s+\d{4})?|quý\s+[IV1-4]+(?:/\d{4}|\s+năm\s+\d{4})?"
    r"|tháng\s+\d{1,2}(?:/\d{4}|\s+năm\s+\d{4}))",
    regex.IGNORECASE,
)
OF_STOP_RE = regex.compile(r"[,;.:)(\n]|\s(?:và|để|nhằm|trong\s+đó|đến|từ\s+năm)\s")
SENTENCE_END_RE = regex.compile(r"[.!?…](?=\s|$)|\n")
# a part of the quantity before it: "14.600 đoàn viên mới (580 …", "… (trong đó 580 …", ", trong đó 580 …"
PART_BETWEEN_RE = regex.compile(
    r"^(?:\s*\p{L}+){0,3}\s*(?:\(\s*(?:trong\s+đó\s*(?:có\s*)?:?\s*)?|[,;]?\s*trong\s+đó\s*(?:có\s*)?:?\s*)$",
    regex.IGNORECASE,
)
COORDINATED_RE = regex.compile(r"^(?:\s*\p{L}+){0,4}\s*(?:,|;|\svà|\s(?:cùng\s+)?với)\s*$", regex.IGNORECASE)
TRAILING_RE = regex.compile(r"\s*(?:mới|ưu\s+tú|chào\s+mừng(?:\s+cụ\s+thể)?|cho\s+Đảng|trở\s+lên)(?![\p{L}])",
                            regex.IGNORECASE)
QUOTE_BEFORE_RE = regex.compile(r"[\"“'‘]\s*$")
PER_ITEM_RE = regex.compile(r"(?:mỗi|1|một)\s+(?:\p{L}+\s+){0,3}(?:trị\s+giá|giá\s+trị|mức)\s*(?:là\s*)?:?\s*$|trị\s+giá\s+mỗi",
                            regex.IGNORECASE)
PER_TIME_AFTER_RE = regex.compile(r"\s*/\s*(?:một\s+|1\s+|mỗi\s+)?\p{L}|\s*(?:mỗi|một|trên\s+một)\s+"
                                  r"(?:năm|quý|tháng|tuần)(?![\p{L}])", regex.IGNORECASE)
OBJECT_BEFORE_RE = regex.compile(r"(?:%|so\s+với|(?<![\p{L}])(?:đạt|vượt|hoàn\s+thành|theo|của|tổng\s+kết|sơ\s+kết))\s*(?:\p{L}+\s+)?(?:các\s+)?$",
                                 regex.IGNORECASE)
# a body's size stated with "có" before its first figure ("… có 14.209 đoàn viên …"), not "trong đó có"
HAVE_NUMBER_RE = regex.compile(r"(?<![\p{L}])(?<!trong\s+đó\s+)có\s+(?:(?:khoảng|gần|hơn|trên)\s+)?\d", regex.IGNORECASE)
NOUN_RE = regex.compile(r"^\p{L}[\p{L} ]*$")
STOP_WORDS = {"và", "cho", "của", "với", "trong", "các", "những", "được", "là", "có", "tại", "ở", "về", "theo",
              "đến", "từ", "trên", "dưới", "so", "bằng", "đạt", "tăng", "giảm", "để", "nhằm", "thì", "mà", "này",
              "đó", "khi", "sau", "trước", "hơn", "đã", "sẽ", "người"}


class TargetFeatures(BaseModel):
    """pipeline/data/target_features.json: the weights of the kind score and the background cues."""

    notes: str = ""
    weights: dict[str, float]
    aspect_result_after: list[str]
    aspect_target_after: list[str]
    passive_result_after: list[str]
    state_before: list[str]
    state_verbs: list[str]
    praise_after: list[str]
    receive_before: list[str]
    plan_nouns: list[str]
    running_total_before: list[str]
    level_before: list[str]
    min_money: int = 1000


@functools.cache
def features() -> TargetFeatures:
    path = Path(__file__).resolve().parent.parent / "data" / "target_features.json"
    return TargetFeatures.model_validate_json(path.read_text(encoding="utf-8"))


@functools.cache
def _feature_res() -> dict[str, regex.Pattern[str]]:
    f = features()
    alt = vocab.alternation
    return {
        # "… 380 gia đình công nhân đã được tặng quà": the clause after the quantity, up to , ; .
        "aspect_result": regex.compile(rf"^[^,;.\n()]{{0,60}}?(?<![\p{{L}}])(?:{alt(f.aspect_result_after)})(?![\p{{L}}])",
                                       regex.IGNORECASE),
        "passive_result": regex.compile(rf"^[^;.\n()]{{0,60}}?(?<![\p{{L}}])(?:{alt(f.passive_result_after)})(?![\p{{L}}])",
                                        regex.IGNORECASE),
        "aspect_target": regex.compile(rf"^[^,;.\n()]{{0,60}}?(?<![\p{{L}}])(?:{alt(f.aspect_target_after)})(?![\p{{L}}])",
                                       regex.IGNORECASE),
        # "Hiện công đoàn có 247 …", "hiện nay toàn tỉnh có …": a statement of the present state
        "state": regex.compile(rf"(?:^\s*|[,.;:]\s*)(?:{alt(f.state_before)})\s+(?:[^,.;:\n]{{0,50}}?\s)?"
                               rf"(?:{alt(f.state_verbs)})(?![\p{{L}}])", regex.IGNORECASE),
        "praise_after": regex.compile(rf"[^.;\n]{{0,80}}?(?<![\p{{L}}])(?:{alt(f.praise_after)})(?![\p{{L}}])",
                                      regex.IGNORECASE),
        "receive": regex.compile(rf"(?<![\p{{L}}])(?:{alt(f.receive_before)})\s*(?:[\p{{L}}]+\s+){{0,2}}$", regex.IGNORECASE),
        "each": regex.compile(r"(?<![\p{L}])mỗi\s+[^,;.\n\d]{2,40}$", regex.IGNORECASE),
        "plan_bracket": regex.compile(rf"(?<![\p{{L}}])(?:{alt(f.plan_nouns)})\s*\(\s*(?:[\p{{L}}]+\s+){{0,3}}$",
                                      regex.IGNORECASE),
        "running_total": regex.compile(rf"(?<![\p{{L}}])(?:{alt(f.running_total_before)})(?![\p{{L}}])[^\d;.\n]{{0,60}}$",
                                       regex.IGNORECASE),
        "level": regex.compile(rf"(?<![\p{{L}}])(?:{alt(f.level_before)})(?:\s+\p{{L}}+){{0,3}}\s*(?:là\s*)?:?\s*$", regex.IGNORECASE),
        "year": regex.compile(r"(?<![\d/.-])(?:19|20)\d{2}(?![\d/])"),
    }


@dataclass(frozen=True)
class _Cue:
    kind: str  # "result" | "target"
    strong: bool


@functools.cache
def _units() -> tuple[regex.Pattern[str], dict[str, str]]:
    """Unit alternation (longest first, right after the number) → canonical head noun."""
    canon: dict[str, str] = {}
    for u in vocab.units().units:
        for v in u.variants:
            canon[v.lower()] = u.canonical
    names = [v for u in vocab.units().units for v in u.variants]
    pat = regex.compile(rf"\s*(?P<unit>{vocab.alternation(names)})(?![\p{{L}}\d])", regex.IGNORECASE)
    return pat, canon


def _words(words: list[str]) -> str:
    return rf"(?<![\p{{L}}])(?:{vocab.alternation(words)})(?![\p{{L}}])" if words else r"(?!x)x"


@functools.cache
def _cue_table() -> tuple[regex.Pattern[str], dict[str, _Cue]]:
    """One alternation of the kind cues, longest first ('phấn đấu đạt' before 'đạt').

    Action verbs and the 'neutral' words mark an output but decide no kind: "kết nạp
    5.000 đoàn viên" is a result in an article and a target in a plan."""
    c = vocab.cues()
    weak = {w.lower() for w in c.weak}
    neutral = {w.lower() for w in [*c.neutral, *c.actions]}
    table: dict[str, _Cue] = {}
    for kind, words in (("target", c.target), ("result", c.result)):
        for w in words:
            if w.lower() not in neutral:
                table[w.lower()] = _Cue(kind, w.lower() not in weak)
    return regex.compile(_words(list(table)), regex.IGNORECASE), table


@functools.cache
def _re(key: str) -> regex.Pattern[str]:
    """A cue list of cues.json as a word-bounded alternation."""
    return regex.compile(_words(list(getattr(vocab.cues(), key))), regex.IGNORECASE)


@functools.cache
def _excluded_before_re() -> regex.Pattern[str]:
    """Words right before a number that make it a date, an ordinal, a label, an identifier or a
    counter ("ngày", "lần thứ", "số", "nhiệm kỳ", "gồm", "tuổi", "truy cập": cues.json
    non_target_before), or a day before it ("ngày 12/")."""
    return regex.compile(rf"(?:{_words(vocab.cues().non_target_before)}|ngày\s+\d{{1,2}}\s*[/-])\s*:?\s*$", regex.IGNORECASE)


@functools.cache
def _bound_re() -> regex.Pattern[str]:
    return regex.compile(rf"(?<![\p{{L}}])(?P<bound>{vocab.alternation(list(vocab.cues().bounds))})\s*(?:là\s+|con\s+số\s+)?$",
                         regex.IGNORECASE)


@functools.cache
def _action_re() -> regex.Pattern[str]:
    return regex.compile(rf"(?<![\p{{L}}])(?P<action>{vocab.alternation(vocab.cues().actions)})(?![\p{{L}}])",
                         regex.IGNORECASE)


@functools.cache
def _action_right_before_re() -> regex.Pattern[str]:
    """An action verb right before the number ('tuần tra 4 cuộc', 'phát triển mới ít nhất 350')."""
    fillers = r"(?:mới|thêm|được|ít\s+nhất|trên|tối\s+thiểu|từ|khoảng|gần|hơn|không\s+dưới|thành\s+công|cho)"
    return regex.compile(
        rf"(?<![\p{{L}}])(?P<action>{vocab.alternation(vocab.cues().actions)})\s+(?:{fillers}\s+)*$", regex.IGNORECASE
    )


@functools.cache
def _non_target_units() -> frozenset[str]:
    return frozenset(u.lower() for u in vocab.cues().non_target_units)


@functools.cache
def _attendance_re() -> regex.Pattern[str]:
    """'… 150 đoàn viên tham dự' / '… đoàn viên công nhân đến dự' right after the unit."""
    return regex.compile(rf"^[^,.;\n]{{0,14}}?{_words(vocab.cues().attendance_after)}", regex.IGNORECASE)


def _praised(window: str) -> bool:
    """A praise word before the number with no other action verb after it."""
    praise = list(_re("praise_before").finditer(window))
    if not praise:
        return False
    after = window[praise[-1].end() :]
    return not any(not _re("praise_before").fullmatch(a.group(0)) for a in _action_re().finditer(after))


def _sentence_bounds(t: str, pos: int, floor: int, ceil: int) -> tuple[int, int]:
    lo = max(floor, pos - 400)
    s = lo
    for m in SENTENCE_END_RE.finditer(t, lo, pos):
        s = m.end()
    m2 = SENTENCE_END_RE.search(t, pos, min(ceil, pos + 400))
    return s, (m2.start() if m2 else min(ceil, pos + 400))


class _Segmenter:
    """underthesea word segmentation of a sentence, cached, aligned to text offsets."""

    def __init__(self, t: str) -> None:
        self.t = t
        self.cache: dict[tuple[int, int], list[tuple[int, int, str]]] = {}

    def words(self, s: int, e: int) -> list[tuple[int, int, str]]:
        if (s, e) not in self.cache:
            from underthesea import word_tokenize

            sentence = self.t[s:e]
            out: list[tuple[int, int, str]] = []
            cursor = 0
            for w in word_tokenize(sentence, use_token_normalize=False):
                parts = w.split()
                if not parts:
                    continue
                m = regex.compile(r"\s+".join(regex.escape(p) for p in parts)).search(sentence, cursor)
                if m is None:
                    continue
                out.append((s + m.start(), s + m.end(), w))
                cursor = m.end()
            self.cache[(s, e)] = out
        return self.cache[(s, e)]

    def noun_after(self, pos: int, s: int, e: int) -> tuple[str, int, int] | None:
        """The word starting at or after pos (the remainder of a word that swallowed the
        number: '1.191 đoàn viên'), if it looks like a counted noun."""
        for ws, we, w in self.words(s, e):
            if we <= pos:
                continue
            if ws < pos:
                rest = self.t[pos:we]
                lead = len(rest) - len(rest.lstrip())
                ws, w = pos + lead, rest.strip()
                if not w:
                    continue
            word = " ".join(w.split())
            if not NOUN_RE.match(word) or word.lower() in STOP_WORDS or word.lower() in _non_target_units():
                return None
            if self.t[pos:ws].strip():
                return None  # something (punctuation) between the number and the word
            return word, ws, we
        return None


def _heading_kinds(t: str, start: int, end: int) -> list[tuple[int, int, str | None]]:
    """(position, level, kind-or-None) of the section headings of the zone, for defaults."""
    res_re, tgt_re = _re("heading_result"), _re("heading_target")
    out: list[tuple[int, int, str | None]] = []
    for m in P.SECTION_RE.finditer(t, start, end):
        if m.group("bullet") or len(m.group("heading")) > 160:
            continue
        level = P.section_level(m)
        head = m.group("heading")
        r, g = res_re.search(head), tgt_re.search(head)
        kind = None
        if r and (not g or r.start() < g.start()):
            kind = "result"
        elif g:
            kind = "target"
        out.append((m.start(), level, kind))
    return out


def _default_kind(headings: list[tuple[int, int, str | None]], pos: int, fallback: str | None) -> str | None:
    stack: list[tuple[int, str | None]] = []
    for hpos, level, kind in headings:
        if hpos > pos:
            break
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, kind))
    for _, kind in reversed(stack):
        if kind:
            return kind
    return fallback


def _kind_from_cues(clause: str) -> tuple[str | None, bool, int]:
    """(kind, decided by a strong cue, position of the deciding cue) from the cues of a clause."""
    cue_re, table = _cue_table()
    kind: str | None = None
    strong = False
    pos = -1
    for m in cue_re.finditer(clause):
        cue = table[m.group(0).lower()]
        if cue.kind == "target" and OBJECT_BEFORE_RE.search(clause, max(0, m.start() - 16), m.start()):
            continue  # "đạt 125% kế hoạch", "vượt chỉ tiêu": the plan is an object here, not a commitment
        if cue.strong:
            kind, strong, pos = cue.kind, True, m.start()
        elif not strong or cue.kind == kind:
            kind, pos = cue.kind, m.start()
    return kind, strong, pos


def _kind(
    cue: str | None, strong: bool, after: str, clause: str, period: str | None, doc_year: int | None,
    heading: str | None, fallback: str,
) -> str:
    """target or result, by a score of the features of the quantity's sentence and section
    (weights: target_features.json; positive = result). The cue words before the number
    weigh most ("phấn đấu", "chỉ tiêu" / "đã", "kết quả"); then what follows it ("… đã được
    tặng quà", ", đạt 107% kế hoạch"), a plan's figure in brackets ("kế hoạch (kết nạp mới
    4.000 ĐVCĐ)"), the period's year against the document's, the section heading ("Kết quả
    …" / "Phương hướng …"), and the document (news and reports report; plans commit)."""
    w = features().weights
    fr = _feature_res()
    score = 0.0
    if cue:
        score += (1 if cue == "result" else -1) * (w["strong_cue"] if strong else w["weak_cue"])
    if fr["aspect_result"].match(after) or fr["passive_result"].match(after):
        score += w["aspect_after"]
    elif fr["aspect_target"].match(after):
        score -= w["aspect_after"]
    if rx.match(r"^[^.;\n]{0,40}?,?\s*(?:đạt|vượt|bằng)\s+\d", after):
        score += w["achieved_after"]  # "kết nạp 2.150 đoàn viên, đạt 107% kế hoạch"
    if fr["plan_bracket"].search(clause[-60:]):
        score += w["plan_bracket"]
    if period and doc_year:
        years = [int(y) for y in fr["year"].findall(period)]
        if years and max(years) < doc_year:
            score += w["year"]
        elif years and min(years) > doc_year:
            score -= w["year"]
    if heading:
        score += (1 if heading == "result" else -1) * w["heading"]
    score += w["document"] if fallback == "result" else -w["document"]
    return "result" if score > 0 else "target" if score < 0 else fallback


def _background(
    t: str, clause: str, recent: str, s0: int, unit: str | None, unit_canonical: str | None, value: Decimal,
    unit_end: int, end: int, kind: str | None,
) -> bool:
    """A background figure, not an output (FORMAT.md "Not targets"): people praised, a
    frequency, a total of the present state, a rate or price of the support."""
    fr = _feature_res()
    if _praised(clause[-80:]) or fr["praise_after"].match(t, unit_end, min(end, unit_end + 80)):
        return True  # "khen thưởng 25 tập thể"; "60 tập thể, hơn 300 cán bộ … được các cấp khen thưởng"
    if _re("frequency_before").search(clause[-40:]) and (unit or "").lower() in vocab.cues().frequency_units:
        return True  # a frequency ("mỗi năm tổ chức 2 đợt")
    if _re("background_before").search(recent):
        return True  # "hiện có 45.000 đoàn viên": a membership total
    have = HAVE_NUMBER_RE.search(t, s0 - len(clause), s0 + 1) if kind is None else None
    if have and rx.search(r"\p{L}", t[s0 - len(clause) : have.start()]) and not _action_re().search(t, have.end(), s0):
        # "doanh nghiệp có 500 lao động", "Cụm có 14.209 đoàn viên sinh hoạt tại 136 CĐCS": a body's size;
        # not a report's "+ Có 5 đoàn viên tham gia …" (there were), which has no owner before "có"
        return True
    state = None
    for state in fr["state"].finditer(clause):
        pass
    if state is not None and not _action_re().search(clause, state.end()):
        return True  # "Hiện công đoàn có 247 CĐCS với gần 95.000 ĐVCĐ trên tổng số gần 110.000 lao động"
    if fr["running_total"].search(clause[-90:]):
        return True  # "…, nâng tổng số đoàn viên toàn tỉnh lên 59.508 đoàn viên": a running total
    if unit_canonical == "đồng":
        if fr["level"].search(clause[-40:]):
            return True  # "với mức chi dự kiến 1.300.000 đồng/người": the level of a support, a rate
        if value < features().min_money:
            return True  # "3 Đ", an SMS fee: no output is that small
        if fr["receive"].search(clause[-40:]) or fr["each"].search(clause[-50:]):
            return True  # "nhận được quà 1 triệu đồng", "mỗi tin nhắn ủng hộ 14.000 đồng": a rate
    return False


def _unit_text(unit: str) -> str:
    """Units as written, lower-case unless an abbreviation (CĐCS, ĐV, VNĐ) or '%'."""
    letters = [c for c in unit if c.isalpha()]
    if unit == "%" or (len(letters) >= 2 and all(c.isupper() for c in letters)):
        return unit
    return unit.lower()


def extract_targets(
    text: Text, start: int, end: int, kind_hint: str, doc_type: str | None = None, doc_year: int | None = None
) -> list[Target]:
    """Targets and results stated in text.text[start:end] (the body zone).

    kind_hint is the document's kind ("directive" | "news"); doc_type ("Báo cáo") and
    doc_year (the year of its date line) are features of the kind score (``_kind``).
    """
    t = text.text
    end = min(end, len(t))
    if start >= end or not P.HAS_DIGIT_RE.search(t, start, end):
        return []
    unit_re, canon = _units()
    bounds = vocab.cues().bounds
    eligibility = tuple(e.lower() for e in vocab.cues().eligibility_after)
    excluded = [m.span() for m in P.DATE_RE.finditer(t, start, end)]
    excluded += [m.span() for m in P.SYMBOL_RE.finditer(t, start, end)]
    fallback = "result" if (kind_hint == "news" or doc_type == "Báo cáo") else "target"
    headings = _heading_kinds(t, start, end)
    seg = _Segmenter(t)
    out: list[Target] = []
    last: tuple[int, int, str, str | None] | None = None  # (sentence start, unit end, unit, canonical) of the previous quantity

    for m in quantity_re().finditer(t, start, end):
        s0, s1 = m.span("number")
        e = m.end()
        if any(a <= s0 < b for a, b in excluded):
            continue
        raw = m.group("number")
        pct = bool(m.group("pct"))
        if raw.isdigit() and len(raw) == 4 and 1900 <= int(raw) <= 2100 and not pct:
            continue  # a year, or term years "2023-2028"
        before = t[max(start, s0 - 40) : s0]
        if _excluded_before_re().search(before) or QUOTE_BEFORE_RE.search(before):
            continue
        if LINE_START_RE.search(before) and t[s1 : s1 + 1] in (".", ")", "-", "/") and not m.group("scale"):
            continue  # a section number "1." / "2)" at the start of a line
        if PER_ITEM_RE.search(before):
            continue  # a price per item ("mỗi suất trị giá 500.000 đồng")
        try:
            value = parse_number(raw + (" " + m.group("scale") if m.group("scale") else ""))
            value_max = (parse_number(m.group("number2") + (" " + m.group("scale2") if m.group("scale2") else ""))
                         if m.group("number2") else None)
        except ValueError:
            continue
        if value == 0:
            continue  # "0 trường hợp": nothing committed or achieved
        if value_max is not None and value_max <= value:
            value_max = None
        if m.group("number2") and not m.group("scale") and m.group("scale2"):
            value = parse_number(raw + " " + m.group("scale2"))  # "1,5 - 2 triệu"
        sent_start, sent_end = _sentence_bounds(t, s0, start, end)
        clause = t[sent_start:s0]
        unit: str | None = None
        unit_canonical: str | None = None
        unit_end = e
        inherited = False
        of = None

        if pct:
            unit = unit_canonical = "%"
            after = t[e : min(end, e + 160)]
            so_voi = rx.match(r"\s*(?:so\s+với|của)\s+(?P<of>[^,;.\n()]{2,80})", after)
            if so_voi:
                of = so_voi.group("of").strip()
                unit_end = e + so_voi.end("of")
            else:
                head = OF_STOP_RE.split(after, maxsplit=1)[0]
                of_text = head.strip()
                if 2 <= len(of_text) <= 120 and not rx.match(r"^(?:trở\s+lên|trở\s+xuống)\b", of_text):
                    of = of_text
                    unit_end = e + len(head.rstrip())
                else:
                    ratio = rx.search(r"(?:tỷ|tỉ)\s+lệ\s+(?P<of>[^,;:.\n]{2,80}?)\s*(?:(?:đạt|là|bằng|chiếm|:)\s*)?"
                                         r"(?:(?:khoảng|gần|trên|hơn|ít\s+nhất|tối\s+thiểu)\s*)?$", clause, regex.IGNORECASE)
                    if ratio:
                        of = ratio.group("of").strip()
        else:
            um = unit_re.match(t, e, min(end, e + 60))
            between = t[last[1] : s0] if last and last[0] == sent_start else None
            if um:
                unit = um.group("unit")
                unit_canonical = canon.get(unit.lower())
                unit_end = um.end()
            elif last and between is not None and PART_BETWEEN_RE.match(between):
                unit, unit_canonical, inherited = last[2], last[3], True  # a part inherits the unit of its whole
                if t[last[1] : s0].rstrip().endswith("(") or rx.search(r"\(\s*trong\s+đó", t[last[1] : s0]):
                    close = rx.match(r"[^()\n]{0,60}?\)", t[e : min(end, e + 62)])
                else:  # ", trong đó 580 phi chính thức"
                    close = rx.match(r"[^,;.()\n]{0,40}(?=[,;.)\n]|$)", t[e : min(end, e + 42)])
                unit_end = e + close.end() if close else e
            elif _action_right_before_re().search(clause[-60:]) or (between is not None and COORDINATED_RE.match(between)):
                found = seg.noun_after(e, sent_start, sent_end)
                if found:
                    unit, unit_canonical, unit_end = found[0], found[0].lower(), found[2]
            if unit is None or unit.lower() in _non_target_units():
                continue
            tail = t[unit_end : min(end, unit_end + 40)].lower()
            if before.rstrip().lower().endswith("từ") and value_max is None and tail.lstrip().startswith(eligibility):
                continue  # eligibility threshold: "từ 25 lao động trở lên"
            if _attendance_re().match(tail):
                continue  # "… 150 đoàn viên tham dự": attendance is background, not an output
        if PER_TIME_AFTER_RE.match(t, unit_end, end):
            continue  # a rate ("2 đợt/năm", "500.000 đồng/CĐCS", "1 lần mỗi quý")

        bm = _bound_re().search(before)
        bound = bounds.get(bm.group("bound").lower()) if bm else None
        if bm and bm.group("bound").lower() == "từ":
            bound = None  # "từ 2.000 đến 2.500": the start of a range, not a bound
        kind, strong, cue_pos = _kind_from_cues(clause)
        action_m = _action_right_before_re().search(clause[-60:])
        last_action = max((a.end() for a in _action_re().finditer(clause)), default=-1)
        recent = clause[max(cue_pos, last_action, 0) :]
        if _background(t, clause, recent, s0, unit, unit_canonical, value, unit_end, end, kind):
            continue
        if not strong and not action_m and not bm and (kind is None and unit == "%" and not of or rx.search(r":\s*$", before)):
            continue  # "Tỷ lệ: 100%", "Ban Chấp hành: 3 người", "Tổng số CBCNV: 34 người": a form's figures
        sentence = t[sent_start:sent_end]
        here = s0 - sent_start
        periods = sorted(PERIOD_RE.finditer(sentence), key=lambda p: abs((p.start() if p.start() > here else p.end()) - here))
        period = " ".join(periods[0].group(0).split()) if periods else None
        kind = _kind(kind, strong, t[unit_end : min(end, unit_end + 80)], clause, period, doc_year,
                     _default_kind(headings, s0, None), fallback)
        if inherited and out:
            kind = out[-1].kind  # a part is what its whole is

        # the phrase: action / bound / "mỗi X" … number unit (modifiers)
        text_start = s0
        if bm:
            text_start = s0 - len(before) + bm.start()
        action = None
        if action_m:
            action = " ".join(action_m.group("action").lower().split())
            text_start = sent_start + len(clause) - 60 + action_m.start() if len(clause) > 60 else sent_start + action_m.start()
        elif unit == "%":
            cue_m = None
            for cue_m in rx.finditer(r"(?<![\p{L}])(?:đạt|vượt|phấn\s+đấu|bằng|chiếm|tăng|giảm)(?![\p{L}])", clause[-30:],
                                        regex.IGNORECASE):
                pass
            if cue_m:
                text_start = sent_start + len(clause) - len(clause[-30:]) + cue_m.start()
        else:
            acts = list(_action_re().finditer(clause[-40:]))
            if acts:
                action = " ".join(acts[-1].group("action").lower().split())
            if not bm:
                lead_m = None
                for lead_m in _cue_table()[0].finditer(clause[-30:]):
                    pass
                if lead_m:  # "đạt 65ha", "đã thành mới 17 CĐCS"
                    text_start = sent_start + len(clause) - len(clause[-30:]) + lead_m.start()
        per = rx.search(r"(?<![\p{L}])(?P<each>mỗi|từng)\s+(?P<per>[^,;.\n]{2,40}?)\s+(?:"
                           + (regex.escape(action) if action else r"phải|cần|được|có") + r")", clause, regex.IGNORECASE)
        if per:
            text_start = min(text_start, sent_start + per.start())
        if inherited:
            paren = t.rfind("(", last[1] if last else sent_start, s0)
            text_start = paren if paren != -1 else s0
        text_end = unit_end
        extra = TRAILING_RE.match(t, unit_end, min(end, unit_end + 30))
        if extra and unit != "%":
            text_end = extra.end()

        rule = "part" if inherited else "percent" if unit == "%" else "vocab" if unit.lower() in canon else "segmented"

        out.append(
            Target(
                value=to_plain(value),
                value_max=to_plain(value_max) if value_max is not None else None,
                unit=_unit_text(unit),
                unit_canonical=unit_canonical,
                kind=kind,  # type: ignore[arg-type]
                text=" ".join(t[text_start:text_end].split()),
                action=action,
                of=of,
                bound=bound,  # type: ignore[arg-type]
                period=period,
                responsible=(per.group("each").lower() + " " + " ".join(per.group("per").split())) if per else None,
                span=text.provenance(text_start, text_end, f"{RULE}.{rule}"),
            )
        )
        if unit != "%":
            last = (sent_start, unit_end, unit, unit_canonical)
    return _once(out)


def _once(found: list[Target]) -> list[Target]:
    """Each figure once: a lead repeated in the body, or a total restated ("… cho 32 đoàn viên …
    Tổng kinh phí … cho 32 đoàn viên …"), is one target (FORMAT.md scores a set). A percentage
    is the same figure only when it is of the same thing."""
    seen: set[tuple[object, ...]] = set()
    out: list[Target] = []
    for x in found:
        what = " ".join((x.of or "").lower().split()) if x.unit == "%" else " ".join((x.unit_canonical or x.unit).lower().split()[:2])
        key = (x.value, x.value_max, x.unit == "%", what)
        if key in seen:
            continue
        seen.add(key)
        out.append(x)
    return out
