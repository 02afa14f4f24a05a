"""Facts from an agency page's HTML, and the merge of facts across pages.

Two sources are combined. trafilatura gives the main text and the page metadata (date,
site name, description). Structural extraction reads what trafilatura drops on agency sites:
headed sections and card grids (services, clients, industries), team grids (name + title),
logo walls (``alt`` text, and as the weakest signal an image file name), dated post listings,
JSON-LD and OpenGraph, addresses, emails and phones.

Everything here is pure and total: any string in, no exception out.
"""

from __future__ import annotations

import functools
import json
import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree

from . import pages as _pages
from .pages import Link, canonical_url, date_from_url, normalize_date, parse_html
from .types import Fact, FactKind, PageKind

__all__ = [
    "PageFacts",
    "extract_facts",
    "merge_facts",
    "choose_name",
    "is_placeholder",
    "is_boilerplate",
    "clean_text",
    "looks_like_person_name",
    "looks_like_job_title",
    "KIND_CAPS",
]

log = logging.getLogger(__name__)

MAX_FACT = 600

# --------------------------------------------------------------------------- text filters


_NOT_PLAIN_RUN = re.compile(r"[^\x20-\x7e\n]+")


def _blank_controls(m: re.Match[str]) -> str:
    return "".join(" " if unicodedata.category(c)[0] == "C" else c for c in m.group(0))


def clean_text(text: object) -> str:
    """Collapse whitespace, drop control characters and zero-width marks."""
    if not isinstance(text, str):
        return ""
    text = unicodedata.normalize("NFC", text)
    # Only characters outside printable ASCII can be controls: look at those alone.
    text = _NOT_PLAIN_RUN.sub(_blank_controls, text)
    text = text.replace("\u200b", "").replace("\ufeff", "")
    return " ".join(text.split())


def _fold(s: str) -> str:
    if s.isascii():  # NFKD leaves ASCII unchanged: skip the per-character pass
        return s.lower()
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)).lower()


def _key(text: str) -> str:
    """Dedupe key: case, accents, whitespace and punctuation folded away."""
    return re.sub(r"[\W_]+", "", _fold(text))


_PLACEHOLDER_RE = re.compile(
    r"lorem|ipsum|dolor sit|consectetur|adipisicing|adipiscing|coming soon|proximamente|binnenkort|"
    r"bientot|demnachst|prossimamente|under construction|en construccion|\byour company\b|company name|"
    r"\bclient name\b|\bclient (one|two|three|\d)\b|\bservice (one|two|three|four|\d)\b|\bproject (name|one|two|\d)\b|"
    r"sample text|dummy text|placeholder|\bexample\.(com|org)\b|\bjohn doe\b|\bjane doe\b|\bname surname\b|"
    r"\b(title|heading|text|subtitle|caption) (goes )?here\b|\badd (your|a) \w+ here\b|click (here )?to edit|"
    r"\bedit this\b|\byour (name|text|title|logo|tagline|email|e-mail|address|headline)\b|\bjob title\b|"
    r"\bteam member( name)?\b|hello world|just another wordpress site|\bsample page\b|\buncategori[sz]ed\b|"
    r"\btbd\b|\btba\b|\bto be announced\b|\bfoo ?bar\b|\bxxx+\b|\b123 (main )?street\b|\b(555)[- ]\d{4}\b|"
    r"\bwrite (something|a few words)\b|\bsome text\b|\byour awesome title\b|\bsite title\b|\bmy blog\b|"
    r"\bposition name\b|\bperson name\b|\bfull name\b|\bname here\b|\byour@|\byourname@|\bname@(domain|email|company)|"
    r"yourdomain|\b(email|mail|info)@(domain|email|company|yourcompany|example)\.|@domain\.com|\b000[- ]?000\b"
)


# Every alternative of _PLACEHOLDER_RE contains one of these (a text without any cannot match);
# keep them in step (tests/research/test_facts.py checks one example per alternative).
_PLACEHOLDER_LITERALS = (
    "lorem", "ipsum", "dolor sit", "consectetur", "adipi", "coming soon", "proximamente", "binnenkort", "bientot",
    "demnachst", "prossimamente", "construc", "your", "company name", "client", "service", "project", "sample",
    "dummy", "placeholder", "example.", "doe", "surname", "here", "to edit", "edit this", "job title",
    "team member", "hello world", "wordpress", "uncategori", "tbd", "tba", "announced", "foo", "xxx", "123 ",
    "555", "write ", "some text", "site title", "my blog", "name", "@", "000",
)


def is_placeholder(text: object) -> bool:
    """True for template filler: lorem ipsum, "coming soon", "Your Company", "Service One"…"""
    if not isinstance(text, str):
        return True
    return _is_placeholder(text)


# Nav, footer and card texts repeat on every page of a site: remember the verdicts.
@functools.lru_cache(maxsize=16384)
def _is_placeholder(text: str) -> bool:
    t = _fold(clean_text(text))
    if not t:
        return True
    # The big alternation is slow on long sentences; most texts contain none of its literals.
    return any(lit in t for lit in _PLACEHOLDER_LITERALS) and _PLACEHOLDER_RE.search(t) is not None


_BOILER_EXACT = frozenset(
    """
    read more|learn more|more|see more|view more|view all|see all|show more|load more|discover more|find out more|
    continue reading|read the story|read story|read article|view project|view case study|see project|see case|
    more info|details|click here|here|next|previous|prev|older posts|newer posts|older|newer|back|back to top|
    top|home|menu|close|open|toggle navigation|skip to content|skip to main content|search|submit|send|go|ok|
    share|share this|tweet|pin it|like|follow|follow us|subscribe|newsletter|sign up|sign in|log in|login|register|
    facebook|twitter|x|linkedin|instagram|pinterest|youtube|vimeo|tiktok|whatsapp|email|e-mail|print|rss|
    accept|accept all|reject|reject all|decline|cookie settings|manage cookies|privacy|privacy policy|cookies|
    cookie policy|terms|terms and conditions|terms of use|legal|imprint|impressum|sitemap|all|todos|alle|tous|
    leave this field blank|spread the word|archives|categories|category|tags|tag|recent posts|related posts|
    see also|top categories|posted in|leer mas|ver mas|lees meer|meer|mehr|weiterlesen|en savoir plus|lire la suite|
    voir plus|contact|contact us|about|about us|services|our services|work|our work|clients|our clients|team|
    our team|news|blog|careers|jobs|get in touch|let's talk|lets talk|say hello|hello|start a project|
    watch video|play|pause|loading|scroll|scroll down|explore|more work|all posts|all news|view all posts|
    key benefits|benefits|why us|why choose us|how it works|faq|faqs|frequently asked questions|testimonials|
    what our clients say|what clients say|get started|next steps
    """.replace("\n", "").split("|")
)
_BOILER_EXACT = frozenset(x.strip() for x in _BOILER_EXACT)

_BOILER_RE = re.compile(
    r"cookie|all rights reserved|\bcopyright\b|^\s*©|\(c\) \d{4}|powered by|designed by|developed by|desarrollado por|"
    r"ontwikkeld door|built with|theme by|we use cookies|this (web)?site uses|javascript (is )?(disabled|required)|"
    r"enable javascript|your browser|skip to|^by admin$|^posted (on|by|in)\b|^share (on|this|via)\b|"
    r"^follow us\b|^subscribe\b|^sign up\b|newsletter|gdpr|leave this field|\bslide background\b|"
    r"^layer\d|^image\d*$|^img_?\d+|^dsc_?\d+|^photo\d*$|^untitled|^\.\.\.$|^…$|"
    # A filter's reset button: "All works", "View all projects", "Todos los proyectos".
    r"^((show|view|see) )?(all|todos|todas|alle|tous|toutes|tutti|tutte|alles)( (the|our|los|las|les|de|die|i|le))? "
    r"(works?|projects?|projecten|proyectos|projets|progetti|projekte|cases|case studies|categories|posts|articles|"
    r"news|items|clients|services|industries|sectors|trabajos|arbeiten|werk)$"
)


def is_boilerplate(text: object) -> bool:
    """True for navigation labels, cookie banners, share buttons, copyright lines and the like."""
    if not isinstance(text, str):
        return True
    return _is_boilerplate(text)


@functools.lru_cache(maxsize=16384)
def _is_boilerplate(text: str) -> bool:
    t = _fold(clean_text(text)).strip(" .:;,-–—|/>»›→←<«‹*•·!?")
    if not t:
        return True
    if t in _BOILER_EXACT:
        return True
    if not re.search(r"[^\W\d_]", t):
        return True  # no letters at all
    return _BOILER_RE.search(t) is not None


def _usable(text: str) -> bool:
    return bool(text) and not is_placeholder(text) and not is_boilerplate(text)


def _shorten(text: str, limit: int = 300) -> str:
    text = clean_text(text)
    if len(text) <= limit:
        return text
    cut = text[:limit]
    for sep in (". ", "; ", ", ", " "):
        i = cut.rfind(sep)
        if i > limit // 2:
            return cut[: i + (1 if sep.startswith(".") else 0)].rstrip(" ,;") + "…"
    return cut.rstrip() + "…"


# --------------------------------------------------------------------------- people

_JOB_WORDS = (
    "ceo cto cfo coo cmo cco cio cso cpo vp svp evp md gm founder co-founder cofounder founding owner partner "
    "director directora directeur directrice manager head lead leader president chair chairman chairwoman chief "
    "officer principal strategist designer developer engineer consultant specialist executive editor writer "
    "producer planner analyst coordinator associate assistant officer account copywriter architect researcher "
    "advisor adviser counsel intern trainee fundador fundadora socio socia gerente jefe jefa responsable "
    "directeur-general oprichter eigenaar ontwerper vormgever ontwikkelaar medewerker adviseur grunder "
    "geschaftsfuhrer geschaftsfuhrerin leiter leiterin inhaber inhaberin fondatore fondatrice fondateur "
    "fondatrice amministratore formateur formatrice coach trainer creative animator illustrator photographer "
    "videographer webdeveloper programmer officer manager evangelist ambassador secretary treasurer "
    "communications marketing publicist apprentice"
).split()
_STRONG_JOB = frozenset(
    "ceo cto cfo coo cmo cco cio vp svp evp founder co-founder cofounder partner director directora directeur "
    "directrice manager head lead president chairman chairwoman chair chief principal owner fundador fundadora "
    "socio socia gerente oprichter eigenaar geschaftsfuhrer inhaber fondateur fondatrice fondatore md gm".split()
)
_JOB_SET = frozenset(_JOB_WORDS)

_NAME_PARTICLES = frozenset("van von de der den del della di da das dos du la le el y e bin al ten ter zu af".split())

_COMMON_WORDS = frozenset(
    """
    the our we you your us a an and or of for in on at to with by from is are be this that these those it its
    team core people about services service work works client clients news blog contact home careers career
    jobs job culture values mission vision story history agency studio company group digital design web
    development marketing communications communication media social public relations pr strategy creative
    brand branding content research ux ui product products project projects case cases study studies
    featured latest recent new all more read learn view see get find meet join follow share subscribe
    welcome hello thank thanks office offices location locations address phone email mail call send message
    support help faq privacy policy terms legal cookie cookies copyright rights reserved menu search
    collaborators alumni leadership management board directors partners founders staff experts expertise
    what who how why where when our approach process solutions solution industries industry sectors sector
    awards award recognition press events event podcast resources resource insights insight thinking
    capabilities offer offering portfolio references testimonials testimonial quote reviews review
    training coaching consulting consultancy presentation presentations speaking executive business
    internal external international global local national world europe asia america africa
    web interactive film animation video photography illustration illustrations accessibility interaction
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december today yesterday open source free online mobile app apps
    games game consultancy concept production build publishing
    nuestro nuestra nuestros servicios equipo clientes contacto sobre nosotros inicio noticias
    onze ons diensten klanten nieuws over werk projecten
    notre nos equipe actualites accueil
    unser unsere kunden leistungen
    """.split()
)


def looks_like_job_title(text: str, strong_only: bool = False) -> bool:
    """A short line naming a role: "Founder, CEO", "Senior Content Director", "Fundadora | …"."""
    t = _fold(clean_text(text))
    if not t or len(t) > 90 or len(t.split()) > 12:
        return False
    words = set(re.findall(r"[a-z][a-z\-]*", t))
    words |= {w.split("-")[-1] for w in words if "-" in w}
    if strong_only:
        return bool(words & _STRONG_JOB)
    return bool(words & _JOB_SET)


_NAME_TOKEN_RE = re.compile(r"^[^\W\d_][^\W\d_'’\-.]*(?:[’'\-][^\W\d_]+)*\.?$")


def looks_like_person_name(text: str, allow_single: bool = False) -> bool:
    """Two to five capitalised words (particles like "van", "de" allowed), no digits, no job words."""
    t = clean_text(text)
    if not t or len(t) > 50 or any(ch.isdigit() for ch in t):
        return False
    if any(ch in t for ch in "|,:;!?()[]{}/@&+=#*\"“”«»"):
        return False
    tokens = t.split()
    if not (2 <= len(tokens) <= 5) and not (allow_single and len(tokens) == 1 and len(t) >= 3):
        return False
    caps = 0
    for i, tok in enumerate(tokens):
        low = _fold(tok).strip(".")
        if low in _NAME_PARTICLES and 0 < i < len(tokens) - 1:
            continue
        if not _NAME_TOKEN_RE.match(tok):
            return False
        if not tok[0].isupper():
            return False
        if tok.isupper() and len(tok) > 3:
            return False
        if low in _COMMON_WORDS or low in _JOB_SET:
            return False
        caps += 1
    return caps >= (1 if allow_single else 2)


# --------------------------------------------------------------------------- blocks

_BLOCK_TAGS = frozenset(
    "p div li ul ol dl dt dd h1 h2 h3 h4 h5 h6 section article main header footer aside figure figcaption "
    "blockquote address table tr td th tbody thead form fieldset details summary pre body center button".split()
)
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_SKIP_TAGS = frozenset("script style noscript template svg iframe object embed canvas select option nav input "
                       "textarea head link meta math video audio map".split())
_SKIP_CLASS_RE = re.compile(
    r"(^|[\s_-])(cookie\w*|consent|gdpr|cc-banner|newsletter|share|sharing|social-share|sharedaddy|"
    r"breadcrumbs?|skip-link|screen-reader-text|sr-only|visually-hidden|sidebar|comments?|comment-respond|"
    r"pagination|pager|nav-links|post-navigation|related-posts|widget_archive|widget_categories|widget_tag_cloud|"
    r"archives?|tagcloud|author-box|menu|navbar|offcanvas|modal)($|[\s_-])"
)
_SUBTITLE_CSS_RE = re.compile(r"(^|[\s_-])(sub-?headings?|sub-?titles?|subhead|taglines?|kicker|eyebrow|overline|pre-?title)($|[\s_-])")
_QUOTE_CLASS_RE = re.compile(r"testimonial|quote|review|slider-quote|carousel-testimonial")
_ALUMNI_RE = re.compile(r"\b(alumni|former|past (team|members)|ehemalige|anciens|antiguos|oud-)\b")


@dataclass
class Block:
    """A run of text owned by one block element, in document order."""

    text: str
    tag: str
    el: object
    region: str  # main | footer | header
    headings: tuple[tuple[int, str], ...]  # enclosing section headings, outermost first
    quote: bool = False
    css: str = ""
    link_ratio: float = 0.0

    @property
    def level(self) -> int:
        return _HEADINGS.get(self.tag, 0)

    @property
    def section(self) -> str:
        return self.headings[-1][1] if self.headings else ""

    @property
    def heading(self) -> tuple[int, str] | None:
        """The nearest real heading (not an element's id/class label, level 0)."""
        for h in reversed(self.headings):
            if h[0]:
                return h
        return None


def _classes(el: etree._Element) -> str:
    try:
        return f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    except (ValueError, TypeError):
        return ""


# Class attributes repeat across a page and a site (grids, cards, spacers): judge each once.
# A class token that states whether a layout has something ("no-sidebar", "has-sidebar",
# "without-menu", "with-modal") names no element of that kind.
_STATE_TOKEN_RE = re.compile(r"(?:^|\s)(?:no|has|with|without|is|hide|show)[-_]\S*")


@functools.lru_cache(maxsize=8192)
def _css_flags(css: str) -> tuple[bool, bool, bool]:
    """(skip the element, it is a footer, it is a quote) from its class and id."""
    skip_css = _STATE_TOKEN_RE.sub(" ", css) if ("no" in css or "has" in css or "with" in css or "is" in css
                                                  or "hide" in css or "show" in css) else css
    return (
        bool(skip_css.strip()) and _SKIP_CLASS_RE.search(skip_css) is not None,
        re.search(r"(^|\s)(site-)?footer", css) is not None,
        _QUOTE_CLASS_RE.search(css) is not None,
    )


_ZONE_TAGS = frozenset("section div article aside ul ol".split())
_ZONE_NOISE = frozenset("section home page block wrapper wrap container area list grid module row inner content "
                        "main box our".split())
_ZONE_KINDS = ("service", "client", "industry", "award")


@functools.lru_cache(maxsize=4096)
def _zone_label(css: str) -> str:
    """The section word an element's id or class names ("services", "home-clients",
    "section-awards"), or "". Only the words that label lists: services, clients, industries, awards."""
    for token in css.split():
        words = [w for w in re.split(r"[-_]+", token) if w and w not in _ZONE_NOISE]
        if not words or len(words) > 2:
            continue
        label = " ".join(words)
        for kind in _ZONE_KINDS:
            if label in _SECTION_WORDS[kind]:
                return label
    return ""


def _iter_blocks(root: etree._Element, max_blocks: int = 4000,
                 zones: list[tuple[str, etree._Element]] | None = None) -> list[Block]:
    """The page's text blocks; `zones`, if given, collects (label, element) of the elements whose
    id or class names a section (see `_zone_label`)."""
    blocks: list[Block] = []
    headings: list[tuple[int, str]] = []
    buf: list[str] = []
    linked = [0]
    stack: list[tuple[str, object, str, bool, str]] = []  # (tag, el, region, quote, css)

    def flush() -> None:
        if not buf:
            return
        raw = "".join(buf)
        buf.clear()
        nlinked = linked[0]
        linked[0] = 0
        text = clean_text(raw.replace("\n", " \n "))
        if not text or not stack:
            return
        tag, el, region, quote, css = stack[-1]
        if len(blocks) >= max_blocks:
            return
        lvl = _HEADINGS.get(tag, 0)
        if lvl and css and _SUBTITLE_CSS_RE.search(css):
            # A section's subtitle or eyebrow (<h3 class="section-subheading">Recent campaigns for
            # clients we love</h3> under <h2>Our work</h2>): a tagline, not the label of what follows.
            blocks.append(Block(text, tag, el, region, tuple(headings), quote, css, min(1.0, nlinked / max(1, len(text)))))
        elif lvl:
            while headings and headings[-1][0] >= lvl:
                headings.pop()
            blocks.append(Block(text, tag, el, region, tuple(headings), quote, css, min(1.0, nlinked / max(1, len(text)))))
            headings.append((lvl, text[:200]))
        else:
            blocks.append(Block(text, tag, el, region, tuple(headings), quote, css, min(1.0, nlinked / max(1, len(text)))))

    def add(text: str, in_link: bool) -> None:
        buf.append(text)
        if in_link:
            linked[0] += len(text.strip())

    def walk(el: etree._Element, region: str, quote: bool, depth: int, in_link: bool = False) -> None:
        # `in_link`: el sits inside an <a>; el's tail belongs to the same context.
        tag = el.tag
        if not isinstance(tag, str):
            if el.tail:
                add(el.tail, in_link)
            return
        tag = tag.lower()
        # <body class="no-sidebar nav-float-right footer-widgets-3">: a theme's classes for the page
        # template, not a region of the page.
        css = _classes(el) if tag not in ("body", "html") else ""
        skip_css, footer_css, quote_css = _css_flags(css)
        role = (el.get("role") or "").lower()
        style = el.get("style")
        if (
            tag in _SKIP_TAGS
            or (tag == "button" and role != "tab")
            or role in ("navigation", "search", "dialog", "banner-cookie")
            or skip_css
            or el.get("hidden") is not None
            or (el.get("aria-hidden") or "").lower() == "true"
            or (style and "display:none" in style.replace(" ", "").lower())
            or depth > 120
        ):
            if el.tail:
                add(el.tail, in_link)
            return
        if tag == "footer" or role == "contentinfo" or footer_css:
            region = "footer"
        elif tag == "header" and region == "main" and depth < 6:
            region = "header"
        if tag == "blockquote" or quote_css:
            quote = True
        href = (el.get("href") or "").strip() if tag == "a" else ""
        inner_link = in_link or (tag == "a" and bool(href) and not href.startswith(("#", "javascript:")))
        if tag == "br":
            buf.append("\n")
        block = tag in _BLOCK_TAGS
        zone_at = -1
        if block:
            flush()
            stack.append((tag, el, region, quote, css))
            if css.strip() and tag in _ZONE_TAGS:
                label = _zone_label(css)
                if label:
                    if zones is not None:
                        zones.append((label, el))
                    # <section id="services">: a label for what is inside, like a heading would be
                    # (level 0: real headings inside nest under it), ending with the element.
                    zone_at = len(headings)
                    headings.append((0, label))
        if el.text:
            add(el.text, inner_link)
        for child in el:
            walk(child, region, quote, depth + 1, inner_link)
        if block:
            flush()
            stack.pop()
            if zone_at >= 0:
                del headings[zone_at:]
        if el.tail:
            add(el.tail, in_link)

    try:
        walk(root, "main", False, 0)
        flush()
    except (ValueError, TypeError, RecursionError):
        pass
    return blocks


# --------------------------------------------------------------------------- keywords

_SECTION_WORDS: dict[str, tuple[str, ...]] = {
    "service": ("services", "service", "what we do", "expertise", "capabilities", "our offer", "offering",
                "solutions", "diensten", "servicios", "prestations", "leistungen", "servizi", "servicos",
                "we do", "specialities", "specialties", "disciplines", "competences", "competencias",
                "what we offer", "how we help", "areas of expertise", "practice areas"),
    "client": ("clients", "client", "customers", "trusted by", "brands", "we work with", "worked with",
               "references", "klanten", "clientes", "kunden", "referenzen", "clienti", "partners we",
               "our partners", "who we work", "brand roster", "some of our", "logos", "proud to work with",
               "proud to partner with"),
    "industry": ("industries", "industry", "sectors", "sector", "sectores", "sectoren", "branchen",
                 "secteurs", "settori", "verticals", "markets we", "areas we serve"),
    "value": ("values", "our values", "culture", "we believe", "believe", "principles", "mission", "manifesto",
              "philosophy", "what we stand for", "our approach", "how we work", "valores", "waarden", "werte",
              "valeurs", "cultura", "cultuur", "kultur", "vision", "purpose", "ethos", "we team", "why us",
              "what we value", "what we care about"),
    "team": ("team", "our team", "people", "leadership", "management", "founders", "faces", "equipo",
             "equipe", "staff", "core team", "partners", "who we are", "board", "meet"),
    "award": ("awards", "award", "recognition", "accolades", "premios", "prijzen", "auszeichnungen", "prix"),
    "careers": ("careers", "career", "jobs", "join us", "join our team", "open positions", "openings",
                "vacancies", "vacatures", "empleo", "internships", "work with us", "we're hiring", "open roles",
                "we are hiring", "trabaja con nosotros", "trabajar con nosotros"),
    "location": ("offices", "locations", "our offices", "where we are", "find us", "visit us", "address",
                 "oficinas", "kantoren", "bureaux", "standorte"),
}


# One pattern per kind for all its words, compiled once (kinds keep their order).
_SECTION_RES: dict[str, re.Pattern[str]] = {
    kind: re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(w) for w in words) + r")(?![a-z])")
    for kind, words in _SECTION_WORDS.items()
}


@functools.lru_cache(maxsize=8192)
def _section_kind(heading: str) -> str | None:
    t = _fold(heading)
    t = " ".join(re.sub(r"[^a-z0-9' ]+", " ", t).split())
    if not t or len(t) > 70:
        return None
    # A section label is short ("Our values", "Some of our clients", "What we stand for"); a
    # longer heading is a statement that happens to use the word ("Change the culture of
    # presentations in your company" heads a training offer, not the agency's culture).
    if t.count(" ") >= 6 and t not in _SECTION_WORDS.get("value", ()):
        return None
    # A heading written as a sentence ("We make brands worth talking about.") is a statement, not a
    # label, unless it is a label exactly ("Why us?").
    if heading.rstrip().endswith((".", "!", "?")) and t.count(" ") >= 2 and not any(t in w for w in _SECTION_WORDS.values()):
        return None
    for kind, rx in _SECTION_RES.items():
        if t in _SECTION_WORDS[kind] or rx.search(t):
            if kind == "team" and t not in _SECTION_WORDS[kind] and _pages.SERVICE_TEAM_WORD_RE.search(t) \
                    and not re.search(r"\b(team|people)\b", t):
                continue  # "Thought leadership", "Reputation management": a service
            return kind
    return None


_VALUE_RE = re.compile(
    r"\b(we believe|believe in|our values?|values\b|culture|integrity|respect|transparen|accountab|"
    r"passion|commit|excellence|diversity|inclusi|collaborat|teamwork|team effort|honest|curiosity|"
    r"sustainab|our mission|mission is|our vision|we care|we value|ethic|empower|creativity|"
    r"balanced lifestyle|equal opportunit|open conversation|enthusias|dedicat|toewijding|geloven|"
    r"creemos|valores|colaborativ|conversacion abierta|nous croyons|wir glauben|we stray|requirement and not|"
    r"belong together|goal|we all have|our team is|convinced|quality)\b"
)
_AWARD_RE = re.compile(
    r"\b(awards?|award-winning|winners?|won|shortlist(ed)?|finalists?|cannes lions?|prweek|pr week|hermes|"
    r"sabre|effies?|effie|clio|d&ad|webby|webbys|awwwards|grand prix|gold|silver|bronze|golden|honou?red|"
    r"premios?|premiad[oa]|galardon|prijs|prijzen|gewonnen|preis|auszeichnung|prix|laureat|recogni[sz]ed as|"
    r"named .{0,40} (agency|consultancy|firm) of the year|of the year|ερμης|βραβει)\b"
)
# Pages about clients and their projects: what they say about missions, places and prizes is
# mostly the client's.
_CASE_KINDS = frozenset({"work", "clients", "news"})
# A named prize: "Learning Excellence Awards", "Cannes Lions", "the SABRE Awards", "Golden Hermes".
_NAMED_AWARD_RE = re.compile(
    r"\b[A-Z0-9][\w&'’.-]*\s+(?:Awards?|Prize|Prix|Lions?|Trophies|Trophy)\b|\b(?:Grand Prix|Cannes Lions|"
    r"Effies?|SABRE|Webby|Clio|D&AD|Awwwards|Hermes|Ερμής|Premios? [A-Z]|Prix [A-Z])\b"
)


_AWARD_NEWS_RE = re.compile(
    r"(?i)\b(wins?|won|winners?|finalists?|shortlist(ed)?|awarded|honou?red|receives?|scoops?|takes home|"
    r"gana|ganadores?|finalistas?|remporte|laureats?|lauréats?|wint|gewonnen|gewinnt)\b"
)


def _is_quoted(text: str) -> bool:
    """A sentence opening or closing with quotation marks: someone's words (a testimonial)."""
    t = text.strip()
    return t[:1] in "\"“”„«‘'" or t[-1:] in "\"“”»’" or t.endswith(('."', '.”'))


_CAREER_RE = re.compile(
    r"\b(we'?re hiring|we are hiring|join (us|our team|the team)|open (positions|roles)|current openings|"
    r"job openings|vacanc(y|ies)|vacatures?|internships?|interns?\b|apply (now|today|here)|send (us )?your (cv|resume)|"
    r"careers?|recruit|talent|looking for (talented|passionate|people|someone|a |an )|work with us|"
    r"trabaja(r)? con nosotros|estamos creciendo|unete|practicas|becari|stage(s|aire)?\b|stagiair|"
    r"werken bij|kom werken|rejoignez|wir suchen|lavora con noi|opportunit(y|ies)|positions?\b|job description)"
)
_ABOUT_RE = re.compile(
    r"\b(agency|agencies|studio|consultancy|firm|company|collective|team of|specialis[ez]|specializ|"
    r"we help|helps|dedicated to|we are an?|is an?|founded|since (19|20)\d\d|established|full[- ]?service|"
    r"agencia|agence|bureau|somos|nous sommes|wij zijn|wordt gevormd|wir sind|we do)\b"
)
_LOCATION_HINT_RE = re.compile(
    r"\b(based in|offices? in|located in|headquarter(s|ed)? in|we work in|presence in|team is based|"
    r"studios? in|with offices|sede en|oficinas en|gevestigd in|situe[es]? a|basee? a|bureaux a)\b"
)
_STREET_RE = re.compile(
    r"\b(street|str\.|st\.|road|rd\.?|avenue|ave\.?|boulevard|blvd|lane|drive|way|place|square|sqr\.?|plaza|"
    r"suite|floor|building|unit|room|straat|str|weg|laan|gracht|plein|vest|kade|strasse|straße|gasse|platz|"
    r"allee|calle|avenida|av\.|carrera|colonia|col\.|rue|boulevard|chemin|via|viale|piazza|corso|rua|"
    r"c/o|po box|p\.o\. box|district|jardines|aufgang|entrance)\b"
)
_POSTCODE_RE = re.compile(
    r"\b(\d{4}\s?[A-Z]{2}|\d{5}|\d{3}\s?\d{2}|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}|\d{6}|cp\s?\d{4,5}|"
    r"[A-Z]{2}\s\d{5}|\d{4})\b",
    re.IGNORECASE,
)
# The label of a company's registration or tax number, which is no phone number.
_REGISTRATION_RE = re.compile(
    r"\b(company|registered|registration|reg|vat|tax|kvk|btw|cif|nif|siret|siren|rcs|abn|acn|ein|uid|ust|hrb|"
    r"cvr|chamber of commerce|handelsregister|p\.?iva|partita iva|registree|enregistree|immatricule\w*)\b"
    r"[\w\s.:#/°-]{0,20}$"
)
_EMAIL_RE = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,200}\.[A-Za-z]{2,24}(?![\w-])")
_PHONE_RE = re.compile(r"(?<![\w+])(\+?\(?\d[\d\s().\-/]{6,20}\d)(?![\w])")


# --------------------------------------------------------------------------- page facts


@dataclass
class PageFacts:
    """What one page yields: its title, name candidates, description, date, facts and links."""

    url: str
    kind: PageKind = "other"
    title: str = ""
    names: list[tuple[str, float]] = field(default_factory=list)
    descriptions: list[str] = field(default_factory=list)
    date: str | None = None
    facts: list[Fact] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)
    refresh: str | None = None
    # Case studies with their measured results ("Client — Title: screenings rose 34%"), merged as
    # client facts after the plain client names; and the keys of case-study titles whose client is
    # known, which are projects and not clients.
    cases: list[tuple[str, Fact]] = field(default_factory=list)  # (case key, fact)
    case_titles: set[str] = field(default_factory=set)
    # Keys of clients the page names as clients in so many words (a "Clients include: …" sentence,
    # a list or logo wall under a "Clients" heading): ranked before project titles from work grids.
    named_clients: set[str] = field(default_factory=set)
    # The page had so many elements that only its start and end were read (coach.research.trim).
    trimmed: bool = False


# A link that asks the reader to do something ("Learn more about our training", "Ask a price quote").
_CTA_RE = re.compile(
    r"(?:learn|discover|ask|read|see|view|get|contact|find|explore|request|book|download|watch|try|join|start|"
    r"call|email|send|click|go|visit|check|meet|sign|subscribe|apply|descubre|conoce|ver|leer|solicita|"
    r"contacta|decouvr\w*|en savoir|lire|voir|demande\w*|ontdek|bekijk|lees|entdecke\w*|mehr|scopri)\b"
)
_LEAD_MARK_RE = re.compile(r"^[\s→⟶➜➔▸▹►›»•·◦▪■□✓✔✗*>–—-]+(?=[^\W\d_])")


class _Collector:
    def __init__(self, url: str) -> None:
        self.url = url
        self.facts: list[Fact] = []
        self.seen: set[tuple[str, str]] = set()

    def add(self, kind: FactKind, text: str, date: str | None = None, source: str | None = None,
            check: bool = True) -> None:
        text = _shorten(text, 300 if kind not in ("news",) else 260)
        if kind not in ("contact", "location"):
            text = _LEAD_MARK_RE.sub("", text)  # "→ Casa Iguana", "» Branding", "• Media relations"
        if not text or len(text) < 2:
            return
        if check and not _usable(text):
            return
        if kind not in ("contact", "location") and is_placeholder(text):
            return
        k = (kind, _key(text))
        if not k[1] or k in self.seen:
            return
        self.seen.add(k)
        if date is not None and not re.match(r"^\d{4}-\d{2}(-\d{2})?$", date):
            date = None
        try:
            self.facts.append(Fact(kind=kind, text=text[:MAX_FACT], source=(source or self.url)[:2000], date=date))
        except ValueError:
            pass


def _sentences(text: str) -> list[str]:
    out: list[str] = []
    for line in text.split("\n") if isinstance(text, str) else []:
        line = clean_text(line)
        if not line:
            continue
        parts = re.split(r"(?<=[.!?。])\s+(?=[\"“'‘(¿¡A-ZÀ-ÖØ-Þ0-9Α-Ω])", line)
        out.extend(p.strip() for p in parts if 12 <= len(p.strip()) <= 400)
    return out


def _title_of(tree: etree._Element) -> str:
    # The document <title> in <head>, not an inline SVG <title>.
    for path in ("head/title", "title"):
        try:
            el = tree.find(path)
        except (SyntaxError, ValueError):
            el = None
        if el is not None:
            t = clean_text(el.text_content() if hasattr(el, "text_content") else el.text or "")
            if t:
                return t[:400]
    return ""


def _meta(tree: etree._Element) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in tree.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or "").strip().lower()
        val = clean_text(m.get("content") or "")
        if key and val and key not in out:
            out[key] = val[:1000]
    return out


def _jsonld(tree: etree._Element) -> list[dict]:
    out: list[dict] = []
    for s in tree.iter("script"):
        if (s.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = (s.text or "").strip()
        if not raw or len(raw) > 300_000:
            continue
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            continue

        def visit(node: object, depth: int = 0) -> None:
            if depth > 6 or len(out) > 50:
                return
            if isinstance(node, list):
                for n in node[:50]:
                    visit(n, depth + 1)
            elif isinstance(node, dict):
                if "@type" in node:
                    out.append(node)
                if "@graph" in node:
                    visit(node["@graph"], depth + 1)

        visit(data)
    return out


def _types(node: dict) -> set[str]:
    t = node.get("@type")
    if isinstance(t, str):
        return {t.lower()}
    if isinstance(t, list):
        return {x.lower() for x in t if isinstance(x, str)}
    return set()


def _str(v: object) -> str:
    if isinstance(v, str):
        return clean_text(v)
    if isinstance(v, dict):
        return _str(v.get("name") or v.get("@value") or "")
    if isinstance(v, list) and v:
        return _str(v[0])
    return ""


def _address_text(v: object) -> str:
    if isinstance(v, str):
        return clean_text(v)
    if isinstance(v, list):
        return "; ".join(a for a in (_address_text(x) for x in v[:5]) if a)
    if isinstance(v, dict):
        parts = [v.get(k) for k in ("streetAddress", "postalCode", "addressLocality", "addressRegion", "addressCountry")]
        return ", ".join(_str(p) for p in parts if _str(p))
    return ""


_ORG_TYPES = {"organization", "localbusiness", "corporation", "professionalservice", "ngo",
              "advertisingagency", "marketingagency", "onlinebusiness", "website"}
_POST_TYPES = {"newsarticle", "blogposting", "article", "pressrelease", "reportagenewsarticle"}


def _img_name(src: str) -> str:
    """A cleaned image file name: "../logos/Alpha-Bank-1.jpg" → "Alpha Bank"."""
    src = unquote(src or "").replace("\\", "/").split("?")[0].split("#")[0]
    name = src.rsplit("/", 1)[-1]
    name = re.sub(r"\.(png|jpe?g|gif|svg|webp|avif|bmp)$", "", name, flags=re.I)
    name = re.sub(r"[-_ ]?\d{2,4}x\d{2,4}$", "", name)
    name = re.sub(r"(?i)(^|[-_ ])(logos?|logo\d*|tile|thumb(nail)?|icon|img|image|client|brand|white|black|"
                  r"color|colour|grey|gray|small|large|big|retina|@2x|\d+)(?=$|[-_ ])", " ", name)
    name = re.sub(r"[-_]+", " ", name)
    name = " ".join(name.split())
    if len(name) < 2 or len(name) > 40 or not re.search(r"[^\W\d_]", name):
        return ""
    return name


def _alt_is_filename(alt: str) -> bool:
    return bool(re.search(r"\.(png|jpe?g|gif|svg|webp)$", alt.strip(), re.I))


_GENERIC_ALT = re.compile(r"^(\W*|logo|logos|client|clients|klant logo|client logo|brand|image|img|picture|photo|"
                          r"foto|icon|thumbnail|banner|slide|placeholder|\.\.\.|…|untitled|[a-z]?\d+)$", re.I)


def _logo_name(img: etree._Element, allow_filename: bool) -> str:
    alt = clean_text(img.get("alt") or img.get("title") or "")
    if not alt or _GENERIC_ALT.match(_fold(alt)):
        alt = clean_text(img.get("aria-label") or img.get("title") or "") or alt  # alt="..." aria-label="Acme Logo"
    if alt and _alt_is_filename(alt):
        return _img_name(alt) if allow_filename else ""
    if alt and not _GENERIC_ALT.match(_fold(alt)):
        alt = re.sub(r"(?i)\s*[-–|]?\s*\b(logo|logotipo|logotype)\b\s*", " ", alt).strip(" -–|")
        return alt if 2 <= len(alt) <= 60 else ""
    if allow_filename:
        return _img_name(img.get("src") or img.get("data-src") or "")
    return ""


def _section_el(heading_el: etree._Element) -> etree._Element | None:
    """The smallest ancestor of a heading that holds more than the heading itself."""
    el = heading_el
    for _ in range(4):
        parent = el.getparent()
        if parent is None:
            return el
        el = parent
        if len(el) > 1 and len(el.xpath(".//img|.//li|.//h3|.//h4|.//p")) > 2:
            return el
    return el


def _following_imgs(heading_el: etree._Element, limit: int = 200) -> list[etree._Element]:
    """Images after a heading, until the next heading of the same or a higher level."""
    lvl = _HEADINGS.get(str(heading_el.tag).lower(), 6)
    out: list[etree._Element] = []
    started = False
    # Walk the document from the heading onwards.
    root = heading_el.getroottree().getroot()
    for el in root.iter():
        if el is heading_el:
            started = True
            continue
        if not started or not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        if tag in _HEADINGS:
            t = clean_text(el.text_content() if hasattr(el, "text_content") else "")
            # The next heading of the same or a higher level ends the wall, and so does a
            # sub-heading that starts another section ("Featured case studies" under "Clients").
            if t and (_HEADINGS[tag] <= lvl or _other_section_label(t)):
                break
        if tag == "img":
            out.append(el)
            if len(out) >= limit:
                break
    return out


def _split_list(text: str) -> list[str]:
    parts = re.split(r",|;|\s+(?:and|y|et|en|und|e)\s+|\s+&\s+(?=[A-Z])", text)
    return [p.strip(" .:") for p in parts if p.strip(" .:")]


# Words that name a discipline (what an agency does) rather than a sector (whom it serves).
_DISCIPLINE_RE = re.compile(
    r"\b(design|designs|development|research|branding|brand identity|identity|strateg\w*|illustrations?|"
    r"accessibility|animation|motion|video|film|photography|copywriting|content|seo|sem|ux|ui|"
    r"public relations|pr|social media|advertising|consult\w*|training|coaching|events?|web|websites?|"
    r"apps?|editorial|diseno|desarrollo|ontwerp|ontwikkeling|gestaltung|entwicklung|conception)\b"
)


_CLIENT_INCLUDE_RE = re.compile(
    r"(?i)\b(?:clients? (?:include|includes|including|such as)|our clients are|clients like|worked with(?: brands like| clients like)?|"
    r"trusted by|brands like|clientes como|klanten zoals|klanten als|kunden wie)\s*:?\s*(.{3,600})"
)


def _is_short_label(text: str, max_words: int = 8, max_chars: int = 80) -> bool:
    return 0 < len(text) <= max_chars and len(text.split()) <= max_words and not text.endswith((".", "?", "!"))


def _path_depth(url: str) -> int:
    return len(_pages._path_segments(url))


def page_links(tree: etree._Element, url: str, page_kind: PageKind = "other",
               meta: dict[str, str] | None = None) -> PageFacts:
    """The part of a page that tells where to go next, without its facts: title, links, feeds
    and a <meta http-equiv=refresh> target. Quick (a few ms), so the engine can start the next
    requests before the page's facts are extracted; `extract_facts(links=...)` reuses it."""
    pf = PageFacts(url=url, kind=page_kind)
    pf.title = _title_of(tree)
    pf.links = _pages.discover_links(tree, url)
    pf.feeds = _pages.feed_links(tree, url)
    refresh = (meta if meta is not None else _meta(tree)).get("refresh", "")
    for m in tree.iter("meta"):
        if (m.get("http-equiv") or "").lower() == "refresh":
            refresh = m.get("content") or ""
    mm = re.search(r"url\s*=\s*['\"]?([^'\"\s>]+)", refresh, re.I)
    if mm:
        try:
            pf.refresh = urljoin(url, mm.group(1))
        except ValueError:
            pf.refresh = None
    return pf


def extract_facts(html: str | bytes, url: str, page_kind: PageKind = "other", tree: object = None,
                  use_trafilatura: bool = True, links: PageFacts | None = None) -> PageFacts:
    """Facts from one page. Never raises: a broken page gives an empty PageFacts.

    `links`: `page_links()` of the same tree and URL, when already computed."""
    try:
        return _extract(html, url, page_kind, tree, use_trafilatura, links)
    except Exception as exc:  # noqa: BLE001 - the contract is "no exception out"
        log.debug("extract_facts failed on %s: %r", url, exc)
        return PageFacts(url=url if isinstance(url, str) else "", kind=page_kind if isinstance(page_kind, str) else "other")  # type: ignore[arg-type]


def _extract(html: str | bytes, url: str, page_kind: PageKind, tree: object, use_trafilatura: bool,
             links: PageFacts | None = None) -> PageFacts:
    if not isinstance(url, str) or not url:
        url = "about:blank"
    pf = PageFacts(url=url, kind=page_kind)
    if tree is None:
        tree = parse_html(html if isinstance(html, (str, bytes)) else "")
    if tree is None:
        return pf
    c = _Collector(url)
    meta = _meta(tree)
    if links is None:
        links = page_links(tree, url, page_kind, meta)
    pf.title, pf.links, pf.feeds, pf.refresh = links.title, links.links, links.feeds, links.refresh

    # --- metadata: JSON-LD, OpenGraph
    site_name = meta.get("og:site_name", "")
    if site_name and _usable(site_name) and len(site_name) <= 80:
        pf.names.append((site_name, 3.0))
    desc = meta.get("og:description") or meta.get("description") or meta.get("twitter:description") or ""
    if desc and _usable(desc) and len(desc) >= 20:
        pf.descriptions.append(_shorten(desc, 300))
    pub = (meta.get("article:published_time") or meta.get("datepublished") or meta.get("date")
           or meta.get("dc.date") or meta.get("pubdate") or "")
    page_date = normalize_date(pub) if pub else None
    for node in _jsonld(tree):
        types = _types(node)
        if types & _ORG_TYPES:
            name = _str(node.get("name"))
            if name and _usable(name) and len(name) <= 80:
                pf.names.append((name, 4.0 if "website" not in types else 2.5))
            d = _str(node.get("description"))
            if d and _usable(d) and len(d) >= 20:
                pf.descriptions.insert(0, _shorten(d, 300))
            addr = _address_text(node.get("address") or (node.get("location") or {}).get("address")
                                 if isinstance(node.get("location") or {}, dict) else node.get("address"))
            if addr and len(addr) > 8:
                c.add("location", addr)
            for founder in (node.get("founder") if isinstance(node.get("founder"), list) else [node.get("founder")]):
                fname = _str(founder)
                if fname and looks_like_person_name(fname):
                    c.add("leader", f"{fname} — Founder")
            emp = node.get("employee") or node.get("employees")
            for e in (emp if isinstance(emp, list) else [emp])[:30]:
                if isinstance(e, dict):
                    ename, etitle = _str(e.get("name")), _str(e.get("jobTitle"))
                    if ename and looks_like_person_name(ename):
                        c.add("leader", f"{ename} — {etitle}" if etitle else ename)
            for k in ("email", "telephone"):
                v = _str(node.get(k))
                if v:
                    c.add("contact", v.replace("mailto:", ""), check=False)
            for k in ("foundingDate",):
                v = _str(node.get(k))
                if v and re.search(r"\d{4}", v):
                    c.add("about", f"Founded {v[:10]}")
            for aw in (node.get("award") if isinstance(node.get("award"), list) else [node.get("award")])[:10]:
                if _str(aw):
                    c.add("award", _str(aw))
        if types & _POST_TYPES:
            d = normalize_date(_str(node.get("datePublished")) or _str(node.get("dateCreated")))
            page_date = page_date or d

    # --- structural blocks
    body = tree.find("body") if hasattr(tree, "find") else None
    root = body if body is not None else tree
    zones: list[tuple[str, etree._Element]] = []
    blocks = _iter_blocks(root, zones=zones)
    main_blocks = [b for b in blocks if b.region != "footer"]

    # Name candidates: logo alt in header / home link, copyright line.
    for a in tree.iter("a"):
        href = (a.get("href") or "").strip()
        try:
            is_home = href in ("/", "./", "index.html", "/index.html") or canonical_url(urljoin(url, href)) == canonical_url(urljoin(url, "/"))
        except ValueError:
            is_home = False
        if not is_home:
            continue
        for img in a.iter("img"):
            alt = clean_text(img.get("alt") or "")
            if is_placeholder(alt):
                continue
            alt = re.sub(r"(?i)\s*\b(logo|home|homepage)\b\s*", " ", alt).strip(" -|")
            if alt and _usable(alt) and len(alt) <= 60 and not _alt_is_filename(alt):
                pf.names.append((alt, 1.5))
        break
    for b in blocks:
        if b.region == "footer" or "©" in b.text or "copyright" in b.text.lower():
            m = re.search(r"(?:©|\(c\)|copyright)\s*(?:\d{4}\s*(?:[-–]\s*\d{4})?)?\s*([^\W\d][^.|,©\n]{1,50}?)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?(?:[.|,]|all rights|$)",
                          b.text, re.I)
            if m:
                cand = clean_text(m.group(1))
                cand = re.sub(r"(?i)\b(all rights reserved|some rights reserved|inc|ltd|llc|gmbh|bv|sl|sa|sarl)\b.*$", "", cand).strip(" -–")
                if 2 <= len(cand) <= 50 and not is_placeholder(cand):
                    pf.names.append((cand, 1.0))

    # --- contact: emails and phones
    for a in tree.iter("a"):
        href = (a.get("href") or "").strip()
        if href.lower().startswith("mailto:"):
            email = unquote(href[7:].split("?")[0]).strip()
            if _EMAIL_RE.fullmatch(email) and not is_placeholder(email):
                c.add("contact", email.lower(), check=False)
    phones_seen: set[str] = set()
    for b in blocks:
        if len(b.text) > 400:
            continue
        for m in _EMAIL_RE.finditer(b.text):
            e = m.group(0)
            if not is_placeholder(e) and not re.search(r"\.(png|jpe?g|gif|svg|webp)$", e, re.I):
                c.add("contact", e.lower(), check=False)
        low = _fold(b.text)
        if re.search(r"\b(tel|phone|telephone|telefono|telefoon|telefon|mobile|call|fax|t\.|m\.)\b|\+\d", low) or b.region == "footer" or page_kind == "contact":
            for m in _PHONE_RE.finditer(b.text):
                num = m.group(1).strip()
                digits = re.sub(r"\D", "", num)
                if 8 <= len(digits) <= 15 and digits not in phones_seen and not normalize_date(num) \
                        and not re.fullmatch(r"(19|20)\d\d\s*[-–]\s*(19|20)\d\d", num):
                    phones_seen.add(digits)
                    if re.search(r"\bfax\b", low) or _REGISTRATION_RE.search(_fold(b.text[max(0, m.start() - 30): m.start()])):
                        continue  # a fax line; "Company no. 08123456", "VAT GB 123 4567 89", "KvK 12345678"
                    c.add("contact", num, check=False)

    # --- locations: <address>, postal lines, "based in" sentences
    office_labels: set[str] = set()
    for el in tree.iter("address"):
        t = _text_with_breaks(el)
        t = _EMAIL_RE.sub("", t).strip(" ,;")
        if 8 <= len(t) <= 300 and not is_placeholder(t):
            c.add("location", t)
    for b in blocks:
        if b.quote or len(b.text) > 260:
            continue
        for line in re.split(r"\s*\n\s*|\s{3,}", "\n".join(_raw_lines(b))):
            line = clean_text(line)
            if _looks_like_address(line):
                c.add("location", _EMAIL_RE.sub("", line).strip(" ,;"))
        if _looks_like_address(b.text) and len(b.text) <= 200:
            address = _EMAIL_RE.sub("", b.text).strip(" ,;")
            label = _office_label(b)
            if label:
                # An office heading ("Chicago (headquarters)") names the address under it.
                office_labels.add(_key(label))
                address = f"{label} — {address}"
            c.add("location", address)

    # --- leaders: name followed by a title, in document order
    team_page = page_kind in ("team", "about", "contact")
    for i, b in enumerate(main_blocks):
        if b.quote or _ALUMNI_RE.search(_fold(" ".join(h for _, h in b.headings))):
            continue
        # A "Meet the team" section of a home page reads like a team page.
        team_section = bool(b.headings) and _in_team_section(b.headings)
        on_team = team_page or team_section
        text = b.text
        inline = re.match(r"^(.{3,50}?)\s*(?:,|–|—|-|\||:)\s*(.{2,80})$", text)
        if inline and looks_like_person_name(inline.group(1)) and looks_like_job_title(inline.group(2), strong_only=not on_team):
            if not is_placeholder(inline.group(2)):
                c.add("leader", f"{clean_text(inline.group(1))} — {clean_text(inline.group(2))}")
            continue
        if not looks_like_person_name(text, allow_single=on_team):
            continue
        single = len(text.split()) == 1
        for nxt in main_blocks[i + 1: i + 3]:
            t2 = nxt.text
            if looks_like_person_name(t2) or len(t2) > 90:
                break
            strong = looks_like_job_title(t2, strong_only=True)
            ok = strong or (on_team and not single and (looks_like_job_title(t2) or (
                (page_kind == "team" or team_section) and _is_short_label(t2, 10, 90) and not _is_kind_label(t2))))
            if single:
                ok = strong or (page_kind == "team" and looks_like_job_title(t2))
            if ok and not is_placeholder(t2) and not is_boilerplate(t2):
                c.add("leader", f"{text} — {t2}")
                break
            if nxt.level:
                break

    # --- dated items (news listings, post cards)
    news_items = _dated_items(tree, url)
    if page_kind in ("news", "home", "other", "work", "about") or len(news_items) >= 2:
        for title, date, href in news_items:
            # Off a news page, a one- or two-word heading next to a date ("Facts", "Founded")
            # is a label, not a post.
            if _usable(title) and (page_kind == "news" or len(title.split()) >= 3):
                c.add("news", title, date=date, source=href or url)

    if page_kind == "news" and _pages.is_listing_url(url):
        titled: set[str] = set()  # a card link holding a title and a subtitle heading is one post
        for h in root.iter("h2", "h3"):
            a = next(iter(h.iter("a")), None)
            if a is None or len(a) == 0:  # as before: an <a> without child elements was falsy here
                a = next(h.iterancestors("a"), None)
            if a is None:
                continue
            try:
                link = canonical_url(urljoin(url, a.get("href") or ""))
            except ValueError:
                continue
            t = clean_text(h.text_content())
            if link != canonical_url(url) and _pages.same_site(link, url) and not _pages.is_listing_url(link) \
                    and 8 <= len(t) <= 200 and _usable(t) and link not in titled:
                titled.add(link)
                c.add("news", t, source=link)

    # --- section-driven lists: services, clients, industries, values, awards, careers, locations
    listing = _pages.is_listing_url(url) or page_kind == "home"
    group_heads = _group_headings(main_blocks)
    explained: set[int] = set()  # blocks already read as the explanation of a value
    for bi, b in enumerate(main_blocks):
        if b.quote or bi in explained:
            continue
        sec = _nearest_section(b)
        text = b.text
        own = _section_kind(text) if b.level else None
        if own and sec and own != "value" and own != sec:
            continue  # "Sectors we work in" under "What we do" heads the sectors: it is not a service
        if b.level and sec and own == sec:
            continue  # the section's own heading ("Awards and recognition" in <section class="awards">)
        label = _other_section_label(text) if b.level else None
        if label and label != sec:
            continue  # "Featured case studies" under "Clients" starts another section
        short = _is_short_label(text, 8, 70) and not (_section_kind(text) and len(text.split()) <= 3)
        item_like = b.tag in ("li", "dt", "button", "h2", "h3", "h4", "h5", "h6", "figcaption", "td", "strong") or (
            short and re.search(r"title|name|heading|label", b.css or "")) or (
            short and b.link_ratio >= 0.8 and b.tag in ("div", "p", "span") and "@" not in text
            and not _CTA_RE.match(_fold(text)))  # a grid cell holding one link, not a call to action
        if sec == "service" and short and item_like and not looks_like_person_name(text) and _names_a_service(text):
            c.add("service", text)
        elif sec == "client" and short and item_like:
            if not (b.level and (b.level, text[:200]) in group_heads):
                c.add("client", text)
                pf.named_clients.add(_key(text))
        elif sec == "industry" and short and item_like:
            c.add("industry", text)
        elif sec == "industry" and not b.level and len(text) <= 400 and not _INDUSTRY_LINE_RE.match(text):
            # "Health systems and hospitals · Diagnostics and medtech · Pharmacy · …"
            for part in _label_list(text):
                c.add("industry", part)
        elif sec == "value" and b.tag in ("li", "h3", "h4", "h5", "h6", "dt", "p") and 3 <= len(text) <= 300 \
                and page_kind not in _CASE_KINDS and not _is_quoted(text):
            # On a case study, "Mission" and "Approach" describe the client's brief, not the agency.
            nxt = _value_explanation(main_blocks, bi)
            if nxt is not None:
                # A grid of values: a short name ("Candor", "Be kind") and the sentence that explains it.
                explained.add(bi + 1)
                c.add("value", f"{text} — {nxt.text}")
            elif len(text) >= 8 and (b.tag != "p" or _VALUE_RE.search(_fold(text))):
                c.add("value", text)
        elif sec == "award" and item_like and 4 <= len(text) <= 200:
            c.add("award", text)
        elif sec == "careers" and item_like and short and (looks_like_job_title(text) or _CAREER_RE.search(_fold(text))):
            c.add("careers", text)
        elif sec == "location" and b.tag in ("li", "p", "h3", "h4", "address") and len(text) <= 200 and (
                _looks_like_address(text) or short):
            if not is_boilerplate(text) and not _EMAIL_RE.search(text) and not _PHONE_RE.fullmatch(text) \
                    and _key(text) not in office_labels and not _AWARD_RE.search(_fold(text)):
                c.add("location", text)

    # Headings on pages of a kind: a services page's headings are services, etc.
    first_h1 = next((b.text for b in main_blocks if b.tag == "h1"), "")
    if page_kind in ("services", "clients", "work"):
        fact_kind: FactKind = "service" if page_kind == "services" else "client"
        h_levels = [b.level for b in main_blocks if b.level >= 2]
        item_level = min(h_levels) if h_levels else 0
        if listing:
            # Items of a grid: the most common heading level below h1, plus figcaptions.
            counts: dict[int, int] = {}
            for lv in h_levels:
                counts[lv] = counts.get(lv, 0) + 1
            if counts:
                item_level = max(counts, key=lambda lv: (counts[lv] if lv <= 4 else 0, -lv))
            # A heading over a list of names groups them ("Healthcare": Lakemont Health, …): on a
            # clients page the groups are industries, and nowhere are they clients themselves.
            for i, b in enumerate(main_blocks):
                if b.quote:
                    continue
                if b.level and (b.level, b.text[:200]) in group_heads:
                    if page_kind == "clients" and _is_short_label(b.text, 4, 40) and not _is_kind_label(b.text) \
                            and not _section_kind(b.text) and not looks_like_person_name(b.text):
                        c.add("industry", b.text)
                    continue
                # item_level 0 (no heading below h1): only titled cards and figcaptions, not every line.
                cardish = (b.level and b.level == item_level) or b.tag == "figcaption" or (
                    b.tag in ("a", "div", "span", "p") and re.search(r"(^|\s|-)(title|name)(\s|-|$)", b.css or ""))
                if page_kind == "services" and b.level in (2, 3, 4):
                    cardish = True
                own = _nearest_section(b)
                if own is not None and own != ("service" if page_kind == "services" else "client"):
                    continue
                # Project and brand names look like person names ("Heineken Green Room", "Red Bull"):
                # a card is a person only when a job title follows the name.
                if cardish and _is_short_label(b.text, 8, 70) and not _person_card(main_blocks, i) \
                        and not _is_kind_label(b.text) and not _section_kind(b.text) \
                        and (fact_kind != "service" or _names_a_service(b.text)):
                    c.add(fact_kind, b.text)
            if page_kind in ("clients", "work"):
                for t in _card_titles(root, url):
                    c.add("client", t)
        else:
            # A detail page: its own heading names the service / project.
            name = first_h1 or re.split(r"\s[|·:–—-]+\s", pf.title)[0]
            if name and _is_short_label(name, 10, 90) and not _is_kind_label(name):
                c.add(fact_kind, name)
    if page_kind == "services" and first_h1 and _is_short_label(first_h1, 8, 70) and not _is_kind_label(first_h1):
        c.add("service", first_h1)
    if page_kind in ("services",) and listing:
        for b in main_blocks:
            if b.tag == "li" and _is_short_label(b.text, 8, 70) and not b.quote and _nearest_section(b) in (None, "service"):
                c.add("service", b.text)

    # Logo walls: images in client sections or on client pages.
    client_page = page_kind == "clients"
    for b in blocks:
        if b.level and _section_kind(b.text) == "client" and isinstance(b.el, etree._Element) \
                and not (b.css and _SUBTITLE_CSS_RE.search(b.css)):
            for img in _following_imgs(b.el, 120):
                nm = _logo_name(img, allow_filename=True)
                if nm and _usable(nm):
                    c.add("client", nm)
                    pf.named_clients.add(_key(nm))
    # A logo wall in an element labelled as clients (<section id="references">, class="clients").
    for label, el in zones:
        if _section_kind(label) == "client":
            for img in el.iter("img"):
                nm = _logo_name(img, allow_filename=True)
                if nm and _usable(nm):
                    c.add("client", nm)
                    pf.named_clients.add(_key(nm))
    if client_page or page_kind in ("home", "about", "work"):
        for parent in _logo_groups(root):
            for img in parent:
                nm = _logo_name(img, allow_filename=client_page)
                if nm and _usable(nm):
                    c.add("client", nm)

    # Filter lists on work pages name industries ("Automotive, B2B, Finance…").
    if page_kind in ("work", "clients"):
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            css = _classes(el)
            if el.get("data-filter") is not None or re.search(r"(^|[\s_-])filters?($|[\s_-])", css):
                for item in el.iter("li", "a", "button", "option", "span"):
                    t = clean_text(item.text_content()) if hasattr(item, "text_content") else ""
                    if _is_short_label(t, 3, 30) and _usable(t) and item is not el:
                        # Filters sort work by sector ("Retail", "Travel") or by discipline
                        # ("Branding", "Web Development"): a discipline is a service.
                        c.add("service" if _DISCIPLINE_RE.search(_fold(t)) else "industry", t)

    # "Industries: Healthcare · Consumer · Technology", "Sectors we serve: …"
    for b in main_blocks:
        m = _INDUSTRY_LINE_RE.match(b.text)
        if m and not b.quote and not b.level:
            for part in _label_list(m.group(1)):
                c.add("industry", part)

    # "Clients include: A, B and C." Not in a post or a bio: "Jane has worked with Google and the
    # BBC" tells a guest's or a person's career, not the agency's clients.
    post = page_kind == "news" and not _pages.is_listing_url(url)
    for b in main_blocks if not post and page_kind not in ("team", "careers") else ():
        m = _CLIENT_INCLUDE_RE.search(b.text)
        if m and not b.quote:
            for name in _split_list(m.group(1).split(".")[0])[:40]:
                if 2 <= len(name) <= 50 and name[0].isupper():
                    c.add("client", name)
                    pf.named_clients.add(_key(name))

    # --- trafilatura: main text and metadata
    main_text = ""
    if use_trafilatura:
        md = _trafilatura(tree, url, want_date=page_kind == "news" and not page_date,
                          main_text=page_kind in _MAIN_TEXT_KINDS)
        if md:
            main_text = md.get("text") or ""
            if md.get("sitename") and len(md["sitename"]) <= 80 and _usable(md["sitename"]) \
                    and not re.fullmatch(r"[\w.-]+\.[a-z]{2,}(:\d+)?", md["sitename"].strip().lower()) \
                    and not re.fullmatch(r"[\d.:]+", md["sitename"].strip()):
                pf.names.append((clean_text(md["sitename"]), 1.5))
            if not page_date and md.get("date") and page_kind == "news":
                page_date = normalize_date(md["date"])
            if md.get("description") and not pf.descriptions and len(md["description"]) >= 20:
                if _usable(md["description"]):
                    pf.descriptions.append(_shorten(md["description"], 300))
    # Visible date near the top of a post.
    if not page_date and page_kind == "news":
        for b in main_blocks[:60]:
            if len(b.text) <= 120:
                d = normalize_date(b.text)
                if d and len(d) == 10:
                    page_date = d
                    break
        if not page_date:
            for t in tree.iter("time"):
                page_date = normalize_date(t.get("datetime") or "") or normalize_date(clean_text(t.text_content()))
                if page_date:
                    break
    pf.date = page_date

    # A post page: its headline and date.
    if page_kind == "news" and not _pages.is_listing_url(url):
        headline = first_h1 or meta.get("og:title") or re.split(r"\s[|·–—]\s", pf.title)[0]
        headline = clean_text(headline)
        if headline and _usable(headline) and len(headline) <= 260:
            c.add("news", headline, date=pf.date)
            if _AWARD_RE.search(_fold(headline)) and re.search(r"(?i)award|prize|premi|prij|finalist|shortlist|winner|won\b", headline):
                c.add("award", headline, date=pf.date)

    # --- sentences: about, values, awards, careers, locations
    texts: list[tuple[str, str]] = []
    about_keys: set[str] = set()
    for b in main_blocks:
        if b.tag in ("p", "li", "h1", "h2", "h3", "h4", "div", "td", "blockquote", "dd", "figcaption", "span", "section", "article"):
            if not b.quote and len(b.text) >= 12 and b.link_ratio < 0.5:
                texts.append((b.text, b.tag))
                if b.tag not in ("li", "td", "dd", "figcaption"):
                    about_keys.update(_key(x) for x in _sentences(b.text))
    seen_sent: set[str] = set()
    sentences: list[str] = []
    for t, _tag in texts:
        for s in _sentences(t):
            k = _key(s)
            if k not in seen_sent:
                seen_sent.add(k)
                sentences.append(s)
    if main_text:
        for s in _sentences(main_text):
            k = _key(s)
            if k not in seen_sent:
                seen_sent.add(k)
                sentences.append(s)
    post = page_kind == "news" and not _pages.is_listing_url(url)
    values_here = page_kind in ("about", "home", "careers", "contact") or (
        any(_section_kind(h) == "value" for h in (first_h1, pf.title)))
    about_here = page_kind in ("about", "home")
    # A section heading ("Awards and recognition", "Students and early-career communicators") labels
    # the facts under it; it is not one of them.
    heading_keys = {_key(b.text) for b in main_blocks if b.level and _section_kind(b.text)}
    # Post cards under "Latest news" on a home or about page: their excerpts are the posts' words
    # (read as news from the cards and the posts), not sentences about the agency.
    excerpt_keys = {_key(x) for b in main_blocks if b.headings and _in_news_section(b.headings)
                    for x in _sentences(b.text)} if page_kind != "news" else set()
    for s in sentences[:400]:
        if is_placeholder(s) or is_boilerplate(s) or len(s) > 320 or _title_case_run(s):
            continue
        if _key(s) in heading_keys or _key(s) in excerpt_keys:
            continue
        f = _fold(s)
        if about_here and _ABOUT_RE.search(f) and 30 <= len(s) <= 300 and not post and _key(s) in about_keys:
            c.add("about", s)
        if values_here and _VALUE_RE.search(f) and 25 <= len(s) <= 300 and not _is_quoted(s):
            c.add("value", s)
        if _AWARD_RE.search(f) and re.search(r"(?i)award|prize|premi|prij|preis|finalist|shortlist|winner|won\b|ερμ|lions|hermes|effie", s) \
                and len(s) <= 260 and not post and page_kind not in ("team", "news") \
                and (page_kind in ("about", "home", "other") or _NAMED_AWARD_RE.search(s)):
            # On work, client and service pages prizes are mostly the clients' own ("their Pulse
            # awards", "a prize-winning director"): only a named award counts there.
            c.add("award", s)
        if _CAREER_RE.search(f) and (page_kind == "careers" or re.search(
                r"(?i)hiring|join (us|our team|the team)|openings|vacanc|internship|trabajar con|trabaja con|careers?|"
                r"vacature|send (us )?your (cv|resume)|top talent|\bstages? (de|en|d'|chez)|stagiair|rejoignez", s)) \
                and len(s) <= 300 and not post:
            if page_kind in ("careers", "about", "team", "contact", "home") and (
                    len(s.split()) > 3 or s.endswith((".", "!"))):
                c.add("careers", s)
        if _LOCATION_HINT_RE.search(f) and len(s) <= 240 and not post and page_kind not in _CASE_KINDS:
            c.add("location", s)
    if page_kind == "careers":
        for b in main_blocks:
            if b.level in (2, 3, 4) or b.tag == "li":
                if _is_short_label(b.text, 10, 90) and looks_like_job_title(b.text) and not looks_like_person_name(b.text):
                    c.add("careers", b.text)

    # Name from the title's common part is decided across pages; the title itself is a weak candidate.
    for part in re.split(r"\s+[|·:–—]+\s+|\s+-\s+|\s+::\s+", pf.title):
        part = part.strip()
        if 2 <= len(part) <= 60 and _usable(part):
            pf.names.append((part, 0.5))

    if page_kind not in ("news", "team", "careers", "contact"):
        for client, title, results in _case_studies(main_blocks, url, page_kind, first_h1, pf.title):
            text = _case_text(client, title, results)
            key = _key(title or client)
            if not text or not key:
                continue
            try:
                pf.cases.append((key, Fact(kind="client", text=text, source=url[:2000])))
            except ValueError:
                continue
            if client:
                c.add("client", client)
                if title and _key(title) != _key(client):
                    pf.case_titles.add(_key(title))

    pf.facts = c.facts
    return pf


# --------------------------------------------------------------------------- case studies

_RESULT_HEAD_RE = re.compile(
    r"\b(results?|outcomes?|impact|by the numbers|in numbers|key figures|achievements|what we achieved|"
    r"the numbers|resultados?|resultaten|ergebnisse?|resultats?|risultati|wirkung|impacto)\b"
)
_METRIC_RE = re.compile(
    r"\d[\d.,]*\s?(%|percent\b|per cent\b|percentage points?\b|points?\b|pts\b|pp\b|x\b|×|times\b)|"
    r"\bfrom\s+\S{0,3}\d[\d.,]*%?\s+to\s+\S{0,3}\d|\d\s*(→|->)\s*\d|\b(doubled|tripled|quadrupled|halved)\b"
)
_CHANGE_RE = re.compile(
    r"\b(rose|rise[sn]?|up (?=[+$€£]?\d)|increase[sd]?|grew|grow(th|s)?|lift(ed|s)?|boost(ed)?|jump(ed)?|gain(ed)?|reach(ed)?|"
    r"fell|fall|cut|reduc(ed|tion)|drop(ped)?|declined?|improv(ed|ement)|above|beat|more than|incrementad[oa]|"
    r"aument\w*|crec\w*|gestegen|stijging|gestiegen|augment\w*|hausse)\b"
)
_WORK_SECTION_RE = re.compile(
    r"\b(work|case stud(y|ies)|cases|projects?|portfolio|campaigns?|success stor(y|ies)|results|impact|"
    r"proyectos|trabajos|projecten|realisaties|referenzen|realisations|projets|progetti|casos)\b"
)
_CLIENT_LABEL_RE = re.compile(r"(?i)(?:client|klant|cliente|kunde|customer|brand)\s*[:：]?")
_CLIENT_LINE_RE = re.compile(r"(?i)^(?:client|klant|cliente|kunde|customer|brand|for|para|voor|pour|für)\s*[:：]\s*(.{2,60})$")


_BARE_FIGURE_RE = re.compile(r"[+~≈$€£-]?\d[\d.,]*\s?(?:%|x|×|[kmb]|bn|mn|million|billion)?\+?", re.I)


def _is_result(text: str) -> bool:
    """A measured outcome: "screenings rose 34%", "awareness 22% → 41%", "+17 points purchase intent"."""
    # "WCAG 2.2", "iOS 17.1": a version number is not a figure.
    t = _fold(re.sub(r"\b[A-Za-z]*[A-Z][A-Za-z]*\s?v?\d+(\.\d+)+\b", " ", text))
    if not re.search(r"\d", t) or len(t) > 300:
        return False
    if _METRIC_RE.search(t):
        return True
    # A change verb next to a figure that is not a year: "sales grew by 3,000 units", "doubled to 40".
    t = re.sub(r"\b(19|20)\d\d\b", " ", t)
    for m in _CHANGE_RE.finditer(t):
        if re.search(r"\d", t[max(0, m.start() - 25): m.end() + 25]):
            return True
    return False


def _case_text(client: str, title: str, results: list[str]) -> str:
    if not results:
        return ""
    head = f"{client} — {title}" if client and title and _key(client) != _key(title) else (client or title)
    if not head:
        return ""
    body = "; ".join(r.rstrip(" .;") for r in results)
    return _shorten(f"{head}: {body}", 300)


def _client_in(texts: list[str]) -> str:
    """The client named in a case study's short lines: "Client: Lakemont Health", "Lakemont Health · Healthcare"."""
    for i, t in enumerate(texts):
        m = _CLIENT_LINE_RE.match(t)
        if m and _usable(m.group(1)):
            return clean_text(m.group(1)).rstrip(" .")
        # A label and its value in two elements (a CMS template's "Client" / "Lakemont Health").
        if _CLIENT_LABEL_RE.fullmatch(t) and i + 1 < len(texts) and _is_short_label(texts[i + 1], 6, 60) \
                and _usable(texts[i + 1]) and not _CLIENT_LABEL_RE.fullmatch(texts[i + 1]):
            return texts[i + 1]
    for t in texts:
        if len(t) <= 90 and not _is_result(t):
            parts = [x.strip() for x in re.split(r"\s[·•|]\s", t)]
            if len(parts) >= 2 and _is_short_label(parts[0], 5, 50) and parts[0][:1].isupper() \
                    and _usable(parts[0]) and not _section_kind(parts[0]):
                return parts[0]
    return ""


def _split_title(heading: str) -> tuple[str, str]:
    """("Lakemont Health", "Know Your Numbers") from "Lakemont Health: Know Your Numbers"."""
    m = re.match(r"^(.{2,50}?)\s*(?::|\s[–—|]\s)\s*(.{2,120})$", heading)
    if m and _is_short_label(m.group(1), 5, 50) and m.group(1)[:1].isupper() and not re.search(r"\d", m.group(1)):
        return m.group(1).strip(), m.group(2).strip()
    return "", heading


def _case_studies(blocks: list[Block], url: str, page_kind: str, first_h1: str,
                  title: str) -> list[tuple[str, str, list[str]]]:
    """(client, title, results) for a case-study page and for case cards with a measured result."""
    out: list[tuple[str, str, list[str]]] = []
    detail = page_kind in ("work", "clients") and not _pages.is_listing_url(url)
    if detail:
        name = first_h1  # the <title> of a page without <h1> is often only the agency's name
        results: list[str] = []
        for bi, b in enumerate(blocks):
            if b.quote or b.level or len(b.text) > 300 or not re.search(r"\d", b.text):
                continue
            if any(_RESULT_HEAD_RE.search(_fold(h)) for _, h in b.headings[-2:]) and b.tag in ("li", "p", "dd", "td", "div", "span") \
                    and (_is_result(b.text) or re.match(r"[+~≈$€£]?\d", b.text)):
                nb = blocks[bi + 1] if bi + 1 < len(blocks) else None
                if _BARE_FIGURE_RE.fullmatch(b.text) and nb is not None and not nb.level and nb.heading == b.heading \
                        and _is_short_label(nb.text, 10, 80) and not re.match(r"[+~≈$€£]?\d", nb.text):
                    # A stat tile: the figure and its label in two elements ("212" / "pieces of coverage").
                    results.append(f"{b.text} {nb.text}")
                else:
                    results.append(b.text)
        if not results:
            for b in blocks:
                if not b.quote and not b.level and b.link_ratio < 0.5 and b.region == "main":
                    results.extend(x for x in _sentences(b.text) if _is_result(x) and not _AWARD_RE.search(_fold(x)))
        short = [b.text for b in blocks[:40] if not b.level and len(b.text) <= 90]
        client = _client_in(short)
        case_title = name
        if not client:
            client, case_title = _split_title(name)
        if page_kind == "clients" and not client:
            client, case_title = case_title, ""
        # Measured changes before plain figures, figures before counts.
        results.sort(key=lambda r: -(_is_result(r) + (_CHANGE_RE.search(_fold(r)) is not None)))
        if results and (client or case_title) and _is_short_label(case_title or client, 12, 120):
            out.append((client, case_title, results[:3]))
        return out
    if page_kind not in ("work", "home", "clients", "about", "services", "other"):
        return out
    for i, b in enumerate(blocks):
        if not (2 <= b.level <= 5) or b.quote or not _is_short_label(b.text, 12, 120) or _is_kind_label(b.text):
            continue
        in_work = page_kind == "work" or any(_WORK_SECTION_RE.search(_fold(h)) for _, h in b.headings[-2:])
        if not in_work:
            continue
        under: list[str] = []
        for nb in blocks[i + 1: i + 6]:
            if nb.level and nb.level <= b.level:
                break
            if nb.heading is None or nb.heading[1] != b.text[:200]:
                break
            under.append(nb.text)
        result = next((x for t in under for x in _sentences(t) if _is_result(x) and len(x) <= 250), "")
        if not result:
            continue
        client, case_title = _split_title(b.text)
        if not client:
            client = _client_in(under)
        out.append((client, case_title, [result]))
    return out


_INDUSTRY_LINE_RE = re.compile(
    r"(?i)^(?:industries|sectors|industry|sector|markets|verticals|sectores|industrias|sectoren|branchen|secteurs|settori)"
    r"(?: (?:we (?:know|serve|work in|cover)|served|of focus))?\s*[:：]\s*(.{3,400})$"
)


def _label_list(text: str) -> list[str]:
    """Short labels from one line: "A · B · C", "A | B | C", "A / B / C", or "A, B, C" of short names."""
    if re.search(r"\s[·•|/]\s|[·•|]", text):
        parts = re.split(r"\s*[·•|]\s*|\s+/\s+", text)
    else:
        parts = re.split(r"\s*[,;]\s*|\s+(?:and|&)\s+(?=[A-Z])", text)
        if any(len(p.split()) > 3 for p in parts):
            return []
    parts = [p.strip(" .:;") for p in parts if p.strip(" .:;")]
    if len(parts) < 2 or any(not _is_short_label(p, 6, 50) for p in parts):
        return []
    return [p for p in parts if _usable(p)]


def _group_headings(blocks: list[Block]) -> set[tuple[int, str]]:
    """Headings with two or more list items right under them."""
    counts: dict[tuple[int, str], int] = {}
    for b in blocks:
        h = b.heading if b.tag == "li" else None
        if h is not None:
            counts[h] = counts.get(h, 0) + 1
    return {h for h, n in counts.items() if n >= 2}


def _value_explanation(blocks: list[Block], i: int) -> Block | None:
    """The block explaining the value named by blocks[i], a short heading or <dt> ("Candor" over
    "We say what we think, kindly."): the next block, a paragraph under that very heading."""
    b = blocks[i]
    if not (b.level >= 2 or b.tag == "dt") or not _is_short_label(b.text, 6, 50) or i + 1 >= len(blocks):
        return None
    nb = blocks[i + 1]
    if nb.level or nb.quote or not 12 <= len(nb.text) <= 300 or nb.link_ratio >= 0.5:
        return None
    if b.tag == "dt":
        return nb if nb.tag == "dd" else None
    return nb if nb.tag in ("p", "div", "span", "dd") and nb.heading == (b.level, b.text[:200]) else None


def _names_a_service(text: str) -> bool:
    """A heading that can be a service's name: not a sentence opening with an article ("A different
    approach to …") and not a list of selling points ("Proven methods, experienced trainers")."""
    t = text.strip()
    if "," in t or ";" in t:
        return False
    m = re.match(r"(?i)(?:a|an|the|un|une|una|een|ein|eine)\s+(\S)", t)
    return not (m and m.group(1).islower())


def _person_card(blocks: list[Block], i: int) -> bool:
    """blocks[i] names a person: a person-like name with a job title in the next two blocks."""
    if not looks_like_person_name(blocks[i].text):
        return False
    return any(looks_like_job_title(nb.text) and len(nb.text) <= 90 for nb in blocks[i + 1: i + 3])


_CARD_SKIP_SEGMENTS = frozenset("tag tags category categories categorie categoria author authors page newspage "
                                "archive archives search feed".split())


def _card_titles(root: etree._Element, url: str) -> list[str]:
    """The names on a grid of cards: the largest group of body links to pages under one parent path
    (/work/acme/, /work/zenith/, … or /project/…), each named by a heading inside its link, else
    by the link's own short text, else by its image's alt text. Pagination, tag and category
    links are not cards."""
    groups: dict[str, dict[str, list[etree._Element]]] = {}
    me = _pages.page_key(url)
    memo: dict = {}
    for a in root.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
            continue
        try:
            target = canonical_url(urljoin(url, href))
        except ValueError:
            continue
        if _pages.page_key(target) == me or not _pages.same_site(target, url) or _pages.is_asset_url(target):
            continue
        segs = _pages._path_segments(target)
        if len(segs) < 2 or any(sg in _CARD_SKIP_SEGMENTS for sg in segs) or segs[-1].isdigit():
            continue
        if _pages._region(a, memo) != "body":
            continue
        groups.setdefault("/".join(segs[:-1]), {}).setdefault(_pages.page_key(target), []).append(a)
    if not groups:
        return []
    best = max(groups.values(), key=len)
    if len(best) < 3:
        return []
    out: list[str] = []
    for anchors in best.values():
        title = ""
        for a in anchors:
            h = next((x for x in a.iter("h1", "h2", "h3", "h4", "h5", "h6") if clean_text(x.text_content())), None)
            if h is not None:
                title = clean_text(h.text_content())
                break
        if not title:
            for a in anchors:
                t = clean_text(a.text_content())
                if _is_short_label(t, 10, 90) and _usable(t):
                    title = t
                    break
        if not title:
            for a in anchors:
                for img in a.iter("img"):
                    t = _logo_name(img, allow_filename=False)
                    if t:
                        title = t
                        break
                if title:
                    break
        if title and _is_short_label(title, 10, 90) and _usable(title) and not _is_kind_label(title):
            out.append(title)
    return out


def _nearest_section(b: Block) -> str | None:
    for _, h in reversed(b.headings):
        k = _section_kind(h)
        if k:
            return k
        label = _other_section_label(h)
        if label:
            # a heading naming work, news or team ends the section above it
            return label if label == "careers" else None
    return None


@functools.lru_cache(maxsize=4096)
def _labelled_section(headings: tuple[tuple[int, str], ...]) -> str | None:
    """What the nearest heading that labels a section labels: a `_section_kind` ("service",
    "team", …) or an `_other_section_label` ("news", "work", …)."""
    for _, h in reversed(headings):
        kind = _section_kind(h) or _other_section_label(h)
        if kind:
            return kind
    return None


def _in_news_section(headings: tuple[tuple[int, str], ...]) -> bool:
    """The nearest heading that labels a section ("Latest news", "Our services") labels news."""
    return _labelled_section(headings) == "news"


def _in_team_section(headings: tuple[tuple[int, str], ...]) -> bool:
    """The nearest heading that labels a section labels the team ("Meet the team", "Our people")."""
    return _labelled_section(headings) == "team"


@functools.lru_cache(maxsize=4096)
def _other_section_label(heading: str) -> str | None:
    """A heading that names a part of a site with no list facts of its own kind: work and case
    studies, news, team, careers, contact ("Featured Case Studies", "Latest news", "Meet the team")."""
    if _section_kind(heading):
        return None
    kind = _pages._kind_from_text(heading)
    return kind if kind in ("work", "news", "team", "careers", "contact") else None


def _text_with_breaks(el: etree._Element) -> str:
    """Text of an element with <br> and block children turned into ", "."""
    parts: list[str] = []
    try:
        for node in el.iter():
            if not isinstance(node.tag, str):
                if node.tail:
                    parts.append(node.tail)
                continue
            if node is not el and node.tag.lower() in ("br", "p", "div", "li", "span") :
                parts.append(", ")
            if node.text:
                parts.append(node.text)
            if node is not el and node.tail:
                parts.append(node.tail)
    except (ValueError, TypeError):
        return ""
    t = clean_text("".join(parts))
    t = re.sub(r"\s*,\s*(,\s*)+", ", ", t)
    return re.sub(r"\s+,", ",", t).strip(" ,")


def _office_label(b: Block) -> str:
    """The heading right above an address when it names the office ("Chicago (headquarters)")."""
    if not b.headings or b.level:
        return ""
    label = b.heading[1] if b.heading else ""
    if not _is_short_label(label, 5, 50) or _is_kind_label(label) or _section_kind(label) \
            or re.search(r"\d", label) or is_boilerplate(label) or _AWARD_RE.search(_fold(label)):
        return ""
    # Only a heading right before the address (or its container), not one further up the page.
    el = b.el
    for _ in range(2):
        if not isinstance(el, etree._Element):
            return ""
        n = 0
        for sib in el.itersiblings(preceding=True):
            n += 1
            if n > 3:
                break
            if isinstance(sib.tag, str) and sib.tag.lower() in _HEADINGS:
                return label if clean_text(sib.text_content()) == label else ""
        el = el.getparent()
    return ""


def _title_case_run(s: str) -> bool:
    """Menus and tile labels glued together: mostly capitalised words and no sentence verb."""
    words = s.split()
    if len(words) < 8:
        return False
    caps = sum(1 for w in words if w[:1].isupper())
    return caps / len(words) > 0.6 and not re.search(r"[.!?:]$", s)


def _is_kind_label(text: str) -> bool:
    return _pages._kind_from_text(text, loose=False) is not None or _section_kind(text) is not None and len(text.split()) <= 3


def _raw_lines(b: Block) -> list[str]:
    el = b.el
    if not isinstance(el, etree._Element):
        return [b.text]
    parts: list[str] = []
    cur: list[str] = []
    try:
        for node in el.iter():
            if node is not el and isinstance(node.tag, str) and node.tag.lower() in _BLOCK_TAGS:
                continue
            if isinstance(node.tag, str) and node.tag.lower() == "br":
                parts.append("".join(cur))
                cur = []
            elif node is el and node.text:
                cur.append(node.text)
            elif node is not el and node.text and node.getparent() is not None:
                cur.append(node.text)
            if node is not el and node.tail:
                cur.append(node.tail)
    except (ValueError, TypeError):
        return [b.text]
    parts.append("".join(cur))
    return [clean_text(p) for p in parts if clean_text(p)]


def _looks_like_address(line: str) -> bool:
    if not (10 <= len(line) <= 200):
        return False
    f = line if line.isupper() is False else line.title()
    has_street = _STREET_RE.search(_fold(f)) is not None
    # A year is not a street number: "Best Place to Work in PR, 2023 and 2025" has no address.
    no_years = re.sub(r"\b(19|20)\d\d\b", "", line)
    has_num = re.search(r"\d", no_years) is not None
    has_code = _POSTCODE_RE.search(line) is not None
    if not has_num or "%" in line:
        return False
    if re.search(r"(?i)\b(app|apps|downloads?|clients?|years?|projects?|percent|followers|seguidores|"
                 r"million|over|more than|subscribers|minutes?|min read|days|weeks|months|units? registered|"
                 r"recall|award|awards|winner|shortlist|campaign)\b", line):
        return False
    if len(line.split()) > 22 or line.count(".") > 4:
        return False
    return has_street and (has_code or re.search(r"\b\d{1,5}[a-z]?\b", line) is not None)


def _logo_groups(root: etree._Element) -> list[list[etree._Element]]:
    """Groups of 4+ sibling-ish images (logo walls) whose container looks like a logo/client grid."""
    groups: list[list[etree._Element]] = []
    # The containers themselves, not id()s: lxml makes a new proxy object each time an element is
    # reached, and once one is freed its id() can come back for another element, which then looked
    # "seen" (a logo wall was missed depending on memory layout). Holding them keeps them unique.
    seen: set[etree._Element] = set()
    for img in root.iter("img"):
        # Climb to a container holding several images.
        el = img
        for _ in range(4):
            parent = el.getparent()
            if parent is None:
                break
            el = parent
            if el in seen:
                break
            imgs = list(el.iter("img"))
            if len(imgs) >= 4:
                seen.add(el)
                css = " ".join(_classes(x) for x in [el, *list(el.iterancestors())[:3]])
                if re.search(r"logo|client|brand|partner|trusted|customer|klant|cliente|kunde|reference", css):
                    groups.append(imgs)
                else:
                    # A container found only because most of its images are logos (a page's <main>
                    # holding a logo wall and a hero picture): its logos, not the other pictures.
                    logos = [x for x in imgs if re.search(r"logo", (x.get("src") or "") + (x.get("alt") or "") + (x.get("class") or ""), re.I)]
                    if len(logos) >= 4 and len(logos) >= len(imgs) // 2:
                        groups.append(logos)
                break
    return groups


_DATE_TEXT_MAX = 90


def _dated_items(tree: etree._Element, url: str) -> list[tuple[str, str, str]]:
    """(title, date, link) for post cards: a date and a headline inside the same small container."""
    out: list[tuple[str, str, str]] = []
    seen_titles: set[str] = set()
    date_els: list[tuple[etree._Element, str]] = []
    for t in tree.iter("time"):
        d = normalize_date(clean_text(t.text_content())) or normalize_date(t.get("datetime") or "")
        if d:
            date_els.append((t, d))
    if True:
        # Elements holding a dated <time> (the <time> elements and their ancestors), found once
        # instead of searching each candidate's subtree.
        with_time: set[etree._Element] = set()
        for e, _ in date_els:
            with_time.add(e)
            with_time.update(e.iterancestors())
        for el in tree.iter("span", "p", "div", "small", "li", "em", "dd", "td", "strong", "h5", "h6"):
            if len(el) > 6 or el in with_time:  # cheap tests first (each only skips, as below)
                continue
            txt = el.text_content() if hasattr(el, "text_content") else ""
            if not txt or len(txt) > _DATE_TEXT_MAX * 2:
                continue
            txt = clean_text(txt)
            if len(txt) > _DATE_TEXT_MAX:
                continue
            d = normalize_date(txt)
            if d and len(d) == 10 and not any(e is el.getparent() for e, _ in date_els[-3:]):
                # Keep the innermost element carrying the date.
                date_els = [(e, dd) for e, dd in date_els if not any(x is e for x in el.iterancestors())]
                date_els.append((el, d))
    if len(date_els) > 300:
        date_els = date_els[:300]
    for el, d in date_els:
        node = el
        title, href = "", ""
        for _ in range(6):
            parent = node.getparent()
            if parent is None or not isinstance(parent.tag, str) or parent.tag.lower() in ("body", "html", "main"):
                break
            node = parent
            heads = [h for h in node.iter("h1", "h2", "h3", "h4", "h5") if clean_text(h.text_content())]
            other_dates = [e for e, _ in date_els if e is not el and any(a is node for a in e.iterancestors())]
            if other_dates:
                break
            if heads:
                h = heads[0]
                title = clean_text(h.text_content())
                a = h if h.tag == "a" else next(iter(h.iter("a")), None)
                if a is None:
                    a = next((x for x in h.iterancestors("a")), None)
                href = (a.get("href") or "") if a is not None else ""
                break
            links = [a for a in node.iter("a") if len(clean_text(a.text_content())) >= 15]
            if links:
                a = max(links, key=lambda x: len(clean_text(x.text_content())))
                title = clean_text(a.text_content())
                href = a.get("href") or ""
                break
        if not title or len(title) > 260 or normalize_date(title) == d:
            continue
        k = _key(title)
        if k in seen_titles:
            continue
        seen_titles.add(k)
        link = ""
        if href and not href.startswith(("#", "javascript:", "mailto:")):
            try:
                link = canonical_url(urljoin(url, href))
            except ValueError:
                link = ""
            if link and not _pages.same_site(link, url):
                link = ""
        out.append((title, d, link))
    return out


_TRAFILATURA_OPTIONS = dict(
    with_metadata=False,
    include_comments=False,
    include_tables=False,
    include_images=False,
    include_links=False,
    fast=True,
)
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


# trafilatura's main text (about 40 % of a page's extraction time) only adds sentences the
# structural blocks missed, and only prose pages use sentences much: on team, client, work,
# service, contact and careers pages (lists, grids, logo walls) and on news pages (a post's
# facts are its headline and date; sentence facts skip posts) structural extraction reads
# everything. Checked on the six corpus sites: `bench/corpus_eval.py --dump` gives the same
# facts with the main text read only on these kinds. Metadata (site name, description, date)
# is read on every page.
_MAIN_TEXT_KINDS = frozenset({"home", "about", "other"})


def _trafilatura(tree: etree._Element, url: str, want_date: bool = True, main_text: bool = True) -> dict:
    """Main text and metadata from trafilatura, on our own tree (never fetched by trafilatura).

    The metadata is the part of trafilatura's `extract_metadata` that is used here (site name,
    description, and the date only when `want_date`): its author, category, tag and licence
    searches cost about half of trafilatura's time per page and were thrown away. As before,
    a page whose main text trafilatura rejects gives no metadata either. trafilatura copies the
    tree it is given, so ours is not changed (and not copied twice).
    """
    try:
        import trafilatura  # noqa: PLC0415 - heavy import, only when needed

        doc = trafilatura.bare_extraction(tree, url=url, **_TRAFILATURA_OPTIONS) if main_text else True
    except Exception:  # noqa: BLE001 - third-party parser on hostile input
        return {}
    if doc is None:
        return {}
    out = {"text": doc.text if isinstance(getattr(doc, "text", None), str) else ""}
    try:
        out.update(_trafilatura_metadata(tree, url, want_date))
    except Exception:  # noqa: BLE001
        log.debug("trafilatura metadata failed on %s", url, exc_info=True)
    return {k: v for k, v in out.items() if isinstance(v, str)}


def _trafilatura_metadata(tree: etree._Element, url: str, want_date: bool) -> dict:
    """trafilatura.metadata.extract_metadata, reduced to sitename, description and (optionally) date."""
    from trafilatura import metadata as tm  # noqa: PLC0415

    md = tm.examine_meta(tree)
    try:
        md = tm.extract_meta_json(tree, md)
    except Exception:  # noqa: BLE001 - as trafilatura does
        pass
    page_url = md.url or tm.extract_url(tree, url)
    sitename = md.sitename or tm.extract_sitename(tree)
    if sitename:
        sitename = sitename.lstrip("@")
        if sitename and "." not in sitename and not sitename[0].isupper():
            sitename = sitename.title()
    elif page_url:
        match = tm.META_URL.match(page_url)
        if match:
            sitename = match[1]
    md.sitename = sitename or None
    md.clean_and_trim()  # as extract_metadata does last: unescape, trim, drop control characters
    out = {"sitename": md.sitename or "", "description": md.description or ""}
    if want_date:
        from htmldate import find_date  # noqa: PLC0415 - trafilatura's own date finder

        out["date"] = find_date(tree, url=page_url, **_DATE_PARAMS) or ""
    return out


# --------------------------------------------------------------------------- merge

KIND_CAPS: dict[str, int] = {
    "name": 1, "about": 6, "service": 25, "client": 40, "industry": 12, "news": 20, "leader": 20,
    "value": 12, "location": 10, "award": 10, "careers": 12, "contact": 8,
}

# How much a fact of a kind is worth on a page of a kind (higher is better).
_SOURCE_WEIGHT: dict[str, dict[str, float]] = {
    "service": {"services": 3, "home": 2, "about": 1.5},
    "client": {"clients": 3, "work": 2.5, "home": 2, "about": 1.5},
    "leader": {"team": 3, "about": 2, "contact": 1.5},
    "news": {"news": 3, "home": 1},
    "value": {"about": 3, "careers": 2, "home": 2, "team": 1.5},
    "about": {"home": 3, "about": 2.5},
    "careers": {"careers": 3, "about": 1.5, "contact": 1.5},
    "location": {"contact": 3, "about": 2, "home": 1.5},
    "contact": {"contact": 3, "home": 2},
    "award": {"about": 2, "news": 2, "home": 2},
}


def _person_key(text: str) -> str:
    return _key(text.split(" — ")[0])


def choose_name(pages: list[PageFacts], home_url: str = "") -> str:
    """The agency's name: JSON-LD and og:site_name, the common part of titles, logo alt, ©."""
    scores: dict[str, float] = {}
    display: dict[str, str] = {}
    title_parts: dict[str, int] = {}
    n_titles = 0
    for p in pages:
        if not p.title:
            continue
        n_titles += 1
        parts = {x.strip() for x in re.split(r"\s+[|·:–—]+\s+|\s+-\s+|\s+::\s+", p.title) if x.strip()}
        for part in parts:
            if 2 <= len(part) <= 60:
                title_parts[_key(part)] = title_parts.get(_key(part), 0) + 1
                display.setdefault(_key(part), part)
    for p in pages:
        w = 1.5 if p.kind == "home" else 1.0
        for cand, weight in p.names:
            cand = clean_text(cand)
            k = _key(cand)
            if not k or len(cand) > 80 or is_placeholder(cand) or len(k) < 2:
                continue
            scores[k] = scores.get(k, 0.0) + weight * w
            if k not in display or (display[k].isupper() and not cand.isupper()):
                display[k] = cand
    if n_titles >= 2:
        for k, n in title_parts.items():
            if n >= 2 and n >= 0.5 * n_titles:
                scores[k] = scores.get(k, 0.0) + 2.0 * n / n_titles + 1.0
    # A candidate that contains another strong candidate ("Ideas on Stage USA" vs "Ideas on Stage"):
    # reward the shorter shared core.
    keys = sorted(scores, key=len)
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            if a and a in b and len(a) >= 3:
                scores[a] += 0.5 * scores[b]
    # Host name as a tie-breaker.
    host = ""
    try:
        host = (urlsplit(home_url).hostname or "").lower()
    except ValueError:
        pass
    host_key = _key(host.removeprefix("www.").split(".")[0]) if host else ""
    if host_key and not re.fullmatch(r"[\d]+", host_key):
        for k in scores:
            if host_key and (host_key in k or k in host_key) and len(k) >= 3:
                scores[k] += 1.0
    ranked = sorted(
        (k for k in scores if not _is_kind_label(display.get(k, "")) and not is_boilerplate(display.get(k, ""))),
        key=lambda k: (-scores[k], len(k)),
    )
    for k in ranked:
        name = display.get(k, "")
        # A title part that is a long description is not a name.
        if name and len(name.split()) <= 6 and not name.endswith("."):
            return name
    return ""


def _dedupe(facts: Iterable[tuple[Fact, str]], kind: str,
            boost: set[str] | frozenset[str] = frozenset()) -> list[tuple[Fact, float, int]]:
    """Merge near-duplicates: keep the best-sourced occurrence; count occurrences. A fact whose
    key is in `boost` weighs as much as one from the kind's own page."""
    best: dict[str, tuple[Fact, float, int]] = {}
    order: list[str] = []
    for f, page_kind in facts:
        k = _person_key(f.text) if kind == "leader" else _key(f.text)
        if kind == "location":
            # One address under several labels ("Chicago 845 W. …" in a footer, "Chicago (headquarters) —
            # 845 W. …" on the contact page) is one office: key it by the address from its number on.
            m = re.search(r"\d", f.text)
            if m and m.start() <= 60 and _looks_like_address(f.text[m.start():]):
                k = "@" + _key(f.text[m.start():])
        if kind in ("service", "client", "industry"):
            k = re.sub(r"^(the|our|de|het|la|el|le|les|los|las)", "", k)
        if not k:
            continue
        weight = _SOURCE_WEIGHT.get(kind, {}).get(page_kind, 1.0)
        if boost and _key(f.text) in boost:
            weight = max(weight, 3.0)
        if kind == "leader" and " — " in f.text:
            weight += 1.0
        if kind == "news" and f.date:
            weight += 1.0
        old = best.get(k)
        if old is None:
            best[k] = (f, weight, 1)
            order.append(k)
            continue
        of, ow, n = old
        date = of.date or f.date
        if kind == "news" and of.date and f.date and of.date != f.date:
            if f.date.startswith(of.date):
                date = f.date  # a full day beats a month
            elif of.date.startswith(f.date):
                date = of.date
            else:
                date = of.date if ow >= weight else f.date
        keep = f if weight > ow or (kind == "leader" and weight == ow and len(f.text) > len(of.text)) else of
        if date != keep.date:
            keep = keep.model_copy(update={"date": date})
        best[k] = (keep, max(ow, weight), n + 1)
    return [best[k] for k in order]


def _contained_dupes(items: list[tuple[Fact, float, int]], min_len: int = 30) -> list[tuple[Fact, float, int]]:
    """Drop a sentence that is contained in a longer kept sentence of the same kind."""
    keys = [_key(f.text) for f, _, _ in items]
    out = []
    for i, it in enumerate(items):
        k = keys[i]
        if len(k) > min_len and any(j != i and len(keys[j]) > len(k) and k in keys[j] for j in range(len(items))):
            continue
        out.append(it)
    return out


def merge_facts(pages: list[PageFacts], home_url: str = "", feed_items: Iterable[object] = (),
                url_dates: dict[str, str] | None = None, now: str | None = None) -> tuple[str, list[Fact]]:
    """Merge facts across pages: dedupe, rank, cap per kind; decide the agency's name.

    `feed_items` are the feed's posts (FeedItem-like: title, link, date; see `pages.feed_item_kind`); `url_dates` maps a
    post URL to a date from a feed or sitemap, used when the page itself gave none. `now` (ISO,
    default: the current time) is when the site was read: an item dated more than a day after it
    is an announcement of something to come (an application deadline, an event), not news.
    """
    latest = _latest_news_date(now)
    url_dates = {canonical_url(k): v for k, v in (url_dates or {}).items() if v}
    name = choose_name(pages, home_url)
    by_kind: dict[str, list[tuple[Fact, str]]] = {}
    page_dates = {canonical_url(p.url): p.date for p in pages if p.date}
    for p in pages:
        for f in p.facts:
            if f.kind == "news" and not f.date:
                src = canonical_url(f.source)
                d = page_dates.get(src) or url_dates.get(src) or date_from_url(src)
                if d:
                    f = f.model_copy(update={"date": d})
            by_kind.setdefault(f.kind, []).append((f, p.kind))
    for item in feed_items:
        title = clean_text(getattr(item, "title", "") or "")
        link = getattr(item, "link", "") or home_url
        date = getattr(item, "date", None)
        if title and _usable(title) and link:
            try:
                by_kind.setdefault("news", []).append((Fact(kind="news", text=_shorten(title, 260), source=link[:2000], date=date), "news"))
            except ValueError:
                pass
    # A post announcing a prize ("We're finalists in the 2024 Learning Excellence Awards") is an
    # award too, whether its title came from the post, a listing card or the feed.
    award_keys = {_key(f.text) for f, _ in by_kind.get("award", [])}
    for f, _ in list(by_kind.get("news", [])):
        if _NAMED_AWARD_RE.search(f.text) and _AWARD_NEWS_RE.search(f.text) and _key(f.text) not in award_keys:
            award_keys.add(_key(f.text))
            by_kind.setdefault("award", []).append((Fact(kind="award", text=f.text, source=f.source, date=f.date), "news"))
    out: list[Fact] = []
    if name:
        src = next((p.url for p in pages if p.kind == "home"), pages[0].url if pages else home_url) or home_url
        if src:
            out.append(Fact(kind="name", text=name[:MAX_FACT], source=src))
    # Description: the home page's meta description first, then JSON-LD/about sentences.
    descs: list[tuple[str, str]] = []
    for p in sorted(pages, key=lambda p: 0 if p.kind == "home" else 1 if p.kind == "about" else 2):
        for d in p.descriptions:
            descs.append((d, p.url))
    if descs:
        by_kind.setdefault("about", []).insert(0, (Fact(kind="about", text=descs[0][0], source=descs[0][1]), "home"))
    name_key = _key(name)
    order: list[FactKind] = ["about", "service", "client", "industry", "news", "leader", "value",
                             "location", "award", "careers", "contact"]
    for kind in order:
        named = {k for p in pages for k in p.named_clients} if kind == "client" else frozenset()
        items = _dedupe(by_kind.get(kind, []), kind, named)
        if kind in ("client", "service", "industry"):
            items = [it for it in items if _key(it[0].text) != name_key]
        if kind == "industry":
            # A label the site also lists as a service (a work filter "Branding") is not a sector.
            services = {_key(f.text) for f, _ in by_kind.get("service", [])}
            items = [it for it in items if _key(it[0].text) not in services]
        if kind == "client":
            # A case-study title whose client is known is a project, not a client.
            titles = {k for p in pages for k in p.case_titles}
            clients = {_key(f.text) for p in pages for f in p.facts if f.kind == "client" and p.kind == "clients"}
            items = [it for it in items if _key(it[0].text) not in titles or _key(it[0].text) in clients]
        if kind in ("about", "value", "award", "careers", "location"):
            items = _contained_dupes(items, 12 if kind in ("location", "value") else 30)
        if kind == "leader":
            # A bare name is dropped when the same person has a titled entry (already merged by key).
            pass
        if kind == "news":
            items = [it for it in items if not it[0].date or it[0].date[:10] <= latest]
            items.sort(key=lambda it: (it[0].date or "", it[1]), reverse=True)
        else:
            # Stable: best source first, then frequency, keeping page order within ties.
            items = sorted(items, key=lambda it: (-it[1], -min(it[2], 3)))
            if kind in ("about",):
                items = items[:1] + sorted(items[1:], key=lambda it: (-it[1], len(it[0].text)))
        cap = KIND_CAPS.get(kind, 12)
        out.extend(f for f, _, _ in items[:cap])
        if kind == "client":
            out.extend(_merge_cases(pages))
    return name, out


CASE_CAP = 10


def _merge_cases(pages: list[PageFacts]) -> list[Fact]:
    """Case studies with results, one per case: the case-study page's own fact beats a card's."""
    best: dict[str, tuple[int, Fact]] = {}
    order: list[str] = []
    for p in pages:
        for k, f in p.cases:
            rank = 2 if canonical_url(f.source) == canonical_url(p.url) and p.kind in ("work", "clients") \
                and not _pages.is_listing_url(p.url) else 1
            if k not in best:
                order.append(k)
            if k not in best or rank > best[k][0]:
                best[k] = (rank, f)
    return [best[k][1] for k in order][:CASE_CAP]


def _latest_news_date(now: str | None) -> str:
    """The last day a news item may carry: the day after `now` (one day of slack for time zones)."""
    import datetime as _dt  # noqa: PLC0415

    try:
        t = _dt.datetime.fromisoformat(now) if now else None
    except ValueError:
        t = None
    if t is None:
        t = _dt.datetime.now(_dt.timezone.utc)
    return (t + _dt.timedelta(days=1)).date().isoformat()
