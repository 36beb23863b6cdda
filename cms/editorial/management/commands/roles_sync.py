"""`python -m cms roles_sync`: the workflow, the MoHA groups and every unit's groups, as after migrate."""

from django.core.management.base import BaseCommand

from cms.editorial.services import editorial_setup, roles_sync


class Command(BaseCommand):
    help = "Tạo hoặc cập nhật quy trình duyệt, nhóm biên tập, kiểm duyệt của Bộ Nội vụ và của từng đơn vị."

    def handle(self, *args, **options):
        workflow = editorial_setup()
        sections = roles_sync()
        self.stdout.write(
            f"Quy trình «{workflow.name}»; nhóm quyền của {sections} chuyên mục có đơn vị phụ trách."
        )
