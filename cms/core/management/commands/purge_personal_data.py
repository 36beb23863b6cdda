"""`python -m cms purge_personal_data [--dry-run]`: blank citizens' personal data past the retention period.

Every model that declares `personal_data_fields` (field names) and `retention_date_field` (the date
its retention period counts from) takes part. Rows are blanked with bulk updates in batches, each
batch its own transaction, so a long run can stop and start again: rows already blank are skipped.
"""

from collections.abc import Iterator
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone


def models_with_personal_data() -> Iterator[type[models.Model]]:
    for model in apps.get_models():
        if getattr(model, "personal_data_fields", None) and getattr(model, "retention_date_field", None):
            yield model


def _blank_value(field: models.Field):
    return None if field.null else ""


def _is_blank(field: models.Field) -> Q:
    if field.null:
        return Q(**{f"{field.name}__isnull": True}) | Q(**{field.name: ""})
    return Q(**{field.name: ""})


def expired_rows(model: type[models.Model], *, cutoff) -> models.QuerySet:
    """Rows older than the cutoff that still hold some personal data."""
    try:
        fields = [model._meta.get_field(name) for name in model.personal_data_fields]
        model._meta.get_field(model.retention_date_field)
    except FieldDoesNotExist as exc:
        raise CommandError(f"{model._meta.label}: trường khai báo không tồn tại ({exc}).") from exc
    all_blank = Q()
    for field in fields:
        all_blank &= _is_blank(field)
    return model._base_manager.filter(**{f"{model.retention_date_field}__lt": cutoff}).exclude(all_blank)


def purge(model: type[models.Model], *, cutoff, batch_size: int) -> Iterator[int]:
    """Blank the expired rows batch by batch; yields the number blanked after each batch."""
    blanks = {name: _blank_value(model._meta.get_field(name)) for name in model.personal_data_fields}
    done = 0
    while True:
        with transaction.atomic():
            pks = list(
                expired_rows(model, cutoff=cutoff).order_by("pk").values_list("pk", flat=True)[:batch_size]
            )
            if not pks:
                return
            done += model._base_manager.filter(pk__in=pks).update(**blanks)
        yield done


class Command(BaseCommand):
    help = "Xóa (để trống) thông tin cá nhân của người dân đã quá thời hạn lưu giữ."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Chỉ đếm số bản ghi sẽ bị xóa thông tin, không thay đổi gì.",
        )
        parser.add_argument("--batch-size", type=int, default=1000, help="Số bản ghi mỗi lượt cập nhật.")

    def handle(self, *args, dry_run: bool, batch_size: int, **options):
        if batch_size < 1:
            raise CommandError("--batch-size phải lớn hơn 0.")
        days = settings.CCHC_PERSONAL_DATA_RETENTION_DAYS
        cutoff = timezone.now() - timedelta(days=days)
        self.stdout.write(f"Thời hạn lưu giữ: {days} ngày; xóa thông tin gửi trước {cutoff:%d/%m/%Y %H:%M}.")
        total = 0
        for model in models_with_personal_data():
            name = f"{model._meta.verbose_name_plural} ({model._meta.label})"
            pending = expired_rows(model, cutoff=cutoff).count()
            if dry_run or not pending:
                self.stdout.write(f"{name}: {pending} bản ghi {'sẽ bị' if dry_run else 'cần'} xóa thông tin.")
                total += pending
                continue
            done = 0
            for done in purge(model, cutoff=cutoff, batch_size=batch_size):
                self.stdout.write(f"{name}: {done}/{pending}")
            self.stdout.write(f"{name}: đã xóa thông tin cá nhân của {done} bản ghi.")
            total += done
        verb = "sẽ bị xóa" if dry_run else "đã được xóa"
        self.stdout.write(self.style.SUCCESS(f"Tổng cộng {total} bản ghi {verb} thông tin cá nhân."))
