"""Writes for the site tree: the home page and the demo content."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from cms.core.demo.documents import documents_ensure
from cms.core.demo.news import articles_ensure, sections_ensure
from cms.core.demo.pages import about_page_ensure, consultation_ensure, questions_ensure
from cms.core.models import HomePage
from cms.indices.demo import index_demo_load
from cms.surveys.demo import surveys_demo_ensure


@transaction.atomic
def home_page_ensure() -> HomePage:
    """The site's HomePage, replacing Wagtail's placeholder welcome page on first run."""
    home = HomePage.objects.first()
    if home is not None:
        return home
    root = Page.get_first_root_node() or _tree_root_create()
    for placeholder in root.get_children().filter(content_type__model="page", slug="home"):
        placeholder.delete()
    home = root.add_child(
        instance=HomePage(
            title="Cổng thông tin Cải cách hành chính",
            slug="home",
            summary="Thông tin về cải cách hành chính nhà nước, Chỉ số CCHC và Chỉ số hài lòng.",
        )
    )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="CCHC"
        )
    else:
        site.root_page = home
        site.save()
    return home


def _tree_root_create() -> Page:
    """Wagtail's migrations make the tree root; recreate it if a database flush removed it."""
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    return Page.add_root(
        instance=Page(title="Root", slug="root", content_type=ContentType.objects.get_for_model(Page))
    )


@transaction.atomic
def demo_content_load() -> int:
    """Load the demo portal (idempotent); returns how many pages were added.

    Sections and news, the legal-document database with its relations, an open consultation,
    answered questions and the "Giới thiệu" page, from the JSON files in cms/core/demo/. Pages that
    exist (by slug; documents by number and issuer) are left as they are, so a second run adds
    nothing and a database holding an earlier demo only gets the missing parts.
    """
    home = home_page_ensure()
    sections, added = sections_ensure(home=home, today=timezone.localdate())
    added += articles_ensure(sections=sections)
    added += documents_ensure(home=home)
    added += consultation_ensure(sections=sections, now=timezone.now())
    added += questions_ensure(home=home)
    added += about_page_ensure(home=home)
    added += surveys_demo_ensure(home=home, now=timezone.now())
    index_demo_load()  # the published PAR Index and SIPAS figures (cms/indices/data/demo.json)
    return added
