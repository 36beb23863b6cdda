"""The abstract base page, the home page, sections, standard pages and CCHC reform areas."""

from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.core.serializers import AttrsField

BODY_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link", "blockquote", "hr"]


class ReformArea(models.Model):
    """A field of administrative reform (lĩnh vực CCHC), as the PAR Index groups its criteria."""

    name = models.CharField("Tên lĩnh vực", max_length=200, unique=True)
    slug = models.SlugField("Đường dẫn", max_length=100, unique=True)
    sort_order = models.PositiveSmallIntegerField("Thứ tự", default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]

    class Meta:
        verbose_name = "Lĩnh vực CCHC"
        verbose_name_plural = "Lĩnh vực CCHC"
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class Attachment(Orderable):
    """A file attached to a page (original PDF/DOC, draft files …), shown with an optional label."""

    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name="Tệp", on_delete=models.PROTECT, related_name="+"
    )
    label = models.CharField("Tên hiển thị", max_length=255, blank=True)

    panels = [FieldPanel("document"), FieldPanel("label")]
    api_fields = [APIField("document"), APIField("label")]

    class Meta(Orderable.Meta):
        abstract = True


class OpenPeriodMixin:
    """A page that takes citizens' input between `opens_at` and `closes_at` (consultations, surveys).

    `period_status` is its TextChoices with UPCOMING, OPEN and CLOSED.
    """

    period_status: type[models.TextChoices]

    def status_on(self, moment=None):
        moment = moment or timezone.now()
        if moment < self.opens_at:
            return self.period_status.UPCOMING
        return self.period_status.OPEN if moment < self.closes_at else self.period_status.CLOSED

    @property
    def status(self) -> str:
        return self.status_on().value

    @property
    def status_label(self) -> str:
        return self.status_on().label


class BasePage(Page):
    """Fields every public page has: a plain-text summary used in listings, feeds and search."""

    summary = models.TextField("Tóm tắt", max_length=600, blank=True)

    content_panels = Page.content_panels + [FieldPanel("summary")]
    search_fields = Page.search_fields + [index.SearchField("summary", boost=2)]
    api_fields = [APIField("summary"), APIField("last_published_at")]

    class Meta:
        abstract = True

    def serve_preview(self, request, mode_name):
        """Show the page as the static site will: export's Markdown rendered by Pelican with the theme."""
        from cms.publish.preview import page_preview_response

        return page_preview_response(self, request)


class HomePage(BasePage):
    """The portal's home page: root of every section."""

    intro = RichTextField("Lời giới thiệu", blank=True, features=["bold", "italic", "link"])

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    api_fields = BasePage.api_fields + [APIField("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "core.SectionPage",
        "core.StandardPage",
        "documents.DocumentIndexPage",
        "qa.QuestionIndexPage",
        "surveys.SurveyPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = "Trang chủ"


class SectionPage(BasePage):
    """A section (chuyên mục) of the portal; sections nest, and a unit's editors own its section."""

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name="Đơn vị phụ trách",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sections",
        help_text="Biên tập viên của đơn vị này được quyền soạn thảo trong chuyên mục.",
    )

    content_panels = BasePage.content_panels + [FieldPanel("unit")]
    api_fields = BasePage.api_fields + [APIField("unit", serializer=AttrsField("code", "name"))]
    parent_page_types = ["core.HomePage", "core.SectionPage"]
    subpage_types = [
        "core.SectionPage",
        "core.StandardPage",
        "news.NewsArticlePage",
        "documents.DocumentIndexPage",
        "consultations.ConsultationPage",
        "surveys.SurveyPage",
    ]

    class Meta:
        verbose_name = "Chuyên mục"
        verbose_name_plural = "Chuyên mục"


class StandardPage(BasePage):
    """A plain page (giới thiệu, liên hệ, hướng dẫn …)."""

    body = RichTextField("Nội dung", features=BODY_FEATURES)

    content_panels = BasePage.content_panels + [FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]
    api_fields = BasePage.api_fields + [APIField("body")]
    parent_page_types = ["core.HomePage", "core.SectionPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "Trang thông tin"
        verbose_name_plural = "Trang thông tin"
