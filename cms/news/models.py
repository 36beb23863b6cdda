"""News section and news articles."""

from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.search import index

from cms.core.models import BasePage

BODY_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link", "blockquote"]


class NewsIndexPage(BasePage):
    """A news section (chuyên mục tin tức); its articles are listed on the static site."""

    parent_page_types = ["core.HomePage"]
    subpage_types = ["news.NewsArticlePage"]

    class Meta:
        verbose_name = "Chuyên mục tin tức"
        verbose_name_plural = "Chuyên mục tin tức"


class NewsArticlePage(BasePage):
    """One CCHC news article."""

    date = models.DateField("Ngày đăng", default=timezone.localdate)
    body = RichTextField("Nội dung", features=BODY_FEATURES)

    content_panels = BasePage.content_panels + [FieldPanel("date"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body"), index.FilterField("date")]
    api_fields = BasePage.api_fields + [APIField("date"), APIField("body")]
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "Tin bài"
        verbose_name_plural = "Tin bài"
