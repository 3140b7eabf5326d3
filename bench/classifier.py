"""Classifier figures, measured: `python -m bench.classifier` (details) or `make bench` (summary rows).

Accuracy (top-1, top-3) on the held-out split per category and overall, the most frequent
confusions, precision and coverage at the confidence threshold, latency per text (p50/p99), model
file size, cold import and model load time (fresh interpreters), place-index load times, and
precision/recall of the duplicate score on corpus/duplicates.tsv.
"""
from __future__ import annotations

import csv
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections import Counter, defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported inside the measurements, so the import time is measured
    from chalicelib.classify import Classification

ROOT = Path(__file__).resolve().parent.parent
HELDOUT = ROOT / "corpus" / "heldout.tsv"
# English complaints, one per category, written apart from the training data and never trained on (the
# form speaks English, so English complaints must route as well as Indonesian ones): measured apart.
HELDOUT_EN = ROOT / "corpus" / "heldout_en.tsv"
DUPLICATES = ROOT / "corpus" / "duplicates.tsv"


# What every Lambda function of Lapor has imported before it classifies (its AWS client library and
# with it the standard modules the classifier also uses): the classifier's share of a cold start is
# what comes on top of that.
FUNCTION_BASE = "import botocore.session"


def _fresh(code: str, setup: str = "", repeats: int = 3) -> float:
    """Seconds a fresh interpreter spends on `code` after `setup` (best of `repeats`, the
    interpreter's own start and the setup excluded)."""
    timer = f"{setup}\nimport time; t=time.perf_counter(); {code}; print(time.perf_counter()-t)"
    runs = [float(subprocess.run([sys.executable, "-c", timer], cwd=ROOT, capture_output=True, text=True,
                                 check=True).stdout.strip().splitlines()[-1]) for _ in range(repeats)]
    return min(runs)


def accuracy(path: Path = HELDOUT) -> dict:
    """Top-1/top-3, confident share and precision, latency over one held-out file."""
    from chalicelib.classify import classify
    rows = [r.split("\t", 1) for r in path.read_text(encoding="utf-8").splitlines()[1:] if r]
    per: dict[str, Counter] = defaultdict(Counter)
    confusions: Counter = Counter()
    confident = confident_right = 0
    latencies = []
    classify("pemanasan")  # load the model outside the timings
    results = []
    for code, text in rows:
        start = time.perf_counter()
        result = classify(text)
        latencies.append(time.perf_counter() - start)
        results.append((code, text, result))
        top3 = result.top(3)
        per[code]["n"] += 1
        per[code]["top1"] += result.category == code
        per[code]["top3"] += code in top3
        if result.category != code:
            confusions[(code, result.category)] += 1
        if result.confident:
            confident += 1
            confident_right += result.category == code
    latencies.sort()
    n = len(rows)
    return {
        "n": n, "per": per, "confusions": confusions, "sets": by_set(results),
        "top1": sum(c["top1"] for c in per.values()) / n, "top3": sum(c["top3"] for c in per.values()) / n,
        "coverage": confident / n, "precision": confident_right / confident if confident else 0.0,
        "p50": statistics.median(latencies), "p99": latencies[min(n - 1, int(n * 0.99))],
    }


# The held-out complaints came in two sets: the first written by the authors of the training
# phrases (issue 11c), the second by a writer who never saw the training data (its wording is
# further from it, which is what citizens' wording is).
HELDOUT_SETS = {"set 1 (heldout_a-f, by the training writers)": "heldout_[a-f].txt",
                "set 2 (heldout_g-h, written apart from training)": "heldout_[g-h].txt"}


def by_set(results: list[tuple[str, str, Classification]]) -> dict[str, tuple[int, float, float]]:
    """Per held-out set: (texts, top-1, top-3), from the answers accuracy() already has."""
    from laportools import corpus

    out = {}
    for name, pattern in HELDOUT_SETS.items():
        texts = {text for texts in corpus.read_sections(pattern).values() for text in texts}
        mine = [(code, r) for code, text, r in results if text in texts]
        if not mine:
            continue
        top1 = sum(r.category == code for code, r in mine) / len(mine)
        top3 = sum(code in r.top(3) for code, r in mine) / len(mine)
        out[name] = (len(mine), top1, top3)
    return out


def duplicates() -> dict:
    from chalicelib.classify import DUPLICATE_THRESHOLD, similarity
    with DUPLICATES.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    tp = fp = fn = 0
    for row in rows:
        result = similarity(row["text_a"], row["text_b"], region_a=row["region_a"], region_b=row["region_b"],
                            category_a=row["category_a"], category_b=row["category_b"])
        truth = row["duplicate"] == "1"
        tp += truth and result.duplicate
        fp += (not truth) and result.duplicate
        fn += truth and not result.duplicate
    return {"pairs": len(rows), "threshold": DUPLICATE_THRESHOLD,
            "precision": tp / (tp + fp) if tp + fp else 0.0, "recall": tp / (tp + fn) if tp + fn else 0.0}


def memory_of_model() -> float:
    """MiB allocated by Python while loading the model (the fastText arrays live outside Python's
    allocator, so the file size is the better guide to their share)."""
    from chalicelib.classify import model as model_module
    tracemalloc.start()
    model_module.load()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def figures(quick: bool = False) -> dict:
    """Every figure; `quick` times each fresh interpreter once instead of best of 3 (accuracy is
    always over the whole held-out split: it takes about a second)."""
    from chalicelib.classify.model import MODEL_FILE
    repeats = 1 if quick else 3
    out = {"accuracy": accuracy(), "english": accuracy(HELDOUT_EN), "duplicates": duplicates()}
    out["model_bytes"] = MODEL_FILE.stat().st_size
    out["import_s"] = _fresh("import chalicelib.classify", repeats=repeats)
    out["load_s"] = _fresh("import chalicelib.classify.model as m; m.model()", repeats=repeats)
    out["first_classify_s"] = _fresh("from chalicelib.classify import classify; classify('jalan rusak di desa')",
                                     repeats=repeats)
    out["function_classify_s"] = _fresh("from chalicelib.classify import classify; classify('jalan rusak di desa')",
                                        setup=FUNCTION_BASE, repeats=repeats)
    out["districts_s"] = _fresh("from chalicelib.classify import places; places._districts_index()", repeats=repeats)
    out["villages_s"] = _fresh("from chalicelib.classify import places; places._villages_index()", repeats=repeats)
    out["model_python_mib"] = memory_of_model()
    return out


def run(quick: bool = False) -> list[tuple[str, str]]:
    """Summary rows for `make bench`."""
    f = figures(quick)
    a, e, d = f["accuracy"], f["english"], f["duplicates"]
    return [
        ("classifier held-out top-1 / top-3", f"{a['top1']:.3f} / {a['top3']:.3f} ({a['n']} texts)"),
        *((f"classifier held-out {name.split(' (')[0]} top-1 / top-3", f"{top1:.3f} / {top3:.3f} ({n} texts)")
          for name, (n, top1, top3) in a["sets"].items()),
        ("classifier confident share / precision", f"{a['coverage']:.3f} / {a['precision']:.3f}"),
        ("classifier latency p50 / p99", f"{a['p50'] * 1000:.2f} ms / {a['p99'] * 1000:.2f} ms"),
        ("classifier English held-out top-1 / top-3", f"{e['top1']:.3f} / {e['top3']:.3f} ({e['n']} texts)"),
        ("classifier English confident share / precision", f"{e['coverage']:.3f} / {e['precision']:.3f}"),
        ("classifier English latency p50 / p99", f"{e['p50'] * 1000:.2f} ms / {e['p99'] * 1000:.2f} ms"),
        ("classifier model file", f"{f['model_bytes'] / 2**20:.2f} MiB"),
        ("cold import chalicelib.classify", f"{f['import_s'] * 1000:.0f} ms"),
        ("classifier model load (import + load)", f"{f['load_s'] * 1000:.0f} ms"),
        ("classifier added to a cold start (after botocore)", f"{f['function_classify_s'] * 1000:.0f} ms"),
        ("duplicates precision / recall", f"{d['precision']:.3f} / {d['recall']:.3f} at {d['threshold']}"),
    ]


def main() -> None:
    from chalicelib.classify import CONFIDENCE_THRESHOLD
    f = figures()
    a, d = f["accuracy"], f["duplicates"]
    print(f"Held-out split: {a['n']} texts, {len(a['per'])} categories")
    print(f"  top-1 accuracy        {a['top1']:.3f}")
    print(f"  top-3 accuracy        {a['top3']:.3f}")
    print(f"  confident (>= {CONFIDENCE_THRESHOLD}) {a['coverage']:.3f} of texts, precision {a['precision']:.3f}")
    for name, (n, top1, top3) in a["sets"].items():
        print(f"  {name}: {n} texts, top-1 {top1:.3f}, top-3 {top3:.3f}")
    e = f["english"]
    print(f"\nEnglish held-out ({HELDOUT_EN.name}, written apart, never trained on): {e['n']} texts")
    print(f"  top-1 / top-3         {e['top1']:.3f} / {e['top3']:.3f}")
    print(f"  confident (>= {CONFIDENCE_THRESHOLD}) {e['coverage']:.3f} of texts, precision {e['precision']:.3f}")
    print(f"  latency per text      p50 {e['p50'] * 1000:.2f} ms, p99 {e['p99'] * 1000:.2f} ms")
    print("  confusions: " + (", ".join(f"{w} -> {g}" for (w, g), _ in e["confusions"].most_common(8)) or "none"))
    print("\nPer category (top-1, top-3, n), worst first:")
    for code, c in sorted(a["per"].items(), key=lambda kv: (kv[1]["top1"] / kv[1]["n"], kv[0])):
        print(f"  {code:28s} {c['top1'] / c['n']:.2f}  {c['top3'] / c['n']:.2f}  {c['n']}")
    print("\nMost frequent confusions (expected -> predicted: count):")
    for (want, got), count in a["confusions"].most_common(12):
        print(f"  {want} -> {got}: {count}")
    print("\nCost:")
    print(f"  latency per text      p50 {a['p50'] * 1000:.2f} ms, p99 {a['p99'] * 1000:.2f} ms")
    print(f"  model file            {f['model_bytes']:,} bytes")
    print(f"  import chalicelib.classify (fresh interpreter)   {f['import_s'] * 1000:.1f} ms")
    print(f"  import + model load                             {f['load_s'] * 1000:.1f} ms")
    print(f"  import + first classify (cold start added)      {f['first_classify_s'] * 1000:.1f} ms")
    print(f"  import + first classify in a function that has botocore (what it adds to a Lambda cold start) "
          f"{f['function_classify_s'] * 1000:.1f} ms")
    print(f"  Python memory while loading the model           {f['model_python_mib']:.1f} MiB")
    print(f"  districts index load (first 'kec.' mention)     {f['districts_s'] * 1000:.1f} ms")
    print(f"  villages index load (first 'desa'/'kel.' mention) {f['villages_s'] * 1000:.1f} ms")
    print(f"\nDuplicates ({d['pairs']} labelled pairs) at threshold {d['threshold']}: "
          f"precision {d['precision']:.3f}, recall {d['recall']:.3f}")


if __name__ == "__main__":
    main()
