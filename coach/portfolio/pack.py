"""The portfolio content pack: its schema, its loader and the word patterns built from it."""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, wraps
from typing import Literal, TypeVar

from pydantic import BaseModel, Field, model_validator

from coach.content import Pack, Template, load_pack

Level = Literal["output", "outtake", "outcome", "impact"]
LEVELS: tuple[Level, ...] = ("output", "outtake", "outcome", "impact")
R = TypeVar("R")


class LevelSpec(Pack):
    label: str
    explain: str
    keywords: list[str] = Field(min_length=1)
    next: str


class AveSpec(Pack):
    terms: list[str] = Field(min_length=1)
    reason: Template


class CheckWording(Pack):
    result_missing: str
    result_ok: str
    method_missing: str
    method_ok: str
    no_numbers: str
    no_baseline: Template
    no_period: Template
    text_number_no_baseline: str
    text_number_no_period: str
    metrics_ok: str
    objective_missing: str
    objective_no_number: str
    objective_no_time: str
    objective_vague: Template
    objective_ok: str
    vague_verb: Template
    verbs_ok: str
    level_none: str
    level_reached: Template


class ObjectiveWords(Pack):
    time_words: list[str] = Field(min_length=1)
    standalone_time_words: list[str] = Field(min_length=1)
    vague_phrases: list[str] = Field(min_length=1)


class MoneyBand(Pack):
    below: float = Field(gt=0)
    text: str


class ConfidentialWords(Pack):
    detected: list[str] = Field(min_length=1)
    handle: str
    hashtag: str
    url: str
    email: str
    keep_words: list[str] = Field(default_factory=list)
    lead_words: list[str] = Field(default_factory=list)
    keep_below: int = Field(ge=0)
    money_bands: list[MoneyBand] = Field(min_length=1)


class StorySpec(Pack):
    min_seconds: int = Field(gt=0)
    max_seconds: int = Field(gt=0)
    template: Template
    too_short: Template
    right: Template
    too_long: Template


class ProgressSpec(Pack):
    min_samples: int = Field(ge=1)
    target_level: Level


class ExportSpec(Pack):
    markdown: Template


class PortfolioPack(Pack):
    levels: dict[Level, LevelSpec]
    ave: AveSpec
    checks: CheckWording
    vague_verbs: dict[str, list[str]] = Field(min_length=1)
    objective: ObjectiveWords
    confidential: ConfidentialWords
    story: StorySpec
    progress: ProgressSpec
    export: ExportSpec

    @model_validator(mode="after")
    def _every_level(self) -> PortfolioPack:
        missing = set(LEVELS) - set(self.levels)
        if missing:
            raise ValueError(f"levels: every AMEC level needs an entry; missing {sorted(missing)}")
        if self.story.min_seconds >= self.story.max_seconds:
            raise ValueError("story: min_seconds must be below max_seconds")
        return self


@cache
def portfolio_pack() -> PortfolioPack:
    return load_pack("portfolio.yaml", PortfolioPack)


def phrase_pattern(phrases: Iterable[str], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """Whole-word alternatives, longest first, so "press release" wins over "release"."""
    ordered = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    body = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered) or r"(?!x)x"
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", flags)


@dataclass(frozen=True)
class Patterns:
    """Everything the checks match, compiled once per pack."""

    levels: dict[str, re.Pattern[str]]
    ave_long: re.Pattern[str]
    ave_short: re.Pattern[str]
    vague_verbs: re.Pattern[str]
    time_words: re.Pattern[str]
    vague_objective: re.Pattern[str]
    keep: frozenset[str]
    lead: frozenset[str]


_PATTERNS: dict[int, tuple[PortfolioPack, Patterns]] = {}


def patterns(pack: PortfolioPack) -> Patterns:
    cached = _PATTERNS.get(id(pack))
    if cached is not None and cached[0] is pack:
        return cached[1]
    short = [t for t in pack.ave.terms if len(t) <= 3]
    compiled = Patterns(
        levels={name: phrase_pattern(spec.keywords) for name, spec in pack.levels.items()},
        ave_long=phrase_pattern([t for t in pack.ave.terms if len(t) > 3]),
        # Short acronyms count only in capitals: "AVE" is the measure, "Ave" is an avenue.
        ave_short=phrase_pattern([t.upper() for t in short], flags=0),
        vague_verbs=phrase_pattern(pack.vague_verbs),
        time_words=phrase_pattern(pack.objective.standalone_time_words),
        vague_objective=phrase_pattern(pack.objective.vague_phrases),
        keep=frozenset(w.lower() for w in pack.confidential.keep_words),
        lead=frozenset(w.lower() for w in pack.confidential.lead_words),
    )
    _PATTERNS[id(pack)] = (pack, compiled)
    return compiled


def per_sample(function: Callable[..., R]) -> Callable[..., R]:
    """Remember a sample's result until the sample (or the pack) changes, so a page rerun recomputes nothing.

    Samples are mutable models, so the key is their JSON; results must be immutable.
    """
    remembered: OrderedDict[tuple[str, int, tuple[object, ...]], tuple[object, R]] = OrderedDict()

    @wraps(function)
    def wrapper(sample: BaseModel, pack: PortfolioPack | None = None, *args: object) -> R:
        pack = pack or portfolio_pack()
        key = (sample.model_dump_json(), id(pack), args)
        hit = remembered.get(key)
        if hit is not None and hit[0] is pack:
            remembered.move_to_end(key)
            return hit[1]
        value = function(sample, pack, *args)
        remembered[key] = (pack, value)
        if len(remembered) > 256:
            remembered.popitem(last=False)
        return value

    return wrapper
