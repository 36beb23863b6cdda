"""python -m cms load_index_demo: the published PAR Index and SIPAS figures (cms/indices/data/demo.json)."""

from django.core.management.base import BaseCommand

from cms.indices.demo import index_demo_load


class Command(BaseCommand):
    help = "Nạp số liệu Chỉ số CCHC và SIPAS đã công bố (chạy lại không tạo bản trùng)."

    def handle(self, *args, **options) -> None:
        loaded = index_demo_load()
        self.stdout.write(f"Đã nạp {loaded.editions} kỳ công bố với {loaded.results} kết quả của đơn vị.")
