"""The persona choice and button that open a new demo workspace (Start page and Facilitator)."""

from __future__ import annotations

from datetime import date

import streamlit as st

from coach.demo import demo_workspace, persona_labels
from coach.ui import shell


def demo_starter(label: str, *, radio_key: str, button_label: str, button_key: str) -> None:
    labels = persona_labels()
    chosen = st.radio(label, list(labels), format_func=labels.__getitem__, key=radio_key)
    if st.button(button_label, type="primary", key=button_key):
        shell.open_new(demo_workspace(chosen, date.today()), f"Demo: {labels[chosen]}")
        st.rerun()
