"""Targets (what a document commits to) and results (what it reports achieved).

A quantity is a Vietnamese number (numbers.py) with a counted noun after it: a unit
from pipeline/data/units.json, or, when the noun is not in the vocabulary, the first
word underthesea's word segmenter finds after the number (called only on the clause
around a number). What is not a target is ruled out by the rules of FORMAT.md: dates
and years, anniversaries ("95 năm"), ordinals, document numbers, committee sizes
("gồm 12 thành viên"), eligibility thresholds ("từ 25 lao động trở lên"), meeting
frequencies, term years, section numbers.

Kind: the nearest cue before the number in its sentence decides (cues.json): "đã",
"đạt", "kết quả" → result; "phấn đấu", "chỉ tiêu", "ít nhất", "để" → target; with no
cue a report or a news article reports (result) and a plan commits (target).
"""

from __future__ import annotations

import functools
import regex

from pipeline import patterns as P
from pipeline import vocab
from pipeline.extract.numbers import NUMBER, parse_number, scale_words_re, to_plain
from pipeline.models import Target
from pipeline.normalize import Text

# a quantity: bound? (từ)? NUMBER scale? (- | đến NUMBER scale?)? %?
QUANTITY_TMPL = r"""
(?<![\p{{L}}\d.,/:-])                              # not glued to a word, a date or a symbol
(?P<number>{number})(?:\s*(?P<scale>{scale}))?
(?:\s*(?:-|–|đến)\s*(?P<number2>{number})(?:\s*(?P<scale2>{scale}))?)?
(?![\d/])(?!\.\d)                                 # not the start of a date (28/6) or 1.1.
\s*(?P<pct>%)?
"""
SENTENCE_START_RE = regex.compile(r"(?:[.!?…](?:\s|$)|\n|^)(?=[^.!?…\n]*$)")
BOUND_BEFORE_RE_TMPL = r"(?P<bound>{bounds})\s*(?:là\s+)?$"
EXCLUDED_BEFORE_RE = regex.compile(
    r"(?:\b(?:ngày|tháng|năm|quý|lần\s+thứ|thứ|số|Số|khóa|khoá|Điều|khoản|điểm|trang|tuổi|kỳ|giai\s+đoạn|nhiệm\s+kỳ)"
    r"|gồm|Khách|Thành\s+viên|Tổng|truy\s+cập|lúc|ngày\s+\d{1,2}\s*[/-])\s*:?\s*$",
    regex.IGNORECASE,
)
LINE_LABEL_RE = regex.compile(r"(?:^|\n)[ \t]*$")
PERIOD_RE = regex.compile(
    r"(?:trước\s+ngày\s+\d{1,2}/\d{1,2}/\d{4}|đến\s+hết\s+năm\s+\d{4}|(?:trong\s+)?năm\s+\d{4}|giai\s+đoạn\s+\d{4}\s*-\s*\d{4}"
    r"|(?:6|sáu)\s+tháng\s+(?:đầu|cuối)\s+năm(?:\s+\d{4})?|quý\s+[IV1-4]+(?:/\d{4})?)",
    regex.IGNORECASE,
)
OF_STOP_RE = regex.compile(r"[,;.:)\n]|\s(?:và|để|nhằm|trong\s+đó)\s")


@functools.cache
def quantity_re() -> regex.Pattern[str]:
    return regex.compile(
        QUANTITY_TMPL.format(number=NUMBER, scale=scale_words_re()), regex.VERBOSE | regex.IGNORECASE
    )


@functools.cache
def _units() -> tuple[regex.Pattern[str], dict[str, str]]:
    """Unit alternation (longest first) → canonical head noun."""
    canon: dict[str, str] = {}
    for u in vocab.units().units:
        for v in u.variants:
            canon[v.lower()] = u.canonical
    pat = regex.compile(rf"\s*(?P<unit>{vocab.alternation([v for u in vocab.units().units for v in u.variants])})(?![\p{{L}}\d])",
                        regex.IGNORECASE)
    return pat, canon


@functools.cache
def _cue_res() -> tuple[regex.Pattern[str], regex.Pattern[str], regex.Pattern[str], regex.Pattern[str]]:
    c = vocab.cues()
    result = regex.compile(rf"(?<![\p{{L}}])(?:{vocab.alternation(c.result)})(?![\p{{L}}])", regex.IGNORECASE)
    target = regex.compile(rf"(?<![\p{{L}}])(?:{vocab.alternation(c.target)})(?![\p{{L}}])", regex.IGNORECASE)
    bound = regex.compile(BOUND_BEFORE_RE_TMPL.format(bounds=vocab.alternation(list(c.bounds))), regex.IGNORECASE)
    action = regex.compile(rf"(?<![\p{{L}}])(?P<action>{vocab.alternation(c.actions)})(?![\p{{L}}])", regex.IGNORECASE)
    return result, target, bound, action


BRACKETED_PART_RE = regex.compile(r"^(?:\s*\p{L}+){0,3}\s*\(\s*$")


@functools.cache
def _action_right_before_re() -> regex.Pattern[str]:
    """An action verb right before the number ('tuần tra 4 cuộc', 'phát triển mới 350')."""
    return regex.compile(
        rf"(?<![\p{{L}}])(?:{vocab.alternation(vocab.cues().actions)})\s+(?:(?:mới|thêm|được|ít\s+nhất|trên|tối\s+thiểu)\s+)*$",
        regex.IGNORECASE,
    )


@functools.cache
def _background_re() -> regex.Pattern[str]:
    """'hiện có 12.000 đoàn viên', 'với sự tham gia của 200 đoàn viên' end with the number's context."""
    return regex.compile(rf"(?<![\p{{L}}])(?:{vocab.alternation(vocab.cues().background_before)})(?![\p{{L}}])",
                         regex.IGNORECASE)


@functools.cache
def _attendance_re() -> regex.Pattern[str]:
    """'… 150 đoàn viên tham dự' right after the unit."""
    return regex.compile(rf"[^,.;\n]{{0,12}}?(?<![\p{{L}}])(?:{vocab.alternation(vocab.cues().attendance_after)})(?![\p{{L}}])",
                         regex.IGNORECASE)


@functools.cache
def _non_target_units() -> set[str]:
    return {u.lower() for u in vocab.cues().non_target_units}


def _unknown_unit(after: str) -> str | None:
    """The first word underthesea segments after a number, when it looks like a noun."""
    clause = OF_STOP_RE.split(after, maxsplit=1)[0][:60]
    if not clause.strip():
        return None
    from underthesea import word_tokenize

    words = word_tokenize(clause, use_token_normalize=False)
    if not words:
        return None
    w = words[0]
    if not regex.match(r"^\p{L}[\p{L} ]*$", w) or w.lower() in _non_target_units():
        return None
    return w


def _sentence_start(t: str, pos: int, floor: int) -> int:
    window = t[max(floor, pos - 400) : pos]
    m = None
    for m in regex.finditer(r"[.!?…](?:\s|$)|\n", window):
        pass
    return max(floor, pos - 400) + (m.end() if m else 0)


def extract_targets(text: Text, start: int, end: int, kind_hint: str, doc_type: str | None = None) -> list[Target]:
    """Targets and results in text.text[start:end] (the body zone)."""
    t = text.text
    unit_re, canon = _units()
    result_re, target_re, bound_re, action_re = _cue_res()
    bounds = vocab.cues().bounds
    eligibility = tuple(vocab.cues().eligibility_after)
    excluded: list[tuple[int, int]] = [m.span() for m in P.DATE_RE.finditer(t, start, end)]
    excluded += [m.span() for m in P.SYMBOL_RE.finditer(t, start, end)]
    default_kind = "result" if (kind_hint == "news" or doc_type == "Báo cáo") else "target"
    out: list[Target] = []
    last_unit: tuple[int, str, str | None] | None = None  # (end, unit, canonical) of the previous quantity
    for m in quantity_re().finditer(t, start, end):
        s, e = m.span("number"), m.end()
        if any(a <= s[0] < b for a, b in excluded):
            continue
        raw = m.group("number")
        value_text = raw
        if (len(raw) == 4 and raw.isdigit() and 1900 <= int(raw) <= 2100) and not m.group("pct"):
            continue  # a year
        before = t[max(start, s[0] - 40) : s[0]]
        if EXCLUDED_BEFORE_RE.search(before) or LINE_LABEL_RE.search(before) and t[s[1] : s[1] + 1] in ".-)":
            continue
        if t[s[1] : s[1] + 1] in (".", ")") and LINE_LABEL_RE.search(before):
            continue
        try:
            value = parse_number(value_text + (" " + m.group("scale") if m.group("scale") else ""))
            value_max = (
                parse_number(m.group("number2") + (" " + m.group("scale2") if m.group("scale2") else ""))
                if m.group("number2")
                else None
            )
        except ValueError:
            continue
        if value == 0:
            continue  # "0 người không tán thành": nothing committed or achieved
        if value_max is not None and value_max <= value:
            value_max = None
        after = t[e : min(end, e + 120)]
        unit: str | None
        unit_canonical: str | None
        inherited = False
        of = None
        if m.group("pct"):
            unit, unit_canonical = "%", "%"
            so_voi = regex.match(r"\s*so\s+với\s+(?P<of>[^,;.\n]{2,80})", after)
            if so_voi:
                of = so_voi.group("of").strip()
            else:
                of_text = OF_STOP_RE.split(after, maxsplit=1)[0].strip()
                of = of_text if 2 <= len(of_text) <= 120 else None
            unit_end = e
        else:
            um = unit_re.match(t, e, min(end, e + 60))
            if um:
                unit = um.group("unit")
                unit_canonical = canon.get(unit.lower())
                unit_end = um.end()
            else:
                unit, unit_canonical, unit_end = None, None, e
                # a part in brackets inherits the unit of the quantity it belongs to
                if last_unit and BRACKETED_PART_RE.match(t[last_unit[0] : s[0]]):
                    unit, unit_canonical = last_unit[1], last_unit[2]
                    inherited = True
                    close = t.find(")", e, min(end, e + 60))
                    unit_end = close + 1 if close != -1 else e
                elif _action_right_before_re().search(before):
                    unit = _unknown_unit(after)
                    unit_canonical = None
                    unit_end = e + len(unit) + (len(after) - len(after.lstrip())) if unit else e
            if unit is None:
                continue
            if unit.lower() in _non_target_units():
                continue
            if before.rstrip().lower().endswith("từ") and t[unit_end : unit_end + 12].strip().lower().startswith(eligibility):
                continue  # eligibility threshold: "từ 25 lao động trở lên"
            if _attendance_re().match(t, unit_end, min(end, unit_end + 40)):
                continue  # attendance is background, not a commitment or a result
            # a unit word that is really part of an ordinal or date ("2 tháng", "3 năm") was filtered above
        bound = None
        bm = bound_re.search(before)
        if bm:
            bound = bounds.get(bm.group("bound").lower())
            if bm.group("bound").lower() == "từ" and value_max is None:
                bound = None
        sent_start = _sentence_start(t, s[0], start)
        clause = t[sent_start : s[0]]
        kind = default_kind
        cue_pos = -1
        for cm in result_re.finditer(clause):
            if cm.start() > cue_pos:
                cue_pos, kind = cm.start(), "result"
        for cm in target_re.finditer(clause):
            if cm.start() > cue_pos and not (cm.group(0).lower() in ("phát triển", "thành lập", "kết nạp", "giới thiệu", "tổ chức", "tăng thêm", "hỗ trợ", "trao", "tặng") and kind == "result"):
                cue_pos, kind = cm.start(), "target"
        if cue_pos < 0 and not _action_right_before_re().search(before) and not bm and (
            (unit == "%" and not of) or regex.search(r":\s*$", before)
        ):
            continue  # "Tỷ lệ: 100%", "Ban Chấp hành: 3 người": a form's figures, nothing committed or reported
        bg = [b.end() for b in _background_re().finditer(clause)]
        if bg and max(bg) > cue_pos:
            continue  # "hiện có 45.000 đoàn viên … 820 CĐCS": a membership total, background
        if bm and bound == "min":
            kind = "target" if not regex.search(r"(?:đã|đạt)\s+[^,;.]*$", clause) else kind
        actions = list(action_re.finditer(clause[-40:]))
        action = actions[-1].group("action").lower() if actions else None
        per = regex.search(r"(?:mỗi|từng)\s+(?P<per>[^,;.\n]{2,40}?)\s+(?:" + (action or "phải|cần|được") + r")", clause)
        tail = t[unit_end : min(end, unit_end + 60)]
        text_start = actions[-1].start() + len(clause) - len(clause[-40:]) + sent_start if actions else (bm.start() + s[0] - len(before) if bm else s[0])
        if per:
            text_start = min(text_start, sent_start + per.start())
        if inherited:
            text_start = t.rfind("(", start, s[0])
        text_end = unit_end
        extra = regex.match(r"^\s*(?:mới|ưu\s+tú|chào\s+mừng|cho\s+Đảng)\b", tail)
        if extra:
            text_end = unit_end + extra.end()
        period = None
        sentence_end = regex.search(r"[.!?…](?:\s|$)|\n", t[e : min(end, e + 300)])
        sentence = t[sent_start : e + (sentence_end.start() if sentence_end else 300)]
        here = s[0] - sent_start
        periods = sorted(PERIOD_RE.finditer(sentence), key=lambda p: abs((p.start() if p.start() > here else p.end()) - here))
        if periods:
            period = " ".join(periods[0].group(0).split())
        out.append(
            Target(
                value=to_plain(value),
                value_max=to_plain(value_max) if value_max is not None else None,
                unit=unit if unit.isupper() or unit == "%" else unit.lower(),
                unit_canonical=unit_canonical,
                kind=kind,  # type: ignore[arg-type]
                text=" ".join(t[text_start:text_end].split()),
                action=action,
                of=of,
                bound=bound,  # type: ignore[arg-type]
                period=period,
                responsible=("mỗi " + per.group("per").strip()) if per else None,
                span=text.provenance(text_start, text_end, "targets.quantity_re"),
            )
        )
        if unit != "%":
            last_unit = (unit_end, unit, unit_canonical)
    return out

