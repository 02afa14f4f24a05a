"""PDF pages from plain text, safe for any user text.

Uses DejaVu Sans when the system has it, so Greek, Cyrillic and accents print as written;
otherwise a core font with the text transliterated to Latin-1. Characters the font cannot draw
(emoji) are dropped, never an error.
"""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

from fpdf import FPDF

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


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


class PdfWriter:
    """Text into the PDF through one filter, so no character the font lacks reaches fpdf."""

    def __init__(self, scale: float = 1.0) -> None:
        self.scale = scale  # the brief shrinks everything a little until it fits one page
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
        size *= self.scale
        self.pdf.set_font(self.family, style, size)
        self.pdf.multi_cell(0, size * 0.5, self.clean(text), align="L", new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(gap * self.scale)

    def labelled(self, label: str, text: str) -> None:
        if text.strip():
            self.pdf.set_font(self.family, "B", 10 * self.scale)
            self.pdf.multi_cell(0, 5 * self.scale, self.clean(label), new_x="LMARGIN", new_y="NEXT")
            self.write(text, gap=2)

    def output(self) -> bytes:
        buffer = io.BytesIO()
        self.pdf.output(buffer)
        return buffer.getvalue()


