"""Save latency with 50 revisions kept, against a bare SQLite insert of the same bytes.

Run: .venv/bin/python bench/save.py
The workspace is the filled student demo (its agency researched) padded to five conversations,
the others holding a research result of 40 facts each, so a save writes a realistic document
(tens of kB), not an empty one.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._stats import machine, percentile, summary_ms  # noqa: E402
from coach.demo import demo_workspace  # noqa: E402
from coach.model import Conversation, HomeworkNote, Workspace  # noqa: E402
from coach.research.types import Fact, ResearchResult  # noqa: E402
from coach.store import KEEP_REVISIONS, Store  # noqa: E402

SAVES = 300


def realistic_workspace() -> Workspace:
    workspace = demo_workspace("student", date.today())
    while len(workspace.conversations) < 5:
        workspace.conversations.append(Conversation())
    facts = tuple(
        Fact(kind="news", text=f"Fact number {i}: the agency launched a campaign for a regional client", source=f"https://a.example/news/{i}", date="2026-03-12")
        for i in range(40)
    )
    for conversation in workspace.conversations:
        if conversation.homework.research is None:
            conversation.homework.research = ResearchResult(url="https://a.example/", name="A", facts=facts)
    return workspace


def main() -> None:
    workspace = realistic_workspace()
    size = len(workspace.model_dump_json())
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "ws.sqlite3")
        token = store.create(workspace, "Created")
        for i in range(KEEP_REVISIONS + 10):  # fill the history so trimming runs on every save
            store.save(token, workspace, f"warm {i}")
        timings = []
        for i in range(SAVES):
            workspace.profile.name = f"Maya {i}"
            started = time.perf_counter()
            store.save(token, workspace, "Edited profile")
            timings.append(time.perf_counter() - started)
        assert len(store.revisions(token)) == KEEP_REVISIONS
        field_path = []  # a bound widget (shell.edit_field): the validated assignment, then save
        for i in range(SAVES):
            started = time.perf_counter()
            workspace.profile.name = f"Maya {i}"
            store.save(token, workspace, "Edited profile")
            field_path.append(time.perf_counter() - started)
        edit_path = []  # a structural change (shell.edit): copy, change, validate the whole workspace, save
        for i in range(SAVES):
            started = time.perf_counter()
            draft = Workspace.model_validate(workspace.model_dump())
            draft.conversations[0].homework.notes.append(HomeworkNote(learned=f"Note {i}"))
            store.save(token, Workspace.model_validate(draft.model_dump()), "Added a homework note")
            edit_path.append(time.perf_counter() - started)

        raw = sqlite3.connect(Path(folder) / "raw.sqlite3", isolation_level=None)
        raw.execute("PRAGMA journal_mode=WAL")
        raw.execute("PRAGMA synchronous=NORMAL")
        raw.execute("CREATE TABLE t (data TEXT)")
        blob = workspace.model_dump_json()
        baseline = []
        for _ in range(SAVES):
            started = time.perf_counter()
            raw.execute("BEGIN IMMEDIATE")
            raw.execute("INSERT INTO t VALUES (?)", (blob,))
            raw.execute("COMMIT")
            baseline.append(time.perf_counter() - started)

    print(f"Machine: {machine()}")
    print(f"Workspace JSON: {size / 1024:.1f} kB, {KEEP_REVISIONS} revisions kept")
    print("| measure | result |\n|---|---|")
    print(f"| store.save (serialise + append + trim) | {summary_ms(timings)} |")
    print(f"| autosave a field (validated assignment + store.save) | {summary_ms(field_path)} |")
    print(f"| autosave a structural change (copy + change + validate + store.save) | {summary_ms(edit_path)} |")
    print(f"| baseline: bare SQLite insert of the same bytes | {summary_ms(baseline)} |")
    print(f"| ratio p95 save / p95 baseline | {percentile(timings, 95) / percentile(baseline, 95):.1f}x |")


if __name__ == "__main__":
    main()
