"""Vietnamese text analysis shared by indexing, querying and highlighting.

One normalizer, three token forms:
- folded: NFC, lower case, tones and marks removed, đ→d ("Hoà", "hòa", "HOA" → "hoa");
- exact: NFC, lower case, tone mark moved to one canonical vowel, so the old and new placements
  ("hòa"/"hoà", "thủy"/"thuỷ", "khỏe"/"khoẻ") are one token that still keeps its diacritics;
- bigrams: adjacent folded syllables ("hanh chinh"), which stand in for positions: Vietnamese words
  are mostly two syllables, and a bigram lookup is a plain term lookup instead of a phrase check.

Punctuation separates tokens, so a document number "876/QĐ-BNV" gives "876", "qd", "bnv" and is found
by "876", "876/qd-bnv" or "qđ 876"; `number_key` also gives its compact form "876qdbnv".
"""

import functools
import re
import unicodedata

from whoosh.support.charset import accent_map

# Letters, digits and combining marks (U+0300–U+036F) make a token; "_" does not.
TOKEN_RE = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")
_FOLD = dict(accent_map)
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_VOWELS = set("aăâeêioôơuưy")
_MARKED = set("ăâêôơư")
_NEW_STYLE_PAIRS = {"oa", "oe", "uy"}  # the tone goes on the second vowel: hoà, khoẻ, thuỷ


def normalize(text: str) -> str:
    """Canonical form for storing and displaying text: NFC."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower-case, tone- and mark-free form of a text (the form the index matches on)."""
    return normalize(text).lower().translate(_FOLD)


def _tone_position(base: str, *, new_style: bool = True) -> int | None:
    """Index of the vowel that carries the tone in a toneless syllable, None if not Vietnamese-like."""
    start = next((i for i, c in enumerate(base) if c in _VOWELS), None)
    if start is None:
        return None
    # "qu" and "gi" before a vowel are consonants: quý, già, giữa.
    if start + 1 < len(base) and base[start + 1] in _VOWELS and base[: start + 1] in ("qu", "gi"):
        start += 1
    end = start
    while end < len(base) and base[end] in _VOWELS:
        end += 1
    cluster, final = base[start:end], base[end:]
    marked = [i for i, c in enumerate(cluster) if c in _MARKED]
    if marked:
        return start + marked[-1]
    if len(cluster) == 1:
        return start
    if final:
        return end - 1
    if len(cluster) == 3:
        return start + 1
    return start + 1 if new_style and cluster in _NEW_STYLE_PAIRS else start


@functools.lru_cache(maxsize=65536)
def canonical_tones(word: str, *, new_style: bool = True) -> str:
    """One placement of the tone mark in a lower-case NFC syllable: "hòa" and "hoà" both give "hoà".

    With new_style=False the old placement ("hòa"), to find either spelling in a display text.
    """
    if word.isascii():
        return word
    tone = None
    chars = []
    for c in unicodedata.normalize("NFD", word):
        if c in _TONES:
            tone = c
        else:
            chars.append(c)
    if tone is None:
        return word
    base = unicodedata.normalize("NFC", "".join(chars))
    pos = _tone_position(base, new_style=new_style)
    if pos is None:
        return word
    return unicodedata.normalize("NFC", base[: pos + 1] + tone + base[pos + 1 :])


def folded_tokens(text: str) -> list[str]:
    return TOKEN_RE.findall(fold(text))


def exact_tokens(text: str) -> list[str]:
    """Tokens with their diacritics, tone placement unified (only tokens that have any diacritic)."""
    return [canonical_tones(t) for t in TOKEN_RE.findall(normalize(text).lower()) if not t.isascii()]


def bigrams(tokens: list[str]) -> list[str]:
    return [f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)]


def number_key(number: str) -> str:
    """Compact form of a document number: "876/QĐ-BNV" → "876qdbnv"."""
    return "".join(folded_tokens(number))


# Every entry of whoosh's accent map folds one character to one, so offsets survive folding.
_SAME_LENGTH = {k: v for k, v in accent_map.items() if isinstance(v, str) and len(v) == 1}


def fold_same_length(text: str) -> str:
    """fold() of an NFC text that keeps every character's offset, for highlighting."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few letters (İ) lower to two characters
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return lowered.translate(_SAME_LENGTH)


def fold_ascii(text: str) -> str:
    """A fast fold of a long text for substring checks: C-level calls only, punctuation kept."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return text.encode("ascii", "ignore").decode().lower()


def tone_variants(token: str) -> tuple[str, ...]:
    """The spellings of an exact token: new and old tone placement ("hoà", "hòa")."""
    return tuple(dict.fromkeys((token, canonical_tones(token, new_style=False))))
