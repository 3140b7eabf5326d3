"""Trains the report-category model from the labelled corpus: `python -m laportools.model` (or `make model`).

Reproducible: fixed seed and one thread, so the same corpus gives the same model file byte for
byte. Writes chalicelib/data/model/categories.ftz (quantised fastText), vocabulary.json (the
normaliser's vowel-restoring vocabulary) and MODEL.md (parameters, corpus digest, held-out score).

Training needs the full `fasttext` package, which cannot share a venv with the predict-only
`fasttext-predict` that the Lambda uses (both install a module named `fasttext`); `make model`
creates .venv/trainer from laportools/requirements-model.txt and this module re-runs itself there.
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from chalicelib.classify.classifier import KEYWORD_WEIGHT, score
from chalicelib.classify.model import LABEL_PREFIX, MODEL_DIR, MODEL_FILE, VOCABULARY_FILE
from chalicelib.classify.normalise import Vocabulary, skeleton, tokens
from chalicelib.directory.catalogue import categories

from . import corpus

ROOT = Path(__file__).resolve().parent.parent
TRAINER_PYTHON = ROOT / ".venv" / "trainer" / "bin" / "python"
# Chosen by cross-validation (`--cv`, same folds) on the whole training messages, the training texts
# most like the held-out complaints; top-1 of classify() there at its best keyword weight (and over all
# training texts): softmax 0.756 (0.800); one-vs-all loss 0.778 (0.830), with lr 0.25 0.792 (0.831),
# dim 100 0.788 (0.836), epoch 200 0.788 (0.831), wordNgrams 1 0.770, lr 0.1 0.781, without char
# n-grams (softmax) 0.715. One-vs-all scores each category on its own, so words shared by many topics
# no longer push probability onto whichever topic had most training texts; classify() renormalises.
# dim 50 keeps the model file and the cold start as they were.
PARAMS = {
    "lr": 0.25, "epoch": 100, "wordNgrams": 2, "minn": 3, "maxn": 5, "dim": 50, "bucket": 100000,
    "loss": "ova", "thread": 1, "seed": 11, "verbose": 0,
}
QUANTISE = {"qnorm": True, "retrain": False, "cutoff": 0, "dsub": 2}
KEYWORD_REPEATS = 3  # each catalogue keyword is a short training example, weighted like this
# Training files of whole messages (15-70 words, as citizens send them) rather than short phrases: the
# cross-validated figure over these alone is the closest the training data comes to the held-out texts.
WHOLE_MESSAGES = "train_[ij]*.txt"
MIN_SKELETON_LENGTH = 4  # shorter words have too many look-alikes once the vowels are gone


def _trainer() -> object:
    try:
        import fasttext
    except ImportError:
        fasttext = None
    if fasttext is not None and hasattr(fasttext, "train_supervised"):
        return fasttext
    if TRAINER_PYTHON.exists() and Path(sys.executable) != TRAINER_PYTHON:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        raise SystemExit(subprocess.call([str(TRAINER_PYTHON), "-m", "laportools.model", *sys.argv[1:]], env=env, cwd=ROOT))
    raise SystemExit("training needs the full fastText package: run `make model` (it creates .venv/trainer)")


def build_vocabulary(documents: list[list[str]]) -> Vocabulary:
    """Every training word, and for each skeleton of a long word the most frequent word that has it."""
    counts = Counter(w for doc in documents for w in doc)
    by_skeleton: dict[str, tuple[int, str]] = {}
    for word, count in counts.items():
        if len(word) < MIN_SKELETON_LENGTH or not word.isalpha():
            continue
        key = skeleton(word)
        if key == word:
            continue
        best = by_skeleton.get(key)
        if best is None or (count, word) > best:
            by_skeleton[key] = (count, word)
    return Vocabulary(frozenset(counts), {k: w for k, (_, w) in sorted(by_skeleton.items())})


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def _classify_scores(held: list[tuple[str, str]]) -> tuple[float, float]:
    """Held-out top-1 and top-3 of what the server answers: classify() on the model just written."""
    from chalicelib.classify.classifier import classify

    top1 = top3 = 0
    for code, text in held:
        result = classify(text)
        top1 += result.category == code
        top3 += code in result.top(3)
    return top1 / len(held), top3 / len(held)


def _training_rows(rows: list[tuple[str, str]]) -> list[tuple[str, str]]:
    # The catalogue's keywords and names are the words citizens use for each topic: teach them too,
    # except acronyms, which normalise to a common word ("skl" -> "sekolah") the model must not learn.
    from chalicelib.classify.keywords import is_acronym

    return rows + [(c.code, word) for c in categories().values() for word in (*c.keywords, c.name_id)
                   if not is_acronym(word)] * KEYWORD_REPEATS


def cross_validate(fasttext: object, folds: int = 3) -> None:
    """`python -m laportools.model --cv`: top-1 over the training phrases, each fold's phrases left out of the
    training, for the current PARAMS and keyword weights around KEYWORD_WEIGHT (change PARAMS and rerun to
    compare). How PARAMS and KEYWORD_WEIGHT are chosen without looking at the held-out split, which stays a
    measure of what was never tuned on."""
    from chalicelib.classify.keywords import literal_words, matched_keywords
    from chalicelib.classify.normalise import restore_vowels

    phrases = corpus.read_sections("train_*.txt")
    messages = {text for texts in corpus.read_sections(WHOLE_MESSAGES).values() for text in texts}
    scored = []
    for fold in range(folds):
        train = _training_rows(list(corpus.training_examples(lambda code, i: i % folds != fold)))
        vocabulary = build_vocabulary([tokens(text) for _, text in train])
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "train.txt"
            data.write_text("".join(f"{LABEL_PREFIX}{code} {' '.join(tokens(text, vocabulary))}\n"
                                    for code, text in train), encoding="utf-8")
            model = fasttext.train_supervised(input=str(data), **PARAMS)
        for code in sorted(phrases):
            for text in phrases[code][fold::folds]:
                words = restore_vowels(tokens(text), vocabulary)
                found = matched_keywords(words, literal_words(text))
                labels, probs = model.predict(" ".join(words), k=-1)
                scored.append((code, text in messages, [(label[len(LABEL_PREFIX):], float(p), len(found.get(label[len(LABEL_PREFIX):], ())))
                                                        for label, p in zip(labels, probs)]))
    subsets = {"all training texts": scored, "whole messages only": [s for s in scored if s[1]]}
    for weight in (0.0, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 6.0, 8.0):
        figures = []
        for name, rows in subsets.items():
            hits = sum(max(cands, key=lambda c: score(c[1], c[2], weight))[0] == code for code, _, cands in rows)
            figures.append(f"{name} {hits / max(len(rows), 1):.3f} ({len(rows)})")
        print(f"cross-validated top-1, keyword weight {weight}: " + ", ".join(figures))
    # Which training topics the model confuses (training phrases only): where new phrases help most.
    confusions = Counter((code, max(cands, key=lambda c: score(c[1], c[2]))[0]) for code, _, cands in scored)
    print(f"most frequent cross-validated confusions at keyword weight {KEYWORD_WEIGHT} (expected -> predicted: count):")
    for (expected, predicted), count in sorted(confusions.items(), key=lambda item: (-item[1], item[0])):
        if expected != predicted and count > 1:
            print(f"  {expected} -> {predicted}: {count}")


def main() -> None:
    fasttext = _trainer()
    if "--cv" in sys.argv[1:]:
        cross_validate(fasttext)
        return
    corpus.main()
    train = _training_rows(corpus.read(corpus.TRAIN))
    vocabulary = build_vocabulary([tokens(text) for _, text in train])
    MODEL_DIR.mkdir(parents=True, exist_ok=True)
    VOCABULARY_FILE.write_text(json.dumps(
        {"known": sorted(vocabulary.known), "by_skeleton": dict(vocabulary.by_skeleton)},
        ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "train.txt"
        data.write_text("".join(f"{LABEL_PREFIX}{code} {' '.join(tokens(text, vocabulary))}\n" for code, text in train),
                        encoding="utf-8")
        model = fasttext.train_supervised(input=str(data), **PARAMS)
        model.quantize(input=str(data), **QUANTISE)
        model.save_model(str(MODEL_FILE))
    held = corpus.read(corpus.HELDOUT)
    hits = sum(model.predict(" ".join(tokens(text, vocabulary)))[0][0] == LABEL_PREFIX + code for code, text in held)
    size = MODEL_FILE.stat().st_size
    top1, top3 = _classify_scores(held)
    (MODEL_DIR / "MODEL.md").write_text(
        "# Report-category model\n\n"
        "Built by `make model` (laportools/model.py) from corpus/train.tsv; never edit by hand.\n\n"
        f"- fastText supervised, parameters: `{json.dumps(PARAMS, sort_keys=True)}`\n"
        f"- quantised: `{json.dumps(QUANTISE, sort_keys=True)}`\n"
        "- parameters and the keyword weight chosen by cross-validation over the training texts (the whole messages decide) "
        "(`python -m laportools.model --cv`), never on the held-out split\n"
        f"- corpus/train.tsv sha256 {_digest(corpus.TRAIN)} ({len(train)} examples with the catalogue keywords), "
        f"corpus/heldout.tsv sha256 {_digest(corpus.HELDOUT)} ({len(held)} examples)\n"
        f"- categories.ftz {size:,} bytes, sha256 {_digest(MODEL_FILE)}\n"
        f"- held-out top-1 of the model alone, without the keyword evidence classify() adds: {hits / len(held):.3f}\n"
        f"- held-out top-1 / top-3 of classify() (model and keyword evidence, weight {KEYWORD_WEIGHT}): "
        f"{top1:.3f} / {top3:.3f} (all figures: `python -m bench.classifier`)\n",
        encoding="utf-8")
    print(f"model: {MODEL_FILE.relative_to(ROOT)} ({size:,} bytes), held-out top-1 {hits}/{len(held)} = {hits / len(held):.3f}"
          f" (model alone), {top1:.3f} / {top3:.3f} top-1 / top-3 of classify()")


if __name__ == "__main__":
    main()
