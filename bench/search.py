"""Benchmark of search: 20,000 legal documents + 2,000 news; index build, query latency, API throughput.

    .venv/bin/python bench/search.py [--dir DIR] [--documents N] [--news N] [--seconds S]

Writes a synthetic search manifest (the index step's input) from real Vietnamese sentences (the
programme's plans in ../shared/seeds and the demo content), then prints:

1. a full index build (cms.publish.index, as build.py runs it) and an incremental one (1 % changed);
2. in-process query latency p50/p95/max over a mixed query set (1–4 words with and without
   diacritics, document numbers, quoted phrases, filters, newest-first), with the result cache off,
   first on a cold term cache and then warm;
3. throughput of GET /api/v1/search under gunicorn (CMS_ROLE=api, 2 workers), with a bounded
   load from loopback (8 concurrent clients) picking from the query set: once with each worker's
   answer cache off (every query scored, highlighted and serialized), once with it on.
"""

import argparse
import html
import json
import os
import random
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

KINDS = [
    ("quyet-dinh", "Quyết định", "QĐ"),
    ("thong-tu", "Thông tư", "TT"),
    ("nghi-dinh", "Nghị định", "NĐ"),
    ("cong-van", "Công văn", "CV"),
    ("ke-hoach", "Kế hoạch", "KH"),
    ("chi-thi", "Chỉ thị", "CT"),
    ("nghi-quyet", "Nghị quyết", "NQ"),
]
ISSUERS = [
    ("bo-noi-vu", "Bộ Nội vụ", "BNV"),
    ("chinh-phu", "Chính phủ", "CP"),
    ("thu-tuong-chinh-phu", "Thủ tướng Chính phủ", "TTg"),
    ("bo-tu-phap", "Bộ Tư pháp", "BTP"),
    ("bo-tai-chinh", "Bộ Tài chính", "BTC"),
    *[(f"ubnd-tinh-{n}", f"Ủy ban nhân dân tỉnh số {n}", f"UBND{n}") for n in range(1, 30)],
]
FIELDS = [
    ("cai-cach-the-che", "Cải cách thể chế"),
    ("cai-cach-thu-tuc-hanh-chinh", "Cải cách thủ tục hành chính"),
    ("cai-cach-to-chuc-bo-may", "Cải cách tổ chức bộ máy"),
    ("cai-cach-che-do-cong-vu", "Cải cách chế độ công vụ"),
    ("cai-cach-tai-chinh-cong", "Cải cách tài chính công"),
    ("chinh-phu-so", "Xây dựng Chính phủ điện tử, Chính phủ số"),
]
STATUSES = [
    ("con-hieu-luc", "Còn hiệu lực"),
    ("het-hieu-luc", "Hết hiệu lực"),
    ("chua-co-hieu-luc", "Chưa có hiệu lực"),
]
EXTRA_WORDS = (
    "hòa giải thủy lợi khỏe mạnh quỹ đất hồ sơ trực tuyến dịch vụ công liên thông bưu chính một cửa "
    "đánh giá tiêu chí thành phần thẩm định phúc tra kiểm soát thủ tục đơn giản hóa công chức viên chức "
    "ngân sách tự chủ biên chế vị trí việc làm chữ ký số định danh điện tử cơ sở dữ liệu dân cư"
).split()


def sentences() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT.parent / "shared" / "seeds").glob("*.txt"))]
    for path in sorted((ROOT / "cms" / "core" / "demo").glob("*.json")):
        texts.append(html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))))
    found = []
    for text in texts:
        for piece in re.split(r"(?<=[.;:!?])\s+|\n+", text):
            piece = " ".join(piece.split())
            if 40 <= len(piece) <= 400 and not piece.startswith(("{", '"')):
                found.append(piece)
    return found


def paragraph(rng: random.Random, pool: list[str], words: int) -> str:
    out, count = [], 0
    while count < words:
        sentence = rng.choice(pool)
        if rng.random() < 0.3:
            sentence += " " + " ".join(rng.sample(EXTRA_WORDS, 3)) + "."
        out.append(sentence)
        count += sentence.count(" ") + 1
    return " ".join(out)


def manifest(path: Path, documents: int, news: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    pool = sentences()
    records = []
    for n in range(1, documents + 1):
        kind, issuer = rng.choice(KINDS), rng.choice(ISSUERS)
        year = rng.randint(2005, 2026)
        number = f"{n}/{kind[2]}-{issuer[2]}" if n % 3 else f"{n}/{year}/{kind[2]}-{issuer[2]}"
        day = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        field = rng.sample(FIELDS, rng.randint(1, 2))
        status = rng.choice(STATUSES)
        records.append(
            {
                "id": f"document:{n}",
                "url": f"/van-ban/{n}/",
                "type": "document",
                "title": paragraph(rng, pool, 18)[:220],
                "number": number,
                "summary": paragraph(rng, pool, 30),
                "date": day,
                "body": paragraph(rng, pool, rng.randint(200, 800)),
                "kind": [kind[:2]],
                "issuer": [issuer[:2]],
                "field": [list(f) for f in field],
                "unit": [],
                "year": [[day[:4], day[:4]]],
                "status": [list(status)],
            }
        )
    for n in range(1, news + 1):
        day = f"{rng.randint(2015, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        records.append(
            {
                "id": f"news:{n}",
                "url": f"/tin-tuc/tin-{n}/",
                "type": "news",
                "title": paragraph(rng, pool, 14)[:180],
                "number": "",
                "summary": paragraph(rng, pool, 40),
                "date": day,
                "body": paragraph(rng, pool, rng.randint(300, 900)),
                "kind": [],
                "issuer": [],
                "field": [list(rng.choice(FIELDS))],
                "unit": [],
                "year": [[day[:4], day[:4]]],
                "status": [],
            }
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for rec in records:
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return records


def queries(records: list[dict], count: int, seed: int = 11) -> list[dict]:
    """A mixed query set: what citizens type, with and without diacritics, numbers, phrases, filters."""
    from cms.search.analysis import fold, folded_tokens

    rng = random.Random(seed)
    pool = sentences()
    found = []
    while len(found) < count:
        roll = rng.random()
        words = rng.choice(pool).split()
        start = rng.randrange(max(1, len(words) - 4))
        text = " ".join(words[start : start + rng.randint(1, 4)]).strip('.,;:()“”"')
        params: dict = {"q": text}
        if roll < 0.25:
            params["q"] = fold(text)
        elif roll < 0.35:
            params["q"] = (
                rng.choice(records[:20000])["number"] if rng.random() < 0.5 else f"qd {rng.randint(1, 20000)}"
            )
        elif roll < 0.45:
            params["q"] = f'"{text}"'
        elif roll < 0.55:
            params["type"] = "document"
            params["kind"] = rng.choice(KINDS)[0]
        elif roll < 0.6:
            params["sort"] = "newest"
        elif roll < 0.65:
            params["year"] = str(rng.randint(2005, 2026))
        if folded_tokens(params["q"]):  # the API answers 400 to a query without a letter or digit
            found.append(params)
    return found


def _summary(label: str, values: list[float]) -> str:
    values = sorted(values)
    p = lambda q: values[min(len(values) - 1, int(q * len(values)))]  # noqa: E731
    return (
        f"{label}: p50 {p(0.5):.1f} ms, p95 {p(0.95):.1f} ms, p99 {p(0.99):.1f} ms, max {values[-1]:.1f} ms"
    )


def bench_index(folder: Path, records: list[dict]) -> Path:
    from cms.publish import index
    from cms.publish.config import BuildConfig

    var = folder / "var"
    config = BuildConfig(var_dir=var, search_index_dir=var / "search-index", quiet=True)
    manifest_path = config.manifest_path
    started = time.perf_counter()
    result = index.run(config, full=True)
    print(f"1. full index: {len(records)} pages in {time.perf_counter() - started:.1f} s (target < 60 s)")
    size = sum(p.stat().st_size for p in Path(os.path.realpath(result.index_dir)).iterdir())
    print(f"   index size {size / 1e6:.0f} MB")
    rng = random.Random(3)
    for rec in rng.sample(records, len(records) // 100):
        rec["body"] += " Nội dung sửa đổi bổ sung."
    with manifest_path.open("w", encoding="utf-8") as out:
        for rec in records:
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    started = time.perf_counter()
    result = index.run(config, full=False)
    print(
        f"   incremental: {result.updated} changed pages in {time.perf_counter() - started:.1f} s"
        f" (rebuilt: {result.rebuilt})"
    )
    return result.index_dir


def bench_latency(index_dir: Path, query_set: list[dict]) -> None:
    from cms.search import query as search

    started = time.perf_counter()
    search.current_index(index_dir)
    print(f"2. index opened in {time.perf_counter() - started:.2f} s (once per new index, per worker)")
    for label in ("cold term cache", "warm"):
        times = []
        for params in query_set:
            params = dict(params)
            q = params.pop("q")
            sort = params.pop("sort", "relevance")
            started = time.perf_counter()
            search.site_search(index_dir=index_dir, q=q, sort=sort, filters=params, cache=False)
            times.append((time.perf_counter() - started) * 1000)
        print("2. " + _summary(f"in-process, {len(times)} queries, {label}", times) + " (target p95 < 50 ms)")


def _client(base: str, query_set: list[dict], until: float, times: list[float], errors: list[int]) -> None:
    rng = random.Random(threading.get_ident())
    while time.perf_counter() < until:
        params = rng.choice(query_set)
        url = f"{base}/api/v1/search?{urllib.parse.urlencode(params)}"
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback
                response.read()
            times.append((time.perf_counter() - started) * 1000)
        except OSError:
            errors.append(1)


def bench_throughput(
    index_dir: Path, query_set: list[dict], seconds: float, workers: int, clients: int, *, cache: bool
) -> None:
    env = {
        **os.environ,
        "CMS_ROLE": "api",
        "CCHC_SEARCH_INDEX_DIR": str(index_dir),
        "CCHC_SEARCH_RATE": "100000000/min",
        "CCHC_SEARCH_RESULT_CACHE": "1" if cache else "0",
    }
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "cms.wsgi",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--preload",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/api/v1/search?q=cai+cach", timeout=30).read()  # noqa: S310
                break
            except OSError:
                time.sleep(0.3)
        warm = time.perf_counter() + 5
        _client(base, query_set, warm, [], [])
        times: list[float] = []
        errors: list[int] = []
        until = time.perf_counter() + seconds
        threads = [
            threading.Thread(target=_client, args=(base, query_set, until, times, errors))
            for _ in range(clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        label = (
            "answer cache on (the query set repeats)" if cache else "answer cache off (every query computed)"
        )
        print(
            f"3. gunicorn {workers} workers, {clients} clients, {seconds:.0f} s, {label}: "
            f"{len(times) / seconds:.0f} queries/s, {len(errors)} errors (target 200/s)"
        )
        print("   " + _summary("latency seen by clients", times))
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=Path("/tmp/cchc-bench-search"))  # noqa: S108
    parser.add_argument("--documents", type=int, default=20000)
    parser.add_argument("--news", type=int, default=2000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--skip-throughput", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="use the index already in --dir")
    args = parser.parse_args()

    import django

    django.setup()
    started = time.perf_counter()
    path = args.dir / "var" / "search-manifest.jsonl"
    if args.reuse and path.exists():
        records = [json.loads(line) for line in path.open(encoding="utf-8")]
        index_dir = args.dir / "var" / "search-index"
    else:
        records = manifest(path, args.documents, args.news)
        print(f"manifest: {len(records)} pages written in {time.perf_counter() - started:.1f} s")
        index_dir = bench_index(args.dir, records)
    query_set = queries(records, args.queries)
    bench_latency(index_dir, query_set)
    if not args.skip_throughput:
        for cache in (False, True):
            bench_throughput(index_dir, query_set, args.seconds, args.workers, args.clients, cache=cache)


if __name__ == "__main__":
    main()
