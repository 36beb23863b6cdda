"""A consultation page: the draft by article, its dates, the body in charge and the outcome."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from cms.consultations.blocks import DraftBlock
from cms.core.models import BODY_FEATURES, Attachment, BasePage
from cms.core.serializers import AttrsField


class ConsultationStatus(models.TextChoices):
    UPCOMING = "sap-mo", "Sắp lấy ý kiến"
    OPEN = "dang-lay-y-kien", "Đang lấy ý kiến"
    CLOSED = "da-ket-thuc", "Đã kết thúc"


class ConsultationPage(BasePage):
    """Dự thảo xin ý kiến: open between two dates; opinions point at one article."""

    drafting_unit = models.ForeignKey(
        "units.Unit", verbose_name="Cơ quan chủ trì soạn thảo", on_delete=models.PROTECT, related_name="+"
    )
    opens_at = models.DateTimeField("Bắt đầu lấy ý kiến")
    closes_at = models.DateTimeField("Kết thúc lấy ý kiến")
    introduction = RichTextField("Giới thiệu dự thảo", features=BODY_FEATURES, blank=True)
    draft = StreamField(DraftBlock(), verbose_name="Nội dung dự thảo")
    outcome_report = RichTextField(
        "Báo cáo tiếp thu, giải trình",
        features=BODY_FEATURES,
        blank=True,
        help_text="Công bố sau khi kết thúc lấy ý kiến.",
    )

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [FieldPanel("drafting_unit"), FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")])],
            heading="Thông tin lấy ý kiến",
        ),
        FieldPanel("introduction"),
        FieldPanel("draft"),
        InlinePanel("files", heading="Tệp dự thảo", label="Tệp"),
        FieldPanel("outcome_report"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("introduction"),
        index.FilterField("closes_at"),
    ]
    api_fields = BasePage.api_fields + [
        APIField("drafting_unit", serializer=AttrsField("code", "name")),
        APIField("opens_at"),
        APIField("closes_at"),
        APIField("status"),
        APIField("status_label"),
        APIField("introduction"),
        APIField("draft"),
        APIField("files"),
        APIField("outcome_report"),
    ]
    parent_page_types = ["core.SectionPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "Dự thảo lấy ý kiến"
        verbose_name_plural = "Dự thảo lấy ý kiến"

    def status_on(self, moment=None) -> ConsultationStatus:
        moment = moment or timezone.now()
        if moment < self.opens_at:
            return ConsultationStatus.UPCOMING
        return ConsultationStatus.OPEN if moment < self.closes_at else ConsultationStatus.CLOSED

    @property
    def status(self) -> str:
        return self.status_on().value

    @property
    def status_label(self) -> str:
        return self.status_on().label

    def article_ids(self) -> set[str]:
        """Block ids of the draft's articles: what an opinion may point at."""
        return {block.id for block in self.draft if block.block_type == "article"}

    def clean(self) -> None:
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": "Thời điểm kết thúc phải sau thời điểm bắt đầu lấy ý kiến."})


class ConsultationFile(Attachment):
    page = ParentalKey(ConsultationPage, on_delete=models.CASCADE, related_name="files")

    class Meta(Attachment.Meta):
        verbose_name = "Tệp dự thảo"
