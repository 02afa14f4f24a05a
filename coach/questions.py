"""Questions, both directions: what to ask in the call, and what they may ask you.

Questions to ask come from a bank in `content/questions.yaml`, each in one of five groups
(trends, insights, advice, resources, assignments). A bank question may be tailored with a
fact the homework found on the agency's site; without such a fact its generic text is used,
so nothing is invented. The user picks up to eight, each with a minutes budget, and the plan
is checked against a 20-minute call with time kept for introductions and wrap-up.

Questions they may ask come with the user's answer notes and a spoken-length guide at the
user's own pace. Every rule here is a plain function; wording lives in the pack.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from coach.content import Pack, Template, load_pack, render
from coach.model import SITUATIONS, Conversation, HomeworkNote, PlannedQuestion, QuestionGroup, Situation
from coach.progress import StepProgress
from coach.research.types import Fact, PageKind, ResearchResult
from coach.text import word_count

GROUPS: tuple[QuestionGroup, ...] = ("trends", "insights", "advice", "resources", "assignments")
FactNeed = Literal["about", "service", "client", "industry", "news", "leader", "value", "location", "award", "careers", "work"]
BankId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,60}$")]
Minutes = Annotated[float, Field(ge=0.5, le=20)]
ALL_SITUATIONS: tuple[Situation, ...] = tuple(SITUATIONS)  # type: ignore[assignment]
DEFAULT_WPM = 140
MIN_WPM, MAX_WPM = 80, 220  # the profile's range

# --------------------------------------------------------------------------- the pack


class Tailoring(Pack):
    """The tailored text of a bank question and which fact it may use."""

    needs: FactNeed  # `work`: a client, news or service fact found on a case-study page
    text: Template
    prefer_page: PageKind | None = None  # facts from this kind of page come first
    avoid_words: list[str] = Field(default_factory=list)  # skip facts containing any of these (any case)
    min_words: int = Field(default=1, ge=1)  # skip facts shorter than this: headings, single words


class AskQuestion(Pack):
    id: BankId
    group: QuestionGroup
    minutes: Minutes
    text: Template
    situations: list[Situation] = Field(default_factory=lambda: list(ALL_SITUATIONS), min_length=1)
    tailored: Tailoring | None = None


class TheirQuestion(Pack):
    id: BankId
    text: Template
    why: Template
    how: Template
    situations: list[Situation] = Field(default_factory=lambda: list(ALL_SITUATIONS), min_length=1)
    key: bool = False  # counted by the sidebar's progress
    homework: bool = False  # the page points to the user's homework notes


class CallRules(Pack):
    minutes: Minutes
    intro_minutes: float = Field(ge=0, le=10)
    wrap_up_minutes: float = Field(ge=0, le=10)
    max_questions: int = Field(ge=1, le=8)
    own_minutes: Minutes
    roomy_minutes: float = Field(gt=0)

    @property
    def available(self) -> float:
        return self.minutes - self.intro_minutes - self.wrap_up_minutes

    @model_validator(mode="after")
    def _room_left(self) -> CallRules:
        if self.available <= 0:
            raise ValueError("introductions and wrap-up leave no time for questions")
        return self


class BalanceRules(Pack):
    min_groups: int = Field(ge=1, le=len(GROUPS))
    max_share: float = Field(gt=0, le=1)


class ProgressRules(Pack):
    min_planned: int = Field(ge=1, le=8)
    min_groups: int = Field(ge=1, le=len(GROUPS))


class AnswerRules(Pack):
    min_seconds: int = Field(ge=5)
    max_seconds: int = Field(ge=5)

    @model_validator(mode="after")
    def _ordered(self) -> AnswerRules:
        if self.min_seconds >= self.max_seconds:
            raise ValueError("min_seconds must be below max_seconds")
        return self


class GroupInfo(Pack):
    label: str
    help: str


class QuestionsPack(Pack):
    call: CallRules
    balance: BalanceRules
    progress: ProgressRules
    answer: AnswerRules
    groups: dict[QuestionGroup, GroupInfo]
    ask: list[AskQuestion] = Field(min_length=1)
    theirs: list[TheirQuestion] = Field(min_length=1)
    tips: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _complete(self) -> QuestionsPack:
        if set(self.groups) != set(GROUPS):
            raise ValueError(f"groups must name each of {', '.join(GROUPS)}")
        for what, ids in (("ask", [q.id for q in self.ask]), ("theirs", [q.id for q in self.theirs])):
            repeated = sorted(i for i, n in Counter(ids).items() if n > 1)
            if repeated:
                raise ValueError(f"{what}: each id must be unique; repeated: {', '.join(repeated)}")
        counts = Counter(q.group for q in self.ask)
        thin = [g for g in GROUPS if counts[g] < 2]
        if thin:
            raise ValueError(f"ask: each group needs at least two questions; too few in {', '.join(thin)}")
        return self

    def label(self, group: str) -> str:
        info = self.groups.get(group)  # type: ignore[call-overload]
        return info.label if info else group.title()


@cache
def questions_pack() -> QuestionsPack:
    return load_pack("questions.yaml", QuestionsPack)


# --------------------------------------------------------------------------- questions to ask


@dataclass(frozen=True)
class Suggestion:
    """A question the user may add to the plan, tailored when `fact` is set."""

    bank_id: str
    group: QuestionGroup
    text: str
    minutes: float
    fact: Fact | None = None

    @property
    def tailored(self) -> bool:
        return self.fact is not None


_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_WORK_KINDS = frozenset({"client", "news", "service"})


def _context(agency: str, person: str) -> dict[str, str]:
    first = person.split()[0] if person.split() else ""
    return {"agency": agency.strip() or "the agency", "person": first or "you"}


def _fits(fact: Fact, spec: Tailoring, on_work_page: bool, person: str) -> bool:
    if spec.needs == "work":
        if not (on_work_page and fact.kind in _WORK_KINDS):
            return False
    elif fact.kind != spec.needs or (on_work_page and fact.kind in _WORK_KINDS):
        # A client, news or service fact on a case-study page names a campaign: it is `work`.
        return False
    if len(_WORD.findall(fact.text)) < spec.min_words:
        return False
    lowered = fact.text.lower()
    if any(word.lower() in lowered for word in spec.avoid_words):
        return False
    # Never ask the professional to refer you to themselves.
    return not (spec.needs == "leader" and person.strip() and person.strip().lower() in lowered)


def facts_for(spec: Tailoring, research: ResearchResult | None, person: str = "") -> list[Fact]:
    """Facts a tailored question may use, best first: from the preferred page, then newest first, then site order."""
    if research is None:
        return []
    page_kinds = {page.url: page.kind for page in research.pages}
    chosen = [f for f in research.facts if _fits(f, spec, page_kinds.get(f.source) == "work", person)]
    chosen.sort(key=lambda f: f.date or "", reverse=True)  # stable: undated facts keep site order, last
    if spec.prefer_page:
        chosen.sort(key=lambda f: page_kinds.get(f.source) != spec.prefer_page)
    return chosen


def fact_context(fact: Fact) -> dict[str, str]:
    """Template variables for a fact: its text, date, and on a case study its headline and first result."""
    text = fact.text.strip().rstrip(". ")
    headline, colon, rest = text.partition(": ")
    detail = rest.split("; ")[0].strip().rstrip(". ") if colon else ""
    return {"fact": text, "date": fact.date or "", "headline": headline.strip(), "detail": detail}


def applies(situations: Sequence[str], situation: str | None) -> bool:
    return situation is None or situation in situations


def suggest_questions(
    pack: QuestionsPack, research: ResearchResult | None, situation: str | None, *, agency: str = "", person: str = ""
) -> list[Suggestion]:
    """The bank for this user, group by group: tailored with a homework fact where one fits, else generic.

    No fact is used twice, so two questions that need news talk about two different posts.
    """
    context = _context(agency or (research.name if research else ""), person)
    used: set[tuple[str, str]] = set()
    suggestions = []
    order = {group: index for index, group in enumerate(pack.groups)}
    for question in sorted(pack.ask, key=lambda q: order[q.group]):
        if not applies(question.situations, situation):
            continue
        fact = None
        if question.tailored is not None:
            fact = next((f for f in facts_for(question.tailored, research, person) if (f.kind, f.text) not in used), None)
        if fact is not None and question.tailored is not None:
            used.add((fact.kind, fact.text))
            text = render(question.tailored.text, **fact_context(fact), **context)
        else:
            text = render(question.text, **context)
        suggestions.append(Suggestion(question.id, question.group, text[:600], question.minutes, fact))
    return suggestions


def homework_questions(
    notes: Sequence[HomeworkNote], question_types: Mapping[str, QuestionGroup], default_minutes: float
) -> list[Suggestion]:
    """The questions the user wrote in their homework notes, each in the group its kind of fact suggests."""
    found = []
    seen = set()
    for note in notes:
        text = " ".join(note.question.split())[:600]
        if not text or text.lower() in seen:
            continue
        seen.add(text.lower())
        group = question_types.get(note.kind or "", "insights")
        found.append(Suggestion(f"homework-{note.id}"[:80], group, text, default_minutes))
    return found


def planned_from(suggestion: Suggestion) -> PlannedQuestion:
    return PlannedQuestion(bank_id=suggestion.bank_id, group=suggestion.group, text=suggestion.text, minutes=suggestion.minutes)


def own_question(text: str, group: QuestionGroup, pack: QuestionsPack) -> PlannedQuestion:
    """A question the user wrote, with the pack's default budget."""
    return PlannedQuestion(group=group, text=text, minutes=pack.call.own_minutes)


def moved(planned: Sequence[PlannedQuestion], question_id: str, step: int) -> list[PlannedQuestion]:
    """The plan with one question moved `step` places (negative: earlier); clamped at either end."""
    items = list(planned)
    index = next((i for i, q in enumerate(items) if q.id == question_id), None)
    if index is None:
        raise LookupError(question_id)
    target = min(max(index + step, 0), len(items) - 1)
    items.insert(target, items.pop(index))
    return items


@dataclass(frozen=True)
class PlanFit:
    total: float  # minutes the planned questions need
    available: float  # minutes left for questions after introductions and wrap-up
    fits: bool
    reasons: tuple[str, ...]  # why it does not fit; empty when it does

    @property
    def spare(self) -> float:
        return self.available - self.total


def minutes_text(value: float) -> str:
    """3 → "3", 2.5 → "2.5": minutes as people say them."""
    rounded = round(value, 1)
    return f"{rounded:g}"


def plan_fit(planned: Sequence[PlannedQuestion], pack: QuestionsPack) -> PlanFit:
    """Whether the plan fits the call once introductions and wrap-up have their minutes."""
    call = pack.call
    total = math.fsum(q.minutes for q in planned)
    available = call.available
    reasons = []
    if total > available + 1e-9:
        reasons.append(
            f"The plan needs {minutes_text(total)} minutes, {minutes_text(total - available)} more than the "
            f"{minutes_text(available)} left of a {minutes_text(call.minutes)}-minute call after "
            f"{minutes_text(call.intro_minutes)} for introductions and {minutes_text(call.wrap_up_minutes)} for "
            "wrap-up: drop a question or shorten a budget."
        )
    if len(planned) > call.max_questions:
        reasons.append(f"{len(planned)} questions is more than {call.max_questions}: keep the ones that matter most.")
    return PlanFit(total=total, available=available, fits=not reasons, reasons=tuple(reasons))


def group_balance(planned: Sequence[PlannedQuestion], pack: QuestionsPack) -> list[str]:
    """Warnings when the plan leans on one group or touches too few; empty when balanced."""
    rules = pack.balance
    counts = Counter(q.group for q in planned)
    missing = [pack.label(g) for g in pack.groups if not counts[g]]
    suggest = " or ".join(m.lower() for m in missing[:2])
    warnings = []
    if len(planned) >= rules.min_groups and len(counts) < rules.min_groups:
        covered = ", ".join(pack.label(g).lower() for g in pack.groups if counts[g])
        warnings.append(f"All {len(planned)} questions are about {covered}: add one about {suggest} for a rounder call.")
    if len(planned) >= 4:
        for group, count in counts.most_common():
            if count > rules.max_share * len(planned):
                warnings.append(f"{count} of {len(planned)} questions are {pack.label(group).lower()}: "
                                f"swap one for {suggest or 'another group'}.")
    return warnings


# --------------------------------------------------------------------------- questions they may ask you


@dataclass(frozen=True)
class TheirPrompt:
    id: str
    text: str
    why: str
    how: str
    key: bool
    homework: bool


def their_questions(pack: QuestionsPack, situation: str | None, *, agency: str = "", person: str = "") -> list[TheirPrompt]:
    """The questions this user may be asked, rendered for their agency."""
    context = _context(agency, person)
    return [
        TheirPrompt(q.id, render(q.text, **context), render(q.why, **context), render(q.how, **context), q.key, q.homework)
        for q in pack.theirs
        if applies(q.situations, situation)
    ]


def homework_points(notes: Sequence[HomeworkNote], limit: int = 3) -> list[str]:
    """What the user learned in their homework, to build "What do you know about us?" on."""
    return [" ".join(n.learned.split()) for n in notes if n.learned.strip()][:limit]


def _pace(wpm: float) -> float:
    """A usable pace: the profile's range; anything unusable (NaN) means the default."""
    if wpm != wpm:  # NaN
        return DEFAULT_WPM
    return min(max(float(wpm), MIN_WPM), MAX_WPM)


def spoken_seconds(text: str, wpm: float = DEFAULT_WPM) -> float:
    """How long `text` takes to say aloud at `wpm` words a minute."""
    return word_count(text) * 60.0 / _pace(wpm)


Verdict = Literal["empty", "short", "right", "long"]


@dataclass(frozen=True)
class AnswerLength:
    words: int
    seconds: float
    verdict: Verdict
    message: str
    min_words: int
    max_words: int


def answer_length_check(text: str, wpm: float, pack: QuestionsPack) -> AnswerLength:
    """Too short, right or too long for a spoken answer of the pack's length at the user's pace."""
    rules = pack.answer
    pace = _pace(wpm)
    words = word_count(text)
    seconds = spoken_seconds(text, pace)
    low, high = math.ceil(rules.min_seconds * pace / 60), math.floor(rules.max_seconds * pace / 60)
    span = f"{rules.min_seconds}–{rules.max_seconds} seconds"
    said = (f"{words} word{'s' if words != 1 else ''} · about {round(seconds)} second{'s' if round(seconds) != 1 else ''} "
            f"at {round(pace)} words a minute")
    verdict: Verdict
    if words == 0:
        verdict, message = "empty", f"No notes yet: an answer of {span} is about {low}–{high} words at your pace."
    elif seconds < rules.min_seconds:
        verdict, message = "short", f"{said}: too short. Add an example or a result (aim for {low}–{high} words, {span})."
    elif seconds > rules.max_seconds:
        verdict, message = "long", f"{said}: too long. Keep the one story that matters (at most {high} words, {span})."
    else:
        verdict, message = "right", f"{said}: the right length ({span})."
    return AnswerLength(words, seconds, verdict, message, low, high)


# --------------------------------------------------------------------------- progress


def questions_progress(conversation: Conversation | None, pack: QuestionsPack, situation: str | None = None) -> StepProgress:
    """The sidebar's view: enough questions across enough groups, a plan that fits, the key answers noted.

    `situation` decides which key questions apply (career-changers also get "Why change careers?");
    without it, only the key questions for everyone count.
    """
    rules = pack.progress
    if conversation is None:
        return StepProgress("Questions", 0, 4, "Add a conversation on the Start page")
    planned = conversation.questions.planned
    groups = {q.group for q in planned}
    fit = plan_fit(planned, pack)
    keys = [q for q in pack.theirs if q.key and (applies(q.situations, situation) if situation else len(q.situations) == len(ALL_SITUATIONS))]
    answers = conversation.questions.answers
    unanswered = [q for q in keys if not answers.get(q.id, "").strip()]
    context = _context(conversation.agency.name, conversation.person.name)
    items = [
        (len(planned) >= rules.min_planned, f"Choose at least {rules.min_planned} questions to ask ({len(planned)} so far)"),
        (len(groups) >= rules.min_groups, f"Cover at least {rules.min_groups} question groups ({len(groups)} so far)"),
        (bool(planned) and fit.fits, fit.reasons[0] if fit.reasons else "Plan questions that fit the call"),
        (not unanswered, f"Note your answer to “{render(unanswered[0].text, **context)}”" if unanswered else ""),
    ]
    missing = [hint for ok, hint in items if not ok]
    return StepProgress("Questions", len(items) - len(missing), len(items), missing[0] if missing else "")
