"""Bound the work one page can cost: a page with very many elements is read in part.

Extraction costs about 0.1 ms per element (trafilatura, the block walk, date checks), so a 2 MB page
of list items or links took 5-7 s, and a hostile site could serve 25 of them. Agency pages have a
few hundred to a few thousand elements (the six corpus sites: at most 659). Past `MAX_ELEMENTS`, a
page keeps its first part (header, navigation, the top of the content) and its last part (footer:
addresses, contact, social links), and the middle is dropped, as a careful reader would skim it.
"""

from __future__ import annotations

from lxml import etree

MAX_ELEMENTS = 8000
# Of the elements kept on a trimmed page, how many come from its end (the footer).
KEEP_FROM_END = 1500


def trim_tree(tree: etree._Element, limit: int = MAX_ELEMENTS, keep_end: int = KEEP_FROM_END) -> bool:
    """Cut the middle out of `tree` (in place) when it has more than `limit` elements; True if it did.

    Elements are counted in document order. The first `limit - keep_end` and the last `keep_end`
    stay, with every ancestor of a kept element; the others are removed with the text that follows
    them, so what is left reads as the page's start followed by its end."""
    elements = list(tree.iter())
    if len(elements) <= limit:
        return False
    keep_end = max(0, min(keep_end, limit - 1))
    head = limit - keep_end
    first_tail = elements[len(elements) - keep_end] if keep_end else None
    # A removed element takes its subtree along. An element between the two kept parts either lies
    # wholly between them or is an ancestor of the first kept element of the end (its subtree runs
    # into the end): those stay.
    keep = set(first_tail.iterancestors()) if first_tail is not None else set()
    for element in elements[head: len(elements) - keep_end]:
        if element in keep:
            continue
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)  # lxml drops the element's tail text with it
    return True
