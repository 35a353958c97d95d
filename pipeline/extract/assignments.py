"""Assignments: every organisational unit a document directs to act, with its role.

``extract_assignments(text, start, end, sections, issuer=, exclude=, kind=, doc_type=)``
reads ``text.text[start:end]`` (the body zone, without the Nơi nhận list). Units are read
by a grammar of unit names (pipeline/data/unit_grammar.json), not looked up in a list:

    unit  = [title] [các] HEAD (Capitalised-word | qualifier | "- " Name)*
    list  = unit ((, | ; | và | &) unit)*     -- split where a title or a head follows

so "Ban Tổ chức, Ban Tuyên giáo" is two units, "Ban Nữ công - Tuyên giáo" and "LĐLĐ các
huyện, thành phố" one each, "Giám đốc Sở Tài chính" the unit Sở Tài chính.

Where a document directs units (FORMAT.md "Assignments"):

- the numbered subsections of "Tổ chức thực hiện" / "Phân công" whose heading names a
  unit (a group heading over unit subsections is given as its members), with role,
  tasks and deadline read from the subsection;
- the units after a direction cue: "Giao …", "đề nghị …", "yêu cầu …", "chỉ đạo …",
  "hướng dẫn …", "lưu ý …" (not "theo đề nghị của …"); a unit already directed in the
  sentence passes its own "chỉ đạo …" on, which is its task, not a new assignment;
- the "Kính gửi" groups of a directive that is not a report;
- units opening a sentence, bullet or "Điều 3." with a duty ("… chịu trách nhiệm thi
  hành Quyết định này", "… có trách nhiệm …", "… phối hợp …", "… căn cứ …"), or a labelled
  line "A. Ban giám hiệu: …" — not in a news article, which reports what units did,
  and not when the sentence says it was done ("đã …").

A unit only mentioned ("phối hợp với Ban …", "(qua Ban …)", "báo cáo về LĐLĐ tỉnh") is
never read: units are read only at those places. Role: "chủ trì", "theo dõi", "làm đầu
mối" → lead; "phối hợp" → support; else execute. Never the issuer itself or its organs;
a name that is the start of a fuller one in the same document is that unit.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import regex
from pydantic import BaseModel, Field

from pipeline import identity, rx
from pipeline import patterns as P
from pipeline import vocab
from pipeline.extract.names import expand_abbreviations, strip_organ
from pipeline.models import Assignment
from pipeline.normalize import Text

SectionTuple = tuple[int, int, int, str]

ROLE_RANK = {"lead": 3, "support": 2, "execute": 1}
BULLET_LEVEL = P.BULLET_LEVEL
TCTH_RE = regex.compile(
    r"^(?:tổ\s+chức\s+(?:thực\s+hiện|triển\s+khai(?:\s+thực\s+hiện)?)|phân\s+công(?:\s+(?:nhiệm\s+vụ|thực\s+hiện|trách\s+nhiệm))?"
    r"|trách\s+nhiệm(?:\s+(?:thực\s+hiện|của\s+các\s+\S+(?:\s+\S+){0,4}))?)"
    r"(?:\s*(?:,|và)\s*[^\n]{0,40})?\s*[.:]?$",   # "TỔ CHỨC THỰC HIỆN VÀ CHẾ ĐỘ BÁO CÁO"
    regex.IGNORECASE,
)
TCTH_LINE_RE = regex.compile(r"^[ \t*]*(?P<heading>[^\n]{5,80}?)[ \t*]*$", regex.MULTILINE)
HEADING_PREFIX_RE = regex.compile(r"^(?:đối\s+với|trách\s+nhiệm\s+của|giao|đề\s+nghị)\s+", regex.IGNORECASE)
LEAD_START_RE = regex.compile(r"^[\s\-+•*]*(?:chủ\s+trì|là\s+cơ\s+quan\s+thường\s+trực|làm\s+đầu\s+mối)", regex.IGNORECASE)
SUPPORT_START_RE = regex.compile(r"^[\s\-+•*]*phối\s+hợp", regex.IGNORECASE)
LEAD_AFTER_RE = regex.compile(r"[\s,:]*(?:chủ\s+trì|theo\s+dõi|làm\s+đầu\s+mối|là\s+cơ\s+quan\s+thường\s+trực)", regex.IGNORECASE)
SUPPORT_AFTER_RE = regex.compile(r"[\s,:]*(?:chủ\s+động\s+)?phối\s+hợp", regex.IGNORECASE)
DEADLINE_RE = regex.compile(
    r"(?:trước|chậm\s+nhất|hạn\s+chót|hoàn\s+thành\s+trước)\s+(?:ngày\s+)?\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?"
    r"|(?:trước|chậm\s+nhất)\s+ngày\s+\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?",
    regex.IGNORECASE,
)
TASK_SPLIT_RE = regex.compile(r"\n[ \t]*[-+•*][ \t]*|\n|(?<=[.;])\s+(?=\p{Lu})")
# where a subject can open: a line (after its bullet or label: "1.", "a)", "Điều 3.", "(2)2."), or a sentence
LINE_LABEL_RE = regex.compile(
    r"(?:^|(?<=\n))[ \t>*]*(?:[-+•–][ \t]*)?(?:(?:Điều[ \t]+\d+[ \t]*[.:]?|\(?\d{1,2}\)?(?:\.\d{1,2})*[.):/]?|[A-Za-zđ][.)]|[IVX]{1,4}[.)/-])[ \t]*)*"
)
SENTENCE_RE = regex.compile(r"(?<=[.;!?])[ \t]+(?:\d{1,2}[.)][ \t]*)?(?=\p{Lu})")
# one or two words between a direction cue and a plural object: "hướng dẫn thống nhất các …",
# "chỉ đạo sát sao các cấp CĐ …"
CUE_ADVERB_RE = regex.compile(
    r"(?:(?!(?:và|với|của|cho|về|tại|trong|là|có|được|đã|sẽ|để|theo|từ|đến|tới|qua)[ \t])\p{Ll}+[ \t]+){1,2}(?=(?:các|những)[ \t])"
)
# after a subject, the cues of the one who speaks ("Ban Thường vụ LĐLĐ tỉnh đề nghị …"); a unit that
# "chỉ đạo / hướng dẫn …" others is given that as its task ("Các LĐLĐ tỉnh … chỉ đạo công đoàn cấp trên …")
SPEAKER_AFTER_RE = regex.compile(r"[ \t]*(?i:đề\s+nghị|yêu\s+cầu|giao|kính\s+đề\s+nghị|lưu\s+ý|kêu\s+gọi)(?![\p{L}])")
GUIDE_AFTER_RE = regex.compile(r"[ \t]*(?i:hướng\s+dẫn|chỉ\s+đạo)(?![\p{L}])")
# a verb in a line of a Kính gửi list means the list has ended
VERB_IN_LINE_RE = regex.compile(
    r"(?<![\p{L}])(?i:đề\s+nghị|yêu\s+cầu|hướng\s+dẫn|chỉ\s+đạo|thông\s+báo|triển\s+khai|thực\s+hiện|căn\s+cứ|báo\s+cáo)(?![\p{L}])"
)
RUN_END_RE = regex.compile(r"[ \t]*(?:[:\n(]|$)")
PLURAL_RE = regex.compile(r"(?i:(?<![\p{L}])(?:các|những)\s)")
NAMED_RE = regex.compile(r"(?<=\S\s)\p{Lu}")  # a capitalised word after the head: a name
LIST_TAIL_RE = regex.compile(r"[ \t]*(?:,|;|và)[^.;:\n]{0,60}?(?=[ \t](?i:chịu|có)\s+trách\s+nhiệm|[ \t]căn\s+cứ)")
CAP_WORD_RE = regex.compile(r"\p{Lu}\p{L}*(?![\p{L}\d])")
COLON_RE = regex.compile(r"[ \t]*:[ \t]*(?=\p{L})")  # "A. Ban giám hiệu : Coi …", not "Ban Chấp hành: 15 người"
COLON_LINES_RE = regex.compile(r"[ \t]*:[ \t]*(?:\n[ \t]*)*")
CUE_OBJECT_RE = regex.compile(r"[ \t]*(?:cho[ \t]+|với[ \t]+)?")
ANY_WORD_RE = regex.compile(r"[ \t]+[^\s,;.:()]+")
TITLE_JOINT_RE = regex.compile(r"[ \t]*(?:,|và)[ \t]*")
# words that never continue a name: "Ban công tác MT và …", "Ban X với …"
FUNCTION_WORD_RE = regex.compile(
    r"(?:và|với|của|cho|các|những|về|tại|trong|là|có|được|đã|sẽ|để|theo|từ|đến|tới|qua|thì|mà|nhằm|khi)(?![\p{L}])"
)
SENTENCE_END_RE = regex.compile(r"[.;!?](?=\s)")
CLOSING_RE = regex.compile(r"(?:^|\n)[ \t]*Trên\s+đây\s+là", regex.IGNORECASE)
# at a line's start, or glued to the title line before it ("… công đoàn cơ sởKính gửi:")
KINH_GUI_RE = regex.compile(r"(?:^|\n|(?<=\p{Ll}))[ \t>*]*Kính\s+gửi\s*:?[ \t]*")
DONE_RE = regex.compile(r"[\s,]*(?:đã|vừa|từng)(?![\p{L}])", regex.IGNORECASE)
# "theo đề nghị của …", "sự chỉ đạo", "Ban chỉ đạo": not a direction; "thường xuyên quan tâm chỉ đạo",
# "tăng cường chỉ đạo": ongoing guidance (the background of a report), not units given a task
CUE_NOT_AFTER_RE = regex.compile(
    r"(?<![\p{L}])(?:theo|của|sự|ban|được|dưới|xin|tại|và|các|thường\s+xuyên|quan\s+tâm|tăng\s+cường|luôn)\s+$",
    regex.IGNORECASE,
)
# cues a unit's own task can open with ("Hướng dẫn Ban chấp hành CĐCS …" under "2. Ban Chính sách …");
# "Giao / Đề nghị / Yêu cầu" are the issuer's voice wherever they stand
GUIDE_CUE_RE = regex.compile(r"(?i:hướng\s+dẫn|chỉ\s+đạo|lưu\s+ý)")
REPORT_TYPES = {"Báo cáo", "Tờ trình", "Biên bản"}


# ---------------------------------------------------------------------------------------
# The grammar of unit names (pipeline/data/unit_grammar.json)
# ---------------------------------------------------------------------------------------


class UnitGrammar(BaseModel):
    """pipeline/data/unit_grammar.json: the words unit names are made of."""

    notes: str = ""
    heads: list[str]
    generic_heads: list[str]
    keep_cac: list[str]
    bare_not_unit: list[str] = Field(default_factory=list)
    back_references: list[str] = Field(default_factory=list)
    qualifiers: list[str]
    list_qualifiers: list[str]
    titles: list[str]
    abbreviations: dict[str, str]
    direct_cues: list[str]
    duty_cues: list[str]
    modal_cues: list[str] = Field(default_factory=list)
    level_qualifiers: list[str] = Field(default_factory=list)


@functools.cache
def grammar() -> UnitGrammar:
    path = Path(__file__).resolve().parent.parent / "data" / "unit_grammar.json"
    return UnitGrammar.model_validate_json(path.read_text(encoding="utf-8"))


def _alt_first_cased(words: Sequence[str]) -> str:
    """Alternation where each word's first letter is matched as written and the rest in any
    case ('Ban chấp hành công đoàn' opens a unit; 'ban' in running text does not)."""
    parts = sorted(set(words), key=len, reverse=True)
    return "|".join(regex.escape(w[0]) + (f"(?i:{regex.escape(w[1:])})" if len(w) > 1 else "") for w in parts)


END = r"(?![\p{L}\d])"


@functools.cache
def _g() -> dict[str, regex.Pattern[str]]:
    g = grammar()
    alt = vocab.alternation
    return {
        "title": regex.compile(rf"(?i:{alt(g.titles)})(?:{END}[ \t]*|(?=\p{{Lu}}))"),
        "cac": regex.compile(rf"(?i:các|những){END}[ \t]+"),
        "head": regex.compile(rf"(?:{_alt_first_cased(g.heads)}){END}"),
        "head_any": regex.compile(rf"(?i:{alt(g.heads)}){END}"),
        "generic": regex.compile(rf"(?i:{alt(g.generic_heads)}){END}"),
        "qual": regex.compile(rf"(?i:{alt(g.qualifiers)}){END}"),
        "list_qual": regex.compile(rf"(?i:{alt(g.list_qualifiers)}){END}"),
        # a qualifier glued to the next word by a lost space ('thị xãcăn cứ quyết định')
        "qual_glued": regex.compile(rf"(?i:{alt(g.qualifiers)})(?=(?i:{alt(g.duty_cues)}){END})"),
        "cap_word": regex.compile(r"[ \t]+(?:\p{Lu}|\d)[\p{L}\d]*(?:[.&][\p{L}\d]+)*(?![\p{L}\d])"),
        "low_syllable": regex.compile(r"[ \t]+\p{Ll}+(?![\p{L}\d])"),
        "dash": regex.compile(r"[ \t]*[-–][ \t]*(?:\p{Lu}|\d)[\p{L}\d]*(?![\p{L}\d])"),
        "sep": regex.compile(r"[ \t]*(?:[,;&]|[ \t]và(?![\p{L}]))[ \t]*(?:và[ \t]+)?"),
        "space": regex.compile(r"[ \t]+"),
        "abbrev": regex.compile(rf"(?<![\p{{L}}\d])(?:{alt(list(g.abbreviations))})(?![\p{{L}}\d])"),
        # what a unit's name can open with (a cheap test before reading one)
        "opener": regex.compile(rf"(?i:{alt(g.titles)}|các|những)|{_alt_first_cased(g.heads)}"),
        "level": regex.compile(rf"(?i:{alt(g.level_qualifiers)}){END}"),
        "keep_cac": regex.compile(rf"(?i:{alt(g.keep_cac)}){END}"),
        "duty": regex.compile(rf"[ \t]*(?::[ \t]*)?(?i:{alt(g.duty_cues)}){END}"),
        "direct": regex.compile(rf"(?<![\p{{L}}])(?i:{alt(g.direct_cues)}){END}"),
        "modal": regex.compile(rf"[ \t]*(?i:{alt(g.modal_cues)}){END}"),
        "direct_after": regex.compile(rf"[ \t]*(?i:{alt(g.direct_cues)}){END}"),
    }


@dataclass
class _Unit:
    start: int  # of the name, after any title
    end: int
    text: str  # as written, with its "các"


def _unit_opens(t: str, i: int, limit: int, any_case: bool = False) -> tuple[int, int, bool] | None:
    """(name start, head end, opened by 'các') when a unit name, after an optional title, opens at i."""
    g = _g()
    j = i
    titled = False
    while (m := g["title"].match(t, j, limit)) is not None and m.end() > j:
        j, titled = m.end(), True
        more = TITLE_JOINT_RE.match(t, j, limit)  # 'Giám đốc, Thủ trưởng các sở …'
        if more and g["title"].match(t, more.end(), limit):
            j = more.end()
    name_start = j
    cac = g["cac"].match(t, j, limit)
    if cac:
        j = cac.end()
    head = (g["head_any"] if (cac or titled or any_case) else g["head"]).match(t, j, limit)
    if head is None and cac:
        head = g["generic"].match(t, j, limit)
    return (name_start, head.end(), bool(cac)) if head is not None else None


def _compound(t: str, j: int, limit: int) -> int:
    """After a capitalised syllable, the lower-case syllables of the same name: one ('Liên
    đoàn', 'Tổ chức'), or a run of up to four that ends where a duty, a qualifier, ':' or
    the line does ('Ban Quản lý dự án chủ trì …'); never a qualifier or a duty itself."""
    g = _g()
    out = j
    k = j
    for n in range(4):
        low = g["low_syllable"].match(t, k, limit)
        if low is None:
            break
        w = low.start() + len(low.group(0)) - len(low.group(0).lstrip())
        if (g["qual"].match(t, w, limit) or g["duty"].match(t, w, limit) or g["direct_after"].match(t, w, limit)
                or FUNCTION_WORD_RE.match(t, w, limit)):
            break
        k = low.end()
        if n == 0:
            out = k
    else:
        return out
    if k == out:
        return out
    sp = g["space"].match(t, k, limit)
    ends = (k >= limit or RUN_END_RE.match(t, k, limit) or g["duty"].match(t, k, limit)
            or (sp is not None and g["qual"].match(t, sp.end(), limit)))
    return k if ends else out


def _goes_on(t: str, name_start: int, j: int, k: int, limit: int, by_cac: bool) -> bool:
    """'… và các <common noun>' continues a plural list of common nouns (name_start:j) rather than
    opening a unit: 'Công đoàn các trường …, trường cao đẳng sư phạm và các đơn vị trực thuộc'."""
    g = _g()
    so_far = t[name_start:j]
    lead = g["cac"].match(so_far)
    if not by_cac or not PLURAL_RE.search(so_far) or NAMED_RE.search(so_far, lead.end() if lead else 0):
        return False
    after = g["cac"].match(t, k, limit)
    at = after.end() if after else k
    return bool(g["generic"].match(t, at, limit)) and not g["head_any"].match(t, at, limit)


def _read_unit(t: str, i: int, limit: int, any_case: bool = False, to_end: bool = False) -> _Unit | None:
    """One unit name opening at i (see the module docstring), or None. to_end: the name runs
    over any word up to the next unit or the limit (a line of a Kính gửi list holds names only)."""
    g = _g()
    opened = _unit_opens(t, i, limit, any_case)
    if opened is None:
        return None
    name_start, j, after_sep = opened
    known = _known_re().match(t, name_start, limit)  # a name of the vocabulary ('Ban công tác Mặt trận')
    if known and known.end() > j:
        j = known.end()
    j = _compound(t, j, limit) if t[j - 1 : j].isupper() and not g["head"].fullmatch(t[name_start:j]) else j
    while j < limit:
        m = g["dash"].match(t, j, limit) or g["cap_word"].match(t, j, limit)
        if m:
            j, after_sep = _compound(t, m.end(), limit), False
            continue
        sp = g["space"].match(t, j, limit)
        if sp:
            k = sp.end()
            q = g["qual"].match(t, k, limit) or (g["list_qual"].match(t, k, limit) if after_sep else None)
            if q:
                j, after_sep = q.end(), q.group(0).lower() in ("các", "những")
                continue
            q = g["qual_glued"].match(t, k, limit)
            if q:
                j = q.end()
                break
        sep = g["sep"].match(t, j, limit)
        if sep:
            k = sep.end()
            opens = _unit_opens(t, k, limit)
            # a plural list of common nouns goes on ('Công đoàn các trường …, trường cao đẳng sư phạm và các đơn vị
            # trực thuộc', 'Các cơ quan, doanh nghiệp, hợp tác xã và các tổ chức …'); after a name it does not
            if opens is not None and not ("và" in sep.group(0) and _goes_on(t, name_start, j, k, limit, opens[2])):
                break  # a new unit ('…, Công đoàn ngành', 'Ban X và các chi, tổ hội'; but 'Công đoàn các trường …
                # và các đơn vị trực thuộc' goes on a plural list)
            h = g["head_any"].match(t, k, limit)
            if h and " " in h.group(0) and g["space"].match(t, h.end(), limit):
                break  # '…, công đoàn các trường …': a name of several syllables opens a new unit
            cac = g["cac"].match(t, k, limit)
            k2 = cac.end() if cac else k
            q = g["qual"].match(t, k2, limit) or g["list_qual"].match(t, k2, limit) or g["generic"].match(t, k2, limit)
            if q:
                j, after_sep = q.end(), True
                if q.group(0)[:1].isupper():
                    j = _compound(t, j, limit)  # 'và Xã hội' is a name's words, not the place word 'xã'
                continue
            w = CAP_WORD_RE.match(t, k, limit)
            if "và" in sep.group(0) and w:
                j = _compound(t, w.end(), limit)  # 'Sở Kế hoạch và Đầu tư'
                continue
        if to_end and (w := ANY_WORD_RE.match(t, j, limit)):
            j = w.end()
            continue
        break
    text = t[name_start:j].rstrip(" \t,;&-–")
    return _Unit(name_start, name_start + len(text), text) if text else None


@functools.cache
def _known_re() -> regex.Pattern[str]:
    """Unit names of departments.json, longest first, with an optional "các" before."""
    names = [v for d in vocab.departments().departments for v in [d.name, *d.variants]]
    return regex.compile(rf"(?:(?i:các|những)\s+)?(?i:{vocab.alternation(names)})(?![\p{{L}}])")


def _read_units(t: str, i: int, limit: int, any_case: bool = False, to_end: bool = False) -> list[_Unit]:
    """A list of units opening at i: 'LĐLĐ các tỉnh, thành phố; Công đoàn ngành TW và …'."""
    g = _g()
    out: list[_Unit] = []
    while True:
        u = _read_unit(t, i, limit, any_case=any_case or bool(out), to_end=to_end)
        if u is None:
            break
        out.append(u)
        sep = g["sep"].match(t, u.end, limit)
        if sep is None:
            break
        i = sep.end()
    return out


def _split_units(phrase: str) -> list[str]:
    """The units a phrase opens with, as written ('LĐLĐ huyện, Công đoàn ngành tích cực …')."""
    return [u.text for u in _read_units(phrase, 0, len(phrase))]


# ---------------------------------------------------------------------------------------
# Canonical names
# ---------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def _key(s: str) -> str:
    """Comparison key: abbreviations expanded, case folded, punctuation and spaces unified."""
    return identity.text_key(s)


def _loose_key(s: str) -> str:
    """The key without any "các" ('LĐLĐ các huyện, thành phố' ~ 'LĐLĐ huyện, thành phố')."""
    return rx.sub(r"(?:^|\s)các(?=\s)", "", _key(s)).strip()


@functools.cache
def _canonical_by_key() -> dict[str, str]:
    table: dict[str, str] = {}
    for d in vocab.departments().departments:
        for v in [d.name, *d.variants]:
            table[_key(v)] = d.name
    return table


@functools.cache
def _head_case() -> tuple[regex.Pattern[str], dict[str, str]]:
    heads = [h for h in grammar().heads if not h.isupper()]
    return (regex.compile(rf"^(?i:{vocab.alternation(heads)})(?![\p{{L}}])"), {h.lower(): h for h in heads})


@functools.lru_cache(maxsize=4096)
def canonical(name: str) -> str:
    """A unit's canonical name: the vocabulary's (departments.json) if it is one, else as
    written with abbreviations expanded (unit_grammar.json), the head's capitals restored,
    and a leading "các" kept only before a common noun ('Các Ban, đơn vị …', 'Các cấp công
    đoàn'; 'các Liên đoàn Lao động tỉnh, thành phố' → 'Liên đoàn Lao động tỉnh, thành phố')."""
    g = _g()
    s = " ".join(name.split()).strip(" ,;:-*")
    s = rx.sub(r"^(?:Ban\s+)+Ban\s+", "Ban ", s, flags=regex.IGNORECASE)  # "Ban Ban Tổ chức - Kiểm tra"
    s = rx.sub(r"\s*[-–]\s*", " - ", s)
    table = _canonical_by_key()
    k = _key(s)
    k2 = rx.sub(r"^các\s+", "", k)
    known = table.get(k) or table.get(k2)
    if known:  # "các Công đoàn cơ sở" keeps its "Các" before a common noun, "các Công đoàn ngành" does not
        return "Các " + known if k2 != k and g["keep_cac"].fullmatch(known) else known
    abbr = grammar().abbreviations
    s = g["abbrev"].sub(lambda m: abbr[m.group(0)], s)
    s = expand_abbreviations(s)
    s = rx.sub(r"([,;]\s*)(Thành\s+phố|Thị\s+xã|Quận|Huyện)(?![\p{L}])", lambda m: m.group(1) + m.group(2).lower(), s)
    s = rx.sub(r"\s*;\s*", ", ", s)
    cac = rx.match(r"^(?:các|những)\s+", s, regex.IGNORECASE)
    if cac:
        rest = s[cac.end() :]
        s = "Các " + rest if g["keep_cac"].match(rest) else rest
    head_re, heads = _head_case()
    lead = "Các " if s.startswith("Các ") else ""
    body = s[len(lead) :]
    hm = head_re.match(body)
    if hm:
        body = heads[hm.group(0).lower()] + body[hm.end() :]
    s = lead + body
    return s[:1].upper() + s[1:]


# ---------------------------------------------------------------------------------------
# Where documents direct units
# ---------------------------------------------------------------------------------------


@dataclass
class _Found:
    name: str
    role: str
    start: int
    end: int
    from_heading: bool = False
    tasks: list[str] = field(default_factory=list)
    deadline: str | None = None


def _capitalized(s: str) -> str:
    return s[:1].upper() + s[1:]


def _pieces(body: str) -> list[str]:
    return [p.strip() for p in TASK_SPLIT_RE.split(body) if p.strip()]


def _role_of(body: str) -> str:
    """lead: a bullet or sentence starts with "Chủ trì"; support: the first one starts with
    "Phối hợp"; else execute."""
    pieces = _pieces(body)
    if any(LEAD_START_RE.match(p) for p in pieces):
        return "lead"
    if pieces and SUPPORT_START_RE.match(pieces[0]):
        return "support"
    return "execute"


def _role_after(t: str, pos: int) -> str:
    """The role a cue right after the unit(s) gives: 'chủ trì' lead, 'phối hợp' support."""
    if LEAD_AFTER_RE.match(t, pos):
        return "lead"
    if SUPPORT_AFTER_RE.match(t, pos):
        return "support"
    return "execute"


def _tasks(body: str) -> list[str]:
    return [" ".join(p.split()).lstrip("-+•* ") for p in _pieces(body) if len(p.split()) >= 3][:20]


def find_sections(text: Text, start: int, end: int) -> list[SectionTuple]:
    """The numbered headings of a zone as (heading_start, heading_end, body_end, heading)."""
    t = text.text
    found = [(P.section_level(m), m.start(), m.end(), m.group("heading").strip()) for m in P.SECTION_RE.finditer(t, start, end)]
    out: list[SectionTuple] = []
    for i, (level, hs, he, heading) in enumerate(found):
        body_end = next((hs2 for level2, hs2, _, _ in found[i + 1 :] if level2 <= level), end)
        out.append((hs, he, body_end, heading))
    return out


def _level_at(t: str, heading_start: int) -> int:
    """The level of the heading whose line holds heading_start, read from its label."""
    line_start = t.rfind("\n", 0, heading_start) + 1
    m = P.SECTION_RE.match(t, line_start)
    return P.section_level(m) if m else BULLET_LEVEL


def _task_after(t: str, pos: int, limit: int) -> str | None:
    """The task a unit is given: the rest of its sentence after the name."""
    m = rx.match(r"[\s:,]*(?P<task>[^\n]*?(?:[.;!?](?=\s|$)|(?=\n)|$))", t[pos : min(limit, pos + 400)])
    task = " ".join(m.group("task").split()).rstrip(" /") if m else ""
    return task if len(task.split()) >= 3 else None


def _listed_tasks(t: str, pos: int, limit: int) -> list[str]:
    """The bullets after a sentence ending in ':' ("… cần thực hiện các nhiệm vụ sau:")."""
    out: list[str] = []
    end_prev = 0
    for m in rx.finditer(r"\n(?:[ \t]*\n)*[ \t]*[-+•*][ \t]*(?P<task>[^\n]+)", t[pos:limit]):
        if out and m.start() != end_prev:
            break
        out.append(" ".join(m.group("task").split()))
        end_prev = m.end()
        if len(out) >= 20:
            break
    return out


def _sentence_start(t: str, pos: int, floor: int) -> int:
    """Start of the sentence (or line) holding pos."""
    base = max(floor, t.rfind("\n", floor, pos) + 1)
    s = base
    for m in SENTENCE_END_RE.finditer(t, base, pos):
        if m.end() < pos:
            s = m.end()
    return s


def _directed(
    t: str, units: list[_Unit], limit: int, role: str | None = None, with_tasks: bool = True, zone_end: int | None = None
) -> list[_Found]:
    """Found entries for units directed together: role from the cue after the last one."""
    if not units:
        return []
    after = units[-1].end
    r = role or _role_after(t, after)
    task = _task_after(t, after, limit) if with_tasks else None
    tasks = [task] if task else []
    if task and task.endswith(":"):
        tasks += _listed_tasks(t, t.find(":", after) + 1, zone_end or limit)
    dl = DEADLINE_RE.search(task or "")
    return [_Found(canonical(u.text), r, u.start, u.end, tasks=tasks, deadline=" ".join(dl.group(0).split()) if dl else None)
            for u in units]


def extract_assignments(
    text: Text,
    start: int,
    end: int,
    sections: Sequence[SectionTuple] | None = None,
    *,
    issuer: str | None = None,
    exclude: Sequence[tuple[int, int]] = (),
    kind: str | None = None,
    doc_type: str | None = None,
) -> list[Assignment]:
    """Units given a task in text.text[start:end] (the body zone, Nơi nhận excluded).

    sections: (heading_start, heading_end, body_end, heading_text) of the numbered headings
    of the zone, or None to find them here. issuer: the document's issuer, never its own
    assignee. exclude: ranges to ignore (page chrome). kind ("directive" | "news"): a news
    article states what units did, so only its direction cues are read; doc_type ("Báo
    cáo" …): the Kính gửi of a report are its readers, not units asked to act.
    """
    t = text.text
    start, end = max(0, start), min(end, len(t))
    if sections is None:
        sections = find_sections(text, start, end)
    secs = [(hs, he, be, h, _level_at(t, hs)) for hs, he, be, h in sections if start <= hs < end]
    news, report = kind == "news", doc_type in REPORT_TYPES
    own = _own_keys(issuer)

    def excluded(pos: int) -> bool:
        return any(a <= pos < b for a, b in exclude)

    found: list[_Found] = []
    # the "Tổ chức thực hiện" part, if the document has one
    tcth = next((s for s in secs if s[4] <= 3 and TCTH_RE.match(s[3].strip(" .:*"))), None)
    if tcth is None:  # an unnumbered "TỔ CHỨC THỰC HIỆN" line: the part runs to the end of the zone
        line = next((m for m in TCTH_LINE_RE.finditer(t, start, end) if TCTH_RE.match(m.group("heading").strip(" .:*"))), None)
        if line is not None:
            tcth = (line.start(), line.end(), end, line.group("heading"), 0)

    # a document with a "Tổ chức thực hiện" part directs units there; elsewhere it describes the work
    z0, z1 = (tcth[1], min(tcth[2], end)) if tcth else (start, end)
    groups: set[str] = set()  # group headings whose members are listed under them
    unit_bodies: list[tuple[int, int]] = []  # bodies of unit subsections: their cues are that unit's tasks
    if tcth is not None:
        subs = [s for s in secs if z0 <= s[0] < z1 and tcth[4] < s[4] < BULLET_LEVEL]

        def heading_units(h: str) -> list[str]:
            head = _capitalized(HEADING_PREFIX_RE.sub("", h.strip(" *").partition(":")[0].strip()))
            return _split_units(head)

        for i, (hs, he, be, heading, level) in enumerate(subs):
            units = heading_units(heading)
            if not units:
                continue
            rest = heading.strip(" *").partition(":")[2]
            if not rest:  # "1. Ban Tuyên giáo LĐLĐ tỉnh chủ trì, phối hợp …": the task follows the names
                h = _capitalized(HEADING_PREFIX_RE.sub("", heading.strip(" *")))
                last = _read_units(h, 0, len(h))
                rest = h[last[-1].end :].strip(" ,") if last else ""
            children = [c for c in subs[i + 1 :] if hs < c[0] < be and heading_units(c[3])]
            if children:
                groups.update(_loose_key(canonical(u)) for u in units)
                continue  # "1. Các Ban Liên đoàn Lao động tỉnh" over 1.1, 1.2 …: the members act
            section_body = t[he:be]
            closing = CLOSING_RE.search(section_body)  # "Trên đây là Kế hoạch …" closes the document, not the section
            body = (rest + "\n" + section_body[: closing.start() if closing else None]).strip()
            role = _role_of(body)
            dl = DEADLINE_RE.search(body)
            unit_bodies.append((he, he + (closing.start() if closing else len(section_body))))
            for u in units:
                found.append(_Found(canonical(u), role, hs, he, True, _tasks(body),
                                    " ".join(dl.group(0).split()) if dl else None))

    # the "Kính gửi" groups of a directive asking them to act
    if not (news or report):
        kg = next((m for m in KINH_GUI_RE.finditer(t, 0, end) if not excluded(m.end())), None)
        if kg is not None:
            pos = kg.end()
            while pos < end:
                line_end = t.find("\n", pos, end)
                line_end = end if line_end == -1 else line_end
                line = t[pos:line_end]
                if line.strip():
                    lab = LINE_LABEL_RE.match(t, pos, line_end)
                    at = lab.end() if lab else pos
                    plain = _read_units(t, at, line_end, any_case=True)
                    if plain and VERB_IN_LINE_RE.search(t, plain[-1].end, line_end):
                        break  # "Ban Thường vụ LĐLĐ huyện đề nghị …": the letter's text, the list is over
                    units = _read_units(t, at, line_end, any_case=True, to_end=True)
                    if not units:
                        break
                    found += _directed(t, units, line_end, role="execute", with_tasks=False)
                pos = line_end + 1

    directed_spans: list[tuple[int, int]] = []  # (sentence start, unit start) of units already directed

    # units opening a line, bullet, "Điều 3." or sentence, with a duty after them
    subject_starts: list[int] = []
    descriptive = news and tcth is None  # a news article says what units do: only an obligation directs there
    opener = _g()["opener"]
    pos = z0
    while pos < z1:  # each line, after its bullet or label
        m = LINE_LABEL_RE.match(t, pos, z1)
        if m and m.end() < z1 and opener.match(t, m.end(), z1):
            subject_starts.append(m.end())
        nl = t.find("\n", pos, z1)
        if nl == -1:
            break
        pos = nl + 1
    subject_starts += [m.end() for m in SENTENCE_RE.finditer(t, z0, z1) if opener.match(t, m.end(), z1)]
    for s0 in sorted(set(subject_starts)):
        if excluded(s0):
            continue
        line_end = t.find("\n", s0, z1)
        line_end = z1 if line_end == -1 else line_end
        units = _read_units(t, s0, line_end)
        if not units:
            continue
        after = units[-1].end
        if DONE_RE.match(t, after) or SPEAKER_AFTER_RE.match(t, after):
            continue  # "… đã tham mưu …" (done, not asked); "… đề nghị …" (the one who speaks, the issuer's voice)
        duty = (_g()["modal"] if descriptive else _g()["duty"]).match(t, after, line_end)
        if duty is None and not descriptive and (gap := LIST_TAIL_RE.match(t, after, line_end)):
            duty = _g()["duty"].match(t, gap.end(), line_end)  # "…, Thủ trưởng các đơn vị và các ông (bà) có tên tại
            # Điều 1 chịu trách nhiệm thi hành …": persons close the list
        colon = None if descriptive else COLON_RE.match(t, after, line_end)
        line_start = t.rfind("\n", 0, s0) + 1
        at_line = bool(LINE_LABEL_RE.fullmatch(t, line_start, s0))  # "A. Ban giám hiệu : …
        if not (duty or (colon and at_line)):
            continue
        guides = GUIDE_AFTER_RE.match(t, after)
        units = [u for u in units if not _is_own(canonical(u.text), own)
                 and not (guides and strip_organ(canonical(u.text)) != canonical(u.text))]
        if not units:
            continue  # "LĐLĐ Thành phố hướng dẫn …", "Ban Thường vụ LĐLĐ quận hướng dẫn …": the issuing level speaks
        found += _directed(t, units, line_end, zone_end=z1)
        directed_spans += [(_sentence_start(t, u.start, start), u.start) for u in units]

    # direction cues: "Giao …", "đề nghị …", "yêu cầu …", "chỉ đạo …", "hướng dẫn …", "lưu ý …"
    for m in _g()["direct"].finditer(t, z0, z1):
        if excluded(m.start()) or CUE_NOT_AFTER_RE.search(t, max(start, m.start() - 20), m.start()):
            continue
        if GUIDE_CUE_RE.match(m.group(0)) and any(a <= m.start() < b for a, b in unit_bodies):
            continue  # "1. Ban Tổ chức … Hướng dẫn Ban chấp hành CĐCS …": the section's unit guides, as its task
        sent = _sentence_start(t, m.start(), start)
        if any(ss == sent and us < m.start() for ss, us in directed_spans):
            continue  # "Chủ tịch LĐLĐ … tăng cường chỉ đạo các cấp CĐ": the directed unit's own task
        pos = m.end()
        colon = COLON_LINES_RE.match(t, pos, z1)
        if colon:
            pos = colon.end()
            lab = LINE_LABEL_RE.match(t, pos, end)
            pos = lab.end() if lab else pos
        else:
            sp = CUE_OBJECT_RE.match(t, pos, end)
            pos = sp.end() if sp else pos
        line_end = t.find("\n", pos, z1)
        line_end = z1 if line_end == -1 else line_end
        units = _read_units(t, pos, line_end, any_case=True)
        if not units and (adv := CUE_ADVERB_RE.match(t, pos, line_end)):
            units = _read_units(t, adv.end(), line_end, any_case=True)  # "hướng dẫn thống nhất các CĐCS …"
        if not units:
            continue
        role = "lead" if m.group(0).lower().startswith("giao") and LEAD_AFTER_RE.match(t, units[-1].end) else "execute"
        found += _directed(t, units, line_end, role=role, zone_end=z1)
        directed_spans += [(_sentence_start(t, u.start, start), u.start) for u in units]

    return _merge(found, text, start, end, groups, issuer)


def _fuller_names(t: str, start: int, end: int) -> dict[str, str]:
    """Loose key → a unit's name with an inner "các", as the zone writes it ('LĐLĐ các
    huyện, Thành phố' names the same unit as 'LĐLĐ huyện, thành phố')."""
    out: dict[str, str] = {}
    for m in rx.finditer(r"(?<![\p{L}])(?:LĐLĐ|Liên\s+đoàn\s+Lao\s+động|Công\s+đoàn|UBND|Ủy\s+ban\s+nhân\s+dân)\s+các\s+",
                         t[start:end]):
        u = _read_unit(t, start + m.start(), end)
        if u is not None:
            name = canonical(u.text)
            out.setdefault(_loose_key(name), name)
    return out


@functools.lru_cache(maxsize=4096)
def _written_re(name: str) -> regex.Pattern[str]:
    """A unit's name as the text may write it (any case, any spaces), before a lower-case
    word: built and compiled once per name (names recur; ~15 a document)."""
    pattern = r"(?<![\p{L}])" + r"\s+".join(regex.escape(w) for w in name.split()) + r"(?=[ \t]+\p{Ll})"
    return regex.compile(pattern, regex.IGNORECASE)


def _with_qualifiers(t: str, start: int, end: int, name: str) -> str | None:
    """The same unit as the zone also writes it with level qualifiers after its name ('Ban
    Chấp hành Công đoàn' given, 'Ban chấp hành Công đoàn cơ sở và Ban giám hiệu …' written)."""
    g = _g()
    best: str | None = None
    words = name.split()
    if len(words) < 2 or name.startswith("Các "):
        return None
    for m in _written_re(name).finditer(t[start:end]):
        q = g["space"].match(t, start + m.end(), end)
        k = q.end() if q else start + m.end()
        extra = g["level"].match(t, k, end)
        if extra is None:
            continue
        cand = name + " " + extra.group(0)
        if best is None or len(cand) > len(best):
            best = cand
    return best


def _own_keys(issuer: str | None) -> set[str]:
    """Keys of the issuer: "Liên đoàn Lao động tỉnh Hòa Bình", and without its place name."""
    if not issuer:
        return set()
    return {_key(issuer), _key(rx.sub(r"(?:\s+\p{Lu}[\p{L}\d]*)+$", "", issuer.strip()))}


def _is_own(name: str, own: set[str]) -> bool:
    """The issuer, or its organ ("BCH Công đoàn trường X" in a plan of Công đoàn trường X)."""
    return _key(name) in own or _key(strip_organ(name)) in own


@functools.cache
def _never() -> tuple[frozenset[str], frozenset[str]]:
    """Keys never given: the issuer's organs, bare heads ('Công đoàn'); loose keys of back-references."""
    excluded = {_key(o) for o in vocab.issuers().organs} | {"chi bộ", "thường trực", "ban chỉ đạo"}
    excluded |= {_key(h) for h in grammar().bare_not_unit}
    return frozenset(excluded), frozenset(_loose_key(b) for b in grammar().back_references)


def _merge(found: list[_Found], text: Text, start: int, end: int, groups: set[str], issuer: str | None) -> list[Assignment]:
    # never the issuer itself, its organs, a bare head, or a collective whose members are listed
    never, back = _never()
    excluded = set(never)
    own = _own_keys(issuer)
    excluded |= own
    fuller = _fuller_names(text.text, start, end)
    merged: dict[str, _Found] = {}
    for f in found:
        k = _loose_key(f.name)
        if _key(f.name) in excluded or _is_own(f.name, own) or len(_key(f.name)) < 4 or k in back:
            continue  # … or the issuer's own organ ("BCH Công đoàn trường X" in a plan of Công đoàn trường X)
        if k in groups and not f.from_heading:
            continue  # the group is already given as its members
        if k in fuller:
            f.name = fuller[k]
        elif (longer := _with_qualifiers(text.text, start, end, f.name)) is not None:
            f.name, k = longer, _loose_key(longer)
        g = merged.get(k)
        if g is None:
            merged[k] = f
        elif f.from_heading and not g.from_heading:
            f.tasks = f.tasks or g.tasks
            f.deadline = f.deadline or g.deadline
            merged[k] = f
        elif not g.from_heading:
            if ROLE_RANK[f.role] > ROLE_RANK[g.role]:
                g.role = f.role
            g.tasks = g.tasks or f.tasks
            g.deadline = g.deadline or f.deadline
        else:
            g.deadline = g.deadline or f.deadline
    # a name that opens a fuller one of the same document is that unit ('Công đoàn Tổng Công ty'
    # and 'Công đoàn Tổng Công ty trực thuộc Tổng Liên đoàn')
    keys = list(merged)
    for k in keys:
        longer = [k2 for k2 in keys if k2 != k and k2.startswith(k + " ") and k2 in merged]
        if longer and k in merged:
            g = merged[longer[0]]
            if ROLE_RANK[merged[k].role] > ROLE_RANK[g.role] and not g.from_heading:
                g.role = merged[k].role
            del merged[k]
    return [
        Assignment(department=f.name, role=f.role, tasks=f.tasks, deadline=f.deadline,  # type: ignore[arg-type]
                   span=text.provenance(f.start, f.end, "assignments.heading" if f.from_heading else "assignments.cue"))
        for f in sorted(merged.values(), key=lambda f: f.start)
    ]
