"""OCR'd names put right against the vocabularies the project already keeps.

Tesseract's Vietnamese model confuses the marks of capitals and of a blurred scan: 'LÂM ĐÓNG'
for 'LÂM ĐỒNG', 'NINH HAI' for 'NINH HẢI', 'THÀNH PHÔ' for 'THÀNH PHỐ', 'CONG TY' for 'CÔNG
TY'. The header names what the vocabularies hold: the issuer grammar's heads and levels, the
provinces and districts, the type names, all in the one table of pipeline.misread (names of
two words or more; a folded form two names share restores neither). In an OCR'd line, a run
of two to five words that starts with a capital and differs from one of these names only in
its marks (the same letters once folded; a vowel read twice, 'THỎÓA ƯỚC', counts once) is
that name.
"""

from __future__ import annotations

from typing import Callable

import regex

from pipeline.ingest.layout import Word, group_lines
from pipeline.misread import folded_names, name_key

MAX_WORDS = 5

WORD_RE = regex.compile(r"\S+")
EDGE = ",.;:()\"'“”"


def _cased(known: str, seen: str) -> str:
    """known written in the case seen was written in: all capitals, or each word's first letter."""
    if seen.isupper():
        return known.upper()
    out = []
    for k, s in zip(known.split(), seen.split()):
        out.append((k[:1].upper() if s[:1].isupper() else k[:1].lower()) + k[1:])
    return " ".join(out)


def restore_names(line: str) -> str:
    """The line with each run of words that folds to a known name, but is not written as it,
    written as the name ('tỉnh Lâm Đóng' → 'tỉnh Lâm Đồng'); the run must start with a capital."""
    spans = [(m.start(), m.end()) for m in WORD_RE.finditer(line)]
    cores = []
    for s, e in spans:
        word = line[s:e]
        lead = len(word) - len(word.lstrip(EDGE))
        trail = len(word) - len(word.rstrip(EDGE))
        cores.append((s + lead, e - trail))
    table = folded_names()  # all of it: an OCR'd line's marks are unreliable
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(cores):
        done = False
        for n in range(min(MAX_WORDS, len(cores) - i), 1, -1):
            run = cores[i:i + n]
            if any(e <= s for s, e in run) or not line[run[0][0]:run[0][1]][:1].isupper():
                continue
            if any(run[k][1] != spans[i + k][1] for k in range(n - 1)):
                continue  # punctuation inside the run ('Hải, ngày'): not one name
            seen = " ".join(line[s:e] for s, e in run)
            hit = table.get(name_key(seen))
            if hit is None:
                continue
            known = hit.name
            if seen.lower() != known.lower():  # word by word: what stands between the words stays
                out.extend((s, e, k) for (s, e), k in zip(run, _cased(known, seen).split(" ")))
            i += n
            done = True
            break
        if not done:
            i += 1
    for s, e, new in reversed(out):
        line = line[:s] + new + line[e:]
    return line


def restore_names_across_lines(lines: list[str], ocr: list[bool]) -> None:
    """restore_names over a name a header cell wrapped ('LIÊN ĐOÀN LAO ĐỘNG THÀNH' / 'PHÔ HỒ
    CHÍ MINH'): each OCR'd line read with the one before it, in place, where the letters
    keep their places (word boxes already point into these lines)."""
    for k in range(1, len(lines)):
        if not (ocr[k] and ocr[k - 1]):
            continue
        joined = lines[k - 1] + "\n" + lines[k]
        fixed = restore_names(joined)
        if fixed != joined and len(fixed) == len(joined) and fixed[len(lines[k - 1])] == "\n":
            lines[k - 1], lines[k] = fixed[: len(lines[k - 1])], fixed[len(lines[k - 1]) + 1:]


def rescue_named_words(words: list[Word], keep: Callable[[Word], bool]) -> set[int]:
    """Ids of OCR words the page's filter would set aside as ink (read with low confidence)
    that, with the words beside them on their line, spell a name of the vocabularies: a type
    line 'THÔNG BÁO' whose first word Tesseract doubted (16%), a district 'HẢI LĂNG'. A seal's
    or a signature's ink does not spell 'Thông báo' or 'Hải Lăng' with its neighbours."""
    table = folded_names()
    out: set[int] = set()
    for line in group_lines(words):
        ws = line.words
        doubtful = [i for i, w in enumerate(ws) if not keep(w) and any(c.isalpha() for c in w.text)]
        for i in doubtful:
            if id(ws[i]) in out:
                continue
            for n in range(min(MAX_WORDS, len(ws)), 1, -1):
                for s in range(max(0, i - n + 1), min(i, len(ws) - n) + 1):
                    run = ws[s:s + n]
                    key = name_key(" ".join(w.text.strip(EDGE) for w in run))
                    if key in table and all(keep(w) or any(c.isalpha() for c in w.text) for w in run):
                        out.update(id(w) for w in run if not keep(w))
                        break
                else:
                    continue
                break
    return out


# a symbol's type code between the number and the issuer's code: '73/QĐĐ-LĐLĐ'
SYMBOL_CODE_RE = regex.compile(r"(?<=\b\d{1,5}\s?/\s?)(?P<code>\p{Lu}[\p{L}]{1,6})(?=-\p{Lu})")


def restore_symbol_codes(line: str) -> str:
    """A symbol's type code Tesseract read with a letter twice ('73/QĐĐ-LĐLĐ') is the code of
    doc_types.json it becomes with the letter once ('QĐ'); a known code is left alone."""
    from pipeline import vocab

    codes = vocab.code_to_type()

    def repl(m: regex.Match[str]) -> str:
        code = m.group("code")
        if code in codes:
            return code
        once = regex.sub(r"(\p{L})\1+", r"\1", code)
        return once if once != code and once in codes else code

    return SYMBOL_CODE_RE.sub(repl, line)
