"""python -m cms import_index FILE --edition SLUG [--dry-run]: an edition's results from CSV or XLSX."""

import argparse
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.indices.importing import ImportAborted
from cms.indices.models import IndexEdition
from cms.indices.services import index_results_import, results_import_announce

EPILOG = """Cột (dòng đầu là tiêu đề; CSV UTF-8 phân cách bằng dấu phẩy, chấm phẩy hoặc tab, hoặc
trang tính đầu tiên của tệp .xlsx):
  ma_don_vi   mã đơn vị (bắt buộc): mã tỉnh hai chữ số (01, 31…) hoặc mã bộ (BTP, NHNN…)
  chi_so      chỉ số, % (0–100, tối đa 2 chữ số thập phân; dấu phẩy hoặc dấu chấm thập phân)
  xep_hang    xếp hạng (số nguyên; đồng hạng kiểu 1, 2, 2, 4)
  nhom        A, B, C hoặc để trống (Chỉ số CCHC; tự điền theo ngưỡng khi để trống)
  thay_doi    thay đổi so với năm trước, điểm %
  ghi_chu     ghi chú công khai
  ten_don_vi  tên đơn vị, để người đọc đối chiếu (không nhập)
  <mã thành phần>  mỗi thành phần một cột: điểm nếu thành phần có điểm tối đa, nếu không thì %

Cả tệp được nhập hoặc không gì cả; nhập lại thay toàn bộ kết quả của kỳ công bố.
Mã thoát: 0 thành công, 1 tệp bị từ chối (có lỗi ở từng dòng), 2 sai cách dùng hoặc không đọc được tệp.
Chi tiết: docs/index_import.md"""


class Command(BaseCommand):
    help = "Nhập kết quả một kỳ công bố Chỉ số CCHC hoặc SIPAS từ tệp CSV hoặc XLSX."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs):  # noqa: ANN201 - argparse's parser
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = argparse.RawDescriptionHelpFormatter
        parser.epilog = EPILOG
        return parser

    def add_arguments(self, parser) -> None:  # noqa: ANN001 - argparse's parser
        parser.add_argument("file", type=Path, metavar="TỆP", help="Tệp CSV hoặc XLSX.")
        parser.add_argument(
            "--edition", required=True, metavar="MÃ_KỲ", help="Mã kỳ công bố, ví dụ par-2024-tinh."
        )
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra và báo cáo, không ghi gì.")

    def handle(self, *args, **options) -> None:
        edition = IndexEdition.objects.filter(slug=options["edition"]).first()
        if edition is None:
            known = ", ".join(IndexEdition.objects.values_list("slug", flat=True)) or "chưa có"
            raise CommandError(
                f"Không có kỳ công bố «{options['edition']}» (hiện có: {known}).", returncode=2
            )
        path: Path = options["file"]
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp {path}: {exc.strerror}.", returncode=2) from exc
        try:
            report = index_results_import(
                edition=edition, content=content, file_name=path.name, dry_run=options["dry_run"]
            )
        except ImportAborted as exc:
            raise CommandError(f"{path}: {exc}", returncode=2) from exc
        if report.errors:
            for error in report.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"Tệp bị từ chối: {len(report.errors)} lỗi; chưa ghi gì vào «{edition.slug}».", returncode=1
            )
        if report.dry_run:
            self.stdout.write(
                f"Tệp hợp lệ: {report.rows} dòng cho «{edition.slug}». Chưa ghi gì (--dry-run)."
            )
            return
        results_import_announce(report=report, user=None)
        done = f"Đã nhập {report.written} kết quả vào «{edition.slug}»"
        self.stdout.write(self.style.SUCCESS(f"{done} (thay {report.replaced} kết quả trước đó)."))
