"""The seven reform areas of the PAR Index (Quyết định số 876/QĐ-BNV, shared/domain.md §2.2)."""

from django.db import migrations

AREAS = [
    ("chi-dao-dieu-hanh", "Công tác chỉ đạo, điều hành cải cách hành chính"),
    ("the-che", "Cải cách thể chế"),
    ("thu-tuc-hanh-chinh", "Cải cách thủ tục hành chính"),
    ("to-chuc-bo-may", "Cải cách tổ chức bộ máy hành chính"),
    ("che-do-cong-vu", "Cải cách chế độ công vụ"),
    ("tai-chinh-cong", "Cải cách tài chính công"),
    ("chinh-phu-so", "Xây dựng, phát triển Chính phủ điện tử, Chính phủ số"),
]


def load(apps, schema_editor):
    area_model = apps.get_model("core", "ReformArea")
    for order, (slug, name) in enumerate(AREAS, start=1):
        area_model.objects.update_or_create(slug=slug, defaults={"name": name, "sort_order": order})


def unload(apps, schema_editor):
    apps.get_model("core", "ReformArea").objects.filter(slug__in=[slug for slug, _ in AREAS]).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
