"""Coaching on a work sample: the questions a professional asks of it, as checks with reasons.

Did it work? How was success measured? Which AMEC level does the evidence reach (output,
out-take, outcome, impact), and what would reach the next one? Each rule is a plain function
returning a `Check`; the words it looks for and the advice it gives live in `content/portfolio.yaml`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coach.content import render
from coach.model import WorkSample, Workspace
from coach.portfolio.figures import FIGURE, FROM_TO, is_year, result_figures
from coach.portfolio.pack import LEVELS, Level, PortfolioPack, patterns, per_sample, phrase_pattern, portfolio_pack

if TYPE_CHECKING:
    from coach.progress import StepProgress


@dataclass(frozen=True)
class Check:
    """One coaching rule's verdict: `ok`, and the reasons a student reads (advice when not ok)."""

    name: str
    ok: bool
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class LevelReport:
    """The highest AMEC level the sample's evidence reaches, what showed it, and how to reach the next."""

    level: Level | None
    label: str
    evidence: tuple[str, ...]
    reason: str
    next_step: str

    @property
    def rank(self) -> int:
        return LEVELS.index(self.level) + 1 if self.level else 0


def _pack(pack: PortfolioPack | None) -> PortfolioPack:
    return pack or portfolio_pack()


def _has_words(text: str) -> bool:
    return len(re.findall(r"[^\W\d_]{2,}", text)) >= 2


# --------------------------------------------------------------------------- did it work, how measured

def check_result(sample: WorkSample, pack: PortfolioPack | None = None) -> Check:
    """Did it work? A result of at least a few words, or a metric with a value after."""
    wording = _pack(pack).checks
    ok = _has_words(sample.result) or any(m.after is not None for m in sample.metrics)
    return Check("result", ok, (wording.result_ok if ok else wording.result_missing,))


def check_method(sample: WorkSample, pack: PortfolioPack | None = None) -> Check:
    """How was success measured? A method in words; the sources list alone does not say how."""
    wording = _pack(pack).checks
    ok = _has_words(sample.method)
    return Check("method", ok, (wording.method_ok if ok else wording.method_missing,))


# --------------------------------------------------------------------------- AMEC level

def _evidence_text(sample: WorkSample) -> str:
    return "\n".join([sample.result, sample.method, *(m.name for m in sample.metrics)])


def amec_level(sample: WorkSample, pack: PortfolioPack | None = None) -> LevelReport:
    """The highest level whose words appear in the result, the metric names or the method."""
    pack = _pack(pack)
    text = _evidence_text(sample)
    compiled = patterns(pack)
    for level in reversed(LEVELS):
        found = sorted({m.group(0).lower() for m in compiled.levels[level].finditer(text)})
        if found:
            spec = pack.levels[level]
            reason = render(pack.checks.level_reached, label=spec.label, explain=spec.explain)
            return LevelReport(level, spec.label, tuple(found), reason, spec.next)
    return LevelReport(None, "", (), pack.checks.level_none, pack.levels["output"].next)


# --------------------------------------------------------------------------- AVE

_NEGATION = re.compile(r"\b(?:not|no|never|without|instead\s+of|rather\s+than|reject\w*|avoid\w*|don['’]t|didn['’]t|"
                       r"won['’]t|beyond)\b[^.;!?]{0,40}$", re.IGNORECASE)


def ave_terms(text: str, pack: PortfolioPack | None = None) -> list[str]:
    """AVE-like measures used in `text`, ignoring mentions that reject them ("not AVE", "instead of ad value")."""
    compiled = patterns(_pack(pack))
    found = []
    for pattern in (compiled.ave_long, compiled.ave_short):
        for m in pattern.finditer(text):
            if not _NEGATION.search(text[: m.start()]):
                found.append(m.group(0))
    return found


def check_ave(sample: WorkSample, pack: PortfolioPack | None = None) -> Check:
    """Advertising value equivalency as a measure: flagged with the Barcelona Principles' reason."""
    pack = _pack(pack)
    text = "\n".join([sample.result, sample.method, sample.what_i_did, sample.objective, *(m.name for m in sample.metrics),
                      *(m.unit for m in sample.metrics)])
    found = ave_terms(text, pack)
    if not found:
        return Check("ave", True, ())
    return Check("ave", False, (render(pack.ave.reason, term=f"“{found[0]}”"),))


# --------------------------------------------------------------------------- baselines and periods

_BASELINE_WORDS = re.compile(r"\b(?:from|baseline|before|compared\s+(?:with|to)|up|down|versus|vs\.?|previous|last\s+year|"
                             r"prior|than)\b", re.IGNORECASE)


def has_time_frame(text: str, pack: PortfolioPack | None = None) -> bool:
    """A period or deadline: "in 6 weeks", "by March", "spring term", "Q3", a year."""
    compiled = patterns(_pack(pack))
    return bool(compiled.time_words.search(text)) or any(is_year(m) for m in FIGURE.finditer(text))


def check_metrics(sample: WorkSample, pack: PortfolioPack | None = None) -> Check:
    """Figures need a baseline (what it was before) and a period (over what time)."""
    pack = _pack(pack)
    wording = pack.checks
    reasons: list[str] = []
    rows = [m for m in sample.metrics if m.name or m.after is not None or m.baseline is not None]
    for metric in rows:
        name = metric.name or "A metric"
        if metric.after is not None and metric.baseline is None:
            reasons.append(render(wording.no_baseline, name=name))
        if (metric.after is not None or metric.baseline is not None) and not metric.period.strip():
            reasons.append(render(wording.no_period, name=name))
    if not rows:
        figures = result_figures(sample.result)
        if not figures:
            return Check("metrics", False, (wording.no_numbers,))
        if not FROM_TO.search(sample.result) and not _BASELINE_WORDS.search(sample.result):
            reasons.append(wording.text_number_no_baseline)
        if not has_time_frame(sample.result, pack):
            reasons.append(wording.text_number_no_period)
    return Check("metrics", not reasons, tuple(reasons) or (wording.metrics_ok,))


# --------------------------------------------------------------------------- the objective

_NUMBER_WORDS = re.compile(r"\b(?:ten|twenty|thirty|forty|fifty|hundred|hundreds|thousand|thousands|double|doubl\w+|"
                           r"triple|tripl\w+|half|halve|percent|per\s+cent)\b", re.IGNORECASE)


def has_target_number(text: str) -> bool:
    """A figure to aim for (a year does not count: "by 2026" is a deadline, not a target)."""
    return any(not is_year(m) for m in FIGURE.finditer(text)) or bool(_NUMBER_WORDS.search(text))


def check_objective(sample: WorkSample, pack: PortfolioPack | None = None) -> Check:
    """Specific, measurable, time-bound: a number to reach, a time frame, and no vague aim standing alone."""
    pack = _pack(pack)
    wording = pack.checks
    objective = sample.objective.strip()
    if not _has_words(objective):
        return Check("objective", False, (wording.objective_missing,))
    reasons = []
    number = has_target_number(objective)
    if not number:
        reasons.append(wording.objective_no_number)
    if not has_time_frame(objective, pack):
        reasons.append(wording.objective_no_time)
    if not number:
        # A vague aim is fine once it carries a number ("raise awareness by 15 points"); alone, it is not measurable.
        vague = patterns(pack).vague_objective.search(objective)
        if vague:
            reasons.append(render(wording.objective_vague, phrase=vague.group(0)))
    return Check("objective", not reasons, tuple(reasons) or (wording.objective_ok,))


# --------------------------------------------------------------------------- verbs

def vague_verbs(text: str, pack: PortfolioPack | None = None) -> list[tuple[str, list[str]]]:
    """Each vague phrase used, once, with the stronger verbs the pack suggests for it."""
    pack = _pack(pack)
    lookup = {k.lower(): v for k, v in pack.vague_verbs.items()}
    seen: dict[str, list[str]] = {}
    for m in patterns(pack).vague_verbs.finditer(text):
        phrase = re.sub(r"\s+", " ", m.group(0).lower())
        seen.setdefault(phrase, lookup.get(phrase, []))
    return list(seen.items())


def check_verbs(sample: WorkSample, pack: PortfolioPack | None = None) -> Check:
    """"Helped with", "worked on", "was involved in" hide the asker's part: suggest verbs that show it."""
    pack = _pack(pack)
    text = "\n".join([sample.role, sample.what_i_did, sample.result])
    found = vague_verbs(text, pack)
    if not found:
        return Check("verbs", True, (pack.checks.verbs_ok,))
    reasons = tuple(
        render(pack.checks.vague_verb, phrase=phrase, suggestions=_or_list(suggestions)) for phrase, suggestions in found
    )
    return Check("verbs", False, reasons)


def _or_list(words: Sequence[str]) -> str:
    quoted = [f"“{w}”" for w in words]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


# --------------------------------------------------------------------------- all together

@dataclass(frozen=True)
class SampleCoaching:
    checks: tuple[Check, ...]
    level: LevelReport

    @property
    def problems(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if not c.ok)

    def check(self, name: str) -> Check:
        return next(c for c in self.checks if c.name == name)


@per_sample
def coach_sample(sample: WorkSample, pack: PortfolioPack | None = None) -> SampleCoaching:
    """Every check, in the order a professional would ask: did it work, how measured, then the details."""
    pack = _pack(pack)
    checks = tuple(rule(sample, pack) for rule in (check_result, check_method, check_ave, check_metrics, check_objective,
                                                   check_verbs))
    return SampleCoaching(checks, amec_level(sample, pack))


def portfolio_progress(workspace: Workspace, pack: PortfolioPack | None = None) -> StepProgress:
    """Readiness: enough samples, each saying whether it worked and how that was measured, one beyond out-takes, no AVE."""
    from coach.progress import StepProgress  # here, so coach.progress may import this module without a cycle

    pack = _pack(pack)
    samples = workspace.samples
    wanted = pack.progress.min_samples
    target = pack.progress.target_level
    items: list[tuple[bool, str]] = [
        (len(samples) >= wanted, f"Add at least {wanted} work samples ({len(samples)} so far)"),
    ]
    coached = {s.id: coach_sample(s, pack) for s in samples}
    no_result = [s for s in samples if not coached[s.id].check("result").ok]
    items.append((bool(samples) and not no_result,
                  f"Say whether “{_name(no_result[0])}” worked" if no_result else "Add a sample with its result"))
    no_method = [s for s in samples if not coached[s.id].check("method").ok]
    items.append((bool(samples) and not no_method,
                  f"Say how “{_name(no_method[0])}” was measured" if no_method else "Add a sample with how it was measured"))
    reached = max((coached[s.id].level.rank for s in samples), default=0)
    items.append((reached >= LEVELS.index(target) + 1,
                  f"Show an {pack.levels[target].label.lower()} or higher in one sample: {pack.levels[target].explain}"))
    with_ave = [s for s in samples if not coached[s.id].check("ave").ok]
    items.append((not with_ave, f"Replace AVE in “{_name(with_ave[0])}” with a real measure" if with_ave else ""))
    missing = [hint for ok, hint in items if not ok]
    return StepProgress("Portfolio", len(items) - len(missing), len(items), missing[0] if missing else "")


def _name(sample: WorkSample) -> str:
    return sample.title or "an untitled sample"


__all__ = [
    "Check", "LevelReport", "SampleCoaching", "amec_level", "ave_terms", "check_ave", "check_method", "check_metrics",
    "check_objective", "check_result", "check_verbs", "coach_sample", "has_target_number", "has_time_frame",
    "phrase_pattern", "portfolio_progress", "vague_verbs",
]
