"""Pelican plugin: one JSON line per searchable page (URL, text, facets) for the search index.

News, legal documents, consultations, answered questions and information pages are indexed; listing
pages are not. The index step (cms/publish/index.py) reads this manifest, so search results link to
exactly the URLs Pelican wrote. Facet values are (value, label) pairs: the taxonomies' slugs and unit
codes that export writes into each page's `Data:` line.
"""

import json
import os
from pathlib import Path
from typing import Any

from markupsafe import Markup
from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator

# Pelican template (page_type) → search type; other page types are listings and are not indexed.
INDEXED = {"news": "news", "document": "document", "consultation": "consultation", "question": "question"}
INDEXED_PAGES = {"standard": "page"}


def _plain(html: str) -> str:
    return Markup(html or "").striptags()


def _pairs(values: list[str], labels: list[str]) -> list[list[str]]:
    return [[value, label] for value, label in zip(values, labels, strict=False) if value and label]


def _one(value: str | None, label: str | None) -> list[list[str]]:
    return [[value, label]] if value and label else []


def _date(content, data: dict[str, Any], kind: str) -> str | None:
    if kind == "news":
        return content.date.date().isoformat() if getattr(content, "date", None) else None
    found = {
        "document": data.get("issued_on"),
        "question": data.get("answered_on") or data.get("asked_on"),
        "consultation": data.get("opens_at"),
    }.get(kind)
    return found[:10] if found else None


def _extra_text(data: dict[str, Any], kind: str) -> str:
    """Text a page shows outside its body: the question asked, a draft's articles."""
    if kind == "question":
        return data.get("question") or ""
    if kind == "consultation":
        parts = []
        for chapter in data.get("draft") or []:
            parts.append(f"{chapter.get('number', '')} {chapter.get('title', '')}")
            for article in chapter.get("articles") or []:
                parts.append(
                    f"{article.get('number', '')} {article.get('title', '')} {article.get('text', '')}"
                )
                parts += [f"{c.get('number', '')} {c.get('text', '')}" for c in article.get("clauses") or []]
        return "\n".join(parts)
    return ""


def record(content, kind: str, siteurl: str) -> dict[str, Any]:
    data = getattr(content, "data", None) or {}
    meta = content.metadata
    day = _date(content, data, kind)
    status = data.get("status") or {}
    return {
        "id": f"{kind}:{meta.get('wagtail_id', content.slug)}",
        "url": f"{siteurl}/{content.url}",
        "type": kind,
        "title": content.title,
        "number": data.get("number") or "",
        "summary": data.get("summary") or _plain(getattr(content, "summary", "")),
        "date": day,
        "body": "\n".join(filter(None, [_extra_text(data, kind), _plain(content.content)])),
        "kind": _one(data.get("kind_slug"), data.get("kind")),
        "issuer": _one(data.get("issuer_slug"), data.get("issuer")),
        "field": _pairs(data.get("reform_area_slugs") or [], data.get("reform_areas") or []),
        "unit": _one(data.get("unit_code"), data.get("unit")),
        "year": _one(day[:4], day[:4]) if day else [],
        "status": _one(status.get("value"), status.get("label")) if kind == "document" else [],
    }


def searchable(generators) -> list[tuple[Any, str]]:
    found = []
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            found += [(article, "news") for article in generator.articles]
        elif isinstance(generator, PagesGenerator):
            for page in generator.pages + generator.hidden_pages:
                page_type = page.metadata.get("page_type", "")
                kind = INDEXED.get(page_type) or INDEXED_PAGES.get(page_type)
                if kind:
                    found.append((page, kind))
    return sorted(found, key=lambda pair: pair[0].url)


def write_manifest(generators) -> None:
    settings = generators[0].settings
    target = settings.get("SEARCH_MANIFEST_PATH")
    if not target:
        return
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    siteurl = settings.get("SITEURL", "")
    with tmp.open("w", encoding="utf-8") as out:
        for content, kind in searchable(generators):
            out.write(json.dumps(record(content, kind, siteurl), ensure_ascii=False) + "\n")
    os.replace(tmp, path)


def register() -> None:
    signals.all_generators_finalized.connect(write_manifest)
