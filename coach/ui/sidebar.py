"""The sidebar on every page: which conversation you are working on, and how far each step is."""

from __future__ import annotations

import streamlit as st

from coach.followup import local_now
from coach.model import Conversation, Workspace
from coach.progress import StepProgress
from coach.readiness import steps
from coach.ui import shell

_CACHE = "sidebar_steps"


def _steps(ws: Workspace, conversation: Conversation | None) -> list[StepProgress]:
    """Every step's progress, worked out again only when the workspace or the day changes, or for a
    conversation not shown since: switching back and forth between conversations costs nothing."""
    now = local_now(ws.profile)
    revision = (shell.revision(), now.date())
    cached: tuple[tuple, dict[str, list[StepProgress]]] | None = st.session_state.get(_CACHE)
    if cached is None or cached[0] != revision:
        cached = (revision, {})
        st.session_state[_CACHE] = cached
    by_conversation = cached[1]
    key = conversation.id if conversation else ""
    if key not in by_conversation:
        by_conversation[key] = steps(ws, conversation, now)
    return by_conversation[key]


def render() -> None:
    ws = shell.workspace()
    if ws is None:
        return
    if notice := shell.not_saved_notice():
        st.error(notice, icon=":material/sync_problem:")
    with st.sidebar:
        conversation = shell.selected_conversation(ws)
        if conversation is None:
            st.caption("No conversation yet: add one on the Start page.")
        else:
            ids = [c.id for c in ws.conversations]
            labels = {c.id: c.label for c in ws.conversations}
            picked = st.selectbox("Conversation", ids, index=ids.index(conversation.id),
                                  format_func=labels.__getitem__, key=shell.key("sidebar.conversation"))
            if picked != conversation.id:
                shell.select_conversation(picked)
                shell.refresh_widgets()
                st.rerun()
        st.caption("Progress")
        for step in _steps(ws, conversation):
            st.progress(step.done / step.total, text=f"{step.step}: {step.done}/{step.total}"
                        + ("" if step.complete else f" · {step.next_hint}"))
