"""Work samples with outcomes: coaching, the confidential rewrite, the spoken story, exports, readiness.

The public surface is re-exported here; each module has one job:
`pack` (the content pack and its word patterns), `figures` (numbers in text and metrics),
`coaching` (the checks and the AMEC level), `confidential` (the rewrite and the sample views),
`story` (the 60–90 second story), `export` (Markdown, PDF, CSV).
"""

from coach.portfolio.coaching import (
    Check,
    LevelReport,
    SampleCoaching,
    amec_level,
    ave_terms,
    check_ave,
    check_method,
    check_metrics,
    check_objective,
    check_result,
    check_verbs,
    coach_sample,
    portfolio_progress,
    vague_verbs,
)
from coach.portfolio.confidential import SampleView, confidential_view, original_view, rewrite, shared_view
from coach.portfolio.export import portfolio_csv, portfolio_markdown, portfolio_pdf
from coach.portfolio.pack import LEVELS, PortfolioPack, portfolio_pack
from coach.portfolio.story import Story, story

__all__ = [
    "LEVELS", "Check", "LevelReport", "PortfolioPack", "SampleCoaching", "SampleView", "Story", "amec_level", "ave_terms",
    "check_ave", "check_method", "check_metrics", "check_objective", "check_result", "check_verbs", "coach_sample",
    "confidential_view", "original_view", "portfolio_csv", "portfolio_markdown", "portfolio_pack", "portfolio_pdf",
    "portfolio_progress", "rewrite", "shared_view", "story", "vague_verbs",
]
