"""Driving the app with Streamlit's AppTest, the way a user would click through it."""

from __future__ import annotations

import re
from datetime import date

from streamlit.testing.v1 import AppTest

from coach.demo import demo_workspace
from coach.model import AfterCall, Homework, QuestionPlan, Workspace
from coach.store import STORE_FILE, Store, data_dir
from tests.conftest import REPO


def app() -> AppTest:
    return AppTest.from_file(str(REPO / "app.py"), default_timeout=30)


def store() -> Store:
    return Store(data_dir() / STORE_FILE)


def opened(workspace: Workspace, page: str | None = None) -> tuple[AppTest, str]:
    """An app whose URL carries the token of a freshly saved `workspace`."""
    token = store().create(workspace, "Created")
    at = app()
    at.query_params["ws"] = token
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at, token


def demo(persona: str = "student", filled: bool = False) -> Workspace:
    """The demo persona; unless `filled`, its conversations are reset to before any step was done."""
    ws = demo_workspace(persona, date.today())
    if not filled:
        for c in ws.conversations:
            c.homework, c.questions, c.after = Homework(), QuestionPlan(), AfterCall()
            c.followups, c.request_sent, c.call_at = [], None, None
    return ws


def texts(at: AppTest) -> str:
    """Everything the page says in markdown, alerts and captions, Markdown escapes removed, for `in` checks."""
    parts = [e.value for e in (*at.markdown, *at.caption, *at.info, *at.success, *at.warning, *at.error, *at.title, *at.subheader)]
    return re.sub(r"\\(.)", r"\1", "\n".join(str(p) for p in parts))


def keyed(widgets, name: str):  # type: ignore[no-untyped-def]
    """The widget bound to `name`, whatever generation prefix its key has now."""
    matches = [w for w in widgets if (w.key or "").split(":", 1)[-1] == name]
    assert len(matches) == 1, f"{name}: {[w.key for w in widgets]}"
    return matches[0]
