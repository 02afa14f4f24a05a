"""Homework: read the agency's public site, then turn what it says into notes of your own."""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import quote, urlsplit

import streamlit as st

from coach.model import Conversation, HomeworkNote
from coach.research.engine import prepare_for_research, research_html, research_sync
from coach.research.errors import ResearchError
from coach.research.fetch import normalize_user_url
from coach.research.offline import DEMO_URL, demo_transport
from coach.research.prompts import check_notes, homework_pack, note_from_prompt, thin_site_advice, with_prompts
from coach.research.results import combine
from coach.research.types import Fact, ResearchResult
from coach.ui import shell

_CACHE = "research_cache"
_PROBLEM = "research_problem"
_OPEN = "homework_open_note"
MAX_PASTE_BYTES = 2_000_000
FIRST_PROMPTS = 8


def _safe_link(url: str) -> str:
    """A fetched URL as a link target: http(s) only, with characters Markdown or HTML care about encoded."""
    return quote(url, safe=":/?#=&%@+,;~") if urlsplit(url).scheme in ("http", "https") else ""


def _fact_line(fact: Fact) -> str:
    link = _safe_link(fact.source)
    path = urlsplit(fact.source).path or "/"
    source = f"[{shell.md(path[:50])}]({link})" if link else shell.md(fact.source[:60])
    date = f" · {fact.date}" if fact.date else ""
    return f"- {shell.md(fact.text)}{date} · {source}"


def _run_research(conversation: Conversation, url: str, demo: bool) -> None:
    """Research `url` and save the result; when nothing could be read, keep what was saved and say why."""
    cache: dict[tuple[str, bool], ResearchResult] = st.session_state.setdefault(_CACHE, {})
    result = cache.get((url, demo))
    if result is None:
        bar = st.progress(0.0, text="Reading the home page…")

        def progress(done: int, total: int, page: str) -> None:
            bar.progress(min(1.0, done / max(total, 1)), text=f"Read {done} of {total} pages · {page[:90]}")

        result = research_sync(url, transport=demo_transport() if demo else None, progress=progress)
        bar.empty()
    if not result.facts:
        reason = result.problems[0].reason if result.problems else "The pages had nothing a careful reader would note."
        st.session_state[_PROBLEM] = f"Nothing could be read from {url}. {reason}"
        return
    cache[(url, demo)] = result
    at = shell.conversation_locator(conversation.id)
    shell.edit(f"Researched {result.name or url}", lambda w: setattr(at(w).homework, "research", result))


def _research_form(conversation: Conversation) -> None:
    st.subheader("1. Read the agency's site")
    st.caption("The app reads the public pages politely (robots.txt honoured, at most 25 pages) and lists what a "
               "careful reader would note, each with the page it came from.")
    url_key = shell.key(f"{conversation.id}.research_url")
    with st.form(f"research_form.{conversation.id}", border=False):
        raw = st.text_input("Agency website", value=conversation.agency.url, key=url_key,
                            placeholder="e.g. northlight.example or https://www.agency.com")
        go = st.form_submit_button("Research this site", type="primary")
    demo = st.button("Use the demo agency (works offline)", key="research_demo",
                     help="A fictional agency bundled with the app, read through the same pipeline as a live site.")
    if problem := st.session_state.pop(_PROBLEM, None):
        st.error(shell.md(problem))
        st.info("Check the address, try again later, paste a page's HTML below, or look for news coverage of the agency.")
    if go:
        try:
            url = normalize_user_url(raw)
        except ResearchError as problem:
            st.error(shell.md(problem.reason))
            return
        if not conversation.agency.url:
            at = shell.conversation_locator(conversation.id)
            shell.edit("Saved the agency's website", lambda w: setattr(at(w).agency, "url", url))
        _run_research(conversation, url, demo=False)
        st.rerun()
    if demo:
        _run_research(conversation, DEMO_URL, demo=True)
        st.rerun()


def _paste_form(conversation: Conversation) -> None:
    # A stateful expander draws its form (four widgets) only while it is open.
    box = st.expander("The site blocks automated visits? Paste or upload a page instead", key="paste_open",
                      on_change="rerun")
    if not box.open:
        return
    with box:
        st.caption("In your browser, open the page, save it (Ctrl+S) or view its source, then paste the HTML or "
                   "upload the file. Its facts are added to what the research found.")
        with st.form(f"paste_form.{conversation.id}", border=False):
            page_url = st.text_input("The page's address (for the source link)", key="paste_url")
            pasted = st.text_area("Page HTML", key="paste_html", height=150)
            upload = st.file_uploader("…or the saved page (.html)", type=["html", "htm"], key="paste_file")
            submitted = st.form_submit_button("Read this page")
        if not submitted:
            return
        html = upload.getvalue() if upload is not None else pasted.encode("utf-8", errors="replace")
        if not html.strip():
            st.error("Paste the page's HTML or upload the saved file first.")
            return
        if len(html) > MAX_PASTE_BYTES:
            st.error(f"That page is {len(html) / 1_000_000:.1f} MB; a page may be at most 2 MB. Save only the page, without its images.")
            return
        found = research_html(html, page_url)
        if not found.facts:
            reason = found.problems[0].reason if found.problems else "No facts a careful reader would note were found in it."
            st.error(f"Nothing was added. {shell.md(reason)}")
            return
        merged = with_prompts(combine(conversation.homework.research, found))
        at = shell.conversation_locator(conversation.id)
        shell.edit(f"Added facts from a pasted page ({len(found.facts)})", lambda w: setattr(at(w).homework, "research", merged))
        st.rerun()


def _facts(result: ResearchResult, person: str) -> None:
    pack = homework_pack()
    readable = sum(1 for p in result.pages if p.read)
    st.markdown(f"**{shell.md(result.name or 'This site')}** · {len(result.facts)} facts from {readable} "
                f"page{'s' if readable != 1 else ''} · read {shell.md(result.fetched_at[:16].replace('T', ' '))} UTC")
    advice = thin_site_advice(result, person)
    if advice:
        st.info(shell.md(advice[0]) + "\n\n" + "\n".join(f"- {shell.md(line)}" for line in advice[1:]))
    groups: dict[str, list] = defaultdict(list)
    for fact in result.facts:
        groups[fact.kind].append(fact)
    labels = {kind: spec.label for kind, spec in pack.kinds.items()} | {"name": "Name", "contact": "Contact"}
    order = [k for k, _ in sorted(pack.kinds.items(), key=lambda item: item[1].order)] + ["name", "contact"]
    for kind in [k for k in order if k in groups]:
        facts = groups[kind]
        with st.expander(f"{labels.get(kind, kind.title())} ({len(facts)})", expanded=kind in ("news", "service")):
            # One escaped Markdown block per kind: fetched text can't add links, images or markup.
            st.markdown("\n".join(_fact_line(f) for f in facts))
    if result.problems:
        with st.expander(f"Pages that could not be read ({len(result.problems)})"):
            st.markdown("\n".join(f"- {shell.md(p.url[:120])}: {shell.md(p.reason)}" for p in result.problems))
    if in_part := [p for p in result.pages if p.read and p.status != "ok"]:
        st.caption("Read in part: " + " · ".join(f"{shell.md(p.url[:120])} ({shell.md(p.status[3:].strip())})"
                                                for p in in_part))


def _prompts(conversation: Conversation, result: ResearchResult) -> None:
    st.subheader("2. Turn facts into notes")
    st.caption("Each prompt has three parts: what you learned, an idea you could offer, the question you will ask. "
               "Add the ones that interest you and write the idea in your own words.")
    used = {n.learned for n in conversation.homework.notes}
    at = shell.conversation_locator(conversation.id)
    shown = result.prompts
    if len(shown) > FIRST_PROMPTS and not st.toggle(f"Show all {len(shown)} prompts", key="all_prompts"):
        shown = shown[:FIRST_PROMPTS]  # the rest are drawn only on request: each prompt costs a rerun time
    for index, prompt in enumerate(shown):
        with st.container(border=True):
            st.markdown(f"{shell.md(prompt.learned)}  \n:gray[Idea: {shell.md(prompt.idea)}]  \n"
                        f":gray[Ask: {shell.md(prompt.question)}]")
            if prompt.learned in used:
                st.caption("✓ In your notes")
            elif st.button("Add to my notes", key=f"use_prompt.{index}"):
                note = note_from_prompt(prompt)
                shell.edit("Added a homework note", lambda w: at(w).homework.notes.append(note))
                _show_note(note.id, conversation.id)
                st.rerun()


def _note_line(number: int, note: HomeworkNote, to_fix: int) -> str:
    status = f"**{to_fix} point{'s' if to_fix != 1 else ''} to fix**" if to_fix else "✓ ready"
    parts = [f"{number}. {shell.md(_short(note.learned) or 'Nothing learned written yet')}"]
    if note.idea.strip():
        parts.append(f"*Idea:* {shell.md(_short(note.idea))}")
    if note.question.strip():
        parts.append(f"*Ask:* {shell.md(_short(note.question))}")
    return " · ".join(parts) + f" · {status}"


def _short(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _open_note(ids: list[str]) -> str | None:
    """The note being edited: the one picked, else the newest (a note just added opens)."""
    opened = st.session_state.get(_OPEN)
    return opened if opened in ids else (ids[-1] if ids else None)


def _notes(conversation: Conversation) -> None:
    """Every note in one list with what is left to fix; one note open for editing at a time, as on
    the Portfolio page, so the page stays quick with many notes."""
    st.subheader("3. Your notes")
    at = shell.conversation_locator(conversation.id)
    notes = conversation.homework.notes
    report = check_notes(notes, conversation.homework.research)
    flags = {f.note_id: f.reasons for f in report.notes}
    if notes:
        st.markdown("\n".join(_note_line(n, note, len(flags.get(note.id, ())))
                               for n, note in enumerate(notes, start=1)))
    ids = [n.id for n in notes]
    opened = _open_note(ids)
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    if ids:
        labels = {note.id: f"Note {n}: {_short(note.learned, 60) or 'blank'}" for n, note in enumerate(notes, start=1)}
        picked = left.selectbox("Edit a note", ids, index=ids.index(opened), format_func=labels.__getitem__,
                                key=f"note_pick.{conversation.id}")
        if picked != opened:
            st.session_state[_OPEN] = opened = picked
    if right.button("Add a blank note", key="add_note", icon=":material/add:", width="stretch"):
        note = HomeworkNote()
        shell.edit("Added a homework note", lambda w: at(w).homework.notes.append(note))
        _show_note(note.id, conversation.id)
        st.rerun()
    if opened is not None:
        _note_editor(conversation, opened, ids.index(opened) + 1, flags.get(opened, ()))

    st.subheader("Depth check")
    if report.ready:
        st.success("Ready: your notes show real homework, with ideas of your own and more than one page read.", icon=":material/check_circle:")
    else:
        st.warning("Not yet:\n\n" + "\n".join(f"- {shell.md(r)}" for r in report.reasons), icon=":material/pending:")


def _show_note(note_id: str, conversation_id: str) -> None:
    """Open `note_id` in the editor on the next run."""
    st.session_state[_OPEN] = note_id
    st.session_state.pop(f"note_pick.{conversation_id}", None)


def _note_editor(conversation: Conversation, nid: str, number: int, reasons: tuple[str, ...]) -> None:
    at = shell.conversation_locator(conversation.id)

    def locate(w) -> HomeworkNote:  # type: ignore[no-untyped-def]
        return next(n for n in at(w).homework.notes if n.id == nid)

    with st.container(border=True):
        st.markdown(f"**Note {number}**")
        shell.text("What I learned", locate, "learned", f"{nid}.learned", area=True, height=80)
        shell.text("The insight or idea I can offer", locate, "idea", f"{nid}.idea", area=True, height=80,
                   placeholder="What would you suggest, measure next, or connect it to?")
        shell.text("The question I will ask", locate, "question", f"{nid}.question", area=True, height=68)
        shell.text("Source page", locate, "source", f"{nid}.source")
        for reason in reasons:
            st.warning(shell.md(reason), icon=":material/edit_note:")
        if st.button("Remove this note", key=f"remove_note.{nid}"):
            shell.edit("Removed a homework note", lambda w: at(w).homework.notes.remove(locate(w)))
            st.session_state.pop(_OPEN, None)
            st.session_state.pop(f"note_pick.{conversation.id}", None)
            st.rerun()


def render() -> None:
    st.title("Homework")
    opened = shell.require_conversation("research the agency")
    if opened is None:
        return
    _, conversation = opened
    prepare_for_research()
    _research_form(conversation)
    _paste_form(conversation)
    result = conversation.homework.research
    if result is not None:
        _facts(result, conversation.person.name)
        _prompts(conversation, result)
    _notes(conversation)
