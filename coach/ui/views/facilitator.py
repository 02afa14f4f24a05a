"""Facilitator: walk a room through the flow on a demo workspace, and reset it between sessions."""

from __future__ import annotations

from datetime import date

import streamlit as st

from coach.demo import demo_workspace, persona_label
from coach.facilitator import facilitator_pack
from coach.ui import shell
from coach.ui.demo_starter import demo_starter


def _reset(persona: str) -> None:
    """Back to the persona's starting state, as a new revision of this demo workspace only."""
    shell.commit(demo_workspace(persona, date.today()), "Reset the demo")
    shell.refresh_widgets()


def _demo_controls() -> None:
    ws = shell.workspace()
    if ws is not None and ws.demo:
        st.success(f"This is a demo workspace ({shell.md(persona_label(ws))}).", icon=":material/co_present:")
        if st.session_state.get("confirm_reset"):
            st.warning("Reset this demo? Everything typed into it goes; it stays in the history.")
            yes, no = st.columns(2)
            if yes.button("Yes, reset the demo", type="primary", key="reset_yes"):
                st.session_state.pop("confirm_reset")
                _reset(ws.demo)
                st.rerun()
            if no.button("Keep it", key="reset_no"):
                st.session_state.pop("confirm_reset")
                st.rerun()
        elif st.button("Reset the demo for the next session", key="reset_demo"):
            st.session_state["confirm_reset"] = True
            st.rerun()
        return
    if ws is not None:
        st.info("The workspace open in this tab is a real one: the walk-through needs a demo, and reset never touches "
                "real workspaces. Start a demo below; it opens in this tab under its own link.")
    demo_starter("Demo persona", radio_key="facilitator_persona", button_label="Start a demo workspace",
                 button_key="facilitator_start")


def render() -> None:
    pack = facilitator_pack()
    st.title("Facilitator")
    st.write(pack.intro)
    _demo_controls()
    st.subheader(f"The walk-through, about {pack.minutes} minutes")
    for number, stop in enumerate(pack.stops, start=1):
        with st.container(border=True):
            left, right = st.columns([3, 1], vertical_alignment="center")
            left.markdown(f"**{number}. {stop.title}** · {stop.minutes} min")
            left.caption(f"Show: {stop.show}")
            left.markdown(f"Say: *{stop.say}*")
            right.page_link(stop.page, label=f"Open {stop.title}", icon=":material/arrow_forward:")
