"""A synthetic corpus, deterministic from a seed: plans, decisions, reports, guidance and
news articles of provincial and district trade-union federations, as .txt, .docx and .pdf, with
citation chains across them (plans citing earlier plans of the same federation and national
documents), symbols reused across provinces and years, targets, assignments and messy variants
(NBSP, hard wraps, '70 /KH-LĐLĐ', old tone marks, page chrome).

Nothing is taken from the seed documents, so the corpus tests generalisation: places come from
the gazetteer (all 63 pre-2025 provinces, their districts, ward names as given names), types,
codes, departments, positions and surnames from the vocabularies, the national documents cited
are drawn anew for every seed.

    python tests/synth.py OUT_DIR --n 1000 --seed 0 --formats txt,docx,pdf [--score]

Writes the documents under OUT_DIR/corpus and OUT_DIR/manifest.json: for every file, the number, type, issuer, date and cited numbers it
was generated with, so scale tests can check the pipeline against it.
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline import gazetteer, vocab  # noqa: E402
from tests.fixtures import Directive, make_docx, make_pdf  # noqa: E402

# What this corpus draws from, none of it from the seed documents: places from the gazetteer
# (pipeline/gazetteer.py: the pre-2025 provinces, their districts and wards, as underthesea ships
# them), types, codes, bodies, organs, positions, departments, units and surnames from the
# vocabularies (pipeline/data/*.json). Only the shapes are written here: how a local plan, a
# district plan, a national document and a news item are laid out (FORMAT.md, ../shared/reference).
LOCAL_TYPES = ["Kế hoạch", "Quyết định", "Báo cáo", "Hướng dẫn", "Thông báo", "Chương trình", "Nghị quyết"]
# national bodies and the symbol grammar of each: Party "02-NQ/TW", decree "145/2020/NĐ-CP", TLĐ "17/KH-TLĐ"
NATIONAL_SHAPES = [
    ("Bộ Chính trị", ["Nghị quyết", "Chỉ thị", "Kết luận"], "{n:02d}-{code}/TW"),
    ("Ban Bí thư", ["Chỉ thị", "Kết luận"], "{n:02d}-{code}/TW"),
    ("Chính phủ", ["Nghị định"], "{n}/{year}/{code}-CP"),
    ("Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam", ["Kế hoạch", "Hướng dẫn", "Quyết định", "Chương trình"],
     "{n}/{code}-TLĐ"),
]
ACTIONS = ["Triển khai", "Tổ chức", "Khảo sát", "Kết quả thực hiện", "Đẩy mạnh", "Tăng cường"]
TOPICS = ["phát triển {unit} năm {y}", "Tháng Công nhân năm {y}", "công tác chăm lo cho {unit} năm {y}",
          "kỷ niệm Ngày thành lập Công đoàn Việt Nam", "nhiệm vụ 6 tháng đầu năm {y}"]
MIDDLE_NAMES = ["Văn", "Thị", "Đức", "Minh", "Quốc", "Ngọc", "Thanh", "Hữu"]


@functools.cache
def _types() -> dict[str, str]:
    """Type name → its first symbol code (vocabulary)."""
    return {t.name: t.codes[0] for t in vocab.doc_types().types if t.codes}


@functools.cache
def _places() -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(level word 'tỉnh' / 'thành phố', province, [(district level word, district name)]) from the
    gazetteer; districts whose name another district shares are left out (their province is unknown)."""
    out = []
    for full, short in gazetteer.provinces():
        level = full[: len(full) - len(short)].strip().lower()
        districts = []
        for name, _ in gazetteer.units_of(short):
            m = gazetteer.DISTRICT_PREFIX_RE.match(name)
            bare = name[m.end():] if m else name
            if m and not bare[:1].isdigit() and gazetteer.province_of(bare) == short:
                districts.append((m.group(0).strip().lower(), bare))
        out.append((level, short, districts))
    return out


@functools.cache
def _given_names() -> list[str]:
    """One-syllable given names: the last word of the gazetteer's ward names (An, Bình, Hòa …)."""
    words: set[str] = set()
    for _, short in gazetteer.provinces()[:20]:
        for _, wards in gazetteer.units_of(short):
            for w in wards:
                last = (w.split() or [""])[-1]
                if last.isalpha() and last[:1].isupper() and len(last) > 1:
                    words.add(last)
    return sorted(words)


def _person(rng: random.Random) -> str:
    return f"{rng.choice(vocab.names().surnames)} {rng.choice(MIDDLE_NAMES)} {rng.choice(_given_names())}"


def _title(rng: random.Random, year: int) -> str:
    unit = rng.choice(["đoàn viên", "công nhân lao động", "người lao động", "công đoàn cơ sở"])
    return f"{rng.choice(ACTIONS)} {rng.choice(TOPICS).format(unit=unit, y=year)}"


def _national(rng: random.Random, k: int = 8) -> list[tuple[str, str, str, str, str]]:
    """k national documents: (type, symbol, date, issuer, subject), drawn once per corpus."""
    out: list[tuple[str, str, str, str, str]] = []
    seen: set[str] = set()
    while len(out) < k:
        body, types, shape = NATIONAL_SHAPES[len(out) % len(NATIONAL_SHAPES)]
        doc_type = rng.choice(types)
        year = rng.randint(2015, 2024)
        sym = shape.format(n=rng.randint(1, 300), code=_types()[doc_type], year=year)
        if sym in seen:
            continue
        seen.add(sym)
        date = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{year}"
        subject = _title(rng, year)
        out.append((doc_type, sym, date, body, subject[0].lower() + subject[1:]))
    return out


@dataclass
class Truth:
    file: str
    kind: str
    number: str | None
    doc_type: str | None
    issuer: str | None
    date: str | None
    cites: list[str] = field(default_factory=list)


Place = tuple[str, str, list[tuple[str, str]]]


def _archive(rng: random.Random) -> tuple[list[Place], list[float]]:
    """The provinces in a random order, weighted 1, 1/2^1.5, 1/3^1.5 …: an archive holds every province's
    documents, but mostly its own and its neighbours' (so plans cite earlier plans in it)."""
    places = list(_places())
    rng.shuffle(places)
    return places, [1 / (k + 1) ** 1.5 for k in range(len(places))]


def _plan(rng: random.Random, national: list[tuple[str, str, str, str, str]],
          earlier: dict[str, list[tuple[str, str, str]]], archive: tuple[list[Place], list[float]]) -> tuple[Directive, Truth, str]:
    """A plan, decision, report … of a provincial federation, or of a district's under it."""
    level, province, districts = rng.choices(*archive)[0]
    year = rng.choice([2022, 2023, 2024, 2025])
    type_name = rng.choice(LOCAL_TYPES)
    number = f"{rng.randint(1, 120):02d}/{_types()[type_name]}-LĐLĐ"
    day, month = rng.randint(1, 28), rng.randint(1, 12)
    # "Thành phố Hồ Chí Minh" is the city's name (places.json), "thành phố Hà Nội" a level and a name
    named = f"Thành phố {province}" in vocab.places().provinces
    top = f"Liên đoàn Lao động {'Thành phố' if named else level} {province}"
    header = [top.upper()]
    # the body that issued an earlier plan, as a later one names it ("LĐLĐ tỉnh": the province is the reader's)
    issuer, place = top, province
    own = rng.choice(["Ban Thường vụ LĐLĐ tỉnh", f"Ban Thường vụ LĐLĐ tỉnh {province}"]) if level == "tỉnh" else \
        f"Ban Thường vụ LĐLĐ {level} {province}"
    if districts and rng.random() < 0.3:  # a district federation: two header levels, the district as place
        dlevel, district = rng.choice(districts)
        issuer, place = f"Liên đoàn Lao động {dlevel} {district}", district
        own = f"Ban Thường vụ LĐLĐ {dlevel} {district}"
        header.append(issuer.upper())
    basis, cites = [], []
    for doc_type, sym, date, by, about in rng.sample(national, k=rng.randint(1, 2)):
        basis.append(f"Căn cứ {doc_type} số {sym}, ngày {date} của {by} về {about};")
        cites.append(sym)
    pool = [e for e in earlier.get(issuer, []) if e[1] != number and int(e[2][-4:]) <= year]
    if pool and rng.random() < 0.6:  # an earlier document of the same federation, as printed in it
        doc_type, sym, date = rng.choice(pool)
        basis.append(f"Căn cứ {doc_type} số {sym} ngày {date} của {own} về phát triển đoàn viên;")
        cites.append(sym)
    earlier.setdefault(issuer, []).append((type_name, number, f"{day:02d}/{month:02d}/{year}"))
    n_dv = rng.randint(5, 300) * 100
    body = [type_name.upper(), _title(rng, year), *basis,
            f"{issuer} ban hành {type_name.lower()} như sau:",
            "I. MỤC ĐÍCH, YÊU CẦU",
            f"- Phấn đấu phát triển {n_dv:,} đoàn viên mới, thành lập {rng.randint(3, 60)} CĐCS trong năm {year}.".replace(",", "."),
            "II. TỔ CHỨC THỰC HIỆN"]
    for k, dept in enumerate(rng.sample(vocab.departments().departments[:8], k=3), start=1):
        body += [f"{k}. {dept.name}", rng.choice(["Chủ trì tham mưu triển khai kế hoạch.", "Phối hợp thực hiện các nội dung.",
                                                 "Hướng dẫn các cấp công đoàn triển khai."])]
    signing = rng.choice([["TM. BAN THƯỜNG VỤ", "CHỦ TỊCH"], ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]])
    d = Directive(
        header_left=[*header, f"Số: {number}"],
        header_right=["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                      f"{place}, ngày {day:02d} tháng {month} năm {year}"],
        body=body,
        sign_left=["Nơi nhận:", "- Tổng LĐLĐ Việt Nam;", "- Lưu: VT."],
        sign_right=[*signing, "", _person(rng)],
    )
    truth = Truth("", "directive", number, type_name, issuer, f"{year}-{month:02d}-{day:02d}", cites)
    return d, truth, province


def _messy(text: str, rng: random.Random) -> str:
    """The damage real copies carry: NBSP, a spaced symbol, old tone marks, hard wraps."""
    if rng.random() < 0.3:
        text = text.replace("Số: ", "Số:\u00a0", 1)
    if rng.random() < 0.3:
        text = text.replace("/KH-", " /KH-", 1)
    if rng.random() < 0.3:
        text = text.replace("Hòa", "Hoà").replace("hòa", "hoà").replace("Hóa", "Hoá")
    if rng.random() < 0.3:
        text = text.replace(" thành lập ", " thành\nlập ", 1)
    return text


def _news(rng: random.Random, national: list[tuple[str, str, str, str, str]],
          archive: tuple[list[Place], list[float]]) -> tuple[str, Truth]:
    level, province, _ = rng.choices(*archive)[0]
    doc_type, sym, date, by, _ = rng.choice(national)
    n = rng.randint(2, 40) * 100
    text = (f"Trang chủ > Tin tức\nLiên đoàn Lao động {level} {province} sơ kết công tác phát triển đoàn viên\n"
            f"Thứ sáu - 05/08/2022 21:18\n"
            f"Thực hiện {doc_type} số {sym} ngày {date} của {by}, từ đầu năm đến nay toàn {level} đã kết nạp "
            f"{n:,} đoàn viên, thành lập mới {rng.randint(2, 30)} CĐCS.\n".replace(",", ".") +
            "Quang cảnh hội nghị\nTin liên quan\nLượt xem: 1234\n")
    return text, Truth("", "news", None, None, None, None, [sym])


def generate(out_dir: str | Path, n: int, seed: int = 0, formats: tuple[str, ...] = ("txt", "docx", "pdf")) -> list[Truth]:
    """Write n documents under out_dir/corpus (formats in turn) and out_dir/manifest.json."""
    root = Path(out_dir)
    out = root / "corpus"
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    national = _national(rng)
    archive = _archive(rng)
    earlier: dict[str, list[tuple[str, str, str]]] = {}  # issuer → (type, number, date) issued so far
    truths: list[Truth] = []
    for i in range(n):
        fmt = formats[i % len(formats)]
        sub = out / fmt / f"{i // 500:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        if fmt == "txt" and rng.random() < 0.15:
            text, truth = _news(rng, national, archive)
            path = sub / f"news_{i:06d}.txt"
            path.write_text(text, encoding="utf-8")
        else:
            d, truth, _ = _plan(rng, national, earlier, archive)
            path = sub / f"doc_{i:06d}.{fmt}"
            if fmt == "txt":
                path.write_text(_messy(d.text(), rng), encoding="utf-8")
            elif fmt == "docx":
                make_docx(path, d)
            else:
                make_pdf(path, d)
        truth.file = str(path.relative_to(out))
        truths.append(truth)
    (root / "manifest.json").write_text(json.dumps([asdict(t) for t in truths], ensure_ascii=False, indent=1), encoding="utf-8")
    return truths


FIELDS = ("kind", "number", "doc_type", "issuer", "date")


def score(out_dir: str | Path, show: bool = False) -> dict[str, float]:
    """Each field's accuracy over the corpus against the truth it was generated with (the gold
    set's comparison rules), and the recall of cited numbers: a generalisation check on
    documents none of the rules were written from."""
    from pipeline import extract_file, identity
    from pipeline.evaluate import field_equal

    root = Path(out_dir)
    right = dict.fromkeys(FIELDS, 0)
    cited = found = 0
    truths = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    for t in truths:
        rec = extract_file(root / "corpus" / t["file"])
        d = rec.document
        pred = {"kind": rec.kind, "number": d.number, "doc_type": d.doc_type, "issuer": d.issuer,
                "date": d.date.isoformat() if d.date else None}
        for k in FIELDS:
            ok = pred[k] == t[k] if k == "kind" else field_equal(k, t[k], pred[k])
            right[k] += ok
            if show and not ok:
                print(f"{t['file']}: {k} {t[k]!r} read as {pred[k]!r}")
        got = {identity.symbol(c.number) for c in rec.citations if c.number}
        cited += len(t["cites"])
        found += sum(identity.symbol(n) in got for n in t["cites"])
    out = {k: right[k] / len(truths) for k in FIELDS}
    out["cites recall"] = found / cited if cited else 1.0
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--formats", default="txt,docx,pdf")
    ap.add_argument("--score", action="store_true", help="then extract every file and score it against the truth")
    args = ap.parse_args()
    truths = generate(args.out, args.n, args.seed, tuple(args.formats.split(",")))
    print(f"wrote {len(truths)} documents to {args.out}")
    if args.score:
        for k, v in score(args.out, show=True).items():
            print(f"{k:14} {v:.3f}")


if __name__ == "__main__":
    main()
