"""The portfolio one-pager (Markdown, PDF) and the samples table (CSV), each in the version the user shares.

Built only when asked for (the page hands these to download buttons as callables), so a rerun
of the page never pays for a PDF. The PDF uses DejaVu Sans when the system has it, so Greek,
Cyrillic and accents print as written; otherwise a core font with the text transliterated to
Latin-1. Characters the font cannot draw (emoji) are dropped, never an error.
"""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

import pandas as pd
from fpdf import FPDF

from coach.content import render
from coach.model import Workspace
from coach.portfolio.coaching import amec_level
from coach.portfolio.confidential import SampleView, shared_view
from coach.portfolio.pack import PortfolioPack, portfolio_pack

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
CSV_COLUMNS = ["title", "type", "role", "objective", "what_i_did", "result", "metrics", "how_measured", "sources",
               "learned", "amec_level", "version", "link"]


def _views(workspace: Workspace, pack: PortfolioPack) -> list[tuple[SampleView, str]]:
    return [(shared_view(s, pack), amec_level(s, pack).label) for s in workspace.samples]


def portfolio_markdown(workspace: Workspace, pack: PortfolioPack | None = None) -> str:
    pack = pack or portfolio_pack()
    samples = [view.as_context() | {"level": level} for view, level in _views(workspace, pack)]
    text = render(pack.export.markdown, name=workspace.profile.name, field=workspace.profile.field_of_interest,
                  samples=samples)
    return re.sub(r"\n{3,}", "\n\n", text) + "\n"


def portfolio_csv(workspace: Workspace, pack: PortfolioPack | None = None) -> bytes:
    pack = pack or portfolio_pack()
    rows = [
        {"title": v.title, "type": v.type, "role": v.role, "objective": v.objective, "what_i_did": v.did,
         "result": v.outcome, "metrics": "; ".join(v.metrics), "how_measured": v.measured, "sources": "; ".join(v.sources),
         "learned": v.learned, "amec_level": level, "version": "confidential" if v.confidential else "original",
         "link": v.link}
        for v, level in _views(workspace, pack)
    ]
    return pd.DataFrame(rows, columns=CSV_COLUMNS).to_csv(index=False).encode("utf-8")


# --------------------------------------------------------------------------- PDF

_LATIN1_SWAPS = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2014": "-", "\u2018": "'", "\u2019": "'",
                               "\u201c": '"', "\u201d": '"', "\u2026": "...", "\u2192": "->", "\u2022": "-",
                               "\u00a0": " ", "\u2009": " ", "Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Œ": "OE",
                               "œ": "oe", "ı": "i", "€": "EUR "})


def latin1(text: str) -> str:
    """Text a core PDF font can print: accents kept where Latin-1 has them, others spelt out or dropped."""
    text = text.translate(_LATIN1_SWAPS)
    out = []
    for ch in text:
        try:
            ch.encode("latin-1")
            out.append(ch)
        except UnicodeEncodeError:
            plain = unicodedata.normalize("NFKD", ch).encode("latin-1", "ignore").decode("latin-1")
            out.append("".join(c for c in plain if not unicodedata.combining(c)) or ("?" if ch.isalnum() else ""))
    return "".join(out)


class _Writer:
    """Text into the PDF through one filter, so no character the font lacks reaches fpdf."""

    def __init__(self) -> None:
        self.pdf = FPDF(format="A4")
        self.pdf.set_margins(18, 16, 18)
        self.pdf.set_auto_page_break(True, margin=16)
        self.family, self.covered = "Helvetica", None
        regular, bold = DEJAVU / "DejaVuSans.ttf", DEJAVU / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            try:
                self.pdf.add_font("DejaVu", "", str(regular))
                self.pdf.add_font("DejaVu", "B", str(bold))
                self.pdf.add_font("DejaVu", "I", str(regular))
                self.family = "DejaVu"
                self.pdf.set_font("DejaVu", size=10)
                self.covered = set(self.pdf.current_font.ttfont.getBestCmap())
            except Exception:  # a broken system font: fall back to the core font
                self.family, self.covered = "Helvetica", None
        self.pdf.add_page()

    def clean(self, text: str) -> str:
        text = unicodedata.normalize("NFC", text.replace("\r", ""))
        if self.covered is None:
            return latin1(text)
        return "".join(ch for ch in text if ch == "\n" or ord(ch) in self.covered)

    def write(self, text: str, size: float = 10, style: str = "", gap: float = 1.5) -> None:
        self.pdf.set_font(self.family, style, size)
        self.pdf.multi_cell(0, size * 0.5, self.clean(text), new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(gap)

    def labelled(self, label: str, text: str) -> None:
        if text.strip():
            self.pdf.set_font(self.family, "B", 10)
            self.pdf.multi_cell(0, 5, self.clean(label), new_x="LMARGIN", new_y="NEXT")
            self.write(text, gap=2)


def portfolio_pdf(workspace: Workspace, pack: PortfolioPack | None = None) -> bytes:
    pack = pack or portfolio_pack()
    writer = _Writer()
    name = workspace.profile.name
    writer.write(f"{name}'s portfolio" if name else "My portfolio", size=18, style="B", gap=1)
    if workspace.profile.field_of_interest:
        writer.write(workspace.profile.field_of_interest, size=11, gap=4)
    if not workspace.samples:
        writer.write("No work samples yet.")
    for number, (view, level) in enumerate(_views(workspace, pack), start=1):
        title = view.title or "Untitled sample"
        writer.write(f"{number}. {title}" + (" (confidential version)" if view.confidential else ""), size=13, style="B", gap=0.5)
        meta = " · ".join(p for p in (view.type.capitalize(), view.role, f"AMEC level: {level}" if level else "") if p)
        writer.write(meta, size=9, style="I", gap=2)
        writer.labelled("Objective", view.objective)
        writer.labelled("What I did", view.did)
        writer.labelled("Result", view.outcome)
        writer.labelled("Metrics", "\n".join(view.metrics))
        measured = view.measured + (f" ({', '.join(view.sources)})" if view.sources and view.measured else "")
        writer.labelled("How it was measured", measured)
        writer.labelled("What I learned", view.learned)
        writer.labelled("Link", view.link)
        writer.pdf.ln(3)
    buffer = io.BytesIO()
    writer.pdf.output(buffer)
    return buffer.getvalue()
