"""The sidebar on every page: which conversation you are working on, and how far each step is."""

from __future__ import annotations

from datetime import date

import streamlit as st

from coach.content import request_pack
from coach.portfolio import portfolio_progress
from coach.progress import homework_progress, request_progress, start_progress
from coach.research.prompts import homework_pack
from coach.skills import skills_pack, skills_progress
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
        steps = (
            start_progress(ws, conversation),
            request_progress(ws, conversation, request_pack(), date.today()),
            homework_progress(conversation, homework_pack()),
            portfolio_progress(ws),
            skills_progress(ws, conversation, skills_pack()),
        )
        for step in steps:
            st.progress(step.done / step.total, text=f"{step.step}: {step.done}/{step.total}"
                        + ("" if step.complete else f" · {step.next_hint}"))
