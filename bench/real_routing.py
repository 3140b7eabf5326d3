"""Routing on citizens' own words, measured against the office real admins chose.

`python -m bench.real_routing` (all figures; `make bench` prints the summary rows; `--no-replay` leaves out
the corrections replay and the two models it trains), `--quick` (the shipped
model on a handful of texts: what tests/bench runs). The real complaints (LaporGub! Jawa Tengah) are read
from ../shared/data/laporgub-jateng/ and never printed: only shares and counts leave this module. Without
them the section says so and measures nothing.

Figures, each as right office / left for a person / wrong office (laportools/realdata.judge()):
- today's router (before this change: the corpus-only model, categories.json's `national` flag alone,
  threshold 0.6) on the held-out month, on all real complaints (none of which it trained on) and on the
  written-here held-out sets;
- the router now: the held-out month (a model trained on the other months, the Demak file and the corpus),
  5-fold cross-validation over all real complaints, and the written-here held-out sets with the shipped
  model; each at the operating threshold and at the calibrated one (>= 97% right on cross-validated real
  text; for the month, chosen on the other months' cross-validated answers);
- the router with the route-reliability gate (chalicelib/routing/reliability.py) on the same sets, each gate
  learned without the texts it judges (the month's on the other months' cross-validated answers, each CV fold's
  on the other folds', the written-here sets' on all of them, as `make model` ships it), and its trade-off
  table over a few targets and each way of judging thin topics (`rare_topics`: route, destination, pool, and
  at the shipped target "confident" and "destination" with a few confidence bars, `rare_threshold`, for thin
  topics); the written-here sets include the English one (corpus/heldout_en.tsv);
- the reliability table of the cross-validated answers (confidence band -> share routed right) and the
  coverage at >= 97% precision; p50/p99 latency of one decision and the classifier's cold-start cost;
- the lift of a month of desk corrections (`--replay`): a month of the admins' decisions replayed as the
  corrections `lapor-ops model export` writes (redacted text, the topic that reaches the office they chose),
  read back by `make model CORRECTIONS=FILE`'s reader, and the held-out month routed by the model trained
  without them and with them.
Training needs the trainer venv (`make model`); models are cached by what they were trained on.
"""
from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from chalicelib.routing.reliability import RARE_TOPICS, Gate
from laportools import realdata

ROOT = Path(__file__).resolve().parent.parent
TRAINER_PYTHON = ROOT / ".venv" / "trainer" / "bin" / "python"
BASELINE_THRESHOLD = 0.6  # the router's threshold before calibration
WRITTEN_HERE_REGION = "33"  # the written-here sets have no region: judged as if sent to the province
BANDS = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 1.0001)
QUICK_TEXTS = 12
GATE_TARGETS = (0.6, 0.7, 0.75, 0.8, 0.85, 0.9)  # the route-reliability gate's trade-off table
# Confidence bars for thin topics (`rare_threshold`), measured at the shipped target with "confident" (a thin
# topic routes only at or above the bar) and "destination" (below the bar, judged by its office's record).
RARE_THRESHOLDS = {"confident": (0.65, 0.68, 0.7, 0.75, 0.8, 0.9), "destination": (0.7, 0.75, 0.8, 0.85, 0.9, 0.95)}
# What the trade-off table's count of gated topics includes besides the topics with enough routes of their own.
RARE_NOTE = {"pool": ", rare topics too", "destination": ", rare topics by their office's record too",
             "confident": ", rare topics below the bar too"}
REPLAY_MONTH = "2018-03"  # the month of admins' decisions replayed as desk corrections
SKIP_MESSAGE = f"real complaints not found at {realdata.DATA_DIR}: routing on real text not measured"

Shares = dict[str, float]


def shares(verdicts: list[realdata.Verdict]) -> Shares:
    counts = Counter(verdicts)
    n = max(len(verdicts), 1)
    return {"n": len(verdicts), **{v.name.lower(): counts[v] / n for v in realdata.Verdict}}


def show(figure: Shares) -> str:
    return (f"right {figure['right']:.3f} / left {figure['left']:.3f} / wrong {figure['wrong']:.3f}"
            f" ({figure['n']} texts)")


def judge_real(items: list[realdata.Complaint], results: list, threshold: float, new_rules: bool = True,
               gate: Gate | None = None) -> list[realdata.Verdict]:
    offices = realdata.offices()
    return [realdata.judge(realdata.route_of(result, item.region_code, threshold, new_rules, gate), offices[item.office])
            for item, result in zip(items, results)]


def learned_gate(items: list[realdata.Complaint], results: list, threshold: float, target: float,
                 rare_topics: str = "route", rare_threshold: float | None = None) -> Gate:
    """The route-reliability gate `make model` would write from these (cross-validated) answers, at `target`."""
    from laportools import model as builder

    return Gate(target, builder.GATE_MIN_SUPPORT, builder.GATE_Z, realdata.route_counts(items, results, threshold),
                rare_topics, rare_threshold)


def gated_cv(items: list[realdata.Complaint], results: list, threshold: float, target: float,
             rare_topics: str = "route", rare_threshold: float | None = None) -> Shares:
    """5-fold cross-validation with the gate: each fold's gate learned on the other folds' answers only."""
    from laportools import model as builder

    verdicts: list = [None] * len(items)
    offices = realdata.offices()
    for fold in range(builder.FOLDS):
        train = [i for i in range(len(items)) if i % builder.FOLDS != fold]
        gate = learned_gate([items[i] for i in train], [results[i] for i in train], threshold, target, rare_topics,
                            rare_threshold)
        for i in range(fold, len(items), builder.FOLDS):
            decision = realdata.route_of(results[i], items[i].region_code, threshold, gate=gate)
            verdicts[i] = realdata.judge(decision, offices[items[i].office])
    return shares(verdicts)


def gate_settings(shipped_target: float, shipped_bar: float | None = None) -> list[tuple[str, float, float | None]]:
    """(rare_topics, target, rare_threshold) of every row of the gate's trade-off table: each way of judging thin
    topics over the targets, then the confidence bars for thin topics (the shipped one among them) at the shipped
    target."""
    targets = sorted({*GATE_TARGETS, shipped_target})
    shipped = [shipped_bar] if shipped_bar is not None else []
    return ([(rare, target, None) for rare in RARE_TOPICS if rare != "confident" for target in targets]
            + [(rare, shipped_target, bar) for rare, bars in RARE_THRESHOLDS.items() for bar in sorted({*bars, *shipped})])


def written_here(model: object, threshold: float, new_rules: bool = True, gate: Gate | None = None,
                 path: Path | None = None) -> Shares:
    """The written-here held-out sets (corpus/heldout.tsv, or `path`): right when the classifier's route is the
    route of the category the text was written for (both in the province, under the same level rules)."""
    from chalicelib.classify.classifier import classify
    from laportools import corpus

    verdicts = []
    for code, text in corpus.read(path or corpus.HELDOUT):
        result = classify(text, model=model)  # type: ignore[arg-type]
        decision = realdata.route_of(result, WRITTEN_HERE_REGION, threshold, new_rules, gate)
        truth = realdata.decide(code, WRITTEN_HERE_REGION, new_rules)
        if decision is None:
            verdicts.append(realdata.Verdict.LEFT)
        else:
            same = truth is not None and decision.agency_id == truth.agency_id
            verdicts.append(realdata.Verdict.RIGHT if same else realdata.Verdict.WRONG)
    return shares(verdicts)


def reliability(items: list[realdata.Complaint], results: list) -> tuple[list[tuple[str, int, float]], list[tuple[float, bool]]]:
    """(band, routable answers, share right) per confidence band, and the (confidence, right) pairs."""
    pairs = realdata.scored_routes(items, results)
    table = []
    for low, high in zip(BANDS, BANDS[1:]):
        inside = [ok for confidence, ok in pairs if low <= confidence < high]
        table.append((f"{low:.2f}-{min(high, 1.0):.2f}", len(inside), sum(inside) / len(inside) if inside else 0.0))
    return table, pairs


def trained_figures() -> dict:
    """Everything that needs models trained without the texts they are measured on (trainer venv)."""
    from chalicelib.classify.classifier import CONFIDENCE_THRESHOLD, classify
    from chalicelib.classify.errors import MAX_TEXT_CHARS
    from laportools import model as builder

    fasttext = builder._trainer()
    items = realdata.complaints()
    month = [i for i, item in enumerate(items) if item.source == realdata.HELD_OUT_MONTH]
    corpus_only = builder.load_cached(builder.train_cached(fasttext, builder.corpus_rows()))
    base_results = [classify(item.text[:MAX_TEXT_CHARS], item.region_code, model=corpus_only) for item in items]
    base_verdicts = judge_real(items, base_results, BASELINE_THRESHOLD, new_rules=False)
    out: dict = {"baseline": {
        "month": shares([base_verdicts[i] for i in month]), "all": shares(base_verdicts),
        "written_here": written_here(corpus_only, BASELINE_THRESHOLD, new_rules=False)}}

    _, cv_results = builder.cross_validated(fasttext)
    table, pairs = reliability(items, cv_results)
    threshold, coverage, precision = builder.choose_threshold(pairs, len(items))
    others = [i for i in range(len(items)) if i not in set(month)]
    _, other_pairs = reliability([items[i] for i in others], [cv_results[i] for i in others])
    month_threshold = builder.choose_threshold(other_pairs, len(others))[0]

    labelled = builder.label_real(corpus_only, items)
    month_model = builder.load_cached(builder.real_model(
        fasttext, labelled, [item.source != realdata.HELD_OUT_MONTH for item in items]))
    month_items = [items[i] for i in month]
    month_results = [classify(item.text[:MAX_TEXT_CHARS], item.region_code, model=month_model) for item in month_items]
    shipped = builder.load_cached(builder.real_model(fasttext, labelled, [True] * len(items)))
    from laportools import corpus

    # The gate for the month is learned on the other months' (and Demak's) cross-validated answers, as the
    # month's threshold is; for the written-here sets, on all of them (what `make model` ships).
    other_items, other_results = [items[i] for i in others], [cv_results[i] for i in others]
    gate_rows = []
    for rare_topics, target, bar in gate_settings(builder.GATE_TARGET, builder.GATE_RARE_THRESHOLD):
        month_gate = learned_gate(other_items, other_results, CONFIDENCE_THRESHOLD, target, rare_topics, bar)
        full_gate = learned_gate(items, cv_results, CONFIDENCE_THRESHOLD, target, rare_topics, bar)
        gate_rows.append({
            "target": target, "rare_topics": rare_topics, "rare_threshold": bar, "gated": full_gate.gated(),
            "month": shares(judge_real(month_items, month_results, CONFIDENCE_THRESHOLD, gate=month_gate)),
            "cv": gated_cv(items, cv_results, CONFIDENCE_THRESHOLD, target, rare_topics, bar),
            "written_here": written_here(shipped, CONFIDENCE_THRESHOLD, gate=full_gate),
            "english": written_here(shipped, CONFIDENCE_THRESHOLD, gate=full_gate, path=corpus.HELDOUT_EN)})
    out["now"] = {
        "gate": gate_rows, "gate_target": builder.GATE_TARGET, "gate_min_support": builder.GATE_MIN_SUPPORT,
        "gate_rare_topics": builder.GATE_RARE_TOPICS, "gate_rare_threshold": builder.GATE_RARE_THRESHOLD,
        "english": written_here(shipped, CONFIDENCE_THRESHOLD, path=corpus.HELDOUT_EN),
        "month": shares(judge_real(month_items, month_results, CONFIDENCE_THRESHOLD)),
        "month_calibrated": shares(judge_real(month_items, month_results, month_threshold)),
        "month_threshold": month_threshold,
        "cv": shares(judge_real(items, cv_results, CONFIDENCE_THRESHOLD)),
        "cv_calibrated": shares(judge_real(items, cv_results, threshold)),
        "cv_threshold": CONFIDENCE_THRESHOLD,
        "written_here": written_here(shipped, CONFIDENCE_THRESHOLD),
        "written_here_calibrated": written_here(shipped, threshold),
        "reliability": table, "at_target": [threshold, coverage, precision],
        "labelled": sum(1 for row in labelled if row), "texts": len(items),
    }
    return out


def replay_labels() -> list[str | None]:
    """(Trainer venv.) The topic each of REPLAY_MONTH's complaints would be corrected to: the one whose route
    reaches the office the admins chose (label_real), None when none does. Codes only, never a text."""
    from laportools import model as builder

    fasttext = builder._trainer()
    items = realdata.complaints()
    corpus_only = builder.load_cached(builder.train_cached(fasttext, builder.corpus_rows()))
    labelled = builder.label_real(corpus_only, items)
    return [row[0] if row else None for item, row in zip(items, labelled) if item.source == REPLAY_MONTH]


def write_replay(labels: list[str | None], path: Path) -> int:
    """(Main venv: redaction lives in the privacy projection.) REPLAY_MONTH's decisions as the JSONL that
    `lapor-ops model export` writes; returns how many lines."""
    from chalicelib.domain.privacy import redact_public_text

    month = [item for item in realdata.complaints() if item.source == REPLAY_MONTH]
    lines = [json.dumps({"kind": "disposition", "category": label, "text": redact_public_text(item.text) or "",
                         "region_code": item.region_code, "agency_id": item.office}, ensure_ascii=False)
             for item, label in zip(month, labels)]
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return len(lines)


def corrections_replay(path: Path) -> dict:
    """(Trainer venv.) Right / left / wrong on the held-out month by a model that never saw REPLAY_MONTH, and
    by the same model retrained with the corrections file `path` (read by make model's reader)."""
    from chalicelib.classify.classifier import CONFIDENCE_THRESHOLD, classify
    from chalicelib.classify.errors import MAX_TEXT_CHARS
    from laportools import model as builder

    fasttext = builder._trainer()
    items = realdata.complaints()
    corpus_only = builder.load_cached(builder.train_cached(fasttext, builder.corpus_rows()))
    labelled = builder.label_real(corpus_only, items)
    keep = [item.source not in (realdata.HELD_OUT_MONTH, REPLAY_MONTH) for item in items]
    base_rows = builder.corpus_rows() + [row for row, kept in zip(labelled, keep) if row and kept]
    corrections = builder.read_corrections(path)
    month = [item for item in items if item.source == realdata.HELD_OUT_MONTH]
    out: dict = {"examples": len(corrections), "month": REPLAY_MONTH}
    for name, rows in (("without", base_rows), ("with", base_rows + corrections)):
        model = builder.load_cached(builder.train_cached(fasttext, rows, builder.REAL_PARAMS))
        results = [classify(item.text[:MAX_TEXT_CHARS], item.region_code, model=model) for item in month]
        out[name] = shares(judge_real(month, results, CONFIDENCE_THRESHOLD))
    return out


def _trainer_json(*args: str) -> object:
    done = subprocess.run([str(TRAINER_PYTHON), "-m", "bench.real_routing", *args], cwd=ROOT,
                          capture_output=True, text=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    if done.returncode != 0:
        raise SystemExit(f"training for bench.real_routing {args[0]} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def replay() -> dict:
    """The corrections replay, from the main venv (labels and training in the trainer venv; the JSONL of
    real texts lives in a temporary directory only)."""
    import tempfile

    labels = _trainer_json("--replay-labels")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corrections.jsonl"
        decisions = write_replay(labels, path)  # type: ignore[arg-type]
        out = _trainer_json("--replay-figures", str(path))
    return {**out, "decisions": decisions}  # type: ignore[dict-item]


def costs(texts: list[tuple[str, str]]) -> dict:
    """p50/p99 of one decision (classify and route, shipped model) and the classifier's cold start."""
    from bench.classifier import FUNCTION_BASE, _fresh
    from chalicelib.classify.classifier import CONFIDENCE_THRESHOLD, classify
    from chalicelib.classify.errors import MAX_TEXT_CHARS

    classify("pemanasan")
    latencies = []
    for text, region_code in texts:
        start = time.perf_counter()
        realdata.route_of(classify(text[:MAX_TEXT_CHARS], region_code), region_code, CONFIDENCE_THRESHOLD)
        latencies.append(time.perf_counter() - start)
    latencies.sort()
    cold = _fresh("from chalicelib.classify import classify; classify('jalan rusak di desa')", setup=FUNCTION_BASE)
    return {"p50": statistics.median(latencies), "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
            "cold": cold}


def quick(count: int = QUICK_TEXTS) -> dict | None:
    """The shipped router on the first `count` complaints of the held-out month (None: no data). The
    shipped model trained on them: a check that the pipeline runs, not a held-out figure."""
    if not realdata.available():
        return None
    from chalicelib.classify.classifier import CONFIDENCE_THRESHOLD, classify
    from chalicelib.classify.errors import MAX_TEXT_CHARS
    from chalicelib.routing import reliability

    items = realdata.complaints((realdata.HELD_OUT_MONTH,))[:count]
    results = [classify(item.text[:MAX_TEXT_CHARS], item.region_code) for item in items]
    return {"shipped": shares(judge_real(items, results, CONFIDENCE_THRESHOLD)), "threshold": CONFIDENCE_THRESHOLD,
            "gated": shares(judge_real(items, results, CONFIDENCE_THRESHOLD, gate=reliability.gate()))}


def figures(with_replay: bool = True) -> dict | None:
    if not realdata.available():
        return None
    if not TRAINER_PYTHON.exists():
        raise SystemExit("bench.real_routing trains models without the texts it measures: run `make model` first "
                         "(it creates .venv/trainer)")
    done = subprocess.run([str(TRAINER_PYTHON), "-m", "bench.real_routing", "--trained-figures"], cwd=ROOT,
                          capture_output=True, text=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    if done.returncode != 0:
        raise SystemExit(f"training for bench.real_routing failed:\n{done.stderr[-2000:]}")
    out = json.loads(done.stdout.strip().splitlines()[-1])
    if with_replay:
        out["replay"] = replay()
    month = realdata.complaints((realdata.HELD_OUT_MONTH,))
    out["costs"] = costs([(item.text, item.region_code) for item in month])
    return out


def run(quick: bool = False) -> list[tuple[str, str]]:
    """Summary rows for `make bench` (`--quick`: the shipped router on a handful of complaints)."""
    if quick:
        q = globals()["quick"]()
        if q is None:
            return [("real routing", SKIP_MESSAGE)]
        shipped, gated = q["shipped"], q["gated"]
        return [(f"real routing quick: right / left / wrong ({shipped['n']} texts, shipped model)",
                 f"{shipped['right']:.3f} / {shipped['left']:.3f} / {shipped['wrong']:.3f}"),
                (f"real routing quick, shipped gate: right / left / wrong ({gated['n']} texts)",
                 f"{gated['right']:.3f} / {gated['left']:.3f} / {gated['wrong']:.3f}")]
    f = figures()
    return [("real routing", SKIP_MESSAGE)] if f is None else rows(f)


def rows(f: dict) -> list[tuple[str, str]]:
    """The figures as (metric, value) rows."""
    b, n, c = f["baseline"], f["now"], f["costs"]
    threshold, coverage, precision = n["at_target"]
    return [
        ("real routing before: held-out month", show(b["month"])),
        ("real routing before: all real complaints", show(b["all"])),
        ("real routing before: written-here held-out", show(b["written_here"])),
        (f"real routing now: held-out {realdata.HELD_OUT_MONTH} (operating threshold {n['cv_threshold']:.3f})", show(n["month"])),
        (f"real routing now: 5-fold CV (operating threshold {n['cv_threshold']:.3f})", show(n["cv"])),
        (f"real routing now: written-here held-out (operating threshold {n['cv_threshold']:.3f})", show(n["written_here"])),
        (f"real routing now: English written-here held-out (operating threshold {n['cv_threshold']:.3f})",
         show(n["english"])),
        *gate_rows(n),
        (f"real routing calibrated: held-out {realdata.HELD_OUT_MONTH} (threshold {n['month_threshold']:.3f}, "
         "chosen on the other months)", show(n["month_calibrated"])),
        (f"real routing calibrated: 5-fold CV (threshold {threshold:.3f})", show(n["cv_calibrated"])),
        (f"real routing calibrated: written-here held-out (threshold {threshold:.3f})", show(n["written_here_calibrated"])),
        ("real routing coverage at >= 97% precision (CV)",
         f"{coverage:.3f} at threshold {threshold:.3f} ({precision:.3f} right)"),
        ("real routing decision latency p50 / p99", f"{c['p50'] * 1000:.2f} ms / {c['p99'] * 1000:.2f} ms"),
        ("classifier added to a cold start (after botocore)", f"{c['cold'] * 1000:.0f} ms"),
        *(replay_rows(f["replay"]) if "replay" in f else ()),
    ]


def shipped_row(row: dict, n: dict) -> bool:
    """True: the row is the gate as make model ships it (target, way of judging thin topics, their bar)."""
    return (row["target"] == n["gate_target"] and row.get("rare_topics", "route") == n.get("gate_rare_topics", "route")
            and row.get("rare_threshold") == n.get("gate_rare_threshold"))


def rare_label(row: dict) -> str:
    """How the row judges thin topics: "rare topics confident, rare threshold 0.95" and the like."""
    bar = row.get("rare_threshold")
    return f"rare topics {row.get('rare_topics', 'route')}" + (f", rare threshold {bar:.2f}" if bar is not None else "")


def gate_rows(n: dict) -> list[tuple[str, str]]:
    """The router with the route-reliability gate at the shipped target (each figure's gate learned without
    the texts it judges)."""
    chosen = next(row for row in n["gate"] if shipped_row(row, n))
    label = f"gate target {chosen['target']:.2f}, min support {n['gate_min_support']}, {rare_label(chosen)}"
    return [
        (f"real routing gated ({label}): held-out {realdata.HELD_OUT_MONTH} (gate learned on the other months)",
         show(chosen["month"])),
        (f"real routing gated ({label}): 5-fold CV (gate learned on the training folds)", show(chosen["cv"])),
        (f"real routing gated ({label}): written-here held-out", show(chosen["written_here"])),
        (f"real routing gated ({label}): English written-here held-out", show(chosen["english"])),
    ]


def gate_table(n: dict) -> list[str]:
    """The gate's trade-off: right / left / wrong per target (month, CV, written-here, English)."""
    lines = []
    for row in n["gate"]:
        figures = "; ".join(f"{name} {row[key]['right']:.3f} / {row[key]['left']:.3f} / {row[key]['wrong']:.3f}"
                            for name, key in (("month", "month"), ("CV", "cv"), ("written-here", "written_here"),
                                              ("English", "english")))
        gated = ", ".join(f"{level} {len(codes)}" for level, codes in sorted(row["gated"].items()))
        rare = row.get("rare_topics", "route")
        note = RARE_NOTE.get(rare, "") if rare != "destination" or row.get("rare_threshold") is None else \
            ", rare topics below the bar by their office's record too"
        lines.append(f"  {rare_label(row)}, target {row['target']:.2f}{' (shipped)' if shipped_row(row, n) else ''}: "
                     f"{figures} (topics gated: {gated}{note})")
    return lines


def replay_rows(r: dict) -> list[tuple[str, str]]:
    lift = r["with"]["right"] - r["without"]["right"]
    return [
        (f"desk corrections replayed: held-out {realdata.HELD_OUT_MONTH} without {r['month']}'s corrections",
         show(r["without"])),
        (f"desk corrections replayed: with {r['month']}'s {r['examples']} corrections (of {r['decisions']} decisions)",
         show(r["with"])),
        ("desk corrections lift (right office)", f"{lift:+.3f} (wrong {r['with']['wrong'] - r['without']['wrong']:+.3f})"),
    ]


def main() -> None:
    if "--trained-figures" in sys.argv[1:]:
        print(json.dumps(trained_figures()))
        return
    if "--replay-labels" in sys.argv[1:]:
        print(json.dumps(replay_labels()))
        return
    if "--replay-figures" in sys.argv[1:]:
        print(json.dumps(corrections_replay(Path(sys.argv[sys.argv.index("--replay-figures") + 1]))))
        return
    if "--replay" in sys.argv[1:]:
        if not realdata.available():
            print(SKIP_MESSAGE)
            return
        if not TRAINER_PYTHON.exists():
            raise SystemExit("--replay trains models: run `make model` first (it creates .venv/trainer)")
        for metric, value in replay_rows(replay()):
            print(f"{metric}: {value}")
        return
    if "--quick" in sys.argv[1:]:
        f = quick()
        print(SKIP_MESSAGE if f is None else
              f"quick (shipped model, first {QUICK_TEXTS} texts of {realdata.HELD_OUT_MONTH}, threshold "
              f"{f['threshold']:.3f}; not a held-out figure): {show(f['shipped'])}; with the shipped gate: "
              f"{show(f['gated'])}")
        return
    f = figures(with_replay="--no-replay" not in sys.argv[1:])
    if f is None:
        print(SKIP_MESSAGE)
        return
    for metric, value in rows(f):
        print(f"{metric}: {value}")
    print(f"\nRoute-reliability gate trade-off (right / left / wrong at the operating threshold; min support "
          f"{f['now']['gate_min_support']}; each gate learned without the texts it judges):")
    for line in gate_table(f["now"]):
        print(line)
    print("\nReliability of the cross-validated answers (confidence band: routable answers, share to the admins' office):")
    for band, count, right in f["now"]["reliability"]:
        print(f"  {band}: {count:4d}  {right:.3f}")
    print(f"\n{f['now']['labelled']} of {f['now']['texts']} real complaints carry a training label "
          "(the others reach an office no category routes to from their region)")


if __name__ == "__main__":
    main()
