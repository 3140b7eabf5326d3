"""Loads the report-category model once per process and asks it for the likeliest categories.

The model is a quantised fastText classifier (chalicelib/data/model/categories.ftz) built by
`make model` (laportools/model.py); here only the predict-only `fasttext-predict` wheel is needed.
Loading is lazy: importing this module costs nothing until the first prediction.
"""
from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from chalicelib.classify.normalise import Vocabulary

MODEL_DIR = Path(__file__).resolve().parent.parent / "data" / "model"
MODEL_FILE = MODEL_DIR / "categories.ftz"
VOCABULARY_FILE = MODEL_DIR / "vocabulary.json"
LABEL_PREFIX = "__label__"


@dataclass(frozen=True)
class LoadedModel:
    predictor: Any  # fasttext's model object
    vocabulary: Vocabulary

    def predict(self, normalised_text: str, k: int) -> list[tuple[str, float]]:
        """Up to k (category code, probability) pairs, most probable first."""
        labels, probs = self.predictor.predict(normalised_text, k=k)
        return [(label[len(LABEL_PREFIX):], min(1.0, max(0.0, float(p)))) for label, p in zip(labels, probs)]


_loaded: Optional[LoadedModel] = None
_lock = threading.Lock()


def load(model_file: Path = MODEL_FILE, vocabulary_file: Path = VOCABULARY_FILE) -> LoadedModel:
    """Read a model from files (no caching): for the trainer, the benchmark and tests."""
    import fasttext  # deferred: the package imports in ~0 ms without the model

    raw = json.loads(vocabulary_file.read_text(encoding="utf-8"))
    return LoadedModel(fasttext.load_model(str(model_file)), Vocabulary.from_json(raw))


def model() -> LoadedModel:
    """The shipped model, loaded on first use and kept for the life of the process."""
    global _loaded
    if _loaded is None:
        with _lock:
            if _loaded is None:
                if not MODEL_FILE.exists():
                    raise FileNotFoundError(f"{MODEL_FILE} is missing: run `make model`")
                _loaded = load()
    return _loaded
