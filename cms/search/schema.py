"""The whoosh schema of the site index and how one manifest record becomes one index document.

Text fields keep term frequencies but no positions. whoosh's writer costs about 10 µs a posting, so
what is indexed decides the build time: the body is indexed once, folded; adjacent syllables
(`bigrams`) and diacritic forms (`exact`) only for the heading (title, number, summary). Proximity in
the body is checked on the stored text of the best candidates (cms/search/query.py). Tokens are
counted with C-level string and regex operations instead of whoosh's per-token analyzer chain.
Measured in bench/search.py.
"""

from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from whoosh import formats
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, FieldType, Schema
from whoosh.system import pack_uint

from cms.search.analysis import bigrams, exact_tokens, fold_ascii, folded_tokens, normalize, number_key

# Stored text of the body, for snippets; the whole body is indexed.
BODY_STORED_CHARS = 6000
# Facet fields: filters and counts (cms/search/engine.py).
FACETS = ("type", "kind", "issuer", "field", "unit", "year", "status")
TYPE_LABELS = {
    "document": "Văn bản",
    "news": "Tin tức",
    "consultation": "Lấy ý kiến dự thảo",
    "question": "Hỏi đáp",
    "page": "Trang thông tin",
}


def _bigram_tokens(text: str) -> list[str]:
    return bigrams(folded_tokens(text))


def _key_tokens(text: str) -> list[str]:
    key = number_key(text)
    return [key] if key else []


class CountedText(FieldType):
    """A text field whose terms and frequencies come from one tokenizing function."""

    scorable = True
    stored = False
    unique = False
    vector = None

    def __init__(self, tokenize: Callable[[str], list[str]]):
        self.tokenize = tokenize
        self.format = formats.Frequency()
        self.analyzer = None

    def index(self, value: str, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        for term, freq in Counter(self.tokenize(value)).items():
            yield term.encode("utf-8"), freq, float(freq), pack_uint(freq)

    def to_bytes(self, value: str | bytes) -> bytes:
        return value if isinstance(value, bytes) else value.encode("utf-8")

    def self_parsing(self) -> bool:
        return True


def site_schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),
        title=CountedText(folded_tokens),
        number=CountedText(folded_tokens),
        number_key=CountedText(_key_tokens),
        summary=CountedText(folded_tokens),
        meta=CountedText(folded_tokens),
        body=CountedText(folded_tokens),
        bigrams=CountedText(_bigram_tokens),
        exact=CountedText(exact_tokens),
        day=NUMERIC(int, bits=32, signed=False, sortable=True),
        display=STORED,
        **{name: KEYWORD(scorable=False) for name in FACETS},
    )


def _names(items: list[tuple[str, str]]) -> str:
    return " ".join(label for _, label in items)


def facet_pairs(rec: dict[str, Any]) -> dict[str, list[tuple[str, str]]]:
    """(value, label) pairs of each facet of one manifest record (site/plugins/search_manifest)."""
    return {
        "type": [(rec["type"], TYPE_LABELS.get(rec["type"], rec["type"]))],
        **{name: [tuple(pair) for pair in rec.get(name) or []] for name in FACETS if name != "type"},
    }


def document_fields(rec: dict[str, Any]) -> dict[str, Any]:
    """The index fields of one manifest record."""
    title = normalize(rec["title"])
    summary = normalize(rec.get("summary") or "")
    body = normalize(rec.get("body") or "")
    number = normalize(rec.get("number") or "")
    facets = facet_pairs(rec)
    day = date.fromisoformat(rec["date"]).toordinal() if rec.get("date") else 0
    heading = f"{title}\n{number}\n{summary}"
    fields: dict[str, Any] = {
        "id": rec["id"],
        "title": title,
        "number": number,
        "number_key": number,
        "summary": summary,
        "meta": " ".join(_names(facets[name]) for name in ("kind", "issuer", "field", "unit")),
        "body": body,
        "bigrams": heading,
        "exact": heading,
        "day": day,
        "display": {
            "url": rec["url"],
            "type": rec["type"],
            "title": title,
            "number": number,
            "date": rec.get("date"),
            "summary": summary,
            "body": body[:BODY_STORED_CHARS],
            # For proximity checks at query time (cms/search/query.py), folded once here.
            "folded": fold_ascii(f"{title}\n{number}\n{summary}\n{body[:BODY_STORED_CHARS]}"),
            "kind": _names(facets["kind"]),
            "issuer": _names(facets["issuer"]),
            "status": _names(facets["status"]),
        },
    }
    for name, pairs in facets.items():
        if pairs:
            fields[name] = " ".join(value for value, _ in pairs)
    return fields
