"""Demo sections (sections.json) and news articles (news.json)."""

from datetime import date
from typing import Any

from wagtail.models import Page

from cms.core.demo.base import child_get, demo_data, publish_child, reform_areas, unit_named
from cms.core.models import SectionPage
from cms.news.models import NewsArticlePage

NEWS_ROOT = "tin-tuc"


def sections_ensure(*, home: Page, today: date) -> tuple[dict[str, SectionPage], int]:
    """The section tree under the home page: every demo section by slug, and how many were added."""
    found: dict[str, SectionPage] = {}
    added = 0

    def walk(parent: Page, specs: list[dict[str, Any]]) -> None:
        nonlocal added
        for spec in specs:
            section = child_get(parent, SectionPage, spec["slug"])
            if section is None:
                section = publish_child(
                    parent,
                    SectionPage(
                        title=spec["title"],
                        slug=spec["slug"],
                        summary=spec["summary"],
                        unit=unit_named(spec.get("unit"), on=today),
                    ),
                )
                added += 1
            found[spec["slug"]] = section
            walk(section, spec.get("children", []))

    walk(home, demo_data("sections.json")["sections"])
    return found, added


def articles_ensure(*, sections: dict[str, SectionPage]) -> int:
    """Create missing articles in their sections; returns how many were added.

    The first demo put every article straight under "Tin tức": such an article is moved into
    its sub-section and gets its unit, reform areas and tags, once.
    """
    news_root = sections[NEWS_ROOT]
    added = 0
    for item in demo_data("news.json"):
        section = sections[item["section"]]
        existing = NewsArticlePage.objects.descendant_of(news_root).filter(slug=item["slug"]).first()
        if existing is None:
            publish_child(section, _article_build(item))
            added += 1
        elif section.pk != news_root.pk and existing.get_parent().pk == news_root.pk:
            _article_upgrade(existing, item, section)
    return added


def _article_build(item: dict[str, Any]) -> NewsArticlePage:
    day = date.fromisoformat(item["date"])
    article = NewsArticlePage(
        title=item["title"],
        slug=item["slug"],
        summary=item["summary"],
        date=day,
        body=item["body"],
        unit=unit_named(item.get("unit"), on=day),
    )
    article.reform_areas.set(reform_areas(item.get("reform_areas", [])))
    article.tags.add(*item.get("tags", []))
    return article


def _article_upgrade(article: NewsArticlePage, item: dict[str, Any], section: SectionPage) -> None:
    article.move(section, pos="last-child")
    article = NewsArticlePage.objects.get(pk=article.pk)
    if article.unit is None:
        article.unit = unit_named(item.get("unit"), on=article.date)
    if not article.reform_areas.exists():
        article.reform_areas.set(reform_areas(item.get("reform_areas", [])))
    if not article.tags.exists():
        article.tags.add(*item.get("tags", []))
    article.save_revision().publish()
