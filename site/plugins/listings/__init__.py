"""Pelican plugin: paginated listings, document browse pages and news feeds, all through Pelican's writer.

- A section, the document index and the question index are written here, not by Pelican's pages
  generator, so that their lists are paginated (`<url>trang-2/`, per PAGINATED_TEMPLATES) with
  rel=prev/next: a section lists its consultations and its news (sub-sections' too), the document
  index its documents, the question index its answered questions.
- Below each document index: one page per facet (`van-ban/loai/`) and per facet value
  (`van-ban/loai/quyet-dinh/`, paginated), see browse.py; the index page gets `page.facets`.
- Atom and RSS feeds of all news (NEWS_FEED_ATOM, NEWS_FEED_RSS) and of each section with news
  (SECTION_FEED_ATOM, SECTION_FEED_RSS, "{url}" = the section's URL), with absolute links
  (PUBLIC_SITEURL, also when SITEURL is empty in development) and xml:lang="vi".

What was planned is kept in the context: LISTING_OUTPUTS [(save_as, url, items)] for the sitemap.
"""

import logging
from dataclasses import dataclass, field
from typing import Any

from pelican import signals
from pelican.generators import ArticlesGenerator, Generator, PagesGenerator
from pelican.paginator import Paginator

from .browse import facet_groups, newest_documents

logger = logging.getLogger(__name__)

LISTING_TEMPLATES = ("section", "document_index", "question_index")


@dataclass
class Listing:
    """One listing to write: paginated (items per PAGINATED_TEMPLATES[template]) or a single page."""

    save_as: str
    url: str
    template: str
    items: list
    kwargs: dict[str, Any] = field(default_factory=dict)
    paginated: bool = True


@dataclass(frozen=True)
class Feed:
    path: str
    feed_type: str
    title: str | None
    items: list


def _data(content: Any) -> dict[str, Any]:
    return getattr(content, "data", None) or {}


def _of_type(page: Any, kind: str) -> list[Any]:
    return [child for child in getattr(page, "children", []) if _data(child).get("type") == kind]


def _items(page: Any) -> list[Any]:
    """What a listing page paginates, in the order shown."""
    if page.template == "document_index":
        return newest_documents(_of_type(page, "document"))
    if page.template == "question_index":
        key = lambda q: (q.data.get("answered_on") or "", int(q.data.get("id") or 0))  # noqa: E731
        return sorted(_of_type(page, "question"), key=key, reverse=True)
    key = lambda c: (c.data.get("opens_at") or "", int(c.data.get("id") or 0))  # noqa: E731
    return sorted(_of_type(page, "consultation"), key=key, reverse=True) + list(getattr(page, "news", []))


def _browse(page: Any, documents: list[Any], settings: dict[str, Any]) -> list[Listing]:
    page.facets = facet_groups(page.url, documents, settings)
    listings = []
    for group in page.facets:
        kwargs = {"page": page, "facet": group}
        listings.append(Listing(f"{group.url}index.html", group.url, "document_facet", [], kwargs, False))
        for value in group.values:
            listings.append(
                Listing(
                    f"{value.url}index.html",
                    value.url,
                    "document_browse",
                    value.documents,
                    {**kwargs, "value": value},
                )
            )
    return listings


def _section_feeds(page: Any, settings: dict[str, Any]) -> list[Feed]:
    page.feeds = {}
    if not getattr(page, "news", None):
        return []
    feeds = []
    for feed_type, setting in (("atom", "SECTION_FEED_ATOM"), ("rss", "SECTION_FEED_RSS")):
        if settings.get(setting):
            path = settings[setting].format(url=page.url)
            page.feeds[feed_type] = path
            feeds.append(Feed(path, feed_type, page.title, page.news))
    return feeds


def _news_feeds(articles: list[Any], settings: dict[str, Any]) -> list[Feed]:
    pairs = (("atom", settings.get("NEWS_FEED_ATOM")), ("rss", settings.get("NEWS_FEED_RSS")))
    return [Feed(path, feed_type, "Tất cả tin tức", articles) for feed_type, path in pairs if path]


def outputs(listing: Listing, settings: dict[str, Any]) -> list[tuple[str, str, list]]:
    """(save_as, url, items) of every page a listing writes, as Pelican's paginator names them."""
    if not listing.paginated:
        return [(listing.save_as, listing.url, listing.items)]
    per_page = settings["PAGINATED_TEMPLATES"].get(listing.template) or settings["DEFAULT_PAGINATION"]
    paginator = Paginator(listing.save_as, listing.url, listing.items, settings, per_page)
    pages = (paginator.page(number) for number in paginator.page_range)
    return [(page.save_as, page.url, page.object_list) for page in pages]


def plan(generators: list[Any]) -> None:
    """Take the listing pages over from the pages generator and plan every listing and feed."""
    pages: list[Any] = []
    articles: list[Any] = []
    for generator in generators:
        if isinstance(generator, PagesGenerator):
            pages = generator.pages + generator.hidden_pages
            context, settings = generator.context, generator.settings
        elif isinstance(generator, ArticlesGenerator):
            articles = generator.articles
    if not pages:
        return
    taken = {content.save_as for content in pages + articles}
    listings: list[Listing] = []
    feeds = _news_feeds(articles, settings)
    for page in pages:
        if page.template not in LISTING_TEMPLATES or not page.save_as:
            continue
        items = _items(page)
        listings.append(Listing(page.save_as, page.url, page.template, items, {"page": page}))
        page.listing_save_as, page.override_save_as = page.save_as, ""
        if page.template == "document_index":
            listings += _browse(page, items, settings)
        elif page.template == "section":
            feeds += _section_feeds(page, settings)
    planned = [(listing, out) for listing in listings for out in outputs(listing, settings)]
    clashes = {save_as for _, (save_as, _, _) in planned} & (
        taken - {listing.save_as for listing in listings}
    )
    for save_as in sorted(clashes):
        logger.warning("Trang %s trùng địa chỉ với một trang duyệt văn bản; bỏ trang duyệt.", save_as)
    context["LISTINGS"] = [listing for listing in listings if listing.save_as not in clashes]
    context["LISTING_OUTPUTS"] = [out for listing, out in planned if listing.save_as not in clashes]
    context["LISTING_FEEDS"] = feeds


class ListingsGenerator(Generator):
    """Writes the planned listings and feeds (after all generators have read their content)."""

    def generate_context(self) -> None:
        return None

    def generate_output(self, writer: Any) -> None:
        relative = self.settings.get("RELATIVE_URLS", False)
        for listing in self.context.get("LISTINGS", []):
            template = self.get_template(listing.template)
            if listing.paginated:
                writer.write_file(
                    listing.save_as,
                    template,
                    self.context,
                    relative_urls=relative,
                    paginated={"items": listing.items},
                    template_name=listing.template,
                    url=listing.url,
                    **listing.kwargs,
                )
            else:
                writer.write_file(
                    listing.save_as, template, self.context, relative_urls=relative, **listing.kwargs
                )
        public = self.settings.get("PUBLIC_SITEURL") or self.settings.get("SITEURL", "")
        feed_context = {**self.context, "SITEURL": public, "FEED_DOMAIN": public}
        for feed in self.context.get("LISTING_FEEDS", []):
            writer.write_feed(
                feed.items, feed_context, feed.path, feed_type=feed.feed_type, feed_title=feed.title
            )


def vietnamese_feed(context: Any, feed: Any) -> None:
    feed.feed["language"] = context.get("DEFAULT_LANG", "vi") if hasattr(context, "get") else "vi"


def get_generators(_pelican: Any) -> type[Generator]:
    return ListingsGenerator


def register() -> None:
    signals.all_generators_finalized.connect(plan)
    signals.get_generators.connect(get_generators)
    signals.feed_generated.connect(vietnamese_feed)
