"""The career-changer's skills bridge: past roles and own words mapped to the field's competencies.

Everything here is a plain, deterministic rule a user can check:

- **Matching.** The user's words are split into words; each keyword in the pack also matches its
  inflections (plan, plans, planned, planning, planner; organise/organize; story/stories) and a
  short list of irregular forms (taught -> teach). A `strong` phrase scores 2, a `related` one 1,
  each phrase once; each task of a picked role that names the competency scores 2. A competency
  is suggested at 2 points. Every match returns the words and tasks behind its score.
- **What the agency stresses.** The same matcher runs over the homework facts; a fact counts by
  its kind (a service the agency offers counts more than a passing mention in a news headline).
- **Status.** Accepted with an example: evidenced. Accepted without one: claimed. Suggested and
  not decided yet: suggested. Everything else (rejected or never matched): a gap.
- **Gaps** are ranked by what the agency stresses, then by the pack's order.
- **The pitch** is assembled from the strongest bridge lines and the agency's facts, and fitted
  to 30 or 60 seconds at the user's speaking pace.

Wording, keywords, roles and templates live in `content/skills/`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from coach.content import CONTENT_DIR, ContentError, Pack, Template, load_pack, render
from coach.model import SITUATIONS, Conversation, Situation, SkillsBridge, Workspace
from coach.progress import StepProgress
from coach.questions import DEFAULT_WPM, spoken_seconds
from coach.research.types import Fact, ResearchResult
from coach.text import word_count

SKILLS_DIR = CONTENT_DIR / "skills"
Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,60}$")]
Phrase = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=60)]
ActionKind = Literal["course", "volunteer", "certificate", "sample"]
Status = Literal["evidenced", "claimed", "suggested", "gap"]
STATUSES: dict[Status, str] = {
    "evidenced": "Evidenced",
    "claimed": "Claimed (no example yet)",
    "suggested": "Suggested (decide)",
    "gap": "Gap",
}
MAX_BRIDGE_WORDS = 30

# --------------------------------------------------------------------------- the pack


class Onet(Pack):
    credit: str = Field(min_length=20)
    link: str
    occupations: dict[str, str] = Field(min_length=1)
    skills: list[str] = Field(min_length=1)
    activities: list[str] = Field(min_length=1)
    knowledge: list[str] = Field(min_length=1)


class MatchRules(Pack):
    strong_points: int = Field(ge=1)
    related_points: int = Field(ge=1)
    role_task_points: int = Field(ge=1)
    threshold: int = Field(ge=1)
    irregular: dict[str, str] = Field(default_factory=dict)


class EmphasisRules(Pack):
    weights: dict[str, int]
    min_score: int = Field(ge=1)


class GapAction(Pack):
    kind: ActionKind
    text: Template


class Competency(Pack):
    id: Id
    label: str
    summary: str
    onet_skills: list[str] = Field(min_length=1)
    onet_activities: list[str] = Field(min_length=1)
    onet_knowledge: list[str] = Field(default_factory=list)
    occupations: list[str] = Field(min_length=1)
    strong: list[Phrase] = Field(min_length=1)
    related: list[Phrase] = Field(default_factory=list)
    agency_terms: list[Phrase] = Field(min_length=1)
    bridge: Template
    close: list[GapAction] = Field(min_length=1)


class CompetencyModel(Pack):
    onet: Onet
    matching: MatchRules
    emphasis: EmphasisRules
    competencies: list[Competency] = Field(min_length=12)

    @model_validator(mode="after")
    def _consistent(self) -> CompetencyModel:
        ids = [c.id for c in self.competencies]
        if len(ids) != len(set(ids)):
            raise ValueError("two competencies share one id")
        for c in self.competencies:
            for name, known in (("onet_skills", self.onet.skills), ("onet_activities", self.onet.activities),
                                ("onet_knowledge", self.onet.knowledge), ("occupations", list(self.onet.occupations))):
                unknown = set(getattr(c, name)) - set(known)
                if unknown:
                    raise ValueError(f"{c.id}: {name} not listed under onet: {sorted(unknown)}")
        return self


class Task(Pack):
    text: str = Field(min_length=5, max_length=200)
    competencies: list[Id] = Field(min_length=1)


class Role(Pack):
    id: Id
    label: str
    phrase: str
    cues: list[Phrase] = Field(default_factory=list)
    tasks: list[Task] = Field(min_length=2)
    bridges: dict[Id, Template] = Field(min_length=2)

    @property
    def competencies(self) -> list[str]:
        seen: dict[str, None] = {}
        for task in self.tasks:
            seen.update(dict.fromkeys(task.competencies))
        return list(seen)

    @model_validator(mode="after")
    def _bridges_follow_tasks(self) -> Role:
        extra = set(self.bridges) - set(self.competencies)
        if extra:
            raise ValueError(f"{self.id}: bridges for competencies no task names: {sorted(extra)}")
        return self


class RolesPack(Pack):
    roles: list[Role] = Field(min_length=20)


class PitchPart(Pack):
    keep: int = Field(ge=1, le=3)
    text: Template


class PitchVersion(Pack):
    label: str
    seconds: int = Field(ge=10, le=180)
    parts: list[PitchPart] = Field(min_length=2)


class PitchDefaults(Pack):
    # Who the user is when no past role is picked, by their situation on the Start page: a student
    # has no "years of work experience" to claim.
    roles: dict[Situation, str]
    field: str
    agency: str

    @model_validator(mode="after")
    def _every_situation(self) -> PitchDefaults:
        missing = [s for s in SITUATIONS if not self.roles.get(s)]  # type: ignore[call-overload]
        if missing:
            raise ValueError(f"defaults.roles needs a phrase for: {', '.join(missing)}")
        return self


class EvidenceRules(Pack):
    result_words: list[str] = Field(min_length=1)
    max_example_words: int = Field(ge=5)


class SkillsProgressRules(Pack):
    min_decided: int = Field(ge=1)
    min_evidenced: int = Field(ge=1)


class PitchPack(Pack):
    versions: dict[Literal["short", "long"], PitchVersion]
    defaults: PitchDefaults
    evidence: EvidenceRules
    progress: SkillsProgressRules


@dataclass(frozen=True, eq=False)
class SkillsPack:
    """The three files of `content/skills/`, checked against each other, with compiled matchers."""

    model: CompetencyModel
    roles: RolesPack
    pitch: PitchPack

    def __post_init__(self) -> None:
        known = {c.id for c in self.model.competencies}
        for role in self.roles.roles:
            unknown = set(role.competencies) - known
            if unknown:
                raise ValueError(f"role {role.id}: unknown competencies {sorted(unknown)}")
        role_ids = [r.id for r in self.roles.roles]
        if len(role_ids) != len(set(role_ids)):
            raise ValueError("two roles share one id")

    @property
    def competencies(self) -> list[Competency]:
        return self.model.competencies

    def competency(self, competency_id: str) -> Competency | None:
        return self._by_id().get(competency_id)

    def role(self, role_id: str) -> Role | None:
        return next((r for r in self.roles.roles if r.id == role_id), None)

    def order(self, competency_id: str) -> int:
        return self._order().get(competency_id, len(self.competencies))

    @cache  # noqa: B019 - the pack is frozen and lives for the process
    def _by_id(self) -> dict[str, Competency]:
        return {c.id: c for c in self.competencies}

    @cache  # noqa: B019
    def _order(self) -> dict[str, int]:
        return {c.id: i for i, c in enumerate(self.competencies)}

    @cache  # noqa: B019
    def matcher(self) -> Matcher:
        rules = self.model.matching
        phrases: list[tuple[str, str, int]] = []
        for c in self.competencies:
            phrases += [(c.id, p, rules.strong_points) for p in c.strong]
            phrases += [(c.id, p, rules.related_points) for p in c.related]
        return Matcher(phrases, rules.irregular)

    @cache  # noqa: B019
    def agency_matcher(self) -> Matcher:
        return Matcher([(c.id, p, 1) for c in self.competencies for p in c.agency_terms], self.model.matching.irregular)

    @cache  # noqa: B019
    def cue_matcher(self) -> Matcher:
        return Matcher([(r.id, p, 1) for r in self.roles.roles for p in r.cues], self.model.matching.irregular)


def load_skills_pack(root=None) -> SkillsPack:  # type: ignore[no-untyped-def]
    base = root or SKILLS_DIR
    model = load_pack("competencies.yaml", CompetencyModel, root=base)
    roles = load_pack("roles.yaml", RolesPack, root=base)
    pitch = load_pack("pitch.yaml", PitchPack, root=base)
    try:
        return SkillsPack(model, roles, pitch)
    except ValueError as exc:
        raise ContentError(f"{base / 'roles.yaml'}: {exc}") from None


@cache
def skills_pack() -> SkillsPack:
    return load_skills_pack()


def pack_files() -> list:  # type: ignore[type-arg]
    """The YAML files `load_skills_pack` reads, for the content test."""
    return [SKILLS_DIR / name for name in ("competencies.yaml", "roles.yaml", "pitch.yaml")]


# --------------------------------------------------------------------------- words and their forms

_TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_NUMBER = re.compile(r"^\d[\d,.]*$")
_VOWELS = frozenset("aeiou")


def forms(word: str) -> set[str]:
    """The word and its regular inflections: plural, past, -ing, -er(s), British/American -ise/-ize."""
    word = word.lower()
    found = {word, word + "s", word + "es", word + "ed", word + "ing", word + "er", word + "ers", word + "d"}
    if word.endswith("e"):
        root = word[:-1]
        found |= {root + "ing", word + "d", word + "r", word + "rs"}
    if word.endswith("y") and len(word) > 2 and word[-2] not in _VOWELS:
        root = word[:-1]
        found |= {root + "ies", root + "ied", root + "ier", root + "iers"}
    if len(word) >= 3 and word[-1] not in _VOWELS | {"w", "x", "y"} and word[-2] in _VOWELS and word[-3] not in _VOWELS:
        doubled = word + word[-1]  # plan -> planned, planning, planner
        found |= {doubled + "ed", doubled + "ing", doubled + "er", doubled + "ers"}
    for a, b in (("ise", "ize"), ("yse", "yze"), ("isation", "ization")):
        for form in list(found):
            if a in form:
                found.add(form.replace(a, b))
            if b in form:
                found.add(form.replace(b, a))
    return found


def tokens(text: str, irregular: Mapping[str, str] | None = None) -> list[str]:
    """Lower-case words with numbers as `#` and irregular forms mapped to their base word."""
    irregular = irregular or {}
    out = []
    for raw in _TOKEN.findall(text.lower().replace("-", " ")):
        word = raw.replace("’", "'")
        if word.endswith("'s"):
            word = word[:-2]
        out.append("#" if _NUMBER.match(word) else irregular.get(word, word))
    return out


@dataclass(frozen=True)
class Hit:
    key: str  # the competency (or role) id
    phrase: str  # the pack's phrase
    found: str  # the words as they appear in the text
    points: int


class Matcher:
    """Finds pack phrases in text, each phrase word also matching its inflections."""

    def __init__(self, phrases: Iterable[tuple[str, str, int]], irregular: Mapping[str, str]) -> None:
        self.irregular = dict(irregular)
        self._form_to_word: dict[str, set[str]] = {}
        self._first: dict[str, list[tuple[str, str, tuple[str, ...], int]]] = {}
        for key, phrase, points in phrases:
            words = tuple(tokens(phrase.replace("#", "0"), self.irregular))  # `#`: any number
            if not words:
                continue
            for word in words:
                for form in (forms(word) if word != "#" else {"#"}):
                    self._form_to_word.setdefault(form, set()).add(word)
            self._first.setdefault(words[0], []).append((key, phrase, words, points))

    def find(self, text: str) -> list[Hit]:
        """Each (key, phrase) once, in the order first found."""
        raw = [w for w in _TOKEN.findall(text.lower().replace("-", " "))]
        toks = tokens(text, self.irregular)
        canon = [self._form_to_word.get(t, set()) | {t} for t in toks]
        seen: set[tuple[str, str]] = set()
        hits = []
        for i, options in enumerate(canon):
            for first in options:
                for key, phrase, words, points in self._first.get(first, ()):
                    if (key, phrase) in seen or i + len(words) > len(canon):
                        continue
                    if all(words[j] in canon[i + j] for j in range(1, len(words))):
                        seen.add((key, phrase))
                        hits.append(Hit(key, phrase, " ".join(raw[i:i + len(words)]), points))
        return hits


# --------------------------------------------------------------------------- matching


@dataclass(frozen=True)
class Signal:
    """One reason behind a match: words in the user's text, or a task of a role they picked."""

    source: Literal["words", "role"]
    text: str  # the words as written, or the task
    points: int
    role: str = ""  # the role's label, for tasks


@dataclass(frozen=True)
class Match:
    competency: str
    score: int
    signals: tuple[Signal, ...]

    def explain(self) -> str:
        """The score as a sum a user can check: “wrote” +2 · Teacher: Wrote reports… +2 = 4."""
        parts = [f"“{s.text}” +{s.points}" if s.source == "words" else f"{s.role}: {s.text} +{s.points}" for s in self.signals]
        return " · ".join(parts) + f" = {self.score}"

    @property
    def words(self) -> list[str]:
        return [s.text for s in self.signals if s.source == "words"]


def match_text(text: str, pack: SkillsPack | None = None) -> dict[str, list[Signal]]:
    """The competencies the words signal, each with the words behind it (below the threshold too)."""
    pack = pack or skills_pack()
    found: dict[str, list[Signal]] = {}
    for hit in pack.matcher().find(text):
        found.setdefault(hit.key, []).append(Signal("words", hit.found, hit.points))
    return found


def find_matches(roles: Sequence[str], own_words: str, pack: SkillsPack | None = None) -> list[Match]:
    """Competencies suggested by the picked roles' tasks and the user's own words, strongest first."""
    pack = pack or skills_pack()
    signals = match_text(own_words, pack)
    points = pack.model.matching.role_task_points
    for role_id in roles:
        role = pack.role(role_id)
        if role is None:
            continue
        for task in role.tasks:
            for cid in task.competencies:
                signals.setdefault(cid, []).append(Signal("role", task.text, points, role.label))
    matches = [Match(cid, sum(s.points for s in sigs), tuple(sigs)) for cid, sigs in signals.items()]
    matches = [m for m in matches if m.score >= pack.model.matching.threshold and pack.competency(m.competency)]
    return sorted(matches, key=lambda m: (-m.score, pack.order(m.competency)))


def suggested_roles(own_words: str, picked: Sequence[str] = (), pack: SkillsPack | None = None) -> list[tuple[str, str]]:
    """Roles the user's words hint at and that are not picked yet: (role id, the word that hints)."""
    pack = pack or skills_pack()
    out: dict[str, str] = {}
    for hit in pack.cue_matcher().find(own_words):
        if hit.key not in picked and hit.key not in out:
            out[hit.key] = hit.found
    return list(out.items())


# --------------------------------------------------------------------------- what the agency stresses


@dataclass(frozen=True)
class Emphasis:
    competency: str
    score: int
    facts: tuple[Fact, ...]  # the facts that name it, strongest kind first
    terms: tuple[str, ...]

    def reason(self, agency: str) -> str:
        fact = self.facts[0]
        return f"{agency}'s site names it ({fact.kind}: “{fact.text[:90]}”)"


def agency_emphasis(facts: Sequence[Fact], pack: SkillsPack | None = None) -> dict[str, Emphasis]:
    """The competencies the agency's facts stress enough to count, with the facts that say so."""
    pack = pack or skills_pack()
    return dict(_emphasis(tuple((f.kind, f.text, f.source, f.date) for f in facts), pack))


@cache
def _emphasis(facts: tuple[tuple[str, str, str, str | None], ...], pack: SkillsPack) -> tuple[tuple[str, Emphasis], ...]:
    rules = pack.model.emphasis
    score: dict[str, int] = {}
    named: dict[str, list[tuple[int, Fact]]] = {}
    terms: dict[str, list[str]] = {}
    for kind, text, source, day in facts:
        weight = rules.weights.get(kind, 0)
        if not weight:
            continue
        for cid in dict.fromkeys(hit.key for hit in pack.agency_matcher().find(text)):
            score[cid] = score.get(cid, 0) + weight
            named.setdefault(cid, []).append((weight, Fact(kind=kind, text=text, source=source, date=day)))  # type: ignore[arg-type]
        for hit in pack.agency_matcher().find(text):
            if hit.found not in terms.setdefault(hit.key, []):
                terms[hit.key].append(hit.found)
    out = []
    for cid, total in sorted(score.items(), key=lambda item: (-item[1], pack.order(item[0]))):
        if total >= rules.min_score:
            ordered = tuple(f for _, f in sorted(named[cid], key=lambda wf: -wf[0]))
            out.append((cid, Emphasis(cid, total, ordered, tuple(terms[cid]))))
    return tuple(out)


# --------------------------------------------------------------------------- the map


@dataclass(frozen=True)
class Row:
    """One competency for this person and this agency."""

    competency: Competency
    status: Status
    match: Match | None
    decision: str  # "accepted", "rejected" or ""
    evidence: str
    emphasis: Emphasis | None

    @property
    def id(self) -> str:
        return self.competency.id


@dataclass(frozen=True)
class BridgeMap:
    rows: tuple[Row, ...]  # in the pack's order
    agency: str

    def row(self, competency_id: str) -> Row:
        return next(r for r in self.rows if r.id == competency_id)

    @property
    def suggested(self) -> list[Row]:
        """Matches waiting for the user's decision, strongest first."""
        rows = [r for r in self.rows if r.status == "suggested"]
        return sorted(rows, key=lambda r: -(r.match.score if r.match else 0))

    @property
    def strengths(self) -> list[Row]:
        """Accepted competencies: evidenced first, then what the agency stresses, then by score."""
        rows = [r for r in self.rows if r.status in ("evidenced", "claimed")]
        return sorted(rows, key=lambda r: (r.status != "evidenced", -(r.emphasis.score if r.emphasis else 0),
                                           -(r.match.score if r.match else 0)))

    @property
    def gaps(self) -> list[Row]:
        """Competencies missing from the user's evidence, what this agency stresses first."""
        return rank_gaps(self.rows)

    @property
    def emphasised(self) -> list[Row]:
        return sorted((r for r in self.rows if r.emphasis), key=lambda r: -r.emphasis.score)  # type: ignore[union-attr]


def status_of(decision: str, evidence: str, matched: bool) -> Status:
    if decision == "accepted":
        return "evidenced" if evidence.strip() else "claimed"
    if decision == "rejected" or not matched:
        return "gap"
    return "suggested"


def rank_gaps(rows: Iterable[Row]) -> list[Row]:
    """Gaps the agency stresses first (most-stressed first), then the rest in the pack's order."""
    gaps = [(i, r) for i, r in enumerate(rows) if r.status == "gap"]
    return [r for _, r in sorted(gaps, key=lambda ir: (-(ir[1].emphasis.score if ir[1].emphasis else 0), ir[0]))]


def bridge_map(bridge: SkillsBridge, research: ResearchResult | None, agency: str = "", pack: SkillsPack | None = None) -> BridgeMap:
    pack = pack or skills_pack()
    matches = {m.competency: m for m in find_matches(bridge.roles, bridge.own_words, pack)}
    emphasis = agency_emphasis(research.facts, pack) if research else {}
    rows = []
    for c in pack.competencies:
        decision = bridge.decisions.get(c.id, "")
        evidence = bridge.evidence.get(c.id, "")
        rows.append(Row(c, status_of(decision, evidence, c.id in matches), matches.get(c.id), decision, evidence,
                        emphasis.get(c.id)))
    return BridgeMap(tuple(rows), agency or (research.name if research else "") or pack.pitch.defaults.agency)


def gap_actions(competency: Competency, agency: str) -> list[tuple[str, str]]:
    """Ways to close a gap, as (kind, text) with the agency named."""
    return list(_actions(tuple((a.kind, a.text) for a in competency.close), agency))


@lru_cache(maxsize=512)
def _actions(actions: tuple[tuple[str, str], ...], agency: str) -> tuple[tuple[str, str], ...]:
    return tuple((kind, render(text, agency=agency, agency_s=possessive(agency))) for kind, text in actions)


def has_result(text: str, pack: SkillsPack | None = None) -> bool:
    """An example has a result when it states a number or says what changed."""
    pack = pack or skills_pack()
    if re.search(r"\d", text):
        return True
    words = set(tokens(text))
    return any(w in words for w in pack.pitch.evidence.result_words)


def chart_rows(bridge_map_: BridgeMap) -> list[dict[str, object]]:
    """One row per competency for the coverage chart: level 0-3, status, and whether the agency stresses it."""
    level = {"gap": 0, "suggested": 1, "claimed": 2, "evidenced": 3}
    return [
        {"competency": ("★ " if r.emphasis else "") + r.competency.label, "status": STATUSES[r.status], "level": level[r.status],
         "agency": bool(r.emphasis), "order": i}
        for i, r in enumerate(sorted(bridge_map_.rows, key=lambda r: (not r.emphasis, -(r.emphasis.score if r.emphasis else 0))))
    ]


COLOURS: dict[Status, str] = {"evidenced": "#2e7d32", "claimed": "#81c784", "suggested": "#90a4ae", "gap": "#e57373"}


def coverage_spec(bridge_map_: BridgeMap) -> dict[str, object]:
    """The coverage chart as a Vega-Lite spec built with altair: one bar per competency, coloured by status,
    ★ on what the agency stresses (listed first). Built once per distinct map: altair validates each build."""
    ordered = sorted(bridge_map_.rows, key=lambda r: (not r.emphasis, -(r.emphasis.score if r.emphasis else 0)))
    rows = tuple((r.competency.label, r.status, r.match.explain()[:200] if r.match else "", bool(r.emphasis)) for r in ordered)
    return _coverage_spec(rows)


@lru_cache(maxsize=128)
def _coverage_spec(rows: tuple[tuple[str, Status, str, bool], ...]) -> dict[str, object]:
    import altair as alt  # imported here: only the page's chart needs it

    level = {"gap": 0.25, "suggested": 1, "claimed": 2, "evidenced": 3}
    values = [{"Competency": ("★ " if agency else "") + label, "Status": STATUSES[status], "Coverage": level[status],
               "Agency stresses": "yes" if agency else "no", "Why": why} for label, status, why, agency in rows]
    order = [v["Competency"] for v in values]
    chart = (
        alt.Chart(alt.Data(values=values))
        .mark_bar(cornerRadiusEnd=3, height=16)
        .encode(
            y=alt.Y("Competency:N", sort=order, title=None, axis=alt.Axis(labelLimit=260, labelFontSize=12)),
            x=alt.X("Coverage:Q", scale=alt.Scale(domain=[0, 3]), title=None,
                    axis=alt.Axis(values=[0, 1, 2, 3], labelExpr="['gap', 'suggested', 'claimed', 'evidenced'][datum.value]")),
            color=alt.Color("Status:N", scale=alt.Scale(domain=[STATUSES[s] for s in COLOURS], range=list(COLOURS.values())),
                            legend=alt.Legend(orient="bottom", title=None)),
            tooltip=["Competency:N", "Status:N", "Agency stresses:N", "Why:N"],
        )
        .properties(height=alt.Step(26))
    )
    with alt.theme.enable("none"):  # no default width and height: the page sizes the chart
        return chart.to_dict()


# --------------------------------------------------------------------------- the pitch


def role_phrase(role_ids: Sequence[str], situation: str = "other", pack: SkillsPack | None = None) -> str:
    pack = pack or skills_pack()
    phrases = [r.phrase for r in (pack.role(i) for i in role_ids) if r]
    if not phrases:
        return pack.pitch.defaults.roles.get(situation, pack.pitch.defaults.roles["other"])  # type: ignore[call-overload]
    return phrases[0] if len(phrases) == 1 else ", ".join(phrases[:-1]) + " and " + phrases[-1]


def bridge_line(row: Row, roles: Sequence[str], agency: str, pack: SkillsPack | None = None) -> str:
    """The picked role's bridge for this competency, else the competency's own."""
    pack = pack or skills_pack()
    for role_id in roles:
        role = pack.role(role_id)
        if role and row.id in role.bridges:
            return _rendered(role.bridges[row.id], agency)
    return _rendered(row.competency.bridge, agency)


@lru_cache(maxsize=1024)
def _rendered(template: str, agency: str) -> str:
    return render(template, agency=agency, agency_s=possessive(agency))


def first_sentence(text: str, max_words: int) -> str:
    sentence = re.split(r"(?<=[.!?])\s+", " ".join(text.split()), maxsplit=1)[0]
    words = sentence.split()
    if len(words) > max_words:
        return ""
    return sentence if sentence.endswith((".", "!", "?")) else sentence + "."


def possessive(name: str) -> str:
    """Northlight -> Northlight's; Acme Communications -> Acme Communications'."""
    return name + ("'" if name.endswith("s") and not name.endswith("ss") else "'s")


def _focus(the_map: BridgeMap) -> tuple[Row | None, str]:
    """What of the agency's work the pitch names: a stressed competency the user has (or may have), and its fact."""
    strengths = the_map.strengths
    candidates = [r for r in strengths if r.emphasis] or [r for r in the_map.suggested if r.emphasis] or the_map.emphasised
    if not candidates:
        return None, ""
    row = max(candidates, key=lambda r: r.emphasis.score) if candidates is not the_map.emphasised else candidates[0]  # type: ignore[union-attr]
    facts = row.emphasis.facts  # type: ignore[union-attr]
    service = next((f for f in facts if f.kind == "service" and len(f.text.split()) <= 6), None)
    return row, service.text if service else row.competency.label.lower()


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def pitch_context(workspace: Workspace, conversation: Conversation | None, pack: SkillsPack | None = None) -> dict[str, str]:
    """The variables the pitch templates use, from the user's map and the agency's facts."""
    pack = pack or skills_pack()
    research = conversation.homework.research if conversation else None
    agency = (conversation.agency.name if conversation else "") or (research.name if research else "")
    the_map = bridge_map(workspace.skills, research, agency, pack)
    agency = the_map.agency
    strengths = the_map.strengths
    # The opening bridge is a strength the agency stresses when there is one.
    ordered = sorted(strengths, key=lambda r: (not r.emphasis, strengths.index(r)))
    roles = workspace.skills.roles
    focus_row, focus = _focus(the_map)
    if focus_row is not None and focus_row.status == "gap" and ordered:
        focus_row = ordered[0]  # never claim experience in what the user lacks
    gaps = the_map.gaps
    top_gap = gaps[0] if gaps else None
    evidence = ordered[0].evidence if ordered else ""
    return {
        "name": workspace.profile.first_name or "",
        "roles": role_phrase(roles, workspace.profile.situation, pack),
        "field": workspace.profile.field_of_interest or pack.pitch.defaults.field,
        "agency": agency,
        "agency_s": possessive(agency),
        "bridge1": bridge_line(ordered[0], roles, agency, pack) if ordered else "",
        "bridge2": bridge_line(ordered[1], roles, agency, pack) if len(ordered) > 1 else "",
        "focus": focus,
        "focus_label": focus_row.competency.label.lower() if focus_row and focus_row.status != "gap" else "",
        "example": first_sentence(evidence, pack.pitch.evidence.max_example_words) if evidence else "",
        "gap": top_gap.competency.label.lower() if top_gap else "",
        "gap_action": _lower_first(gap_actions(top_gap.competency, agency)[0][1]) if top_gap else "",
    }


_VARIABLE = re.compile(r"{{\s*([a-z_0-9]+)")


def assemble(version: Literal["short", "long"], context: Mapping[str, str], wpm: float = DEFAULT_WPM,
             pack: SkillsPack | None = None) -> str:
    """The pitch from the version's parts: parts with an empty variable left out, then the least kept dropped until it fits."""
    return _assemble(version, tuple(sorted(context.items())), wpm, pack or skills_pack())


@lru_cache(maxsize=256)
def _assemble(version: Literal["short", "long"], items: tuple[tuple[str, str], ...], wpm: float, pack: SkillsPack) -> str:
    context = dict(items)
    spec = pack.pitch.versions[version]
    parts = [(i, p) for i, p in enumerate(spec.parts) if all(context.get(v) for v in _VARIABLE.findall(p.text))]
    texts = {i: render(p.text, **context) for i, p in parts}

    def joined(keep: list[int]) -> str:
        return " ".join(texts[i] for i in sorted(keep))

    kept = [i for i, _ in parts]
    # Drop the least important parts, latest first, while the pitch runs over its time.
    for i, part in sorted(parts, key=lambda ip: (ip[1].keep, -ip[0])):
        if spoken_seconds(joined(kept), wpm) <= spec.seconds or part.keep >= 3:
            continue
        kept.remove(i)
    return joined(kept)


def pitch_drafts(workspace: Workspace, conversation: Conversation | None, pack: SkillsPack | None = None) -> dict[str, str]:
    """The generated 30- and 60-second versions."""
    pack = pack or skills_pack()
    context = pitch_context(workspace, conversation, pack)
    wpm = workspace.profile.speaking_wpm
    return {v: assemble(v, context, wpm, pack) for v in ("short", "long")}  # type: ignore[misc]


def pitch_text(workspace: Workspace, conversation: Conversation | None, version: Literal["short", "long"],
               pack: SkillsPack | None = None) -> str:
    """The user's edited version, or the generated one when they have not edited it."""
    saved = getattr(conversation.pitch, version) if conversation else ""
    return saved.strip() or pitch_drafts(workspace, conversation, pack)[version]


def chosen_pitch(workspace: Workspace, conversation: Conversation) -> str:
    """The pitch that goes into the brief: the chosen version, as edited or generated."""
    return pitch_text(workspace, conversation, conversation.pitch.chosen)


@dataclass(frozen=True)
class PitchTiming:
    words: int
    seconds: float
    target: int
    fits: bool
    message: str


def pitch_timing(text: str, wpm: float, target: int) -> PitchTiming:
    """Word count and speaking time at the user's pace, against the version's target."""
    words = word_count(text)
    seconds = spoken_seconds(text, wpm)
    fits = 0 < seconds <= target
    said = f"{words} words · about {round(seconds)} s at {round(wpm)} words a minute"
    if not words:
        return PitchTiming(0, 0.0, target, False, "Nothing to say yet.")
    if fits:
        return PitchTiming(words, seconds, target, True, f"{said}: fits {target} s.")
    over = round(seconds - target)
    cut = words - int(target * wpm / 60)
    return PitchTiming(words, seconds, target, False, f"{said}: {over} s over {target} s; cut about {cut} words.")


def timer_report(elapsed: float, target: int) -> str:
    """What the rehearsal timer says when stopped."""
    seconds = round(elapsed)
    if seconds <= 0:
        return f"Stopped at 0 s of {target} s."
    if elapsed > target:
        return f"{seconds} s — {seconds - target} s over the {target}-second target. Cut a sentence or say it more briskly."
    if elapsed < target * 0.6:
        return f"{seconds} s of {target} s — well under; slow down and let each point land."
    return f"{seconds} s of {target} s — on target."


# --------------------------------------------------------------------------- progress


def skills_progress(workspace: Workspace, conversation: Conversation | None, pack: SkillsPack | None = None) -> StepProgress:
    pack = pack or skills_pack()
    rules = pack.pitch.progress
    skills = workspace.skills
    research = conversation.homework.research if conversation else None
    the_map = bridge_map(skills, research, conversation.agency.name if conversation else "", pack)
    decided = sum(1 for r in the_map.rows if r.decision)
    evidenced = sum(1 for r in the_map.rows if r.status == "evidenced")
    items = [
        (bool(skills.roles or skills.own_words.strip()), "Pick a past role or describe what you did"),
        (decided >= rules.min_decided and not the_map.suggested or decided >= len(the_map.rows),
         "Accept or reject each suggested match"),
        (evidenced >= rules.min_evidenced, f"Add an example with a result to {rules.min_evidenced} strengths"),
    ]
    if conversation is None:
        items.append((False, "Add a conversation on the Start page for the pitch"))
    else:
        chosen = conversation.pitch.chosen
        text = pitch_text(workspace, conversation, chosen, pack)
        target = pack.pitch.versions[chosen].seconds
        fits = pitch_timing(text, workspace.profile.speaking_wpm, target).fits
        items.append((fits and bool(the_map.strengths), f"Accept a strength, then fit your pitch in {target} seconds"
                      if not the_map.strengths else f"Fit your pitch in {target} seconds"))
        items.append((bool(research and the_map.emphasised), "Research the agency on Homework so the pitch names its work"))
    missing = [hint for ok, hint in items if not ok]
    return StepProgress("Skills", len(items) - len(missing), len(items), missing[0] if missing else "")
