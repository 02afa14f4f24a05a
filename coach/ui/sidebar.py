"""The sidebar on every page: which conversation you are working on, and how far each step is."""

from __future__ import annotations

import streamlit as st

from coach.followup import local_now
from coach.readiness import steps
from coach.ui import shell


def render() -> None:
    ws = shell.workspace()
    if ws is None:
        return
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
        for step in steps(ws, conversation, local_now(ws.profile)):
            st.progress(step.done / step.total, text=f"{step.step}: {step.done}/{step.total}"
                        + ("" if step.complete else f" · {step.next_hint}"))
