"""Start: open a private workspace, describe yourself and the people you will talk to."""

from __future__ import annotations

from functools import cache, partial

import pandas as pd
import streamlit as st

from coach.model import SITUATIONS, Conversation, Profile, Workspace, known_timezones
from coach.transfer import ImportProblem, from_yaml, to_yaml
from coach.ui import shell
from coach.ui.demo_starter import demo_starter


def _welcome() -> None:
    st.title("Informational Interview Coach")
    st.write(
        "Prepare for an informational interview with a PR or marketing-communications agency: "
        "ask for the call considerately, do real homework on the agency, and walk in ready."
    )
    if shell.unknown_link():
        st.info("That link does not open a workspace on this server. Start a new one below, or import an export.")
    new, demo, upload = st.tabs(["New workspace", "Try the demo", "Import a file"])
    with new, st.form("new_workspace"):
        name = st.text_input("Your name")
        situation = st.radio("Your situation", list(SITUATIONS), format_func=SITUATIONS.__getitem__, horizontal=True)
        if st.form_submit_button("Create my private workspace", type="primary"):
            profile = Profile(name=name.strip()[:200], situation=situation, timezone=_browser_timezone())
            shell.open_new(Workspace(profile=profile), "Created workspace")
            st.rerun()
    with demo:
        _demo_picker()
    with upload:
        _import_form()
    st.caption("No account needed: everything you type is saved as you go, under a private link only you hold.")


def _browser_timezone() -> str:
    zone = st.context.timezone
    return zone if zone in known_timezones() else "UTC"


def _demo_picker() -> None:
    st.write("A filled-in workspace to explore, or to show a room how the app works. It is yours to change.")
    demo_starter("Persona", radio_key="demo_persona", button_label="Try the demo", button_key="try_demo")


def _import_form() -> None:
    upload = st.file_uploader("Workspace file (.yaml, at most 2 MB)", type=["yaml", "yml"], key="import_file")
    if upload is not None and st.button("Import as a new workspace", key="import_go"):
        try:
            imported = from_yaml(upload.getvalue())
        except ImportProblem as problem:
            st.error("Nothing was imported. Fix these problems in the file and try again:\n\n"
                     + "\n".join(f"- {p}" for p in problem.problems))
            return
        previous = shell.token()
        shell.open_new(imported, f"Imported {upload.name[:80]}")
        st.session_state["import_notice"] = previous
        st.rerun()


def _link() -> None:
    base = (st.context.url or "").split("?")[0]
    link = f"{base if base.endswith('/') else base + '/'}?ws={shell.token()}"
    st.caption("Your private link: bookmark it. Anyone with it can open this workspace; nobody can find it without it.")
    st.code(link, language=None)
    if "import_notice" in st.session_state:
        previous = st.session_state.pop("import_notice")
        st.success("Imported as a new workspace." + (f" Your previous workspace is unchanged at ?ws={previous}" if previous else ""))


@cache
def _zone_options() -> dict[str, str]:
    return {z: z for z in sorted(known_timezones())}


def _profile(ws: Workspace) -> None:
    st.subheader("About you")
    profile = lambda w: w.profile  # noqa: E731 - a locator is clearest inline
    left, right = st.columns(2)
    with left:
        shell.text("Your name", profile, "name", "profile.name")
        shell.choice("Your situation", profile, "situation", "profile.situation", SITUATIONS)
        shell.text("Field that interests you", profile, "field_of_interest", "profile.field",
                   placeholder="e.g. healthcare PR, brand content, public affairs")
    with right:
        shell.text("Resume link", profile, "resume_url", "profile.resume", placeholder="https://…")
        shell.text("Portfolio link", profile, "portfolio_url", "profile.portfolio", placeholder="https://…")
        shell.choice("Your time zone", profile, "timezone", "profile.timezone", _zone_options())


def _conversations(ws: Workspace) -> None:
    st.subheader("Conversations")
    st.caption("One for each professional you plan to talk to. Pick the one you are working on in the sidebar.")
    lines = []
    for conversation in ws.conversations:
        when = f" — call {conversation.call_at:%a %d %b %Y, %H:%M}" if conversation.call_at else ""
        line = shell.md(f"{conversation.label}{when}")
        lines.append(f"- **{line}** · editing below" if shell.is_selected(conversation.id) else f"- {line}")
    if lines:
        st.markdown("\n".join(lines))
    if st.button("Add a conversation", key="add_conversation"):
        added = Conversation()
        shell.edit("Added a conversation", lambda w: w.conversations.append(added))
        shell.select_conversation(added.id)
        shell.refresh_widgets()
        st.rerun()
    selected = shell.selected_conversation(ws)
    if selected is not None:
        with st.container(border=True):
            st.markdown(f"**Editing: {shell.md(selected.label)}**")
            _conversation(selected)


def _conversation(conversation: Conversation) -> None:
    cid = conversation.id
    at = shell.conversation_locator(cid)
    shell.text("Conversation name (optional)", at, "name", f"{cid}.name",
               help="Shown in the sidebar picker; empty shows the person and agency.")
    person = lambda w: at(w).person  # noqa: E731
    agency = lambda w: at(w).agency  # noqa: E731
    left, right = st.columns(2)
    with left:
        shell.text("Person's name", person, "name", f"{cid}.person.name")
        shell.text("Their title", person, "title", f"{cid}.person.title")
        shell.text("Their email", person, "email", f"{cid}.person.email")
        shell.text("Their LinkedIn", person, "linkedin_url", f"{cid}.person.linkedin")
    with right:
        shell.text("Agency", agency, "name", f"{cid}.agency.name")
        shell.text("Agency website", agency, "url", f"{cid}.agency.url", placeholder="https://…")
        shell.day("Request sent on", at, "request_sent", f"{cid}.request_sent", format="YYYY-MM-DD")
        shell.moment("Call", at, "call_at", f"{cid}.call_at")
    confirm_key = f"confirm_delete.{cid}"
    if st.session_state.get(confirm_key):
        st.warning(f"Delete “{shell.md(conversation.label)}” and everything prepared for it? Earlier revisions stay in the history.")
        yes, no = st.columns(2)
        if yes.button("Yes, delete it", key=f"delete_yes.{cid}", type="primary"):
            shell.edit(f"Deleted {conversation.label}", lambda w: w.conversations.remove(at(w)))
            st.session_state.pop(confirm_key)
            st.rerun()
        if no.button("Keep it", key=f"delete_no.{cid}"):
            st.session_state.pop(confirm_key)
            st.rerun()
    elif st.button("Delete this conversation", key=f"delete.{cid}"):
        st.session_state[confirm_key] = True
        st.rerun()


def _export_import(ws: Workspace) -> None:
    # Stateful expanders draw their content only while open: the download and upload widgets
    # and the revision table cost every rerun of this page otherwise.
    box = st.expander("Export or import a workspace file", key="export_open", on_change="rerun",
                      icon=":material/download:")
    if not box.open:
        return
    with box:
        left, right = st.columns(2)
        with left:
            st.write("Keep a copy, or move your work to another computer.")
            # Deferred: the YAML is built when the button is clicked, not on every rerun.
            st.download_button("Download workspace (.yaml)", partial(to_yaml, ws), file_name="interview-coach-workspace.yaml",
                               mime="application/x-yaml", key="export", on_click="ignore")
        with right:
            _import_form()


def _history() -> None:
    box = st.expander("History: every change is saved, the last 50 versions can be restored", key="history_open",
                      on_change="rerun", icon=":material/history:")
    if not box.open:
        return
    with box:
        revisions = shell.store().revisions(shell.token())
        st.caption(f"The last {len(revisions)} revisions are kept; restoring one adds it as the newest.")
        table = pd.DataFrame(
            {"Revision": [r.number for r in revisions],
             "Saved (UTC)": [r.saved_at.strftime("%Y-%m-%d %H:%M:%S") for r in revisions],
             "Change": [r.summary for r in revisions]}
        )
        st.dataframe(table, hide_index=True, height=min(400, 36 + 35 * len(revisions)), key="history_table")
        older = [r.number for r in revisions[1:]]
        if older:
            left, right = st.columns([2, 1], vertical_alignment="bottom")
            number = left.selectbox("Go back to revision", older, key="restore_choice")
            if right.button("Restore", key="restore"):
                shell.replace(shell.store().restore(shell.token(), number))
                st.rerun()


def render() -> None:
    ws = shell.workspace()
    if ws is None:
        _welcome()
        return
    st.title("Start")
    _link()
    _profile(ws)
    _conversations(ws)
    _export_import(ws)
    _history()
