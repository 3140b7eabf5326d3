"""Browser fixtures: headless Debian Chromium driven by Playwright, against the app that
tests/fixtures/site.py serves over HTTP on a free port (in this process, on the tests' moto server).

The server runs in-process so a test can act as the agency (workflow.perform) and run the routing
stage (the local event runtime's consumers, via `drain`) at the moment it chooses, and then watch
the open page notice the change."""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("LAPOR_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: run `make browser` (installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture()
def new_page(browser: Any) -> Iterator[Callable[..., Any]]:
    """new_page(javascript=True, width=360) -> a page in a fresh context (own cookies)."""
    contexts: list[Any] = []

    def _open(javascript: bool = True, width: int = 360) -> Any:
        context = browser.new_context(java_script_enabled=javascript, locale="id-ID",
                                      viewport={"width": width, "height": 800})
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield _open
    for context in contexts:
        context.close()
