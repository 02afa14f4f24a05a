"""Portfolio: work samples with outcomes, coached on whether they worked and how that was measured."""

from __future__ import annotations

import streamlit as st

from coach.ui import shell


def render() -> None:
    st.title("Portfolio")
    st.info("The portfolio step is being built.")


shell.guarded(render)
