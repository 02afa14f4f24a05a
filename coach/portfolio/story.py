"""Each sample as a spoken story of 60 to 90 seconds: challenge, what I did, outcome, how measured, what I learned."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from coach.content import render
from coach.model import WorkSample
from coach.portfolio.coaching import amec_level
from coach.portfolio.confidential import SampleView, shared_view
from coach.portfolio.pack import PortfolioPack, per_sample, portfolio_pack
from coach.text import word_count

Verdict = Literal["too short", "right", "too long"]


@dataclass(frozen=True)
class Story:
    text: str
    words: int
    seconds: int
    verdict: Verdict
    message: str


def speaking_seconds(words: int, wpm: int) -> int:
    return round(words * 60 / max(wpm, 1))


def story_text(view: SampleView, level: str = "", pack: PortfolioPack | None = None) -> str:
    pack = pack or portfolio_pack()
    lines = render(pack.story.template, challenge=view.objective, did=view.did, outcome=view.outcome,
                   measured=view.measured, learned=view.learned, metrics=list(view.metrics), title=view.title,
                   type=view.type, role=view.role, level=level)
    return re.sub(r"\n{2,}", "\n", lines)


def story(sample: WorkSample, wpm: int = 140, pack: PortfolioPack | None = None) -> Story:
    """The story in the version the user shares, timed at their speaking pace, with a verdict on its length."""
    return _story(sample, pack, wpm)


@per_sample
def _story(sample: WorkSample, pack: PortfolioPack, wpm: int) -> Story:
    text = story_text(shared_view(sample, pack), amec_level(sample, pack).label, pack)
    words = word_count(text)
    seconds = speaking_seconds(words, wpm)
    spec = pack.story
    verdict: Verdict = "too short" if seconds < spec.min_seconds else "too long" if seconds > spec.max_seconds else "right"
    template = {"too short": spec.too_short, "right": spec.right, "too long": spec.too_long}[verdict]
    message = render(template, seconds=seconds, words=words, low=spec.min_seconds, high=spec.max_seconds)
    return Story(text, words, seconds, verdict, message)
