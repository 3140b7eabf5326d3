"""`make bench`: runs every benchmark section and prints one table."""
from __future__ import annotations

import importlib
import sys

SECTIONS = ["bench.coldstart", "bench.pipeline", "bench.sweep", "bench.classifier", "bench.real_routing", "bench.emulator"]


def main() -> None:
    rows: list[tuple[str, str]] = []
    for name in SECTIONS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name == name:
                continue
            raise
        print(f"running {name} ...", file=sys.stderr, flush=True)
        rows += module.run()
    width = max(len(r[0]) for r in rows)
    print(f"\n{'metric'.ljust(width)}  value\n{'-' * width}  -----")
    for metric, value in rows:
        print(f"{metric.ljust(width)}  {value}")


if __name__ == "__main__":
    main()
