"""The citizen in the loop on the web form: when the reporter did not choose a topic and the router would be
unsure of the text, the form asks them, before filing, to pick one of the three topics the text most likely
is (plain descriptions) or "none of these". A server round trip (hidden `topic_asked`), so it works
without JavaScript; asked once: a second send files whatever they chose."""
from __future__ import annotations

from chalicelib.classify import MAX_TEXT_CHARS, ReportTextError, classify
from chalicelib.classify.classifier import FALLBACK_CATEGORY
from chalicelib.directory import catalogue
from chalicelib.directory.catalogue import Category

OFFERED = 3
NONE = "none"  # "none of these": the topic stays for the admins to decide
ASKED = "topic_asked"
CHOICE = "topic_choice"


def unsure_topics(title: str, body: str, region_code: str | None) -> list[Category]:
    """The topics to offer (best first), or [] when the router would route the text by itself (confident)
    or cannot read it at all (nothing sensible to offer)."""
    try:
        result = classify(f"{title}\n{body}"[:MAX_TEXT_CHARS], region_code=region_code)
    except ReportTextError:
        return []
    if result.confident or result.confidence <= 0:
        return []
    codes = [code for code in result.top(OFFERED + 1) if code != FALLBACK_CATEGORY][:OFFERED]
    return [c for c in (catalogue.category(code) for code in codes) if c is not None]


def apply_choice(form: dict[str, list[str]]) -> None:
    """The reporter's answer becomes the form's category (a known topic only; "none of these" and anything
    else leave the category as it was)."""
    chosen = (form.get(CHOICE) or [""])[0]
    if chosen and chosen != NONE and catalogue.category(chosen) is not None:
        form["category"] = [chosen]


def should_ask(form: dict[str, list[str]], category: str | None) -> bool:
    """Ask only a reporter who chose no topic (or "other") and was not asked yet."""
    return not (form.get(ASKED) or [""])[0] and category in (None, "", FALLBACK_CATEGORY)
