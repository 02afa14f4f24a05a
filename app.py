"""Entry point: page setup and navigation over the step pages in coach/ui."""

import streamlit as st

from coach.ui import latency, sidebar

st.set_page_config(page_title="Informational Interview Coach", page_icon="🎙️", layout="wide")
navigation = st.navigation(
    {
        "Prepare": [
            st.Page("coach/ui/start.py", title="Start", icon=":material/flag:", default=True),
            st.Page("coach/ui/request.py", title="Request", icon=":material/mail:"),
            st.Page("coach/ui/homework.py", title="Homework", icon=":material/travel_explore:"),
            st.Page("coach/ui/questions.py", title="Questions", icon=":material/forum:"),
            st.Page("coach/ui/portfolio.py", title="Portfolio", icon=":material/work:"),
            st.Page("coach/ui/skills.py", title="Skills", icon=":material/swap_horiz:"),
            st.Page("coach/ui/after_call.py", title="After the call", icon=":material/mark_email_read:"),
            st.Page("coach/ui/brief.py", title="Brief", icon=":material/description:"),
        ],
        "Career centers": [st.Page("coach/ui/facilitator.py", title="Facilitator", icon=":material/co_present:")],
    }
)
sidebar.render()
navigation.run()
latency.settle_after_first_run()
