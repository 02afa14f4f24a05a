"""Combining research results: a pasted page's facts join what the site research found."""

from __future__ import annotations

from coach.research.types import ResearchResult


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def combine(earlier: ResearchResult | None, added: ResearchResult) -> ResearchResult:
    """`earlier` plus the pages and facts of `added` it did not have; a blank name is filled in."""
    if earlier is None:
        return added
    seen_facts = {(f.kind, _key(f.text)) for f in earlier.facts}
    seen_pages = {p.url for p in earlier.pages}
    return earlier.model_copy(
        update={
            "name": earlier.name or added.name,
            "pages": earlier.pages + tuple(p for p in added.pages if p.url not in seen_pages),
            "facts": earlier.facts + tuple(f for f in added.facts if (f.kind, _key(f.text)) not in seen_facts),
            "fetched_at": added.fetched_at or earlier.fetched_at,
        }
    )
