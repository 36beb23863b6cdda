"""Queries against the site index, which build.py swaps in atomically under SEARCH_INDEX_DIR."""

import os
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.qparser import MultifieldParser
from whoosh.searching import Searcher

SEARCH_FIELDS = ["title", "summary", "body"]


class IndexUnavailable(Exception):
    """No index has been built yet at the configured place."""


@dataclass(frozen=True)
class Hit:
    title: str
    url: str
    summary: str
    date: date | None
    type: str


@dataclass(frozen=True)
class SearchPage:
    query: str
    total: int
    page: int
    hits: list[Hit]


_lock = threading.Lock()
_opened: dict[str, whoosh_index.Index] = {}


def _current_index(index_dir: Path) -> whoosh_index.Index:
    """Open the index the symlink points at now; a swapped-in index is picked up on the next query."""
    real = os.path.realpath(index_dir)
    with _lock:
        idx = _opened.get(real)
        if idx is None:
            if not whoosh_index.exists_in(real):
                raise IndexUnavailable(str(index_dir))
            _opened.clear()
            idx = _opened[real] = whoosh_index.open_dir(real)
        return idx


def site_search(*, index_dir: Path, q: str, page: int = 1, page_size: int = 10) -> SearchPage:
    """Search the published site; every word typed must match (whoosh's AND group)."""
    idx = _current_index(index_dir)
    query = MultifieldParser(SEARCH_FIELDS, schema=idx.schema).parse(q)
    searcher: Searcher
    with idx.searcher() as searcher:
        results = searcher.search_page(query, page, pagelen=page_size)
        hits = [
            Hit(
                title=r["title"],
                url=r["url"],
                summary=r.get("summary", ""),
                date=r["date"].date() if r.get("date") else None,
                type=r.get("type", ""),
            )
            for r in results
        ]
        return SearchPage(query=q, total=results.total, page=page, hits=hits)
