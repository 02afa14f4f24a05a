"""Figures in free text and in metrics: finding them, formatting them, turning them relative."""

from __future__ import annotations

import re
from dataclasses import dataclass

from coach.model import Metric

_MULTIPLIERS = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "mn": 1e6, "bn": 1e9, "billion": 1e9}
MONEY_UNITS = frozenset({"$", "€", "£", "¥", "usd", "eur", "gbp", "dollars", "euros", "pounds", "chf", "cad", "aud"})
TIME_UNITS = ("second", "seconds", "minute", "minutes", "min", "mins", "hour", "hours", "hr", "hrs", "day", "days",
              "week", "weeks", "wk", "wks", "month", "months", "quarter", "quarters", "year", "years", "yr", "yrs",
              "semester", "semesters", "term", "terms", "weekend", "weekends")

# A figure: optional currency, digits with thousands separators or decimals, an optional multiplier,
# then an optional percent sign or a unit word that says what kind of figure it is.
_NUMBER = (r"(?P<cur{i}>[$€£¥])?\s?(?P<num{i}>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)"
           r"(?:(?P<mult{i}>[kKmM]|bn|mn)\b|\s(?P<multw{i}>thousand|million|billion)\b)?"
           r"(?P<pct{i}>\s?%|\s?per\s?cent\b|\s?percent\b)?"
           r"(?P<unit{i}>\s(?:dollars|euros|pounds|USD|EUR|GBP)\b)?")
FIGURE = re.compile(rf"(?<![\w.,]){_NUMBER.format(i='')}(?![\w])")
# "from 1,200 to 1,800", "from 85 families to 140", "31% → 52%".
FROM_TO = re.compile(
    rf"\bfrom\s+(?<![\w.,]){_NUMBER.format(i='a')}(?:\s+[^\W\d_]+){{0,2}}?\s*(?:to|→|->)\s*{_NUMBER.format(i='b')}(?![\w])"
    rf"|(?<![\w.,]){_NUMBER.format(i='c')}\s*(?:→|->)\s*{_NUMBER.format(i='d')}(?![\w])",
    re.IGNORECASE,
)


def from_to_figures(match: re.Match[str]) -> tuple[Figure, Figure]:
    """The two figures of a FROM_TO match, whichever of its forms matched."""
    if match.group("numa") is not None:
        return figure_at(match, "a"), figure_at(match, "b")
    return figure_at(match, "c"), figure_at(match, "d")
_TIME_AFTER = re.compile(rf"\s*(?:{'|'.join(TIME_UNITS)})\b", re.IGNORECASE)
_YEAR = re.compile(r"^(19|20)\d\d$")


@dataclass(frozen=True)
class Figure:
    value: float
    percent: bool
    money: bool
    currency: str


def figure_at(match: re.Match[str], suffix: str = "") -> Figure:
    number = float(match.group(f"num{suffix}").replace(",", ""))
    mult = (match.group(f"mult{suffix}") or match.group(f"multw{suffix}") or "").lower()
    number *= _MULTIPLIERS.get(mult, 1)
    currency = match.group(f"cur{suffix}") or (match.group(f"unit{suffix}") or "").strip()
    return Figure(number, percent=bool(match.group(f"pct{suffix}")), money=bool(currency), currency=currency)


def is_year(match: re.Match[str]) -> bool:
    """1900–2099 written without separators, currency or percent: a year, not a result."""
    return bool(_YEAR.match(match.group("num") or "")) and not (match.group("cur") or match.group("pct") or match.group("mult")
                                                                  or match.group("multw") or match.group("unit"))


def is_duration(text: str, match: re.Match[str]) -> bool:
    """"6 weeks", "3 months": a time frame, kept as written because it is part of the method."""
    return bool(_TIME_AFTER.match(text, match.end()))


def result_figures(text: str) -> list[re.Match[str]]:
    """Figures that state a result: not years, not durations."""
    return [m for m in FIGURE.finditer(text) if not is_year(m) and not is_duration(text, m)]


def fmt(value: float) -> str:
    """1200 → "1,200", 3.5 → "3.5"."""
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


MINUS = "\u2212"


def signed_percent(change: float) -> str:
    """+50%, −25%, +2.5% (a true minus sign)."""
    rounded = round(change) if abs(change) >= 10 else round(change, 1)
    text = fmt(abs(rounded))
    if rounded == 0:
        return "±0%"
    return f"{'+' if rounded > 0 else MINUS}{text}%"


def relative_change(before: float, after: float, *, percent_values: bool = False) -> str | None:
    """The change from `before` to `after` as a relative figure; None when it cannot be one (from zero)."""
    if percent_values:
        points = after - before
        rounded = round(points, 1)
        return f"{'+' if rounded >= 0 else MINUS}{fmt(abs(rounded))} percentage points"
    if before == 0:
        return None
    return signed_percent((after - before) / abs(before) * 100)


def magnitude(value: float, keep_below: int) -> str:
    """A lone absolute figure as a range that keeps its scale but not its value."""
    size = abs(value)
    if size < keep_below:
        return fmt(value)
    if size < 20:
        return "over ten"
    if size < 100:
        return "several dozen"
    if size < 200:
        return "over a hundred"
    if size < 1000:
        return "several hundred"
    if size < 10_000:
        lead = int(size // 1000)
        return f"{'about' if size == lead * 1000 else 'over'} {lead},000"
    if size < 100_000:
        return "tens of thousands"
    if size < 1_000_000:
        return "hundreds of thousands"
    if size < 2_000_000:
        return "over a million"
    if size < 1_000_000_000:
        return "millions"
    return "billions"


def money_band(value: float, bands: list[tuple[float, str]]) -> str:
    for below, text in bands:
        if abs(value) < below:
            return text
    return bands[-1][1]


def metric_is_money(metric: Metric) -> bool:
    return metric.unit.strip().lower() in MONEY_UNITS


def metric_is_percent(metric: Metric) -> bool:
    return metric.unit.strip() in ("%", "percent", "per cent", "pct")


def with_unit(value: float, unit: str) -> str:
    unit = unit.strip()
    if not unit:
        return fmt(value)
    if unit in ("$", "€", "£", "¥"):
        return f"{unit}{fmt(value)}"
    if unit == "%":
        return f"{fmt(value)}%"
    return f"{fmt(value)} {unit}"


def metric_line(metric: Metric) -> str:
    """"Sign-ups: 1,200 → 1,800 (+50%), in 6 weeks" — the metric as the user entered it."""
    name = metric.name or "Metric"
    parts: list[str] = []
    if metric.baseline is not None and metric.after is not None:
        change = relative_change(metric.baseline, metric.after, percent_values=metric_is_percent(metric))
        parts.append(f"{with_unit(metric.baseline, metric.unit)} → {with_unit(metric.after, metric.unit)}"
                     + (f" ({change})" if change else ""))
    elif metric.after is not None:
        parts.append(with_unit(metric.after, metric.unit))
    elif metric.baseline is not None:
        parts.append(f"baseline {with_unit(metric.baseline, metric.unit)}")
    else:
        parts.append("not measured yet")
    if metric.period:
        parts.append(metric.period)
    return f"{name}: " + ", ".join(parts)
