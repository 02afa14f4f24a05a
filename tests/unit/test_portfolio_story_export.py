"""The spoken story, the exports read back, and the portfolio pack through its schema."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from pypdf import PdfReader

from coach.content import ContentError, load_pack, render
from coach.demo import demo_workspace
from coach.model import Metric, Profile, WorkSample, Workspace
from coach.portfolio import portfolio_csv, portfolio_markdown, portfolio_pack, portfolio_pdf, story
from coach import pdf as pdf_module
from coach.pdf import DEJAVU, latin1
from coach.portfolio.export import CSV_COLUMNS
from coach.portfolio.pack import PortfolioPack
from coach.portfolio.story import speaking_seconds
from coach.text import word_count


def _full(**extra) -> WorkSample:  # type: ignore[no-untyped-def]
    fields = dict(
        title="Flu campaign", objective="Increase flu-shot bookings by 25% in six weeks at the campus clinic.",
        what_i_did="Led a team of four, wrote the pitch for the campus paper and planned twelve myth-busting posts with nurses.",
        result="Bookings grew from 640 to 910 in six weeks, and more students knew where to get a free shot.",
        method="Compared booking records with last year and surveyed 150 students before and after with the same questions.",
        learned="Real nurses beat polished graphics; next time I would test two versions in the first week.",
        metrics=[Metric(name="Bookings", baseline=640, after=910, period="6 weeks")])
    return WorkSample(**(fields | extra))


def test_story_has_the_five_parts_and_is_timed_at_the_users_pace() -> None:
    told = story(_full(), 140)
    for part in ("The challenge:", "What I did:", "The outcome:", "How we measured it:", "What I learned:"):
        assert part in told.text
    assert told.words == word_count(told.text) and told.seconds == speaking_seconds(told.words, 140)
    assert told.verdict == "too short" and "too short" in told.message
    slow = story(_full(), 80)
    assert slow.seconds > told.seconds


def test_story_verdicts_cover_short_right_and_long() -> None:
    assert story(WorkSample(title="x"), 140).verdict == "too short"
    filler = " ".join(["the audience changed what they did"] * 14)
    assert story(_full(learned=filler), 140).verdict == "right"
    assert story(_full(learned=filler * 3), 140).verdict == "too long"


def test_story_uses_the_confidential_version_when_chosen() -> None:
    sample = _full(descriptors={"Lakemont Health": "a regional healthcare system"},
                   what_i_did="Wrote posts for Lakemont Health.", share_confidential=True)
    told = story(sample, 140)
    assert "Lakemont" not in told.text and "a regional healthcare system" in told.text and "640" not in told.text
    assert "+42%" in told.text


def _workspace() -> Workspace:
    greek = WorkSample(title="Καμπάνια για το Δήμο 🎉", result="Η συμμετοχή αυξήθηκε — 200 εγγραφές ✨",
                       method="Έρευνα πριν και μετά", type="event")
    return Workspace(profile=Profile(name="Zoë Łukasz", field_of_interest="healthcare PR"),
                     samples=[_full(), _full(id="conf", title="Launch for Lakemont Health", share_confidential=True,
                                          descriptors={"Lakemont Health": "a regional healthcare system"}), greek])


def test_csv_reads_back_with_pandas() -> None:
    frame = pd.read_csv(io.BytesIO(portfolio_csv(_workspace())), keep_default_na=False)
    assert list(frame.columns) == CSV_COLUMNS and len(frame) == 3
    assert frame.loc[0, "title"] == "Flu campaign" and frame.loc[0, "amec_level"] == "Outcome"
    assert frame.loc[0, "metrics"] == "Bookings: 640 → 910 (+42%), 6 weeks" and frame.loc[0, "version"] == "original"
    assert frame.loc[1, "title"] == "Launch for a regional healthcare system" and frame.loc[1, "version"] == "confidential"
    assert frame.loc[2, "title"] == "Καμπάνια για το Δήμο 🎉"


def test_markdown_one_pager_has_every_sample_in_its_chosen_version() -> None:
    text = portfolio_markdown(_workspace())
    assert text.startswith("# Zoë Łukasz's portfolio · healthcare PR")
    assert "## 1. Flu campaign" in text and "- **Result:** Bookings grew from 640 to 910" in text
    assert "## 2. Launch for a regional healthcare system (confidential version)" in text
    assert "Lakemont" not in text.split("## 2.")[1].split("## 3.")[0]
    assert "\n\n\n" not in text


def test_pdf_reads_back_and_non_latin_text_does_not_crash() -> None:
    reader = PdfReader(io.BytesIO(portfolio_pdf(_workspace())))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Flu campaign" in text and "How it was measured" in text and "a regional healthcare system" in text
    assert "Lakemont" not in text
    if (DEJAVU / "DejaVuSans.ttf").exists():
        assert "Καμπάνια" in text  # DejaVu prints Greek; the emoji is dropped, not an error


def test_pdf_without_dejavu_falls_back_to_a_core_font(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(pdf_module, "DEJAVU", tmp_path)
    reader = PdfReader(io.BytesIO(portfolio_pdf(_workspace())))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Flu campaign" in text and "Zoë" in text and "Lukasz" in text
    assert latin1("−25% “quoted” → ok 🎉 Ω") == "-25% \"quoted\" -> ok  ?"


def test_an_empty_portfolio_exports_too() -> None:
    assert "No work samples yet." in PdfReader(io.BytesIO(portfolio_pdf(Workspace()))).pages[0].extract_text()
    assert pd.read_csv(io.BytesIO(portfolio_csv(Workspace()))).empty
    assert portfolio_markdown(Workspace()).startswith("# My portfolio")


def test_the_pack_loads_and_every_template_renders_with_sample_data() -> None:
    pack = portfolio_pack()
    assert set(pack.levels) == {"output", "outtake", "outcome", "impact"}
    checks = pack.checks
    for template in (checks.no_baseline, checks.no_period):
        assert "Sign-ups" in render(template, name="Sign-ups")
    assert "raise awareness" in render(checks.objective_vague, phrase="raise awareness")
    assert "“led”" in render(checks.vague_verb, phrase="helped", suggestions="“led”")
    assert "Outcome" in render(checks.level_reached, label="Outcome", explain="a change")
    assert "Barcelona" in render(pack.ave.reason, term="AVE")
    spec = pack.story
    for template in (spec.too_short, spec.right, spec.too_long):
        assert "75" in render(template, seconds=75, words=175, low=60, high=90)
    full = render(spec.template, challenge="c", did="d", outcome="o", measured="m", learned="l", metrics=["x: +5%"],
                  title="t", type="event", role="r", level="Outcome")
    assert "x: +5%" in full
    assert render(spec.template, challenge="", did="", outcome="", measured="", learned="", metrics=[], title="",
                  type="event", role="", level="") == "The project was a piece of work."
    demo = demo_workspace("student", date(2026, 11, 25))
    assert "## 3." in portfolio_markdown(demo)


def test_a_pack_missing_a_level_fails_at_load(tmp_path: Path) -> None:
    source = (Path(__file__).resolve().parents[2] / "content" / "portfolio.yaml").read_text(encoding="utf-8")
    broken = source.replace("  impact:\n    label: Impact", "  other:\n    label: Impact")
    (tmp_path / "portfolio.yaml").write_text(broken, encoding="utf-8")
    with pytest.raises(ContentError, match="portfolio.yaml"):
        load_pack("portfolio.yaml", PortfolioPack, root=tmp_path)
