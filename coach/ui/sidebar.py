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
    """Every step's progress, worked out again only when the workspace, the conversation or the day changes."""
    now = local_now(ws.profile)
    cache_key = (shell.revision(), conversation.id if conversation else "", now.date())
    cached = st.session_state.get(_CACHE)
    if cached is None or cached[0] != cache_key:
        cached = (cache_key, steps(ws, conversation, now))
        st.session_state[_CACHE] = cached
    return cached[1]


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
