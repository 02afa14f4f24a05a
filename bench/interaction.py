"""Interaction latency through AppTest with a workspace of five conversations.

Run: .venv/bin/python bench/interaction.py
Each sample is one user action and the full rerun it triggers (callback, autosave, page
render, sidebar with every step's progress). The workspace is the filled student demo (its
first conversation researched, with notes, a question plan and three work samples) plus
empty conversations up to five. The baseline is an empty Streamlit script rerun in the same process, so the ratio
says what the app adds on top of Streamlit itself.
"""

from __future__ import annotations

import gc
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ["COACH_DATA_DIR"] = tempfile.mkdtemp(prefix="coach-bench-")

from streamlit.testing.v1 import AppTest  # noqa: E402

from bench._stats import machine, percentile, summary_ms  # noqa: E402
from bench.save import realistic_workspace  # noqa: E402
from coach.store import STORE_FILE, Store, data_dir  # noqa: E402

ROUNDS = 100


_pauses: list[float] = []
_started = [0.0]


def _gc_watch(phase: str, info: dict) -> None:  # type: ignore[type-arg]
    """Collector pauses, to show how much of a rerun the garbage collector takes."""
    if phase == "start":
        _started[0] = time.perf_counter()
    else:
        _pauses.append(time.perf_counter() - _started[0])


def timed(action) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def main() -> None:
    workspace = realistic_workspace()
    token = Store(data_dir() / STORE_FILE).create(workspace, "Created")
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=30)
    at.query_params["ws"] = token
    at.run()
    cid = workspace.conversations[0].id
    gc.callbacks.append(_gc_watch)

    def widget(kind: str, name: str):  # type: ignore[no-untyped-def]
        return next(w for w in getattr(at, kind) if (w.key or "").split(":", 1)[-1] == name)

    results: dict[str, list[float]] = {"type in a profile field (autosave)": [], "type in a conversation field (autosave)": [],
                                       "rerun Start with no change": [], "edit the request message (autosave)": [],
                                       "switch conversation in the sidebar": []}
    for i in range(ROUNDS):
        results["type in a profile field (autosave)"].append(timed(lambda: widget("text_input", "profile.field").set_value(f"PR {i}").run()))
        results["type in a conversation field (autosave)"].append(timed(lambda: widget("text_input", f"{cid}.person.title").set_value(f"Director {i}").run()))
        results["rerun Start with no change"].append(timed(at.run))
    at.switch_page("coach/ui/request.py").run()
    ids = [c.id for c in workspace.conversations]
    for i in range(ROUNDS):
        results["edit the request message (autosave)"].append(timed(lambda: at.text_area[0].set_value(at.text_area[0].value + " x").run()))
        results["switch conversation in the sidebar"].append(timed(lambda: at.sidebar.selectbox[0].set_value(ids[(i + 1) % len(ids)]).run()))
    for page in ("homework", "questions", "portfolio", "skills", "after_call", "brief"):
        at.switch_page(f"coach/ui/{page}.py").run()
        results[f"rerun {page.replace('_', ' ').title()} with no change"] = [timed(at.run) for _ in range(ROUNDS)]
        assert not at.exception, (page, [e.value for e in at.exception])
    assert not at.exception, [e.value for e in at.exception]

    gc.callbacks.remove(_gc_watch)
    empty = AppTest.from_string("import streamlit as st\nst.write('hi')", default_timeout=30)
    empty.run()
    baseline = [timed(empty.run) for _ in range(ROUNDS)]

    print(f"Machine: {machine()}")
    print(f"Workspace: {len(workspace.conversations)} conversations, {len(workspace.model_dump_json()) / 1024:.0f} kB")
    print("| action | latency | p95 / baseline p95 |\n|---|---|---|")
    for name, values in results.items():
        print(f"| {name} | {summary_ms(values)} | {percentile(values, 95) / percentile(baseline, 95):.1f}x |")
    print(f"| baseline: empty Streamlit script rerun | {summary_ms(baseline)} | 1.0x |")
    actions = sum(len(v) for v in results.values())
    longest = max(_pauses, default=0.0)
    print(f"\nGarbage collector during the {actions} actions: {len(_pauses)} collections, {sum(_pauses) * 1000:.0f} ms in all, "
          f"longest {longest * 1000:.1f} ms.")


if __name__ == "__main__":
    main()
