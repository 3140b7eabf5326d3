"""Turns Indonesian as citizens write it (SMS abbreviations, regional and English words, repeated
letters, missing vowels) into the plain lowercase tokens the model was trained on.

Training (laportools/model.py) and serving call the same functions, so the model never sees a
spelling the server would not produce. The lexicon is data (chalicelib/data/lexicon/abbreviations.json).

    >>> tokens("Jln dpn skolah byk lbg, sdh 3 bln gk diperbaiki!!")
    ['jalan', 'depan', 'sekolah', 'banyak', 'lubang', 'sudah', '3', 'bulan', 'tidak', 'diperbaiki']
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

LEXICON = Path(__file__).resolve().parent.parent / "data" / "lexicon" / "abbreviations.json"

# A URL, or a whole word holding an e-mail address ("x@y.z": an "@" after its first character, then
# a "." after the next). The e-mail branch starts only at a word's start and every run in it stops at
# the character that follows, so it reads a word once: `\S+@\S+\.\S+` retried every start and
# backtracked over every "@" (issue 20: 4,000 characters of "a@a@..." took 25 s).
_URL = re.compile(r"(?:https?://|www\.)\S+|(?<!\S)\S[^\s@]*@\S[^\s.]*\.\S+")
_REDUPLICATED_2 = re.compile(r"\b([a-z]{2,})2\b")  # anak2 -> anak
_REDUPLICATED_DASH = re.compile(r"\b([a-z]{2,})-\1\b")  # anak-anak -> anak
_LETTER_DIGIT = re.compile(r"(?<=[a-z])(?=[0-9])|(?<=[0-9])(?=[a-z])")  # 3kg -> 3 kg
_REPEATS = re.compile(r"([a-z])\1{2,}")  # tolooong -> tolong
_TOKEN = re.compile(r"[a-z0-9]+")
VOWELS = re.compile(r"[aiueo]")
_ASCII_CONTROLS = {code: " " for code in (*range(0x20), 0x7F)}  # Unicode category Cc within ASCII
MAX_NUMBER_DIGITS = 4  # longer numbers are phone numbers, NIKs, account numbers: noise for topics


@lru_cache(maxsize=1)
def lexicon() -> dict[str, str]:
    """Every rewrite (SMS, regional, English) as one token -> replacement mapping."""
    raw = json.loads(LEXICON.read_text(encoding="utf-8"))
    merged: dict[str, str] = {}
    for section in ("english", "regional", "sms"):  # later sections win: SMS spellings are the most common
        merged.update(raw[section])
    return merged


def _unicode_forms(text: str) -> str:
    """NFKC, control characters as spaces, lowercase, no URLs or e-mail addresses, no accents."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    text = _URL.sub(" ", text.lower())
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def _ascii_forms(text: str) -> str:
    """`_unicode_forms` for ASCII text, which no normal form or accent changes and whose only
    controls are C0 and DEL: most reports, at a fraction of the per-character work."""
    return _URL.sub(" ", text.translate(_ASCII_CONTROLS).lower())


def clean(text: str) -> str:
    """Unicode-normalised, lowercase text without URLs, e-mail addresses or control characters."""
    text = _ascii_forms(text) if text.isascii() else _unicode_forms(text)
    text = _REDUPLICATED_DASH.sub(r"\1", _REDUPLICATED_2.sub(r"\1", text))
    return _REPEATS.sub(r"\1", _LETTER_DIGIT.sub(" ", text))


def raw_tokens(text: str) -> list[str]:
    """Tokens of the cleaned text, before any rewriting (region detection reads these)."""
    return [t for t in _TOKEN.findall(clean(text)) if not (t.isdigit() and len(t) > MAX_NUMBER_DIGITS)]


def expand(words: Iterable[str], rewrites: Mapping[str, str] | None = None) -> list[str]:
    """Abbreviations, regional and English words replaced by the standard Indonesian words."""
    rewrites = lexicon() if rewrites is None else rewrites
    out: list[str] = []
    for word in words:
        out.extend(rewrites.get(word, word).split())
    return out


def skeleton(word: str) -> str:
    """The consonants of a word: how SMS writers shorten it (sekolah -> sklh)."""
    return word[0] + VOWELS.sub("", word[1:]) if word else word


@dataclass(frozen=True)
class Vocabulary:
    """The words the model was trained on, and the skeleton each frequent long word is shortened to.
    laportools/model.py writes it next to the model (chalicelib/data/model/vocabulary.json)."""
    known: frozenset[str] = frozenset()
    by_skeleton: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Vocabulary:
        return cls(frozenset(raw["known"]), dict(raw["by_skeleton"]))


def _vowel_poor(word: str) -> bool:
    """Written the SMS way (jmbtn, sklh, dpn): under a third of its letters are vowels. Words
    with their vowels (hello, are) are not abbreviations: restoring them would turn English or
    typos into Indonesian words that were never written (hello -> halal)."""
    return sum(ch in "aeiou" for ch in word) * 3 < len(word)


def restore_vowels(words: Iterable[str], vocabulary: Vocabulary) -> list[str]:
    """Unknown words whose consonant skeleton is a known word's become that word (jmbtn -> jembatan)."""
    return [vocabulary.by_skeleton.get(skeleton(w), w)
            if w not in vocabulary.known and len(w) >= 3 and w.isalpha() and _vowel_poor(w)
            else w for w in words]


def tokens(text: str, vocabulary: Vocabulary | None = None) -> list[str]:
    """The full pipeline: clean, tokenise, expand abbreviations, then (with a vocabulary) restore vowels."""
    words = expand(raw_tokens(text))
    return restore_vowels(words, vocabulary) if vocabulary else words


def normalise(text: str, vocabulary: Vocabulary | None = None) -> str:
    """tokens() joined by single spaces: the model's input."""
    return " ".join(tokens(text, vocabulary))
