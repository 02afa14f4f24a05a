"""Portfolio: work samples that show whether the work worked and how success was measured.

One sample is open at a time (the others are cards with their level and what to fix), so a
rerun stays fast with many samples. Coaching, the confidential rewrite and the story come
from `coach.portfolio`, cached per sample; exports are built only when a download is clicked.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from typing import Any, get_args

import pandas as pd
import streamlit as st

from coach.model import MeasureSource, Metric, SampleType, WorkSample, Workspace
from coach.portfolio import (
    LEVELS,
    SampleView,
    coach_sample,
    confidential_view,
    original_view,
    portfolio_csv,
    portfolio_markdown,
    portfolio_pack,
    portfolio_pdf,
    portfolio_progress,
    story,
)
from coach.ui import shell

_OPEN = "portfolio_open_sample"
_CONFIRM = "portfolio_confirm_delete"
SAMPLE_TYPES = {t: t.capitalize() for t in get_args(SampleType)}
SOURCES = list(get_args(MeasureSource))
METRIC_COLUMNS = ["name", "baseline", "after", "unit", "period"]
NAME_COLUMNS = ["name", "descriptor"]


def _locator(sample_id: str) -> Callable[[Workspace], WorkSample]:
    return shell.locator(lambda ws: ws.sample(sample_id), "work sample")


# --------------------------------------------------------------------------- tables: stable source + edits

def _rows_after_edits(source: list[dict[str, Any]], state: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The editor's rows: the source it was given, with its edited, deleted and added rows applied."""
    rows = [dict(row) for row in source]
    state = state or {}
    for index, change in (state.get("edited_rows") or {}).items():
        if 0 <= int(index) < len(rows):
            rows[int(index)].update(change)
    deleted = {int(i) for i in state.get("deleted_rows") or []}
    rows = [row for i, row in enumerate(rows) if i not in deleted]
    rows += [dict(added) for added in state.get("added_rows") or []]
    return rows


def _clean(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def _metrics_from(rows: list[dict[str, Any]]) -> list[Metric]:
    metrics = []
    for row in rows:
        values = {c: _clean(row.get(c)) for c in METRIC_COLUMNS}
        if all(v in (None, "") for v in values.values()):
            continue
        metrics.append(Metric(name=str(values["name"] or ""), baseline=values["baseline"], after=values["after"],
                              unit=str(values["unit"] or ""), period=str(values["period"] or "")))
    return metrics


def _names_from(rows: list[dict[str, Any]]) -> dict[str, str]:
    names = {}
    for row in rows:
        name = str(_clean(row.get("name")) or "").strip()
        if name:
            names[name] = str(_clean(row.get("descriptor")) or "").strip()
    return names


def _table(sample: WorkSample, name: str, rows: list[dict[str, Any]], columns: list[str], convert: Callable[[list[dict[str, Any]]], Any],
           field: str, summary: str, **editor: Any) -> bool:
    """A data editor over a source kept in session state; every change is applied to the sample and saved.

    The editor's output is never fed back as its input: its source stays fixed until the widgets are
    refreshed, and the saved value is always source + the editor's accumulated edits.
    """
    editor_key = shell.key(f"{sample.id}.{name}")
    source_key = f"{editor_key}.source"
    if source_key not in st.session_state:
        st.session_state[source_key] = rows
    source = st.session_state[source_key]
    locate = _locator(sample.id)
    def value_now() -> Any:
        return convert(_rows_after_edits(source, st.session_state.get(editor_key)))

    def save(value: Any) -> bool:
        problem = shell.edit(summary, lambda ws: setattr(locate(ws), field, value))
        shell.remember_problem(editor_key, f"Not saved: {problem}." if problem else None)
        return not problem

    st.data_editor(pd.DataFrame(source, columns=columns), key=editor_key, on_change=lambda: save(value_now()),
                   num_rows="dynamic", hide_index=True, width="stretch", **editor)
    # Edits that arrive without a change event (a test setting the state, a restored session) are saved here.
    value = value_now()
    saved = value != getattr(sample, field) and not shell.problem_at(editor_key) and save(value)
    shell.show_problem(editor_key)
    return saved


# --------------------------------------------------------------------------- bound widgets beyond text

def _bound(widget: Callable[..., Any], label: str, locate: Callable[[Workspace], Any], field: str, name: str,
           convert: Callable[[Any], Any] = lambda v: v, **kwargs: Any) -> Any:
    widget_key = shell.key(name)

    def changed() -> None:
        value = convert(st.session_state[widget_key])
        shell.edit(f"Edited {label.lower()}", lambda ws: setattr(locate(ws), field, value))

    return widget(label, key=widget_key, on_change=changed, **kwargs)


# --------------------------------------------------------------------------- page parts

def _ladder(rank: int) -> str:
    labels = [portfolio_pack().levels[level].label for level in LEVELS]
    return " → ".join(f"**{label}**" if i + 1 == rank else label for i, label in enumerate(labels))


def _overview(ws: Workspace) -> str | None:
    """Every sample in one table with its level and what is left to improve; returns the sample to open."""
    progress = portfolio_progress(ws)
    st.progress(progress.done / progress.total, text=f"Ready to show: {progress.done}/{progress.total}"
                + ("" if progress.complete else f" · {progress.next_hint}"))
    ids = [s.id for s in ws.samples]
    if ws.samples:
        lines = ["| # | Work sample | AMEC level | To improve | Shared version |", "|---|---|---|---|---|"]
        for number, sample in enumerate(ws.samples, start=1):
            coaching = coach_sample(sample)
            to_fix = len(coaching.problems)
            lines.append(f"| {number} | {shell.md(sample.title or 'Untitled sample')} | {coaching.level.label or '—'} | "
                         f"{f'{to_fix} point' + ('s' if to_fix != 1 else '') if to_fix else '✓ none'} | "
                         f"{'🔒 confidential' if sample.share_confidential else 'original'} |")
        st.markdown("\n".join(lines))
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    opened = st.session_state.get(_OPEN)
    if opened not in ids:
        opened = ids[0] if ids else None
    if ids:
        titles = {s.id: f"{n}. {s.title or 'Untitled sample'}" for n, s in enumerate(ws.samples, start=1)}
        picked = left.selectbox("Open a sample", ids, index=ids.index(opened), format_func=titles.__getitem__,
                                key="portfolio_pick")
        if picked != opened:
            st.session_state[_OPEN] = opened = picked
            st.session_state.pop(_CONFIRM, None)
    if right.button("Add a work sample", key="add_sample", icon=":material/add:", width="stretch"):
        new = WorkSample()
        shell.edit("Added a work sample", lambda w: w.samples.append(new))
        st.session_state[_OPEN] = new.id
        st.session_state.pop("portfolio_pick", None)
        st.rerun()
    return opened


def _details(sample: WorkSample) -> bool:
    """The fields down to the metrics table; True when the table saved an edit during this run."""
    sid = sample.id
    locate = _locator(sid)
    top = st.columns([3, 2])
    with top[0]:
        shell.text("Title", locate, "title", f"{sid}.title", placeholder="e.g. Flu-shot campaign for the campus clinic")
    with top[1]:
        shell.choice("Type", locate, "type", f"{sid}.type", SAMPLE_TYPES)
    shell.text("My role", locate, "role", f"{sid}.role", placeholder="e.g. Team lead (team of four), PR campaigns class")
    shell.text("Objective", locate, "objective", f"{sid}.objective", area=True, height=80,
               placeholder="What were you trying to change, for whom, by how much, by when?")
    shell.text("What I did", locate, "what_i_did", f"{sid}.what_i_did", area=True, height=100,
               placeholder="Your own part, in strong verbs: wrote, pitched, planned, analysed…")
    shell.text("Result: did it work?", locate, "result", f"{sid}.result", area=True, height=80,
               placeholder="What changed, for whom, by how much, over what period?")
    st.markdown("**Metrics** · the value before (baseline) and after, and the period it covers")
    rows = [m.model_dump() for m in sample.metrics]
    changed = _table(sample, "metrics", rows, METRIC_COLUMNS, _metrics_from, "metrics", "Edited the metrics",
           column_config={
               "name": st.column_config.TextColumn("Metric", help="e.g. Sign-ups, Open rate", max_chars=200),
               "baseline": st.column_config.NumberColumn("Baseline (before)"),
               "after": st.column_config.NumberColumn("After"),
               "unit": st.column_config.TextColumn("Unit", help="%, $, people…", max_chars=30),
               "period": st.column_config.TextColumn("Period", help="e.g. 6 weeks, spring term", max_chars=200),
           })
    return changed


def _more_details(sample: WorkSample) -> None:
    sid = sample.id
    locate = _locator(sid)
    shell.text("How success was measured", locate, "method", f"{sid}.method", area=True, height=80,
               placeholder="e.g. Surveyed 150 students before and after; compared booking records with last year.")
    _bound(st.multiselect, "Where the numbers came from", locate, "sources", f"{sid}.sources", list,
           options=SOURCES, default=[s for s in sample.sources if s in SOURCES])
    shell.text("What I learned", locate, "learned", f"{sid}.learned", area=True, height=68)
    shell.text("Link (optional)", locate, "link", f"{sid}.link", placeholder="https://…")


def _coaching(sample: WorkSample) -> None:
    coaching = coach_sample(sample)
    level = coaching.level
    st.markdown("**AMEC level reached**")
    st.markdown(_ladder(level.rank))
    if level.level:
        st.caption(shell.md(level.reason) + " Evidence: " + ", ".join(f"“{shell.md(e)}”" for e in level.evidence[:5]) + ".")
    else:
        st.caption(shell.md(level.reason))
    st.info(shell.md(level.next_step), icon=":material/trending_up:")
    st.markdown("**Coaching**")
    for check in coaching.problems:
        st.warning("\n\n".join(shell.md(r) for r in check.reasons), icon=":material/edit_note:")
    passed = [r for c in coaching.checks if c.ok for r in c.reasons]
    if passed:
        st.success("\n".join(f"- {shell.md(r)}" for r in passed), icon=":material/check_circle:")


def _side(view: SampleView) -> str:
    parts = [("Title", view.title), ("My role", view.role), ("Objective", view.objective), ("What I did", view.did),
             ("Result", view.outcome), ("Metrics", "; ".join(view.metrics)), ("How it was measured", view.measured),
             ("What I learned", view.learned)]
    return "\n\n".join(f"**{label}**  \n{shell.md(text)}" for label, text in parts if text.strip()) or "_Nothing written yet._"


def _confidential(ws: Workspace, sample: WorkSample) -> None:
    sid = sample.id
    locate = _locator(sid)
    st.caption("Names become descriptors and absolute figures become relative changes or ranges; the method and "
               "your reasoning stay. A professional wants to see how you think, not the client's numbers.")
    _bound(st.checkbox, "This work is confidential (under a client or school agreement)", locate, "confidential",
           f"{sid}.confidential", bool, value=sample.confidential)
    _bound(st.radio, "Version to use in the brief and the thank-you note", locate, "share_confidential",
           f"{sid}.share_confidential", lambda v: v == "Confidential", options=["Original", "Confidential"],
           index=1 if sample.share_confidential else 0, horizontal=True)
    if sample.confidential and not sample.share_confidential:
        st.warning("This sample is marked confidential but the original version is shared: choose “Confidential”.",
                   icon=":material/lock:")
    st.markdown("**Names to hide** · each real name with the descriptor that replaces it")
    rows = [{"name": k, "descriptor": v} for k, v in sample.descriptors.items()]
    if _table(sample, "names", rows, NAME_COLUMNS, _names_from, "descriptors", "Edited the confidential names",
           column_config={"name": st.column_config.TextColumn("Real name", help="e.g. Lakemont Health", max_chars=120),
                          "descriptor": st.column_config.TextColumn("Descriptor", help="e.g. a regional healthcare system",
                                                                    max_chars=200)}):
        sample = _fresh(ws, sid)[1]
    hidden = confidential_view(sample)
    unlisted = [(name, as_) for name, as_ in hidden.detected if name.lower() not in {k.lower() for k in sample.descriptors}]
    if unlisted:
        st.caption("Also hidden, found by their shape: " + "; ".join(f"{shell.md(n)} → {shell.md(d)}" for n, d in unlisted)
                   + ". Add them to your list to choose better descriptors (a name mapped to itself is kept).")
        if st.button("Add these to my list", key=f"adopt_names.{sid}"):
            names = dict(unlisted) | dict(sample.descriptors)
            shell.edit("Listed the names found", lambda w: setattr(locate(w), "descriptors", names))
            shell.refresh_widgets()
            st.rerun()
    left, right = st.columns(2)
    with left:
        st.markdown("##### Original")
        st.markdown(_side(original_view(sample)))
    with right:
        st.markdown("##### Confidential")
        st.markdown(_side(hidden))


def _story(ws: Workspace, sample: WorkSample) -> None:
    profile_wpm = ws.profile.speaking_wpm
    told = story(sample, profile_wpm)
    st.caption("Told aloud in 60 to 90 seconds: the challenge, what you did, the outcome, how it was measured, "
               "what you learned" + (" (confidential version)." if sample.share_confidential else "."))
    with st.container(border=True):
        st.markdown(shell.md(told.text).replace("\n", "  \n"))
    st.markdown(f"**{told.words} words · about {told.seconds} seconds** at {profile_wpm} words a minute")
    if told.verdict == "right":
        st.success(shell.md(told.message), icon=":material/timer:")
    else:
        st.warning(shell.md(told.message), icon=":material/timer:")
    _bound(st.number_input, "My speaking pace (words a minute)", lambda w: w.profile, "speaking_wpm", "profile.speaking_wpm",
           int, min_value=80, max_value=220, step=10, value=profile_wpm,
           help="140 is a calm pace. Time yourself reading a paragraph aloud to find yours.")


def _delete(sample: WorkSample) -> None:
    sid = sample.id
    if st.session_state.get(_CONFIRM) != sid:
        if st.button("Delete this sample", key=f"delete.{sid}", icon=":material/delete:"):
            st.session_state[_CONFIRM] = sid
            st.rerun()
        return
    st.warning(f"Delete “{shell.md(sample.title or 'Untitled sample')}” and everything written in it?", icon=":material/delete:")
    yes, no, _ = st.columns([1, 1, 4])
    if yes.button("Yes, delete it", key=f"confirm_delete.{sid}", type="primary"):
        shell.edit("Deleted a work sample", lambda w: w.samples.remove(_locator(sid)(w)))
        st.session_state.pop(_CONFIRM, None)
        st.session_state.pop(_OPEN, None)
        st.rerun()
    if no.button("Keep it", key=f"cancel_delete.{sid}"):
        st.session_state.pop(_CONFIRM, None)
        st.rerun()


def _exports(ws: Workspace) -> None:
    st.subheader("Take it with you")
    st.caption("A one-page portfolio with every sample in the version you chose, and the samples as a table.")
    stem = f"portfolio-{date.today().isoformat()}"
    cols = st.columns(3)
    cols[0].download_button("Markdown", data=lambda: portfolio_markdown(ws), file_name=f"{stem}.md", mime="text/markdown",
                            key="download_md", icon=":material/description:", on_click="ignore")
    cols[1].download_button("PDF", data=lambda: portfolio_pdf(ws), file_name=f"{stem}.pdf", mime="application/pdf",
                            key="download_pdf", icon=":material/picture_as_pdf:", on_click="ignore")
    cols[2].download_button("CSV table", data=lambda: portfolio_csv(ws), file_name=f"{stem}.csv", mime="text/csv",
                            key="download_csv", icon=":material/table:", on_click="ignore")


def render() -> None:
    st.title("Portfolio")
    ws = shell.require_workspace()
    if ws is None:
        return
    st.caption("For each work sample a professional asks two things: did it work, and how was success measured? "
               "Your samples are shared by all your conversations.")
    opened = _overview(ws)
    if opened is None:
        st.info("No work samples yet: add a class project, volunteer work or anything you made, even if it was small.")
        return
    sample = ws.sample(opened)
    assert sample is not None
    st.subheader(sample.title or "Untitled sample")
    view = st.segmented_control("View", list(_VIEWS), default="details", format_func=_VIEWS.__getitem__,
                                key="portfolio_view", label_visibility="collapsed") or "details"
    if view == "details":
        left, right = st.columns([3, 2], gap="large")
        with left:
            if _details(sample):
                # The metrics table saved an edit during this run: coaching reads the saved sample.
                ws, sample = _fresh(ws, opened)
            _more_details(sample)
        with right:
            _coaching(sample)
    elif view == "confidential":
        _confidential(ws, sample)
    else:
        _story(ws, sample)
    _delete(sample)
    _exports(ws)


_VIEWS = {"details": "Details and coaching", "confidential": "Confidential version", "story": "Story"}


def _fresh(ws: Workspace, sample_id: str) -> tuple[Workspace, WorkSample]:
    current = shell.workspace() or ws
    return current, current.sample(sample_id) or ws.sample(sample_id)  # type: ignore[return-value]
