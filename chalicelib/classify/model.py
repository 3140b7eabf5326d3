"""Loads the report-category model once per process and asks it for the likeliest categories.

The model is a quantised fastText classifier (chalicelib/data/model/categories.ftz) built by
`make model` (laportools/model.py); here only the predict-only `fasttext-predict` wheel is needed.
Loading is lazy: importing this module costs nothing until the first prediction.

Versions: a model's version is the first 16 hex digits of its file's SHA-256 (MODEL.md prints the
same digest). `make model` writes it beside the model (categories.version), so a cold start reads 16
bytes instead of hashing 3.4 MB; a test holds the two equal. `make model` keeps the model it replaces
under data/model/versions/<version>/, so an operator can pin a previous one (`lapor-ops model pin
VERSION`, read by the router) and roll back without a deploy; every routing event records the version
that read the text.
"""
from __future__ import annotations

import hashlib
import json
import re
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from chalicelib.classify.normalise import Vocabulary

MODEL_DIR = Path(__file__).resolve().parent.parent / "data" / "model"
MODEL_FILE = MODEL_DIR / "categories.ftz"
VOCABULARY_FILE = MODEL_DIR / "vocabulary.json"
VERSIONS_DIR = MODEL_DIR / "versions"  # earlier models, one directory per version
LABEL_PREFIX = "__label__"
_VERSION = re.compile(r"^[0-9a-f]{16}$")


class UnknownModelVersion(LookupError):
    """A pinned version that this build does not ship (versions/<version>/ is absent)."""

    def __init__(self, version: str) -> None:
        super().__init__(f"model version {version!r} is not shipped: choose one of {', '.join(versions())}")
        self.version = version


def digest_of(model_file: Path) -> str:
    """A model file's version computed from its bytes: its SHA-256, first 16 hex digits."""
    return hashlib.sha256(model_file.read_bytes()).hexdigest()[:16]


def version_file(model_file: Path) -> Path:
    return model_file.with_suffix(".version")


def version_of(model_file: Path) -> str:
    """The version of a model file: what `make model` wrote beside it, else computed (digest_of)."""
    try:
        written = version_file(model_file).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        written = ""
    return written if _VERSION.match(written) else digest_of(model_file)


@dataclass(frozen=True)
class LoadedModel:
    predictor: Any  # fasttext's model object
    vocabulary: Vocabulary
    version: str = ""  # version_of() the model file ("" for a model built in memory)

    def predict(self, normalised_text: str, k: int) -> list[tuple[str, float]]:
        """Up to k (category code, probability) pairs, most probable first."""
        labels, probs = self.predictor.predict(normalised_text, k=k)
        return [(label[len(LABEL_PREFIX):], min(1.0, max(0.0, float(p)))) for label, p in zip(labels, probs)]


def load(model_file: Path = MODEL_FILE, vocabulary_file: Path = VOCABULARY_FILE) -> LoadedModel:
    """Read a model from files (no caching): for the trainer, the benchmark and tests."""
    import fasttext  # deferred: the package imports in ~0 ms without the model

    raw = json.loads(vocabulary_file.read_text(encoding="utf-8"))
    return LoadedModel(fasttext.load_model(str(model_file)), Vocabulary.from_json(raw), version_of(model_file))


_loaded: LoadedModel | None = None
_current: str | None = None
_earlier: dict[str, LoadedModel] = {}
_lock = threading.Lock()


def current_version() -> str:
    """The version of the shipped (newest) model."""
    global _current
    if _current is None:
        _current = _loaded.version if _loaded is not None else version_of(MODEL_FILE)
    return _current


def versions() -> list[str]:
    """Every version this build can route with: the current one first, then the kept earlier ones."""
    earlier = sorted(p.name for p in VERSIONS_DIR.iterdir() if p.is_dir() and _VERSION.match(p.name)) \
        if VERSIONS_DIR.is_dir() else []
    return [current_version(), *(v for v in earlier if v != current_version())]


def model(version: str | None = None) -> LoadedModel:
    """The shipped model (or the kept earlier `version`), loaded on first use and kept for the life of
    the process. UnknownModelVersion when `version` is neither the current nor a kept one."""
    global _loaded
    if version and version != current_version():
        return _earlier_model(version)
    if _loaded is None:
        with _lock:
            if _loaded is None:
                if not MODEL_FILE.exists():
                    raise FileNotFoundError(f"{MODEL_FILE} is missing: run `make model`")
                _loaded = load()
    return _loaded


def _earlier_model(version: str) -> LoadedModel:
    if not _VERSION.match(version) or not (VERSIONS_DIR / version / "categories.ftz").exists():
        raise UnknownModelVersion(version)
    with _lock:
        if version not in _earlier:
            directory = VERSIONS_DIR / version
            # named by its directory (the digest of the file `make model` kept there)
            _earlier[version] = replace(load(directory / "categories.ftz", directory / "vocabulary.json"),
                                        version=version)
    return _earlier[version]
