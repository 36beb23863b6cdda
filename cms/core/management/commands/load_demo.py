"""`python -m cms load_demo`: demo home page, sections and content, and local accounts for each role."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.core.services import demo_content_load
from cms.editorial.services import demo_accounts_ensure, editorial_setup, roles_sync


class Command(BaseCommand):
    help = "Nạp nội dung mẫu và tạo các tài khoản dùng cục bộ (quản trị, biên tập, kiểm duyệt)."

    def add_arguments(self, parser):
        parser.add_argument("--no-user", action="store_true", help="không tạo tài khoản")

    def handle(self, *args, no_user=False, **options):
        if settings.SETTINGS_MODULE.endswith(".production"):
            raise CommandError("Không nạp dữ liệu mẫu trên môi trường production.")
        added = demo_content_load()
        self.stdout.write(f"Đã thêm {added} trang mẫu.")
        editorial_setup()
        sections = roles_sync()
        self.stdout.write(
            f"Quy trình duyệt hai bước; nhóm quyền cho {sections} chuyên mục có đơn vị phụ trách."
        )
        if no_user:
            return
        self.stdout.write(self.style.SUCCESS("Tài khoản dùng cục bộ — http://127.0.0.1:8000/admin/"))
        for username, password, role in demo_accounts_ensure():
            self.stdout.write(
                self.style.SUCCESS(f"  {role}: tên đăng nhập «{username}», mật khẩu «{password}»")
            )
        self.stdout.write(
            "Biên tập viên gửi duyệt; kiểm duyệt viên (người thứ hai) duyệt thì trang mới được xuất bản."
        )
