"""The facilitator's walk-through of the demo, as a content pack a career center can rewrite."""

from __future__ import annotations

from functools import cache

from pydantic import Field

from coach.content import Pack, load_pack


class Stop(Pack):
    page: str = Field(pattern=r"^coach/ui/[a-z_]+\.py$")
    title: str = Field(min_length=1, max_length=60)
    minutes: int = Field(ge=1, le=30)
    show: str = Field(min_length=1, max_length=300)
    say: str = Field(min_length=1, max_length=300)


class FacilitatorPack(Pack):
    intro: str = Field(min_length=1)
    stops: list[Stop] = Field(min_length=1)

    @property
    def minutes(self) -> int:
        return sum(stop.minutes for stop in self.stops)


@cache
def facilitator_pack() -> FacilitatorPack:
    return load_pack("facilitator.yaml", FacilitatorPack)
