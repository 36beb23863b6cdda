"""Document kinds, signers' titles and issuers (the Government and the ministries linked to their units)."""

from django.db import migrations

# (slug, name, abbreviation used in the document number)
KINDS = [
    ("hien-phap", "Hiến pháp", ""),
    ("bo-luat", "Bộ luật", ""),
    ("luat", "Luật", ""),
    ("phap-lenh", "Pháp lệnh", "PL"),
    ("lenh", "Lệnh", "L"),
    ("nghi-quyet", "Nghị quyết", "NQ"),
    ("nghi-dinh", "Nghị định", "NĐ"),
    ("quyet-dinh", "Quyết định", "QĐ"),
    ("thong-tu", "Thông tư", "TT"),
    ("thong-tu-lien-tich", "Thông tư liên tịch", "TTLT"),
    ("chi-thi", "Chỉ thị", "CT"),
    ("ke-hoach", "Kế hoạch", "KH"),
    ("huong-dan", "Hướng dẫn", "HD"),
    ("thong-bao", "Thông báo", "TB"),
    ("bao-cao", "Báo cáo", "BC"),
    ("cong-van", "Công văn", ""),
]

SIGNER_TITLES = [
    "Chủ tịch Quốc hội",
    "Phó Chủ tịch Quốc hội",
    "Chủ tịch nước",
    "Thủ tướng Chính phủ",
    "Phó Thủ tướng Chính phủ",
    "Bộ trưởng",
    "Thứ trưởng",
    "Thống đốc",
    "Phó Thống đốc",
    "Tổng Thanh tra Chính phủ",
    "Chủ tịch Ủy ban nhân dân",
    "Phó Chủ tịch Ủy ban nhân dân",
    "Vụ trưởng",
]

# (slug, name, unit code or "" for issuers that are not units of the PAR Index)
ISSUERS = [
    ("quoc-hoi", "Quốc hội", ""),
    ("uy-ban-thuong-vu-quoc-hoi", "Ủy ban Thường vụ Quốc hội", ""),
    ("chu-tich-nuoc", "Chủ tịch nước", ""),
    ("chinh-phu", "Chính phủ", "CP"),
    ("thu-tuong-chinh-phu", "Thủ tướng Chính phủ", "CP"),
    ("van-phong-chinh-phu", "Văn phòng Chính phủ", ""),
]


def load(apps, schema_editor):
    kind_model = apps.get_model("documents", "DocumentKind")
    for order, (slug, name, abbreviation) in enumerate(KINDS, start=1):
        kind_model.objects.update_or_create(
            slug=slug, defaults={"name": name, "abbreviation": abbreviation, "sort_order": order}
        )
    title_model = apps.get_model("documents", "SignerTitle")
    for name in SIGNER_TITLES:
        title_model.objects.get_or_create(name=name)
    unit_model = apps.get_model("units", "Unit")
    issuer_model = apps.get_model("documents", "Issuer")
    for slug, name, code in ISSUERS:
        unit = unit_model.objects.filter(code=code).first() if code else None
        issuer_model.objects.update_or_create(slug=slug, defaults={"name": name, "unit": unit})
    # Every ministry and ministerial-level agency, past and present, issues documents in its own name.
    for unit in unit_model.objects.filter(kind__in=["bo", "co_quan_ngang_bo"]):
        issuer_model.objects.update_or_create(
            slug=unit.code.lower(), defaults={"name": unit.name, "unit": unit}
        )


def unload(apps, schema_editor):
    apps.get_model("documents", "Issuer").objects.all().delete()
    apps.get_model("documents", "SignerTitle").objects.filter(name__in=SIGNER_TITLES).delete()
    apps.get_model("documents", "DocumentKind").objects.filter(slug__in=[s for s, _, _ in KINDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial"), ("units", "0002_load_units")]

    operations = [migrations.RunPython(load, unload)]
