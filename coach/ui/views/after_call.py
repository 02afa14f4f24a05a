"""After the call: notes while they are fresh, a specific thank-you within 24 hours, and follow-ups that keep going."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from functools import partial

import streamlit as st

from coach.followup import (
    OUTCOMES,
    FollowUpPack,
    calendar_file,
    countdown_check,
    draft_followup,
    draft_thank_you,
    effective_due,
    email_file,
    followup_mailto,
    followup_pack,
    generated_followup,
    local_now,
    mark_done,
    mark_thank_you_sent,
    plan_followups,
    plan_is_current,
    reminder_status,
    short_day,
    snooze,
    thank_you_checks,
)
from coach.model import Conversation, FollowUp, Profile, Referral, Workspace
from coach.outreach import Draft, business_days_between
from coach.ui import shell


def _change(conversation: Conversation, summary: str, change: Callable[[Conversation], None]) -> None:
    """Apply `change` to the saved conversation; a problem is shown instead of saved."""
    at = shell.conversation_locator(conversation.id)
    problem = shell.edit(summary, lambda w: change(at(w)))
    if problem:
        st.error(f"{summary} {problem}.")


def _toggle(label: str, conversation: Conversation, field: str, **kwargs: object) -> None:
    widget_key = shell.key(f"{conversation.id}.after.{field}")

    def changed() -> None:
        value = bool(st.session_state[widget_key])
        _change(conversation, f"Edited {label.lower()}", lambda c: setattr(c.after, field, value))

    st.checkbox(label, value=getattr(conversation.after, field), key=widget_key, on_change=changed, **kwargs)


# --------------------------------------------------------------------------- the call and the notes


def _call_time(conversation: Conversation, profile: Profile) -> None:
    at = shell.conversation_locator(conversation.id)
    person = shell.md(conversation.person.name or "them")
    agency = f" at **{shell.md(conversation.agency.name)}**" if conversation.agency.name else ""
    if conversation.call_at is None:
        st.markdown(f"Your call with **{person}**{agency}.")
        st.info("Add the call's date and time: the 24-hour countdown and the follow-up plan count from it.",
                icon=":material/event:")
        shell.moment("Call", at, "call_at", f"{conversation.id}.after.call_at")
        # Once a date is in, the fields move into the expander below: keep it open for the time.
        st.session_state[f"{conversation.id}.call.open"] = True
        return
    st.markdown(f"Your call with **{person}**{agency}: {conversation.call_at:%a} {conversation.call_at.day} "
                f"{conversation.call_at:%b %Y, %H:%M} ({shell.md(profile.timezone)}).")
    changing = st.expander("Change the call's date or time", key=f"{conversation.id}.call.open", on_change="rerun")
    if changing.open:  # lazy: closed, it costs nothing on a rerun
        with changing:
            shell.moment("Call", at, "call_at", f"{conversation.id}.after.call_at")


def _notes(conversation: Conversation) -> None:
    cid = conversation.id
    after = lambda w: shell.conversation_locator(cid)(w).after  # noqa: E731
    st.subheader("Notes from the call")
    st.caption("Write them down within the hour, in your own words: the thank-you and the follow-ups are built from them.")
    shell.text("What they said", after, "said", f"{cid}.after.said", area=True, height=130,
               placeholder="e.g. Crisis work at the agency starts with a holding statement within the first hour.")
    shell.text("Their advice", after, "advice", f"{cid}.after.advice", area=True, height=100,
               placeholder="e.g. Build a media list of local health reporters and follow their work for a month.")
    shell.text("What I did not get to say", after, "untold", f"{cid}.after.untold", area=True, height=90,
               placeholder="e.g. My flu-shot campaign lifted clinic bookings from 640 to 910.")
    shell.text("Actions I promised", after, "promised", f"{cid}.after.promised", area=True, height=80,
               placeholder="e.g. Send my campaign case study by Friday.")
    _toggle("They asked to see my portfolio", conversation, "portfolio_requested",
            help="Only then does the thank-you include your portfolio link.")
    _toggle("They offered to pass on my resume", conversation, "resume_offered",
            help="Otherwise the thank-you leaves the resume out: it is a conversation, not an application.")
    _referrals(conversation)


def _referrals(conversation: Conversation) -> None:
    cid = conversation.id
    at = shell.conversation_locator(cid)
    st.markdown("**People they suggested you talk to**")
    for index, _referral in enumerate(conversation.after.referrals):
        locate = lambda w, i=index: at(w).after.referrals[i]  # noqa: E731
        name, reach, remove = st.columns([3, 3, 1], vertical_alignment="bottom")
        with name:
            shell.text("Name", locate, "name", f"{cid}.referral{index}.name")
        with reach:
            shell.text("How to reach them", locate, "how_to_reach", f"{cid}.referral{index}.reach",
                       placeholder="email, LinkedIn, or “via Jordan”")
        if remove.button("Remove", key=f"{cid}.referral{index}.remove"):
            _change(conversation, "Removed a referral", lambda c, i=index: c.after.referrals.pop(i))
            shell.refresh_widgets()
            st.rerun()
    if len(conversation.after.referrals) < 20 and st.button("Add a referral", key=f"{cid}.referral.add",
                                                             icon=":material/person_add:"):
        _change(conversation, "Added a referral", lambda c: c.after.referrals.append(Referral()))
        st.rerun()


# --------------------------------------------------------------------------- the thank-you


def _checks(checks: list) -> None:  # type: ignore[type-arg]
    """What to fix first, one box each; what already passes, together in one box."""
    for check in checks:
        if not check.ok:
            st.warning(f"**{shell.md(check.label)}.** {shell.md(check.reason)}", icon=":material/warning:")
    passing = [c for c in checks if c.ok]
    if passing:
        st.success("\n".join(f"- **{shell.md(c.label)}.** {shell.md(c.reason)}" for c in passing),
                   icon=":material/check_circle:")


def _thank_you(ws: Workspace, conversation: Conversation, pack: FollowUpPack) -> None:
    cid = conversation.id
    profile = ws.profile
    now = local_now(profile)
    generated = draft_thank_you(profile, conversation, pack)
    st.subheader("Thank-you note")
    clock = countdown_check(conversation, profile, now, pack)
    (st.success if clock.ok else st.error)(f"**{shell.md(clock.label)}.** {shell.md(clock.reason)}", icon=":material/timer:")
    st.caption("Built from your notes: it follows them until you edit it, and every edit is saved.")
    # Until the user edits it, the box follows the generated draft (new notes, new link).
    version = "edited" if conversation.after.thank_you else hashlib.sha1(generated.body.encode()).hexdigest()[:10]
    text_key = shell.key(f"{cid}.thank_you.{version}")

    def edited() -> None:
        value = st.session_state[text_key]
        _change(conversation, "Edited the thank-you note",
                lambda c: setattr(c.after, "thank_you", "" if value == generated.body else value))

    text = st.text_area("Your note", value=conversation.after.thank_you or generated.body, key=text_key, height=330,
                        on_change=edited)
    if conversation.after.thank_you and st.button("Start again from the draft", key=f"{cid}.thank_you.reset",
                                                   icon=":material/restart_alt:"):
        _change(conversation, "Reset the thank-you note to the draft", lambda c: setattr(c.after, "thank_you", ""))
        shell.refresh_widgets()
        st.rerun()
    _checks(thank_you_checks(text, profile, conversation, pack))

    st.markdown("**Send it**")
    st.text_input("Subject", value=generated.subject, key=shell.key(f"{cid}.thank_you.subject"), disabled=True)
    st.code(text, language=None, wrap_lines=True)
    draft = Draft(generated.subject, text)
    left, right = st.columns(2)
    if conversation.person.email:
        left.link_button("Open in my email app", followup_mailto(conversation, draft), icon=":material/mail:",
                         width="stretch")
    right.download_button("Download .eml", data=partial(email_file, profile, conversation, draft),
                          file_name=f"thank-you-{_slug(conversation)}.eml", mime="message/rfc822",
                          key=f"{cid}.thank_you.eml", on_click="ignore", icon=":material/download:", width="stretch")
    if not conversation.person.email:
        st.caption("Add their email on the Start page to open the note in your email app.")
    st.caption("Copy it with the icon on the note above, open it in your email app, or download it as a draft.")
    sent = conversation.after.thank_you_sent
    if sent:
        st.success(f"Sent on {short_day(sent)}.", icon=":material/mark_email_read:")
        if st.button("Not sent yet", key=f"{cid}.thank_you.unsent"):
            _change(conversation, "Marked the thank-you as not sent", lambda c: mark_thank_you_sent(c, None))
            st.rerun()
    elif st.button("I sent it today", key=f"{cid}.thank_you.sent", type="primary", icon=":material/send:"):
        _change(conversation, "Marked the thank-you as sent", lambda c: mark_thank_you_sent(c, now.date()))
        st.rerun()


def _slug(conversation: Conversation) -> str:
    words = "".join(ch if ch.isalnum() else " " for ch in (conversation.person.name or "contact").lower()).split()
    return "-".join(words) or "contact"


# --------------------------------------------------------------------------- the plan

_BADGES = {
    "done": ("green", ":material/check:"),
    "overdue": ("red", ":material/priority_high:"),
    "today": ("orange", ":material/today:"),
    "snoozed": ("blue", ":material/snooze:"),
    "upcoming": ("gray", ":material/event:"),
}


def _badge_text(followup: FollowUp, today: date) -> str:
    status = reminder_status(followup, today)
    due = effective_due(followup)
    if status == "done":
        return f"Done {short_day(followup.done_on)}" if followup.done_on else "Done"
    if status == "today":
        return "Due today"
    days = business_days_between(today, due)
    if status == "overdue":
        return f"Overdue since {short_day(due)}"
    when = f"in {days} business day{'s' if days != 1 else ''}" if days > 0 else "this weekend"
    return f"Snoozed, {when}" if status == "snoozed" else when.capitalize()


def _plan(ws: Workspace, conversation: Conversation, pack: FollowUpPack) -> None:
    cid = conversation.id
    profile = ws.profile
    now = local_now(profile)
    today = now.date()
    st.subheader("Follow-up plan")
    st.caption("The thank-you the same or next day; an “I acted on your advice” update one to two weeks later; "
               "a check-in a few weeks on, because things change; then up to three times a year. "
               "Counted in business days, in your time zone.")
    if conversation.call_at is None:
        st.info("Add the call's date and time above to plan the follow-ups.", icon=":material/event:")
        return
    call_at = conversation.call_at
    if not conversation.followups:
        if st.button("Create my follow-up plan", key=f"{cid}.plan.create", type="primary", icon=":material/event_upcoming:"):
            _change(conversation, "Created the follow-up plan", lambda c: setattr(c, "followups", plan_followups(call_at, [], pack)))
            st.rerun()
        return
    if not plan_is_current(conversation, pack):
        st.warning("The call moved: the reminders still count from the old date.", icon=":material/update:")
        if st.button("Move the reminders to the new date", key=f"{cid}.plan.update"):
            _change(conversation, "Moved the follow-ups to the new call date",
                    lambda c: setattr(c, "followups", plan_followups(call_at, c.followups, pack)))
            st.rerun()

    left, middle, right = st.columns([2, 2, 2], vertical_alignment="bottom")
    with left:
        shell.choice("How did they respond?", shell.conversation_locator(cid), "outcome", f"{cid}.outcome", OUTCOMES)
    periodic_key = shell.key(f"{cid}.plan.periodic")
    current = sum(1 for f in conversation.followups if f.kind == "periodic")

    def periodic_changed() -> None:
        count = int(st.session_state[periodic_key])
        _change(conversation, "Changed how often to keep in touch",
                lambda c: setattr(c, "followups", plan_followups(call_at, c.followups, pack, periodic=count)))

    middle.selectbox("Keep in touch after the check-in", [0, 1, 2, 3], index=min(current, 3), key=periodic_key,
                     format_func=lambda n: "Not planned" if n == 0 else f"{n} time{'s' if n > 1 else ''} in the next year",
                     on_change=periodic_changed)
    open_count = sum(1 for f in conversation.followups if not f.done_on)
    right.download_button(f"Calendar file (.ics), {open_count} reminder{'s' if open_count != 1 else ''}",
                          data=partial(calendar_file, profile, conversation, pack, now),
                          file_name=f"follow-ups-{_slug(conversation)}.ics", mime="text/calendar",
                          key=f"{cid}.plan.ics", on_click="ignore", icon=":material/calendar_month:", width="stretch",
                          disabled=open_count == 0)
    st.caption("Import the calendar file into any calendar: importing it again after a change updates the same events.")
    for followup in sorted(conversation.followups, key=lambda f: (effective_due(f), f.due)):
        _reminder(profile, conversation, followup, pack, today)


def _snooze(conversation: Conversation, followup_id: str, days: int, today: date) -> None:
    _change(conversation, "Snoozed a follow-up", lambda c: snooze(next(f for f in c.followups if f.id == followup_id), days, today))
    st.session_state[f"{followup_id}.snooze"] = False  # close the popover


def _reminder(profile: Profile, conversation: Conversation, followup: FollowUp, pack: FollowUpPack, today: date) -> None:
    rule = pack.rule(followup.kind)
    fid = followup.id
    status = reminder_status(followup, today)
    color, icon = _BADGES[status]
    with st.container(border=True, key=f"reminder.{fid}"):
        info, done, later = st.columns([4, 1.2, 1.2], vertical_alignment="center")
        with info:
            st.markdown(f"**{shell.md(rule.label)}** · {short_day(effective_due(followup))} "
                        f":{color}-badge[{icon} {shell.md(_badge_text(followup, today))}]")
            st.caption(rule.why)
        if followup.done_on:
            if done.button("Reopen", key=f"{fid}.reopen", width="stretch"):
                _change(conversation, "Reopened a follow-up", lambda c: mark_done(c, fid, None))
                st.rerun()
        else:
            if done.button("Mark done", key=f"{fid}.done", icon=":material/check:", width="stretch"):
                _change(conversation, "Marked a follow-up done", lambda c: mark_done(c, fid, today))
                st.rerun()
            # Popover and expander below are lazy: closed, their contents cost nothing on a rerun.
            snoozing = later.popover("Snooze", icon=":material/snooze:", key=f"{fid}.snooze", on_change="rerun",
                                     width="stretch")
            if snoozing.open:
                for days in pack.snooze_business_days:
                    snoozing.button(f"{days} business day{'s' if days != 1 else ''}", key=f"{fid}.snooze.{days}",
                                    width="stretch", on_click=_snooze, args=(conversation, fid, days, today))
        if followup.kind == "thank-you":
            st.caption("Its draft is your thank-you note above.")
            return
        drafting = st.expander("Draft and notes", key=f"{fid}.open", on_change="rerun")
        if drafting.open:
            with drafting:
                _reminder_draft(profile, conversation, followup, pack)


def _reminder_draft(profile: Profile, conversation: Conversation, followup: FollowUp, pack: FollowUpPack) -> None:
    fid = followup.id
    generated = generated_followup(profile, conversation, followup.kind, pack)
    version = "edited" if followup.draft else hashlib.sha1(generated.body.encode()).hexdigest()[:10]
    text_key = shell.key(f"{fid}.draft.{version}")

    def locate(w: Workspace) -> FollowUp:
        return next(f for f in shell.conversation_locator(conversation.id)(w).followups if f.id == fid)

    def edited() -> None:
        value = st.session_state[text_key]
        problem = shell.edit_field("Edited a follow-up draft", locate, "draft", "" if value == generated.body else value)
        if problem:
            st.error(f"The draft {problem}.")

    st.text_input("Subject", value=generated.subject, key=shell.key(f"{fid}.subject"), disabled=True)
    st.text_area("Draft", value=followup.draft or generated.body, key=text_key, height=260, on_change=edited,
                 help="Replace the parts in [brackets] with your news.")
    draft = draft_followup(profile, conversation, followup, pack)
    left, right = st.columns(2)
    if followup.draft and left.button("Start again from the draft", key=f"{fid}.draft.reset"):
        shell.edit("Reset a follow-up draft", lambda w: setattr(locate(w), "draft", ""))
        shell.refresh_widgets()
        st.rerun()
    if conversation.person.email:
        right.link_button("Open in my email app", followup_mailto(conversation, draft), icon=":material/mail:",
                          width="stretch")
    shell.text("Note to self", locate, "note", f"{fid}.note", placeholder="e.g. ask about the spring internship")


def render() -> None:
    st.title("After the call")
    opened = shell.require_conversation("note what was said")
    if opened is None:
        return
    ws, conversation = opened
    pack = followup_pack()
    _call_time(conversation, ws.profile)
    notes, note = st.columns(2, gap="large")
    with notes:
        _notes(conversation)
    with note:
        _thank_you(ws, conversation, pack)
    st.divider()
    _plan(ws, conversation, pack)
    with st.expander("Tips"):
        for tip in pack.tips:
            st.write(f"- {tip}")
