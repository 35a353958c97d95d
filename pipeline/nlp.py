"""The spaCy pipeline: a blank Vietnamese Language whose components are vanban's stages.

Each stage is a declared component (``requires``/``assigns``) over a Doc of the
normalized text; components talk only through Doc extensions, so
``nlp.analyze_pipes()`` checks their order. No model is loaded: the tokenizer is
spaCy's Vietnamese one without pyvi (whitespace), and zones are Doc spans.
"""

from __future__ import annotations

import functools
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.normalize import Text

_EXTENSIONS = ("text", "segments", "header", "citations", "targets", "assignments")
for _name in _EXTENSIONS:
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@Language.component("vanban_segment", assigns=["doc._.segments", "doc.spans"])
def segment_component(doc: Doc) -> Doc:
    from pipeline.segment import segment

    u = doc._  # one Underscore a component: each `doc._` builds a new one
    seg = segment(u.text)
    u.segments = seg
    zones: list[tuple[int, int, str]] = []
    if seg.title:
        zones.append((seg.title[0].start, seg.title[-1].end, "TITLE"))
    for label, cell in (("NUMBER", seg.number), ("PLACE_DATE", seg.place_date), ("TYPE", seg.type_line)):
        if cell is not None:
            zones.append((cell.start, cell.end, label))
    head = [seg.lines[i] for i, z in seg.labels.items() if z == "header"]
    if head:
        zones.append((min(c.start for c in head), max(c.end for c in head), "HEADER"))
    if seg.preamble:
        zones.append((*seg.preamble, "BASIS"))
    if seg.body_end > seg.body_start:
        zones.append((seg.body_start, seg.body_end, "BODY"))
    if seg.recipients:
        zones.append((*seg.recipients, "RECIPIENTS"))
    zones.extend((s, e, "CHROME") for s, e in seg.chrome if e > s)
    spans = [doc.char_span(s, e, label=label, alignment_mode="expand") for s, e, label in zones]
    doc.spans["zones"] = [sp for sp in spans if sp is not None]
    return doc


@Language.component("vanban_header", requires=["doc._.segments"], assigns=["doc._.header", "doc.spans"])
def header_component(doc: Doc) -> Doc:
    from pipeline.extract.header import extract_header

    u = doc._
    res = extract_header(u.text, u.segments)
    u.header = res
    # every header value as a typed span on the Doc, labelled by its field (review, displaCy)
    spans = []
    for name, prov in sorted(res.spans.items(), key=lambda kv: kv[1].start):
        sp = doc.char_span(prov.start, prov.end, label=name.upper(), alignment_mode="expand") if prov.end > prov.start else None
        if sp is not None:
            spans.append(sp)
    doc.spans["header"] = spans
    return doc


@Language.component("vanban_citations", requires=["doc._.segments", "doc._.header"], assigns=["doc._.citations"])
def citations_component(doc: Doc) -> Doc:
    from pipeline.extract.citations import extract_citations

    u = doc._
    h = u.header
    u.citations = extract_citations(
        u.text, u.segments, h.fields.number, h.province, h.district, h.fields.issuer
    )
    return doc


@Language.component("vanban_targets", requires=["doc._.segments", "doc._.header"], assigns=["doc._.targets"])
def targets_component(doc: Doc) -> Doc:
    from pipeline.extract.targets import extract_targets

    u = doc._
    seg = u.segments
    fields = u.header.fields
    date = fields.date
    found = extract_targets(u.text, seg.body_start, seg.body_end, seg.kind, fields.doc_type,
                            date.year if date else None)
    u.targets = [t for t in found if not seg.in_chrome(t.span.start)]
    return doc


@Language.component(
    "vanban_assignments", requires=["doc._.segments", "doc._.header"], assigns=["doc._.assignments"]
)
def assignments_component(doc: Doc) -> Doc:
    from pipeline.extract.assignments import extract_assignments

    u = doc._
    seg = u.segments
    fields = u.header.fields
    sections = [(s.heading_start, s.heading_end, s.end, s.heading) for s in seg.sections]
    u.assignments = extract_assignments(
        u.text, seg.body_start, seg.body_end, sections, issuer=fields.issuer, exclude=seg.chrome,
        kind=seg.kind, doc_type=fields.doc_type,
    )
    return doc


COMPONENTS = ["vanban_segment", "vanban_header", "vanban_citations", "vanban_targets", "vanban_assignments"]


@functools.cache
def build_nlp() -> Language:
    """The blank Vietnamese pipeline with vanban's components (built once per process)."""
    import spacy

    from spacy.tokenizer import Tokenizer
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    # spaCy's Vietnamese tokenizer without pyvi splits on spaces in Python (3 ms a page);
    # the Cython rule tokenizer with the default punctuation rules is ~10x faster and
    # splits "17/KH-TLĐ," from its comma, so zone spans align to tokens.
    defaults = nlp.Defaults
    nlp.tokenizer = Tokenizer(
        nlp.vocab,
        prefix_search=compile_prefix_regex(defaults.prefixes).search if defaults.prefixes else None,
        suffix_search=compile_suffix_regex(defaults.suffixes).search if defaults.suffixes else None,
        infix_finditer=compile_infix_regex(defaults.infixes).finditer if defaults.infixes else None,
    )
    for name in COMPONENTS:
        nlp.add_pipe(name)
    from pipeline.ingest import MAX_CHARS

    # the ingest budget refuses longer texts first, with its own message; normalization
    # may lengthen a text a little (tone marks), hence the margin
    nlp.max_length = MAX_CHARS + MAX_CHARS // 10
    return nlp


def analyze(text: Text) -> Doc:
    """Run the pipeline over a normalized text."""
    nlp = build_nlp()
    doc = nlp.make_doc(text.text)
    doc._.text = text
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


