"""Assignments: the organisational units a document directs to act, with their role.

Two readings, as an archivist reads a plan:
- the numbered subsections of "Tổ chức thực hiện" / "Phân công" whose heading names a
  unit ("1.2. Ban Tổ chức - Kiểm tra"): role from how its text begins ("Chủ trì …" lead,
  "Phối hợp …" support, anything else execute), tasks one per bullet or sentence;
- cue sentences anywhere in that part (or in the body of a text without one):
  "Giao Ban … theo dõi" (lead), "Các Ban … phối hợp" (support), "đề nghị / yêu cầu /
  chỉ đạo / lưu ý <units> …" and sentences that open with units and a verb (execute).
Known units are found with spaCy's PhraseMatcher over the department vocabulary
(pipeline/data/departments.json, matched on lower-cased tokens); a unit not in it is still
extracted from its heading or cue, with abbreviations expanded.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import regex
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from pipeline import vocab
from pipeline.extract.names import expand_abbreviations
from pipeline.models import Assignment
from pipeline.normalize import Text
from pipeline.segment import Segments

ROLE_RANK = {"lead": 3, "support": 2, "execute": 1}
TCTH_RE = regex.compile(
    r"^(?:tổ\s+chức\s+(?:thực\s+hiện|triển\s+khai(?:\s+thực\s+hiện)?)|phân\s+công(?:\s+(?:nhiệm\s+vụ|thực\s+hiện|trách\s+nhiệm))?"
    r"|trách\s+nhiệm(?:\s+(?:thực\s+hiện|của\s+các\s+\S+(?:\s+\S+){0,4}))?)\s*[.:]?$",
    regex.IGNORECASE,
)
LEAD_START_RE = regex.compile(r"^[\s\-+•*]*(?:chủ\s+trì|là\s+cơ\s+quan\s+thường\s+trực|làm\s+đầu\s+mối)", regex.IGNORECASE)
SUPPORT_START_RE = regex.compile(r"^[\s\-+•*]*phối\s+hợp", regex.IGNORECASE)
DEADLINE_RE = regex.compile(r"(?:trước|chậm\s+nhất|hạn\s+chót)\s+(?:ngày\s+)?\d{1,2}/\d{1,2}(?:/\d{4})?", regex.IGNORECASE)
TASK_SPLIT_RE = regex.compile(r"\n[ \t]*[-+•*][ \t]*|\n|(?<=[.;])\s+(?=\p{Lu})")


@dataclass
class _Found:
    name: str
    role: str
    start: int
    end: int
    from_heading: bool = False
    tasks: list[str] = field(default_factory=list)
    deadline: str | None = None


@functools.cache
def _canonical_by_lower() -> dict[str, str]:
    table: dict[str, str] = {}
    for d in vocab.departments().departments:
        for v in [d.name, *d.variants]:
            table[_key(v)] = d.name
    return table


def _key(s: str) -> str:
    return regex.sub(r"[\s\p{P}]+", " ", expand_abbreviations(s).lower()).strip()


_MATCHERS: dict[int, PhraseMatcher] = {}


def _matcher(doc: Doc) -> PhraseMatcher:
    """PhraseMatcher over the department variants, built once per vocabulary."""
    key = id(doc.vocab)
    if key not in _MATCHERS:
        from pipeline.nlp import build_nlp

        nlp = build_nlp()
        m = PhraseMatcher(doc.vocab, attr="LOWER")
        for d in vocab.departments().departments:
            m.add(d.name, [nlp.make_doc(v) for v in {d.name, *d.variants}])
        _MATCHERS[key] = m
    return _MATCHERS[key]


@functools.cache
def _unit_start_re() -> regex.Pattern[str]:
    starts = vocab.alternation(vocab.departments().unit_starts)
    # capitalised as names are ("Ban …", "Công đoàn …"), or after "các" in any case ("các ban LĐLĐ tỉnh")
    return regex.compile(rf"^(?:(?:{starts})|[Cc]ác\s+(?i:{starts}))(?![\p{{L}}])")


@functools.cache
def _stop_re() -> regex.Pattern[str]:
    """Where a unit's name ends: a lower-case verb (names are capitalised), or ':', '(', '.'."""
    verbs = vocab.departments().task_verbs
    return regex.compile(rf"\s+(?:{vocab.alternation(verbs)})(?![\p{{L}}])|\s*[:(.]|\s+-\s+\p{{Ll}}")


@functools.cache
def _known_re() -> regex.Pattern[str]:
    """Known unit names at the start of a phrase, longest first."""
    names = [v for d in vocab.departments().departments for v in [d.name, *d.variants]]
    return regex.compile(rf"(?:các\s+)?(?:{vocab.alternation(names)})(?![\p{{L}}])", regex.IGNORECASE)


@functools.cache
def _cue_re() -> regex.Pattern[str]:
    return regex.compile(
        r"""(?P<cue>\bGiao|\bgiao|đề\s+nghị|Đề\s+nghị|yêu\s+cầu|Yêu\s+cầu|chỉ\s+đạo|Lưu\s+ý|lưu\s+ý)\s*:?\s+
        (?P<units>\p{L}[^\n.;]{2,200})""",
        regex.VERBOSE,
    )


SENTENCE_START_RE = regex.compile(r"(?:^|(?<=[.;!?]\s)|(?<=\n)[ \t]*(?:[-+•*]\s*)?)(?=\p{Lu})", regex.MULTILINE)


def canonical(name: str) -> str:
    """A unit's canonical name: the vocabulary's, else cleaned with abbreviations expanded."""
    s = " ".join(name.split()).strip(" ,;:-")
    s = regex.sub(r"^(?:Ban\s+)+Ban\s+", "Ban ", s)  # "Ban Ban Tổ chức - Kiểm tra"
    table = _canonical_by_lower()
    k = _key(s)
    if k in table:
        return table[k]
    k2 = regex.sub(r"^các\s+", "", k)
    if k2 in table:
        return table[k2]
    s = expand_abbreviations(s)
    s = regex.sub(r",\s*Thành\s+phố", ", thành phố", s)
    keep_cac = regex.match(r"^các\s+(?:ban|chi)\b", s, regex.IGNORECASE)
    if not keep_cac:
        s = regex.sub(r"^các\s+", "", s, flags=regex.IGNORECASE)
    return s[:1].upper() + s[1:]


def _split_units(phrase: str) -> list[str]:
    """'LĐLĐ các huyện, Thành phố; Công đoàn ngành' → two units (a place word after a
    comma belongs to the unit before it)."""
    units: list[str] = []
    pos = 0
    while pos < len(phrase):
        rest = phrase[pos:]
        lead = len(rest) - len(rest.lstrip(" ,;"))
        if units and lead:
            sep = regex.match(r"[\s,;]*(?:(?:và|với)\s+)?", rest)
            lead = sep.end() if sep else lead
        rest = rest[lead:]
        if not rest:
            break
        known = _known_re().match(rest)
        if known:
            unit, step = known.group(0), known.end()
        elif units and (m := regex.match(r"(?:thành\s+phố|thị\s+xã|quận|huyện|tổ\s+hội|thị\s+trấn)(?![\p{L}])", rest, regex.IGNORECASE)):
            units[-1] = f"{units[-1]}, {m.group(0)}"  # "LĐLĐ các huyện, Thành phố": one unit
            pos += lead + m.end()
            continue
        elif _unit_start_re().match(rest):
            cut = regex.search(r"\s*[,;]\s*|\s+và\s+|\s+với\s+", rest)
            stop = _stop_re().search(rest)
            ends = [x.start() for x in (cut, stop) if x is not None]
            step = min(ends) if ends else len(rest)
            unit = rest[:step]
        else:
            break
        units.append(unit.strip())
        pos += lead + step
        if _stop_re().match(phrase, pos) or regex.match(r"\s+\p{Ll}", phrase[pos:]) and not regex.match(r"[\s,;]*(?:và|với)\s", phrase[pos:]):
            break
    return [u for u in units if u]


def _role_of(body: str) -> str:
    for piece in TASK_SPLIT_RE.split(body):
        piece = piece.strip()
        if not piece:
            continue
        if LEAD_START_RE.match(piece):
            return "lead"
    first = next((p for p in TASK_SPLIT_RE.split(body) if p.strip()), "")
    if SUPPORT_START_RE.match(first):
        return "support"
    return "execute"


def _tasks(body: str) -> list[str]:
    return [" ".join(p.split()).lstrip("-+•* ") for p in TASK_SPLIT_RE.split(body) if len(p.split()) >= 3][:20]


def extract_assignments(doc: Doc, seg: Segments, issuer: str | None = None) -> list[Assignment]:
    text: Text = doc._.text
    t = text.text
    start, end = seg.body_start, seg.body_end
    found: list[_Found] = []

    # the "Tổ chức thực hiện" part, if the document has one
    tcth = next((s for s in seg.sections if s.level <= 3 and TCTH_RE.match(s.heading.strip(" .:*"))), None)
    zone = (tcth.heading_end, tcth.end) if tcth else (start, end)

    groups: set[str] = set()  # group headings whose members are listed under them
    if tcth is not None:
        subs = [s for s in seg.sections if tcth.heading_end <= s.heading_start < tcth.end and s.level > tcth.level]
        for i, s in enumerate(subs):
            if s.level >= 7:  # bullets are tasks, not units
                continue
            heading = s.heading.strip(" *")
            head, _, rest = heading.partition(":")
            if not _unit_start_re().match(head.strip()):
                continue
            units = _split_units(head) or [head]
            children = [c for c in subs[i + 1 :] if s.heading_start < c.heading_start < s.end and c.level < 7
                        and _unit_start_re().match(c.heading.strip(" *"))]
            if children:
                groups.update(_key(canonical(u)) for u in units)
                continue  # "1. Các Ban Liên đoàn Lao động tỉnh" over 1.1, 1.2 …: the members act
            body = (rest + "\n" + t[s.heading_end : s.end]).strip()
            role = _role_of(body)
            dl = DEADLINE_RE.search(body)
            for u in units:
                found.append(_Found(canonical(u), role, s.heading_start, s.heading_end, True, _tasks(body),
                                    dl.group(0) if dl else None))

    # cue sentences
    z0, z1 = zone
    for m in _cue_re().finditer(t, z0, z1):
        if seg.in_chrome(m.start()):
            continue
        cue = m.group("cue").lower()
        units = _split_units(m.group("units"))
        after = m.group("units")
        for u in units:
            role = "execute"
            if cue == "giao":
                tail = after[after.find(u) + len(u) :][:60].lower()
                role = "lead" if regex.match(r"\s*(?:chủ\s+trì|theo\s+dõi|làm\s+đầu\s+mối|là\s+cơ\s+quan)", tail) else "execute"
            found.append(_Found(canonical(u), role, m.start("units"), m.start("units") + len(u)))
    for m in SENTENCE_START_RE.finditer(t, z0, z1):
        if seg.in_chrome(m.start()):
            continue
        line = t[m.end() : min(z1, m.end() + 250)].split("\n")[0]
        if not _unit_start_re().match(line):
            continue
        units = _split_units(line)
        if not units:
            continue
        stop = _stop_re().search(line)
        verb = line[stop.start() :].strip().lower() if stop else ""
        if verb.startswith(":") and tcth is not None:
            verb = verb[1:].strip()  # "- Ban Tổ chức - Kiểm tra: chủ trì tham mưu …" in a Tổ chức thực hiện part
            if not verb:
                continue
        elif not verb or verb.startswith((":", "(", ".")):
            continue
        if tcth is None and not all(_key(u) in _canonical_by_lower() or _key(regex.sub(r"^các\s+", "", u, flags=regex.IGNORECASE)) in _canonical_by_lower() for u in units):
            continue  # outside a "Tổ chức thực hiện" part only known units count
        role = "support" if verb.startswith("phối hợp") else "lead" if verb.startswith("chủ trì") else "execute"
        for u in units:
            found.append(_Found(canonical(u), role, m.end(), m.end() + len(u)))

    # known units matched by the PhraseMatcher inside unit headings keep the vocabulary's spelling
    spans = {(s, e): doc.vocab.strings[mid] for mid, s_tok, e_tok in _matcher(doc)(doc)
             for s, e in [(doc[s_tok].idx, doc[e_tok - 1].idx + len(doc[e_tok - 1]))]}
    for f in found:
        for (s, e), name in spans.items():
            if s == f.start and _key(t[s:e]) == _key(f.name):
                f.name = name

    # drop the issuer itself, its organs, and collectives whose members are listed
    excluded = {_key(o) for o in vocab.issuers().organs} | {"chi bộ", "thường trực", "ban chỉ đạo"}
    if issuer:
        excluded.add(_key(issuer))
    merged: dict[str, _Found] = {}
    for f in found:
        k = _key(f.name)
        if k in excluded or len(k) < 4:
            continue
        if k in groups and not f.from_heading:
            continue  # the group is already given as its members
        if k not in merged:
            merged[k] = f
            continue
        g = merged[k]
        if f.from_heading and not g.from_heading:
            f.tasks = f.tasks or g.tasks
            merged[k] = f
        elif not g.from_heading and ROLE_RANK[f.role] > ROLE_RANK[g.role]:
            g.role = f.role
    return [
        Assignment(department=f.name, role=f.role, tasks=f.tasks, deadline=f.deadline,  # type: ignore[arg-type]
                   span=text.provenance(f.start, f.end, "assignments.heading" if f.from_heading else "assignments.cue"))
        for f in sorted(merged.values(), key=lambda f: f.start)
    ]
