"""A page with very many elements is read in part: its start and its end, never a minute of CPU."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml import html as lxml_html

from coach.research.engine import research_html, research_sync
from coach.research.fetch import FetchSettings
from coach.research.trim import trim_tree
from tests.loopback import serve_directory


def _page(items: int) -> str:
    return (
        "<html><head><title>Long list · Northfield PR</title></head><body>"
        "<header><nav><a href='/about/'>About</a> <a href='/contact/'>Contact</a></nav></header>"
        "<main><h1>Our clients</h1><ul>"
        + "".join(f"<li>Client number {i}</li>" for i in range(items))
        + "</ul></main><footer><h2>Visit us</h2><address>12 Harbour Street, Leeds LS1 4AB</address>"
        "<p>hello@northfield.example</p></footer></body></html>"
    )


def test_a_short_page_is_left_alone() -> None:
    tree = lxml_html.document_fromstring(_page(50))
    before = lxml_html.tostring(tree)
    assert trim_tree(tree, limit=200) is False
    assert lxml_html.tostring(tree) == before


def test_a_long_page_keeps_its_start_and_its_end_and_loses_the_middle() -> None:
    tree = lxml_html.document_fromstring(_page(5000))
    assert trim_tree(tree, limit=300, keep_end=50) is True
    text = tree.text_content()
    assert "Client number 0" in text and "Client number 100" in text  # the start
    assert "Client number 4999" in text and "12 Harbour Street" in text  # the end, footer included
    assert "Client number 2500" not in text  # the middle
    assert sum(1 for _ in tree.iter()) <= 300
    assert [a.get("href") for a in tree.iter("a")] == ["/about/", "/contact/"]
    # What is left keeps document order: the start, then the end.
    assert text.index("Client number 100") < text.index("Client number 4999") < text.index("12 Harbour Street")


@settings(max_examples=80, deadline=None)
@given(shape=st.lists(st.integers(min_value=0, max_value=6), min_size=1, max_size=400),
       limit=st.integers(min_value=2, max_value=120), keep_end=st.integers(min_value=0, max_value=60))
def test_any_tree_ends_within_the_limit_with_its_first_and_last_elements(shape: list[int], limit: int,
                                                                        keep_end: int) -> None:
    """Random nesting (each number: how many levels to go up before the next element)."""
    root = etree.Element("div")
    node = root
    for i, up in enumerate(shape):
        for _ in range(up):
            if node.getparent() is not None:
                node = node.getparent()
        node = etree.SubElement(node, "p", id=f"e{i}")
    ordered = [e.get("id") for e in root.iter("p")]
    count = len(ordered) + 1
    trimmed = trim_tree(root, limit=limit, keep_end=keep_end)
    left = [e.get("id") for e in root.iter("p")]
    assert trimmed == (count > limit)
    assert left == [i for i in ordered if i in set(left)]  # order kept
    if not trimmed:
        assert left == ordered
        return
    # Within the limit, but for the ancestors of the end's first element (kept, so the end keeps its place).
    depth = max(sum(1 for _ in e.iterancestors()) for e in root.iter())
    assert sum(1 for _ in root.iter()) <= limit + depth
    head = limit - max(0, min(keep_end, limit - 1))
    assert ordered[: head - 1] == left[: head - 1]  # the first elements (the root is one of the head)
    tail = max(0, min(keep_end, limit - 1))
    if tail:
        assert ordered[-tail:] == left[-tail:]  # the last elements, all of them


def test_research_reads_a_huge_page_in_part_and_says_so(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(_page(60000), encoding="utf-8")
    with serve_directory(tmp_path) as base:
        result = research_sync(base + "/", FetchSettings(allow_private=True, max_pages=1))
    home = result.pages[0]
    assert home.read and home.status.startswith("ok:") and "very long" in home.status
    assert any(f.kind == "location" and "12 Harbour Street" in f.text for f in result.facts)
    assert result.name  # the title was read


def test_a_huge_pasted_page_is_read_in_part_too() -> None:
    result = research_html(_page(60000), "https://northfield.example/")
    assert result.pages[0].read and "very long" in result.pages[0].status
    assert any(f.kind == "location" and "12 Harbour Street" in f.text for f in result.facts)
