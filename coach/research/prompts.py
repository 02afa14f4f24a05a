"""From facts to homework: prompts a student fills in, and the depth check on their notes.

A professional can tell a note that restates a headline from one that thinks about it, so the
rules here look for what the student added: an idea of their own, words beyond the page's,
more than one page read. Wording lives in `content/homework.yaml`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal

from pydantic import Field

from coach.content import Pack, Template, load_pack, render
from coach.model import HomeworkNote
from coach.research.types import Fact, FactKind, Prompt, ResearchResult

QuestionType = Literal["trends", "insights", "advice", "resources", "assignments"]
PromptKind = Literal[FactKind, "work"]


class KindPrompt(Pack):
    label: str
    order: int
    per_kind: int = Field(ge=1, le=10)
    learned: Template
    idea: Template
    question: Template
    question_type: QuestionType


class ThinSite(Pack):
    min_facts: int = Field(ge=1)
    min_kinds: int = Field(ge=1)
    message: Template
    where_else: list[Template] = Field(min_length=1)


class DepthRules(Pack):
    min_notes: int = Field(ge=1)
    min_idea_words: int = Field(ge=1)
    min_own_words: int = Field(ge=1)


class HomeworkPack(Pack):
    kinds: dict[PromptKind, KindPrompt]
    max_prompts: int = Field(ge=1)
    thin: ThinSite
    depth: DepthRules


@cache
def homework_pack() -> HomeworkPack:
    return load_pack("homework.yaml", HomeworkPack)


def _prompt_kind(fact: Fact, page_kinds: Mapping[str, str]) -> str:
    """Facts from case-study pages get the case-study prompt, whatever kind they were filed under."""
    if fact.kind in ("client", "news", "service") and page_kinds.get(fact.source) == "work":
        return "work"
    return fact.kind


def build_prompts(
    facts: Sequence[Fact], agency_name: str, page_kinds: Mapping[str, str] | None = None, pack: HomeworkPack | None = None
) -> list[Prompt]:
    """The facts most worth a note, newest news first, a few of each kind, as three-part prompts."""
    pack = pack or homework_pack()
    page_kinds = page_kinds or {}
    agency = agency_name or "The agency"
    by_kind: dict[str, list[Fact]] = {}
    for fact in facts:
        kind = _prompt_kind(fact, page_kinds)
        if kind in pack.kinds:
            by_kind.setdefault(kind, []).append(fact)
    queues: list[tuple[KindPrompt, list[Fact]]] = []
    for kind, spec in sorted(pack.kinds.items(), key=lambda item: item[1].order):
        chosen = by_kind.get(kind, [])
        if kind == "news":
            chosen = sorted(chosen, key=lambda f: f.date or "", reverse=True)
        queues.append((spec, chosen[: spec.per_kind]))
    # Round-robin over kinds, so a short list still covers news, work, services, values, careers...
    prompts: list[Prompt] = []
    for turn in range(max((len(q) for _, q in queues), default=0)):
        for spec, queue in queues:
            if turn < len(queue):
                prompts.append(_prompt(spec, queue[turn], agency, page_kinds))
    return prompts[: pack.max_prompts]


def _prompt(spec: KindPrompt, fact: Fact, agency: str, page_kinds: Mapping[str, str]) -> Prompt:
    context = {"fact": fact.text.rstrip(". "), "agency": agency, "date": fact.date or "", "page": page_kinds.get(fact.source, "")}
    return Prompt(
        kind=fact.kind,
        learned=render(spec.learned, **context)[:1200],
        idea=render(spec.idea, **context)[:1200],
        question=render(spec.question, **context)[:1200],
        source=fact.source,
    )


def with_prompts(result: ResearchResult) -> ResearchResult:
    """The result with its prompts filled in from its own facts."""
    page_kinds = {page.url: page.kind for page in result.pages}
    return result.model_copy(update={"prompts": tuple(build_prompts(result.facts, result.name, page_kinds))})


def thin_site_advice(result: ResearchResult, person_name: str = "", pack: HomeworkPack | None = None) -> list[str]:
    """Empty when the site gave enough to work with; otherwise the plain message and where else to look."""
    pack = pack or homework_pack()
    useful = [f for f in result.facts if f.kind not in ("name", "contact")]
    kinds = {f.kind for f in useful}
    if len(useful) >= pack.thin.min_facts and len(kinds) >= pack.thin.min_kinds:
        return []
    context = {"agency": result.name or "the agency", "person": person_name, "facts": len(useful), "kinds": len(kinds)}
    return [render(pack.thin.message, **context), *(render(t, **context) for t in pack.thin.where_else)]


# --------------------------------------------------------------------------- the depth check

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_STOP = frozenset(
    "a an and are as at be by for from has have i in is it its of on or our that the their they this to was we "
    "were will with you your agency posted recently says offers works shows".split()
)


@dataclass(frozen=True)
class NoteFlags:
    note_id: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class DepthReport:
    ready: bool
    reasons: tuple[str, ...]
    notes: tuple[NoteFlags, ...]


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


@lru_cache(maxsize=4096)
def _content_words(text: str) -> frozenset[str]:
    """Cached: the same headlines are compared with every note on every rerun."""
    return frozenset(w for w in _words(text) if w not in _STOP)


def _restates(learned: str, headlines: Sequence[str], agency_words: frozenset[str], min_own_words: int) -> str | None:
    """The headline a note only repeats: most of the headline is there and little else is.

    The agency's own name is in every title, so its words count for neither side.
    """
    own = _content_words(learned) - agency_words
    for headline in headlines:
        words = _content_words(headline) - agency_words
        if len(words) >= 3 and len(own & words) >= 0.6 * len(words) and len(own - words) < min_own_words:
            return headline
    return None


def check_notes(
    notes: Sequence[HomeworkNote], result: ResearchResult | None, pack: HomeworkPack | None = None
) -> DepthReport:
    """Ready, or not yet with reasons: the rules a professional would apply to the homework."""
    pack = pack or homework_pack()
    rules = pack.depth
    written = [n for n in notes if n.learned.strip() or n.idea.strip() or n.question.strip()]
    headlines = [p.title for p in result.pages if p.title] if result else []
    if result:
        headlines += [f.text for f in result.facts if f.kind in ("news", "about", "name")]
    agency_words = _content_words(result.name) if result else frozenset()
    flagged = []
    for note in written:
        reasons = []
        if not note.learned.strip():
            reasons.append("Say what you learned: the fact, in your words.")
        else:
            headline = _restates(note.learned, headlines, agency_words, rules.min_own_words)
            if headline:
                reasons.append(f"It only restates “{headline[:80]}”: add what you noticed or why it matters.")
        idea_words = len(_words(note.idea))
        if idea_words == 0:
            reasons.append("No insight or idea yet: what would you suggest, measure or try?")
        elif idea_words < rules.min_idea_words:
            reasons.append(f"The idea is {idea_words} words: give it a reason or an example ({rules.min_idea_words}+ words).")
        if not note.question.strip():
            reasons.append("Add the question you will ask about it.")
        if reasons:
            flagged.append(NoteFlags(note.id, tuple(reasons)))

    overall = []
    if len(written) < rules.min_notes:
        overall.append(f"{len(written)} note{'s' if len(written) != 1 else ''} so far: write at least {rules.min_notes}.")
    sources = {n.source.strip() for n in written if n.source.strip()}
    if len(written) >= 2 and len(sources) == 1:
        overall.append("All notes come from one page: read and use at least one more page (news, work, about).")
    if flagged:
        overall.append(f"{len(flagged)} of {len(written)} notes need more depth (see each note).")
    return DepthReport(ready=not overall, reasons=tuple(overall), notes=tuple(flagged))


def note_from_prompt(prompt: Prompt) -> HomeworkNote:
    """A new note: the fact prefilled, the idea left for the student, the question suggested."""
    return HomeworkNote(kind=prompt.kind, source=prompt.source, learned=prompt.learned, idea="", question=prompt.question)
