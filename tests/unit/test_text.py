"""One word count for the whole app, the way word processors count."""

from __future__ import annotations

import importlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.text import word_count


@pytest.mark.parametrize("text, words", [
    ("Hi Jo — I'm Ana, a student. 20-minute call?", 8),
    ("It's a well-known rule — don't guess.", 6),
    ("Screenings rose 34% (8,900 vs. 6,640) in 2026.", 8),
    ("- one\n- two\n\n• three", 3),
    ("", 0),
    (" \n\t ", 0),
])
def test_words_are_counted_like_a_word_processor(text: str, words: int) -> None:
    assert word_count(text) == words


@given(st.text(), st.text())
def test_counts_add_up_across_a_space(left: str, right: str) -> None:
    assert word_count(left + " " + right) == word_count(left) + word_count(right)


def test_the_request_answers_pitch_story_and_thank_you_share_one_count() -> None:
    modules = [importlib.import_module(f"coach.{name}") for name in ("followup", "outreach", "questions", "skills", "portfolio.story")]
    assert all(module.word_count is word_count for module in modules)
