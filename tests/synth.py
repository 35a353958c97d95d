"""A synthetic corpus, deterministic from a seed: realistic plans, công văn, quyết định,
báo cáo and news articles from many provinces and years, as .txt, .docx and .pdf, with
citation chains across them (plans citing provincial plans citing national ones citing
02-NQ/TW), symbols reused across provinces and years, targets, assignments and messy
variants (NBSP, hard wraps, '70 /KH-LĐLĐ', old tone marks, page chrome).

    python tests/synth.py OUT_DIR --n 1000 --seed 0 --formats txt,docx,pdf

Writes the documents under OUT_DIR/corpus and OUT_DIR/manifest.json: for every file, the number, type, issuer, date and cited numbers it
was generated with, so scale tests can check the pipeline against it.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.fixtures import Directive, make_docx, make_pdf  # noqa: E402

PROVINCES = ["Hòa Bình", "Lai Châu", "Sơn La", "Quảng Trị", "Bến Tre", "Thanh Hóa", "Nghệ An", "Lào Cai", "Đồng Nai",
             "Cà Mau", "Gia Lai", "Yên Bái", "Hà Giang", "Phú Thọ", "Kon Tum"]
NATIONAL = [
    ("Nghị quyết", "02-NQ/TW", "12/6/2021", "Bộ Chính trị", "đổi mới tổ chức và hoạt động của Công đoàn Việt Nam trong tình hình mới"),
    ("Kế hoạch", "17/KH-TLĐ", "05/02/2024", "Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam", "tổ chức các hoạt động kỷ niệm 95 năm Ngày thành lập Công đoàn Việt Nam"),
    ("Kế hoạch", "31/KH-TLĐ", "27/3/2024", "Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam", "phát triển đoàn viên, thành lập CĐCS năm 2024"),
    ("Chỉ thị", "37-CT/TW", "03/9/2019", "Ban Bí thư", "tăng cường sự lãnh đạo của Đảng trong xây dựng quan hệ lao động"),
]
TYPES = [("KẾ HOẠCH", "KH", "Kế hoạch"), ("QUYẾT ĐỊNH", "QĐ", "Quyết định"), ("BÁO CÁO", "BC", "Báo cáo"),
         ("HƯỚNG DẪN", "HD", "Hướng dẫn"), ("THÔNG BÁO", "TB", "Thông báo")]
TITLES = ["Triển khai Tháng cao điểm phát triển đoàn viên năm {y}", "Tổ chức Tháng Công nhân năm {y}",
          "Khảo sát tình hình công nhân lao động năm {y}", "Tổ chức các hoạt động kỷ niệm Ngày thành lập Công đoàn Việt Nam",
          "Kết quả thực hiện nhiệm vụ 6 tháng đầu năm {y}"]
DEPTS = ["Ban Tổ chức - Kiểm tra", "Ban Tuyên giáo - Nữ công", "Ban Chính sách pháp luật và Quan hệ lao động", "Văn phòng"]
SIGNERS = ["Nguyễn Mạnh Cường", "Hoàng Thọ Trung", "Lê Thị Hoa", "Phạm Văn Nam", "Trần Quốc Toản", "Lò Văn Pâng"]


@dataclass
class Truth:
    file: str
    kind: str
    number: str | None
    doc_type: str | None
    issuer: str | None
    date: str | None
    cites: list[str] = field(default_factory=list)


def _plan(rng: random.Random, i: int, provincial: dict[tuple[str, int], list[str]]) -> tuple[Directive, Truth, str]:
    province = rng.choice(PROVINCES)
    year = rng.choice([2022, 2023, 2024, 2025])
    caps, code, type_name = rng.choice(TYPES)
    num = rng.randint(1, 120)
    number = f"{num:02d}/{code}-LĐLĐ"
    day, month = rng.randint(1, 28), rng.randint(1, 12)
    issuer = f"Liên đoàn Lao động tỉnh {province}"
    basis, cites = [], []
    for doc_type, sym, date, by, about in rng.sample(NATIONAL, k=rng.randint(1, 2)):
        basis.append(f"Căn cứ {doc_type} số {sym}, ngày {date} của {by} về {about};")
        cites.append(sym)
    earlier = provincial.get((province, year), [])
    if earlier and rng.random() < 0.6:
        sym = rng.choice(earlier)
        if sym != number:
            basis.append(f"Căn cứ Kế hoạch số {sym} ngày 02/01/{year} của Ban Thường vụ LĐLĐ tỉnh về phát triển đoàn viên;")
            cites.append(sym)
    provincial.setdefault((province, year), []).append(number)
    n_dv = rng.randint(5, 300) * 100
    body = [caps, rng.choice(TITLES).format(y=year), *basis,
            f"Liên đoàn Lao động tỉnh ban hành {type_name.lower()} như sau:",
            "I. MỤC ĐÍCH, YÊU CẦU",
            f"- Phấn đấu phát triển {n_dv:,} đoàn viên mới, thành lập {rng.randint(3, 60)} CĐCS trong năm {year}.".replace(",", "."),
            "II. TỔ CHỨC THỰC HIỆN"]
    for k, dept in enumerate(rng.sample(DEPTS, k=3), start=1):
        body += [f"{k}. {dept}", rng.choice(["Chủ trì tham mưu triển khai kế hoạch.", "Phối hợp thực hiện các nội dung.",
                                            "Hướng dẫn các cấp công đoàn triển khai."])]
    d = Directive(
        header_left=[f"LIÊN ĐOÀN LAO ĐỘNG TỈNH {province.upper()}", f"Số: {number}"],
        header_right=["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                      f"{province}, ngày {day:02d} tháng {month} năm {year}"],
        body=body,
        sign_left=["Nơi nhận:", "- Tổng LĐLĐ Việt Nam;", "- Lưu: VT."],
        sign_right=["TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "", rng.choice(SIGNERS)],
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
        text = text.replace("Hòa", "Hoà").replace("hòa", "hoà")
    if rng.random() < 0.3:
        text = text.replace(" thành lập ", " thành\nlập ", 1)
    return text


def _news(rng: random.Random) -> tuple[str, Truth]:
    province = rng.choice(PROVINCES)
    n = rng.randint(2, 40) * 100
    text = (f"Trang chủ > Tin tức\nLiên đoàn Lao động tỉnh {province} sơ kết công tác phát triển đoàn viên\n"
            f"Thứ sáu - 05/08/2022 21:18\n"
            f"Thực hiện Nghị quyết số 02-NQ/TW ngày 12/6/2021 của Bộ Chính trị, từ đầu năm đến nay toàn tỉnh đã kết nạp "
            f"{n:,} đoàn viên, thành lập mới {rng.randint(2, 30)} CĐCS.\n".replace(",", ".") +
            "Quang cảnh hội nghị\nTin liên quan\nLượt xem: 1234\n")
    return text, Truth("", "news", None, None, None, None, ["02-NQ/TW"])


def generate(out_dir: str | Path, n: int, seed: int = 0, formats: tuple[str, ...] = ("txt", "docx", "pdf")) -> list[Truth]:
    """Write n documents under out_dir/corpus (formats in turn) and out_dir/manifest.json."""
    root = Path(out_dir)
    out = root / "corpus"
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    provincial: dict[tuple[str, int], list[str]] = {}
    truths: list[Truth] = []
    for i in range(n):
        fmt = formats[i % len(formats)]
        sub = out / fmt / f"{i // 500:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        if fmt == "txt" and rng.random() < 0.15:
            text, truth = _news(rng)
            path = sub / f"news_{i:06d}.txt"
            path.write_text(text, encoding="utf-8")
        else:
            d, truth, _ = _plan(rng, i, provincial)
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--formats", default="txt,docx,pdf")
    args = ap.parse_args()
    truths = generate(args.out, args.n, args.seed, tuple(args.formats.split(",")))
    print(f"wrote {len(truths)} documents to {args.out}")


if __name__ == "__main__":
    main()
