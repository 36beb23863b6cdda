"""Facets of the legal-document database: kind, issuer, field, year and validity status.

Each document's facet values come from its own `Data:` line (export writes the taxonomies' slugs next
to their names), so the browse pages need no query to the CMS.
"""

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pelican.utils import slugify


@dataclass(frozen=True)
class Facet:
    """One way to browse documents: its URL segment, its Vietnamese name and how to read a document."""

    key: str
    label: str
    values: Callable[[dict[str, Any], Callable[[str], str]], list[tuple[str, str]]]
    newest_first: bool = False


@dataclass
class FacetValue:
    slug: str
    label: str
    url: str
    documents: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.documents)

    def __fingerprint__(self) -> str:
        """What a page shows of a value it does not list (site/plugins/incremental): not its documents."""
        return f"{self.slug}|{self.label}|{self.url}|{self.count}"


@dataclass
class FacetGroup:
    facet: Facet
    url: str
    values: list[FacetValue]

    @property
    def key(self) -> str:
        return self.facet.key

    @property
    def label(self) -> str:
        return self.facet.label


def _named(name: str, slug: str | None, slugger: Callable[[str], str]) -> list[tuple[str, str]]:
    return [(slug or slugger(name), name)] if name else []


def _kind(data: dict[str, Any], slugger: Callable[[str], str]) -> list[tuple[str, str]]:
    return _named(data.get("kind") or "", data.get("kind_slug"), slugger)


def _issuer(data: dict[str, Any], slugger: Callable[[str], str]) -> list[tuple[str, str]]:
    return _named(data.get("issuer") or "", data.get("issuer_slug"), slugger)


def _areas(data: dict[str, Any], slugger: Callable[[str], str]) -> list[tuple[str, str]]:
    names = data.get("reform_areas") or []
    slugs = data.get("reform_area_slugs") or [""] * len(names)
    return [pair for name, slug in zip(names, slugs, strict=False) for pair in _named(name, slug, slugger)]


def _year(data: dict[str, Any], _slugger: Callable[[str], str]) -> list[tuple[str, str]]:
    year = (data.get("issued_on") or "")[:4]
    return [(year, year)] if year else []


def _status(data: dict[str, Any], _slugger: Callable[[str], str]) -> list[tuple[str, str]]:
    status = data.get("status") or {}
    return [(status["value"], status.get("label") or status["value"])] if status.get("value") else []


FACETS: tuple[Facet, ...] = (
    Facet("loai", "Loại văn bản", _kind),
    Facet("co-quan", "Cơ quan ban hành", _issuer),
    Facet("linh-vuc", "Lĩnh vực", _areas),
    Facet("nam", "Năm ban hành", _year, newest_first=True),
    Facet("hieu-luc", "Tình trạng hiệu lực", _status),
)


def fold(text: str) -> str:
    """A sort key for Vietnamese: "Đ" sorts with "D", "Ổ" with "O"."""
    text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def newest_documents(documents: Iterable[Any]) -> list[Any]:
    """Newest issued first; on one day, the later Wagtail page first (a stable order for every build)."""
    return sorted(
        documents,
        key=lambda doc: (doc.data.get("issued_on") or "", int(doc.data.get("id") or 0)),
        reverse=True,
    )


def facet_groups(base_url: str, documents: Sequence[Any], settings: dict[str, Any]) -> list[FacetGroup]:
    """Every facet with its values and their documents (in the order given), below base_url."""
    subs = settings.get("SLUG_REGEX_SUBSTITUTIONS", [])

    def slugger(value: str) -> str:
        return slugify(value, regex_subs=subs)

    groups = []
    for facet in FACETS:
        url = f"{base_url}{facet.key}/"
        found: dict[str, FacetValue] = {}
        for doc in documents:
            for slug, label in facet.values(doc.data, slugger):
                value = found.setdefault(slug, FacetValue(slug, label, f"{url}{slug}/"))
                value.documents.append(doc)
        if facet.newest_first:
            values = sorted(found.values(), key=lambda v: v.slug, reverse=True)
        else:
            values = sorted(found.values(), key=lambda v: (fold(v.label), v.slug))
        groups.append(FacetGroup(facet, url, values))
    return groups
