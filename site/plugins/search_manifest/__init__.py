"""Pelican plugin: write one JSON line per article (URL, title, plain text) for the search index.

The index step reads this manifest, so search results link to exactly the URLs Pelican wrote.
"""

import json
import os
from pathlib import Path

from markupsafe import Markup
from pelican import signals


def _plain(html: str) -> str:
    return Markup(html or "").striptags()


def _record(article, siteurl: str) -> dict:
    meta = article.metadata
    return {
        "id": f"{meta.get('page_type', 'article')}:{meta.get('wagtail_id', article.slug)}",
        "url": f"{siteurl}/{article.url}",
        "type": meta.get("page_type", "news"),
        "title": article.title,
        "summary": _plain(getattr(article, "summary", "")),
        "date": article.date.date().isoformat() if getattr(article, "date", None) else None,
        "body": _plain(article.content),
    }


def write_manifest(generator) -> None:
    target = generator.settings.get("SEARCH_MANIFEST_PATH")
    if not target:
        return
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    articles = sorted(generator.articles, key=lambda a: a.url)
    with tmp.open("w", encoding="utf-8") as out:
        for article in articles:
            out.write(
                json.dumps(_record(article, generator.settings.get("SITEURL", "")), ensure_ascii=False) + "\n"
            )
    os.replace(tmp, path)


def register() -> None:
    signals.article_generator_finalized.connect(write_manifest)
