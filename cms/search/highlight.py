"""Highlighted titles and snippets: escaped text in which the only markup is <mark>.

Written here rather than with whoosh.highlight because matching is on folded tokens while the
display keeps the original text, and adjacent matched syllables ("cải cách") form one <mark>.
"""

from bisect import bisect_left
from html import escape

from cms.search.analysis import token_spans

SNIPPET_TOKENS = 36
SNIPPET_CHARS = 320


def _marked(text: str, spans: list[tuple[int, int]]) -> str:
    """Escape text and wrap the given spans, merging spans separated by spaces only."""
    merged: list[list[int]] = []
    for start, end in spans:
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
    return _marked(text, [(s, e) for s, e, token in token_spans(text) if token in terms])


def _longest_run(positions: list[int]) -> int:
    """Length of the longest run of consecutive token positions: a phrase beats scattered words."""
    longest = current = 1 if positions else 0
    for a, b in zip(positions, positions[1:], strict=False):
        current = current + 1 if b == a + 1 else 1
        longest = max(longest, current)
    return longest


def snippet(text: str, terms: set[str]) -> str:
    """The passage of about SNIPPET_TOKENS tokens with the most distinct query terms, highlighted."""
    spans = list(token_spans(text))
    if not spans:
        return ""
    matched = [i for i, (_, _, token) in enumerate(spans) if token in terms]
    best, best_score = 0, -1
    for n, i in enumerate(matched):
        run = matched[n : bisect_left(matched, i + SNIPPET_TOKENS)]
        inside = [spans[j][2] for j in run]
        score = len(set(inside)) * 100 + _longest_run(run) * 20 + len(inside)
        if score > best_score:
            best, best_score = i, score
    first = max(0, best - 4)
    window = spans[first : first + SNIPPET_TOKENS]
    begin, end = window[0][0], window[-1][1]
    if end - begin > SNIPPET_CHARS:
        end = begin + SNIPPET_CHARS
    piece = text[begin:end]
    marked = [(s - begin, e - begin) for s, e, token in window if token in terms and e <= end]
    prefix = "… " if begin > 0 else ""
    suffix = " …" if end < len(text) else ""
    return prefix + _marked(piece, marked) + suffix
