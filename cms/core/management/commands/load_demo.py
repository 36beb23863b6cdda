"""`python -m cms load_demo`: demo home page, news and a local editor account."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.core.services import demo_content_load, demo_editor_ensure


class Command(BaseCommand):
    help = "Nạp nội dung mẫu và tạo tài khoản biên tập viên dùng cục bộ."

    def add_arguments(self, parser):
        parser.add_argument("--no-user", action="store_true", help="không tạo tài khoản biên tập")

    def handle(self, *args, no_user=False, **options):
        if settings.SETTINGS_MODULE.endswith(".production"):
            raise CommandError("Không nạp dữ liệu mẫu trên môi trường production.")
        added = demo_content_load()
        self.stdout.write(f"Đã thêm {added} tin bài mẫu.")
        if not no_user:
            username, password = demo_editor_ensure()
            self.stdout.write(
                self.style.SUCCESS(
                    "Tài khoản biên tập (chỉ dùng cục bộ): "
                    f"tên đăng nhập «{username}», mật khẩu «{password}» — http://127.0.0.1:8000/admin/"
                )
            )
