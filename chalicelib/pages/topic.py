"""How a report's topic (category and region) reads on a page: names, never codes, and plain words
while either is still undecided (an SMS report has neither until the router or an admin sets
them), so no page shows a literal "None"."""
from __future__ import annotations

from chalicelib.directory import catalogue
from chalicelib.pages import i18n


def category_words(code: str | None, lang: str) -> str:
    if not code:
        return i18n.t("classify_category_pending", lang)
    category = catalogue.category(code)
    return category.name(lang) if category else code


def region_words(code: str | None, lang: str) -> str:
    if not code:
        return i18n.t("region_pending", lang)
    region = catalogue.region(code)
    return region.name if region else code
