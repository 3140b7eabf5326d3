"""`make bench`: runs every benchmark section and prints one table.

Each section runs in its own interpreter: a section starts its own local endpoint and sets the
environment (stage, endpoint URL, queue URLs) that boto3 and PynamoDB fix when first used, so one
section's stopped server must never be the next one's endpoint. A section that fails is named and
makes the run fail; the others still print their rows.

`--quick` runs each section on a handful of events (tests/bench/test_sections.py runs it, so a
benchmark that stops working fails `make test`); its rows prove the section works and are not
figures to quote. The figures come from the full run.

    python -m bench                                   # every section, full size (`make bench`)
    python -m bench --quick                           # every section, a few seconds each
    python -m bench --quick --only bench.coldstart --json rows.json
"""
from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

SECTIONS = ["bench.coldstart", "bench.package_imports", "bench.pipeline", "bench.sweep", "bench.classifier",
            "bench.real_routing", "bench.emulator"]
PROJECT = Path(__file__).resolve().parents[1]
Row = tuple[str, str]


def run_section(name: str, quick: bool) -> list[Row]:
    """One section's rows, in this process. A section whose module is absent has none."""
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name == name:
            return []
        raise
    return [(str(metric), str(value)) for metric, value in module.run(quick=quick)]


def run_in_child(name: str, quick: bool) -> list[Row] | None:
    """One section's rows from a fresh interpreter, None when it failed. Its own output goes to
    our stderr (progress, errors), so stdout holds only the combined table."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "rows.json"
        argv = [sys.executable, "-m", "bench", "--only", name, "--json", str(out), *(["--quick"] if quick else [])]
        if subprocess.run(argv, cwd=PROJECT, stdout=sys.stderr, check=False).returncode != 0 or not out.exists():
            return None
        return [(metric, value) for metric, value in json.loads(out.read_text())]


def table(rows: list[Row]) -> str:
    width = max([len("metric"), *(len(metric) for metric, _ in rows)])
    lines = [f"{'metric'.ljust(width)}  value", f"{'-' * width}  -----"]
    return "\n".join(lines + [f"{metric.ljust(width)}  {value}" for metric, value in rows])


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a handful of events per section (a check, not figures)")
    parser.add_argument("--only", choices=SECTIONS, help="run this one section in this process")
    parser.add_argument("--json", type=Path, help="also write the rows to this file as JSON")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if args.only:
        print(f"running {args.only}{' (quick)' if args.quick else ''} ...", file=sys.stderr, flush=True)
        rows, failed = run_section(args.only, args.quick), []
    else:
        rows, failed = [], []
        for name in SECTIONS:
            section = run_in_child(name, args.quick)
            if section is None:
                failed.append(name)
            rows += section or []
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False))
    print("\n" + table(rows))
    if failed:
        print(f"\nfailed: {', '.join(failed)} (their errors are above)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
