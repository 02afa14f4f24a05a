"""The Questions page's parts: the plan, suggestions, and answer notes (the page itself is `coach/ui/questions.py`).

They live in an imported module rather than in the page script because Streamlit compiles a
page script on every run under AppTest; an imported module is compiled once.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import streamlit as st

from coach.model import Conversation, PlannedQuestion, Workspace
from coach.questions import (
    QuestionsPack,
    Suggestion,
    answer_length_check,
    group_balance,
    homework_points,
    homework_questions,
    minutes_text,
    moved,
    own_question,
    plan_fit,
    planned_from,
    questions_pack,
    suggest_questions,
    their_questions,
)
from coach.research.prompts import homework_pack
from coach.ui import shell

_SUGGESTIONS = "questions_suggestions"
_SELECTED = "questions_selected"
_TAB = "questions_tab"
_VERDICT_BADGE = {
    "short": ("Too short", "orange", ":material/arrow_downward:"),
    "right": ("Right length", "green", ":material/check:"),
    "long": ("Too long", "red", ":material/arrow_upward:"),
}


def _suggestions(ws: Workspace, conversation: Conversation, pack: QuestionsPack) -> list[Suggestion]:
    """Bank questions for this conversation, worked out once per research result, situation and names."""
    research = conversation.homework.research
    wanted = (conversation.id, id(research), ws.profile.situation, conversation.agency.name, conversation.person.name)
    cached = st.session_state.get(_SUGGESTIONS)
    if cached is None or cached[0] != wanted or cached[1] is not research:
        found = suggest_questions(pack, research, ws.profile.situation, agency=conversation.agency.name,
                                  person=conversation.person.name)
        cached = (wanted, research, found)
        st.session_state[_SUGGESTIONS] = cached
    return cached[2]


def _edit(summary: str, change: Callable[[Workspace], None], where: str) -> None:
    problem = shell.edit(summary, change)
    shell.remember_problem(where, f"Not saved: {problem}." if problem else None)


# --------------------------------------------------------------------------- questions to ask


def _fit(conversation: Conversation, pack: QuestionsPack) -> None:
    planned = conversation.questions.planned
    call = pack.call
    fit = plan_fit(planned, pack)
    frame = (f"a {minutes_text(call.minutes)}-minute call keeps {minutes_text(call.intro_minutes)} for introductions "
             f"and {minutes_text(call.wrap_up_minutes)} for wrap-up")
    if not planned:
        st.info(f"No questions yet: add some from the suggestions below or write your own. {minutes_text(fit.available)} "
                f"minutes are yours for questions ({frame}).", icon=":material/schedule:")
    elif fit.fits:
        spare = (f" · {minutes_text(fit.spare)} to spare, room for one more" if fit.spare >= call.roomy_minutes
                 else f" · {minutes_text(fit.spare)} to spare" if fit.spare > 0 else "")
        st.success(f"**Fits the call:** {minutes_text(fit.total)} of {minutes_text(fit.available)} minutes for "
                   f"{len(planned)} question{'s' if len(planned) != 1 else ''}{spare} ({frame}).",
                   icon=":material/check_circle:")
    else:
        st.warning("**Over time.** " + " ".join(fit.reasons), icon=":material/timer_off:")
    for warning in group_balance(planned, pack):
        st.warning(warning, icon=":material/balance:")


def _selected(planned: list[PlannedQuestion]) -> PlannedQuestion | None:
    """The planned question open in the editor: the one last picked or added, else the first."""
    wanted = st.session_state.get(_SELECTED)
    return next((q for q in planned if q.id == wanted), planned[0] if planned else None)


def _plan(conversation: Conversation, pack: QuestionsPack) -> None:
    """The plan as one ordered list; the picked question opens in one editor below it (one set of widgets, however long the plan)."""
    planned = conversation.questions.planned
    chosen = _selected(planned)
    if chosen is None:
        return
    at = shell.conversation_locator(conversation.id)
    labels = {group: info.label for group, info in pack.groups.items()}
    ids = [q.id for q in planned]
    by_id = {q.id: (number, q) for number, q in enumerate(planned, start=1)}

    def line(qid: str) -> str:
        number, q = by_id[qid]
        return f"**{number}.** {shell.md(q.text) or '_(empty)_'} · {labels[q.group]} · {minutes_text(q.minutes)} min"

    pick_key = shell.key("plan.pick." + ".".join(ids))
    st.radio("Your questions, in the order you will ask them (pick one to edit or move it)", ids, index=ids.index(chosen.id),
             format_func=line, key=pick_key, on_change=lambda: st.session_state.__setitem__(_SELECTED, st.session_state[pick_key]))
    qid = chosen.id
    number = ids.index(qid) + 1

    def locate(w: Workspace) -> PlannedQuestion:
        found = next((q for q in at(w).questions.planned if q.id == qid), None)
        if found is None:
            raise LookupError("the question was removed")
        return found

    with st.container(border=True):
        shell.text(f"Question {number}", locate, "text", f"{qid}.text", area=True, height=80)
        minutes_col, group_col, up, down, remove = st.columns([1.3, 1.8, 1, 1, 1.2], vertical_alignment="bottom")
        minutes_key = shell.key(f"{qid}.minutes")
        minutes_col.number_input("Minutes", min_value=0.5, max_value=20.0, step=0.5, value=float(chosen.minutes), format="%.1f",
                                 key=minutes_key, on_change=_set_minutes, args=(locate, minutes_key, qid))
        with group_col:
            shell.choice("Group", locate, "group", f"{qid}.group", labels)
        if up.button("Up", key="plan.up", icon=":material/arrow_upward:", disabled=number == 1, width="stretch"):
            _edit("Moved a question up", lambda w: setattr(at(w).questions, "planned", moved(at(w).questions.planned, qid, -1)), qid)
            st.rerun()
        if down.button("Down", key="plan.down", icon=":material/arrow_downward:", disabled=number == len(ids), width="stretch"):
            _edit("Moved a question down", lambda w: setattr(at(w).questions, "planned", moved(at(w).questions.planned, qid, 1)), qid)
            st.rerun()
        if remove.button("Remove", key="plan.remove", icon=":material/delete:", width="stretch"):
            _edit("Removed a question", lambda w: at(w).questions.planned.remove(locate(w)), qid)
            st.rerun()
        shell.show_problem(qid)


def _set_minutes(locate: Callable[[Workspace], PlannedQuestion], widget_key: str, qid: str) -> None:
    value = st.session_state[widget_key]
    if value is None:
        return
    _edit("Changed a question's minutes", lambda w: setattr(locate(w), "minutes", float(value)), qid)


def _own(conversation: Conversation, pack: QuestionsPack) -> None:
    at = shell.conversation_locator(conversation.id)
    full = len(conversation.questions.planned) >= pack.call.max_questions
    labels = {group: info.label for group, info in pack.groups.items()}
    with st.form(f"own_question.{conversation.id}", clear_on_submit=True, border=False):
        text_col, group_col = st.columns([6, 2], vertical_alignment="bottom")
        text = text_col.text_input("Write your own question", key="own_text", max_chars=600, disabled=full,
                                   placeholder="e.g. What surprised you most about agency life in your first year?")
        group = group_col.selectbox("Group", list(labels), format_func=labels.__getitem__, key="own_group", disabled=full)
        added = st.form_submit_button("Add my question", disabled=full, icon=":material/add:")
    if added:
        if not text.strip():
            st.error("Write the question first.")
            return
        question = own_question(text.strip(), group, pack)
        _edit("Added your own question", lambda w: at(w).questions.planned.append(question), "own")
        st.session_state[_SELECTED] = question.id
        st.rerun()
    shell.show_problem("own")


@functools.lru_cache(maxsize=512)
def _labels(suggestion: Suggestion) -> tuple[str, str | None]:
    """A suggestion's checkbox label and tooltip, escaped once: fetched text never becomes a link or markup."""
    if suggestion.fact is None:
        return shell.md(suggestion.text), None
    return (f":material/travel_explore: {shell.md(suggestion.text)}",
            f"Tailored with a fact from {shell.md(suggestion.fact.source[:120])}")


def _toggle(conversation_id: str, suggestion: Suggestion, widget_key: str) -> None:
    """Ticked: the suggestion joins the plan (and opens in the editor); unticked: it leaves the plan."""
    at = shell.conversation_locator(conversation_id)
    if st.session_state[widget_key]:
        question = planned_from(suggestion)
        _edit("Added a question to ask", lambda w: at(w).questions.planned.append(question), "own")
        st.session_state[_SELECTED] = question.id
    else:
        _edit("Removed a question", lambda w: setattr(at(w).questions, "planned", [
            q for q in at(w).questions.planned if q.bank_id != suggestion.bank_id]), "own")


def _suggested(ws: Workspace, conversation: Conversation, pack: QuestionsPack) -> None:
    planned = conversation.questions.planned
    in_plan = {q.bank_id for q in planned if q.bank_id}
    full = len(planned) >= pack.call.max_questions
    if conversation.homework.research is None:
        st.caption("Tick a question to add it to your plan. Research the agency on the Homework page and some of "
                   "these become specific to them.")
    else:
        st.caption("Tick a question to add it to your plan. :material/travel_explore: marks a question tailored with "
                   "a fact from the agency's site (hover for the page).")
    if full:
        st.caption(f"Your plan has {pack.call.max_questions} questions, as many as a "
                   f"{minutes_text(pack.call.minutes)}-minute call holds: untick or remove one to add another.")
    types = {kind: spec.question_type for kind, spec in homework_pack().kinds.items()}
    sections: list[tuple[str, str, list[Suggestion]]] = [
        (info.label, info.help, [s for s in _suggestions(ws, conversation, pack) if s.group == group])
        for group, info in pack.groups.items()
    ]
    names = list(pack.groups)
    own_notes = homework_questions(conversation.homework.notes, types, pack.call.own_minutes)
    if own_notes:
        sections.insert(0, ("From your homework notes", "The questions you wrote next to your notes.", own_notes))
        names.insert(0, "homework")
    generation = shell.key("")
    for name, (label, help_text, items) in zip(names, sections, strict=True):
        chosen = sum(1 for s in items if s.bank_id in in_plan)
        # Only an open group runs its checkboxes (a closed one costs nothing on a rerun).
        # A constant label: the label is part of an expander's identity, and a new identity would close it.
        group = st.expander(f"{label} ({len(items)})", key=f"questions.open.{name}", on_change="rerun")
        if not group.open:
            continue
        with group:
            st.caption(f"{help_text} · {chosen} in your plan" if chosen else help_text)
            for suggestion in items:
                ticked = suggestion.bank_id in in_plan
                # The key carries the state, so a change made elsewhere (Remove) shows on the next run.
                box_key = f"{generation}pick.{suggestion.bank_id}.{int(ticked)}"
                text, tip = _labels(suggestion)
                st.checkbox(text, value=ticked, key=box_key, disabled=full and not ticked, on_change=_toggle,
                            args=(conversation.id, suggestion, box_key), help=tip)


def _ask(ws: Workspace, conversation: Conversation, pack: QuestionsPack) -> None:
    st.subheader("Your plan")
    _fit(conversation, pack)
    _plan(conversation, pack)
    _own(conversation, pack)
    st.subheader("Suggestions")
    _suggested(ws, conversation, pack)
    with st.expander("Tips for the call"):
        st.markdown("\n".join(f"- {tip}" for tip in pack.tips))


# --------------------------------------------------------------------------- questions they may ask you


def _pace(ws: Workspace) -> int:
    pace_key = shell.key("profile.speaking_wpm")

    def changed() -> None:
        value = st.session_state[pace_key]
        if value is not None:
            _edit("Changed your speaking pace", lambda w: setattr(w.profile, "speaking_wpm", int(value)), "pace")

    left, right = st.columns([1.4, 3], vertical_alignment="bottom")
    left.number_input("Speaking pace (words a minute)", min_value=80, max_value=220, step=5,
                      value=ws.profile.speaking_wpm, key=pace_key, on_change=changed)
    right.caption("140 is a calm pace. To find yours, read a paragraph aloud for one minute and count the words.")
    shell.show_problem("pace")
    return ws.profile.speaking_wpm


def _homework_pointer(conversation: Conversation) -> None:
    points = homework_points(conversation.homework.notes)
    if points:
        st.markdown("**From your homework notes:**\n" + "\n".join(f"- {shell.md(p[:240])}" for p in points))
    else:
        facts = len(conversation.homework.research.facts) if conversation.homework.research else 0
        st.info("No homework notes yet: " + (f"turn two or three of the {facts} facts found into notes" if facts
                                             else "research the agency's site and write two or three notes")
                + " on the Homework page, then build this answer on them.", icon=":material/travel_explore:")
        st.page_link("coach/ui/homework.py", label="Go to Homework", icon=":material/travel_explore:")


def _theirs(ws: Workspace, conversation: Conversation, pack: QuestionsPack) -> None:
    st.subheader("Questions they may ask you")
    st.caption(f"Notes, not a script: a spoken answer of {pack.answer.min_seconds}–{pack.answer.max_seconds} seconds "
               "is enough. Key questions are the ones almost every professional asks.")
    wpm = _pace(ws)
    answers = conversation.questions.answers
    at = shell.conversation_locator(conversation.id)
    for question in their_questions(pack, ws.profile.situation, agency=conversation.agency.name,
                                    person=conversation.person.name):
        with st.container(border=True):
            title = f"**{shell.md(question.text)}**"
            st.markdown(title + ("  :blue-badge[Key question]" if question.key else ""))
            st.caption(f"{shell.md(question.why)} {shell.md(question.how)}")
            if question.homework:
                _homework_pointer(conversation)
            answer_key = shell.key(f"{conversation.id}.answer.{question.id}")

            def save(qid: str = question.id, widget_key: str = answer_key) -> None:
                value = st.session_state[widget_key]

                def change(w: Workspace) -> None:
                    notes = at(w).questions.answers
                    if value.strip():
                        notes[qid] = value
                    else:
                        notes.pop(qid, None)

                _edit("Noted an answer", change, f"answer.{qid}")

            text = st.text_area("My answer notes", value=answers.get(question.id, ""), key=answer_key, height=100,
                                on_change=save)
            shell.show_problem(f"answer.{question.id}")
            check = answer_length_check(text, wpm, pack)
            badge = _VERDICT_BADGE.get(check.verdict)
            st.caption(f":{badge[1]}-badge[{badge[2]} {badge[0]}] {check.message}" if badge else check.message)


def render() -> None:
    st.title("Questions")
    opened = shell.require_conversation("prepare your questions")
    if opened is None:
        return
    ws, conversation = opened
    pack = questions_pack()
    who = conversation.person.name or "the professional"
    agency = f" at {conversation.agency.name}" if conversation.agency.name else ""
    st.markdown(f"Prepare both directions for {minutes_text(pack.call.minutes)} minutes with "
                f"**{shell.md(who)}**{shell.md(agency)}: what you will ask, and what they may ask you.")
    # Only the open tab runs: each holds many widgets, and a rerun should stay quick.
    ask, theirs = st.tabs(["Questions to ask", "Questions they may ask you"], key=_TAB, on_change="rerun")
    if ask.open:
        with ask:
            _ask(ws, conversation, pack)
    if theirs.open:
        with theirs:
            _theirs(ws, conversation, pack)

