"""`python -m coach research …` as a user runs it: a subprocess against fixture sites on loopback."""

from __future__ import annotations

import io
import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from coach import cli
from tests.loopback import serve_directory

ROOT = Path(__file__).resolve().parents[2]
SITES = Path(__file__).resolve().parent / "sites"
KINDS = {"name", "about", "service", "client", "industry", "news", "leader", "value", "location", "award", "careers",
         "contact"}
PAGE_KINDS = {"home", "about", "services", "work", "clients", "team", "news", "careers", "contact", "other"}
ISO_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


def run_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "COACH_ALLOW_PRIVATE_NETWORKS"}
    env["PYTHONWARNINGS"] = ""  # a user's shell: no developer warnings switched on
    return subprocess.run(
        [sys.executable, "-m", "coach", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def one_line(stderr: str) -> str:
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


@pytest.fixture(scope="module")
def pr_agency_json():
    with serve_directory(SITES / "pr_agency") as base:
        proc = run_cli("research", base + "/", "--json", "--allow-private")
    return base, proc


def test_json_has_the_documented_shape(pr_agency_json):
    base, proc = pr_agency_json
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)  # exactly one JSON object
    assert set(data) == {"url", "name", "pages", "facts", "prompts", "problems"}
    assert data["url"] == base + "/"
    assert data["name"] == "Harbor & Vale"
    assert data["pages"] and all(set(p) == {"url", "kind", "title", "status"} for p in data["pages"])
    assert {p["kind"] for p in data["pages"]} <= PAGE_KINDS
    assert data["facts"] and all(set(f) == {"kind", "text", "source", "date"} for f in data["facts"])
    assert data["prompts"] and all(set(p) == {"learned", "idea", "question", "source"} for p in data["prompts"])
    assert all(set(p) == {"url", "reason"} for p in data["problems"])


def test_json_fact_kinds_dates_and_sources(pr_agency_json):
    base, proc = pr_agency_json
    facts = json.loads(proc.stdout)["facts"]
    assert {f["kind"] for f in facts} <= KINDS
    assert {"name", "service", "news", "leader", "contact"} <= {f["kind"] for f in facts}
    for f in facts:
        assert f["date"] is None or ISO_DATE.match(f["date"]), f
        assert f["source"].startswith(base)
        assert f["text"].strip()
    news = [f for f in facts if f["kind"] == "news"]
    assert {"kind": "news", "text": "Harbor & Vale wins a SABRE Award for the Northwind launch",
            "source": base + "/news/2024/03/harbor-wins-sabre/", "date": "2024-03-03"} in news


def test_research_that_ran_exits_0_and_lists_its_problems(pr_agency_json):
    base, proc = pr_agency_json
    data = json.loads(proc.stdout)
    # The feed names a post that is not on the site: a problem, not a failure of the run.
    assert proc.returncode == 0
    assert any(p["url"] == base + "/news/2019/05/ten-years/" and "does not exist" in p["reason"]
               for p in data["problems"])
    assert any(p["status"] == "HTTP error 404" for p in data["pages"])
    assert "Traceback" not in proc.stderr


def test_summary_groups_facts_by_kind_with_sources():
    with serve_directory(SITES / "pr_agency") as base:
        proc = run_cli("research", base, "--allow-private", "--max-pages", "3")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert out.splitlines()[0] == "Harbor & Vale"
    assert "pages read" in out
    assert "\nAbout (" in out
    assert f"source: {base}/" in out
    # --max-pages 3 reads at most three pages.
    read = int(re.search(r"(\d+) of (\d+) pages read", out).group(2))
    assert 1 <= read <= 3


def test_robots_blocked_pages_are_problems_not_failures():
    with serve_directory(SITES / "robots_site") as base:
        proc = run_cli("research", base + "/", "--json", "--allow-private")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert any(p["status"] == "ok" for p in data["pages"])


def test_loopback_refused_without_allow_private():
    with serve_directory(SITES / "pr_agency") as base:
        proc = run_cli("research", base + "/", "--json")
    assert proc.returncode == 1
    assert proc.stdout == ""
    line = one_line(proc.stderr)
    assert line.startswith("coach research: ")
    assert "loopback" in line and "--allow-private" in line


def test_closed_port_exits_nonzero_with_one_line():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # Nothing listens on `port` any more.
    proc = run_cli("research", f"http://127.0.0.1:{port}/", "--json", "--allow-private")
    assert proc.returncode == 1
    assert proc.stdout == ""
    line = one_line(proc.stderr)
    assert line.startswith(f"coach research: could not read http://127.0.0.1:{port}/: ")


def test_bad_url_exits_2_with_the_reason():
    proc = run_cli("research", "mailto:x", "--json")
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "'mailto:' addresses are not web pages" in one_line(proc.stderr)


# In-process: argument checks and the last-resort handler (no server needed).


@pytest.mark.parametrize("value", ["0", "101", "ten", "-3"])
def test_max_pages_must_be_1_to_100(value, capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["research", "https://example.com", "--max-pages", value])
    assert exc.value.code == 2
    assert "--max-pages" in capsys.readouterr().err


def test_a_subcommand_is_required(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main([])
    assert exc.value.code == 2


@pytest.mark.parametrize("raw", ["", "   ", "ftp://example.com/", "http:/example.com", "localhost:abc"])
def test_bad_urls_in_process(raw):
    out, err = io.StringIO(), io.StringIO()
    assert cli.main(["research", raw], out, err) == 2
    assert out.getvalue() == ""
    assert len(err.getvalue().strip().splitlines()) == 1


def test_unexpected_errors_are_one_line(monkeypatch):
    import coach.research.engine as engine

    def boom(*a, **k):
        raise RuntimeError("kaput\nsecond line")

    monkeypatch.setattr(engine, "research_sync", boom)
    out, err = io.StringIO(), io.StringIO()
    assert cli.main(["research", "https://example.com", "--json"], out, err) == 1
    assert out.getvalue() == ""
    assert err.getvalue() == "coach research: unexpected error (RuntimeError): kaput second line\n"


def test_interrupt_is_one_line(monkeypatch):
    import coach.research.engine as engine

    def interrupt(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(engine, "research_sync", interrupt)
    err = io.StringIO()
    assert cli.main(["research", "https://example.com"], io.StringIO(), err) == 130
    assert err.getvalue() == "coach research: interrupted\n"


def test_summary_strips_terminal_escapes():
    from coach.research.types import Fact, PageInfo, Problem, ResearchResult

    result = ResearchResult(
        url="https://a.example/",
        name="Evil\x1b[31m Agency",
        pages=(PageInfo(url="https://a.example/", kind="home", title="t"),),
        facts=(Fact(kind="service", text="Media\x1b]0;pwned\x07 relations", source="https://a.example/"),),
        problems=(Problem(url="https://a.example/x", reason="gone"),),
    )
    text = cli.format_summary(result)
    assert "\x1b" not in text and "\x07" not in text
    assert "Services (1)" in text and "Problems (1)" in text
