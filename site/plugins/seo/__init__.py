"""Pelican plugin: absolute public URLs, JSON-LD, sitemap.xml and robots.txt.

- PUBLIC_SITEURL is SITEURL when that is absolute (production), else the configured development
  address; FEED_DOMAIN follows it. Templates get `canonical_url()` and `structured_data()`.
- JSON-LD (schema.py) is serialized with "<", ">" and "&" escaped, so no text in it can close the
  <script> element.
- sitemap.xml lists every HTML page the build writes, worked out from what the generators hold (the
  articles, the pages, the category pages, the direct templates, what site/plugins/listings
  planned), not from the files on disk: it stays right when an incremental writer skips unchanged
  files. lastmod is the newest date of the page or of what it lists. Past 50,000 URLs it becomes a
  sitemap index of sitemap-1.xml, sitemap-2.xml, …
"""

import json
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from jinja2 import pass_context
from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator
from pelican.paginator import Paginator

from .schema import for_context

SITEMAP_LIMIT = 50_000


def configure(pelican: Any) -> None:
    settings = pelican.settings
    siteurl = settings.get("SITEURL", "")
    if "://" in siteurl:
        settings["PUBLIC_SITEURL"] = siteurl
    settings["PUBLIC_SITEURL"] = (settings.get("PUBLIC_SITEURL") or "").rstrip("/")
    settings["FEED_DOMAIN"] = settings["PUBLIC_SITEURL"]


def path_of(save_as: str) -> str:
    """A file's URL path: "van-ban/index.html" → "van-ban/", "index.html" → ""."""
    return save_as[: -len("index.html")] if save_as.endswith("index.html") else save_as


@pass_context
def canonical_url(context: Any) -> str:
    return f"{context.get('PUBLIC_SITEURL', '')}/{path_of(context.get('output_file', ''))}"


def json_ld(value: Any) -> Markup:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/ld+json">{text}</script>')  # noqa: S704 - escaped above


@pass_context
def structured_data(context: Any) -> Markup:
    objects = for_context(context, canonical_url(context), context.get("PUBLIC_SITEURL", ""))
    return Markup("\n").join(json_ld(obj) for obj in objects)


def add_globals(generator: Any) -> None:
    generator.env.globals.update(canonical_url=canonical_url, structured_data=structured_data)
    generator.env.filters["json_ld"] = json_ld


def _day(value: Any) -> str | None:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value or None


def lastmod(content: Any) -> str | None:
    """When the page last changed, as far as its data tells."""
    data = getattr(content, "data", None) or {}
    if data.get("modified"):
        return data["modified"]
    if data.get("type") in ("news", None) and getattr(content, "date", None):
        return _day(getattr(content, "modified", None) or content.date)
    dates: list[str] = []
    if data.get("type") == "document":
        dates = [data.get("issued_on"), data.get("effective_on")]
        dates += [event.get("date") for event in data.get("validity_history") or []]
    elif data.get("type") == "question":
        dates = [data.get("answered_on")]
    elif data.get("type") == "consultation":
        dates = [data.get("closes_at") if data.get("status", {}).get("value") == "da-ket-thuc" else None]
        dates.append(data.get("opens_at"))
    dates = [d for d in dates if d]
    return max(dates, key=lambda d: d[:10]) if dates else None


def newest(contents: Iterable[Any]) -> str | None:
    found = [d for d in (lastmod(c) for c in contents) if d]
    return max(found, key=lambda d: d[:10]) if found else None


class SitemapGenerator(Generator):
    """Writes sitemap.xml (or a sitemap index) and robots.txt through Pelican's writer."""

    def generate_context(self) -> None:
        return None

    def _paginated(self, save_as: str, url: str, items: list, per_page: int) -> list[tuple[str, str, list]]:
        paginator = Paginator(save_as, url, items, self.settings, per_page)
        return [(p.save_as, p.url, p.object_list) for p in map(paginator.page, paginator.page_range)]

    def outputs(self) -> list[tuple[str, str, str | None]]:
        """(save_as, url, lastmod) of every HTML page the build writes."""
        ctx, settings = self.context, self.settings
        articles = ctx.get("articles", [])
        found = [(a.save_as, a.url, lastmod(a)) for a in articles]
        found += [(p.save_as, p.url, lastmod(p)) for p in ctx.get("pages", []) + ctx.get("hidden_pages", [])]
        found += [(s, u, newest(items)) for s, u, items in ctx.get("LISTING_OUTPUTS", [])]
        per_page = settings["PAGINATED_TEMPLATES"].get("category") or settings["DEFAULT_PAGINATION"]
        for category, items in ctx.get("categories", []) if settings.get("CATEGORY_SAVE_AS") else []:
            found += [
                (s, u, newest(i))
                for s, u, i in self._paginated(category.save_as, category.url, items, per_page)
            ]
        for name in settings.get("DIRECT_TEMPLATES", []):
            save_as = settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html")
            found.append((save_as, path_of(save_as), newest(articles[:1]) if name == "index" else None))
        exclude = set(settings.get("SITEMAP_EXCLUDE", ()))
        unique = {s: (s, u, m) for s, u, m in found if s and s.endswith(".html") and s not in exclude}
        return sorted(unique.values())

    def generate_output(self, writer: Any) -> None:
        base = self.settings["PUBLIC_SITEURL"]
        urls = [(f"{base}/{path_of(url)}", mod) for _, url, mod in self.outputs()]
        template = self.env.get_template("sitemap.xml")
        chunks = [urls[i : i + SITEMAP_LIMIT] for i in range(0, len(urls), SITEMAP_LIMIT)] or [[]]
        if len(chunks) == 1:
            writer.write_file("sitemap.xml", template, self.context, urls=chunks[0])
        else:
            for number, chunk in enumerate(chunks, start=1):
                writer.write_file(f"sitemap-{number}.xml", template, self.context, urls=chunk)
            parts = [f"{base}/sitemap-{n}.xml" for n in range(1, len(chunks) + 1)]
            index = self.env.get_template("sitemap_index.xml")
            writer.write_file("sitemap.xml", index, self.context, sitemaps=parts)
        robots = self.env.get_template("robots.txt")
        writer.write_file("robots.txt", robots, self.context, sitemap_url=f"{base}/sitemap.xml")


def get_generators(_pelican: Any) -> type[Generator]:
    return SitemapGenerator


def register() -> None:
    signals.initialized.connect(configure)
    signals.generator_init.connect(add_globals)
    signals.get_generators.connect(get_generators)
