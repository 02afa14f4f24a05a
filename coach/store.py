"""Persistence: every workspace in one SQLite file, every save a new revision.

Why this shape:
- A save is one `BEGIN IMMEDIATE` transaction that appends a revision and trims the oldest,
  so a crash mid-save leaves the previous revision intact and two writers never interleave.
- WAL mode lets readers (other browser tabs) work while one writer commits.
- Workspaces are keyed by a SHA-256 of their URL token, never the token itself: whoever
  reads the database file still cannot open anyone's workspace through the app, and the
  store has no call that lists workspaces.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from coach.model import Workspace

KEEP_REVISIONS = 50
MAX_IDLE_CONNECTIONS = 8  # kept between calls; more callers at once open (and then close) their own
CHECKPOINT_EVERY = 10  # saves between background checkpoints (a save adds about 35 pages to the log)
BACKSTOP_CHECKPOINT_PAGES = 4_000  # SQLite checkpoints at commit past this many log pages (16 MB)
WAL_SIZE_LIMIT = 8_000_000  # bytes the log file is cut back to when it starts over
TOKEN_BYTES = 24  # 192 bits from `secrets`, above the 128 the privacy promise needs
DEFAULT_DATA_DIR = ".coach-data"
STORE_FILE = "workspaces.sqlite3"

log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS revision (
    workspace TEXT NOT NULL,
    number INTEGER NOT NULL,
    saved_at TEXT NOT NULL,
    summary TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (workspace, number)
) WITHOUT ROWID;
"""


@dataclass(frozen=True)
class Revision:
    number: int
    saved_at: datetime
    summary: str


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def looks_like_token(value: str | None) -> bool:
    """Cheap shape check so junk in `?ws=` never reaches the database."""
    return bool(value) and 20 <= len(value) <= 64 and all(c.isalnum() or c in "-_" for c in value)


def data_dir() -> Path:
    return Path(os.environ.get("COACH_DATA_DIR") or DEFAULT_DATA_DIR)


def _key(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Store:
    """Workspaces by token. Safe to share between threads: each call borrows a connection of its own."""

    def __init__(self, path: Path | str) -> None:
        self.path = path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._idle: list[sqlite3.Connection] = []
        self._idle_lock = threading.Lock()
        self._saves = 0  # since the last checkpoint was asked for
        self._checkpoint_due = threading.Event()
        self._checkpointer: threading.Thread | None = None
        with self._connection() as conn:
            conn.executescript(_SCHEMA)

    def _open(self) -> sqlite3.Connection:
        # check_same_thread=False: a connection serves one call at a time (see `_connection`),
        # from whichever thread makes it.
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        # In WAL mode NORMAL survives process crashes; only an OS crash may drop the last commit.
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA busy_timeout=30000")
        # Checkpoints (copying the log into the database file, with an fsync) run in the background
        # every CHECKPOINT_EVERY saves; SQLite's own, at commit, only as a backstop. With SQLite's
        # default every 30th save waited about 20 ms for one (bench/save.py), longer on slow disks.
        conn.execute(f"PRAGMA wal_autocheckpoint={BACKSTOP_CHECKPOINT_PAGES}")
        conn.execute(f"PRAGMA journal_size_limit={WAL_SIZE_LIMIT}")
        return conn

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        """A connection for one call, kept for the next. Streamlit runs every rerun in a new thread,
        so per-thread connections were opened (and their page cache filled) again on each one."""
        with self._idle_lock:
            conn = self._idle.pop() if self._idle else None
        if conn is None:
            conn = self._open()
        try:
            yield conn
        except BaseException:
            conn.close()  # whatever went wrong, the next call starts from a fresh connection
            raise
        with self._idle_lock:
            if len(self._idle) < MAX_IDLE_CONNECTIONS:
                self._idle.append(conn)
                return
        conn.close()

    def exists(self, token: str) -> bool:
        with self._connection() as conn:
            row = conn.execute("SELECT 1 FROM revision WHERE workspace = ? LIMIT 1", (_key(token),)).fetchone()
        return row is not None

    def head(self, token: str) -> int:
        """The newest revision's number (0 when there is none): a cheap check for changes made elsewhere."""
        with self._connection() as conn:
            (number,) = conn.execute(
                "SELECT COALESCE(MAX(number), 0) FROM revision WHERE workspace = ?", (_key(token),)
            ).fetchone()
        return number

    def load(self, token: str) -> Workspace | None:
        with self._connection() as conn:
            row = conn.execute(
                "SELECT data FROM revision WHERE workspace = ? ORDER BY number DESC LIMIT 1",
                (_key(token),),
            ).fetchone()
        return Workspace.model_validate_json(row[0]) if row else None

    def create(self, workspace: Workspace, summary: str) -> str:
        """Save `workspace` under a fresh token and return the token."""
        token = new_token()
        self.save(token, workspace, summary)
        return token

    def save(self, token: str, workspace: Workspace, summary: str) -> int:
        """Append a revision and drop those beyond the newest `KEEP_REVISIONS`; returns its number."""
        return self._append(_key(token), workspace.model_dump_json(), summary)

    def _append(self, key: str, data: str, summary: str) -> int:
        with self._connection() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                (last,) = conn.execute(
                    "SELECT COALESCE(MAX(number), 0) FROM revision WHERE workspace = ?", (key,)
                ).fetchone()
                number = last + 1
                conn.execute(
                    "INSERT INTO revision (workspace, number, saved_at, summary, data) VALUES (?, ?, ?, ?, ?)",
                    (key, number, datetime.now(UTC).isoformat(timespec="seconds"), summary[:200], data),
                )
                conn.execute(
                    "DELETE FROM revision WHERE workspace = ? AND number <= ?",
                    (key, number - KEEP_REVISIONS),
                )
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        self._count_save()
        return number

    def _count_save(self) -> None:
        with self._idle_lock:
            self._saves += 1
            if self._saves < CHECKPOINT_EVERY:
                return
            self._saves = 0
            if self._checkpointer is None or not self._checkpointer.is_alive():
                self._checkpointer = threading.Thread(target=self._checkpoint_loop, name="coach-store-checkpoint",
                                                      daemon=True)
                self._checkpointer.start()
        self._checkpoint_due.set()

    def _checkpoint_loop(self) -> None:
        """Checkpoint whenever asked. PASSIVE: it never waits for, or blocks, readers and writers; a
        process that exits mid-checkpoint loses nothing (the log stays and is replayed on open)."""
        while True:
            self._checkpoint_due.wait()
            self._checkpoint_due.clear()
            try:
                with self._connection() as conn:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            except sqlite3.Error:
                log.warning("background checkpoint failed; SQLite's own at %d pages remains", BACKSTOP_CHECKPOINT_PAGES,
                            exc_info=True)

    def revisions(self, token: str) -> list[Revision]:
        with self._connection() as conn:
            rows = conn.execute(
                "SELECT number, saved_at, summary FROM revision WHERE workspace = ? ORDER BY number DESC",
                (_key(token),),
            ).fetchall()
        return [Revision(n, datetime.fromisoformat(at), s) for n, at, s in rows]

    def restore(self, token: str, number: int) -> Workspace:
        """Make revision `number` the newest again; the revisions after it stay in history."""
        key = _key(token)
        with self._connection() as conn:
            row = conn.execute(
                "SELECT data FROM revision WHERE workspace = ? AND number = ?", (key, number)
            ).fetchone()
        if row is None:
            raise KeyError(f"revision {number} is no longer kept")
        self._append(key, row[0], f"Restored revision {number}")
        return Workspace.model_validate_json(row[0])

    def close(self) -> None:
        """Close the kept connections (a call made later opens a new one)."""
        with self._idle_lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()
