"""The app as a real server process, and Chromium settings, for browser tests and benchmarks."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[2]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]
ARTIFACTS = REPO / "test-artifacts"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """A running app; `restart()` stops the process and starts a new one on the same port and data."""

    port: int
    data_dir: Path
    script: Path = REPO / "app.py"
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> float:
        env = {**os.environ, "COACH_DATA_DIR": str(self.data_dir)}
        log = open(self.data_dir.parent / f"server-{self.port}.log", "ab")  # noqa: SIM115 - lives with the process
        started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(self.script), "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.headless", "true"],
            cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
        wait_healthy(self.url, self.process)
        return time.perf_counter() - started

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def restart(self) -> None:
        self.stop()
        self.start()


def wait_healthy(url: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the app exited with code {process.returncode} before it was healthy")
        try:
            if httpx.get(f"{url}/_stcore/health", timeout=1).text == "ok":
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{url} was not healthy within {timeout} s")


def settle(page, timeout: float = 20_000) -> None:  # type: ignore[no-untyped-def]
    """Wait until the app is connected and its script has finished running, as Streamlit's own e2e suite does."""
    page.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]', timeout=timeout)
    page.wait_for_function(
        """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            return app && app.getAttribute('data-test-script-state') === 'notRunning'
                && !document.querySelector('[data-testid="stStatusWidget"] [data-testid="stStatusWidgetRunningIcon"]');
        }""",
        timeout=timeout,
    )
    page.wait_for_timeout(150)


def shot(page, name: str) -> Path:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def open_demo(browser, server: Server, persona: str = "Maya Chen — student, healthcare PR", height: int = 1100):  # type: ignore[no-untyped-def]
    """A new browser page on a fresh demo workspace of `persona`, the way a visitor starts one."""
    page = browser.new_context(viewport={"width": 1280, "height": height}).new_page()
    page.goto(server.url)
    settle(page)
    page.get_by_role("tab", name="Try the demo").click()
    page.get_by_text(persona).click()
    page.get_by_role("button", name="Try the demo").click()
    settle(page)
    page.wait_for_url("**/?ws=*")
    return page


def go_to(page, step: str) -> None:  # type: ignore[no-untyped-def]
    """Click a step in the sidebar navigation and wait for it to render."""
    page.get_by_test_id("stSidebarNav").get_by_text(step, exact=True).click()
    settle(page)


def pick_conversation(page, label: str) -> None:  # type: ignore[no-untyped-def]
    """Choose the conversation in the sidebar picker, as a user would."""
    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").click()
    page.get_by_role("option", name=label).click()
    settle(page)
