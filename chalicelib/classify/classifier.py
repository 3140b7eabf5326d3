"""Reads a report and says which category (topic) it is, how sure that is, and why.

The answer combines two experts: the fastText model trained on the labelled corpus, and the
catalogue's keywords (the words citizens use for each topic). Their product, renormalised, is the
confidence. Below CONFIDENCE_THRESHOLD an answer is a suggestion for a human, not a route.

    >>> result = classify("air pdam mati 3 hari di kec. Pahandut")
    >>> result.category, result.confident, result.regions[0].name
    ('pdam', True, 'Pahandut')
"""
from __future__ import annotations

import json
import math
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from chalicelib.classify import model as model_module
from chalicelib.classify.errors import (
    MAX_TEXT_CHARS,
    EmptyReportText,
    ReportTextTooLong,
)
from chalicelib.classify.keywords import literal_words, matched_keywords
from chalicelib.classify.normalise import restore_vowels, tokens
from chalicelib.classify.places import RegionMatch, detect, region_from_places

FALLBACK_CATEGORY = "lainnya"
CALIBRATION_FILE = Path(__file__).resolve().parent.parent / "data" / "model" / "calibration.json"
# "Confident" means a route that real admins would have chosen at least 97 times in 100: the threshold is
# chosen by `make model` on cross-validated real complaints (LaporGub! Jawa Tengah), written to
# calibration.json with the figures it was chosen on; bench/real_routing.py prints the reliability table.
CONFIDENCE_THRESHOLD = float(json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))["threshold"])
# Each matched keyword multiplies a category's odds by e^2. Chosen by 3-fold cross-validation
# (`python -m laportools.model --cv`), never on the held-out split: the best top-1 over the whole training
# messages (at 1.0: 0.786, 2.0: 0.792, 3.0: 0.780, 4.0: 0.764, 6.0: 0.750). Short phrases prefer more
# weight (they say little else), but reports arrive as whole messages, where a keyword is often incidental.
KEYWORD_WEIGHT = 2.0
MIN_KNOWN_WORDS = 2  # fewer words the model has ever seen: the text is not Indonesian (or not a report)
MIN_READABLE_SHARE = 0.5  # of the characters that are letters, digits, spaces or punctuation
ALTERNATIVES = 3


@dataclass(frozen=True)
class Classification:
    category: str  # category code (chalicelib/data/categories.json)
    confidence: float  # 0..1
    confident: bool  # confidence >= CONFIDENCE_THRESHOLD and the text was readable
    alternatives: tuple[tuple[str, float], ...]  # the next most likely (code, confidence), up to 3
    keywords: tuple[str, ...]  # catalogue keywords of `category` found in the text
    reason: str  # one line for staff: why this category
    regions: tuple[RegionMatch, ...] = ()  # places named in the text
    region_code: str | None = None  # the region to route by: the reporter's, else one read from the text
    region_source: str = "none"  # "chosen", "text", "text_ambiguous" or "none"
    threshold: float = field(default=CONFIDENCE_THRESHOLD)

    def top(self, k: int) -> list[str]:
        """The k most likely categories, best first."""
        return [self.category, *(code for code, _ in self.alternatives[:k - 1])]


def score(probability: float, keyword_hits: int, weight: float = KEYWORD_WEIGHT) -> float:
    """A category's log-score: the model's log-probability plus `weight` per catalogue keyword of it
    found in the text. The one rule classify() ranks by and `laportools.model --cv` tunes."""
    return math.log(max(probability, 1e-9)) + weight * keyword_hits


def _readable_share(text: str) -> float:
    counted = [unicodedata.category(ch)[0] for ch in text if not ch.isspace()]
    if not counted:
        return 0.0
    return sum(c in "LNP" for c in counted) / len(counted)


def _low(reason: str, regions: tuple[RegionMatch, ...], region_code: str | None, source: str) -> Classification:
    return Classification(FALLBACK_CATEGORY, 0.0, False, (), (), reason, regions, region_code, source)


def _region(matches: list[RegionMatch], chosen: str | None) -> tuple[str | None, str]:
    """The reporter's choice always stands; the text only fills a missing region."""
    if chosen:
        return chosen, "chosen"
    code, ambiguous = region_from_places(matches)
    if code is None:
        return None, "none"
    return code, "text_ambiguous" if ambiguous else "text"


def _ranking(text: str, words: list[str], loaded: model_module.LoadedModel
             ) -> tuple[list[tuple[str, float]], dict[str, list[str]]]:
    """Every category with its confidence (model and keyword evidence, renormalised), best first, and
    the keywords found per category."""
    found = matched_keywords(words, literal_words(text))
    scored = [(code, score(p, len(found.get(code, ())))) for code, p in loaded.predict(" ".join(words), k=-1)]
    top = max(s for _, s in scored)
    weights = {code: math.exp(s - top) for code, s in scored}
    total = sum(weights.values())
    return sorted(((code, w / total) for code, w in weights.items()), key=lambda cp: (-cp[1], cp[0])), found


def ranking(text: str, loaded: model_module.LoadedModel) -> list[tuple[str, float]]:
    """Every category, best first, as classify() ranks them (empty for an unreadable text): what the
    model builder labels real complaints with."""
    words = restore_vowels(tokens(text), loaded.vocabulary)
    if len([w for w in words if w in loaded.vocabulary.known and not w.isdigit()]) < MIN_KNOWN_WORDS:
        return []
    return _ranking(text, words, loaded)[0]


def classify(text: str, region_code: str | None = None, *,
             model: model_module.LoadedModel | None = None) -> Classification:
    """Category, confidence, alternatives, places and reasons for one report text. `model` replaces the
    shipped one (the builder and the benchmark judge models trained without the texts they read).

    Raises EmptyReportText (nothing but white space) and ReportTextTooLong (> 4000 characters), both
    ValueError subclasses. Anything else, however odd, returns an answer; odd input a low one.
    """
    if not text or not text.strip():
        raise EmptyReportText()
    if len(text) > MAX_TEXT_CHARS:
        raise ReportTextTooLong(len(text))
    places = tuple(detect(text, region_code))
    chosen_region, source = _region(list(places), region_code)
    if _readable_share(text) < MIN_READABLE_SHARE:
        return _low("unreadable: mostly symbols, emoji or control characters", places, chosen_region, source)
    loaded = model if model is not None else model_module.model()
    words = restore_vowels(tokens(text), loaded.vocabulary)
    known = [w for w in words if w in loaded.vocabulary.known and not w.isdigit()]
    if len(known) < MIN_KNOWN_WORDS:
        return _low("too few Indonesian words to tell the topic", places, chosen_region, source)
    ranked, found = _ranking(text, words, loaded)
    best, confidence = ranked[0]
    hits = tuple(found.get(best, ()))
    if hits:
        reason = f"keywords: {', '.join(hits)}; model and keywords agree at {confidence:.0%}"
    else:
        reason = f"model reading of the text ({confidence:.0%}); no catalogue keyword matched"
    alternatives = tuple((code, round(p, 4)) for code, p in ranked[1:1 + ALTERNATIVES])
    # "Other" names no topic, so it routes nowhere: however sure the model is that a text is
    # about nothing in the catalogue, a human decides.
    confident = confidence >= CONFIDENCE_THRESHOLD and best != FALLBACK_CATEGORY
    return Classification(best, round(confidence, 4), confident, alternatives, hits,
                          reason, places, chosen_region, source)
