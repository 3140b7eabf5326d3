"""Which level of government a topic goes to: the one place that decides it.

A topic's default is categories.json's `national` flag (a national programme goes to the body that owns
it). Real admins send some national programmes to the regional office that carries them out (subsidised
fertiliser to the agriculture office, social-assistance data to the social office), so
chalicelib/data/routing/levels.json, which operators edit, overrides the default per topic, each
entry with its source.
"""
from __future__ import annotations

import json
from functools import lru_cache

from chalicelib.directory.catalogue import DATA, Category

LEVELS_FILE = DATA / "routing" / "levels.json"
LEVELS = ("national", "regional")


@lru_cache(maxsize=1)
def rules() -> dict[str, dict[str, str]]:
    """category code -> {"level": "national" | "regional", "source": why}; checked on load, so a typo in
    the operator's file fails the first routing (and the test suite), not silently."""
    raw = json.loads(LEVELS_FILE.read_text(encoding="utf-8"))["rules"]
    for code, rule in raw.items():
        if rule.get("level") not in LEVELS or not rule.get("source"):
            raise ValueError(f"{LEVELS_FILE.name}: {code} needs a level ({' or '.join(LEVELS)}) and a source")
    return raw


def routed_nationally(category: Category) -> bool:
    """True: the programme's national owner handles it; False: the report's region's office does."""
    rule = rules().get(category.code)
    return category.national if rule is None else rule["level"] == "national"
