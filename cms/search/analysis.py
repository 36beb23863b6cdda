"""Vietnamese text analysis shared by indexing and querying.

NFC first, so decomposed input (NFD, common from some keyboards and PDFs) forms whole
syllables; then lower case; then whoosh's accent map, which folds every precomposed
Vietnamese letter including đ→d. "Cải cách", "cai cach" and "CẢI CÁCH" all become "cai cach".
"""

import unicodedata

from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, Tokenizer
from whoosh.support.charset import accent_map

# Letters, digits and combining marks (U+0300–U+036F) make a token.
TOKEN_PATTERN = r"[\w\u0300-\u036f]+"  # noqa: S105 - a regex, not a secret


def normalize(text: str) -> str:
    """Canonical form for storing and comparing text: NFC."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower-case, tone- and mark-free form of a text (the form the index matches on)."""
    return normalize(text).lower().translate(accent_map)


class NfcTokenizer(Tokenizer):
    """A regex tokenizer that normalizes its input to NFC first."""

    def __init__(self, expression: str = TOKEN_PATTERN):
        self._inner = RegexTokenizer(expression)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NfcTokenizer) and self._inner == other._inner

    def __call__(self, value: str, **kwargs):  # noqa: ANN204 - whoosh's generator protocol
        return self._inner(normalize(value), **kwargs)


def vietnamese_analyzer():  # noqa: ANN201 - whoosh composes analyzers with |
    """The analyzer for every text field: NFC, tokens, lower case, folded tones and đ."""
    return NfcTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)
