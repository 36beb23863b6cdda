"""Document kinds, issuers, signers' titles and validity statuses."""

from django.db import models
from wagtail.admin.panels import FieldPanel


class ValidityStatus(models.TextChoices):
    """Tình trạng hiệu lực, as the national legal-document database (vbpl) names them."""

    IN_FORCE = "con-hieu-luc", "Còn hiệu lực"
    PARTLY_EXPIRED = "het-hieu-luc-mot-phan", "Hết hiệu lực một phần"
    EXPIRED = "het-hieu-luc-toan-bo", "Hết hiệu lực toàn bộ"
    NOT_YET = "chua-co-hieu-luc", "Chưa có hiệu lực"
    SUSPENDED = "ngung-hieu-luc", "Ngưng hiệu lực"


class DocumentKind(models.Model):
    """Loại văn bản: Luật, Nghị quyết, Nghị định, Quyết định, Thông tư, Công văn …"""

    name = models.CharField("Tên loại văn bản", max_length=100, unique=True)
    abbreviation = models.CharField(
        "Viết tắt trong số ký hiệu", max_length=20, blank=True, help_text="Ví dụ: QĐ, NĐ, TT"
    )
    slug = models.SlugField("Đường dẫn", max_length=100, unique=True)
    sort_order = models.PositiveSmallIntegerField("Thứ tự", default=0)

    panels = [FieldPanel("name"), FieldPanel("abbreviation"), FieldPanel("slug"), FieldPanel("sort_order")]

    class Meta:
        verbose_name = "Loại văn bản"
        verbose_name_plural = "Loại văn bản"
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class Issuer(models.Model):
    """Cơ quan ban hành: Quốc hội, Chính phủ, Thủ tướng, a ministry, a province's People's Committee."""

    name = models.CharField("Tên cơ quan ban hành", max_length=200, unique=True)
    slug = models.SlugField("Đường dẫn", max_length=100, unique=True)
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name="Đơn vị",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issuers",
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("unit")]

    class Meta:
        verbose_name = "Cơ quan ban hành"
        verbose_name_plural = "Cơ quan ban hành"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SignerTitle(models.Model):
    """Chức danh người ký: Bộ trưởng, Thứ trưởng, Thủ tướng, Chủ tịch Quốc hội …"""

    name = models.CharField("Chức danh", max_length=120, unique=True)

    panels = [FieldPanel("name")]

    class Meta:
        verbose_name = "Chức danh người ký"
        verbose_name_plural = "Chức danh người ký"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
