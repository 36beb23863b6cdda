"""`python -m cms pull_search_index [--watch SECONDS]`: install the search index the bucket points at."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.publish.config import BuildConfig, BuildError
from cms.publish.deploy import make_s3_client
from cms.publish.index_ship import pull


class Command(BaseCommand):
    help = "Tải chỉ mục tìm kiếm mới nhất từ kho (S3) về máy chủ API và dùng ngay, không cần khởi động lại."

    def add_arguments(self, parser):
        parser.add_argument("--watch", type=float, metavar="GIÂY", help="kiểm tra lặp lại sau mỗi khoảng này")

    def handle(self, *args, watch=None, **options):
        config = BuildConfig.from_env()
        if not config.s3_bucket:
            raise CommandError("Chưa đặt S3_BUCKET: không biết tải chỉ mục từ kho nào.")
        client = make_s3_client(config)
        while True:
            try:
                installed = pull(config, client, settings.SEARCH_INDEX_DIR)
            except BuildError as exc:
                raise CommandError(str(exc)) from exc
            if installed:
                self.stdout.write(self.style.SUCCESS(f"Đã cài chỉ mục {installed}."))
            elif not watch:
                self.stdout.write("Chỉ mục đã là bản mới nhất.")
            if not watch:
                return
            time.sleep(watch)
