"""python -m cms import_documents FILE: bulk import of legal documents from CSV or JSON."""

import argparse
from functools import partial
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from cms.builds.models import BuildRequest
from cms.builds.services import build_request_enqueue, build_requests_suppressed
from cms.documents.importing import (
    ImportAborted,
    ImportResult,
    columns_help,
    documents_import,
    rejects_write,
    summary_lines,
)
from cms.publish.progress import track

EPILOG = f"""Cột (CSV có dòng tiêu đề, UTF-8 có hoặc không có BOM; JSON là danh sách đối tượng
hoặc {{"documents": [...]}} với cùng tên trường):
{columns_help()}

Mỗi dòng được nhập trọn vẹn hoặc không gì cả; văn bản đã có (cùng số ký hiệu và cơ quan ban hành)
được cập nhật, không nhân đôi. Cột thiếu thì giữ nguyên giá trị cũ; có cột quan_he hoặc
lich_su_hieu_luc thì thay toàn bộ quan hệ hoặc lịch sử hiệu lực của văn bản.
Mã thoát: 0 thành công, 1 có dòng bị từ chối, 2 không đọc được tệp.
Chi tiết: docs/import_documents.md"""


class Command(BaseCommand):
    help = "Nhập hàng loạt văn bản pháp luật từ tệp CSV hoặc JSON."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs):  # noqa: ANN201 - argparse's parser
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = argparse.RawDescriptionHelpFormatter
        parser.epilog = EPILOG
        return parser

    def add_arguments(self, parser) -> None:  # noqa: ANN001 - argparse's parser
        parser.add_argument("file", type=Path, metavar="TỆP", help="Tệp CSV hoặc JSON cần nhập.")
        parser.add_argument(
            "--attachments", type=Path, metavar="THƯ_MỤC", help="Thư mục chứa các tệp ghi ở cột tep_dinh_kem."
        )
        parser.add_argument(
            "--parent",
            metavar="ID_HOẶC_ĐƯỜNG_DẪN",
            help="Id hoặc đường dẫn (/van-ban/) của trang Cơ sở dữ liệu văn bản nhận văn bản mới.",
        )
        parser.add_argument(
            "--draft", action="store_true", help="Lưu thành bản nháp để biên tập viên duyệt, không xuất bản."
        )
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra và báo cáo, không ghi gì.")
        parser.add_argument(
            "--rejects", type=Path, metavar="TỆP", help="Ghi các dòng bị từ chối kèm lý do ra tệp CSV này."
        )
        parser.add_argument(
            "--user",
            metavar="TÊN_ĐĂNG_NHẬP",
            help="Tên đăng nhập ghi vào lịch sử phiên bản (mặc định: hệ thống).",
        )

    def handle(self, *args, **options) -> None:
        if options["attachments"] and not options["attachments"].is_dir():
            raise CommandError(f"Không có thư mục {options['attachments']}.", returncode=2)
        quiet = options["verbosity"] == 0
        user = self._user(options["user"])
        try:
            # One build for the whole import, queued below, rather than one per published page.
            with build_requests_suppressed():
                result = documents_import(
                    path=options["file"],
                    attachments_dir=options["attachments"],
                    parent=options["parent"],
                    publish=not options["draft"],
                    dry_run=options["dry_run"],
                    user=user,
                    progress=partial(track, quiet=quiet),
                )
        except ImportAborted as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self._queue_build(result, user=user, published=not options["draft"])
        if options["rejects"]:
            rejects_write(result, options["rejects"])
        for line in summary_lines(result):
            self.stdout.write(line)
        if result.rejected:
            raise CommandError(f"Có {result.rejected} dòng bị từ chối.", returncode=1)

    def _queue_build(self, result: ImportResult, *, user: object | None, published: bool) -> None:
        """Publish on save: the import's fast path sends no page signal, so it queues one build itself."""
        changed = result.created + result.updated
        if result.dry_run or not published or not changed:
            return
        build_request_enqueue(
            action=BuildRequest.Action.IMPORT, page_title=f"{changed} văn bản được nhập", user=user
        )

    def _user(self, username: str | None) -> object | None:
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có người dùng «{username}».", returncode=2)
        return user
