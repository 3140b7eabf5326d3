"""Field types shared by the pydantic request models (intake/schema.py, http/*_bodies.py).

Apart from domain/text.py so that code that only cleans text (SMS filing, pages) does not load
pydantic; only request models import this module."""
from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator

from chalicelib.domain.text import clean_text


def _clean_input(value: Any) -> Any:
    return clean_text(value) if isinstance(value, str) else value  # other types fail validation as before


# A pydantic str field that is cleaned before its length and other rules are checked.
CleanText = Annotated[str, BeforeValidator(_clean_input)]
