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
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from chalicelib.classify.classifier import KEYWORD_WEIGHT, score
from chalicelib.classify.model import (
    LABEL_PREFIX,
    MODEL_DIR,
    MODEL_FILE,
    VOCABULARY_FILE,
    digest_of,
    version_file,
)
from chalicelib.classify.normalise import Vocabulary, skeleton, tokens
from chalicelib.directory.catalogue import categories
from chalicelib.routing import reliability

from . import corpus, realdata

if TYPE_CHECKING:
    from chalicelib.classify.classifier import Classification
    from chalicelib.classify.model import LoadedModel

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
        train = _training_rows(list(corpus.training_examples(lambda code, i, fold=fold: i % folds != fold)))
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
                names = [label[len(LABEL_PREFIX):] for label in labels]
                scored.append((code, text in messages, [(name, float(p), len(found.get(name, ())))
                                                        for name, p in zip(names, probs)]))
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


CACHE = ROOT / ".lapor" / "models"  # trained models by the digest of what they were trained on
FOLDS = 5
TARGET_PRECISION = 0.97  # "confident": this share of routes reach the office real admins chose
OPERATING_THRESHOLD = 0.6  # kept when no threshold below 1.0 reaches TARGET_PRECISION (see calibrate())
CALIBRATION_FILE = MODEL_DIR / "calibration.json"
# The route-reliability gate (chalicelib/routing/reliability.py), learned by calibrate() from the same
# cross-validated answers and written to chalicelib/data/routing/reliability.json. Chosen with
# `python -m bench.real_routing` (its trade-off table, each fold's gate learned on the other folds):
# target 0.75 is the lowest at which 5-fold CV's wrong routes fall clearly below the admins' own 8.3% "bukan
# wewenang" (0.7: 0.074 of the complaints to a wrong office, 0.75: 0.061; right 0.278 -> 0.216).
GATE_TARGET = 0.75  # a topic's routes must be shown to reach the admins' office at least this often
GATE_Z = 1.645  # the Wilson interval's width: its lower bound is a one-sided 95% estimate of reliability
# The smallest count whose perfect record can clear the target (n / (n + z^2) >= 0.75 needs n >= 8.1): with
# fewer routes the data cannot tell a reliable topic from a lucky one, so the topic routes as before.
GATE_MIN_SUPPORT = 9
# Topics with fewer routes (thin topics) are judged by the record of the office their routes reach, but only when
# the classifier is less than GATE_RARE_THRESHOLD sure of them ("destination" with a bar): a thin topic is held back
# only when both its office's record and the reading's confidence are against it. Measured with the bench (target
# 0.75, right / left / wrong): the gate that let thin topics route ("route") left 0.087 of the held-out month to a
# wrong office, more than the admins' own 8.3%; "destination" alone took that to 0.053 but the written-here sets'
# right routes from 0.557 to 0.459 (those texts are read surely, and that set counts a route right when it reaches
# the topic's own office); "confident", thin topics routed only at or above a bar, loses more than 0.03 of
# written-here right routes at any bar above 0.65. The bar was chosen on 5-fold cross-validation and the
# written-here sets, not on the held-out month: of the settings that keep written-here and English right within
# 0.03 of the plain gate, the one with the fewest wrong routes on CV (bench.real_routing's trade-off table).
# "pool", all thin topics judged together, gates nearly the whole catalogue (written-here right 0.030).
GATE_RARE_TOPICS = "destination"
GATE_RARE_THRESHOLD: float | None = 0.85  # a thin topic read at least this surely routes whatever its office's record


# With the real complaints (longer, noisier texts) lr 0.25 diverges on some folds (fastText: "Encountered
# NaN"); 0.1 trains every fold. The corpus-only model keeps PARAMS, so it stays byte for byte the model
# that shipped before the real complaints (the benchmark's baseline).
REAL_PARAMS = {**PARAMS, "lr": 0.1}


def train_cached(fasttext: object, rows: list[tuple[str, str]], params: dict = PARAMS) -> Path:
    """The directory holding categories.ftz and vocabulary.json trained on `rows` (training rows with the
    catalogue's keywords). Training is deterministic, so a model is cached under the digest of its rows and
    parameters: the builder and the benchmark train each fold once."""
    digest = hashlib.sha256(json.dumps([params, QUANTISE, rows], ensure_ascii=False).encode()).hexdigest()[:20]
    out = CACHE / digest
    if (out / "categories.ftz").exists():
        return out
    vocabulary = build_vocabulary([tokens(text) for _, text in rows])
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "train.txt"
        data.write_text("".join(f"{LABEL_PREFIX}{code} {' '.join(tokens(text, vocabulary))}\n" for code, text in rows),
                        encoding="utf-8")
        model = fasttext.train_supervised(input=str(data), **params)
        model.quantize(input=str(data), **QUANTISE)
        model.save_model(str(out / "categories.ftz.tmp"))
    (out / "vocabulary.json").write_text(json.dumps(
        {"known": sorted(vocabulary.known), "by_skeleton": dict(vocabulary.by_skeleton)},
        ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    (out / "categories.ftz.tmp").rename(out / "categories.ftz")  # last: a half-written model is never cached
    return out


def load_cached(directory: Path) -> LoadedModel:
    from chalicelib.classify.model import load

    return load(directory / "categories.ftz", directory / "vocabulary.json")


def corpus_rows() -> list[tuple[str, str]]:
    """The written-here training corpus with the catalogue's keywords: every model starts from it."""
    return _training_rows(corpus.read(corpus.TRAIN))


def label_real(labeller: LoadedModel, items: list[realdata.Complaint]) -> list[tuple[str, str] | None]:
    """A category for each real complaint (None: none fits): the one the labeller ranks highest among
    those the router would send to the office the admins chose (realdata.judge) from the report's own
    region (a place the text names does not choose the label: the topic does). The labeller is the
    model of the written-here corpus alone, so the labels never depend on a real text's own answer."""
    from chalicelib.classify.classifier import FALLBACK_CATEGORY, ranking
    from chalicelib.classify.errors import MAX_TEXT_CHARS

    offices = realdata.offices()
    out: list[tuple[str, str] | None] = []
    for item in items:
        office = offices[item.office]
        label = next((code for code, _ in ranking(item.text[:MAX_TEXT_CHARS], labeller)
                      if code != FALLBACK_CATEGORY
                      and realdata.judge(realdata.decide(code, item.region_code, by_place=False), office)
                      is realdata.Verdict.RIGHT), None)
        out.append((label, item.text) if label else None)
    return out


def read_corrections(path: Path) -> list[tuple[str, str]]:
    """(category, text) training rows from `lapor-ops model export` JSONL: each decision a person made on a
    report the router left or got wrong. Lines without a topic, or "other", teach nothing and are skipped;
    a line that is not a JSON object with a known category and a text stops the build, naming the line."""
    from chalicelib.classify.classifier import FALLBACK_CATEGORY

    known = categories()
    rows: list[tuple[str, str]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            raise SystemExit(f"{path}:{number}: not JSON ({error.msg})") from None
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise SystemExit(f"{path}:{number}: expected an object with a text (lapor-ops model export)")
        code = item.get("category")
        if code is None or code == FALLBACK_CATEGORY:
            continue
        if code not in known:
            raise SystemExit(f"{path}:{number}: unknown category {code!r}")
        if item["text"].strip():
            rows.append((code, item["text"]))
    return rows


CORRECTIONS: list[tuple[str, str]] = []  # `--corrections FILE`: the desk's examples, in every real model


def real_model(fasttext: object, labelled: list[tuple[str, str] | None], keep: list[bool]) -> Path:
    """A model of the corpus plus the labelled real complaints whose `keep` is True (plus the staff
    corrections given with --corrections)."""
    return train_cached(fasttext, corpus_rows() + [row for row, kept in zip(labelled, keep) if row and kept]
                        + CORRECTIONS, REAL_PARAMS)


def keep_previous() -> None:
    """Before a new model replaces the shipped one, keep the shipped one under versions/<version>/ so
    operators can pin it again (`lapor-ops model pin VERSION`)."""
    from chalicelib.classify.model import VERSIONS_DIR

    if not MODEL_FILE.exists():
        return
    target = VERSIONS_DIR / digest_of(MODEL_FILE)
    if (target / "categories.ftz").exists():
        return
    target.mkdir(parents=True, exist_ok=True)
    for name in ("vocabulary.json", "calibration.json", "MODEL.md"):
        if (MODEL_DIR / name).exists():
            shutil.copyfile(MODEL_DIR / name, target / name)
    shutil.copyfile(MODEL_FILE, target / "categories.ftz")  # last: a directory without it is no version


def cross_validated(fasttext: object) -> tuple[list[realdata.Complaint], list[Classification]]:
    """Every real complaint classified by a model that did not train on it (FOLDS folds, by position)."""
    from chalicelib.classify.classifier import classify
    from chalicelib.classify.errors import MAX_TEXT_CHARS

    items = realdata.complaints()
    labelled = label_real(load_cached(train_cached(fasttext, corpus_rows())), items)
    results: list = [None] * len(items)
    for fold in range(FOLDS):
        model = load_cached(real_model(fasttext, labelled, [i % FOLDS != fold for i in range(len(items))]))
        for i in range(fold, len(items), FOLDS):
            results[i] = classify(items[i].text[:MAX_TEXT_CHARS], items[i].region_code, model=model)
    return items, results


def choose_threshold(scored: list[tuple[float, bool]], total: int, target: float = TARGET_PRECISION
                     ) -> tuple[float, float, float]:
    """(threshold, coverage, precision): the lowest confidence at which the routes at or above it are at
    least `target` right, over (confidence, right office) pairs of the routable answers; coverage is the
    share of all `total` complaints routed then. 1.0 (route nothing) when no threshold reaches it."""
    best = (1.0, 0.0, 0.0)
    right = 0
    for routed, (confidence, ok) in enumerate(sorted(scored, key=lambda pair: -pair[0]), start=1):
        right += ok
        if right / routed >= target:
            best = (confidence, routed / total, right / routed)
    return best


def calibrate(fasttext: object) -> dict:
    """Choose CONFIDENCE_THRESHOLD on the cross-validated real complaints and write calibration.json."""
    items, results = cross_validated(fasttext)
    scored = realdata.scored_routes(items, results)
    threshold, coverage, precision = choose_threshold(scored, len(items))
    operating = OPERATING_THRESHOLD if threshold >= 1.0 else round(threshold, 4)
    at_operating = [ok for confidence, ok in scored if confidence >= operating]
    document = {
        "threshold": operating,
        "calibrated_threshold": round(threshold, 4),
        "target_precision": TARGET_PRECISION,
        "operating": (f"at the operating threshold {operating}: {len(at_operating) / len(items):.3f} of the real complaints "
                      f"routed, {sum(at_operating) / max(len(at_operating), 1):.3f} of those to the admins' office"
                      + ("; no threshold below 1.0 reaches the target, and at 1.0 the router would leave almost every "
                         "report without a category to a person, so the operating threshold stays at the previous 0.6 "
                         "until that trade-off is decided" if threshold >= 1.0 else "")),
        "source": (f"{FOLDS}-fold cross-validation over {len(items)} real complaints (LaporGub! Jawa Tengah, "
                   f"{', '.join(realdata.MONTHS)} and the Demak file), each classified by a model that did not train "
                   f"on it: at the calibrated threshold {coverage:.3f} of them are routed, {precision:.3f} of those "
                   "to the office "
                   "the admins chose (laportools/model.py calibrate(); figures: python -m bench.real_routing)"),
    }
    gate = write_reliability(items, results, operating)
    gated = gate.gated()
    document["gate"] = (f"route-reliability gate ({reliability.RELIABILITY_FILE.relative_to(ROOT)}): at a level with at least "
                        f"{gate.min_support} confident routes, a topic whose reliability's Wilson lower bound (z {gate.z}) "
                        f"is below {gate.target} is left for a person; gated: "
                        + "; ".join(f"{level} {', '.join(codes) or 'none'}" for level, codes in sorted(gated.items()))
                        + f"; topics with fewer routes: rare_topics {gate.rare_topics}"
                        + (f", rare_threshold {gate.rare_threshold}" if gate.rare_threshold is not None else ""))
    CALIBRATION_FILE.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    return document


def write_reliability(items: list[realdata.Complaint], results: list[Classification], threshold: float
                      ) -> reliability.Gate:
    """Count each topic's confident routes per region level on the cross-validated answers and write
    reliability.json (codes and counts only), the gate the router asks (chalicelib/routing/reliability.py)."""
    counts = realdata.route_counts(items, results, threshold)
    document = reliability.document_of(
        counts, GATE_TARGET, GATE_MIN_SUPPORT, GATE_Z, threshold, rare_topics=GATE_RARE_TOPICS,
        rare_threshold=GATE_RARE_THRESHOLD,
        source=(f"{FOLDS}-fold cross-validation over {len(items)} real complaints (LaporGub! Jawa Tengah, "
                f"{', '.join(realdata.MONTHS)}: reports filed with the province; the Demak file: with a regency), each "
                f"classified by a model that did not train on it; per level of the report's region and the classifier's "
                f"topic, its routes at the operating threshold {threshold} and how many reached the office the admins "
                "chose (laportools/model.py write_reliability(); figures: python -m bench.real_routing)"),
        comment=("Route-reliability gate: which of the classifier's topics route a report without a person. Written by "
                 "`make model`; operators may edit target, min_support, z or the counts (checked on load: "
                 "chalicelib/routing/reliability.py). A topic with at least min_support routes at a level whose "
                 "reliability (right / routes) has a Wilson lower bound below target is left for a person with its "
                 "suggestion (why: unreliable_topic); topics with fewer routes keep routing (rare_topics: route), route only "
                 "when the classifier is at least rare_threshold sure (rare_topics: confident), are judged by the record "
                 "of the office their routes reach (rare_topics: destination) or are judged together (rare_topics: "
                 "pool); with destination or pool, a reading at least rare_threshold sure routes whatever that record "
                 "(null: no such bar). `share` is right / routes, for reading only."))
    reliability.RELIABILITY_FILE.write_text(reliability.dumps(document), encoding="utf-8")
    return reliability.parse(document)


def train_one(fasttext: object, which: str) -> Path:
    """`--train-real all|fold:K|except:MONTH`: train one of the models the build and the benchmark use
    into the cache, so several can be trained at once in separate processes."""
    items = realdata.complaints()
    labelled = label_real(load_cached(train_cached(fasttext, corpus_rows())), items)
    if which == "all":
        keep = [True] * len(items)
    elif which.startswith("fold:"):
        fold = int(which.split(":", 1)[1])
        keep = [i % FOLDS != fold for i in range(len(items))]
    elif which.startswith("except:"):
        keep = [item.source != which.split(":", 1)[1] for item in items]
    else:
        raise SystemExit(f"--train-real {which}: expected all, fold:K or except:MONTH")
    return real_model(fasttext, labelled, keep)


def _corrections_argument() -> None:
    if "--corrections" not in sys.argv[1:]:
        return
    index = sys.argv.index("--corrections") + 1
    path = Path(sys.argv[index]) if index < len(sys.argv) else None
    if path is None or not path.is_file():
        raise SystemExit(f"--corrections: no such file {path}")
    CORRECTIONS.extend(read_corrections(path))
    print(f"{len(CORRECTIONS)} staff corrections from {path} join the training")


def main() -> None:
    fasttext = _trainer()
    _corrections_argument()
    if "--cv" in sys.argv[1:]:
        cross_validate(fasttext)
        return
    if "--train-real" in sys.argv[1:]:
        print(train_one(fasttext, sys.argv[sys.argv.index("--train-real") + 1]))
        return
    corpus.main()
    if not realdata.available():
        raise SystemExit(f"the real complaints are missing ({realdata.DATA_DIR}): the model learns from them")
    items = realdata.complaints()
    labelled = label_real(load_cached(train_cached(fasttext, corpus_rows())), items)
    built = real_model(fasttext, labelled, [True] * len(items))
    MODEL_DIR.mkdir(parents=True, exist_ok=True)
    if (built / "categories.ftz").read_bytes() != (MODEL_FILE.read_bytes() if MODEL_FILE.exists() else b""):
        keep_previous()
    shutil.copyfile(built / "categories.ftz", MODEL_FILE)
    version_file(MODEL_FILE).write_text(digest_of(MODEL_FILE) + "\n", encoding="ascii")
    shutil.copyfile(built / "vocabulary.json", VOCABULARY_FILE)
    calibration = calibrate(fasttext)
    model = load_cached(built)
    held = corpus.read(corpus.HELDOUT)
    hits = sum(model.predict(" ".join(tokens(text, model.vocabulary)), k=1)[0][0] == code for code, text in held)
    size = MODEL_FILE.stat().st_size
    top1, top3 = _classify_scores(held)
    train = corpus_rows()
    real = sum(1 for row in labelled if row)
    (MODEL_DIR / "MODEL.md").write_text(
        "# Report-category model\n\n"
        "Built by `make model` (laportools/model.py) from corpus/train.tsv and the real complaints of "
        "../shared/data/laporgub-jateng/ (read at build time, never committed); never edit by hand.\n\n"
        f"- fastText supervised, parameters: `{json.dumps(REAL_PARAMS, sort_keys=True)}` (the corpus-only model that "
        f"labels the real complaints: `{json.dumps(PARAMS, sort_keys=True)}`)\n"
        f"- quantised: `{json.dumps(QUANTISE, sort_keys=True)}`\n"
        "- parameters and the keyword weight chosen by cross-validation over the training texts (the whole messages decide) "
        "(`python -m laportools.model --cv`), never on the held-out split\n"
        f"- corpus/train.tsv sha256 {_digest(corpus.TRAIN)} ({len(train)} examples with the catalogue keywords), "
        f"corpus/heldout.tsv sha256 {_digest(corpus.HELDOUT)} ({len(held)} examples)\n"
        + (f"- staff corrections (`make model CORRECTIONS=FILE`, lapor-ops model export): {len(CORRECTIONS)} examples\n"
           if CORRECTIONS else "")
        + f"- real complaints: {real} of {len(items)} labelled with the category whose route reaches the office "
        "the admins chose (label_real(): the corpus-only model's highest-ranked such category; the rest fit no category)\n"
        f"- categories.ftz {size:,} bytes, sha256 {_digest(MODEL_FILE)}\n"
        f"- confidence threshold {calibration['threshold']}, calibrated threshold {calibration['calibrated_threshold']} "
        f"(calibration.json): {calibration['source']}; {calibration['operating']}\n"
        f"- {calibration['gate']}\n"
        f"- held-out top-1 of the model alone, without the keyword evidence classify() adds: {hits / len(held):.3f}\n"
        f"- held-out top-1 / top-3 of classify() (model and keyword evidence, weight {KEYWORD_WEIGHT}): "
        f"{top1:.3f} / {top3:.3f} (all figures: `python -m bench.classifier`; "
        "on real complaints: `python -m bench.real_routing`)\n",
        encoding="utf-8")
    print(f"model: {MODEL_FILE.relative_to(ROOT)} ({size:,} bytes), {real} real complaints labelled, held-out top-1 "
          f"{hits / len(held):.3f} (model alone), {top1:.3f} / {top3:.3f} top-1 / top-3 of classify(); "
          f"threshold {calibration['threshold']}")


if __name__ == "__main__":
    main()
