"""Recall of the research engine on the agency corpus (../shared/corpus), per site and per kind.

Run from the repository root:

    .venv/bin/python bench/corpus_eval.py            # table
    .venv/bin/python bench/corpus_eval.py --misses   # also list what was missed
    .venv/bin/python bench/corpus_eval.py --unmatched  # also list facts that match nothing in the key

Each corpus site is served on 127.0.0.1 and researched with the default page budget. The
expected facts below were transcribed by hand from the corpus README's answer keys (the
bench is not part of the app). An expected fact counts as found when a fact of the right
kind contains it (case, accents and punctuation folded); a news item also needs the right
date. "out" is how many facts of that kind the engine returned. "precision" is the share of
facts output (names and contact details aside) that match an entry of the key, the required
ones or the further true ones in `ALSO`; a fact matching nothing counts against it. The bench
exits cleanly when the corpus is absent.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus" / "sites"

# kind -> list of expected texts ("a|b" = either). news: "title @ YYYY-MM-DD".
EXPECTED: dict[str, dict[str, list[str]]] = {
    "valuecom": {
        "name": ["VALUECOM"],
        "service": ["Internal Comms Strategy|Internal Comms", "Creative Assets", "Multimedia Content Creation", "Event"],
        "client": ["Janssen", "Reckitt", "Public", "Diageo", "Greek Government|kyvernisi", "Danone", "DELTA",
                   "Mondelez|Modelez", "NIKE", "AB Vassilopoulos|AB", "European Commission|EU", "VODAFONE",
                   "Fraport", "Alpha Bank", "Microsoft", "Cosmote", "Nestle", "Philips", "PEPSICO", "Heineken"],
        "leader": ["Alexandros Manos", "Virna Ntanou", "Vassilios Dascalopoulos", "Rita Makraki",
                   "Rania Chartofylaka", "Mitsi Staikou", "Takis Karagiannis", "Athina Georgiadou", "Aggelos Filis"],
        "value": ["respect & integrity", "Offer clear career paths", "Appraise fairly", "Value teamwork",
                  "Respect hard work", "creativity & constancy", "diversity", "business coaching", "remote working",
                  "excellence"],
        "location": ["GEORGIOU KARITSI"],
        "contact": ["admin@valuecom.gr", "210 3252103"],
        "award": ["Χρυσός Ερμής|Golden Hermes"],
        "careers": ["top talent"],
    },
    "mobilenow": {
        "name": ["Mobile Now Group|Mobile Now"],
        "about": ["branded apps|full range of mobile services"],
        "service": ["Mobile Consultancy", "UX Design", "UI Design", "Game Concept", "Development", "App Publishing",
                    "Concept Stress Testing", "Mobile Training", "User Needs Analysis", "Information Architecture",
                    "Front End Development", "Back End Development", "Publishing Strategy", "ePR"],
        "client": ["Coca Cola", "Unilever", "Ford", "KFC", "Standard Chartered", "Sephora", "Michael Kors",
                   "Lane Crawford", "Redbull|Red Bull", "Bosch", "SingTel", "Zespri", "Lonely Planet", "Greenpeace",
                   "Tourism Victoria", "Xinhua", "WPP", "Heineken", "Versailles", "Baxter"],
        "industry": ["Automotive", "B2B", "F&B", "Finance", "Gaming", "Healthcare", "Lifestyle", "Media", "Retail",
                     "Travel"],
        "news": ["WPP builds Our Campus App @ 2015-12-10", "CP Feed uses WeChat @ 2015-10-20",
                 "Otto PetCare @ 2015-10-19", "Heineken immerses party goers @ 2015-10-12",
                 "Palace of Versailles @ 2015-10-10", "Nurse Assistant @ 2015-09-30",
                 "Traveler Profile Survey @ 2015-05-01", "Grassland Finance @ 2015-02-15",
                 "MBS invite players @ 2015-02-02", "Sofy enhances @ 2015-01-31",
                 "KFC raises the bar @ 2014-12-26", "Lane Crawford creates social @ 2014-12-16"],
        "leader": ["Thomas Meyer", "Liam Winston", "Michelle Ong"],
        "value": ["one goal|best apps", "Our team is small"],
        "location": ["Xiang Yang South Road", "Jinxingzhong Road", "Jervois Road", "Jiaogong road|Jiaogong"],
        "contact": ["mobilenowgroup.com"],
        "careers": ["Senior Web Developer", "Senior iOS Developer", "Node.js Developer", "PHP Developer",
                    "Senior Tester", "Project Manager", "Senior UI Designer", "Senior UX Designer"],
    },
    "studioalloy": {
        "name": ["Studio Alloy|Alloy"],
        "about": ["creatieve ondernemers|concept tot en met uitvoering|impact met pixels"],
        "service": ["Web & Interactief Design", "Development", "Film & Animatie", "Digitale lespakketten"],
        "client": ["Animazing", "Anatomische Les", "Grote Volksverhuizing", "Diabetestrefpunt", "Vriend en Vijand",
                   "Fabstagram", "Flexibel werken", "Heldergroen", "Hero of Humanity", "Hokjestest",
                   "iPad Detailer", "Jakop Ahlbom", "Mediaspoor", "Rond InHolland", "Science can change",
                   "Verkenningen", "Viteau", "Yogafestival"],
        "news": ["Apple Watch launched", "Offline airplay|Local Airplay", "Getting started with automator",
                 "SVG animation|SVG"],
        "leader": ["Mitchel van Eijgen", "David Hager", "Ruben Daas", "Jaap Redeker", "Daniel Lim", "Wilsun Cheung",
                   "Wouter Hager"],
        "value": ["samensmelten|slagkracht van het individu", "enthousiasme en toewijding"],
        "location": ["Gasthuistvest 47"],
        "contact": ["contact@studioalloy.nl", "10 11 41 79"],
    },
    "uradesign": {
        "name": ["Ura Design"],
        "about": ["open source"],
        "service": ["Branding", "Accessibility", "UX Research", "Interaction Design", "Illustrations",
                    "Web Development", "Pro Bono"],
        "client": ["Mozilla", "GitHub", "Eclipse Foundation", "Tor Project", "Darmstadt", "Wikimedia", "Briar",
                   "Calyx", "COTECH", "Electronic Frontier Foundation", "eQualitie", "Ferrous Systems", "Geocode Earth",
                   "GIZ", "GreatFire", "Greenhost", "Internews", "Magma", "Open Knowledge Foundation", "OSSO",
                   "Open Technology", "Rust Project", "Tech Cultivation", "University of Michigan",
                   "Whistleblower Aid", "Whistleblowing Solutions"],
        "news": ["SOSS @ 2025-04-02", "European Accessibility Act @ 2024-04-11", "Ergi sharing @ 2024-01-17",
                 "Bridgebeam @ 2023-09-16", "Briar Android Illustration @ 2022-10-21",
                 "HTTPS Everywhere Redesign @ 2019-09-08", "Introducing Logobridge @ 2019-05-07",
                 "Underexposed 2019 @ 2019-02-11", "SecureDrop Style Guide @ 2018-12-25",
                 "I2P Style Guide @ 2018-12-03", "Open Source Design Summit 2018 @ 2018-11-16",
                 "LibreOffice Conference 2018 @ 2018-10-20"],
        "leader": ["Elio Qoshi", "Anxhelo Lushka", "Ergi Shkëlzeni|Ergi Shkelzeni", "Anja Xhakani",
                   "Christopher Hunter", "Anxhela Maloku"],
        "value": ["Open Source and Usability belong together", "accessibility a requirement", "stock images",
                  "WordPress"],
        "location": ["Tirana", "Gottschedstraße 4|Gottschedstrasse"],
        "contact": ["hello@ura.design"],
    },
    "ideasonstage": {
        "name": ["Ideas on Stage"],
        "about": ["powerful presentations|Public Speaking Coaching"],
        "service": ["Public Speaking Coaching", "Executive Coaching", "Media Training", "Presentations Training",
                    "Business Presentation Revolution", "Startups on Stage|Pitch for Startups",
                    "Communication consulting", "Communication Strategy", "Storytelling & Copywriting|Storytelling",
                    "Audience Transformation Roadmap", "Presentation Design|Presentation Creation",
                    "Event Design"],
        "client": ["Biogen", "Google", "World Bank|Word Bank", "Business France", "Colombus Consulting", "EDF",
                   "L'Oréal|loreal", "Pierre Fabre", "Flavors|IFF", "fedex", "deloitte", "salesforce",
                   "boston scientific", "disney", "ashoka", "lacoste", "safran", "insead", "em lyon"],
        "news": ["Jeremy Connell-Waite @ 2024-06-12", "Personal Storytelling Can Transform @ 2024-06-10",
                 "Captivate a Million Minds @ 2024-05-15", "Spontaneous Speaking @ 2024-04-10",
                 "YODEL @ 2024-04-01", "Jack Appleman @ 2024-03-13", "A Million Inspirations @ 2024-03-11",
                 "relationship with ourselves @ 2024-03-04", "awesome event host @ 2024-02-28",
                 "Power of Storytelling in Business @ 2024-02-21", "Nicole Lowenbraun @ 2024-02-14",
                 "Matt Abrahams @ 2024-01-17"],
        "leader": ["Pierre Morsa", "Phil Waknell", "Michael Rickwood", "Ricardo Bonis", "Laura Díaz de Entresotos",
                   "Joe Ross", "Edoardo Sala", "Marine Bénard", "Andrea Pacini", "Ismael Salmerón", "Lény Guissart"],
        "value": ["competitive advantage|convinced that successful presentations"],
        "location": ["Champs-Élysées|Champs", "Paris"],
        "award": ["Learning Excellence Awards"],
    },
    "buhosocial": {
        "name": ["Búho Social"],
        "about": ["agencia de comunicación|especializada"],
        "service": ["Generación de contenido", "Gestión de Ads", "Administración de Redes Sociales",
                    "Redacción de artículos", "Vinculación con Influencers"],
        "client": ["Bisuza Salon", "Mansión del Sol", "Casa Iguana", "Disco Roller", "Hotel Perla Central",
                   "Portonovo Plaza", "Novam", "Pizza Leggera", "Square Small Luxury Hotel|Square"],
        "leader": ["Viviana Padilla Gómez", "Fernanda"],
        "value": ["conversación abierta|enfoque colaborativo", "contenidos de interés"],
        "location": ["Zapopan|45110"],
        "contact": ["buhosocial00@gmail.com", "1511 4247"],
        "careers": ["trabajar con nosotros|Estamos creciendo"],
    },
}

# Further true facts from the answer keys: not required for recall, but a fact matching one of
# these is not counted against precision. (Dated news here match on the title only.)
ALSO: dict[str, dict[str, list[str]]] = {
    "valuecom": {
        "client": ["kyvernisi", "aade", "Beiersdorf", "Peiraios", "LAFARGE", "JandJ", "Reckitt", "VF", "NIVEA",
                   "Cardhu", "Don Julio", "Ciroc", "Kaizen", "fenix", "HALLS", "OREO", "Caudalie", "Vivartia",
                   "Tetrapak", "BIC", "PIAGGIO", "Teva", "ucb", "ASHOKA", "RELOAD", "Mazi Gia To Paidi", "Anasa",
                   "athinaiki", "Amstel", "Alfa", "Fischer", "Mamos", "Ioli", "Lagunitas", "Milokleftis", "Nimfi",
                   "JW", "Ready To Make A Difference", "Finish", "Klarna", "Johnnie Walker", "World Class", "Alpro",
                   "Deltamoms", "AntetokounBros", "Antentokounmpo", "allazoumesinitheies", "EU memes",
                   "Breaking The Glass Ceiling", "Εμβολιασμού"],
        "careers": ["current openings", "vision, values"],
    },
    "mobilenow": {
        "news": ["Otto PetCare", "Thoughtful China", "Dove Go Play", "Fanta FunTap", "Datou Datou",
                 "Creative Technology Night", "Tech in Shanghai podcast", "Pingz", "Michael Kors puts mobile",
                 "Divided", "Amazing France", "China Business News Weekly", "Clipper", "Tourism Victoria",
                 "Simple Plug", "British American Tobacco", "HOSTESS CLUB", "大头大头贴"],
        "client": ["Adeo", "Lee Jeans", "BAT", "Mindshare", "Boston Funds", "CP Feed", "Otto PetCare", "Grassland",
                   "Marina Bay Sands|MBS", "Sofy", "Dove", "Fanta", "H&M", "Clipper", "Merck", "Pingz", "Breeze"],
        "about": ["Over 7,000,000|60 apps|40 apps|2009"],
        "location": ["Shanghai|Changsha|Singapore|Hangzhou"],
    },
    "studioalloy": {"client": ["Talpa", "CliniClowns", "KWF", "DSM", "Boehringer", "Corpus Reis"],
                    "about": ["Alloy"]},
    "uradesign": {"service": ["Bridgebeam", "Logobridge"], "about": ["Ura"]},
    "ideasonstage": {
        "news": ["John Roussot", "Learning Excellence Awards", "Hare and the Tortoise", "Visual Storytelling",
                 "Confident Presenter", "Meet Camille", "Andrea Pacini", "New brand, new design"],
        "client": ["Station F", "TED", "Chanel", "Airbus", "CMIT", "TEDx Tours", "MarTech"],
        "value": ["Advice", "Comfort", "Encouragement", "privacy", "supporting and nurturing"],
        "location": ["United Kingdom|Barcelona|Washington|Milan|Spain|Italy|France"],
        "about": ["2010|Ideas on Stage"],
    },
    "buhosocial": {"about": ["Búho|Guadalajara|2014"], "location": ["Guadalajara"],
                   "client": ["seguidores|citas|12,000|15,000"]},
}

KINDS = ["name", "about", "service", "client", "industry", "news", "leader", "value", "location", "award",
         "careers", "contact"]


def fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"[\W_]+", "", s)


def matches(expected: str, kind: str, facts: list) -> bool:
    date = None
    if kind == "news" and " @ " in expected:
        expected, date = expected.rsplit(" @ ", 1)
    alts = [fold(a) for a in expected.split("|") if fold(a)]
    for f in facts:
        if f.kind != kind:
            continue
        t = fold(f.text)
        if any(a in t for a in alts) and (date is None or f.date == date):
            return True
    return False


def is_expected(fact, expected: dict[str, list[str]], also: dict[str, list[str]]) -> bool:
    """The fact says something the answer key lists (of its kind)."""
    t = fold(fact.text)
    for e in expected.get(fact.kind, []) + also.get(fact.kind, []):
        e = e.rsplit(" @ ", 1)[0]
        if any(a and a in t for a in (fold(x) for x in e.split("|"))):
            return True
    return False


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--misses", action="store_true", help="list expected facts that were not found")
    ap.add_argument("--dump", action="store_true", help="print every fact found")
    ap.add_argument("--unmatched", action="store_true",
                    help="print every fact that matches nothing in the answer key (precision misses)")
    ap.add_argument("sites", nargs="*", help="only these sites")
    args = ap.parse_args()
    if not CORPUS.is_dir():
        print(f"corpus not found at {CORPUS}; nothing to evaluate.")
        return 0
    from coach.research.engine import research_sync
    from coach.research.fetch import FetchSettings
    from tests.loopback import serve_directory

    totals: dict[str, list[int]] = {}
    rows = []
    misses: list[str] = []
    for site, expected in EXPECTED.items():
        if args.sites and site not in args.sites:
            continue
        root = CORPUS / site
        if not root.is_dir():
            print(f"skip {site}: not in the corpus")
            continue
        with serve_directory(root) as base:
            t0 = time.perf_counter()
            result = research_sync(base + "/", FetchSettings(allow_private=True))
            elapsed = time.perf_counter() - t0
        facts = list(result.facts)
        if args.dump:
            print(f"--- {site}: {result.name}")
            for f in facts:
                print(f"  {f.kind:9} {f.date or '':10} {f.text[:110]}  <{f.source.replace(base, '')}>")
        cells = {}
        found_all = exp_all = 0
        unmatched = [f for f in facts if f.kind not in ("name", "contact")
                     and not is_expected(f, expected, ALSO.get(site, {}))]
        counted = sum(1 for f in facts if f.kind not in ("name", "contact"))
        totals.setdefault("_precision", [0, 0, 0])
        totals["_precision"][0] += counted - len(unmatched)
        totals["_precision"][1] += counted
        if args.unmatched:
            print(f"--- {site}: facts matching nothing in the key")
            for f in unmatched:
                print(f"  {f.kind:9} {f.date or '':10} {f.text[:110]}  <{f.source.replace(base, '')}>")
        for kind in KINDS:
            exp = expected.get(kind, [])
            out = sum(1 for f in facts if f.kind == kind)
            found = sum(1 for e in exp if matches(e, kind, facts))
            for e in exp:
                if not matches(e, kind, facts):
                    misses.append(f"{site:12} {kind:9} {e}")
            cells[kind] = (found, len(exp), out)
            t = totals.setdefault(kind, [0, 0, 0])
            t[0] += found
            t[1] += len(exp)
            t[2] += out
            found_all += found
            exp_all += len(exp)
        rows.append((site, cells, found_all, exp_all, len(facts), len(result.pages), elapsed,
                     (counted - len(unmatched)) / counted if counted else 0.0))

    def cell(found: int, exp: int, out: int) -> str:
        return f"{found}/{exp} ({out})" if exp else f"– ({out})"

    header = ["site"] + KINDS + ["recall", "precision", "facts", "pages", "secs"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for site, cells, f_all, e_all, n, pages, secs, prec in rows:
        print("| " + " | ".join([site] + [cell(*cells[k]) for k in KINDS]
                                + [f"{f_all / e_all:.0%}" if e_all else "–", f"{prec:.0%}", str(n), str(pages),
                                   f"{secs:.2f}"]) + " |")
    prec_t = totals.pop("_precision", [0, 0, 0])
    tf = sum(t[0] for t in totals.values())
    te = sum(t[1] for t in totals.values())
    p_all = f"{prec_t[0] / prec_t[1]:.0%}" if prec_t[1] else "–"
    print("| **all** | " + " | ".join(cell(*totals[k]) for k in KINDS) + f" | {tf / te:.0%} | {p_all} | | | |" if te else "")
    if args.misses:
        print("\nMissed:")
        print("\n".join(misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
