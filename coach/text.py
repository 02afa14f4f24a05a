"""Word counts that agree everywhere in the app (the request, answers, the pitch, stories, the thank-you)."""

from __future__ import annotations


def word_count(text: str) -> int:
    """Words as word processors count them, so the app's count matches the user's editor and email client.

    A word is a whitespace-separated token with a letter or digit in it: "twenty-minute", "don't",
    "1,200" and "34%" are one word each; a dash or bullet standing alone is none.
    """
    return sum(1 for token in text.split() if any(c.isalnum() for c in token))
