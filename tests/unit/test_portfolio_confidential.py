"""The confidential rewrite: names hidden, figures made relative, the method kept."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.model import Metric, WorkSample
from coach.portfolio import confidential_view, original_view, rewrite, shared_view


@pytest.mark.parametrize("text, expected", [
    ("Sign-ups grew from 1,200 to 1,800 in 6 weeks.", "Sign-ups grew by +50% in 6 weeks."),
    ("Visits dropped from 400 to 300.", "Visits dropped by −25%."),
    ("from 1,200 to 1,800", "+50%"),
    ("Attendance went from 85 families to 140.", "Attendance went by +65%."),
    ("The open rate rose from 31% to 52%.", "The open rate rose by +21 percentage points."),
    ("Open rate 31% → 52%.", "Open rate +21 percentage points."),
])
def test_figures_become_relative_changes(text: str, expected: str) -> None:
    assert rewrite(text).text == expected


@pytest.mark.parametrize("text, expected", [
    ("We reached 1,800 parents.", "We reached over 1,000 parents."),
    ("We reached 450 parents.", "We reached several hundred parents."),
    ("We surveyed 150 students.", "We surveyed over a hundred students."),
    ("We pitched 45 reporters.", "We pitched several dozen reporters."),
    ("The posts reached 2.3 million people.", "The posts reached millions of people."),
    ("We raised $12,500.", "We raised a five-figure sum."),
    ("Donations of €950 came in.", "Donations of a three-figure sum came in."),
    ("a budget of 3k", "a budget of about 3,000"),
])
def test_lone_figures_become_ranges_and_money_becomes_a_band(text: str, expected: str) -> None:
    assert rewrite(text).text == expected


def test_small_numbers_years_durations_percentages_and_sample_sizes_stay() -> None:
    text = "In 2024 we ran 3 posts a week for 12 weeks; 40% replied (n=150)."
    assert rewrite(text).text == text


def test_listed_names_become_the_users_descriptors_with_grammar_kept() -> None:
    names = {"Lakemont Health": "a regional healthcare system"}
    out = rewrite("Lakemont Health asked us. We worked with the Lakemont Health team and lakemont health's nurses.", names)
    assert out.text == ("A regional healthcare system asked us. We worked with a regional healthcare system team and "
                        "a regional healthcare system's nurses.")


def test_unlisted_brand_like_names_are_detected_and_neutral() -> None:
    text = ("We launched Cobalt Sleep's campaign for BRIGHTWELL® with Harbor & Pine PR, using @cobaltsleep, #SleepBetter, "
            "www.cobalt.example/launch and press@cobalt.example on Instagram in March.")
    out = rewrite(text)
    for name in ("Cobalt", "BRIGHTWELL", "Harbor", "Pine", "cobaltsleep", "SleepBetter", "cobalt.example", "press@"):
        assert name not in out.text, out.text
    assert "Instagram" in out.text and "March" in out.text and out.text.startswith("We launched the client’s"[:11])
    assert out.detected == {"Cobalt Sleep": "the client", "BRIGHTWELL": "a partner brand", "Harbor & Pine PR": "another brand"}


def test_ordinary_capitals_and_kept_words_stay() -> None:
    text = "Designed Instagram posts. The survey ran on Google Forms. I led the PR team. Students loved it."
    out = rewrite(text)
    assert out.text == text and out.detected == {}


def test_a_name_mapped_to_itself_is_kept_on_purpose() -> None:
    assert rewrite("Our Social Media Strategy class.", {"Social Media Strategy": "Social Media Strategy"}).text == \
        "Our Social Media Strategy class."


def test_metrics_become_relative_or_ranges_and_the_link_is_dropped() -> None:
    sample = WorkSample(
        title="Flu campaign for Lakemont Health", link="https://lakemont.example", result="Bookings grew from 640 to 910.",
        method="Compared Lakemont Health's booking records with last year, and surveyed 150 students before and after.",
        metrics=[Metric(name="Bookings", baseline=640, after=910, period="6 weeks"),
                 Metric(name="Awareness", baseline=38, after=61, unit="%", period="survey"),
                 Metric(name="Donations", after=12500, unit="$"),
                 Metric(name="Visitors", after=4200)],
        descriptors={"Lakemont Health": "a regional healthcare system"}, learned="Nurses beat graphics.",
    )
    view = confidential_view(sample)
    assert view.metrics == ("Bookings: +42%, 6 weeks", "Awareness: +23 percentage points, survey",
                            "Donations: a five-figure sum", "Visitors: over 4,000")
    assert view.title == "Flu campaign for a regional healthcare system" and view.link == ""
    assert view.measured == ("Compared a regional healthcare system's booking records with last year, and surveyed "
                             "over a hundred students before and after.")
    assert view.learned == "Nurses beat graphics."
    assert original_view(sample).metrics[0] == "Bookings: 640 → 910 (+42%), 6 weeks"
    assert shared_view(sample) == original_view(sample)
    assert shared_view(sample.model_copy(update={"share_confidential": True})).confidential


_SYLLABLES = ["ka", "lo", "mer", "zan", "tru", "vex", "bel", "dor", "qui", "sol", "nar", "pex", "ul", "fi"]
_made_up = st.lists(st.sampled_from(_SYLLABLES), min_size=2, max_size=3).map("".join)
_capitalised = st.lists(_made_up.map(str.capitalize), min_size=2, max_size=3).map(" ".join)
_brands = st.one_of(
    _capitalised,                                   # Kalomer Zantru
    _made_up.map(str.upper),                        # KALOMER
    _made_up.map(lambda w: w.capitalize() + "®"),   # Kalomer®
    _made_up.map(lambda w: w.capitalize() + "™"),
)
_SENTENCES = [
    "We pitched {b} to local reporters and coverage grew from 1,200 to 1,800 in 6 weeks.",
    "{b} asked our class for a plan; sign-ups went from 85 families to 140.",
    "The launch for {b} reached 45,000 people, measured with a survey before and after.",
    "Our team worked with {b}'s nurses on 12 posts for {b}.",
    "I led the pitch for {b} and the survey showed awareness rose from 30% to 45% by December.",
]


@settings(max_examples=150, deadline=None)
@given(brand=_brands, listed=_capitalised, descriptor=st.sampled_from(["a regional healthcare system", "a retail brand", ""]),
       template=st.sampled_from(_SENTENCES), listed_template=st.sampled_from(_SENTENCES))
def test_no_listed_or_brand_like_name_survives_and_the_method_does(brand: str, listed: str, descriptor: str,
                                                                    template: str, listed_template: str) -> None:
    method = "Compared booking records for 6 weeks with a survey before and after."
    sample = WorkSample(title=f"Campaign for {listed}", result=template.format(b=brand) + " " + listed_template.format(b=listed),
                        what_i_did=f"Wrote posts for {brand.lower()} and {listed}.", method=method,
                        metrics=[Metric(name=f"{brand} sign-ups", baseline=1200, after=1800, period="6 weeks")],
                        descriptors={listed: descriptor})
    view = confidential_view(sample)
    text = "\n".join([view.title, view.did, view.outcome, view.measured, *view.metrics])
    for name in (brand.rstrip("®™"), listed, *listed.split(), *brand.rstrip("®™").split()):
        assert not re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE if name.lower() != name else 0), text
    assert "1,200" not in text and "1,800" not in text and "+50%" in text
    assert view.measured == method
