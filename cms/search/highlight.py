"""Highlighted titles and snippets: escaped text in which the only markup is <mark>.

Written here rather than with whoosh.highlight because matching is on folded tokens while the
display keeps the original text, and adjacent matched syllables ("cải cách") form one <mark>. The
text is folded character for character (same length), so one regex over the folded text finds the
spans to mark in the original: no per-token Python work on long bodies.
"""

import re
from bisect import bisect_left
from html import escape

from cms.search.analysis import fold_same_length

SNIPPET_CHARS = 260
LEAD_CHARS = 40


def _pattern(terms: set[str]) -> re.Pattern | None:
    if not terms:
        return None
    words = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{words})(?![^\W_])")


def _spans(text: str, pattern: re.Pattern | None) -> list[tuple[int, int, str]]:
    if pattern is None:
        return []
    return [(m.start(), m.end(), m.group()) for m in pattern.finditer(fold_same_length(text))]


def _marked(text: str, spans: list[tuple[int, int, str]]) -> str:
    """Escape text and wrap the spans, merging spans separated by spaces only."""
    merged: list[list[int]] = []
    for start, end, _ in spans:
        if merged and not text[merged[-1][1] : start].strip():
            merged[-1][1] = end
        else:
            merged.append([start, end])
    out, pos = [], 0
    for start, end in merged:
        out.append(escape(text[pos:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


def highlight(text: str, terms: set[str]) -> str:
    return _marked(text, _spans(text, _pattern(terms)))


def _window_score(text: str, spans: list[tuple[int, int, str]]) -> int:
    """Distinct terms first, then the longest run of adjacent matches (a phrase), then the count."""
    longest = run = 1
    for (_, end, _), (start, _, _) in zip(spans, spans[1:], strict=False):
        run = run + 1 if not text[end:start].strip() else 1
        longest = max(longest, run)
    return len({term for _, _, term in spans}) * 1000 + longest * 20 + len(spans)


def snippet(text: str, terms: set[str]) -> str:
    """The passage of about SNIPPET_CHARS characters with the best matches, highlighted."""
    spans = _spans(text, _pattern(terms))
    if not spans:
        end = _cut(text, min(len(text), SNIPPET_CHARS))
        return escape(text[:end]) + (" …" if end < len(text) else "")
    starts = [s for s, _, _ in spans]
    best, best_score = 0, -1
    for n, (start, _, _) in enumerate(spans):
        inside = spans[n : bisect_left(starts, start + SNIPPET_CHARS - LEAD_CHARS)]
        score = _window_score(text, inside)
        if score > best_score:
            best, best_score = n, score
    begin = _start(text, max(0, spans[best][0] - LEAD_CHARS))
    end = _cut(text, min(len(text), begin + SNIPPET_CHARS))
    shown = [(s - begin, e - begin, t) for s, e, t in spans if s >= begin and e <= end]
    prefix = "… " if begin > 0 else ""
    suffix = " …" if end < len(text) else ""
    return prefix + _marked(text[begin:end], shown) + suffix


def _start(text: str, pos: int) -> int:
    """Move a start to the beginning of a word."""
    if pos == 0:
        return 0
    space = text.rfind(" ", 0, pos)
    return space + 1 if space >= 0 and pos - space < LEAD_CHARS else pos


def _cut(text: str, pos: int) -> int:
    """Move an end back to the end of a word."""
    if pos >= len(text):
        return len(text)
    space = text.rfind(" ", 0, pos)
    return space if space > 0 and pos - space < LEAD_CHARS else pos
