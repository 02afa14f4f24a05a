"""Questions: the questions you will ask, and the ones they may ask you (placeholder while the step is built)."""

from __future__ import annotations

import streamlit as st

from coach.ui import shell


def render() -> None:
    st.title("Questions")
    shell.require_conversation("prepare your questions")


shell.guarded(render)
