"""Bound the work one page can cost: a page with very many elements is read in part.

Extraction costs about 0.1 ms per element (trafilatura, the block walk, date checks), so a 2 MB page
of list items or links took 5-7 s, and a hostile site could serve 25 of them. Agency pages have a
few hundred to a few thousand elements (the six corpus sites: at most 659). Past `MAX_ELEMENTS`, a
page keeps its first part (header, navigation, the top of the content) and its last part (footer:
addresses, contact, social links), and the middle is dropped, as a careful reader would skim it.
"""

from __future__ import annotations

from lxml import etree

from .pages import parse_html

MAX_ELEMENTS = 5000
# Of the elements kept on a trimmed page, how many come from its end (the footer).
KEEP_FROM_END = 1000


def parse_bounded(text: str | bytes) -> tuple[etree._Element | None, bool]:
    """The page parsed (`pages.parse_html`) and trimmed: the tree extraction works on, and whether
    its middle was cut (None, False when nothing parseable)."""
    tree = parse_html(text)
    return tree, tree is not None and trim_tree(tree)


def trim_tree(tree: etree._Element, limit: int = MAX_ELEMENTS, keep_end: int = KEEP_FROM_END) -> bool:
    """Cut the middle out of `tree` (in place) when it has more than `limit` elements; True if it did.

    Elements are counted in document order. The first `limit - keep_end` and the last `keep_end`
    stay, with every ancestor of a kept element; the others are removed with the text that follows
    them, so what is left reads as the page's start followed by its end. The count and the two
    boundary elements come from XPath (in C): a Python object for each of 80,000 elements cost more
    than the trimming saved on the home page, which is trimmed on the event loop."""
    total = int(tree.xpath("count(//*)"))
    if total <= limit:
        return False
    keep_end = max(0, min(keep_end, limit - 1))
    first_cut = tree.xpath(f"(//*)[{limit - keep_end + 1}]")[0]
    end = tree.xpath(f"(//*)[{total - keep_end + 1}]")[0] if keep_end else None
    _remove_range(first_cut, end)
    return True


def _remove_range(first: etree._Element, end: etree._Element | None) -> None:
    """Remove `first` and every element after it in document order, up to `end` (kept, with its
    ancestors and what follows it); `end` None: to the end of the document. Siblings go as one slice
    (`del parent[i:j]`), found with `index()`: no Python object per removed element."""
    chain = [end, *end.iterancestors()] if end is not None else []
    keep = set(chain[1:])
    node: etree._Element | None = first
    while node is not None and node is not end:
        if node in keep:  # it contains `end`: go in, and remove what comes before `end` inside it
            node = node[0]
            continue
        parent = node.getparent()
        if parent is None:
            return
        index = parent.index(node)
        # Under this parent, `end` or the child that contains it stops the cut; else all that follows.
        stop = next((c for c in chain if c.getparent() is parent), None)
        if stop is not None:
            del parent[index: parent.index(stop)]  # lxml drops each element's tail text with it
            node = stop
        else:
            del parent[index:]
            node = _next_after(parent)


def _next_after(element: etree._Element) -> etree._Element | None:
    """The first element after `element`'s subtree in document order."""
    while element is not None:
        following = element.getnext()
        if following is not None:
            return following
        element = element.getparent()
    return None
