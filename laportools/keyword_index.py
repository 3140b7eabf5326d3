"""Rewrites chalicelib/data/lexicon/keyword_index.json (chalicelib/classify/keywords.py) after a
change to the catalogue's keywords, the lexicon or the normalisation: `python -m laportools.keyword_index`."""
from __future__ import annotations

from chalicelib.classify.keywords import INDEX_FILE, indexes_json


def main() -> None:
    INDEX_FILE.write_text(indexes_json(), encoding="utf-8")
    print(f"wrote {INDEX_FILE}")


if __name__ == "__main__":
    main()
