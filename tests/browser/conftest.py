"""Browser fixtures: the Chalice app served over HTTP on a free port (in this process, on the
tests' moto server), and headless Debian Chromium driven by Playwright.

The server runs in-process so a test can act as the agency (workflow.perform) and run the routing
stage (the local event runtime's consumers, via `drain`) at the moment it chooses, and then watch
the open page notice the change."""
from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import free_port

CHROMIUM = os.environ.get("LAPOR_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"


@pytest.fixture(scope="module")
def site(app: Any) -> Iterator[str]:
    """Base URL of the app served by Chalice's local server in a thread."""
    from chalice.config import Config
    from chalice.local import create_local_server

    original_class = app.app.__class__  # create_local_server swaps it; restored for later tests
    port = free_port()
    config = Config.create(chalice_stage="local", app_name="lapor", lambda_timeout=60,
                           project_dir=str(Path(__file__).resolve().parents[2]))
    server = create_local_server(app.app, config, "127.0.0.1", port)
    thread = threading.Thread(target=server.server.serve_forever, name="web-test-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        server.server.server_close()
        app.app.__class__ = original_class


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


def screenshot(page: Any, name: str) -> None:
    """Full-page screenshots at 360 px and 1280 px wide into test-artifacts/browser/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    original = page.viewport_size
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size(original)


def assert_accessible(page: Any, name: str) -> None:
    """axe-core (vendored) finds no serious or critical violation on the page as it is now.
    Needs a page with JavaScript enabled (axe.run never settles without timers)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"axe-{name}.json").write_text(json.dumps(result, indent=2))
    serious = [v for v in result if v["impact"] in ("serious", "critical")]
    assert not serious, f"axe on {name}: {json.dumps(serious, indent=2)}"
