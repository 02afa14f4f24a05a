"""Which date a post gets when its page shows none: the address, the feed and the sitemap disagree."""

from __future__ import annotations

from pathlib import Path

from coach.research.engine import _sitemap_date, research_sync
from coach.research.fetch import FetchSettings
from tests.loopback import serve_directory


def test_a_sitemap_lastmod_that_contradicts_the_address_is_an_edit_not_the_publication() -> None:
    assert _sitemap_date("https://a.example/news/2023/02/old-post/", "2025-06-01") == "2023-02"
    assert _sitemap_date("https://a.example/2023/02/14/old-post/", "2025-06-01") == "2023-02-14"
    # Agreeing with the address, lastmod adds the day; with no date in the address, it is all there is.
    assert _sitemap_date("https://a.example/news/2024/03/launch/", "2024-03-18") == "2024-03-18"
    assert _sitemap_date("https://a.example/news/launch/", "2024-03-18") == "2024-03-18"
    assert _sitemap_date("https://a.example/news/2024/03/launch/", None) == "2024-03"
    assert _sitemap_date("https://a.example/news/launch/", None) is None


def _page(title: str, body: str) -> str:
    return (f"<html><head><title>{title} | Fernhill PR</title></head><body><header><nav>"
            "<a href='/news/'>News</a></nav></header><main><h1>{title}</h1>{body}</main></body></html>"
            ).replace("{title}", title)


def test_an_undated_post_edited_later_keeps_the_date_in_its_address(tmp_path: Path) -> None:
    old = "news/2023/02/we-opened-in-leeds"
    new = "news/2024/03/award-shortlist"
    for path, html in {
        "": _page("Fernhill PR", "<p>Fernhill PR is an independent public relations agency in Leeds.</p>"),
        "news": _page("News", f"<ul><li><a href='/{old}/'>We opened in Leeds</a></li>"
                              f"<li><a href='/{new}/'>Shortlisted for a PRCA award</a></li></ul>"),
        old: _page("We opened in Leeds", "<p>Our second office opened its doors on Wellington Street.</p>"),
        new: _page("Shortlisted for a PRCA award", "<p>Our healthcare team is on the shortlist.</p>"),
    }.items():
        (tmp_path / path).mkdir(parents=True, exist_ok=True)
        (tmp_path / path / "index.html").write_text(html, encoding="utf-8")
    with serve_directory(tmp_path) as base:
        (tmp_path / "robots.txt").write_text(f"User-agent: *\nAllow: /\nSitemap: {base}/sitemap.xml\n")
        (tmp_path / "sitemap.xml").write_text(
            '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{base}/{old}/</loc><lastmod>2025-06-01</lastmod></url>"
            f"<url><loc>{base}/{new}/</loc><lastmod>2024-03-18</lastmod></url></urlset>", encoding="utf-8")
        result = research_sync(base + "/", FetchSettings(allow_private=True))
    news = {f.text: f.date for f in result.facts if f.kind == "news"}
    assert news.get("We opened in Leeds") == "2023-02", news
    assert news.get("Shortlisted for a PRCA award") == "2024-03-18", news
