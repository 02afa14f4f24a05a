"""Discovery and classification of an agency's pages.

Pure functions over strings and lxml trees: which links a home page offers, which feeds and
sitemaps list posts (and when they were published), what kind of page a URL probably is, and
which pages are worth reading first within a page budget. Nothing here touches the network.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import unquote, urldefrag, urljoin, urlsplit, urlunsplit

from lxml import etree, html as lxml_html

from .types import PageKind

__all__ = [
    "Link",
    "FeedItem",
    "Sitemap",
    "Candidate",
    "parse_html",
    "discover_links",
    "feed_links",
    "parse_sitemap",
    "parse_feed",
    "classify_page",
    "choose_pages",
    "normalize_date",
    "date_from_url",
    "same_site",
    "is_asset_url",
    "canonical_url",
    "page_key",
]

MAX_XML_BYTES = 5_000_000
MAX_SITEMAP_URLS = 5_000
MAX_FEED_ITEMS = 200

# --------------------------------------------------------------------------- parsing


def parse_html(text: str | bytes) -> lxml_html.HtmlElement | None:
    """Parse HTML leniently; None when there is nothing parseable."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    if not isinstance(text, str):
        return None
    # lxml refuses str input that declares an encoding; strip the XML declaration and NULs.
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text.replace("\x00", ""))
    if not text.strip():
        return None
    try:
        parser = lxml_html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, huge_tree=False)
        tree = lxml_html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError, TypeError):
        return None
    return tree


def _xml_root(data: str | bytes) -> etree._Element | None:
    """Parse a sitemap or feed safely: no entities, no network, no huge trees."""
    if isinstance(data, str):
        data = data.encode("utf-8", errors="replace")
    if not isinstance(data, bytes) or not data.strip():
        return None
    data = data[:MAX_XML_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, recover=True, load_dtd=False, dtd_validation=False
    )
    try:
        root = etree.fromstring(data, parser=parser)
    except (etree.XMLSyntaxError, ValueError):
        return None
    return root


def _local(tag: object) -> str:
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def _text(el: etree._Element) -> str:
    try:
        return " ".join("".join(el.itertext()).split())
    except (ValueError, TypeError):
        return ""


# --------------------------------------------------------------------------- urls

ASSET_EXTENSIONS = frozenset(
    "jpg jpeg png gif svg webp ico bmp tif tiff avif pdf doc docx xls xlsx ppt pptx zip rar gz tgz 7z "
    "mp3 mp4 m4a mov avi wmv webm ogg wav css js json xml rss atom txt csv woff woff2 ttf eot otf "
    "exe dmg apk ics vcf".split()
)


@functools.lru_cache(maxsize=16384)
def canonical_url(url: str) -> str:
    """A URL without fragment, with lowercase scheme/host and a non-empty path."""
    try:
        url, _ = urldefrag(url.strip())
        parts = urlsplit(url)
        path = parts.path or "/"
        return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))
    except ValueError:
        return url


@functools.lru_cache(maxsize=16384)
def page_key(url: str) -> str:
    """The canonical URL without a trailing slash: /contact and /contact/ are one page (static hosts
    and CMSs redirect one to the other), so only one of them is read."""
    u = canonical_url(url)
    try:
        parts = urlsplit(u)
    except ValueError:
        return u
    if len(parts.path) > 1 and parts.path.endswith("/"):
        return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/") or "/", parts.query, ""))
    return u


def _host(url: str) -> str:
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""
    return host[4:] if host.startswith("www.") else host


def same_site(url: str, base: str) -> bool:
    """True when `url` is on the same host as `base` (ignoring a leading www.)."""
    try:
        a, b = urlsplit(url), urlsplit(base)
    except ValueError:
        return False
    if a.scheme not in ("http", "https"):
        return False
    if _host(url) != _host(base) or not _host(url):
        return False
    try:
        return (a.port or 0) == (b.port or 0) or {a.port, b.port} <= {None, 80, 443}
    except ValueError:
        return False


def is_asset_url(url: str) -> bool:
    """True for links to images, documents, scripts and feeds rather than pages."""
    try:
        path = urlsplit(url).path.lower()
    except ValueError:
        return True
    last = path.rsplit("/", 1)[-1]
    if "." in last:
        ext = last.rsplit(".", 1)[-1]
        return ext in ASSET_EXTENSIONS
    return any(seg in ("wp-content", "wp-json", "cdn-cgi", "feed") for seg in path.split("/"))


# --------------------------------------------------------------------------- links


@dataclass(frozen=True)
class Link:
    """A same-site page link found on a page."""

    url: str
    text: str = ""
    region: str = "body"  # nav | header | footer | body
    parent_label: str = ""  # the label of the nav menu this link sits under, if any


_NAV_CLASS_RE = re.compile(r"\b(nav|navbar|menu|main-menu)\b")


def _region(el: etree._Element, memo: dict | None = None) -> str:
    """nav, header, footer or body: where a link sits, from its ancestors."""
    anc = el.getparent()
    if anc is None:
        return "body"
    nav_tag, footer, nearest = _chain(anc, {} if memo is None else memo)
    if nav_tag:
        return "nav"
    if footer:
        return "footer"
    return nearest or "body"


def _chain(el: etree._Element, memo: dict) -> tuple[bool, bool, str]:
    """For `el` and its ancestors: (a <nav> or role=navigation among them, a footer among them,
    the nearest of a <header> ("header") or a nav-like class ("nav"), else "").

    Equivalent to walking the ancestors of each link outwards (nav wins at once; a footer
    overrides; the nearest header or nav class counts), but each element is judged once per page.
    """
    got = memo.get(el)
    if got is not None:
        return got
    path = []
    node = el
    while node is not None and node not in memo:
        path.append(node)
        node = node.getparent()
    above = memo[node] if node is not None else (False, False, "")
    for anc in reversed(path):
        tag = _local(anc.tag)
        role = (anc.get("role") or "").lower()
        nav_tag = above[0] or tag == "nav" or role == "navigation"
        footer = above[1] or tag == "footer" or role == "contentinfo"
        if tag == "header":
            nearest = "header"
        elif tag not in ("body", "html") and _NAV_CLASS_RE.search(f"{anc.get('class') or ''} {anc.get('id') or ''}".lower()):
            # (<body class="nav-float-right menu-open"> styles the page template: it holds every link.)
            nearest = "nav"
        else:
            nearest = above[2]
        above = (nav_tag, footer, nearest)
        memo[anc] = above
    return above


def _parent_label(a: etree._Element) -> str:
    """For a link inside a dropdown (li > ul > li > a), the label of the outer item."""
    li_count = 0
    for anc in a.iterancestors():
        if _local(anc.tag) == "li":
            li_count += 1
            if li_count == 2:
                for child in anc:
                    tag = _local(child.tag)
                    if tag in ("a", "span", "button", "div", "p", "strong"):
                        label = _text(child)
                        if label and len(label) < 60 and child is not a:
                            return label
                return ""
        if _local(anc.tag) in ("body", "nav"):
            break
    return ""


def _origin(url: str) -> str:
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    return urlunsplit((parts.scheme, parts.netloc, "/", "", "")) if parts.scheme and parts.netloc else url


# Nav, footer and card links repeat on every page of a site: resolve each (base, href) once.
@functools.lru_cache(maxsize=8192)
def _page_link(base: str, base_url: str, href: str) -> str:
    """The canonical same-site page URL `href` points to from `base`, or ""."""
    try:
        url = canonical_url(urljoin(base, href))
    except ValueError:
        return ""
    if not same_site(url, base_url) or is_asset_url(url):
        return ""
    return url


def discover_links(tree: lxml_html.HtmlElement | None, base_url: str) -> list[Link]:
    """Same-site page links of a page, resolved, de-duplicated, in document order."""
    if tree is None:
        return []
    base = base_url
    try:
        for b in tree.iter("base"):
            href = (b.get("href") or "").strip()
            if href:
                base = urljoin(base_url, href)
            break
    except (ValueError, TypeError):
        pass
    seen: dict[str, int] = {}
    out: list[Link] = []
    origin = _origin(base)
    site = _origin(base_url)  # same_site() compares host and port only
    memo: dict = {}
    translations, lang = _translations(tree, base_url)
    for a in tree.iter("a", "area"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith("#"):
            continue
        low = href.lower()
        if low.startswith(("mailto:", "tel:", "javascript:", "data:", "sms:", "callto:", "whatsapp:")):
            continue
        # A root-relative link resolves the same on every page of the site: key the cache by origin.
        url = _page_link(origin if href.startswith("/") and not href.startswith("//") else base, site, href)
        if not url:
            continue
        if translations and page_key(url) in translations or lang and _other_language(url, lang):
            continue  # the same page in another language (a language switcher): nothing new to read
        text = _text(a) or (a.get("title") or "").strip() or (a.get("aria-label") or "").strip()
        if not text:
            img = next(iter(a.iter("img")), None)
            if img is not None:
                text = (img.get("alt") or "").strip()
        link = Link(url=url, text=text[:200], region=_region(a, memo), parent_label=_parent_label(a))
        if url in seen:
            old = out[seen[url]]
            # Prefer a link with text, and nav over body.
            if (not old.text and link.text) or (old.region != "nav" and link.region == "nav" and link.text):
                out[seen[url]] = link
            continue
        seen[url] = len(out)
        out.append(link)
    return out


def _lang_code(value: str) -> str:
    """The two-letter language of "en", "en-GB", "pt_BR"; "" for anything else."""
    v = (value or "").strip().lower().replace("_", "-")
    code = v.split("-", 1)[0]
    return code if len(code) == 2 and code.isalpha() else ""


def _translations(tree: lxml_html.HtmlElement, base_url: str) -> tuple[set[str], str]:
    """The page's translations (<link rel=alternate hreflang=xx> in another language than the
    page's own), as page keys, and the page's language ("" when unknown)."""
    lang = ""
    try:
        lang = _lang_code(tree.get("lang") or tree.get("xml:lang") or "")
    except (ValueError, TypeError):
        lang = ""
    alts: list[tuple[str, str]] = []
    try:
        for link in tree.iter("link"):
            hreflang = (link.get("hreflang") or "").strip().lower()
            href = (link.get("href") or "").strip()
            if hreflang and href and "alternate" in (link.get("rel") or "").lower().split():
                try:
                    alts.append((_lang_code(hreflang), page_key(urljoin(base_url, href))))
                except ValueError:
                    continue
    except (ValueError, TypeError):
        return set(), lang
    if not lang:
        # Without <html lang>, the alternate that is this very page tells its language.
        me = page_key(base_url)
        lang = next((code for code, key in alts if key == me and code), "")
    own = page_key(base_url)
    return {key for code, key in alts if code and code != lang and key != own} if lang else set(), lang


def _other_language(url: str, lang: str) -> bool:
    """A link under a language prefix (/fr/, /es-mx/) other than the page's own language."""
    try:
        path = urlsplit(url).path
    except ValueError:
        return False
    first = path.lstrip("/").split("/", 1)[0].lower()
    if not re.fullmatch(r"[a-z]{2}([-_][a-z]{2})?", first) or first[:2] not in _LANGS:
        return False
    return first[:2] != lang


FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json", "application/rss", "text/xml")


def feed_links(tree: lxml_html.HtmlElement | None, base_url: str) -> list[str]:
    """Feeds announced with <link rel=alternate type=rss/atom> (same site only)."""
    if tree is None:
        return []
    out: list[str] = []
    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        typ = (link.get("type") or "").lower()
        href = (link.get("href") or "").strip()
        if "alternate" not in rel or not href or not any(typ.startswith(t) for t in FEED_TYPES[:2]):
            continue
        try:
            url = canonical_url(urljoin(base_url, href))
        except ValueError:
            continue
        if same_site(url, base_url) and url not in out:
            out.append(url)
    return out


# --------------------------------------------------------------------------- dates

_MONTHS = {
    # English, French, Spanish, Dutch, German, Italian, Portuguese (prefixes)
    "jan": 1, "janv": 1, "janvier": 1, "enero": 1, "ene": 1, "januari": 1, "januar": 1, "gennaio": 1, "gen": 1, "janeiro": 1,
    "feb": 2, "fev": 2, "fevr": 2, "fevrier": 2, "febrero": 2, "februari": 2, "februar": 2, "febbraio": 2, "fevereiro": 2,
    "mar": 3, "mars": 3, "marzo": 3, "maart": 3, "marz": 3, "maerz": 3, "marco": 3, "mrt": 3,
    "apr": 4, "avr": 4, "avril": 4, "abril": 4, "abr": 4, "aprile": 4,
    "may": 5, "mai": 5, "mayo": 5, "mei": 5, "maggio": 5, "mag": 5, "maio": 5,
    "jun": 6, "juin": 6, "junio": 6, "juni": 6, "giugno": 6, "giu": 6, "junho": 6,
    "jul": 7, "juil": 7, "juillet": 7, "julio": 7, "juli": 7, "luglio": 7, "lug": 7, "julho": 7,
    "aug": 8, "aout": 8, "agosto": 8, "ago": 8, "augustus": 8, "august": 8,
    "sep": 9, "sept": 9, "septembre": 9, "septiembre": 9, "september": 9, "settembre": 9, "set": 9, "setembro": 9,
    "oct": 10, "octobre": 10, "octubre": 10, "okt": 10, "oktober": 10, "ottobre": 10, "ott": 10, "outubro": 10, "out": 10,
    "nov": 11, "novembre": 11, "noviembre": 11, "november": 11, "novembro": 11,
    "dec": 12, "decembre": 12, "diciembre": 12, "dic": 12, "dez": 12, "dezember": 12, "december": 12, "dicembre": 12,
    "dezembro": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "june": 6, "july": 7, "october": 10,
}

_MONTH_RE = r"([A-Za-zÀ-ÿ]{3,10})\.?"
_DAY_RE = r"(\d{1,2})(?:st|nd|rd|th|er|e|º)?"
_ISO_RE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_ISO_MONTH_RE = re.compile(r"^\s*(\d{4})-(\d{2})\s*$")
_DMY_NAME_RE = re.compile(_DAY_RE + r"\.?\s+(?:de\s+)?" + _MONTH_RE + r",?\s+(?:de\s+)?(\d{4})(?!\d)")
_MDY_NAME_RE = re.compile(_MONTH_RE + r"\s+" + _DAY_RE + r",?\s+(\d{4})(?!\d)")
_MY_NAME_RE = re.compile(r"(?<![\w\d])" + _MONTH_RE + r",?\s+(\d{4})(?!\d)")
_DOTTED_RE = re.compile(r"(?<![\d.])(\d{1,2})[./](\d{1,2})[./](\d{4})(?![\d.])")
_RFC822_YEAR_RE = re.compile(r"^\s*(?:[A-Za-z]{3},?\s*)?\d{1,2}\s+[A-Za-z]{3}\s+(\d{1,4})\b")
_YMD_DOTTED_RE = re.compile(r"(?<![\d.])(\d{4})[./](\d{1,2})[./](\d{1,2})(?![\d.])")


def _fold(s: str) -> str:
    if s.isascii():  # NFKD leaves ASCII unchanged: skip the per-character pass
        return s.lower()
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)).lower()


def _month(word: str) -> int | None:
    w = _fold(word).rstrip(".")
    return _MONTHS.get(w)


def _mk(y: int, m: int, d: int | None) -> str | None:
    if not (1990 <= y <= 2100 and 1 <= m <= 12):
        return None
    if d is None:
        return f"{y:04d}-{m:02d}"
    try:
        datetime(y, m, d)
    except ValueError:
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def normalize_date(value: object) -> str | None:
    """Turn a date as sites write it into ISO "YYYY-MM-DD" (or "YYYY-MM"); None if not a date.

    Handles ISO timestamps, RFC 822 (feeds), "10 Dec 2015", "March 3, 2024",
    "Wednesday 12 June 2024", "12.06.2024" (day first) and common French/Spanish/Dutch/German
    month names.
    """
    if not isinstance(value, str):
        return None
    s = " ".join(value.split())[:200]
    if not s:
        return None
    m = _ISO_RE.search(s)
    if m:
        return _mk(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _ISO_MONTH_RE.match(s)
    if m:
        return _mk(int(m.group(1)), int(m.group(2)), None)
    try:
        dt = parsedate_to_datetime(s)
        if dt is not None:
            # email.utils reads a year below 100 as 19xx/20xx, so the zero date some generators
            # write for "no date" ("Mon, 01 Jan 0001") would become 2001-01-01: a year written
            # with three or four digits is taken as written.
            ym = _RFC822_YEAR_RE.match(s)
            if ym and len(ym.group(1)) >= 3 and int(ym.group(1)) != dt.year:
                return None
            return _mk(dt.year, dt.month, dt.day)
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    for rx, order in ((_DMY_NAME_RE, "dmy"), (_MDY_NAME_RE, "mdy")):
        for m in rx.finditer(s):
            if order == "dmy":
                d, mon, y = m.group(1), m.group(2), m.group(3)
            else:
                mon, d, y = m.group(1), m.group(2), m.group(3)
            mm = _month(mon)
            if mm:
                out = _mk(int(y), mm, int(d))
                if out:
                    return out
    m = _YMD_DOTTED_RE.search(s)
    if m:
        out = _mk(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if out:
            return out
    m = _DOTTED_RE.search(s)
    if m:
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        out = _mk(y, b, a) if b <= 12 else _mk(y, a, b)
        if out:
            return out
    for m in _MY_NAME_RE.finditer(s):
        mm = _month(m.group(1))
        if mm:
            out = _mk(int(m.group(2)), mm, None)
            if out:
                return out
    return None


_URL_DATE_RE = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})(?:[/-](\d{1,2}))?(?=[/-]|$)")


def date_from_url(url: str) -> str | None:
    """A date written in a URL path such as /2024/03/05/slug or /news/2024-03-05-slug."""
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    m = _URL_DATE_RE.search(path)
    if not m:
        return None
    y, mo, d = int(m.group(1)), int(m.group(2)), m.group(3)
    return _mk(y, mo, int(d) if d else None)


# --------------------------------------------------------------------------- sitemaps & feeds


@dataclass
class Sitemap:
    """What a sitemap lists: page URLs with their lastmod, and child sitemaps (an index)."""

    urls: list[tuple[str, str | None]] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)


def parse_sitemap(data: str | bytes) -> Sitemap:
    """Parse a <urlset> or <sitemapindex>; anything else gives an empty Sitemap."""
    out = Sitemap()
    root = _xml_root(data)
    if root is None:
        return out
    kind = _local(root.tag)
    if kind not in ("urlset", "sitemapindex"):
        return out
    for entry in root:
        tag = _local(entry.tag)
        if tag not in ("url", "sitemap"):
            continue
        loc, lastmod = "", None
        for child in entry:
            ctag = _local(child.tag)
            if ctag == "loc":
                loc = (child.text or "").strip()
            elif ctag == "lastmod":
                lastmod = normalize_date(child.text or "")
        if not loc.startswith(("http://", "https://")):
            continue
        if tag == "sitemap":
            out.sitemaps.append(loc)
        else:
            out.urls.append((loc, lastmod))
        if len(out.urls) + len(out.sitemaps) >= MAX_SITEMAP_URLS:
            break
    return out


_ZERO_YEAR_RE = re.compile(r"(?<!\d)(0{3}\d|0{4}|1[0-8]\d\d|19[0-6]\d|1970)(?!\d)")


def _is_zero_date(text: str) -> bool:
    """A date field holding a template default rather than a date: year 0001, 0000, the Unix
    epoch (1970) or any year before 1970 (no agency news is that old on the web)."""
    return _ZERO_YEAR_RE.search(text or "") is not None


@dataclass(frozen=True)
class FeedItem:
    """One entry of an RSS or Atom feed."""

    title: str
    link: str
    date: str | None = None


def feed_item_kind(item: FeedItem) -> PageKind:
    """A dated item is a post. An undated one is whatever its address says it is: some generators'
    feeds list every page of the site (services, team) without dates."""
    return "news" if item.date or date_from_url(item.link) else classify_page(item.link, item.title)


def parse_feed(data: str | bytes, base_url: str = "") -> list[FeedItem]:
    """Items of an RSS 2.0 / RSS 1.0 / Atom feed (title, link, date); [] if not a feed."""
    root = _xml_root(data)
    if root is None:
        return []
    items: list[FeedItem] = []
    for el in root.iter():
        tag = _local(el.tag)
        if tag not in ("item", "entry"):
            continue
        title, link, date = "", "", None
        no_date = False  # the item states a date that is no date (a generator's zero date)
        for child in el:
            ctag = _local(child.tag)
            if ctag == "title":
                title = _text(child)
            elif ctag == "link":
                href = (child.get("href") or "").strip()
                rel = (child.get("rel") or "alternate").lower()
                if href and rel == "alternate":
                    link = href
                elif not href and (child.text or "").strip():
                    link = (child.text or "").strip()
            elif ctag in ("pubdate", "published", "date", "issued", "created") and not date:
                date = normalize_date(child.text or "")
                no_date = no_date or (date is None and _is_zero_date(child.text or ""))
            elif ctag in ("updated", "modified") and not date:
                date = normalize_date(child.text or "")
            elif ctag == "guid" and not link and (child.text or "").startswith("http"):
                link = (child.text or "").strip()
        if base_url and link:
            try:
                link = urljoin(base_url, link)
            except ValueError:
                link = ""
        title = title.strip()
        if no_date and not date:
            # Static-site generators (Hugo's default RSS) list every page, services and team
            # members included, with the zero date "0001-01-01": such an item is not a post.
            continue
        if title or link:
            items.append(FeedItem(title=title[:300], link=link, date=date))
        if len(items) >= MAX_FEED_ITEMS:
            break
    return items


# --------------------------------------------------------------------------- classification

# Words in paths, anchor texts and titles, in English, French, Spanish, Dutch, German,
# Italian and Portuguese. Order matters: earlier kinds win ties.
_KIND_WORDS: dict[str, tuple[str, ...]] = {
    "careers": (
        "career", "careers", "jobs", "job", "join us", "join our team", "join the team", "work with us",
        "we're hiring", "we are hiring", "hiring", "vacancies", "vacancy", "openings", "internship", "internships",
        "recruitment", "carriere", "carrieres", "emplois", "recrutement", "rejoignez", "empleo", "empleos",
        "trabaja con nosotros", "trabajar con nosotros", "bolsa de trabajo", "vacatures", "werken bij", "werkenbij",
        "karriere", "stellen", "jobs", "lavora con noi", "carriere", "carreiras", "we team", "stage", "stages",
    ),
    "team": (
        "team", "our team", "the team", "people", "our people", "leadership", "management", "who we are",
        "our faces", "we have faces", "faces", "staff", "founders", "equipe", "equipo", "nuestro equipo",
        "het team", "ons team", "mensen", "unser team", "squadra", "equipa", "partners", "meet the team",
    ),
    "news": (
        "news", "press", "blog", "blogs", "insights", "newsroom", "media", "articles", "journal", "stories",
        "updates", "thinking", "ideas", "actualites", "actualite", "noticias", "prensa", "nieuws", "pers",
        "aktuelles", "neuigkeiten", "presse", "notizie", "novidades", "posts", "press releases", "magazine",
        "category/news",
    ),
    "clients": (
        "clients", "client", "our clients", "customers", "trusted by", "we are trusted", "brands", "references",
        "klanten", "clientes", "kunden", "referenzen", "referencias", "referenties", "clienti", "partners",
    ),
    "work": (
        "work", "our work", "case studies", "case study", "cases", "case", "portfolio", "projects", "project",
        "projecten", "proyectos", "projets", "realisations", "projekte", "lavori", "we deliver", "showcase",
        "success stories", "client success stories", "trabajos", "werk",
    ),
    "services": (
        "services", "service", "what we do", "capabilities", "expertise", "solutions", "offer", "our offer",
        "diensten", "dienst", "servicios", "servicio", "prestations", "leistungen", "servizi", "servicos",
        "specialties", "disciplines", "product", "products", "training", "coaching", "consulting",
        "consultancy", "strategy", "branding", "public relations", "media relations", "social media",
        "advertising", "formation", "formations", "beratung", "consultoria", "our expertise",
    ),
    "about": (
        "about", "about us", "who we are", "agency", "the agency", "our agency", "culture", "our culture",
        "we believe", "values", "our values", "mission", "our story", "story", "history", "company",
        "over", "over ons", "nosotros", "sobre nosotros", "quienes somos", "a propos", "qui sommes nous",
        "ueber uns", "uber uns", "chi siamo", "sobre", "studio", "philosophy", "approach", "manifesto",
    ),
    "contact": (
        "contact", "contact us", "get in touch", "contacto", "contactanos", "contacteer", "kontakt",
        "contatti", "contato", "send us a brief", "locations", "offices", "find us",
    ),
}

_PATH_ORDER: tuple[str, ...] = ("careers", "team", "news", "clients", "work", "services", "about", "contact")


@functools.lru_cache(maxsize=1024)
def _word_re(word: str) -> re.Pattern[str]:
    return re.compile(r"(?<![a-z0-9])" + re.escape(word) + r"(?![a-z0-9])")


def _words_in(text: str, word: str) -> bool:
    return _word_re(word).search(text) is not None


# Words too ambiguous to classify a longer label ("Ideas on Stage", "Work with us").
_EXACT_ONLY = frozenset(
    "stage stages over sobre ideas story stories media work werk case cases offer product products company people "
    "partners faces studio agency press pers project service client job jobs thinking journal updates".split()
)


# Per kind, one pattern for all the words a longer label may contain (what `_words_in` checks
# word by word): compiled once instead of one regex per word per call.
_LOOSE_RES: dict[str, re.Pattern[str]] = {
    kind: re.compile(
        r"(?<![a-z0-9])(?:" + "|".join(re.escape(w) for w in words if len(w) >= 4 and w not in _EXACT_ONLY)
        + r")(?![a-z0-9])"
    )
    for kind, words in _KIND_WORDS.items()
    if any(len(w) >= 4 and w not in _EXACT_ONLY for w in words)
}


# "Thought leadership", "Reputation management", "Crisis & issues management": a service. Only an
# unqualified "Leadership" / "Management" ("Our leadership team", "Senior management") is a team.
SERVICE_TEAM_WORD_RE = re.compile(
    r"\b(?:thought|crisis|issues?|reputation(?:al)?|risk|events?|community|project|brand|account|change|talent|"
    r"stakeholder|content|influencer|media|campaign|performance|product|data|asset|property|facilities|supply chain|"
    r"customer|client|relationship|crisis and issues|crisis & issues|crisis issues)\s+(?:leadership|management)\b"
)


@functools.lru_cache(maxsize=8192)
def _kind_from_text(text: str, loose: bool = True) -> str | None:
    t = _fold(text)
    t = re.sub(r"[^a-z0-9' /&]+", " ", t).replace("'", "")
    t = " ".join(t.split())
    if not t or len(t) > 80:
        return None
    # An exact label beats a contained word ("Our work" vs "work with us").
    for kind in _PATH_ORDER:
        if t in _KIND_WORDS[kind]:
            return kind
    if not loose or len(t.split()) > 4:
        return None
    for kind in _PATH_ORDER:
        rx = _LOOSE_RES.get(kind)
        if rx is not None and rx.search(t):
            if kind == "team" and SERVICE_TEAM_WORD_RE.search(t) and not re.search(r"\b(team|people)\b", t):
                continue
            return kind
    return None


_LANGS = frozenset("en fr es de it nl pt el zh ja ru pl sv da no nb fi ca cs hu ro tr ar he ko".split())


def _path_segments(url: str) -> list[str]:
    return list(_segments(url))


# URLs are judged many times per research (classification, each choose_pages rank): once each.
@functools.lru_cache(maxsize=8192)
def _segments(url: str) -> tuple[str, ...]:
    try:
        path = unquote(urlsplit(url).path)
    except ValueError:
        return ()
    segs = [s for s in path.lower().split("/") if s]
    if segs and "." in segs[-1]:
        stem = segs[-1].rsplit(".", 1)[0]
        segs[-1] = stem
        if stem in ("index", "default", "home"):
            segs.pop()
    # Skip language prefixes such as /en/, /fr-fr/.
    while segs and re.fullmatch(r"[a-z]{2}([-_][a-z]{2})?", segs[0]) and segs[0][:2] in _LANGS:
        segs.pop(0)
    return tuple(segs)


def is_home_url(url: str) -> bool:
    return not _path_segments(url)


@functools.lru_cache(maxsize=16384)
def classify_page(url: str, anchor_text: str = "", title: str = "", parent_label: str = "") -> PageKind:
    """The kind of a page from its URL path, the link text that points at it, and its title."""
    segs = _path_segments(url)
    if not segs:
        return "home"
    # The link text is what a reader sees; it beats the path ("We team" → careers).
    for text, loose in ((anchor_text, True), (re.split(r"\s[|·:–—-]+\s", title)[0] if title else "", False)):
        kind = _kind_from_text(text, loose) if text else None
        if kind:
            # A dated post under /news/ stays news even if its title mentions "team".
            if date_from_url(url) and kind != "news":
                break
            return kind  # type: ignore[return-value]
    firsts = segs[:2]
    for seg in firsts:
        kind = _kind_from_text(seg.replace("-", " ").replace("_", " ").replace("+", " "))
        if kind:
            return kind  # type: ignore[return-value]
    if parent_label:
        kind = _kind_from_text(parent_label)
        if kind:
            return kind  # type: ignore[return-value]
    for seg in firsts:
        if SERVICE_TEAM_WORD_RE.search(seg.replace("-", " ").replace("_", " ")):
            continue  # /thought-leadership/: not a "leadership" (team) page
        for part in re.split(r"[-_+ ]+", seg):
            if part in _EXACT_ONLY and len(firsts) == 1 and len(segs) == 1 and part != seg:
                continue
            kind = _kind_from_text(part)
            if kind:
                return kind  # type: ignore[return-value]
    if date_from_url(url):
        return "news"
    return "other"


@functools.lru_cache(maxsize=8192)
def is_listing_url(url: str) -> bool:
    """A section's top page (/news/, /blog/page/2/) rather than one post."""
    segs = _path_segments(url)
    if not segs:
        return True
    if len(segs) == 1:
        return True
    return any(s in ("page", "newspage", "category", "tag") for s in segs[-3:-1]) or segs[-1].isdigit()


# --------------------------------------------------------------------------- choosing


@dataclass
class Candidate:
    """A page the research could read: where it was found and what it likely is."""

    url: str
    kind: PageKind = "other"
    text: str = ""
    region: str = "body"
    date: str | None = None
    from_home: bool = True
    parent_label: str = ""


_KIND_PRIORITY: dict[str, int] = {
    "about": 0,
    "team": 1,
    "services": 2,
    "clients": 3,
    "work": 4,
    "news": 5,
    "careers": 6,
    "contact": 7,
    "other": 9,
}

_SKIP_PATH_WORDS = ("privacy", "cookie", "terms", "legal", "imprint", "impressum", "login", "signin",
                    "cart", "checkout", "account", "search", "404", "voorwaarden", "aviso-legal", "tag",
                    "author", "feed", "wp-admin", "cdn-cgi", "menu", "sitemap", "copyright")


@functools.lru_cache(maxsize=8192)
def _skip_score(url: str) -> int:
    segs = _path_segments(url)
    joined = "/".join(segs)
    return 1 if any(_words_in(joined.replace("-", " ").replace("_", " "), w) for w in _SKIP_PATH_WORDS) else 0


def choose_pages(home_url: str, candidates: list[Candidate], budget: int) -> list[Candidate]:
    """Pick the pages to read, best first, never more than `budget` (the home page included).

    Order: the home page, then the best one or two of each kind (nav links first), the news
    listing and the newest posts (by date), then the rest of each kind, then other pages.
    """
    if budget <= 0:
        return []
    home = canonical_url(home_url)
    by_url: dict[str, Candidate] = {}  # by page_key: /contact and /contact/ are one page
    for c in candidates:
        u = canonical_url(c.url)
        key = page_key(u)
        if key == page_key(home):
            continue
        old = by_url.get(key)
        if old is None:
            by_url[key] = Candidate(u, c.kind, c.text, c.region, c.date, c.from_home, c.parent_label)
        else:
            if old.kind == "other" and c.kind != "other":
                old.kind = c.kind
            old.date = old.date or c.date
            old.from_home = old.from_home or c.from_home
            if not old.text and c.text:
                old.text = c.text
            if c.region == "nav":
                old.region = "nav"
    chosen: list[Candidate] = [Candidate(home, "home", "", "nav", None, True)]
    taken = {home}

    def rank(c: Candidate) -> tuple:
        region_rank = {"nav": 0, "header": 0, "body": 1, "footer": 2}.get(c.region, 3)
        return (
            _skip_score(c.url),
            0 if c.from_home else 1,
            0 if is_listing_url(c.url) else 1,
            region_rank,
            len(_path_segments(c.url)),
            c.url,
        )

    groups: dict[str, list[Candidate]] = {}
    for c in by_url.values():
        groups.setdefault(c.kind, []).append(c)
    for g in groups.values():
        g.sort(key=rank)
    news = groups.get("news", [])
    news_listings = [c for c in news if is_listing_url(c.url) and not _skip_score(c.url)]
    news_posts = sorted(
        (c for c in news if not is_listing_url(c.url) and not _skip_score(c.url)),
        key=lambda c: (c.date or date_from_url(c.url) or "", c.from_home),
        reverse=True,
    )

    def take(c: Candidate) -> None:
        if len(chosen) < budget and c.url not in taken:
            chosen.append(c)
            taken.add(c.url)

    # Round 1: the best page of each kind (kinds in priority order).
    kinds = sorted((k for k in groups if k != "other"), key=lambda k: _KIND_PRIORITY.get(k, 9))
    for k in kinds:
        best = news_listings[:1] if k == "news" else [c for c in groups[k] if not _skip_score(c.url)][:1]
        if not best and k == "news":
            best = news_posts[:1]
        for c in best:
            take(c)
    # Round 2: more news listing pages (each lists many dated posts), the newest posts, and a
    # second page of each kind.
    for c in news_listings[1:3]:
        take(c)
    for c in news_posts[:3]:
        take(c)
    for k in kinds:
        if k == "news":
            continue
        pool = [c for c in groups[k] if not _skip_score(c.url)]
        limit = 2
        if k == "services":
            # The main navigation names the agency's service lines: read up to four of them
            # (Training, Coaching, Consulting, Events) before older posts.
            nav = [c for c in pool if c.region in ("nav", "header")][:4]
            pool = nav + [c for c in pool if c not in nav]
            limit = max(limit, len(nav))
        for c in pool[:limit]:
            take(c)
    # Round 3: more news posts, then everything else of a known kind, then "other".
    for c in news_posts[:8]:
        take(c)
    for k in kinds:
        for c in groups[k]:
            if k == "news" and c not in news_listings and c not in news_posts:
                continue
            if not _skip_score(c.url):
                take(c)
    for c in news_posts:
        take(c)
    for c in sorted(groups.get("other", []), key=rank):
        if not _skip_score(c.url):
            take(c)
    return chosen[:budget]


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()
