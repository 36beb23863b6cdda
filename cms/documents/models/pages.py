"""The document database's index page and the legal document page with vbpl-style metadata."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.db.models.functions import ExtractYear, Lower
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.search import index

from cms.core.models import BODY_FEATURES, Attachment, BasePage
from cms.core.serializers import AttrsField, LabelField
from cms.documents.models.taxonomy import ValidityStatus
from cms.documents.serializers import IncomingRelationsField, OutgoingRelationsField

# 876/QĐ-BNV · 202/2025/QH15 · 34/2017/NĐ-CP · 23/BNV-CCHC · 13/CT-TTg
NUMBER_PATTERN = re.compile(r"^\d{1,6}[a-z]?/(\d{4}/)?[A-ZĐ][A-Za-zĐđ0-9]*(-[A-ZĐ][A-Za-zĐđ0-9]*)*$")


def normalize_number(value: str) -> str:
    """Số ký hiệu in canonical form: NFC, no spaces (editors paste "876 / QĐ-BNV")."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", value or ""))


class Scope(models.TextChoices):
    NATIONAL = "toan-quoc", "Toàn quốc"
    SECTOR = "bo-nganh", "Bộ, ngành"
    LOCAL = "dia-phuong", "Địa phương"


class DocumentIndexPage(BasePage):
    """A folder of the document database; a unit's documents live under its own section."""

    parent_page_types = ["core.HomePage", "core.SectionPage"]
    subpage_types = ["documents.LegalDocumentPage"]

    class Meta:
        verbose_name = "Cơ sở dữ liệu văn bản"
        verbose_name_plural = "Cơ sở dữ liệu văn bản"


class LegalDocumentPage(BasePage):
    """One legal document of the online database, with vbpl-style metadata."""

    number = models.CharField("Số ký hiệu", max_length=64, help_text="Ví dụ: 876/QĐ-BNV, 202/2025/QH15")
    kind = models.ForeignKey("documents.DocumentKind", on_delete=models.PROTECT, verbose_name="Loại văn bản")
    issuer = models.ForeignKey("documents.Issuer", on_delete=models.PROTECT, verbose_name="Cơ quan ban hành")
    signer_name = models.CharField("Người ký", max_length=120, blank=True)
    signer_title = models.ForeignKey(
        "documents.SignerTitle",
        verbose_name="Chức danh người ký",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    issued_on = models.DateField("Ngày ban hành")
    effective_on = models.DateField("Ngày có hiệu lực", null=True, blank=True)
    expires_on = models.DateField("Ngày hết hiệu lực", null=True, blank=True)
    status = models.CharField(
        "Tình trạng hiệu lực", max_length=32, choices=ValidityStatus.choices, default=ValidityStatus.IN_FORCE
    )
    reform_areas = ParentalManyToManyField("core.ReformArea", verbose_name="Lĩnh vực CCHC", blank=True)
    scope = models.CharField("Phạm vi", max_length=16, choices=Scope.choices, default=Scope.NATIONAL)
    unit = models.ForeignKey(
        "units.Unit", verbose_name="Đơn vị", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    body = RichTextField("Toàn văn", features=BODY_FEATURES, blank=True)

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("number"), FieldPanel("kind")]),
                FieldPanel("issuer"),
                FieldRowPanel([FieldPanel("signer_name"), FieldPanel("signer_title")]),
                FieldRowPanel(
                    [FieldPanel("issued_on"), FieldPanel("effective_on"), FieldPanel("expires_on")]
                ),
                FieldRowPanel([FieldPanel("status"), FieldPanel("scope")]),
                FieldPanel("unit"),
                FieldPanel("reform_areas"),
            ],
            heading="Thuộc tính văn bản",
        ),
        FieldPanel("body"),
        InlinePanel("files", heading="Tệp văn bản gốc (PDF/DOC)", label="Tệp"),
        InlinePanel("relations", heading="Văn bản liên quan", label="Quan hệ"),
        InlinePanel("validity_history", heading="Lịch sử hiệu lực", label="Thay đổi"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("number", boost=4),
        index.AutocompleteField("number"),
        index.SearchField("body"),
        index.FilterField("status"),
        index.FilterField("issued_on"),
        index.FilterField("kind_id"),
        index.FilterField("issuer_id"),
    ]
    api_fields = BasePage.api_fields + [
        APIField("number"),
        APIField("kind", serializer=AttrsField("slug", "name", "abbreviation")),
        APIField("issuer", serializer=AttrsField("slug", "name")),
        APIField("signer_name"),
        APIField("signer_title", serializer=AttrsField("name")),
        APIField("issued_on"),
        APIField("effective_on"),
        APIField("expires_on"),
        APIField("status"),
        APIField("status_label", serializer=LabelField(source="get_status_display")),
        APIField("scope"),
        APIField("scope_label", serializer=LabelField(source="get_scope_display")),
        APIField("unit", serializer=AttrsField("code", "name")),
        APIField("reform_areas", serializer=AttrsField("slug", "name")),
        APIField("body"),
        APIField("files"),
        APIField("relations", serializer=OutgoingRelationsField()),
        APIField("related_from", serializer=IncomingRelationsField()),
        APIField("validity_history"),
    ]
    # Read in bulk by the API listing (cms/api/pages.py): export lists every document.
    api_select_related = ("kind", "issuer", "signer_title", "unit")

    @staticmethod
    def api_prefetch_related() -> list:
        from cms.documents.models.relations import DocumentRelation

        return [
            "reform_areas",
            "files__document",
            "validity_history",
            Prefetch("relations", queryset=DocumentRelation.objects.select_related("target")),
            Prefetch("incoming_relations", queryset=DocumentRelation.objects.select_related("source")),
        ]

    parent_page_types = ["documents.DocumentIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "Văn bản"
        verbose_name_plural = "Văn bản"
        indexes = [models.Index(fields=["number"])]
        constraints = [
            # clean() explains the same rule in Vietnamese; this holds it against concurrent writers.
            models.UniqueConstraint(
                Lower("number"),
                "issuer",
                ExtractYear("issued_on"),
                name="documents_number_issuer_year_uniq",
                violation_error_message="Cơ quan ban hành đã có văn bản cùng số ký hiệu trong năm.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} – {self.title}" if self.number else self.title

    def clean(self) -> None:
        super().clean()
        self.number = normalize_number(self.number)
        errors: dict[str, str] = {}
        if self.number and not NUMBER_PATTERN.match(self.number):
            errors["number"] = (
                "Số ký hiệu không đúng định dạng (ví dụ: 876/QĐ-BNV, 202/2025/QH15, 23/BNV-CCHC)."
            )
        elif self.number and self.issuer_id and self.issued_on and self._number_taken():
            errors["number"] = (
                f"Cơ quan ban hành này đã có văn bản số {self.number} ban hành năm {self.issued_on.year}."
            )
        if self.issued_on and self.effective_on and self.effective_on < self.issued_on:
            errors["effective_on"] = "Ngày có hiệu lực không được trước ngày ban hành."
        start = self.effective_on or self.issued_on
        if start and self.expires_on and self.expires_on <= start:
            errors["expires_on"] = "Ngày hết hiệu lực phải sau ngày có hiệu lực (hoặc ngày ban hành)."
        if errors:
            raise ValidationError(errors)

    def _number_taken(self) -> bool:
        """Numbers restart every year (76/NQ-CP of 2013 and of 2021 are different resolutions)."""
        same = LegalDocumentPage.objects.filter(
            number__iexact=self.number, issuer_id=self.issuer_id, issued_on__year=self.issued_on.year
        )
        return same.exclude(pk=self.pk).exists() if self.pk else same.exists()


class LegalDocumentFile(Attachment):
    """An original file of the document (PDF, DOC …) as issued."""

    page = ParentalKey(LegalDocumentPage, on_delete=models.CASCADE, related_name="files")

    class Meta(Attachment.Meta):
        verbose_name = "Tệp văn bản"
        verbose_name_plural = "Tệp văn bản"
