"""Typed relations between documents, shown both ways, and the dated validity history."""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.models import Orderable

from cms.core.serializers import LabelField
from cms.documents.models.taxonomy import ValidityStatus


class RelationKind(models.TextChoices):
    """What the source document does to the target; INVERSE_LABELS says it from the target's side."""

    BASIS = "can-cu", "Căn cứ"
    GUIDES = "huong-dan", "Hướng dẫn"
    DETAILS = "quy-dinh-chi-tiet", "Quy định chi tiết"
    AMENDS = "sua-doi-bo-sung", "Sửa đổi, bổ sung"
    REPLACES = "thay-the", "Thay thế"
    REPEALS = "bai-bo", "Bãi bỏ"
    CORRECTS = "dinh-chinh", "Đính chính"
    CONSOLIDATES = "hop-nhat", "Hợp nhất"
    IMPLEMENTS = "trien-khai", "Triển khai thực hiện"


INVERSE_LABELS: dict[str, str] = {
    RelationKind.BASIS: "Là căn cứ của",
    RelationKind.GUIDES: "Được hướng dẫn bởi",
    RelationKind.DETAILS: "Được quy định chi tiết bởi",
    RelationKind.AMENDS: "Được sửa đổi, bổ sung bởi",
    RelationKind.REPLACES: "Bị thay thế bởi",
    RelationKind.REPEALS: "Bị bãi bỏ bởi",
    RelationKind.CORRECTS: "Được đính chính bởi",
    RelationKind.CONSOLIDATES: "Được hợp nhất bởi",
    RelationKind.IMPLEMENTS: "Được triển khai bởi",
}


class DocumentRelation(Orderable):
    """The source document (the page being edited) relates to a target document."""

    source = ParentalKey("documents.LegalDocumentPage", on_delete=models.CASCADE, related_name="relations")
    kind = models.CharField("Quan hệ", max_length=32, choices=RelationKind.choices)
    target = models.ForeignKey(
        "documents.LegalDocumentPage",
        verbose_name="Văn bản liên quan",
        on_delete=models.CASCADE,
        related_name="incoming_relations",
    )
    note = models.CharField("Ghi chú", max_length=255, blank=True, help_text="Ví dụ: Điều 3, khoản 2")

    panels = [FieldPanel("kind"), FieldPanel("target"), FieldPanel("note")]
    api_fields = [APIField("kind"), APIField("target"), APIField("note")]

    class Meta(Orderable.Meta):
        verbose_name = "Văn bản liên quan"
        verbose_name_plural = "Văn bản liên quan"
        constraints = [
            models.UniqueConstraint(fields=["source", "kind", "target"], name="unique_document_relation")
        ]

    @property
    def inverse_label(self) -> str:
        return INVERSE_LABELS[self.kind]


class ValidityEvent(Orderable):
    """One dated change of a document's validity (lịch sử hiệu lực)."""

    page = ParentalKey(
        "documents.LegalDocumentPage", on_delete=models.CASCADE, related_name="validity_history"
    )
    date = models.DateField("Ngày")
    status = models.CharField("Tình trạng", max_length=32, choices=ValidityStatus.choices)
    note = models.CharField(
        "Ghi chú", max_length=255, blank=True, help_text="Ví dụ: bị thay thế bởi văn bản nào"
    )

    panels = [FieldPanel("date"), FieldPanel("status"), FieldPanel("note")]
    api_fields = [
        APIField("date"),
        APIField("status"),
        APIField("status_label", serializer=LabelField(source="get_status_display")),
        APIField("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "Thay đổi hiệu lực"
        verbose_name_plural = "Lịch sử hiệu lực"
