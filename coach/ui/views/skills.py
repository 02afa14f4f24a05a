"""Skills: map past roles to the field's competencies, see strengths and gaps for this agency, rehearse the pitch."""

from __future__ import annotations

import hashlib
import time

import streamlit as st

from coach.model import Conversation, Workspace
from coach.skills import (
    BridgeMap,
    Row,
    bridge_map,
    coverage_spec,
    gap_actions,
    has_result,
    pitch_drafts,
    pitch_timing,
    skills_pack,
    suggested_roles,
    timer_report,
)
from coach.ui import shell

TIMER_STARTED = "skills_timer_started"
TIMER_ELAPSED = "skills_timer_elapsed"
TIMER_TARGET = "skills_timer_target"
KIND_ICONS = {"course": "📘", "volunteer": "🤝", "certificate": "🎓", "sample": "✍️"}


def _skills(ws: Workspace):  # type: ignore[no-untyped-def]
    return ws.skills


def _decide(competency_id: str, decision: str | None) -> None:
    def change(ws: Workspace) -> None:
        if decision is None:
            ws.skills.decisions.pop(competency_id, None)
        else:
            ws.skills.decisions[competency_id] = decision  # type: ignore[assignment]

    label = skills_pack().competency(competency_id).label  # type: ignore[union-attr]
    shell.edit(f"{'Undid the decision on' if decision is None else decision.capitalize()} {label.lower()}", change)


# --------------------------------------------------------------------------- 1. roles and own words


def _roles_changed(widget_key: str) -> None:
    chosen = list(st.session_state[widget_key])
    shell.edit("Picked past roles", lambda ws: setattr(ws.skills, "roles", chosen))


def _add_role(role_id: str) -> None:
    shell.edit("Picked a past role", lambda ws: ws.skills.roles.append(role_id))
    shell.refresh_widgets()


def _inputs(ws: Workspace) -> None:
    pack = skills_pack()
    st.subheader("1. What you did before")
    roles = {r.id: r.label for r in pack.roles.roles}
    widget_key = shell.key("skills.roles")
    st.multiselect("Past roles (up to 6)", list(roles), default=[r for r in ws.skills.roles if r in roles],
                   format_func=roles.__getitem__, key=widget_key, max_selections=6,
                   on_change=_roles_changed, args=(widget_key,),
                   help="Each role brings its typical tasks. Pick the closest; your own words below add the rest.")
    shell.text("What you did, in your own words", _skills, "own_words", "skills.own_words", area=True, height=120,
               placeholder="e.g. I taught 150 students a year, wrote the school newsletter and ran the open evening.",
               help="Concrete verbs and numbers match best: wrote, planned, ran, trained, 150 students.")
    hints = suggested_roles(ws.skills.own_words, ws.skills.roles, pack)
    if hints and len(ws.skills.roles) < 6:
        cols = st.columns(min(len(hints), 3))
        for col, (role_id, word) in zip(cols, hints[:3], strict=False):
            col.button(f"Add {roles[role_id]} (you wrote “{word}”)", key=f"add_role.{role_id}",
                       on_click=_add_role, args=(role_id,), icon=":material/add:")


# --------------------------------------------------------------------------- 2. matches


def _why(row: Row) -> str:
    return shell.md(row.match.explain()) if row.match else "No match in your roles or words."


def _suggestions(the_map: BridgeMap) -> None:
    st.subheader("2. Suggested matches")
    suggested = the_map.suggested
    if not suggested:
        if any(r.match for r in the_map.rows):
            st.caption("Every suggestion is decided. Undo a decision under your strengths or gaps if you change your mind.")
        else:
            st.caption("Pick a past role or describe what you did, and matches appear here with the words behind each.")
        return
    st.caption("Each match shows its score and what it comes from: your words (strong words +2, related +1) and the "
               "tasks of the roles you picked (+2 each). Accept the ones you agree with.")
    for row in suggested:
        with st.container(border=True):
            left, accept, reject = st.columns([5, 1, 1], vertical_alignment="center")
            star = " ★" if row.emphasis else ""
            left.markdown(f"**{row.competency.label}**{star} · score {row.match.score if row.match else 0}  \n"
                          f":small[:gray[{_why(row)}]]")
            accept.button("Accept", key=f"accept.{row.id}", on_click=_decide, args=(row.id, "accepted"), type="primary",
                          width="stretch")
            reject.button("Reject", key=f"reject.{row.id}", on_click=_decide, args=(row.id, "rejected"), width="stretch")


# --------------------------------------------------------------------------- 3. strengths


def _evidence_changed(widget_key: str, competency_id: str) -> None:
    text = st.session_state[widget_key].strip()

    def change(ws: Workspace) -> None:
        if text:
            ws.skills.evidence[competency_id] = text
        else:
            ws.skills.evidence.pop(competency_id, None)

    problem = shell.edit("Edited an example", change)
    if problem:
        st.session_state.setdefault("field_errors", {})[widget_key] = f"Example {problem}."


def _strengths(the_map: BridgeMap) -> None:
    st.subheader("3. Your strengths")
    strengths = the_map.strengths
    if not strengths:
        st.caption("Accept a match to make it a strength, then back it with an example.")
        return
    st.caption("Back each strength with a concrete example and its result: what you did, for whom, what changed.")
    for row in strengths:
        with st.container(border=True):
            head, undo = st.columns([6, 1])
            badge = "✅ Evidenced" if row.status == "evidenced" else "◻️ Claimed: add an example"
            head.markdown(f"**{row.competency.label}** · {badge}")
            undo.button("Undo", key=f"undo.{row.id}", on_click=_decide, args=(row.id, None), width="stretch")
            widget_key = shell.key(f"skills.evidence.{row.id}")
            st.text_area(f"Example for {row.competency.label.lower()}", value=row.evidence, key=widget_key, height=68,
                         on_change=_evidence_changed, args=(widget_key, row.id), label_visibility="collapsed",
                         placeholder="e.g. Relaunched the parent newsletter as a weekly email; opens rose from 31% to 52%.")
            if row.evidence and not has_result(row.evidence):
                st.caption("Add the result: a number, or what changed because of it.")


# --------------------------------------------------------------------------- 4. gaps


def _gaps(the_map: BridgeMap, researched: bool) -> None:
    st.subheader(f"4. Gaps, most important for {shell.md(the_map.agency)} first")
    gaps = the_map.gaps
    if not researched:
        st.info("Research the agency on the Homework page: gaps it stresses (a service it offers, a value it states) "
                "will move to the top.", icon=":material/travel_explore:")
    if not gaps:
        st.caption("No gaps left: every competency is a strength or waiting for your decision.")
        return
    for rank, row in enumerate(gaps[:2]):
        with st.container(border=True):
            st.markdown(f"**{rank + 1}. {row.competency.label}**" + (" ★" if row.emphasis else ""))
            if row.emphasis:
                st.caption(shell.md(row.emphasis.reason(the_map.agency)))
            st.markdown(_actions_md(row, the_map.agency))
            _claim_button(row)
    if len(gaps) > 2:
        with st.expander(f"Other gaps ({len(gaps) - 2})"):
            st.markdown("\n\n".join(f"**{row.competency.label}**" + (" ★" if row.emphasis else "") + "\n"
                                      + _actions_md(row, the_map.agency) for row in gaps[2:]))
            options = {row.id: row.competency.label for row in gaps[2:]}
            left, right = st.columns([3, 1], vertical_alignment="bottom")
            picked = left.selectbox("I have done one of these after all", list(options), format_func=options.__getitem__,
                                    key="claim_other", index=None, placeholder="Pick a competency")
            right.button("Make it a strength", key="claim_other_button", disabled=picked is None, width="stretch",
                         on_click=_claim_other, args=(gaps[2:],))


def _actions_md(row: Row, agency: str) -> str:
    return "\n".join(f"- {KIND_ICONS[kind]} {shell.md(text)}" for kind, text in gap_actions(row.competency, agency))


def _claim_button(row: Row) -> None:
    label = "Undo the rejection" if row.decision == "rejected" else "I have done this"
    st.button(label, key=f"claim.{row.id}", on_click=_decide, args=(row.id, None if row.decision == "rejected" else "accepted"))


def _claim_other(rows: list[Row]) -> None:
    picked = st.session_state.get("claim_other")
    row = next((r for r in rows if r.id == picked), None)
    if row is not None:
        _decide(row.id, None if row.decision == "rejected" else "accepted")
    st.session_state["claim_other"] = None


# --------------------------------------------------------------------------- chart


def _coverage(the_map: BridgeMap) -> None:
    st.subheader("Coverage")
    st.vega_lite_chart(coverage_spec(the_map), key="skills_chart", width="stretch")
    st.caption(f"★ = {shell.md(the_map.agency)} stresses it (named in its services, values, careers or news). "
               "Evidenced: accepted with an example. Claimed: accepted, no example yet. Suggested: waiting for you.")


# --------------------------------------------------------------------------- 5. pitch


def _pitch_changed(widget_key: str, conversation_id: str, version: str, generated: str) -> None:
    text = st.session_state[widget_key]
    value = "" if " ".join(text.split()) == " ".join(generated.split()) else text
    at = shell.conversation_locator(conversation_id)
    problem = shell.edit(f"Edited the {version} pitch", lambda ws: setattr(at(ws).pitch, version, value))
    if problem:
        st.session_state.setdefault("field_errors", {})[widget_key] = f"Pitch {problem}."


def _reset_pitch(conversation_id: str, version: str) -> None:
    at = shell.conversation_locator(conversation_id)
    shell.edit(f"Went back to the generated {version} pitch", lambda ws: setattr(at(ws).pitch, version, ""))
    shell.refresh_widgets()


def _pitch(ws: Workspace, conversation: Conversation) -> None:
    pack = skills_pack()
    st.subheader("5. Your pitch: why my skills apply to your workplace")
    st.caption("Assembled from your strongest bridge lines and what the agency's site says it does. Edit it until "
               "it sounds like you; the chosen version goes into your brief.")
    drafts = pitch_drafts(ws, conversation, pack)
    wpm = ws.profile.speaking_wpm
    at = shell.conversation_locator(conversation.id)
    versions = {v: spec.label for v, spec in pack.pitch.versions.items()}
    shell.choice("Version for the brief", lambda w: at(w).pitch, "chosen", f"{conversation.id}.pitch.chosen", versions,
                 help="The rehearsal timer uses this version's target.")
    columns = st.columns(len(versions))
    for column, (version, label) in zip(columns, versions.items(), strict=True):
        saved = getattr(conversation.pitch, version)
        generated = drafts[version]
        digest = "edited" if saved.strip() else hashlib.sha1(generated.encode()).hexdigest()[:8]
        widget_key = shell.key(f"{conversation.id}.pitch.{version}.{digest}")
        with column:
            st.text_area(label, value=saved.strip() or generated, key=widget_key, height=220,
                         on_change=_pitch_changed, args=(widget_key, conversation.id, version, generated))
            target = pack.pitch.versions[version].seconds
            timing = pitch_timing(saved.strip() or generated, wpm, target)
            (st.caption if timing.fits else st.warning)(timing.message)
            if saved.strip():
                st.button("Back to the generated version", key=f"reset_pitch.{version}", on_click=_reset_pitch,
                          args=(conversation.id, version))
    _timer(pack.pitch.versions[conversation.pitch.chosen].seconds)


def _start_timer(target: int) -> None:
    st.session_state[TIMER_STARTED] = time.time()
    st.session_state[TIMER_ELAPSED] = None
    st.session_state[TIMER_TARGET] = target


def _stop_timer() -> None:
    started = st.session_state.pop(TIMER_STARTED, None)
    if started is not None:
        st.session_state[TIMER_ELAPSED] = time.time() - started


def _ticking(target: int) -> None:
    started = st.session_state.get(TIMER_STARTED)
    if started is None:
        return
    elapsed = time.time() - started
    over = elapsed > target
    st.markdown(f"### ⏱ {elapsed:.0f} s / {target} s" + (" — over!" if over else ""))
    st.progress(min(elapsed / target, 1.0))


def _timer(target: int) -> None:
    st.markdown("**Rehearsal timer** · say the chosen version aloud")
    running = st.session_state.get(TIMER_STARTED) is not None
    start, stop, _ = st.columns([1, 1, 4])
    start.button("Start", key="timer_start", on_click=_start_timer, args=(target,), disabled=running,
                 icon=":material/play_arrow:", width="stretch")
    stop.button("Stop", key="timer_stop", on_click=_stop_timer, disabled=not running, icon=":material/stop:",
                width="stretch")
    if running:
        st.fragment(run_every=1)(_ticking)(st.session_state.get(TIMER_TARGET, target))
    elif (elapsed := st.session_state.get(TIMER_ELAPSED)) is not None:
        shown = st.session_state.get(TIMER_TARGET, target)
        (st.success if elapsed <= shown else st.warning)(timer_report(elapsed, shown))


# --------------------------------------------------------------------------- page


def _highlight(ws: Workspace) -> None:
    if ws.profile.situation == "career-changer":
        st.success("**Made for career-changers.** A professional will ask why your skill set applies to their "
                   "agency: build the answer here, backed by examples, and rehearse it.", icon=":material/star:")
    else:
        st.caption("Most useful for career-changers, and open to everyone: part-time jobs, volunteering and "
                   "society roles count too.")


def _credit() -> None:
    onet = skills_pack().model.onet
    with st.expander("About the competencies and O*NET"):
        lines = ["The competencies link to the skills and work activities of "
                 + ", ".join(f"{title} ({code})" for code, title in onet.occupations.items()) + "."]
        lines += [f"- **{c.label}**: {c.summary} *O\\*NET skills:* {', '.join(c.onet_skills)}; *work activities:* "
                  f"{'; '.join(c.onet_activities)}." for c in skills_pack().competencies]
        st.markdown("\n".join(lines))
    st.caption(f"{onet.credit} [O*NET OnLine]({onet.link})")


def render() -> None:
    st.title("Skills bridge")
    ws = shell.require_workspace()
    if ws is None:
        return
    _highlight(ws)
    conversation = shell.selected_conversation(ws)
    research = conversation.homework.research if conversation else None
    the_map = bridge_map(ws.skills, research, conversation.agency.name if conversation else "")
    _inputs(ws)
    _suggestions(the_map)
    _strengths(the_map)
    _gaps(the_map, research is not None)
    _coverage(the_map)
    if conversation is None:
        st.info("Add the person and agency on the Start page to fit your pitch to their agency.")
    else:
        _pitch(ws, conversation)
    _credit()
