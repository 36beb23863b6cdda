"""`python -m cms units_load`: (re)load the reference units, e.g. after `flush` emptied them."""

from django.core.management.base import BaseCommand

from cms.units.services import units_load


class Command(BaseCommand):
    help = "Nạp (lại) danh sách đơn vị và quan hệ kế thừa từ cms/units/data/."

    def handle(self, *args, **options):
        result = units_load()
        self.stdout.write(f"Đã nạp {result.units} đơn vị và {result.successions} quan hệ kế thừa.")
