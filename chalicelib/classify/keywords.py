"""Finds the catalogue's keywords (categories.json: the words citizens use for a topic) in a text.

The keyword evidence both sharpens the model (a report naming "PDAM" is about PDAM even if the model
has seen few such reports) and explains the answer to staff ("matched: pdam, air keruh").
"""
from __future__ import annotations

from functools import lru_cache

from chalicelib.directory.catalogue import categories
from chalicelib.classify.normalise import tokens

MAX_NGRAM = 4


@lru_cache(maxsize=1)
def keyword_index() -> dict[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """Normalised keyword tokens -> the (category, keyword as written) pairs that use it."""
    index: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    for cat in categories().values():
        for keyword in cat.keywords:
            key = tuple(tokens(keyword))
            # Spellings and translations of one keyword ("sampah", "garbage", "trash") normalise to the same
            # tokens: they are one piece of evidence, so each category keeps only the first of them.
            if key and len(key) <= MAX_NGRAM and all(code != cat.code for code, _ in index.get(key, ())):
                index.setdefault(key, []).append((cat.code, keyword))
    return {k: tuple(v) for k, v in index.items()}


def matched_keywords(words: list[str]) -> dict[str, list[str]]:
    """Category code -> the keywords of it found in the (normalised) words, each counted once."""
    index = keyword_index()
    found: dict[str, list[str]] = {}
    for size in range(1, MAX_NGRAM + 1):
        for start in range(len(words) - size + 1):
            for code, keyword in index.get(tuple(words[start:start + size]), ()):
                if keyword not in found.setdefault(code, []):
                    found[code].append(keyword)
    return found
