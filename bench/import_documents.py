"""Benchmark of `import_documents`: 20,000 synthetic documents into a fresh database, then again.

    .venv/bin/python bench/import_documents.py [--count N] [--naive N] [--attachment-every N]

Runs on a fresh SQLite file (cms.settings.test, in a temporary folder) and, when DATABASE_URL is
set, also on a fresh PostgreSQL database created beside it (test_<name>, dropped at the end).
Each backend runs in its own process so the peak RSS figures are its own. var/ is never touched.
"""

import argparse
import csv
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (issuer slug, number suffix, kinds it issues as (kind abbreviation or name, number has a year))
ISSUERS = [
    ("quoc-hoi", "QH15", [("Luật", True), ("NQ", True)]),
    ("chinh-phu", "CP", [("NĐ", True), ("NQ", False)]),
    ("thu-tuong-chinh-phu", "TTg", [("QĐ", False), ("CT", False)]),
    ("bnv", "BNV", [("QĐ", False), ("TT", True), ("KH", False), ("Công văn", False)]),
    ("btc", "BTC", [("QĐ", False), ("TT", True)]),
    ("btp", "BTP", [("QĐ", False), ("TT", True), ("KH", False)]),
    ("byt", "BYT", [("QĐ", False), ("TT", True)]),
    ("bct", "BCT", [("QĐ", False), ("TT", True), ("HD", False)]),
]
ACTIONS = ["Phê duyệt", "Ban hành", "Quy định", "Hướng dẫn thực hiện", "Sửa đổi, bổ sung", "Triển khai"]
SUBJECTS = [
    "Đề án xác định Chỉ số cải cách hành chính của các bộ, cơ quan ngang bộ",
    "Kế hoạch cải cách hành chính nhà nước giai đoạn 2021 - 2030",
    "quy trình giải quyết thủ tục hành chính trên môi trường điện tử",
    "chế độ báo cáo định kỳ về công tác cải cách hành chính",
    "tiêu chuẩn, định mức sử dụng xe ô tô của cơ quan nhà nước",
    "Chương trình tổng thể cải cách hành chính nhà nước",
    "chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức",
    "việc đo lường sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính",
    "cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính",
    "xây dựng, phát triển Chính phủ điện tử hướng tới Chính phủ số",
]
SENTENCES = [
    "Cơ quan, tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này.",
    "Bộ trưởng, Thủ trưởng cơ quan ngang bộ chỉ đạo triển khai thực hiện nghiêm túc các nội dung.",
    "Kinh phí thực hiện được bố trí từ nguồn ngân sách nhà nước theo phân cấp hiện hành.",
    "Định kỳ hằng quý, các đơn vị báo cáo kết quả thực hiện về Bộ Nội vụ để tổng hợp.",
    "Trong quá trình thực hiện, nếu có vướng mắc, phản ánh kịp thời để được hướng dẫn giải quyết.",
    "Đẩy mạnh ứng dụng công nghệ thông tin, chuyển đổi số trong hoạt động của cơ quan hành chính.",
]
AREAS = [
    "the-che",
    "thu-tuc-hanh-chinh",
    "to-chuc-bo-may",
    "che-do-cong-vu",
    "tai-chinh-cong",
    "chinh-phu-so",
]
SIGNERS = [("Phạm Thị Thanh Trà", "Bộ trưởng"), ("Vũ Đăng Minh", "Thứ trưởng"), ("Nguyễn Văn A", "Bộ trưởng")]
HEADER = [
    "so_ky_hieu", "loai_van_ban", "co_quan_ban_hanh", "nguoi_ky", "chuc_danh_nguoi_ky", "ngay_ban_hanh",
    "ngay_co_hieu_luc", "ngay_het_hieu_luc", "tinh_trang_hieu_luc", "linh_vuc", "pham_vi", "trich_yeu",
    "tom_tat", "toan_van", "tep_dinh_kem",
]  # fmt: skip


def _body(rnd: random.Random) -> str:
    paragraphs, size = [], 0
    while size < 2000:
        article = len(paragraphs) + 1
        text = " ".join(rnd.choice(SENTENCES) for _ in range(3))
        paragraphs.append(f"<p><b>Điều {article}.</b> {text}</p>")
        size += len(paragraphs[-1].encode())
    return "".join(paragraphs)


def _row(n: int, rnd: random.Random, counters: dict, attachment: str) -> list[str]:
    issuer, suffix, kinds = ISSUERS[n % len(ISSUERS)]
    kind, with_year = rnd.choice(kinds)
    issued = date(2005, 1, 1) + timedelta(days=rnd.randrange(7300))
    # Numbering restarts every year, so 1/QĐ-BNV comes back each year (a new document each time).
    counters[(issuer, kind, issued.year)] = seq = counters.get((issuer, kind, issued.year), 0) + 1
    letters = {"Luật": "", "Công văn": ""}.get(kind, kind)
    middle = f"{issued.year}/" if with_year else ""
    number = f"{seq}/{middle}{letters}-{suffix}" if letters else f"{seq}/{middle}{suffix}"
    if kind == "Công văn":
        number = f"{seq}/{suffix}-CCHC"
    effective = issued + timedelta(days=rnd.choice([0, 0, 15, 30, 45]))
    expired = rnd.random() < 0.15
    signer, title = rnd.choice(SIGNERS)
    subject = f"{rnd.choice(ACTIONS)} {rnd.choice(SUBJECTS)}"
    return [
        number, kind, issuer, signer, title, issued.strftime("%d/%m/%Y"), effective.isoformat(),
        (effective + timedelta(days=900)).strftime("%d/%m/%Y") if expired else "",
        "Hết hiệu lực toàn bộ" if expired else "Còn hiệu lực",
        ";".join(rnd.sample(AREAS, rnd.randint(0, 2))), "Toàn quốc", subject,
        f"{subject} (số {number}).", _body(rnd), attachment,
    ]  # fmt: skip


def generate(folder: Path, count: int, attachment_every: int) -> Path:
    """A CSV of `count` valid documents, and their attachments, in folder."""
    rnd, counters = random.Random(876), {}
    (folder / "tep").mkdir()
    path = folder / "van-ban.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for n in range(count):
            attachment = ""
            if attachment_every and n % attachment_every == 0:
                attachment = f"van-ban-{n}.pdf"
                (folder / "tep" / attachment).write_bytes(b"%PDF-1.4\n" + os.urandom(2048))
            writer.writerow(_row(n, rnd, counters, attachment))
    return path


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _say(backend: str, text: str) -> None:
    print(f"[{backend}] {text}", flush=True)


def child(backend: str, path: Path, naive: int) -> None:
    """Run in a fresh process: make the database, measure the naive path, import twice, check."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    started = time.perf_counter()
    if backend == "postgres":
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    else:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
    _say(
        backend,
        f"database {connection.settings_dict['NAME']} migrated in {time.perf_counter() - started:.1f} s",
    )
    try:
        _measure(backend, path, naive)
    finally:
        if backend == "postgres":
            connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


def _measure(backend: str, path: Path, naive: int) -> None:
    from django.core.management import call_command
    from django.core.management.base import CommandError

    if naive:
        seconds = naive_per_page(naive)
        rows = sum(1 for _ in path.open(encoding="utf-8-sig")) - 1
        _say(
            backend,
            f"naive add_child + save_revision().publish(): {naive} pages in {seconds:.1f} s = "
            f"{1000 * seconds / naive:.0f} ms/page, {naive / seconds:.0f} pages/s "
            f"(would take ~{seconds / naive * rows / 60:.0f} min for {rows} rows)",
        )
    index = index_create()
    for label in ("import", "re-import (idempotent)"):
        started = time.perf_counter()
        try:
            call_command("import_documents", str(path), "--parent", str(index.pk), "--attachments",
                         str(path.parent / "tep"), verbosity=0, stdout=(out := _Buffer()))  # fmt: skip
        except CommandError as exc:
            _say(backend, f"{label} reported: {exc}")
        seconds = time.perf_counter() - started
        _say(backend, f"{label}: {seconds:.1f} s, peak RSS {_rss_mb():.0f} MB | {out.summary()}")
    for line in checks(index):
        _say(backend, line)


def naive_per_page(count: int) -> float:
    """Seconds for `count` pages through Wagtail's own API, the way a one-by-one importer would."""
    from cms.core.services import home_page_ensure
    from cms.documents.models import DocumentIndexPage, DocumentKind, Issuer, LegalDocumentPage

    index = home_page_ensure().add_child(instance=DocumentIndexPage(title="Đo từng trang", slug="naive"))
    kind, issuer = DocumentKind.objects.get(slug="thong-bao"), Issuer.objects.get(slug="van-phong-chinh-phu")
    body = _body(random.Random(1))
    started = time.perf_counter()
    for n in range(1, count + 1):
        page = LegalDocumentPage(
            title=f"Thông báo kết luận số {n}", slug=f"tb-{n}", number=f"{n}/TB-VPCP",
            kind=kind, issuer=issuer, issued_on=date(2024, 1, 1), body=body,
        )  # fmt: skip
        index.add_child(instance=page)
        page.save_revision().publish()
    return time.perf_counter() - started


def index_create():  # noqa: ANN201 - a DocumentIndexPage
    from cms.core.services import home_page_ensure
    from cms.documents.models import DocumentIndexPage

    index = home_page_ensure().add_child(
        instance=DocumentIndexPage(title="Cơ sở dữ liệu văn bản", slug="van-ban")
    )
    index.save_revision().publish()
    return index


def checks(index) -> list[str]:  # noqa: ANN001 - a DocumentIndexPage
    """The tree is sound, every page has its revision, log entries and search entry; editing works."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from wagtail.models import Page, PageLogEntry, Revision
    from wagtail.search.models import IndexEntry

    from cms.documents.models import LegalDocumentPage

    pages = LegalDocumentPage.objects.child_of(index)
    ids = [str(pk) for pk in pages.values_list("pk", flat=True)]
    problems = sum(len(found) for found in Page.find_problems())
    index.refresh_from_db()
    lines = [
        f"check: Page.find_problems() found {problems} problems; parent numchild {index.numchild}, "
        f"{len(ids)} pages, {pages.filter(live=True).count()} live, "
        f"{pages.filter(live_revision__isnull=False).count()} with a live revision",
        f"check: {Revision.objects.filter(object_id__in=ids).count()} revisions, "
        f"{PageLogEntry.objects.filter(page__in=pages).count()} log entries, "
        f"{IndexEntry.objects.filter(object_id__in=ids).count()} search index entries",
    ]
    page = pages.order_by("-path").first()
    page.title += " (đã sửa)"
    page.save_revision().publish()
    admin = get_user_model().objects.create_superuser("bench", "bench@localhost", "bench")
    client = Client()
    client.force_login(admin)
    status = client.get(f"/admin/pages/{page.pk}/edit/").status_code
    lines.append(f"check: save_revision().publish() on an imported page ok; admin edit view HTTP {status}")
    return lines


class _Buffer:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def write(self, text: str) -> None:
        self.lines.extend(text.splitlines())

    def flush(self) -> None:
        pass

    def summary(self) -> str:
        return " | ".join(line for line in self.lines if line.startswith(("Tạo mới", "Thời gian")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument(
        "--naive", type=int, default=200, help="pages to time through Wagtail's API (0: skip)"
    )
    parser.add_argument("--attachment-every", type=int, default=20, help="one row in N has a PDF (0: none)")
    parser.add_argument("--child", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    parser.add_argument("--csv", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.csv, args.naive)
        return
    with tempfile.TemporaryDirectory(prefix="cchc-bench-") as folder:
        started = time.perf_counter()
        path = generate(Path(folder), args.count, args.attachment_every)
        size = path.stat().st_size / 1e6
        print(
            f"generated {args.count} documents ({size:.0f} MB CSV) in {time.perf_counter() - started:.1f} s"
        )
        backends = ["sqlite"] + (["postgres"] if os.environ.get("DATABASE_URL") else [])
        for backend in backends:
            env = dict(os.environ)
            if backend == "sqlite":
                env.pop("DATABASE_URL", None)
            command = [
                sys.executable,
                __file__,
                "--child",
                backend,
                "--csv",
                str(path),
                "--naive",
                str(args.naive),
            ]
            subprocess.run(command, env=env, check=True, cwd=ROOT)


if __name__ == "__main__":
    main()
