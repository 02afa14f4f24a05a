"""Cold start: process start to /_stcore/health OK, and to the Start page rendered in Chromium.

Run: .venv/bin/python bench/startup.py
The baseline is a one-line Streamlit script started the same way in the same run, so the
ratio shows what the app's imports and first page add to Streamlit's own start.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright  # noqa: E402

from bench._stats import machine  # noqa: E402
from tests.e2e.appserver import CHROMIUM, CHROMIUM_ARGS, Server, free_port, settle  # noqa: E402

RUNS = 5


def measure(browser, script: Path | None, ready_text: str) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        data.mkdir()
        server = Server(free_port(), data, **({"script": script} if script else {}))
        started = time.perf_counter()
        server.start()
        healthy = time.perf_counter() - started
        page = browser.new_page()
        page.goto(server.url)
        settle(page)
        page.get_by_text(ready_text).first.wait_for()
        rendered = time.perf_counter() - started
        page.close()
        server.stop()
        return healthy, rendered


def main() -> None:
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        empty = Path(folder) / "empty_app.py"
        empty.write_text("import streamlit as st\nst.write('ready')\n")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        app = [measure(browser, None, "Create my private workspace") for _ in range(RUNS)]
        base = [measure(browser, empty, "ready") for _ in range(RUNS)]
        browser.close()

    def med(rows: list[tuple[float, float]], i: int) -> float:
        return statistics.median(r[i] for r in rows)

    print(f"Machine: {machine()}; {RUNS} runs each, medians (min–max)")
    print("| measure | app | baseline (one-line script) | ratio |\n|---|---|---|---|")
    for i, name in enumerate(["process start → /_stcore/health OK", "process start → Start page rendered"]):
        spread = f"{min(r[i] for r in app):.2f}–{max(r[i] for r in app):.2f}"
        print(f"| {name} | {med(app, i):.2f} s ({spread}) | {med(base, i):.2f} s | {med(app, i) / med(base, i):.2f}x |")


if __name__ == "__main__":
    main()
