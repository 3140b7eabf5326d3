"""Rewrites chalicelib/data/routes.json, the table the API function registers its routes from
(chalicelib/routes.py): run `python -m laportools.route_table` after adding, removing or changing a
route; `--check` exits 1 while the table and the blueprints differ (tests/test_routes.py runs it)."""
from __future__ import annotations

import json
import sys

from chalicelib.routes import ROUTE_TABLE, route_table


def render(table: list[dict[str, object]]) -> str:
    """The table as committed: one route per line, so a diff shows the routes that changed."""
    lines = ",\n".join(json.dumps(entry, ensure_ascii=False, sort_keys=True) for entry in table)
    return f"[\n{lines}\n]\n"


def main(argv: list[str]) -> int:
    table = route_table()
    if "--check" in argv:
        if ROUTE_TABLE.read_text(encoding="utf-8") != render(table):
            print(f"{ROUTE_TABLE} differs from the blueprints: run python -m laportools.route_table")
            return 1
        print(f"{ROUTE_TABLE} matches the blueprints ({len(table)} routes)")
        return 0
    ROUTE_TABLE.write_text(render(table), encoding="utf-8")
    print(f"wrote {ROUTE_TABLE} ({len(table)} routes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
