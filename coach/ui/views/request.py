"""Request: a short, considerate message asking for the call, checked as the user edits it."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time

import streamlit as st

from coach.content import request_pack
from coach.model import Conversation, Workspace
from coach.outreach import (
    Draft,
    draft_request,
    mailto_link,
    next_business_day,
    request_checks,
    suggest_slots,
    timing_warnings,
)
from coach.progress import request_sent_or
from coach.text import word_count
from coach.ui import shell


def _slots(conversation: Conversation) -> None:
    pack = request_pack()
    at = shell.conversation_locator(conversation.id)
    st.subheader("Times you can offer")
    st.caption("Two or three 20-minute slots, in your time zone, at least five business days ahead.")
    slots = conversation.request.slots
    for index, slot in enumerate(slots):
        left, middle, right = st.columns([3, 3, 1], vertical_alignment="bottom")
        day_key, time_key = shell.key(f"{conversation.id}.slot{index}.day"), shell.key(f"{conversation.id}.slot{index}.time")

        def changed(i: int = index, dk: str = day_key, tk: str = time_key) -> None:
            value = datetime.combine(st.session_state[dk], st.session_state[tk])
            shell.edit("Changed a proposed slot", lambda w: at(w).request.slots.__setitem__(i, value))

        left.date_input(f"Slot {index + 1}: date", value=slot.date(), key=day_key, on_change=changed)
        middle.time_input(f"Slot {index + 1}: time", value=slot.time(), key=time_key, step=900, on_change=changed)
        if right.button("Remove", key=shell.key(f"{conversation.id}.slot{index}.remove")):
            shell.edit("Removed a proposed slot", lambda w, i=index: at(w).request.slots.pop(i))
            st.rerun()
    left, right = st.columns(2)
    if len(slots) < 3 and left.button("Add a slot", key="add_slot"):
        last = max(slots) if slots else datetime.combine(date.today(), time(10, 0))
        shell.edit("Added a proposed slot", lambda w: at(w).request.slots.append(next_business_day(last)))
        st.rerun()
    if right.button("Suggest slots with enough notice", key="suggest_slots"):
        suggested = suggest_slots(request_sent_or(conversation, date.today()), pack)
        shell.edit("Suggested slots", lambda w: setattr(at(w).request, "slots", suggested))
        shell.refresh_widgets()
        st.rerun()


def _draft(ws: Workspace, conversation: Conversation) -> None:
    pack = request_pack()
    at = shell.conversation_locator(conversation.id)
    generated = draft_request(ws.profile, conversation, pack)
    st.subheader("Your message")
    st.caption("Start from this draft and make it yours: every edit is saved. The checks below follow your text.")
    # While the user has not edited it, the box follows the generated draft (new connection, new slots).
    version = "edited" if conversation.request.draft else hashlib.sha1(generated.body.encode()).hexdigest()[:10]
    text_key = shell.key(f"{conversation.id}.draft.{version}")

    def edited() -> None:
        value = st.session_state[text_key]
        shell.edit_field("Edited the request", lambda w: at(w).request, "draft", "" if value == generated.body else value)

    text = st.text_area("Message", value=conversation.request.draft or generated.body, key=text_key,
                        height=340, on_change=edited)
    if conversation.request.draft and st.button("Start again from the generated draft", key="reset_draft"):
        shell.edit("Reset the request to the generated draft", lambda w: setattr(at(w).request, "draft", ""))
        shell.refresh_widgets()
        st.rerun()
    words = word_count(text)
    st.metric("Words", words, delta=f"{pack.max_words - 1 - words} to spare" if words < pack.max_words
              else f"{words - pack.max_words + 1} too many", delta_color="normal" if words < pack.max_words else "inverse")

    st.subheader("Five-point check")
    for check in request_checks(text, conversation.request.slots, pack):
        (st.success if check.ok else st.warning)(f"**{check.label}.** {shell.md(check.reason)}", icon=":material/check_circle:" if check.ok else ":material/warning:")

    st.subheader("Timing")
    request_day = request_sent_or(conversation, date.today())
    call_day = conversation.call_at.date() if conversation.call_at else None
    warnings = timing_warnings(request_day, call_day, conversation.request.slots, text, pack)
    for warning in warnings:
        st.warning(shell.md(warning), icon=":material/schedule:")
    if not warnings:
        st.success("Enough notice, and no deadline of yours in the message.", icon=":material/check_circle:")

    st.subheader("Send it")
    st.caption("Subject")
    st.code(generated.subject, language=None, wrap_lines=True)
    st.caption("Message")
    st.code(text, language=None, wrap_lines=True)
    st.caption("Use the copy icons on the subject and the message, or open both in your email app.")
    email = conversation.person.email
    if email:
        st.link_button("Open in my email app", mailto_link(email, Draft(generated.subject, text)))
    else:
        st.caption("Add their email on the Start page to open the message in your email app.")
    shell.day("Sent it? The day you sent the request", at, "request_sent", f"{conversation.id}.request_sent",
              format="YYYY-MM-DD", help="The timing check then measures notice from that day; follow-ups count from it.")
    tips = st.expander("Tips", key="request_tips", on_change="rerun")  # drawn only while open
    if tips.open:
        tips.markdown("\n".join(f"- {tip}" for tip in pack.tips))


def render() -> None:
    st.title("Request")
    opened = shell.require_conversation("draft the request")
    if opened is None:
        return
    ws, conversation = opened
    st.markdown(f"Asking **{shell.md(conversation.person.name or 'them')}** for a 20-minute call.")
    _connection(conversation)
    _slots(conversation)
    _draft(ws, conversation)


def _connection(conversation: Conversation) -> None:
    at = shell.conversation_locator(conversation.id)
    shell.text("How you know of them (this goes first in the message)", lambda w: at(w).request, "connection",
               f"{conversation.id}.connection",
               placeholder="e.g. Professor Lee suggested I contact you after your guest lecture")
