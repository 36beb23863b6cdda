"""Writes for the site tree: the home page and the demo content."""

import json
import secrets
from datetime import date
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from cms.core.models import HomePage, SectionPage
from cms.news.models import NewsArticlePage
from cms.search.analysis import normalize

DEMO_DIR = Path(__file__).resolve().parent / "demo"


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


def _publish_child(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@transaction.atomic
def demo_content_load() -> int:
    """Create the demo sections and news (idempotent); returns how many articles were added."""
    home = home_page_ensure()
    news_index = SectionPage.objects.child_of(home).filter(slug="tin-tuc").first()
    if news_index is None:
        news_index = _publish_child(
            home, SectionPage(title="Tin tức", slug="tin-tuc", summary="Tin hoạt động cải cách hành chính.")
        )
    items = json.loads((DEMO_DIR / "news.json").read_text(encoding="utf-8"))
    existing = set(NewsArticlePage.objects.child_of(news_index).values_list("slug", flat=True))
    added = 0
    for item in items:
        if item["slug"] in existing:
            continue
        article = NewsArticlePage(
            title=normalize(item["title"]),
            slug=item["slug"],
            summary=normalize(item["summary"]),
            date=date.fromisoformat(item["date"]),
            body=normalize(item["body"]),
        )
        _publish_child(news_index, article)
        added += 1
    return added


def demo_editor_ensure(*, username: str = "bientap", password: str | None = None) -> tuple[str, str]:
    """A local-only editor account with a fresh password each run; never created in production."""
    password = password or secrets.token_urlsafe(12)
    user, _ = get_user_model().objects.get_or_create(
        username=username, defaults={"email": "bientap@localhost"}
    )
    user.is_staff = True
    user.is_superuser = True
    user.set_password(password)
    user.save()
    return username, password
