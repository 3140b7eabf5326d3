"""Only `chalicelib/store/` touches the tables: everything else asks a store function, so a key,
an index or a condition is written in one place. (Importing a record class for a type hint is
fine; querying, scanning, saving or updating through it is not.)"""
from __future__ import annotations

import re
from pathlib import Path

CHALICELIB = Path(__file__).resolve().parents[2] / "chalicelib"
TABLE_ACCESS = re.compile(
    r"Record\.\w+_index\.(query|scan|count)\("      # an index read
    r"|Record\.(query|scan|get|batch_get|batch_write|count)\("  # a table read or batch
    r"|Record\(.*\)\.save\(|\.update\(actions="     # a write
    r"|^\s*(import pynamodb|from pynamodb)", re.MULTILINE)


def test_no_table_access_outside_store() -> None:
    offenders = []
    for path in CHALICELIB.rglob("*.py"):
        if path.parent.name == "store":
            continue
        for match in TABLE_ACCESS.finditer(path.read_text(encoding="utf-8")):
            offenders.append(f"{path.relative_to(CHALICELIB)}: {match.group(0).strip()}")
    assert offenders == []
