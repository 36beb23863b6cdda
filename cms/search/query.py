"""Site search: parse what a citizen typed, rank, filter, count facets, page and highlight.

build.py swaps a new index in under SEARCH_INDEX_DIR (a symlink); the next query opens it, so the
API needs no restart. Every word typed must match (in any field); quoted text must match as a
phrase (its adjacent syllables); when no document has every word, documents with most of them are
shown and the page says the results are approximate.
"""

import math
import os
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index

from cms.search.analysis import bigrams, exact_tokens, fold, folded_tokens, tone_variants
from cms.search.engine import BIGRAM_WEIGHT, EXACT_WEIGHT, NUMBER_KEY_WEIGHT, NUMBER_TERM_WEIGHT, SiteIndex
from cms.search.highlight import highlight, snippet
from cms.search.schema import FACETS, TYPE_LABELS

PAGE_SIZE = 10
# Snippets are taken from the summary and the start of the body.
SNIPPET_SOURCE_CHARS = 3000
# The best candidates are reranked by proximity on their stored text (see _proximity).
RERANK = 40
PROXIMITY_BOOST = 0.5
EXACT_BOOST = 0.3
MAX_KEY_TOKENS = 8
RESULT_CACHE_SIZE = 512
# Without every word, a document needs this share of them to be shown as an approximate match.
RELAXED_SHARE = 0.6
_QUOTED = re.compile(r'"([^"]+)"|“([^”]+)”')


class IndexUnavailable(Exception):
    """No index has been built yet at the configured place."""


class InvalidFilter(ValueError):
    """A filter names a value the index does not have."""

    def __init__(self, name: str, value: str):
        super().__init__(f"{name}={value}")
        self.name = name
        self.value = value


@dataclass(frozen=True)
class Hit:
    id: str
    url: str
    type: str
    type_label: str
    title: str
    title_html: str
    snippet_html: str
    date: date | None
    number: str
    kind_label: str
    issuer_label: str
    status_label: str


@dataclass(frozen=True)
class FacetCount:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class SearchPage:
    query: str
    total: int
    page: int
    pages: int
    page_size: int
    sort: str
    relaxed: bool
    filters: dict[str, str]
    hits: list[Hit]
    facets: dict[str, list[FacetCount]] = field(default_factory=dict)


@dataclass(frozen=True)
class ParsedQuery:
    terms: list[str]  # folded, unique, in order typed
    bigrams: list[str]  # adjacent folded syllables, for proximity
    phrases: list[str]  # quoted text, folded words joined by spaces
    exact: list[str]  # tokens typed with diacritics, tone placement unified
    keys: list[str]  # compact document-number forms of the runs of words that include a digit


def parse(q: str) -> ParsedQuery:
    tokens = folded_tokens(q)
    phrases = []
    for match in _QUOTED.finditer(q):
        words = folded_tokens(match.group(1) or match.group(2))
        if len(words) > 1:
            phrases.append(" ".join(words))
    return ParsedQuery(
        terms=list(dict.fromkeys(tokens)),
        bigrams=list(dict.fromkeys(bigrams(tokens))),
        phrases=phrases,
        exact=list(dict.fromkeys(exact_tokens(q))),
        keys=_number_keys(tokens),
    )


def _number_keys(tokens: list[str]) -> list[str]:
    """ "công văn 23/BNV-CCHC" → "23bnvcchc", "congvan23bnvcchc", …: whichever is a document number."""
    tokens = tokens[:MAX_KEY_TOKENS]
    keys = {
        "".join(tokens[i:j])
        for i in range(len(tokens))
        for j in range(i + 1, len(tokens) + 1)
        if any(c.isdigit() for c in "".join(tokens[i:j]))
    }
    return sorted(keys)


# --- the index generation in use -----------------------------------------------------------------

_lock = threading.Lock()
_opened: dict[str, SiteIndex] = {}
_results: OrderedDict[tuple, SearchPage] = OrderedDict()


def current_index(index_dir: Path) -> SiteIndex:
    """The index the symlink points at now; a swapped-in index is opened on the next query."""
    real = os.path.realpath(index_dir)
    with _lock:
        opened = _opened.get(real)
        if opened is None:
            if not whoosh_index.exists_in(real):
                raise IndexUnavailable(str(index_dir))
            opened = SiteIndex(real)
            _opened.clear()
            _results.clear()
            _opened[real] = opened
        return opened


# --- search -----------------------------------------------------------------------------------


def _scores(idx: SiteIndex, parsed: ParsedQuery) -> tuple[np.ndarray, np.ndarray, bool]:
    """(match mask, scores, relaxed) of a parsed query."""
    matches = idx.score(parsed.terms, minimum=len(parsed.terms))
    relaxed = False
    if len(parsed.terms) > 1 and not matches.mask.any():
        matches = idx.score(parsed.terms, minimum=math.ceil(RELAXED_SHARE * len(parsed.terms)))
        relaxed = True
    mask, scores = matches.mask, matches.scores
    for gram in parsed.bigrams:
        scores += BIGRAM_WEIGHT * idx.single("bigrams", gram)
    for token in parsed.exact:
        scores += EXACT_WEIGHT * idx.single("exact", token)
    for term in parsed.terms:
        if any(c.isdigit() for c in term):
            scores += NUMBER_TERM_WEIGHT * idx.single("number", term)
    for key in parsed.keys:
        scores += NUMBER_KEY_WEIGHT * idx.single("number_key", key)
    return mask, np.where(mask, scores, 0.0), relaxed


def _order(idx: SiteIndex, mask: np.ndarray, scores: np.ndarray, sort: str, needed: int) -> np.ndarray:
    """Matched docnums, best first: by score then newest, or newest then score."""
    docnums = np.flatnonzero(mask)
    if sort != "newest" and len(docnums) > needed:
        # Only the best `needed` are shown or reranked: partition first, then sort those.
        docnums = docnums[np.argpartition(-scores[docnums], needed)[:needed]]
    rounded = np.round(scores[docnums], 4)
    days = idx.days[docnums]
    keys = (-rounded, -days) if sort == "newest" else (-days, -rounded)
    return docnums[np.lexsort(keys)]


def _words_pattern(words: list[str]) -> re.Pattern:
    """Folded words next to each other (spaces only between them), as whole words."""
    return re.compile(r"(?<![a-z0-9])" + r"\s+".join(map(re.escape, words)) + r"(?![a-z0-9])")


def _proximity(idx: SiteIndex, order: np.ndarray, scores: np.ndarray, parsed: ParsedQuery) -> np.ndarray:
    """Rerank the best candidates: adjacent query syllables in the text, typed diacritics, phrases first."""
    grams = [_words_pattern(gram.split()) for gram in parsed.bigrams]
    phrases = [_words_pattern(phrase.split()) for phrase in parsed.phrases]
    exact = [
        re.compile(r"(?<![^\W_])(?:" + "|".join(map(re.escape, tone_variants(token))) + r")(?![^\W_])")
        for token in parsed.exact
    ]
    if not grams and not phrases and not exact:
        return order
    top = order[:RERANK]
    ranked = []
    for docnum in top:
        folded, shown = idx.texts(docnum)
        adjacent = sum(1 for gram in grams if gram.search(folded)) / max(len(grams), 1)
        typed = sum(1 for form in exact if form.search(shown)) / max(len(exact), 1)
        together = all(phrase.search(folded) for phrase in phrases)
        boost = 1 + PROXIMITY_BOOST * adjacent + EXACT_BOOST * typed
        ranked.append((not together, -round(float(scores[docnum]) * boost, 4)))
    keys = np.array(ranked, dtype=[("phrase", bool), ("score", float)])
    days = -idx.days[top]
    resorted = top[np.lexsort((days, keys["score"], keys["phrase"]))]
    return np.concatenate([resorted, order[RERANK:]])


def _hit(idx: SiteIndex, docnum: int, terms: set[str]) -> Hit:
    stored = idx.stored(docnum)
    shown = stored["display"]
    text = shown.get("summary") or ""
    body = shown.get("body") or ""
    return Hit(
        id=stored["id"],
        url=shown["url"],
        type=shown["type"],
        type_label=TYPE_LABELS.get(shown["type"], shown["type"]),
        title=shown["title"],
        title_html=highlight(shown["title"], terms),
        snippet_html=snippet(
            f"{text}\n{body[:SNIPPET_SOURCE_CHARS]}" if text else body[:SNIPPET_SOURCE_CHARS], terms
        ),
        date=date.fromisoformat(shown["date"]) if shown.get("date") else None,
        number=shown.get("number") or "",
        kind_label=shown.get("kind") or "",
        issuer_label=shown.get("issuer") or "",
        status_label=shown.get("status") or "",
    )


def valid_filters(idx: SiteIndex, filters: dict[str, str]) -> None:
    for name, value in filters.items():
        if value not in idx.facet_docs.get(name, {}):
            raise InvalidFilter(name, value)


def site_search(
    *,
    index_dir: Path,
    q: str,
    page: int = 1,
    sort: str = "relevance",
    filters: dict[str, str] | None = None,
    page_size: int = PAGE_SIZE,
    cache: bool = True,
) -> SearchPage:
    """Search the published site. Raises IndexUnavailable, InvalidFilter."""
    idx = current_index(index_dir)
    filters = {name: value for name, value in (filters or {}).items() if value}
    valid_filters(idx, filters)
    key = (idx.path, fold(q).strip(), tuple(exact_tokens(q)), page, sort, tuple(sorted(filters.items())))
    if cache and (found := _cached(key)) is not None:
        return found
    parsed = parse(q)
    mask, scores, relaxed = _scores(idx, parsed)
    for name, value in filters.items():
        mask &= idx.filter_mask(name, value)
    order = _order(idx, mask, scores, sort, needed=max(page * page_size, RERANK))
    total = int(mask.sum())
    if sort == "relevance":
        order = _proximity(idx, order, scores, parsed)
    start = (page - 1) * page_size
    terms = set(parsed.terms)
    result = SearchPage(
        query=q,
        total=total,
        page=page,
        pages=max(1, math.ceil(total / page_size)),
        page_size=page_size,
        sort=sort,
        relaxed=relaxed,
        filters=filters,
        hits=[_hit(idx, docnum, terms) for docnum in order[start : start + page_size]],
        facets={name: [FacetCount(*count) for count in idx.facet_counts(name, mask)] for name in FACETS},
    )
    if cache:
        _remember(key, result)
    return result


def _cached(key: tuple) -> SearchPage | None:
    with _lock:
        found = _results.get(key)
        if found is not None:
            _results.move_to_end(key)
        return found


def _remember(key: tuple, result: SearchPage) -> None:
    with _lock:
        _results[key] = result
        if len(_results) > RESULT_CACHE_SIZE:
            _results.popitem(last=False)
