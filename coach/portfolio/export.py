"""The portfolio one-pager (Markdown, PDF) and the samples table (CSV), each in the version the user shares.

Built only when asked for (the page hands these to download buttons as callables), so a rerun
of the page never pays for a PDF. `coach.pdf` keeps any user text printable.
"""

from __future__ import annotations

import re

import pandas as pd

from coach.content import render
from coach.model import Workspace
from coach.portfolio.coaching import amec_level
from coach.portfolio.confidential import SampleView, shared_view
from coach.pdf import PdfWriter
from coach.portfolio.pack import PortfolioPack, portfolio_pack

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

def portfolio_pdf(workspace: Workspace, pack: PortfolioPack | None = None) -> bytes:
    pack = pack or portfolio_pack()
    writer = PdfWriter()
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
    return writer.output()
