"""The confidential version of a sample: names become descriptors, figures become relative.

A professional reading a confidential sample wants the thinking, not the client: so the
method, the reasoning and the time frames stay, while client and brand names turn into the
user's descriptors ("Lakemont Health" → "a regional healthcare system"), names the user did
not list are caught by their shape (capitalised runs, ALLCAPS, ®/™, @handles, #hashtags,
web and email addresses), and absolute figures become relative changes or ranges.

The rewrite works on placeholders: each span to replace is swapped for a private-use marker
first, so a descriptor is never rewritten again and a figure is never read as a name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from coach.model import Metric, WorkSample
from coach.portfolio.figures import (
    FIGURE,
    FROM_TO,
    figure_at,
    fmt,
    from_to_figures,
    is_duration,
    is_year,
    magnitude,
    metric_is_money,
    metric_is_percent,
    metric_line,
    money_band,
    relative_change,
)
from coach.portfolio.pack import PortfolioPack, patterns, per_sample, portfolio_pack

_OPEN, _CLOSE, _BASE = "\ue000", "\ue001", 0xE100
_MARK = re.compile(f"{_OPEN}(.){_CLOSE}", re.DOTALL)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"']+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|io|co|edu|gov|uk|example|app|info|biz)\b(?:/[^\s<>\"']*)?",
                  re.IGNORECASE)
_HANDLE = re.compile(r"(?<![\w@])@\w[\w.]*\w|(?<![\w@])@\w")
_HASHTAG = re.compile(r"(?<![\w#&])#\w+")
_WORD = re.compile(r"\w[\w'’\-]*[®™]?|\w")
_CHANGE_VERBS = re.compile(r"(?:grew|grow|rose|rise|increased|increase|jumped|climbed|went|dropped|fell|decreased|declined|"
                           r"shrank|improved|doubled|moved|up|down)\s+$", re.IGNORECASE)
_SAMPLE_SIZE = re.compile(r"\bn\s*=\s*$", re.IGNORECASE)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n\s*(?:[-*•]\s+)?|[\"“(]\s*)$")


@dataclass
class Rewrite:
    """One text rewritten, with the names found that the user has not listed."""

    text: str
    detected: dict[str, str] = field(default_factory=dict)


class _Marks:
    def __init__(self) -> None:
        self.values: list[str] = []

    def put(self, value: str) -> str:
        self.values.append(value)
        return f"{_OPEN}{chr(_BASE + len(self.values) - 1)}{_CLOSE}"


def _at_sentence_start(text: str, index: int) -> bool:
    return bool(_SENTENCE_START.search(text[:index]))


def _capitalise_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _trailing(url: str) -> str:
    """Sentence punctuation a web address swallowed, given back."""
    return url[len(url.rstrip(".,;:!?)]")):]


def _listed_names(text: str, descriptors: Mapping[str, str], marks: _Marks, fallback: str) -> str:
    for name in sorted((n for n in descriptors if n.strip()), key=len, reverse=True):
        pattern = re.compile(rf"(?<!\w){re.escape(name.strip())}(?!\w)", re.IGNORECASE)
        text = pattern.sub(lambda m: marks.put(descriptors[name].strip() or fallback), text)
    return text


def _figures(text: str, marks: _Marks, pack: PortfolioPack) -> str:
    words = pack.confidential
    bands = [(b.below, b.text) for b in words.money_bands]

    def from_to(m: re.Match[str]) -> str:
        before, after = from_to_figures(m)
        change = relative_change(before.value, after.value, percent_values=before.percent and after.percent)
        if change is None:
            change = f"from zero to {money_band(after.value, bands) if after.money else magnitude(after.value, words.keep_below)}"
        lead = "by " if _CHANGE_VERBS.search(text[: m.start()]) else ""
        return marks.put(lead + change)

    text = FROM_TO.sub(from_to, text)

    def lone(m: re.Match[str]) -> str:
        if is_year(m) or is_duration(text, m) or _SAMPLE_SIZE.search(text, 0, m.start()):
            return m.group(0)
        figure = figure_at(m)
        if figure.percent:
            return m.group(0)
        if figure.money:
            return marks.put(money_band(figure.value, bands))
        if abs(figure.value) < words.keep_below:
            return m.group(0)
        phrase = magnitude(figure.value, words.keep_below)
        if phrase in _NEEDS_OF and _NOUN_AFTER.match(text, m.end()) and not _NOT_NOUN.match(text, m.end()):
            phrase += " of"
        return marks.put(phrase)

    return FIGURE.sub(lone, text)


_NEEDS_OF = frozenset({"tens of thousands", "hundreds of thousands", "millions", "billions"})
_NOUN_AFTER = re.compile(r"[ \t]+[^\W\d_]")
_NOT_NOUN = re.compile(r"[ \t]+(?:in|on|at|by|over|during|within|from|to|and|or|for|across|after|before|per|a|an|the)\b", re.IGNORECASE)


def _base(word: str) -> str:
    """The word without a possessive or trademark sign: "Lakemont's" → "Lakemont"."""
    return re.split(r"['’]", word.rstrip("®™"), maxsplit=1)[0]


def _looks_ordinary_start(word: str, lead: frozenset[str]) -> bool:
    """A sentence's first word that is only capitalised because it starts the sentence."""
    lower = word.lower()
    return lower in lead or lower.endswith(("ed", "ing", "ly")) or lower in _COMMON_STARTS


_COMMON_STARTS = frozenset(
    "wrote ran led built made set got took gave won began chose drew kept lost met paid put read sent shot sold spent "
    "taught told grew rose fell found held brought bought thought most many some students parents teachers people "
    "readers visitors followers results coverage one two three four five six seven eight nine ten there here next last "
    "first second third".split()
)


def _names(text: str, marks: _Marks, pack: PortfolioPack, detected: dict[str, str]) -> str:
    """Brand-like names not in the user's list: capitalised runs, ALLCAPS, ®/™ words."""
    compiled = patterns(pack)
    tokens = list(_WORD.finditer(text))
    runs: list[list[re.Match[str]]] = []
    for token in tokens:
        if not token.group(0)[0].isupper():
            continue
        if runs and runs[-1][-1] is not None:
            gap = text[runs[-1][-1].end(): token.start()]
            if re.fullmatch(r"[ \t]+|[ \t]*&[ \t]*", gap) and "\n" not in gap:
                runs[-1].append(token)
                continue
        runs.append([token])
    spans: list[tuple[int, int, str]] = []
    for run in runs:
        start_of_sentence = _at_sentence_start(text, run[0].start())
        words = list(run)
        # Drop ordinary leading words ("The", "Our", a sentence's first verb) and kept words at the edges.
        while words and (words[0].group(0).lower() in compiled.lead
                         or (words[0] is run[0] and start_of_sentence and _looks_ordinary_start(words[0].group(0), compiled.lead))):
            words.pop(0)
        for group in _split_on_kept(words, text, compiled.keep):
            phrase = text[group[0].start(): group[-1].end()]
            single = len(group) == 1
            word = group[0].group(0)
            letters = [c for c in _base(word) if c.isalpha()]
            brand_like = (
                not single
                or any(s in word for s in "®™")
                or (len(letters) >= 2 and all(c.isupper() for c in letters))
                or not _at_sentence_start(text, group[0].start())
            )
            if brand_like:
                spans.append((group[0].start(), group[-1].end(), phrase))
    choices = pack.confidential.detected
    for _, _, phrase in spans:  # descriptors in reading order: the first name found is "the client"
        detected.setdefault(_base(phrase).strip(), choices[min(len(detected), len(choices) - 1)])
    for start, end, phrase in reversed(spans):
        key = _base(phrase).strip()
        possessive = "’s" if phrase.endswith("’s") else "'s" if phrase.endswith("'s") else ""
        text = text[:start] + marks.put(detected[key] + possessive) + text[end:]
    return text


def _split_on_kept(words: list[re.Match[str]], text: str, keep: frozenset[str]) -> list[list[re.Match[str]]]:
    """Runs without the words that are not names (platforms, months, "PR"): "Lakemont Instagram" → ["Lakemont"]."""
    groups: list[list[re.Match[str]]] = []
    index = 0
    while index < len(words):
        # A kept multi-word phrase ("Google Analytics", "Muck Rack") is skipped as a whole.
        matched = 0
        for length in range(min(3, len(words) - index), 0, -1):
            phrase = text[words[index].start(): words[index + length - 1].end()]
            if _base(phrase).lower() in keep or phrase.lower() in keep:
                matched = length
                break
        if matched:
            word = words[index].group(0)
            trailing_caps = matched == 1 and groups and groups[-1] and word.isupper() and len(word) <= 3
            if trailing_caps:  # "Harbor & Pine PR": the kept acronym belongs to the name before it
                groups[-1].append(words[index])
            index += matched
            groups.append([])
            continue
        if not groups:
            groups.append([])
        groups[-1].append(words[index])
        index += 1
    return [g for g in groups if g]


def rewrite(text: str, descriptors: Mapping[str, str] | None = None, pack: PortfolioPack | None = None,
            detected: dict[str, str] | None = None) -> Rewrite:
    """`text` with names replaced by descriptors and absolute figures made relative; method words kept."""
    pack = pack or portfolio_pack()
    words = pack.confidential
    detected = {} if detected is None else detected
    if not text.strip():
        return Rewrite(text, detected)
    marks = _Marks()
    out = _listed_names(text, descriptors or {}, marks, words.detected[0])
    out = _EMAIL.sub(lambda m: marks.put(words.email), out)
    out = _URL.sub(lambda m: marks.put(words.url) + _trailing(m.group(0)), out)
    out = _HANDLE.sub(lambda m: marks.put(words.handle), out)
    out = _HASHTAG.sub(lambda m: marks.put(words.hashtag), out)
    out = _figures(out, marks, pack)
    out = _names(out, marks, pack, detected)

    return Rewrite(_unmark(out, marks), detected)


_ARTICLE_BEFORE = re.compile(r"(?:^|(?<=\W))(?:the|a|an)\s+$", re.IGNORECASE)
_ARTICLE_START = re.compile(r"^(?:the|a|an|another|some)\s", re.IGNORECASE)


def _unmark(text: str, marks: _Marks) -> str:
    """Markers back to their values: "the" + "a regional system" does not double up, sentences start capitalised."""
    out: list[str] = []
    last = 0
    for m in _MARK.finditer(text):
        done = "".join(out) + text[last: m.start()]
        value = marks.values[ord(m.group(1)) - _BASE]
        article = _ARTICLE_BEFORE.search(done)
        if article and _ARTICLE_START.match(value):
            keep_capital = done[article.start()].isupper()
            done = done[: article.start()]
            if keep_capital:
                value = _capitalise_first(value)
        if _at_sentence_start(done, len(done)):
            value = _capitalise_first(value)
        out = [done, value]
        last = m.end()
    return "".join(out) + text[last:]


def confidential_metric(metric: Metric, descriptors: Mapping[str, str], pack: PortfolioPack,
                        detected: dict[str, str]) -> str:
    """A metric as a relative change ("Sign-ups: +50%, in 6 weeks") or a range when it has no baseline."""
    words = pack.confidential
    bands = [(b.below, b.text) for b in words.money_bands]
    name = rewrite(metric.name or "Metric", descriptors, pack, detected).text
    period = rewrite(metric.period, descriptors, pack, detected).text if metric.period else ""

    def scale(value: float) -> str:
        if metric_is_money(metric):
            return money_band(value, bands)
        if metric_is_percent(metric):
            return f"{fmt(value)}%"
        return magnitude(value, words.keep_below) + (f" {metric.unit}" if metric.unit else "")

    if metric.baseline is not None and metric.after is not None:
        value = relative_change(metric.baseline, metric.after, percent_values=metric_is_percent(metric))
        value = value or f"from zero to {scale(metric.after)}"
    elif metric.after is not None:
        value = scale(metric.after)
    elif metric.baseline is not None:
        value = "baseline recorded"
    else:
        value = "not measured yet"
    return f"{name}: {value}" + (f", {period}" if period else "")


@dataclass(frozen=True)
class SampleView:
    """A sample as text, in the version it will be shown: original or confidential."""

    title: str
    type: str
    role: str
    objective: str
    did: str
    outcome: str
    metrics: tuple[str, ...]
    measured: str
    sources: tuple[str, ...]
    learned: str
    link: str
    confidential: bool
    detected: tuple[tuple[str, str], ...] = ()

    def as_context(self) -> dict[str, object]:
        return {"title": self.title, "type": self.type, "role": self.role, "objective": self.objective, "did": self.did,
                "outcome": self.outcome, "metrics": list(self.metrics), "measured": self.measured,
                "sources": list(self.sources), "learned": self.learned, "link": self.link, "confidential": self.confidential}


def original_view(sample: WorkSample) -> SampleView:
    return SampleView(
        title=sample.title, type=sample.type, role=sample.role, objective=sample.objective, did=sample.what_i_did,
        outcome=sample.result, metrics=tuple(metric_line(m) for m in sample.metrics if _filled(m)),
        measured=sample.method, sources=tuple(sample.sources), learned=sample.learned, link=sample.link, confidential=False,
    )


@per_sample
def confidential_view(sample: WorkSample, pack: PortfolioPack | None = None) -> SampleView:
    """The sample with names and absolute figures hidden; the link is left out (it names the client)."""
    pack = pack or portfolio_pack()
    fields = [sample.title, sample.role, sample.objective, sample.what_i_did, sample.result, sample.method, sample.learned,
              *(m.name for m in sample.metrics), *(m.period for m in sample.metrics)]
    # First pass: names found anywhere in the sample, so a name also goes where its shape alone would not
    # give it away (at the start of a sentence, in lower case).
    detected: dict[str, str] = {}
    for text in fields:
        rewrite(text, sample.descriptors, pack, detected)
    names = {**{k: v for k, v in detected.items() if k.lower() not in {n.lower() for n in sample.descriptors}},
             **sample.descriptors}

    def hide(text: str) -> str:
        return rewrite(text, names, pack).text

    return SampleView(
        title=hide(sample.title), type=sample.type, role=hide(sample.role), objective=hide(sample.objective),
        did=hide(sample.what_i_did), outcome=hide(sample.result),
        metrics=tuple(confidential_metric(m, names, pack, detected) for m in sample.metrics if _filled(m)),
        measured=hide(sample.method), sources=tuple(sample.sources), learned=hide(sample.learned), link="",
        confidential=True, detected=tuple(detected.items()),
    )


def shared_view(sample: WorkSample, pack: PortfolioPack | None = None) -> SampleView:
    """The version the user chose for the brief, the thank-you note and the story."""
    return confidential_view(sample, pack) if sample.share_confidential else original_view(sample)


def _filled(metric: Metric) -> bool:
    return bool(metric.name or metric.baseline is not None or metric.after is not None or metric.period)
