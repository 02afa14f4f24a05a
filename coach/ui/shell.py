"""What every page shares: the open workspace, autosave, bound widgets, the sidebar.

The workspace lives in session state while a browser tab is open and is written to the
store by the widgets' change callbacks, so every edit is saved before the page reruns and
nothing waits for a "save" button. Widget keys carry a generation number that changes when
the whole workspace is replaced (restore, import, demo), so widgets show the new values
instead of their stale ones.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, TypeVar

import streamlit as st
from pydantic import BaseModel, ValidationError

from coach.model import Conversation, Workspace
from coach.store import STORE_FILE, Store, data_dir, looks_like_token

log = logging.getLogger("coach.ui")

Locator = Callable[[Workspace], BaseModel]
R = TypeVar("R")

_TOKEN = "ws_token"
_WORKSPACE = "ws_data"
_GEN = "ws_gen"
_ERRORS = "field_errors"
_CONVERSATION = "conversation_id"
_UNKNOWN = "unknown_link"
_REVISION = "ws_revision"
_NOT_SAVED = "not_saved"


def store() -> Store:
    return _store_at(str(data_dir()))


@st.cache_resource
def _store_at(folder: str) -> Store:
    """One store per data folder for the whole server process (connections are per thread)."""
    return Store(Path(folder) / STORE_FILE)


def token() -> str | None:
    return st.session_state.get(_TOKEN)


def revision() -> tuple[str | None, int | None]:
    """Which saved state this tab shows: changes whenever anything is saved or reloaded."""
    return st.session_state.get(_TOKEN), st.session_state.get(_REVISION)


def workspace() -> Workspace | None:
    """The open workspace, opening it from `?ws=` on a tab's first run."""
    state = st.session_state
    wanted = st.query_params.get("ws")
    if wanted and wanted != state.get(_TOKEN):
        loaded = store().load(wanted) if looks_like_token(wanted) else None
        if loaded is None:
            state[_UNKNOWN] = True
            del st.query_params["ws"]
            _forget()
        else:
            _adopt(wanted, loaded)
    elif state.get(_TOKEN) and store().head(state[_TOKEN]) != state.get(_REVISION):
        # Another tab (or a restore elsewhere) saved since this tab loaded: show the newest.
        _adopt(state[_TOKEN], store().load(state[_TOKEN]))
    if state.get(_TOKEN) and st.query_params.get("ws") != state[_TOKEN]:
        # Page switches drop query parameters: put the token back so the link stays bookmarkable.
        st.query_params["ws"] = state[_TOKEN]
    if state.get(_CONVERSATION) and st.query_params.get("c") != state[_CONVERSATION]:
        st.query_params["c"] = state[_CONVERSATION]  # a reload reopens the conversation being worked on
    return state.get(_WORKSPACE)


def unknown_link() -> bool:
    """True once, after a `?ws=` link that opens no workspace here."""
    return bool(st.session_state.pop(_UNKNOWN, False))


def _adopt(new_token: str, loaded: Workspace) -> None:
    if st.session_state.get(_TOKEN) != new_token:
        st.session_state.pop(_CONVERSATION, None)
    st.session_state[_TOKEN] = new_token
    replace(loaded)
    st.query_params["ws"] = new_token


def _forget() -> None:
    for key in (_TOKEN, _WORKSPACE, _CONVERSATION, _REVISION):
        st.session_state.pop(key, None)
    st.query_params.pop("c", None)


def open_new(new: Workspace, summary: str) -> None:
    """Create a workspace under a fresh token and make it this tab's workspace."""
    _adopt(store().create(new, summary), new)


def replace(new: Workspace) -> None:
    """Show a workspace that the store already holds (after a restore) in every widget."""
    st.session_state[_WORKSPACE] = new
    st.session_state[_REVISION] = store().head(st.session_state[_TOKEN])
    refresh_widgets()


def refresh_widgets() -> None:
    """New widget keys, so widgets show the workspace's values instead of what they held."""
    st.session_state[_GEN] = st.session_state.get(_GEN, 0) + 1
    st.session_state[_ERRORS] = {}


def commit(new: Workspace, summary: str) -> None:
    """Autosave: one store transaction, then the tab shows the saved state."""
    st.session_state[_REVISION] = store().save(st.session_state[_TOKEN], new, summary)
    st.session_state[_WORKSPACE] = new


def edit(summary: str, change: Callable[[Workspace], None]) -> str | None:
    """Apply `change` to a copy, validate and save; returns the problem instead of saving a bad value."""
    try:
        # A copy through pydantic-core (dump, then validate) is about 4x quicker than deepcopy.
        draft = Workspace.model_validate(st.session_state[_WORKSPACE].model_dump())
        change(draft)
        draft = Workspace.model_validate(draft.model_dump())
    except ValidationError as exc:
        return "; ".join(_plain(e["msg"]) for e in exc.errors())
    except LookupError:
        return "could not be saved: that item was removed (perhaps in another tab)"
    return _saved(draft, summary)


def edit_field(summary: str, locate: Locator, field: str, value: Any) -> str | None:
    """Autosave one field of one record: what a bound widget does on every change.

    Every record validates assignments and refuses a bad value before changing anything, and no
    workspace rule involves a single field, so this skips `edit`'s copy and whole-workspace
    validation (4 of its 9 ms in bench/interaction.py)."""
    ws = st.session_state[_WORKSPACE]
    try:
        setattr(locate(ws), field, value)
    except ValidationError as exc:
        return "; ".join(_plain(e["msg"]) for e in exc.errors())
    except LookupError:
        return "could not be saved: that item was removed (perhaps in another tab)"
    return _saved(ws, summary, changed_in_place=True)


_UNSAVED = "could not be saved just now: the data folder did not answer. Try again in a moment"


def _saved(new: Workspace, summary: str, changed_in_place: bool = False) -> str | None:
    """Commit, or say why not. After a failed save the tab shows what the store holds, so nothing
    unsaved looks saved."""
    try:
        commit(new, summary)
    except sqlite3.Error:
        log.exception("autosave failed")
        st.session_state[_NOT_SAVED] = (f"Your last change ({summary[:1].lower() + summary[1:80]}) could not be saved: "
                                        "the data folder did not answer. Try again in a moment; everything saved before is safe.")
        if changed_in_place:
            try:
                replace(store().load(st.session_state[_TOKEN]) or new)
            except sqlite3.Error:
                log.exception("reloading after a failed autosave failed")
        return _UNSAVED
    return None


def not_saved_notice() -> str | None:
    """Once, after a change that could not be saved (shown at the top of the next run)."""
    return st.session_state.pop(_NOT_SAVED, None)


def _plain(message: str) -> str:
    return message.removeprefix("Value error, ")


_MARKDOWN_ESCAPES = str.maketrans({ch: "\\" + ch for ch in "\\`*_{}[]()<>#+-.!|~:$"})


def md(text: str) -> str:
    """User or fetched text placed inside Markdown: escaped so no link, image or markup is rendered."""
    return text.translate(_MARKDOWN_ESCAPES)


def key(name: str) -> str:
    return f"{st.session_state.get(_GEN, 0)}:{name}"


def _bound_change(widget_key: str, locate: Locator, field: str, label: str, convert: Callable[[Any], Any]) -> None:
    value = convert(st.session_state[widget_key])
    problem = edit_field(f"Edited {label.lower()}", locate, field, value)
    remember_problem(widget_key, f"{label} {problem}. The last valid value is kept." if problem else None)


def remember_problem(where: str, message: str | None) -> None:
    """Keep the problem a change at `where` had (None clears it), to show beside it until fixed.

    Cleared with the widgets when the whole workspace is replaced (`refresh_widgets`)."""
    problems = st.session_state.setdefault(_ERRORS, {})
    if message:
        problems[where] = message
    else:
        problems.pop(where, None)


def problem_at(where: str) -> str | None:
    return st.session_state.get(_ERRORS, {}).get(where)


def show_problem(where: str) -> None:
    if message := problem_at(where):
        st.error(message)


def text(label: str, locate: Locator, field: str, name: str, *, area: bool = False, **kwargs: Any) -> str:
    """A text widget bound to `field` of the record `locate` finds; every change autosaves."""
    widget_key = key(name)
    value = getattr(locate(st.session_state[_WORKSPACE]), field)
    widget = st.text_area if area else st.text_input
    result = widget(label, value=value, key=widget_key, on_change=_bound_change,
                    args=(widget_key, locate, field, label, str), **kwargs)
    show_problem(widget_key)
    return result


def choice(label: str, locate: Locator, field: str, name: str, options: dict[str, str], **kwargs: Any) -> str:
    widget_key = key(name)
    value = getattr(locate(st.session_state[_WORKSPACE]), field)
    keys = list(options)
    result = st.selectbox(label, keys, index=keys.index(value) if value in keys else 0,
                          format_func=options.__getitem__, key=widget_key, on_change=_bound_change,
                          args=(widget_key, locate, field, label, str), **kwargs)
    show_problem(widget_key)
    return result


def day(label: str, locate: Locator, field: str, name: str, **kwargs: Any) -> date | None:
    widget_key = key(name)
    value = getattr(locate(st.session_state[_WORKSPACE]), field)
    result = st.date_input(label, value=value, key=widget_key, on_change=_bound_change,
                           args=(widget_key, locate, field, label, lambda v: v), **kwargs)
    show_problem(widget_key)
    return result


def moment(label: str, locate: Locator, field: str, name: str) -> datetime | None:
    """A date and a time side by side, saved together as one datetime (None while the date is empty)."""
    current: datetime | None = getattr(locate(st.session_state[_WORKSPACE]), field)
    day_key, time_key = key(f"{name}.day"), key(f"{name}.time")

    def changed() -> None:
        chosen_day = st.session_state[day_key]
        chosen_time = st.session_state[time_key] or time(10, 0)
        value = datetime.combine(chosen_day, chosen_time) if chosen_day else None
        problem = edit(f"Edited {label.lower()}", lambda ws: setattr(locate(ws), field, value))
        if problem:
            remember_problem(day_key, f"{label} {problem}.")

    left, right = st.columns(2)
    left.date_input(f"{label}: date", value=current.date() if current else None, key=day_key, on_change=changed)
    right.time_input(f"{label}: time", value=current.time() if current else time(10, 0), key=time_key,
                     on_change=changed, step=900)
    show_problem(day_key)
    return current


def locator(find: Callable[[Workspace], R | None], what: str) -> Callable[[Workspace], R]:
    """A locator for a record found by `find`; a record deleted meanwhile (another tab) is a LookupError."""

    def locate(ws: Workspace) -> R:
        found = find(ws)
        if found is None:
            raise LookupError(f"the {what} was deleted")
        return found

    return locate


def conversation_locator(conversation_id: str) -> Callable[[Workspace], Conversation]:
    return locator(lambda ws: ws.conversation(conversation_id), "conversation")


def selected_conversation(ws: Workspace) -> Conversation | None:
    """The conversation picked in the sidebar (the first one if none is picked yet)."""
    if not ws.conversations:
        return None
    chosen = ws.conversation(st.session_state.get(_CONVERSATION) or st.query_params.get("c", ""))
    if chosen is None:
        chosen = ws.conversations[0]
    select_conversation(chosen.id)
    return chosen


def select_conversation(conversation_id: str) -> None:
    st.session_state[_CONVERSATION] = conversation_id
    if st.query_params.get("c") != conversation_id:
        st.query_params["c"] = conversation_id


def is_selected(conversation_id: str) -> bool:
    return st.session_state.get(_CONVERSATION) == conversation_id


def _to_start(message: str) -> None:
    st.info(message)
    st.page_link("coach/ui/start.py", label="Go to Start", icon=":material/flag:")


def require_workspace() -> Workspace | None:
    """The open workspace, or a pointer to the Start page when there is none."""
    ws = workspace()
    if ws is None:
        _to_start("Open or create a workspace on the Start page first.")
    return ws


def require_conversation(to_do: str) -> tuple[Workspace, Conversation] | None:
    """The open workspace and picked conversation, or a pointer to the Start page when either is missing."""
    ws = require_workspace()
    if ws is None:
        return None
    conversation = selected_conversation(ws)
    if conversation is None:
        _to_start(f"Add the person and agency on the Start page, then come back to {to_do}.")
        return None
    return ws, conversation


def guarded(render: Callable[[], None]) -> None:
    """Run a page; an unexpected error shows a calm message and is logged, never a traceback."""
    try:
        render()
    except Exception:
        log.exception("page failed")
        st.error(
            "Something went wrong on this page. What you saved is safe: reload the page to carry on. "
            "If it happens again, export your workspace from the Start page and report the problem."
        )
