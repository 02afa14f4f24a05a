"""Fact extraction in a separate worker process, so that the research's event loop stays responsive.

Extraction (lxml, trafilatura) is C code that holds the interpreter lock for long stretches. Run in a
thread, it delayed every socket call of the event loop (each one waits to take the lock back), so
request rounds started late. In one worker process it runs on the second core and never holds this
process's lock.

* One worker per process, reused by every research (the Streamlit app researches many times). It is
  started lazily, a moment after the process's first research ended (`research_ended`): that first
  research extracts in its own thread exactly as before, and the worker's start (about 0.8 s of CPU
  for its imports) does not compete with it, nor with a one-shot CLI, which has exited by then.
  Later researches start it at once if it is not running (`research_started`). It is a plain
  `python -m coach.research.extract_pool` child talking length-prefixed pickles over its stdin and
  stdout: nothing of the parent (Streamlit, pytest, a bench script) is imported into it, unlike
  multiprocessing's spawn and forkserver, and `subprocess` starts it safely from a threaded server.
* Until the worker has imported everything and said "ready", `submit` returns None and the caller
  extracts in its own thread.
* Jobs queue here, highest priority first (pages whose links decide the next requests before the
  others); at most two are sent ahead, so a late urgent job waits for one extraction at most.
* If the worker dies (a crash on hostile HTML, killed) or cannot start, the futures of its jobs fail
  with `WorkerUnavailable` and the caller extracts those pages itself; the next research starts a
  new worker (up to `MAX_STARTS` per process). No traceback is shown: the worker's stderr is
  discarded and the parent only logs.
* Shutdown: the worker exits when its stdin closes (the parent exited, however it exited); at
  interpreter exit the parent closes it and reaps it (`close`), so none is left behind.

`extract_page` is the extraction itself, the same function in the worker and in the fallback thread,
so results do not depend on where a page was extracted.
"""

from __future__ import annotations

import atexit
import concurrent.futures
import heapq
import itertools
import logging
import os
import pickle
import queue
import struct
import subprocess
import sys
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any, BinaryIO

from . import pages as P
from .facts import PageFacts, _title_of, extract_facts
from .trim import parse_bounded

__all__ = ["ExtractPool", "WorkerUnavailable", "extract_page", "shared"]

log = logging.getLogger(__name__)

MAX_STARTS = 3  # worker processes started per parent process, at most (a crash loop stops there)
START_DELAY = 0.5  # seconds after the process's first research before the worker is started
AHEAD = 2  # jobs sent to the worker before it answered the previous one
_HEADER = struct.Struct("!I")
_READY = -1  # the job id of the worker's "ready" message


class WorkerUnavailable(Exception):
    """The worker process died or stopped before answering; extract the page in-process instead."""


def extract_page(text: str, url: str, final: str, fallback: str,
                 link_text: Mapping[str, tuple[str, str]], tree: object = None,
                 links: PageFacts | None = None) -> PageFacts:
    """Parse, classify and extract one page.

    `url` is the address requested, `final` the canonical address it ended at, `fallback` the kind
    the plan expected; `link_text` holds the (anchor text, parent label) of the links to `url` and
    `final` seen so far. `tree` and `links`, when the caller parsed (and trimmed) the page already
    (`facts.page_links`), are reused."""
    trimmed = links.trimmed if links is not None else False
    if tree is None and links is None:
        tree, trimmed = parse_bounded(text)
    if tree is None and links is not None:
        return extract_facts(text, final, fallback)  # type: ignore[arg-type] - nothing parseable
    title = links.title if links is not None else _title_of(tree) if tree is not None else ""  # type: ignore[arg-type]
    kind = _kind_for(link_text, url, title, fallback)
    if P.canonical_url(url) != final and kind == "other":
        kind = _kind_for(link_text, final, title, fallback)
    pf = extract_facts(text, final, kind, tree=tree, links=links)  # type: ignore[arg-type]
    pf.trimmed = trimmed
    return pf


def _kind_for(link_text: Mapping[str, tuple[str, str]], url: str, title: str, fallback: str) -> str:
    text, label = link_text.get(P.canonical_url(url), ("", ""))
    kind = P.classify_page(url, text, title, label)
    if kind == "other" and fallback != "other":
        return fallback
    return kind


# --------------------------------------------------------------------------- framing


def _write(out: BinaryIO, obj: object) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(_HEADER.pack(len(data)) + data)
    out.flush()


def _read_exact(inp: BinaryIO, n: int) -> bytes | None:
    buf = bytearray()
    while len(buf) < n:
        chunk = inp.read(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return bytes(buf)


def _read(inp: BinaryIO) -> Any:
    """The next message, or None at end of file."""
    head = _read_exact(inp, _HEADER.size)
    if head is None:
        return None
    (size,) = _HEADER.unpack(head)
    body = _read_exact(inp, size)
    if body is None:
        return None
    return pickle.loads(body)  # noqa: S301 - our own worker, over its own pipe


# --------------------------------------------------------------------------- the parent side


class _Job:
    __slots__ = ("args", "future")

    def __init__(self, args: tuple, future: concurrent.futures.Future) -> None:
        self.args = args
        self.future = future


class ExtractPool:
    """One extraction worker process, started on demand; thread-safe."""

    def __init__(self, command: list[str] | None = None) -> None:
        self._command = command
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[bytes] | None = None
        self._state = "idle"  # idle | starting | ready | dead
        self._starts = 0
        self._researches = 0  # researches started in this process
        self._timer: threading.Timer | None = None
        self._closed = False  # closed for good (interpreter exit): never start again
        self._ids = itertools.count(1)
        self._heap: list[tuple[int, int, int]] = []  # (priority, sequence, job id)
        self._jobs: dict[int, _Job] = {}  # queued here or sent, not answered
        self._sent: set[int] = set()
        self._outbox: queue.Queue[tuple[subprocess.Popen[bytes], int, tuple] | None] | None = None
        self.answered = 0  # jobs the worker answered (all workers of this pool)

    # -- state

    @property
    def ready(self) -> bool:
        return self._state == "ready"

    @property
    def pid(self) -> int | None:
        proc = self._proc
        return proc.pid if proc is not None and self._state in ("starting", "ready") else None

    @property
    def state(self) -> str:
        """idle (not started), starting, ready, or dead (it stopped or could not start)."""
        return self._state

    def research_started(self) -> None:
        """A research starts: from the process's second research on, the worker is started if needed."""
        with self._lock:
            self._researches += 1
            first = self._researches == 1
        if not first:
            self.start()

    def research_ended(self) -> None:
        """A research ended: after the first, start the worker START_DELAY seconds later, in the background."""
        with self._lock:
            if self._state != "idle" or self._timer is not None or self._closed:
                return
            self._timer = threading.Timer(START_DELAY, self.start)
            self._timer.daemon = True
            self._timer.name = "coach-extract-start"
        self._timer.start()

    def start(self) -> None:
        """Start the worker if none is running (returns at once; `ready` says when it can take jobs)."""
        with self._lock:
            if self._state in ("starting", "ready") or self._starts >= MAX_STARTS or self._closed:
                return
            self._starts += 1
            try:
                proc = subprocess.Popen(
                    self._command or _worker_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL, env=_worker_env(), close_fds=True,
                )
            except (OSError, ValueError, subprocess.SubprocessError) as exc:
                log.info("extraction worker could not start (%r); extracting in-process", exc)
                self._state = "dead"
                return
            self._proc = proc
            self._state = "starting"
            outbox: queue.Queue = queue.Queue()
            self._outbox = outbox
        threading.Thread(target=self._reader, args=(proc,), name="coach-extract-reader", daemon=True).start()
        threading.Thread(target=self._writer, args=(proc, outbox), name="coach-extract-writer", daemon=True).start()

    def submit(self, args: tuple, priority: int = 1) -> concurrent.futures.Future | None:
        """Queue `extract_page(*args)` for the worker; None if it is not ready (extract in-process then).

        Lower `priority` values are sent first; equal ones in the order submitted."""
        with self._lock:
            if self._state != "ready":
                return None
            future: concurrent.futures.Future = concurrent.futures.Future()
            job_id = next(self._ids)
            self._jobs[job_id] = _Job(args, future)
            heapq.heappush(self._heap, (priority, job_id, job_id))
            self._dispatch()
        return future

    def shutdown(self) -> None:
        """Close for good (at interpreter exit): stop the worker, and never start another."""
        with self._lock:
            self._closed = True
        self.close()

    def close(self, timeout: float = 0.5) -> None:
        """Stop the worker and reap it; pending jobs fail. A ready worker exits when its stdin closes
        (within `timeout`, else it is killed); one still starting is killed at once."""
        with self._lock:
            timer, self._timer = self._timer, None
            if timer is not None:
                timer.cancel()
            proc, self._proc = self._proc, None
            outbox, self._outbox = self._outbox, None
            starting = self._state == "starting"
            self._fail_all_locked()
            self._state = "idle"
        if outbox is not None:
            outbox.put(None)
        if proc is None:
            return
        if starting:
            proc.kill()
        try:
            if proc.stdin is not None:
                proc.stdin.close()
        except OSError:
            pass
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                log.warning("extraction worker %s did not exit", proc.pid)

    # -- internals (the lock is held where the name says so)

    def _dispatch(self) -> None:
        """Send queued jobs, best first, while fewer than AHEAD are with the worker (lock held)."""
        proc, outbox = self._proc, self._outbox
        if proc is None or outbox is None:
            return
        while self._heap and len(self._sent) < AHEAD:
            _, _, job_id = heapq.heappop(self._heap)
            job = self._jobs.get(job_id)
            if job is None:
                continue
            if not job.future.set_running_or_notify_cancel():  # cancelled while queued
                del self._jobs[job_id]
                continue
            self._sent.add(job_id)
            outbox.put((proc, job_id, job.args))

    def _fail_all_locked(self) -> None:
        jobs, self._jobs = self._jobs, {}
        self._heap.clear()
        self._sent.clear()
        for job in jobs.values():
            fut = job.future
            if fut.cancelled() or fut.done():
                continue
            if not fut.running() and not fut.set_running_or_notify_cancel():
                continue
            fut.set_exception(WorkerUnavailable("the extraction worker stopped"))

    def _writer(self, proc: subprocess.Popen[bytes], outbox: queue.Queue) -> None:
        stdin = proc.stdin
        assert stdin is not None
        while True:
            item = outbox.get()
            if item is None:
                return
            _, job_id, args = item
            try:
                _write(stdin, (job_id, args))
            except Exception as exc:  # noqa: BLE001 - a dead worker (broken pipe) or an unpicklable job
                if isinstance(exc, (BrokenPipeError, OSError, ValueError)):
                    self._died(proc, f"writing to it failed: {exc!r}")
                    return
                with self._lock:  # this job only: answer it with the error, keep the worker
                    job = self._jobs.pop(job_id, None)
                    self._sent.discard(job_id)
                    self._dispatch()
                if job is not None and not job.future.done():
                    job.future.set_exception(WorkerUnavailable(f"the job could not be sent: {exc!r}"))

    def _reader(self, proc: subprocess.Popen[bytes]) -> None:
        stdout = proc.stdout
        assert stdout is not None
        try:
            while True:
                msg = _read(stdout)
                if msg is None:
                    break
                job_id, ok, value = msg
                if job_id == _READY:
                    with self._lock:
                        if self._proc is proc and self._state == "starting":
                            self._state = "ready"
                    continue
                with self._lock:
                    job = self._jobs.pop(job_id, None)
                    self._sent.discard(job_id)
                    self._dispatch()
                if job is None or job.future.done():
                    continue
                if ok:
                    self.answered += 1
                    job.future.set_result(value)
                else:
                    job.future.set_exception(WorkerUnavailable(f"extraction failed in the worker: {value}"))
        except Exception as exc:  # noqa: BLE001 - a garbled stream counts as a dead worker
            self._died(proc, f"reading from it failed: {exc!r}")
            return
        self._died(proc, "it exited")

    def _died(self, proc: subprocess.Popen[bytes], why: str) -> None:
        with self._lock:
            current = self._proc is proc
            if current:
                self._proc = None
                outbox, self._outbox = self._outbox, None
                self._state = "dead"
                self._fail_all_locked()
                if outbox is not None:
                    outbox.put(None)
        if current:
            log.warning("extraction worker %s stopped (%s); extracting in-process", proc.pid, why)
        try:
            proc.kill()
        except OSError:
            pass
        try:
            proc.wait(5)  # reap it: no zombie
        except subprocess.TimeoutExpired:
            pass
        for pipe in (proc.stdin, proc.stdout):
            try:
                if pipe is not None:
                    pipe.close()
            except OSError:
                pass


def _worker_command() -> list[str]:
    return [sys.executable, "-m", "coach.research.extract_pool"]


def _worker_env() -> dict[str, str]:
    """The parent's environment, with this `coach` package first on the path (a bench measuring
    another checkout, or a test run from the source tree, gets the same code in its worker)."""
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.pop("PYTHONSTARTUP", None)
    return env


_shared: ExtractPool | None = None
_shared_lock = threading.Lock()


def shared() -> ExtractPool:
    """The process's extraction pool (created on first use, closed at interpreter exit)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = ExtractPool()
            atexit.register(_shared.shutdown)
        return _shared


# --------------------------------------------------------------------------- the worker side

_WARM_UP = (
    "<!doctype html><html><head><title>Warm-up | Agency</title><meta name='description' content='An agency "
    "page read once at start so that the first real page is not slower.'></head><body><nav><a href='/about/'>"
    "About</a></nav><main><h1>About us</h1><p>We are a public relations agency founded in 2009 with 40 people "
    "in two offices. We help brands earn attention.</p><h2>Clients</h2><ul><li>Harbor Bank</li></ul></main>"
    "</body></html>"
)


def _worker_main() -> int:
    import signal  # noqa: PLC0415

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; EOF stops us
    inp = sys.stdin.buffer
    out = os.fdopen(os.dup(1), "wb")
    # Anything a library prints goes to stderr (discarded by the parent), never into the replies.
    os.dup2(2, 1)
    try:
        extract_page(_WARM_UP, "https://warm-up.invalid/about/", "https://warm-up.invalid/about/", "about", {})
    except Exception:  # noqa: BLE001, S110 - a warm-up failure shows on the first real page, if at all
        pass
    _write(out, (_READY, True, os.getpid()))
    while True:
        msg = _read(inp)
        if msg is None:
            return 0
        job_id, args = msg
        try:
            reply = (job_id, True, extract_page(*args))
        except BaseException as exc:  # noqa: BLE001 - the parent falls back to in-process extraction
            reply = (job_id, False, repr(exc)[:500])
        try:
            _write(out, reply)
        except Exception as exc:  # noqa: BLE001 - e.g. an unpicklable result: say so, keep serving
            _write(out, (job_id, False, f"the result could not be sent: {exc!r}"[:500]))


if __name__ == "__main__":
    raise SystemExit(_worker_main())
