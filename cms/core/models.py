"""The abstract base page every content type extends, and the site's home page."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class BasePage(Page):
    """Fields every public page has: a plain-text summary used in listings, feeds and search."""

    summary = models.TextField("Tóm tắt", max_length=600, blank=True)

    content_panels = Page.content_panels + [FieldPanel("summary")]
    search_fields = Page.search_fields + [index.SearchField("summary", boost=2)]
    api_fields = [APIField("summary")]

    class Meta:
        abstract = True


class HomePage(BasePage):
    """The portal's home page: root of every section."""

    intro = RichTextField("Lời giới thiệu", blank=True, features=["bold", "italic", "link"])

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    api_fields = BasePage.api_fields + [APIField("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["news.NewsIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = "Trang chủ"
