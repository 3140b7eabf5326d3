"""Finds the catalogue's keywords (categories.json: the words citizens use for a topic) in a text.

The keyword evidence both sharpens the model (a report naming "PDAM" is about PDAM even if the model
has seen few such reports) and explains the answer to staff ("matched: pdam, air keruh").

Most keywords are matched after normalisation, so "jln rusak" in a text finds the keyword "jalan
rusak". Acronyms are not: normalisation reads them as SMS shorthand or splits their digits, and then
they mean a common word ("skl", a school-leaving letter, becomes "sekolah"; "tpi", the fish auction,
becomes "tapi"; "dpt", the voter list, becomes "dapat"; "4g" becomes "4 tidak"), which would make
every text with that word evidence for the acronym's topic. An acronym counts only as written, and
not at all when it is also the SMS shorthand of a common word (citizens write "skl" for sekolah and
"dpt" for dapat far more often than for the letter or the voter list): then it tells nothing.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from chalicelib.classify.normalise import LEXICON, VOWELS, lexicon, tokens
from chalicelib.directory.catalogue import DATA, categories

MAX_NGRAM = 4
_WORD = re.compile(r"[a-z0-9]+")

Index = dict[tuple[str, ...], tuple[tuple[str, str], ...]]
CATEGORIES_FILE = DATA / "categories.json"
INDEX_FILE = DATA / "lexicon" / "keyword_index.json"


def literal_words(text: str) -> list[str]:
    """The text's words as written (lowercase, digits kept inside words): what acronyms match."""
    return _WORD.findall(text.lower())


def is_shorthand(keyword: str) -> bool:
    """An acronym that is also how SMS writers shorten one common word (skl, tpi, dpt, spt)."""
    expansion = lexicon().get(keyword.lower(), "")
    return is_acronym(keyword) and len(expansion.split()) == 1


def is_acronym(keyword: str) -> bool:
    """A one-word keyword that normalisation would turn into another word and that is written like
    an acronym: at most three letters, or without vowels, or with digits."""
    word = keyword.lower()
    if not _WORD.fullmatch(word) or tokens(word) == [word]:
        return False
    return len(word) <= 3 or not VOWELS.search(word) or any(ch.isdigit() for ch in word)


@lru_cache(maxsize=1)
def keyword_indexes() -> tuple[Index, Index]:
    """(normalised keyword tokens, acronyms as written) -> the (category, keyword) pairs using them.

    Read from INDEX_FILE, built ahead from the catalogue and the lexicon: normalising every keyword
    of the catalogue was a tenth of a second of each routing function's cold start. When either
    source changed since (an operator edited a topic's keywords), the index is built here instead."""
    if INDEX_FILE.exists():
        stored = json.loads(INDEX_FILE.read_text(encoding="utf-8"))
        if stored.get("sources") == sources_digest():
            return _from_json(stored["normalised"]), _from_json(stored["literal"])
    return build_indexes()


def build_indexes() -> tuple[Index, Index]:
    """The indexes from the catalogue's keywords and the lexicon (what INDEX_FILE holds)."""
    normalised: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    literal: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    for cat in categories().values():
        for keyword in cat.keywords:
            if is_shorthand(keyword):
                continue
            index, key = (literal, (keyword.lower(),)) if is_acronym(keyword) else (normalised, tuple(tokens(keyword)))
            # Spellings and translations of one keyword ("sampah", "garbage", "trash") normalise to the same
            # tokens: they are one piece of evidence, so each category keeps only the first of them.
            if key and len(key) <= MAX_NGRAM and all(code != cat.code for code, _ in index.get(key, ())):
                index.setdefault(key, []).append((cat.code, keyword))
    return ({k: tuple(v) for k, v in normalised.items()}, {k: tuple(v) for k, v in literal.items()})


def sources_digest() -> str:
    """SHA-256 over what the indexes are built from (the catalogue and the lexicon files)."""
    digest = hashlib.sha256()
    for source in (CATEGORIES_FILE, LEXICON):
        digest.update(source.read_bytes())
    return digest.hexdigest()


def indexes_json() -> str:
    """INDEX_FILE's text: `python -m laportools.keyword_index` writes it, a test checks it is current."""
    normalised, literal = build_indexes()
    return json.dumps({"sources": sources_digest(), "normalised": _to_json(normalised), "literal": _to_json(literal)},
                      ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def _to_json(index: Index) -> list[list[Any]]:
    return [[list(key), [list(hit) for hit in hits]] for key, hits in index.items()]


def _from_json(rows: list[list[Any]]) -> Index:
    return {tuple(key): tuple((code, keyword) for code, keyword in hits) for key, hits in rows}


def matched_keywords(words: Sequence[str], written: Sequence[str] = ()) -> dict[str, list[str]]:
    """Category code -> the keywords of it found, each counted once: in the normalised `words`, and
    (acronyms) in the `written` words of literal_words()."""
    normalised, literal = keyword_indexes()
    found: dict[str, list[str]] = {}

    def note(hits: tuple[tuple[str, str], ...]) -> None:
        for code, keyword in hits:
            if keyword not in found.setdefault(code, []):
                found[code].append(keyword)

    for size in range(1, MAX_NGRAM + 1):
        for start in range(len(words) - size + 1):
            note(normalised.get(tuple(words[start:start + size]), ()))
    for word in written:
        note(literal.get((word,), ()))
    return {code: hits for code, hits in found.items() if hits}
