"""News articles of a section: unit, reform areas, tags, lead image and attachments."""

from django.db import models
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.search import index

from cms.core.models import BODY_FEATURES, Attachment, BasePage
from cms.core.serializers import AttrsField


class NewsArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.NewsArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsArticlePage(BasePage):
    """One CCHC news article."""

    date = models.DateField("Ngày đăng", default=timezone.localdate)
    unit = models.ForeignKey(
        "units.Unit", verbose_name="Đơn vị", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reform_areas = ParentalManyToManyField("core.ReformArea", verbose_name="Lĩnh vực CCHC", blank=True)
    tags = ClusterTaggableManager("Từ khóa", through=NewsArticleTag, blank=True)
    lead_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="Ảnh đại diện",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = RichTextField("Nội dung", features=BODY_FEATURES)

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("unit"), FieldPanel("reform_areas"), FieldPanel("tags")],
            heading="Thông tin tin bài",
        ),
        FieldPanel("lead_image"),
        FieldPanel("body"),
        InlinePanel("attachments", heading="Tệp đính kèm", label="Tệp"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("body"), index.FilterField("date")]
    api_fields = BasePage.api_fields + [
        APIField("date"),
        APIField("unit", serializer=AttrsField("code", "name")),
        APIField("reform_areas", serializer=AttrsField("slug", "name")),
        APIField("tags"),
        APIField("lead_image", serializer=ImageRenditionField("width-1200")),
        APIField("body"),
        APIField("attachments"),
    ]
    api_select_related = ("unit", "lead_image")

    @staticmethod
    def api_prefetch_related() -> list:
        return ["reform_areas", "tagged_items__tag", "attachments__document"]

    parent_page_types = ["core.SectionPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "Tin bài"
        verbose_name_plural = "Tin bài"


class NewsAttachment(Attachment):
    page = ParentalKey(NewsArticlePage, on_delete=models.CASCADE, related_name="attachments")

    class Meta(Attachment.Meta):
        verbose_name = "Tệp đính kèm"
