"""Assignments: the organisational units a document directs to act, with their role.

``extract_assignments(text, start, end, sections)`` reads ``text.text[start:end]`` (the
body zone, without the Nơi nhận list) the way an archivist reads a plan:

- the numbered subsections of "Tổ chức thực hiện" / "Phân công" whose heading names a
  unit ("1.2. Ban Tổ chức - Kiểm tra", "5. Liên đoàn Lao động huyện, Thành phố: Căn cứ …"):
  role from its text ("Chủ trì …" at the start of a bullet or sentence → lead, a first
  task "Phối hợp …" → support, anything else → execute), tasks one per bullet or
  sentence, the deadline when one is stated ("trước ngày 10/8/2024"). A group heading
  over unit subsections ("1. Các Ban Liên đoàn Lao động tỉnh" over 1.1, 1.2 …) is given
  as its members;
- cue sentences in that part (or anywhere in the body when there is none): "Giao Ban …
  theo dõi, đôn đốc / chủ trì" (lead), "đề nghị / yêu cầu / chỉ đạo / lưu ý <units> …"
  (execute), and sentences or bullets that open with units and a verb ("Các Ban LĐLĐ
  tỉnh phối hợp …" support; "Liên đoàn Lao động huyện, thành phố; Công đoàn ngành căn
  cứ …" execute, two units). Outside a "Tổ chức thực hiện" part only units of the
  vocabulary count there. A unit only mentioned ("phối hợp với Ban …", "(qua Ban …)",
  "báo cáo về LĐLĐ tỉnh") is not given a task by that.

Names are canonical: pipeline/data/departments.json variants, abbreviations expanded
(issuers.json), "Ban Ban …" and case/dash variants unified; a unit outside the vocabulary
is kept with a cleaned name. One entry per unit: a heading's reading wins, else the
strongest role (lead > support > execute); when the zone also names the unit in its
plural form ("LĐLĐ các huyện, Thành phố"), that fuller name is used.

Sections: pass the numbered headings as (heading_start, heading_end, body_end,
heading_text) tuples (pipeline.segment's sections), or None to have them found here with
patterns.SECTION_RE over the zone; levels are read from each heading's label either way.
No spaCy in the API: known units are matched by a regex alternation of the vocabulary.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field

import regex

from pipeline import identity, rx
from pipeline import patterns as P
from pipeline import vocab
from pipeline.extract.names import expand_abbreviations
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
GIAO_LEAD_RE = regex.compile(r"\s*(?:chủ\s+trì|theo\s+dõi|làm\s+đầu\s+mối|là\s+cơ\s+quan\s+thường\s+trực)", regex.IGNORECASE)
DEADLINE_RE = regex.compile(
    r"(?:trước|chậm\s+nhất|hạn\s+chót|hoàn\s+thành\s+trước)\s+(?:ngày\s+)?\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?"
    r"|(?:trước|chậm\s+nhất)\s+ngày\s+\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?",
    regex.IGNORECASE,
)
TASK_SPLIT_RE = regex.compile(r"\n[ \t]*[-+•*][ \t]*|\n|(?<=[.;])\s+(?=\p{Lu})")
SENTENCE_START_RE = regex.compile(r"(?:^|(?<=[.;!?]\s)|(?<=\n)[ \t]*(?:[-+•*]\s*)?)(?=\p{Lu})", regex.MULTILINE)
CUE_RE = regex.compile(
    r"""(?P<cue>(?<![\p{L}])(?:[Gg]iao|[Đđ]ề\s+nghị|[Yy]êu\s+cầu|[Cc]hỉ\s+đạo|[Ll]ưu\s+ý))\s*:?\s+
    (?P<units>\p{L}[^\n.;]{2,200})""",
    regex.VERBOSE,
)
CLOSING_RE = regex.compile(r"(?:^|\n)[ \t]*Trên\s+đây\s+là", regex.IGNORECASE)
INNER_CAC_RE = regex.compile(r"(?<=\S\s)các\s+(?=\p{L})", regex.IGNORECASE)


@dataclass
class _Found:
    name: str
    role: str
    start: int
    end: int
    from_heading: bool = False
    tasks: list[str] = field(default_factory=list)
    deadline: str | None = None


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
def _unit_start_re() -> regex.Pattern[str]:
    starts = vocab.alternation(vocab.departments().unit_starts)
    # capitalised as names are ("Ban …", "Công đoàn …"), or after "các" in any case ("các ban LĐLĐ tỉnh")
    return regex.compile(rf"(?:(?:{starts})|[Cc]ác\s+(?i:{starts}))(?![\p{{L}}])")


@functools.cache
def _stop_re() -> regex.Pattern[str]:
    """Where a unit's name ends: a lower-case task verb (names are capitalised), or ':', '(', '.'."""
    verbs = vocab.departments().task_verbs
    return regex.compile(rf"\s+(?:{vocab.alternation(verbs)})(?![\p{{L}}])|\s*[:(.]|\s+-\s+\p{{Ll}}")


@functools.cache
def _proper_name_re() -> regex.Pattern[str]:
    """Capitalised words after a unit's name (a place or a sector), not a capitalised verb."""
    verbs = vocab.alternation(vocab.departments().task_verbs)
    return regex.compile(rf"(?:[ \t]+(?!(?i:{verbs})(?![\p{{L}}]))\p{{Lu}}[\p{{L}}\d]*)+")


@functools.cache
def _known_re() -> regex.Pattern[str]:
    """Known unit names, longest first, with an optional "các" before."""
    names = [v for d in vocab.departments().departments for v in [d.name, *d.variants]]
    return regex.compile(rf"(?<![\p{{L}}])(?:các\s+)?(?:{vocab.alternation(names)})(?![\p{{L}}])", regex.IGNORECASE)


def canonical(name: str) -> str:
    """A unit's canonical name: the vocabulary's, else cleaned with abbreviations expanded."""
    s = " ".join(name.split()).strip(" ,;:-*")
    s = rx.sub(r"^(?:Ban\s+)+Ban\s+", "Ban ", s, flags=regex.IGNORECASE)  # "Ban Ban Tổ chức - Kiểm tra"
    s = rx.sub(r"\s*[-–]\s*", " - ", s)
    table = _canonical_by_key()
    k = _key(s)
    if k in table:
        return table[k]
    k2 = rx.sub(r"^các\s+", "", k)
    if k2 in table:
        return table[k2]
    s = expand_abbreviations(s)
    s = rx.sub(r"([,;]\s*)(Thành\s+phố|Thị\s+xã|Quận|Huyện)(?![\p{L}])", lambda m: m.group(1) + m.group(2).lower(), s)
    s = rx.sub(r"\s*;\s*", ", ", s)
    if not rx.match(r"^các\s+(?:ban|chi)\b", s, regex.IGNORECASE):
        s = rx.sub(r"^các\s+", "", s, flags=regex.IGNORECASE)
    return s[:1].upper() + s[1:]


def _split_units(phrase: str) -> list[str]:
    """'LĐLĐ các huyện, Thành phố; Công đoàn ngành căn cứ …' → the two units it opens with
    (a place word after a comma belongs to the unit before it)."""
    units: list[str] = []
    pos = 0
    while pos < len(phrase):
        rest = phrase[pos:]
        lead = len(rest) - len(rest.lstrip(" ,;"))
        if units and lead:
            sep = rx.match(r"[\s,;]*(?:(?:và|với)\s+)?", rest)
            lead = sep.end() if sep else lead
        rest = rest[lead:]
        if not rest:
            break
        known = _known_re().match(rest)
        if known:
            unit, step = known.group(0), known.end()
            proper = _proper_name_re().match(rest, step)  # "Liên đoàn Lao động huyện Yên Định"
            if proper:
                unit, step = rest[: proper.end()], proper.end()
        elif units and (m := rx.match(r"(?:thành\s+phố|thị\s+xã|quận|huyện|tổ\s+hội|thị\s+trấn)(?![\p{L}])", rest,
                                         regex.IGNORECASE)):
            units[-1] = f"{units[-1]}, {m.group(0)}"  # "LĐLĐ các huyện, Thành phố": one unit
            pos += lead + m.end()
            continue
        elif _unit_start_re().match(rest):
            cut = rx.search(r"\s*[,;]\s*|\s+và\s+|\s+với\s+", rest)
            stop = _stop_re().search(rest)
            ends = [x.start() for x in (cut, stop) if x is not None]
            step = min(ends) if ends else len(rest)
            unit = rest[:step]
        else:
            break
        units.append(unit.strip())
        pos += lead + step
        if _stop_re().match(phrase, pos) or (rx.match(r"\s+\p{Ll}", phrase[pos:])
                                             and not rx.match(r"[\s,;]*(?:và|với)\s", phrase[pos:])):
            break
    return [u for u in units if u]


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


def extract_assignments(
    text: Text,
    start: int,
    end: int,
    sections: Sequence[SectionTuple] | None = None,
    *,
    issuer: str | None = None,
    exclude: Sequence[tuple[int, int]] = (),
) -> list[Assignment]:
    """Units given a task in text.text[start:end] (the body zone, Nơi nhận excluded).

    sections: (heading_start, heading_end, body_end, heading_text) of the numbered headings
    of the zone, or None to find them here. issuer: the document's issuer, never its own
    assignee. exclude: ranges to ignore (page chrome).
    """
    t = text.text
    start, end = max(0, start), min(end, len(t))
    if sections is None:
        sections = find_sections(text, start, end)
    secs = [(hs, he, be, h, _level_at(t, hs)) for hs, he, be, h in sections if start <= hs < end]

    def excluded(pos: int) -> bool:
        return any(a <= pos < b for a, b in exclude)

    found: list[_Found] = []
    # the "Tổ chức thực hiện" part, if the document has one
    tcth = next((s for s in secs if s[4] <= 3 and TCTH_RE.match(s[3].strip(" .:*"))), None)
    if tcth is None:  # an unnumbered "TỔ CHỨC THỰC HIỆN" line: the part runs to the end of the zone
        line = next((m for m in TCTH_LINE_RE.finditer(t, start, end) if TCTH_RE.match(m.group("heading").strip(" .:*"))), None)
        if line is not None:
            tcth = (line.start(), line.end(), end, line.group("heading"), 0)
    z0, z1 = (tcth[1], min(tcth[2], end)) if tcth else (start, end)

    groups: set[str] = set()  # group headings whose members are listed under them
    if tcth is not None:
        subs = [s for s in secs if z0 <= s[0] < z1 and tcth[4] < s[4] < BULLET_LEVEL]
        for i, (hs, he, be, heading, level) in enumerate(subs):
            heading = heading.strip(" *")
            head, _, rest = heading.partition(":")
            head = HEADING_PREFIX_RE.sub("", head.strip())  # "3. Đối với công đoàn cơ sở"
            head = _capitalized(head)
            if not _unit_start_re().match(head.strip()):
                continue
            units = _split_units(head) or [head]
            children = [c for c in subs[i + 1 :] if hs < c[0] < be
                        and _unit_start_re().match(_capitalized(HEADING_PREFIX_RE.sub("", c[3].strip(" *"))))]
            if children:
                groups.update(_loose_key(canonical(u)) for u in units)
                continue  # "1. Các Ban Liên đoàn Lao động tỉnh" over 1.1, 1.2 …: the members act
            section_body = t[he:be]
            closing = CLOSING_RE.search(section_body)  # "Trên đây là Kế hoạch …" closes the document, not the section
            body = (rest + "\n" + section_body[: closing.start() if closing else None]).strip()
            role = _role_of(body)
            dl = DEADLINE_RE.search(body)
            for u in units:
                found.append(_Found(canonical(u), role, hs, he, True, _tasks(body),
                                    " ".join(dl.group(0).split()) if dl else None))

    # cue sentences: "Giao …", "đề nghị …", "yêu cầu …", "chỉ đạo …", "lưu ý …"
    for m in CUE_RE.finditer(t, z0, z1):
        if excluded(m.start()):
            continue
        cue = m.group("cue").lower()
        after = m.group("units")
        units = _split_units(after)
        spans: list[tuple[int, int]] = []
        cursor = 0
        for u in units:
            at = after.find(u, cursor)
            cursor = at + len(u)
            spans.append((at, cursor))
        task = _task_after(t, m.start("units") + cursor, z1)
        tasks = [task] if task else []
        if task and task.endswith(":"):
            tasks += _listed_tasks(t, t.find(":", m.start("units") + cursor) + 1, z1)
        for u, (at, e) in zip(units, spans):
            role = "lead" if cue == "giao" and GIAO_LEAD_RE.match(after[cursor : cursor + 60]) else "execute"
            dl = DEADLINE_RE.search(task or "")
            found.append(_Found(canonical(u), role, m.start("units") + at, m.start("units") + e,
                                tasks=tasks, deadline=" ".join(dl.group(0).split()) if dl else None))

    # sentences and bullets that open with units and a verb
    for m in SENTENCE_START_RE.finditer(t, z0, z1):
        if excluded(m.start()):
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
        if rx.match(r"đã(?![\p{L}])", verb):
            continue  # "Ban Tổ chức - Kiểm tra đã tham mưu …": a report of what was done, not a task
        if tcth is None and not all(_key(u) in _canonical_by_key()
                                    or _key(rx.sub(r"^các\s+", "", u, flags=regex.IGNORECASE)) in _canonical_by_key()
                                    for u in units):
            continue  # outside a "Tổ chức thực hiện" part only known units count
        role = "support" if verb.startswith("phối hợp") else "lead" if verb.startswith("chủ trì") else "execute"
        spans = []
        pos = 0
        for u in units:
            at = line.find(u, pos)
            pos = at + len(u)
            spans.append((at, pos))
        task = _task_after(t, m.end() + pos, z1)
        dl = DEADLINE_RE.search(task or "")
        for u, (at, e) in zip(units, spans):
            found.append(_Found(canonical(u), role, m.end() + at, m.end() + e, tasks=[task] if task else [],
                                deadline=" ".join(dl.group(0).split()) if dl else None))

    return _merge(found, text, start, end, groups, issuer)


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


def _fuller_names(t: str, start: int, end: int) -> dict[str, str]:
    """Loose key → a known unit's name with an inner "các", as the zone writes it
    ('LĐLĐ các huyện, Thành phố' names the same unit as 'LĐLĐ huyện, thành phố')."""
    out: dict[str, str] = {}
    for m in _known_re().finditer(t, start, end):
        name = canonical(m.group(0))
        if INNER_CAC_RE.search(name):
            out.setdefault(_loose_key(name), name)
    return out


def _merge(found: list[_Found], text: Text, start: int, end: int, groups: set[str], issuer: str | None) -> list[Assignment]:
    # never the issuer itself, its organs, or a collective whose members are listed
    excluded = {_key(o) for o in vocab.issuers().organs} | {"chi bộ", "thường trực", "ban chỉ đạo"}
    if issuer:
        excluded.add(_key(issuer))  # "Liên đoàn Lao động tỉnh Hòa Bình", and without its place name
        excluded.add(_key(rx.sub(r"(?:\s+\p{Lu}[\p{L}\d]*)+$", "", issuer.strip())))
    fuller = _fuller_names(text.text, start, end)
    merged: dict[str, _Found] = {}
    for f in found:
        k = _loose_key(f.name)
        if _key(f.name) in excluded or len(k) < 4:
            continue
        if k in groups and not f.from_heading:
            continue  # the group is already given as its members
        if k in fuller:
            f.name = fuller[k]
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
    return [
        Assignment(department=f.name, role=f.role, tasks=f.tasks, deadline=f.deadline,  # type: ignore[arg-type]
                   span=text.provenance(f.start, f.end, "assignments.heading" if f.from_heading else "assignments.cue"))
        for f in sorted(merged.values(), key=lambda f: f.start)
    ]
