"""The one-page prep brief: everything prepared for one call, on screen, as Markdown and as a PDF.

The brief only gathers what the other steps produced (their own functions decide what counts);
it adds the checklist for treating the call as if a job were on the line, and fits the PDF on
one printed page by shrinking type, then trimming the longest stories, never by dropping a section.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from io import BytesIO
from zoneinfo import ZoneInfo

from pydantic import Field
from pypdf import PdfReader

from coach.content import Pack, Template, load_pack, render
from coach.model import Conversation, Workspace
from coach.pdf import PdfWriter
from coach.portfolio import amec_level, coach_sample, shared_view, story
from coach.questions import minutes_text, plan_fit, questions_pack
from coach.skills import chosen_pitch, pitch_timing


class ChecklistItem(Pack):
    id: str = Field(min_length=1, max_length=80)
    text: str = Field(min_length=1, max_length=200)


class BriefPack(Pack):
    title: Template
    max_highlights: int = Field(ge=1, le=10)
    max_stories: int = Field(ge=1, le=5)
    checklist: list[ChecklistItem] = Field(min_length=1)


@cache
def brief_pack() -> BriefPack:
    return load_pack("brief.yaml", BriefPack)


@dataclass(frozen=True)
class Highlight:
    text: str
    source: str


@dataclass(frozen=True)
class Story:
    title: str
    text: str
    seconds: int
    confidential: bool


@dataclass(frozen=True)
class Brief:
    title: str
    who: tuple[str, ...]
    highlights: tuple[Highlight, ...]
    questions: tuple[str, ...]
    question_minutes: str
    stories: tuple[Story, ...]
    pitch: str
    pitch_seconds: int
    checklist: tuple[tuple[str, str, bool], ...]  # (id, text, ticked)

    pitch_expected: bool  # career-changers are expected to have one; others may

    @property
    def missing(self) -> tuple[str, ...]:
        """Sections with nothing in them yet, named as the step that fills them."""
        gaps = [("Homework", self.highlights), ("Questions", self.questions), ("Portfolio", self.stories)]
        if self.pitch_expected:
            gaps.append(("Skills", self.pitch))
        return tuple(name for name, content in gaps if not content)


def _who(workspace: Workspace, conversation: Conversation) -> tuple[str, ...]:
    person = conversation.person
    lines = [", ".join(p for p in (person.name, person.title, conversation.agency.name) if p)]
    if conversation.call_at:
        zone = workspace.profile.timezone
        start = conversation.call_at.replace(tzinfo=ZoneInfo(zone))
        lines.append(f"{start:%A %d %B %Y, %H:%M} ({zone}), {minutes_text(questions_pack().call.minutes)} minutes")
    else:
        lines.append(f"Call time not set yet; plan for {minutes_text(questions_pack().call.minutes)} minutes")
    if conversation.agency.url:
        lines.append(conversation.agency.url)
    return tuple(line for line in lines if line)


def _highlights(conversation: Conversation, limit: int) -> tuple[Highlight, ...]:
    """The user's own notes first (what they learned and the idea they bring); facts only if there are none."""
    notes = [n for n in conversation.homework.notes if n.learned.strip()]
    if notes:
        return tuple(
            Highlight(f"{n.learned.strip()}" + (f" Idea: {n.idea.strip()}" if n.idea.strip() else ""), n.source)
            for n in notes[:limit]
        )
    research = conversation.homework.research
    if research is None:
        return ()
    news = sorted((f for f in research.facts if f.kind == "news"), key=lambda f: f.date or "", reverse=True)
    others = [f for f in research.facts if f.kind in ("service", "client", "award", "value")]
    return tuple(Highlight(f.text + (f" ({f.date})" if f.date else ""), f.source) for f in [*news[:2], *others][:limit])


def _stories(workspace: Workspace, limit: int) -> tuple[Story, ...]:
    """The strongest samples: the highest AMEC level, then the fewest coaching problems."""
    ranked = sorted(workspace.samples, key=lambda s: (-amec_level(s).rank, len(coach_sample(s).problems)))
    wpm = workspace.profile.speaking_wpm
    chosen = []
    for sample in ranked[:limit]:
        told = story(sample, wpm)
        view = shared_view(sample)
        chosen.append(Story(view.title or "Untitled sample", told.text, told.seconds, view.confidential))
    return tuple(chosen)


def build_brief(workspace: Workspace, conversation: Conversation, pack: BriefPack | None = None) -> Brief:
    pack = pack or brief_pack()
    planned = conversation.questions.planned
    fit = plan_fit(planned, questions_pack())
    # Only a pitch the user has worked on: a generated one without any past roles says nothing true.
    worked_on = bool(workspace.skills.roles or conversation.pitch.short.strip() or conversation.pitch.long.strip())
    pitch = chosen_pitch(workspace, conversation) if worked_on else ""
    return Brief(
        title=render(pack.title, person=conversation.person.name, agency=conversation.agency.name),
        who=_who(workspace, conversation),
        highlights=_highlights(conversation, pack.max_highlights),
        questions=tuple(f"{q.text} ({minutes_text(q.minutes)} min)" for q in planned if q.text),
        question_minutes=f"{minutes_text(fit.total)} of {minutes_text(fit.available)} minutes" if planned else "",
        stories=_stories(workspace, pack.max_stories),
        pitch=pitch,
        pitch_seconds=round(pitch_timing(pitch, workspace.profile.speaking_wpm, 30).seconds) if pitch else 0,
        checklist=tuple((item.id, item.text, conversation.checklist.get(item.id, False)) for item in pack.checklist),
        pitch_expected=workspace.profile.situation == "career-changer",
    )


def brief_markdown(brief: Brief) -> str:
    """The brief as Markdown; user text is kept as written (this file is for the user, not rendered by the app)."""
    lines = [f"# {brief.title}", "", *[f"- {line}" for line in brief.who], ""]
    lines += ["## Homework highlights", ""]
    lines += [f"- {h.text}" + (f" ([source]({h.source}))" if h.source else "") for h in brief.highlights] or ["- (none yet)"]
    lines += ["", f"## Questions I will ask{f' ({brief.question_minutes})' if brief.question_minutes else ''}", ""]
    lines += [f"{i}. {q}" for i, q in enumerate(brief.questions, start=1)] or ["(none chosen yet)"]
    lines += ["", "## Stories from my portfolio", ""]
    for s in brief.stories:
        lines += [f"### {s.title}{' (confidential version)' if s.confidential else ''} · about {s.seconds} s", "", s.text, ""]
    if not brief.stories:
        lines += ["(no work samples yet)", ""]
    if brief.pitch or brief.pitch_expected:
        lines += ["## Why my skills apply here" + (f" · about {brief.pitch_seconds} s" if brief.pitch else ""), ""]
        lines += [brief.pitch or "(no pitch yet)", ""]
    lines += ["## Before the call", ""]
    lines += [f"- [{'x' if ticked else ' '}] {text}" for _, text, ticked in brief.checklist]
    return "\n".join(lines) + "\n"


def _render_pdf(brief: Brief, scale: float) -> bytes:
    w = PdfWriter(scale=scale)
    w.write(brief.title, size=16, style="B", gap=1)
    w.write("\n".join(brief.who), size=9.5, gap=2.5)

    def section(title: str, body: str) -> None:
        w.write(title, size=11.5, style="B", gap=0.8)
        w.write(body, size=9.5, gap=2.5)

    section("Homework highlights", "\n".join(f"- {h.text}" for h in brief.highlights) or "(none yet)")
    section("Questions I will ask" + (f" ({brief.question_minutes})" if brief.question_minutes else ""),
            "\n".join(f"{i}. {q}" for i, q in enumerate(brief.questions, start=1)) or "(none chosen yet)")
    w.write("Stories from my portfolio", size=11.5, style="B", gap=0.8)
    for s in brief.stories:
        w.write(f"{s.title}{' (confidential version)' if s.confidential else ''}, about {s.seconds} s", size=9.5,
                style="B", gap=0.3)
        w.write(s.text, size=9.5, gap=1.5)
    if not brief.stories:
        w.write("(no work samples yet)", size=9.5, gap=2.5)
    if brief.pitch or brief.pitch_expected:
        section("Why my skills apply here" + (f" (about {brief.pitch_seconds} s)" if brief.pitch else ""),
                brief.pitch or "(no pitch yet)")
    section("Before the call", "\n".join(f"[{'x' if ticked else ' '}] {text}" for _, text, ticked in brief.checklist))
    return w.output()


def _pages(data: bytes) -> int:
    return len(PdfReader(BytesIO(data)).pages)


def brief_pdf(brief: Brief) -> bytes:
    """A PDF that prints on one A4 page: smaller type first (down to 70 %), then shorter stories."""
    for scale in (1.0, 0.9, 0.8, 0.7):
        data = _render_pdf(brief, scale)
        if _pages(data) == 1:
            return data
    trimmed = brief
    while _pages(data) > 1:
        longest = max(trimmed.stories, key=lambda s: len(s.text), default=None)
        if longest is None or len(longest.text) < 120:
            trimmed = replace(trimmed, highlights=trimmed.highlights[:-1]) if trimmed.highlights else trimmed
            if not trimmed.highlights:
                break
        else:
            shorter = replace(longest, text=longest.text[: len(longest.text) * 2 // 3].rsplit(" ", 1)[0] + " …")
            trimmed = replace(trimmed, stories=tuple(shorter if s is longest else s for s in trimmed.stories))
        data = _render_pdf(trimmed, 0.7)
    return data
