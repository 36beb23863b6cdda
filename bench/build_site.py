"""Benchmark of the build: 20,000 legal documents + 2,000 news, full and incremental, then deploy.

    .venv/bin/python bench/build_site.py [--dir DIR] [--documents N] [--news N] [--skip-deploy]

Makes (once, kept in DIR, default /tmp/cchc-bench-build) a SQLite database with synthetic but
realistic Vietnamese content (documents through `import_documents`, news as live Wagtail pages),
then prints the figures the issue asks for:

1. full build (export + render + index) from an empty content/output/var;
2. the same build again with nothing changed;
3. one edited document published end to end (export, render, index, deploy to a local moto_server);
4. a redeploy of the unchanged site (target: zero uploads, under 10 s).

The first deploy of the whole site is printed too. var/ and content/ of the repository are never
touched.
"""

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

NEWS_SENTENCES = [
    "Sáng nay, Bộ Nội vụ tổ chức Hội nghị công bố Chỉ số cải cách hành chính năm 2024 của các bộ, "
    "cơ quan ngang bộ, Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương.",
    "Phát biểu tại hội nghị, Thứ trưởng nhấn mạnh yêu cầu đẩy mạnh chuyển đổi số trong giải quyết "
    "thủ tục hành chính, lấy người dân, doanh nghiệp làm trung tâm phục vụ.",
    "Kết quả khảo sát cho thấy mức độ hài lòng của người dân đối với sự phục vụ của cơ quan hành chính "
    "nhà nước tiếp tục được cải thiện so với năm trước.",
    "Các địa phương đã triển khai đồng bộ mô hình một cửa, một cửa liên thông, rút ngắn thời gian "
    "giải quyết hồ sơ và giảm chi phí tuân thủ cho người dân.",
    "Đoàn kiểm tra công tác cải cách hành chính đã làm việc với Sở Nội vụ, Trung tâm Phục vụ hành chính "
    "công và một số xã, phường trên địa bàn tỉnh.",
]


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def setup_database(folder: Path, documents: int, news: int) -> None:
    """Migrate a fresh database and fill it (only when folder has none yet)."""
    import import_documents as doc_bench  # bench/import_documents.py: the same synthetic documents
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"setup: migrated in {time.perf_counter() - started:.1f} s", flush=True)
    index = doc_bench.index_create()
    csv_dir = folder / "csv"
    csv_dir.mkdir(exist_ok=True)
    path = doc_bench.generate(csv_dir, documents, 20)
    started = time.perf_counter()
    call_command("import_documents", str(path), "--parent", str(index.pk), "--attachments",
                 str(csv_dir / "tep"), verbosity=0, stdout=doc_bench._Buffer())  # fmt: skip
    print(f"setup: {documents} documents imported in {time.perf_counter() - started:.1f} s", flush=True)
    started = time.perf_counter()
    news_create(news)
    print(f"setup: {news} news published in {time.perf_counter() - started:.1f} s", flush=True)


def news_create(count: int) -> None:
    from cms.core.models import SectionPage
    from cms.core.services import home_page_ensure
    from cms.news.models import NewsArticlePage

    home = home_page_ensure()
    section = home.add_child(instance=SectionPage(title="Tin tức", slug="tin-tuc"))
    section.save_revision().publish()
    rnd = random.Random(1149)
    for n in range(1, count + 1):
        sentences = (" ".join(rnd.choice(NEWS_SENTENCES) for _ in range(3)) for _ in range(rnd.randint(4, 8)))
        paragraphs = "".join(f"<p>{text}</p>" for text in sentences)
        section.add_child(
            instance=NewsArticlePage(
                title=f"Tin cải cách hành chính số {n}: {rnd.choice(NEWS_SENTENCES)[:60]}",
                slug=f"tin-cchc-{n}",
                date=date(2020, 1, 1) + timedelta(days=rnd.randrange(2500)),
                search_description=rnd.choice(NEWS_SENTENCES),
                body=paragraphs,
                live=True,
            )
        )


def document_edit() -> str:
    """Publish a new revision of one document (new title and body), as an editor would."""
    from cms.documents.models import LegalDocumentPage

    page = LegalDocumentPage.objects.live().order_by("pk")[1234]
    page.title = f"{page.title} (sửa đổi lúc {time.strftime('%H:%M:%S')})"
    page.body = f"{page.body}<p>Bổ sung lúc {time.strftime('%H:%M:%S')}: nội dung sửa đổi.</p>"
    page.save_revision().publish()
    return page.url_path


def start_moto() -> tuple[subprocess.Popen, str]:
    import socket
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    exe = Path(sys.executable).parent / "moto_server"
    proc = subprocess.Popen([str(exe), "-H", "127.0.0.1", "-p", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(url + "/moto-api/", timeout=1)  # noqa: S310 - loopback
            return proc, url
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("moto_server did not start")


def timed_build(config, steps: tuple[str, ...], label: str) -> float:
    from cms.publish.pipeline import run_build

    started = time.perf_counter()
    report = run_build(config, steps)
    total = time.perf_counter() - started
    if not report.ok:
        raise SystemExit(f"{label}: build failed at {report.failed_step}: {report.error}")
    parts = ", ".join(f"{s.name} {s.seconds:.1f} s" for s in report.steps)
    print(f"{label}: {total:.1f} s ({parts}); peak RSS {_rss_mb():.0f} MB", flush=True)
    for step in report.steps:
        if step.summary:
            print(f"    {step.name}: {step.summary}", flush=True)
    return total


def measure(folder: Path, skip_deploy: bool, reuse_export: bool) -> None:
    from cms.publish.config import BuildConfig

    config = BuildConfig(
        content_dir=folder / "content",
        output_dir=folder / "output",
        var_dir=folder / "var",
        search_index_dir=folder / "var" / "search-index",
        quiet=True,
    )
    kept = config.var_dir / "export-state.json"
    saved = kept.read_bytes() if reuse_export and kept.exists() else None
    for path in (*([] if saved else [config.content_dir]), config.output_dir, config.var_dir):
        shutil.rmtree(path, ignore_errors=True)
    if saved:
        kept.parent.mkdir(parents=True)
        kept.write_bytes(saved)
    label = "1. full build, cold" + (" (export reused: render and index cold)" if saved else "")
    full = timed_build(config, ("export", "render", "index"), label)
    print(f"   target < 60 s: {'met' if full < 60 else f'missed by {full - 60:.1f} s'}", flush=True)
    timed_build(config, ("export", "render", "index"), "2. same build, nothing changed")
    if skip_deploy:
        document_edit()
        timed_build(config, ("export", "render", "index"), "3. one document edited (no deploy)")
        return
    proc, url = start_moto()
    try:
        credentials = {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench"}  # noqa: S105 - moto
        os.environ.update(credentials, AWS_DEFAULT_REGION="us-east-1")
        import boto3

        boto3.client("s3", endpoint_url=url).create_bucket(Bucket="cchc-bench")
        config = replace(config, s3_bucket="cchc-bench", s3_endpoint_url=url)
        timed_build(config, ("deploy",), "   first deploy of the whole site")
        path = document_edit()
        one = timed_build(config, ("export", "render", "index", "deploy"), f"3. one document edited ({path})")
        print(f"   target < 5 s: {'met' if one < 5 else f'missed by {one - 5:.1f} s'}", flush=True)
        again = timed_build(config, ("deploy",), "4. redeploy, nothing changed")
        print(f"   target < 10 s: {'met' if again < 10 else f'missed by {again - 10:.1f} s'}", flush=True)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=Path("/tmp/cchc-bench-build"))  # noqa: S108 - a bench folder
    parser.add_argument("--documents", type=int, default=20_000)
    parser.add_argument("--news", type=int, default=2_000)
    parser.add_argument("--skip-deploy", action="store_true")
    parser.add_argument("--setup-only", action="store_true")
    parser.add_argument(
        "--reuse-export", action="store_true", help="keep content/ and the export state of the previous run"
    )
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    database = args.dir / "db.sqlite3"
    fresh = not database.exists()
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["CCHC_VAR_DIR"] = str(args.dir / "cms-var")  # media files of the bench database
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.dev"
    import django

    django.setup()
    if fresh:
        try:
            setup_database(args.dir, args.documents, args.news)
        except BaseException:
            database.unlink(missing_ok=True)
            raise
    if not fresh:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)  # a database made by an older checkout
    if not args.setup_only:
        measure(args.dir, args.skip_deploy, args.reuse_export)


if __name__ == "__main__":
    main()
