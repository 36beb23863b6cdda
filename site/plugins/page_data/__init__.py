"""Pelican plugin: the `Data:` line export writes becomes `page.data`; listings get their children.

- a content object's `data` metadata (one line of JSON) is parsed into a dict; its Markdown fields
  (the consultation's outcome report, a survey's results note) are rendered with the site's Markdown settings;
- every page gets `children` (the pages and articles whose `data.parent` is its URL) and `news`
  (the articles below it at any depth, newest first);
- Jinja filters: `ngay` (ISO date → 02/01/2025), `ngay_gio` (ISO date-time → 08:00 ngày 02/01/2025,
  Vietnam time) and `href` (a URL from the data, made absolute with SITEURL).
"""

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

from jinja2 import pass_context
from markdown import Markdown
from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator

MARKDOWN_FIELDS = ("outcome_report", "results_note")
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def _markdown(settings: dict, text: str) -> str:
    config = dict(settings.get("MARKDOWN", {}))
    # Without "meta": a report starting with "Kết luận: …" is text, not metadata.
    config["extensions"] = [e for e in config.get("extensions", []) if e != "markdown.extensions.meta"]
    return Markdown(**config).convert(text)


def parse_data(content) -> None:
    raw = content.metadata.get("data")
    if not isinstance(raw, str):
        return
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise ValueError(f"Dòng Data không phải JSON hợp lệ trong {content.source_path}: {exc}") from exc
    for key in MARKDOWN_FIELDS:
        if data.get(key):
            data[f"{key}_html"] = _markdown(content.settings, data[key])
    content.data = content.metadata["data"] = data


def link_children(generators) -> None:
    pages, articles = [], []
    for generator in generators:
        if isinstance(generator, PagesGenerator):
            pages += generator.pages + generator.hidden_pages
        elif isinstance(generator, ArticlesGenerator):
            articles += generator.articles
    by_url = {page.url: page for page in pages}
    for page in pages:
        page.children, page.news = [], []
    for item in pages + articles:
        parent = by_url.get(_data(item).get("parent") or "")
        if parent is not None and parent is not item:
            parent.children.append(item)
    for article in articles:  # in ARTICLE_ORDER_BY order: newest first
        # A section lists the news of its sub-sections too.
        seen, parent = set(), by_url.get(_data(article).get("parent") or "")
        while parent is not None and id(parent) not in seen:
            seen.add(id(parent))
            parent.news.append(article)
            parent = by_url.get(_data(parent).get("parent") or "")


def _data(content) -> dict:
    return getattr(content, "data", None) or {}


def ngay(value: str | None) -> str:
    return date.fromisoformat(value[:10]).strftime("%d/%m/%Y") if value else ""


def ngay_gio(value: str | None) -> str:
    if not value:
        return ""
    moment = datetime.fromisoformat(value).astimezone(VIETNAM)
    return moment.strftime("%H:%M ngày %d/%m/%Y")


@pass_context
def href(context, url: str | None) -> str:
    if not url or "://" in url or url.startswith(("/", "#", "mailto:")):
        return url or ""
    return f"{context.get('SITEURL', '')}/{url}"


@pass_context
def template_name(context) -> str:
    """The template being rendered, without .html (base.html marks <body> with it)."""
    return (context.name or "").removesuffix(".html")


def add_filters(generator) -> None:
    generator.env.filters.update({"ngay": ngay, "ngay_gio": ngay_gio, "href": href})
    generator.env.globals["template_name"] = template_name


def register() -> None:
    signals.content_object_init.connect(parse_data)
    signals.all_generators_finalized.connect(link_children)
    signals.generator_init.connect(add_filters)
