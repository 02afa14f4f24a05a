"""The extraction worker process: same results as in-process extraction, and a research that
completes when the worker cannot start, dies mid-research, answers with failures or garbage; no
worker process is left behind by `close`, a normal exit, or a parent killed outright.

Researches go through the real pipeline: the bundled demo site over the offline transport, or a
fixture site on a loopback server. Waits are bounded loops that fail with a message, never timing
assertions.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from coach.research import engine
from coach.research import extract_pool as X
from coach.research.engine import research_sync
from coach.research.fetch import FetchSettings
from coach.research.offline import DEMO_URL, demo_transport
from tests.loopback import serve_directory

SITES = Path(__file__).resolve().parent / "sites"
REPO = Path(__file__).resolve().parents[2]


def _wait(predicate, what: str, limit: float = 60.0) -> None:
    end = time.monotonic() + limit
    while not predicate():
        if time.monotonic() > end:
            pytest.fail(f"gave up waiting: {what}")
        time.sleep(0.02)


def _gone(pid: int) -> bool:
    """The process has exited (no such process, or a zombie that its new parent has yet to reap)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except FileNotFoundError:
        return True


def _dump(result) -> dict:
    d = result.model_dump()
    d.pop("fetched_at")
    return d


def _research_demo(pool: X.ExtractPool | None, monkeypatch: pytest.MonkeyPatch):
    if pool is not None:
        monkeypatch.setattr(engine.X, "shared", lambda: pool)
    return research_sync(DEMO_URL, transport=demo_transport())


class _InProcess(X.ExtractPool):
    """A pool whose worker is never ready: every page is extracted in the research's own thread."""

    def start(self) -> None:
        pass


@pytest.fixture()
def pool():
    p = X.ExtractPool()
    yield p
    p.close()


@pytest.fixture(scope="module")
def in_process():
    """The demo site researched with every page extracted in-process (the reference)."""
    mp = pytest.MonkeyPatch()
    try:
        return _dump(_research_demo(_InProcess(), mp))
    finally:
        mp.undo()


def _ready(pool: X.ExtractPool) -> X.ExtractPool:
    pool.start()
    _wait(lambda: pool.ready, "the extraction worker to start")
    return pool


def test_worker_gives_the_same_result_as_in_process(pool, in_process, monkeypatch):
    _ready(pool)
    result = _research_demo(pool, monkeypatch)
    assert pool.answered >= 10  # the demo site's pages were extracted in the worker
    assert _dump(result) == in_process
    # and again, reusing the same worker
    before = pool.answered
    assert _dump(_research_demo(pool, monkeypatch)) == in_process
    assert pool.answered > before


def test_worker_on_a_loopback_site_matches_in_process(pool, monkeypatch):
    settings = FetchSettings(allow_private=True)
    with serve_directory(SITES / "pr_agency") as base:
        monkeypatch.setattr(engine.X, "shared", lambda: _InProcess())
        reference = _dump(research_sync(base + "/", settings))
        monkeypatch.setattr(engine.X, "shared", lambda: _ready(pool))
        answered = pool.answered
        result = research_sync(base + "/", settings)
    assert pool.answered > answered
    assert reference["facts"] and _dump(result) == reference


def test_first_research_extracts_in_process_then_the_worker_starts(in_process, monkeypatch):
    """The process's first research starts no worker (a one-shot CLI never pays for one); the worker
    starts in the background a moment after it, and the next research uses it."""
    pool = X.ExtractPool()
    monkeypatch.setattr(X, "START_DELAY", 3600.0)
    try:
        first = _research_demo(pool, monkeypatch)
        assert pool.answered == 0 and pool.state == "idle" and pool._starts == 0
        assert pool._timer is not None  # the start is scheduled
        assert _dump(first) == in_process
        pool._timer.cancel()
        pool._timer = None
        monkeypatch.setattr(X, "START_DELAY", 0.01)
        pool.research_ended()
        _wait(lambda: pool.ready, "the worker to start after the first research")
        assert _dump(_research_demo(pool, monkeypatch)) == in_process
        assert pool.answered > 0
    finally:
        pool.close()


def test_a_later_research_restarts_a_stopped_worker(monkeypatch):
    pool = _ready(X.ExtractPool())
    try:
        pool.research_started()  # the process's first research
        pool.research_ended()
        pid = pool.pid
        os.kill(pid, signal.SIGKILL)
        _wait(lambda: pool.state == "dead", "the pool to notice its worker died", 30)
        pool.research_started()
        assert pool.state in ("starting", "ready") and pool.pid not in (None, pid)
    finally:
        pool.close()


def test_no_worker_starts_after_shutdown():
    pool = X.ExtractPool()
    pool.research_started()
    pool.research_ended()  # a start is scheduled...
    pool.shutdown()  # ...and the interpreter exits first
    time.sleep(X.START_DELAY * 2)
    assert pool.state == "idle" and pool._starts == 0
    pool.start()
    assert pool.state == "idle" and pool._starts == 0


class _KilledMidway(X.ExtractPool):
    """Kills its worker (SIGKILL) when the third page is submitted."""

    def __init__(self) -> None:
        super().__init__()
        self.submitted = 0
        self.killed: int | None = None

    def submit(self, args, priority=1):
        self.submitted += 1
        if self.submitted == 3 and self.pid is not None:
            self.killed = self.pid
            os.kill(self.pid, signal.SIGKILL)
        return super().submit(args, priority)


def test_worker_killed_mid_research_falls_back_in_process(in_process, monkeypatch):
    pool = _ready(_KilledMidway())
    proc = pool._proc
    try:
        result = _research_demo(pool, monkeypatch)
        assert pool.killed is not None
        assert _dump(result) == in_process  # every page still read, the same facts in the same order
        assert not result.problems or all("worker" not in p.reason for p in result.problems)
        # The dead worker was reaped (no zombie), and the next research starts a new one.
        _wait(lambda: proc.returncode is not None, "the dead worker to be reaped", 10)
        assert _gone(pool.killed)
        _wait(lambda: pool.pid is None, "the pool to notice", 10)
        pool.start()
        assert pool.pid is not None and pool.pid != pool.killed
    finally:
        pool.close()


def test_worker_that_cannot_start(in_process, monkeypatch):
    pool = X.ExtractPool(command=[str(REPO / "no-such-python")])
    pool.start()
    assert pool.pid is None and not pool.ready
    assert _dump(_research_demo(pool, monkeypatch)) == in_process
    pool.close()


@pytest.mark.parametrize("script", [
    "import sys; sys.exit(3)",  # dies while starting
    "import sys; sys.stdout.write('not a reply' * 1000); sys.stdout.flush()",  # garbage, then exits
])
def test_worker_that_dies_at_start(script, in_process, monkeypatch):
    pool = X.ExtractPool(command=[sys.executable, "-c", script])
    pool.start()
    proc = pool._proc
    _wait(lambda: pool.pid is None, "the pool to notice its worker died", 30)
    # The pool reaps it right after marking it dead (returncode is set by the pool's wait(), never
    # by this test): no zombie is left. Not at once: CI once read it in between.
    _wait(lambda: proc.returncode is not None, "the pool to reap its worker", 30)
    assert _dump(_research_demo(pool, monkeypatch)) == in_process
    pool.close()


_FAILING = """
import os, sys
from coach.research.extract_pool import _READY, _read, _write
out = sys.stdout.buffer
_write(out, (_READY, True, os.getpid()))
while (msg := _read(sys.stdin.buffer)) is not None:
    _write(out, (msg[0], False, "RuntimeError('hostile page')"))
"""


def test_a_page_the_worker_fails_on_is_extracted_in_process(in_process, monkeypatch):
    pool = _ready(X.ExtractPool(command=[sys.executable, "-c", _FAILING]))
    try:
        assert _dump(_research_demo(pool, monkeypatch)) == in_process
        assert pool.ready and pool.answered == 0  # the worker stays; each page was redone here
    finally:
        pool.close()


def test_close_reaps_the_worker():
    pool = _ready(X.ExtractPool())
    pid, proc = pool.pid, pool._proc
    pool.close()
    assert proc.returncode is not None and _gone(pid)
    assert pool.pid is None and not pool.ready
    assert pool.submit(("<p>x</p>", "https://a.example/", "https://a.example/", "other", {})) is None


def test_close_while_starting_does_not_wait_for_the_imports():
    pool = X.ExtractPool()
    pool.start()
    proc = pool._proc
    pool.close()
    assert proc.returncode is not None


_CHILD = """
import os, sys, time
from coach.research import extract_pool as X
pool = X.shared()
pool.start()
while not pool.ready:
    time.sleep(0.02)
print(pool.pid, flush=True)
if sys.argv[1] == "hang":
    time.sleep(600)
"""


@pytest.mark.parametrize("how", ["exit", "killed"])
def test_no_worker_outlives_its_parent(how):
    """A parent that exits normally closes its worker (atexit); one killed outright (SIGKILL, no
    atexit) closes the worker's stdin all the same, and the worker exits on its own."""
    proc = subprocess.Popen([sys.executable, "-c", _CHILD, "exit" if how == "exit" else "hang"],
                            cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert line.strip().isdigit(), line
        worker = int(line)
        if how == "killed":
            proc.kill()
        proc.wait(60)
        _wait(lambda: _gone(worker), f"worker {worker} to exit after its parent ({how})", 30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_numeric_lookups_run_inline_others_in_threads():
    """The research loop's executor answers getaddrinfo for a numeric address at once (no DNS is
    involved), and runs anything else in its threads."""
    import socket
    import threading

    from coach.research.engine import _KeptExecutor

    ex = _KeptExecutor(max_workers=2)
    f = ex.submit(socket.getaddrinfo, "127.0.0.1", 80, 0, socket.SOCK_STREAM)
    assert f.done() and f.result()[0][4] == ("127.0.0.1", 80)
    f6 = ex.submit(socket.getaddrinfo, "::1", 80, 0, socket.SOCK_STREAM)
    assert f6.done() and f6.result()[0][4][0] == "::1"
    other = ex.submit(threading.current_thread)
    assert other.result(10) is not threading.current_thread()
    ex.shutdown(wait=True)  # kept: still usable
    assert ex.submit(threading.current_thread).result(10) is not threading.current_thread()
