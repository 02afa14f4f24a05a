"""Records the research engine hands to the rest of the app.

They are pydantic models so a research result can be saved with a conversation and
round-trip through the workspace's YAML export unchanged.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

FactKind = Literal[
    "name",
    "about",
    "service",
    "client",
    "industry",
    "news",
    "leader",
    "value",
    "location",
    "award",
    "careers",
    "contact",
]

PageKind = Literal[
    "home",
    "about",
    "services",
    "work",
    "clients",
    "team",
    "news",
    "careers",
    "contact",
    "other",
]

# A date as the site states it: a full day or only a month (ISO), or unknown.
DATE_PATTERN = r"^\d{4}-\d{2}(-\d{2})?$"


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Fact(_Record):
    """One thing a careful reader would note, with the page that says it."""

    kind: FactKind
    text: str = Field(min_length=1, max_length=600)
    source: str = Field(min_length=1, max_length=2000)
    date: str | None = Field(default=None, pattern=DATE_PATTERN)


class PageInfo(_Record):
    """A page the research looked at (or tried to), and what kind of page it is."""

    url: str = Field(max_length=2000)
    kind: PageKind = "other"
    title: str = Field(default="", max_length=400)
    status: str = Field(default="ok", max_length=200)

    @property
    def read(self) -> bool:
        """The page was read: "ok", or "ok: …" with a note (a very long page read in part)."""
        return self.status == "ok" or self.status.startswith("ok:")


class Problem(_Record):
    """Something the research could not read, in words a user understands."""

    url: str = Field(max_length=2000)
    reason: str = Field(max_length=600)


class Prompt(_Record):
    """A fact turned into homework: what I learned, an idea to offer, a question to ask."""

    kind: FactKind
    learned: str = Field(max_length=1200)
    idea: str = Field(max_length=1200)
    question: str = Field(max_length=1200)
    source: str = Field(max_length=2000)


class ResearchResult(_Record):
    """Everything one research run found about an agency's site."""

    url: str = Field(max_length=2000)
    name: str = Field(default="", max_length=300)
    fetched_at: str = Field(default="", max_length=40)
    pages: tuple[PageInfo, ...] = ()
    facts: tuple[Fact, ...] = ()
    prompts: tuple[Prompt, ...] = ()
    problems: tuple[Problem, ...] = ()

    def __repr_args__(self) -> list[tuple[str, object]]:
        """A summary, not every fact: asyncio's runner formats the finished task's result (this) when
        it puts the Ctrl-C handler back, and the full form of a 25-page result took 3 ms each time."""
        return [("url", self.url), ("name", self.name), ("pages", len(self.pages)), ("facts", len(self.facts)),
                ("prompts", len(self.prompts)), ("problems", len(self.problems))]
