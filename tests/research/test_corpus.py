"""Recall floors on the real agency corpus (../shared/corpus), each site served on loopback.

The floors are modest on purpose: they guard against regressions, while bench/corpus_eval.py
measures the actual recall per kind.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from coach.research.engine import research_sync
from coach.research.fetch import FetchSettings
from tests.loopback import serve_directory

pytestmark = pytest.mark.corpus

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
SITES = CORPUS / "sites"


def fold(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)).lower()


# site -> (name, {kind: (minimum count of these found, [expected texts])}, {kind: [(needle, date)]})
FLOORS = {
    "valuecom": ("valuecom", {
        "leader": (7, ["Alexandros Manos", "Virna Ntanou", "Rita Makraki", "Mitsi Staikou", "Athina Georgiadou",
                       "Aggelos Filis", "Takis Karagiannis", "Vassilios Dascalopoulos"]),
        "client": (8, ["Janssen", "Diageo", "Nike", "Danone", "Microsoft", "Fraport", "Cosmote", "Philips", "Nestle"]),
        "value": (2, ["integrity", "teamwork", "diversity"]),
        "contact": (1, ["admin@valuecom.gr"]),
    }, {}),
    "mobilenow": ("mobile now", {
        "service": (4, ["Mobile Consultancy", "UX Design", "UI Design", "App Publishing", "Front End Development"]),
        "client": (6, ["Unilever", "Ford", "KFC", "Sephora", "Michael Kors", "Bosch", "Greenpeace"]),
        "leader": (2, ["Thomas Meyer", "Liam Winston", "Michelle Ong"]),
        "careers": (3, ["iOS Developer", "PHP Developer", "Project Manager", "UX Designer"]),
    }, {"news": [("WPP builds Our Campus App", "2015-12-10"), ("Heineken immerses", "2015-10-12")]}),
    "studioalloy": ("alloy", {
        "leader": (5, ["Mitchel van Eijgen", "David Hager", "Ruben Daas", "Jaap Redeker", "Daniel Lim", "Wilsun Cheung"]),
        "client": (8, ["Animazing", "Diabetestrefpunt", "Fabstagram", "Hero of Humanity", "Hokjestest", "Viteau",
                       "Mediaspoor", "De Grote Volksverhuizing", "Jakop Ahlbom"]),
        "location": (1, ["Gasthuistvest 47"]),
    }, {}),
    "uradesign": ("ura design", {
        "leader": (5, ["Elio Qoshi", "Anxhelo Lushka", "Anja Xhakani", "Christopher Hunter", "Anxhela Maloku"]),
        "client": (15, ["Mozilla", "GitHub", "Tor Project", "Wikimedia", "Briar", "Electronic Frontier", "Greenhost",
                        "Internews", "Rust Project", "GIZ", "eQualitie", "OSSO", "Calyx", "COTECH", "Magma",
                        "Whistleblower Aid"]),
    }, {"news": [("SOSS", "2025-04-02"), ("European Accessibility Act", "2024-04-11")]}),
    "ideasonstage": ("ideas on stage", {
        "leader": (8, ["Pierre Morsa", "Phil Waknell", "Michael Rickwood", "Ricardo Bonis", "Joe Ross", "Edoardo Sala",
                       "Andrea Pacini", "Marine Bénard", "Lény Guissart"]),
        "client": (8, ["Biogen", "Google", "Business France", "EDF", "Pierre Fabre", "fedex", "deloitte", "disney",
                       "lacoste"]),
    }, {"news": [("Jeremy Connell-Waite", "2024-06-12"), ("Mastering the Art of Spontaneous Speaking", "2024-04-10")]}),
    "buhosocial": ("buho social", {
        "leader": (2, ["Viviana Padilla", "Fernanda"]),
        "service": (3, ["Generación de contenido", "Gestión de Ads", "Vinculación con Influencers",
                        "Redacción de artículos"]),
        "client": (3, ["Bisuza Salon", "Hotel Perla Central", "Novam", "Square"]),
        "contact": (1, ["buhosocial00@gmail.com"]),
    }, {}),
}


@pytest.fixture(scope="module")
def corpus_sites():
    if not SITES.is_dir():
        pytest.skip(f"the agency corpus is not available at {CORPUS}; these tests need ../shared/corpus")
    return SITES


@pytest.mark.parametrize("site", sorted(FLOORS))
def test_corpus_recall_floor(corpus_sites, site):
    root = corpus_sites / site
    if not root.is_dir():
        pytest.skip(f"corpus site {site} is missing")
    name, floors, dated = FLOORS[site]
    with serve_directory(root) as base:
        result = research_sync(base + "/", FetchSettings(allow_private=True))
    assert name in fold(result.name), result.name
    assert len(result.pages) <= 25
    for kind, (minimum, expected) in floors.items():
        texts = [fold(f.text) for f in result.facts if f.kind == kind]
        found = [e for e in expected if any(fold(e) in t for t in texts)]
        assert len(found) >= minimum, (kind, found, texts)
    for kind, items in dated.items():
        for needle, date in items:
            assert any(f.kind == kind and fold(needle) in fold(f.text) and f.date == date for f in result.facts), needle
    for f in result.facts:
        assert "lorem ipsum" not in fold(f.text)
        assert f.source.startswith(base)
