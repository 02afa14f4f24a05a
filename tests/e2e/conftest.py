"""Real-browser fixtures: the app as a subprocess on a free port, driven by Debian's Chromium.

In CI (`CI` or `COACH_REQUIRE_BROWSER` set) a missing browser is a failure; elsewhere the
browser tests skip with a message saying how to install it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.appserver import CHROMIUM, CHROMIUM_ARGS, Server, free_port


def _browser_required() -> bool:
    return bool(os.environ.get("CI") or os.environ.get("COACH_REQUIRE_BROWSER"))


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    running = Server(free_port(), tmp_path / "coach-data")
    running.data_dir.mkdir()
    running.start()
    yield running
    running.stop()


# Module scope: Playwright's sync API keeps an event loop running on the main thread while it
# is open, which would break every later test that calls asyncio.run().
@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM}: install it with 'apt-get install chromium' to run the browser tests"
        if _browser_required():
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


