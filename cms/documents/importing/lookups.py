"""Resolve the taxonomy values of a row (kind, issuer, signer's title, status, scope, reform areas)."""

import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from cms.core.models import ReformArea
from cms.documents.models import DocumentKind, Issuer, SignerTitle, ValidityStatus
from cms.documents.models.pages import Scope
from cms.search.analysis import fold


def lookup_key(value: str) -> str:
    """Case-, NFC/NFD- and spacing-insensitive form of a name."""
    return " ".join(unicodedata.normalize("NFC", value).casefold().split())


class Vocabulary:
    """Names, slugs and abbreviations of one taxonomy, matched exactly first, then without tone marks.

    A spelling shared by two different values (the unit code CP of both the Government and the
    Prime Minister, say) is ambiguous and matches neither, so nothing is guessed.
    """

    def __init__(self, entries: Iterable[tuple[object, Iterable[str]]]) -> None:
        exact: dict[str, set] = defaultdict(set)
        folded: dict[str, set] = defaultdict(set)
        for value, spellings in entries:
            for spelling in spellings:
                if spelling:
                    exact[lookup_key(spelling)].add(value)
                    folded[fold(lookup_key(spelling))].add(value)
        self._exact = {key: values.pop() for key, values in exact.items() if len(values) == 1}
        self._folded = {key: values.pop() for key, values in folded.items() if len(values) == 1}

    def get(self, spelling: str) -> object | None:
        key = lookup_key(spelling)
        found = self._exact.get(key)
        return found if found is not None else self._folded.get(fold(key))


@dataclass
class Lookups:
    kinds: Vocabulary
    issuers: Vocabulary
    signer_titles: Vocabulary
    statuses: Vocabulary
    scopes: Vocabulary
    reform_areas: Vocabulary
    issuer_names: dict[int, str]


def lookups_load() -> Lookups:
    """Every taxonomy in memory, once per run (a few hundred rows at most)."""
    kinds = [(k.pk, (k.name, k.slug, k.abbreviation)) for k in DocumentKind.objects.all()]
    issuers = list(Issuer.objects.select_related("unit"))
    issuer_spellings = [(i.pk, (i.name, i.slug, i.unit.code if i.unit else "")) for i in issuers]
    titles = [(t.pk, (t.name,)) for t in SignerTitle.objects.all()]
    areas = [(a.pk, (a.name, a.slug)) for a in ReformArea.objects.all()]
    return Lookups(
        kinds=Vocabulary(kinds),
        issuers=Vocabulary(issuer_spellings),
        signer_titles=Vocabulary(titles),
        statuses=Vocabulary((c.value, (c.value, c.label)) for c in ValidityStatus),
        scopes=Vocabulary((c.value, (c.value, c.label)) for c in Scope),
        reform_areas=Vocabulary(areas),
        issuer_names={i.pk: i.name for i in issuers},
    )
