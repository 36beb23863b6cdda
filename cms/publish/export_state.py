"""What the previous export wrote, so the next one fetches only pages that changed.

For each page: a key (when it was last published, where it sits, its news slug; for consultations
also the day, since their status follows the calendar, and a digest of their outcome per article,
which moderators change without republishing the page), its file under content/, the pages it shows
(related documents both ways, rich-text links) and the document files it uses. A change of the
export code (pagefile.py) or an unreadable state means a full export.
"""

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from cms.publish import pagefile
from cms.publish.config import BuildConfig
from cms.publish.pagefile import TIMEZONE, attached_documents, rich_text_references
from cms.publish.site_index import Entry, SiteIndex
from cms.publish.sources import Transport, published_pages, transport_for

VERSION = 1
DAILY_TYPES = frozenset({"consultations.ConsultationPage", "surveys.SurveyPage"})
# Pages whose file shows data kept outside the page (opinions moderated after the outcome report).
OUTCOME_TYPE = "consultations.ConsultationPage"


def _format_digest() -> str:
    return hashlib.sha1(Path(pagefile.__file__).read_bytes(), usedforsecurity=False).hexdigest()


def page_key(entry: Entry, news_slug: str | None, outcome: str = "") -> str:
    parts = [entry.type, entry.published, entry.place.path, json.dumps(entry.place.parents), news_slug or ""]
    if entry.type in DAILY_TYPES:
        parts.append(datetime.now(TIMEZONE).date().isoformat())
    if outcome:
        parts.append(outcome)
    return hashlib.sha1("\n".join(parts).encode(), usedforsecurity=False).hexdigest()


def outcome_digests(transport: Transport, index: SiteIndex) -> dict[int, str]:
    """Per consultation, a digest of its outcome per article as the API gives it (one listing call)."""
    if not any(entry.type == OUTCOME_TYPE for entry in index.entries.values()):
        return {}
    found = {}
    for item in published_pages(transport, OUTCOME_TYPE, fields="outcome_by_article"):
        rows = item.get("outcome_by_article") or []
        if rows:
            text = json.dumps(rows, ensure_ascii=False, sort_keys=True)
            found[item["id"]] = hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()
    return found


def shown_pages(item: Mapping[str, Any]) -> set[int]:
    """Pages whose title, number or URL this page's file shows: related documents and links."""
    found = set(rich_text_references(item)["page"])
    for key in ("relations", "related_from"):
        found.update(rel["document"]["id"] for rel in item.get(key) or [])
    return found


def used_documents(item: Mapping[str, Any]) -> set[int]:
    return {doc["id"] for doc in attached_documents(item)} | rich_text_references(item)["document"]


@dataclass
class ExportState:
    path: Path
    pages: dict[int, dict[str, Any]]
    document_paths: dict[int, str]
    changed: set[int]
    outcomes: dict[int, str] = field(default_factory=dict)

    @classmethod
    def load(
        cls, config: BuildConfig, index: SiteIndex, *, full: bool, transport: Transport | None = None
    ) -> "ExportState":
        path = config.var_dir / "export-state.json"
        pages: dict[int, dict[str, Any]] = {}
        documents: dict[int, str] = {}
        if not full:
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if data.get("version") == VERSION and data.get("format") == _format_digest():
                    pages = {int(k): v for k, v in data["pages"].items()}
                    documents = {int(k): v for k, v in data["documents"].items()}
            except (OSError, ValueError, KeyError):
                pages, documents = {}, {}
        # Files someone deleted from content/ are written again.
        pages = {k: v for k, v in pages.items() if (config.content_dir / v["file"]).exists()}
        outcomes = outcome_digests(transport or transport_for(config), index)
        return cls(path, pages, documents, set(), outcomes)

    def key(self, index: SiteIndex, page_id: int) -> str:
        return page_key(index.entries[page_id], index.news_slugs.get(page_id), self.outcomes.get(page_id, ""))

    def plan(self, index: SiteIndex) -> set[int]:
        """Pages to fetch: changed ones, pages showing a changed or removed one, pages changed ones showed."""
        entries = index.entries
        self.changed = {
            page_id
            for page_id in entries
            if self.pages.get(page_id, {}).get("key") != self.key(index, page_id)
        }
        touched = self.changed | (self.pages.keys() - entries.keys())
        fetch = set(self.changed)
        for page_id, record in self.pages.items():
            if page_id in entries and touched.intersection(record["shows"]):
                fetch.add(page_id)
            if page_id in self.changed:
                fetch.update(page_id for page_id in record["shows"] if page_id in entries)
        return fetch

    def dependants_of_fetched(self, items: Mapping[int, Mapping[str, Any]], index: SiteIndex) -> set[int]:
        """Pages a changed page shows now (a new relation shows on the other document too)."""
        found: set[int] = set()
        for page_id in self.changed & items.keys():
            found.update(p for p in shown_pages(items[page_id]) if p in index.entries)
        return found

    def record(
        self,
        index: SiteIndex,
        items: Mapping[int, Mapping[str, Any]],
        files: Mapping[int, str],
        document_urls: Mapping[int, str],
    ) -> None:
        """Remember the fetched pages' new records; document_urls: files this export copied."""
        known = {**self.document_paths, **document_urls}
        pages = {page_id: record for page_id, record in self.pages.items() if page_id in index.entries}
        for page_id, item in items.items():
            pages[page_id] = {
                "key": self.key(index, page_id),
                "file": files[page_id],
                "shows": sorted(shown_pages(item)),
                "documents": sorted(used_documents(item) & known.keys()),
            }
        self.pages = pages
        in_use = {doc_id for record in pages.values() for doc_id in record["documents"]}
        self.document_paths = {doc_id: url for doc_id, url in known.items() if doc_id in in_use}

    def files(self) -> set[str]:
        return {record["file"] for record in self.pages.values()}

    def documents(self) -> dict[int, str]:
        return dict(self.document_paths)

    def save(self) -> None:
        data = {
            "version": VERSION,
            "format": _format_digest(),
            "pages": {str(k): v for k, v in sorted(self.pages.items())},
            "documents": {str(k): v for k, v in sorted(self.document_paths.items())},
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, self.path)
