"""Brief: the one-page prep brief for the picked conversation, and readiness across all of them."""

from __future__ import annotations

from functools import partial
from re import sub

import pandas as pd
import streamlit as st

from coach.brief import Brief, brief_markdown, brief_pdf, build_brief
from coach.followup import local_now
from coach.model import Conversation, Workspace
from coach.readiness import steps
from coach.ui import shell


TAB_KEY = "brief_tab"
BRIEF_TAB, OVERVIEW_TAB = "One-page brief", "Readiness overview"


def _file_name(brief: Brief, ending: str) -> str:
    return sub(r"[^A-Za-z0-9]+", "-", brief.title).strip("-").lower()[:60] + ending


def _section(title: str, lines: list[str], empty: str, step: str | None = None) -> None:
    st.markdown(f"**{title}**")
    if lines:
        st.markdown("\n".join(f"- {shell.md(line)}" for line in lines))
    else:
        st.caption(empty)
        if step:
            st.page_link(step, label="Fill it in", icon=":material/arrow_forward:")


def _brief(ws: Workspace, conversation: Conversation) -> None:
    brief = build_brief(ws, conversation)
    if brief.missing:
        st.info("Still empty: " + ", ".join(brief.missing) + ". The brief fills in as you work through those steps.")
    with st.container(border=True):
        st.subheader(shell.md(brief.title))
        st.text("\n".join(brief.who))
        _section("Homework highlights", [h.text for h in brief.highlights], "No homework notes yet.",
                 "coach/ui/homework.py")
        _section("Questions I will ask" + (f" ({brief.question_minutes})" if brief.question_minutes else ""),
                 list(brief.questions), "No questions chosen yet.", "coach/ui/questions.py")
        st.markdown("**Stories from my portfolio**")
        for story in brief.stories:
            st.markdown(f"*{shell.md(story.title)}*" + (" · confidential version" if story.confidential else "")
                        + f" · about {story.seconds} s")
            st.text(story.text)
        if not brief.stories:
            st.caption("No work samples yet.")
            st.page_link("coach/ui/portfolio.py", label="Fill it in", icon=":material/arrow_forward:")
        if brief.pitch or brief.pitch_expected:
            st.markdown("**Why my skills apply here**" + (f" · about {brief.pitch_seconds} s" if brief.pitch else ""))
            if brief.pitch:
                st.text(brief.pitch)
            else:
                st.caption("No pitch yet.")
                st.page_link("coach/ui/skills.py", label="Fill it in", icon=":material/arrow_forward:")
        st.markdown("**Before the call**")
        at = shell.conversation_locator(conversation.id)
        for item_id, text, ticked in brief.checklist:
            widget_key = shell.key(f"{conversation.id}.check.{item_id}")

            def toggle(item_id: str = item_id, widget_key: str = widget_key) -> None:
                value = bool(st.session_state[widget_key])
                shell.edit("Ticked the checklist" if value else "Unticked the checklist",
                           lambda w: at(w).checklist.__setitem__(item_id, value))

            st.checkbox(text, value=ticked, key=widget_key, on_change=toggle)
    left, right = st.columns(2)
    # Built on click: a PDF costs far more than a rerun should.
    left.download_button("Download the brief (PDF, one page)", partial(brief_pdf, brief),
                         file_name=_file_name(brief, ".pdf"), mime="application/pdf", on_click="ignore",
                         key="brief_pdf", type="primary")
    right.download_button("Download as Markdown", partial(brief_markdown, brief), file_name=_file_name(brief, ".md"),
                          mime="text/markdown", on_click="ignore", key="brief_md")


def _overview(ws: Workspace) -> None:
    now = local_now(ws.profile)
    rows = []
    for conversation in ws.conversations:
        for step in steps(ws, conversation, now):
            rows.append({"Conversation": conversation.label, "Step": step.step, "Done": step.done, "Of": step.total,
                         "Share": step.done / step.total, "Next": step.next_hint or "Complete"})
    if not rows:
        st.caption("Add a conversation on the Start page to see its readiness.")
        return
    table = pd.DataFrame(rows)
    order = list(dict.fromkeys(table["Step"]))
    st.vega_lite_chart(
        table,
        {
            "mark": {"type": "rect", "cornerRadius": 3},
            "encoding": {
                "x": {"field": "Step", "type": "nominal", "sort": order, "axis": {"labelAngle": 0, "title": None}},
                "y": {"field": "Conversation", "type": "nominal", "title": None, "axis": {"labelLimit": 260}},
                "color": {"field": "Share", "type": "quantitative", "scale": {"domain": [0, 1], "scheme": "greens"},
                          "legend": {"format": ".0%", "title": "Done"}},
                "tooltip": [{"field": "Conversation"}, {"field": "Step"}, {"field": "Done"}, {"field": "Of"},
                            {"field": "Next"}],
            },
            "height": {"step": 42},
        },
        width="stretch",
        key="readiness_chart",
    )
    st.dataframe(table.drop(columns=["Share"]), hide_index=True, width="stretch", key="readiness_table")


def render() -> None:
    st.title("Brief")
    opened = shell.require_conversation("see the brief for the call")
    if opened is None:
        return
    ws, conversation = opened
    # Only the open tab runs: the overview works out every step of every conversation.
    brief_tab, overview_tab = st.tabs([BRIEF_TAB, OVERVIEW_TAB], key=TAB_KEY, on_change="rerun")
    if brief_tab.open:
        with brief_tab:
            _brief(ws, conversation)
    if overview_tab.open:
        with overview_tab:
            st.caption("Every step for every conversation: what is done and what is missing.")
            _overview(ws)
