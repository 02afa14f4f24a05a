"""The SQLite store against real database files: revisions, privacy, concurrency, crashes."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from coach.model import Conversation, Person, Profile, Workspace
from coach.store import CHECKPOINT_EVERY, KEEP_REVISIONS, Store, looks_like_token, new_token


def _ws(name: str) -> Workspace:
    return Workspace(profile=Profile(name=name))


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "data" / "ws.sqlite3")


def test_saved_workspace_survives_reopening_the_file(tmp_path: Path) -> None:
    path = tmp_path / "ws.sqlite3"
    token = Store(path).create(_ws("Ana"), "Created")
    reopened = Store(path)
    assert reopened.load(token) == _ws("Ana")


def test_tokens_are_long_random_and_not_stored_in_the_file(store: Store) -> None:
    token = store.create(_ws("Ana"), "Created")
    assert len(token) >= 32 and looks_like_token(token)
    assert token != new_token()
    raw = store.path.read_bytes() + Path(f"{store.path}-wal").read_bytes()
    assert token.encode() not in raw


def test_unknown_token_loads_nothing(store: Store) -> None:
    store.create(_ws("Ana"), "Created")
    assert store.load(new_token()) is None
    assert not store.exists(new_token())


def test_two_workspaces_are_isolated(store: Store) -> None:
    a = store.create(_ws("Ana"), "Created")
    b = store.create(_ws("Ben"), "Created")
    store.save(a, _ws("Ana 2"), "Edited")
    assert store.load(b) == _ws("Ben")
    assert [r.summary for r in store.revisions(b)] == ["Created"]
    with pytest.raises(KeyError):
        store.restore(b, 2)  # revision 2 belongs to the other workspace only


def test_only_the_last_fifty_revisions_are_kept(store: Store) -> None:
    token = store.create(_ws("v1"), "Created")
    for i in range(2, 61):
        store.save(token, _ws(f"v{i}"), f"Edit {i}")
    revisions = store.revisions(token)
    assert len(revisions) == KEEP_REVISIONS == 50
    assert revisions[0].number == 60 and revisions[-1].number == 11
    assert store.load(token) == _ws("v60")


def test_restore_brings_back_an_old_revision_as_the_newest(store: Store) -> None:
    token = store.create(_ws("first"), "Created")
    store.save(token, _ws("second"), "Edited")
    restored = store.restore(token, 1)
    assert restored == _ws("first") == store.load(token)
    assert [r.summary for r in store.revisions(token)] == ["Restored revision 1", "Edited", "Created"]


def test_two_threads_writing_one_workspace_lose_nothing(store: Store) -> None:
    token = store.create(_ws("start"), "Created")
    errors: list[BaseException] = []

    def writer(who: str) -> None:
        try:
            for i in range(20):
                store.save(token, _ws(f"{who}{i}"), f"{who} {i}")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(w,)) for w in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    summaries = {r.summary for r in store.revisions(token)}
    assert len(store.revisions(token)) == 41
    assert {f"a {i}" for i in range(20)} <= summaries and {f"b {i}" for i in range(20)} <= summaries
    assert [r.number for r in store.revisions(token)] == list(range(41, 0, -1))


def test_more_threads_than_kept_connections_each_rerun_a_new_thread_lose_nothing(store: Store) -> None:
    """Streamlit runs every rerun in a new thread: many short-lived threads share the kept connections."""
    token = store.create(_ws("start"), "Created")
    errors: list[BaseException] = []

    def rerun(i: int) -> None:
        try:
            store.head(token)
            store.save(token, _ws(f"run {i}"), f"run {i}")
            assert store.load(token) is not None
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    for wave in range(3):
        threads = [threading.Thread(target=rerun, args=(wave * 16 + i,)) for i in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert not errors
    revisions = store.revisions(token)  # 1 + 48 saves, all kept (50 are)
    assert store.head(token) == 49 and [r.number for r in revisions] == list(range(49, 0, -1))
    assert {r.summary for r in revisions} == {"Created"} | {f"run {i}" for i in range(48)}


def test_saves_are_copied_into_the_database_file_in_the_background(tmp_path: Path) -> None:
    """Checkpoints run off the save path: the main file (without its log) soon holds recent saves."""
    store = Store(tmp_path / "ws.sqlite3")
    token = store.create(_ws("first"), "Created")
    last = CHECKPOINT_EVERY - 2
    for i in range(last + 1):  # with the create, CHECKPOINT_EVERY saves: the last one asks for a checkpoint
        store.save(token, _ws(f"save {i}"), "Edited")
    deadline = time.monotonic() + 10  # a bound on waiting for the background thread, not a speed check
    name = None
    attempt = 0
    while time.monotonic() < deadline and name != f"save {last}":
        attempt += 1
        copy = tmp_path / f"copy{attempt}"  # a fresh folder each time: no log or index of an earlier copy
        copy.mkdir()
        shutil.copyfile(tmp_path / "ws.sqlite3", copy / "ws.sqlite3")  # the main file alone, no log
        try:
            probe = Store(copy / "ws.sqlite3")
            try:
                loaded = probe.load(token)
            finally:
                probe.close()
        except sqlite3.DatabaseError:  # copied while a checkpoint was writing it: copy again
            loaded = None
        name = loaded.profile.name if loaded else None
        time.sleep(0.05)
    assert name == f"save {last}"
    assert store.load(token).profile.name == name


def test_two_processes_writing_one_file_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "ws.sqlite3"
    token = Store(path).create(_ws("start"), "Created")
    script = textwrap.dedent(f"""
        import sys
        from coach.model import Profile, Workspace
        from coach.store import Store
        store = Store({str(path)!r})
        for i in range(15):
            store.save({token!r}, Workspace(profile=Profile(name=f"{{sys.argv[1]}}{{i}}")), f"{{sys.argv[1]}} {{i}}")
    """)
    procs = [subprocess.Popen([sys.executable, "-c", script, w], cwd=Path(__file__).parents[2]) for w in ("p", "q")]
    assert [p.wait(timeout=60) for p in procs] == [0, 0]
    assert len(Store(path).revisions(token)) == 31


def test_a_process_killed_mid_write_leaves_the_last_committed_revision(tmp_path: Path) -> None:
    path = tmp_path / "ws.sqlite3"
    token = Store(path).create(_ws("before"), "Created")
    script = textwrap.dedent(f"""
        from coach.model import Profile, Workspace, Conversation
        from coach.store import Store
        store = Store({str(path)!r})
        i = 0
        while True:
            i += 1
            # Large rows (about 160 KB) make the kill likely to land inside a write.
            ws = Workspace(profile=Profile(name=f"n{{i}}"), conversations=[Conversation() for _ in range(40)])
            for c in ws.conversations:
                c.request.draft = "x" * 4000
            store.save({token!r}, ws, f"write {{i}}")
            print(i, flush=True)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=Path(__file__).parents[2],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    committed = [proc.stdout.readline().strip() for _ in range(5)]  # let it commit a few first
    assert committed == ["1", "2", "3", "4", "5"]
    time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)

    reopened = Store(path)
    latest = reopened.revisions(token)[0]
    loaded = reopened.load(token)
    assert latest.number >= 6
    assert loaded is not None and loaded.profile.name == f"n{latest.number - 1}"
    assert sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_saves_validate_nothing_half_written(store: Store) -> None:
    token = store.create(_ws("Ana"), "Created")
    ws = _ws("Ana")
    ws.conversations.append(Conversation(person=Person(name="Jo")))
    store.save(token, ws, "Added")
    assert store.load(token) == ws


@pytest.mark.parametrize("value", [None, "", "short", "a" * 65, "../../etc/passwd", "tok en with spaces and more"])
def test_junk_tokens_are_not_tokens(value: str | None) -> None:
    assert not looks_like_token(value)
