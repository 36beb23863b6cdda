"""Query execution over a whoosh index: BM25F, filters and facet counts on dense numpy vectors.

whoosh stores the postings; this module reads a term's postings once into arrays (docnums, term
frequencies), keeps them in an LRU cache, and scores a query for every document at once with numpy.
whoosh's own matchers score posting by posting in Python: on 22,000 pages of administrative-reform
text, where "cải cách hành chính" is in most of them, that was several hundred milliseconds a query
and facet counts need every match anyway (bench/search.py prints both).

Ranking: BM25F (Robertson, Zaragoza) over the fields below, with their weights and length
normalisation; adjacent query syllables add a bigram score (words rank as words); tokens typed with
diacritics add an exact-form score; newer documents win ties.
"""

import json
import math
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.reading import TermNotFound

from cms.search.analysis import fold_ascii
from cms.search.schema import FACETS

K1 = 1.2
# field: (weight, length normalisation b)
FIELDS: dict[str, tuple[float, float]] = {
    "title": (4.0, 0.5),
    "number": (5.0, 0.0),
    "summary": (2.0, 0.6),
    "meta": (1.0, 0.3),
    "body": (1.0, 0.75),
}
NUMBER_KEY_WEIGHT = 30.0  # the whole document number typed: that document first
NUMBER_TERM_WEIGHT = 3.0  # a number typed ("876") that is part of a document's number
BIGRAM_WEIGHT = 1.0
EXACT_WEIGHT = 0.4
TERM_CACHE_SIZE = 4096
TEXT_CACHE_SIZE = 2048
LABELS_FILE = "facet-labels.json"


@dataclass(frozen=True)
class Matches:
    """The documents a query matches, their scores, and the index they came from."""

    mask: np.ndarray  # bool per docnum
    scores: np.ndarray  # float per docnum (0 where not matched)


class SiteIndex:
    """One opened index generation with its per-document arrays and a cache of read postings."""

    def __init__(self, path: str):
        self.path = path
        self.index = whoosh_index.open_dir(path)
        self.reader = self.index.reader()
        self.size = self.reader.doc_count_all()
        self._lock = threading.RLock()
        self._texts: OrderedDict[int, tuple[str, str]] = OrderedDict()
        self._terms: OrderedDict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self.live = np.ones(self.size, dtype=bool)
        for docnum in self._deleted():
            self.live[docnum] = False
        self.count = int(self.live.sum())
        self.lengths = {name: self._lengths(name) for name in [*FIELDS, "bigrams", "exact", "number_key"]}
        self.avg_lengths = {
            name: float(lengths[self.live].mean()) if self.count else 1.0
            for name, lengths in self.lengths.items()
        }
        self.days = self._days()
        self.labels = self._labels()
        self.facet_docs = {
            name: {value: self.postings(name, value)[0] for value in self.labels.get(name, {})}
            for name in FACETS
        }

    # --- reading -------------------------------------------------------------------------------

    def _deleted(self) -> list[int]:
        return [offset + d for seg, offset in self.reader.leaf_readers() for d in seg.deleted_docs_set]

    def _lengths(self, field: str) -> np.ndarray:
        lengths = np.zeros(self.size, dtype=np.float32)
        doc_length = self.reader.doc_field_length
        for docnum in range(self.size):
            lengths[docnum] = doc_length(docnum, field, 0) or 0
        return lengths

    def _days(self) -> np.ndarray:
        days = np.zeros(self.size, dtype=np.int64)
        for seg, offset in self.reader.leaf_readers():
            column = seg.column_reader("day")
            for docnum in range(seg.doc_count_all()):
                days[offset + docnum] = column[docnum] or 0
        return days

    def _labels(self) -> dict[str, dict[str, str]]:
        try:
            return json.loads((Path(self.path) / LABELS_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def postings(self, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        """(docnums, frequencies) of a term in a field, live documents only; cached."""
        key = (field, term)
        with self._lock:
            cached = self._terms.get(key)
            if cached is not None:
                self._terms.move_to_end(key)
                return cached
            found = self._read_postings(field, term.encode("utf-8"))
            self._terms[key] = found
            if len(self._terms) > TERM_CACHE_SIZE:
                self._terms.popitem(last=False)
            return found

    def _read_postings(self, field: str, btext: bytes) -> tuple[np.ndarray, np.ndarray]:
        ids: list[np.ndarray] = []
        weights: list[np.ndarray] = []
        fmt = self.index.schema[field].format
        for seg, offset in self.reader.leaf_readers():
            try:
                matcher = seg._terms.matcher(field, btext, fmt)  # noqa: SLF001 - unfiltered; `live` masks
            except (KeyError, TermNotFound):
                continue
            block_ids, block_weights = _read_all(matcher)
            ids.append(block_ids + offset)
            weights.append(block_weights)
        if not ids:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        docnums = np.concatenate(ids)
        freqs = np.concatenate(weights)
        keep = self.live[docnums]
        return docnums[keep], freqs[keep]

    # --- scoring -------------------------------------------------------------------------------

    def _normalised(self, field: str, term: str, weight: float, b: float) -> np.ndarray | None:
        docnums, freqs = self.postings(field, term)
        if not len(docnums):
            return None
        norm = (1.0 - b) + b * self.lengths[field][docnums] / max(self.avg_lengths[field], 1e-9)
        vector = np.zeros(self.size, dtype=np.float32)
        vector[docnums] = weight * freqs / norm
        return vector

    def _bm25(self, tf: np.ndarray) -> np.ndarray:
        df = int(np.count_nonzero(tf))
        idf = math.log(1.0 + (self.count - df + 0.5) / (df + 0.5))
        return idf * tf * (K1 + 1.0) / (tf + K1)

    def term_vector(self, term: str) -> np.ndarray:
        """BM25F pseudo-frequency of a folded term over the weighted fields, per document."""
        tf = np.zeros(self.size, dtype=np.float32)
        for field, (weight, b) in FIELDS.items():
            vector = self._normalised(field, term, weight, b)
            if vector is not None:
                tf += vector
        return tf

    def single(self, field: str, term: str, weight: float = 1.0) -> np.ndarray:
        """BM25 score of a term in one field (bigrams, exact forms, number keys)."""
        vector = self._normalised(field, term, weight, 0.5)
        return np.zeros(self.size, dtype=np.float32) if vector is None else self._bm25(vector)

    def score(self, terms: list[str], *, minimum: int) -> Matches:
        """Documents with at least `minimum` of the terms, scored by BM25F."""
        scores = np.zeros(self.size, dtype=np.float32)
        present = np.zeros(self.size, dtype=np.int16)
        for term in terms:
            tf = self.term_vector(term)
            present += tf > 0
            scores += self._bm25(tf)
        mask = (present >= minimum) & self.live if terms else self.live.copy()
        return Matches(mask, np.where(mask, scores, 0.0).astype(np.float32))

    def filter_mask(self, name: str, value: str) -> np.ndarray:
        mask = np.zeros(self.size, dtype=bool)
        docnums = self.facet_docs.get(name, {}).get(value)
        if docnums is not None:
            mask[docnums] = True
        return mask

    def facet_counts(self, name: str, mask: np.ndarray) -> list[tuple[str, str, int]]:
        labels = self.labels.get(name, {})
        counts = []
        for value, docnums in self.facet_docs.get(name, {}).items():
            count = int(np.count_nonzero(mask[docnums]))
            if count:
                counts.append((value, labels.get(value, value), count))
        if name == "year":
            return sorted(counts, key=lambda c: c[0], reverse=True)
        return sorted(counts, key=lambda c: (-c[2], c[1]))

    def texts(self, docnum: int) -> tuple[str, str]:
        """Folded and exact " w1 w2 … " forms of a document's stored title, summary and body (cached)."""
        docnum = int(docnum)
        with self._lock:
            found = self._texts.get(docnum)
            if found is not None:
                return found
            shown = self.reader.stored_fields(docnum)["display"]
            text = f"{shown['title']}\n{shown['number']}\n{shown['summary']}\n{shown['body']}"
            found = shown.get("folded") or fold_ascii(text), text.lower()
            self._texts[docnum] = found
            if len(self._texts) > TEXT_CACHE_SIZE:
                self._texts.popitem(last=False)
            return found

    def stored(self, docnum: int) -> dict:
        with self._lock:
            return self.reader.stored_fields(int(docnum))


def _read_all(matcher: W3LeafMatcher) -> tuple[np.ndarray, np.ndarray]:
    """Every (docnum, frequency) of a term, a block at a time (whoosh 3 codec's block layout).

    A block's data is a pickled (ids, weights, values) tuple: ids delta-encoded (unless the term
    list stores them as bytes), weights None when all are 1, one float when all are equal.
    """
    ids: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    while not matcher._atend:  # noqa: SLF001
        matcher._read_data()  # noqa: SLF001
        block_ids, block_weights = matcher._data[0], matcher._data[1]  # noqa: SLF001
        count = matcher._blocklength  # noqa: SLF001
        block = np.asarray(block_ids, dtype=np.int64)
        ids.append(block if matcher._byteids else np.cumsum(block))  # noqa: SLF001
        if block_weights is None:
            weights.append(np.ones(count, dtype=np.float32))
        elif isinstance(block_weights, float):
            weights.append(np.full(count, block_weights, dtype=np.float32))
        else:
            weights.append(np.asarray(block_weights, dtype=np.float32))
        if matcher._lastblock:  # noqa: SLF001
            break
        matcher._next_block()  # noqa: SLF001
    return np.concatenate(ids), np.concatenate(weights)
