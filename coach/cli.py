"""`python -m coach …`: the app's core from a terminal, for scripting and benchmarks.

    python -m coach research URL [--json] [--allow-private] [--max-pages N]

Exit status:

* 0 - the research ran: at least one page was read (pages that failed are listed as problems);
* 1 - nothing could be read (the home page failed): the reason is one line on stderr;
* 2 - the command line or the URL is wrong (argparse usage errors, a BadUrl);
* 130 - interrupted (Ctrl-C).

With `--json`, stdout holds exactly one JSON object when the status is 0 and nothing otherwise.
No traceback reaches the user: anything unexpected ends as one line on stderr.

Subcommands are registered in `build_parser()`; a later one (`brief`, …) adds a parser and a
handler the same way `research` does.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
import warnings
from collections.abc import Sequence
from typing import Any, TextIO

__all__ = ["main", "build_parser", "result_to_json", "format_summary"]

PROG = "python -m coach"
FACT_KINDS = ("name", "about", "service", "client", "industry", "news", "leader", "value", "location", "award",
              "careers", "contact")
_KIND_HEADINGS = {
    "name": "Name", "about": "About", "service": "Services", "client": "Clients and projects",
    "industry": "Industries", "news": "News", "leader": "People", "value": "Values and culture",
    "location": "Locations", "award": "Awards", "careers": "Careers", "contact": "Contact",
}

EXIT_OK = 0
EXIT_NOTHING_READ = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class _CliError(Exception):
    """A failure to report as one line on stderr, with an exit status."""

    def __init__(self, message: str, status: int = EXIT_NOTHING_READ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


# --------------------------------------------------------------------------- parsing


def _max_pages(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number from 1 to 100, not {value!r}") from None
    if not 1 <= n <= 100:
        raise argparse.ArgumentTypeError(f"must be from 1 to 100, not {n}")
    return n


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Informational Interview Coach from the command line.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    research = sub.add_parser(
        "research",
        help="read an agency's public pages and list the facts found",
        description="Read an agency's public pages politely (robots.txt honoured) and list the facts found, "
        "each with the page that states it.",
    )
    research.add_argument("url", metavar="URL", help="the agency's web address, e.g. https://www.example-agency.com")
    research.add_argument("--json", action="store_true", help="print one JSON object instead of a summary")
    research.add_argument(
        "--allow-private",
        action="store_true",
        help="allow loopback and private network addresses (local fixture sites, tests)",
    )
    research.add_argument(
        "--max-pages", type=_max_pages, default=25, metavar="N", help="read at most N pages, 1 to 100 (default 25)"
    )
    research.set_defaults(handler=_cmd_research)
    return parser


# --------------------------------------------------------------------------- output


def result_to_json(result: Any) -> dict[str, Any]:
    """The `--json` object of a ResearchResult."""
    prompts = result.prompts
    return {
        "url": result.url,
        "name": result.name,
        "pages": [{"url": p.url, "kind": p.kind, "title": p.title, "status": p.status} for p in result.pages],
        "facts": [{"kind": f.kind, "text": f.text, "source": f.source, "date": f.date} for f in result.facts],
        "prompts": [
            {"learned": p.learned, "idea": p.idea, "question": p.question, "source": p.source} for p in prompts
        ],
        "problems": [{"url": p.url, "reason": p.reason} for p in result.problems],
    }


def _safe(text: object) -> str:
    """Fetched text for a terminal: no control characters (escape sequences), one line."""
    s = str(text)
    return "".join(" " if unicodedata.category(c)[0] == "C" else c for c in s)


def format_summary(result: Any) -> str:
    """A readable summary: the name, the facts grouped by kind with their sources, the problems."""
    prompts = result.prompts
    ok = sum(1 for p in result.pages if p.read)
    lines = [
        f"{_safe(result.name) or '(name not found)'}",
        f"{_safe(result.url)}: {ok} of {len(result.pages)} pages read, {len(result.facts)} facts",
    ]
    by_kind: dict[str, list[Any]] = {}
    for f in result.facts:
        by_kind.setdefault(f.kind, []).append(f)
    for kind in FACT_KINDS:
        facts = by_kind.get(kind, [])
        if not facts or kind == "name":
            continue
        lines += ["", f"{_KIND_HEADINGS[kind]} ({len(facts)})"]
        for f in facts:
            date = f"[{f.date}] " if f.date else ""
            lines.append(f"  - {date}{_safe(f.text)}")
            lines.append(f"      source: {_safe(f.source)}")
    if prompts:
        lines += ["", f"Homework prompts ({len(prompts)})"]
        for p in prompts:
            lines.append(f"  - learned: {_safe(p.learned)}")
            lines.append(f"    idea: {_safe(p.idea)}")
            lines.append(f"    question: {_safe(p.question)}")
            lines.append(f"      source: {_safe(p.source)}")
    if result.problems:
        lines += ["", f"Problems ({len(result.problems)})"]
        for pr in result.problems:
            lines.append(f"  - {_safe(pr.url)}")
            lines.append(f"      {_safe(pr.reason)}")
    return "\n".join(lines)


def _one_line(text: object) -> str:
    return " ".join(_safe(text).split())


# --------------------------------------------------------------------------- commands


def _progress_printer(stream: TextIO):  # type: ignore[no-untyped-def]
    def show(done: int, total: int, url: str) -> None:
        stream.write(f"\rreading pages: {done}/{total} ")
        stream.flush()

    return show


def _cmd_research(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    # Imported here so `--help` and usage errors stay instant.
    from dataclasses import replace  # noqa: PLC0415

    from coach.research.engine import research_sync  # noqa: PLC0415
    from coach.research.errors import ResearchError  # noqa: PLC0415
    from coach.research.fetch import FetchSettings, normalize_user_url  # noqa: PLC0415

    try:
        url = normalize_user_url(args.url)
    except ResearchError as exc:
        raise _CliError(exc.reason, EXIT_USAGE) from None
    settings = FetchSettings(max_pages=args.max_pages)
    if args.allow_private:
        settings = replace(settings, allow_private=True)
    progress = _progress_printer(err) if not args.json and err.isatty() else None
    result = research_sync(url, settings, progress=progress)
    if progress is not None:
        err.write("\r\033[K")
    if not any(p.read for p in result.pages):
        reason = next((p.reason for p in result.problems if p.url == url), None)
        if reason is None:
            reason = result.problems[0].reason if result.problems else "No page of the site could be read."
        raise _CliError(f"could not read {url}: {reason}")
    if args.json:
        json.dump(result_to_json(result), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        out.write(format_summary(result) + "\n")
    out.flush()
    return EXIT_OK


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the CLI; returns the exit status (never raises, except SystemExit from argparse)."""
    out = out or sys.stdout
    err = err or sys.stderr
    parser = build_parser()
    args = parser.parse_args(argv)  # usage errors: message and exit status 2, argparse's way
    command = f"{PROG.split()[-1]} {args.command}"
    try:
        with warnings.catch_warnings():
            if not sys.warnoptions:
                # Library warnings (lxml, trafilatura) are for developers: `python -W default -m coach` shows them.
                warnings.simplefilter("ignore")
            return int(args.handler(args, out, err))
    except _CliError as exc:
        err.write(f"{command}: {_one_line(exc.message)}\n")
        return exc.status
    except KeyboardInterrupt:
        err.write(f"{command}: interrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`… | head`): nothing more to say, and nothing to say it to.
        try:
            sys.stdout = None  # type: ignore[assignment]
        except Exception:  # noqa: BLE001
            pass
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - the promise: no traceback reaches the user
        err.write(f"{command}: unexpected error ({type(exc).__name__}): {_one_line(exc)[:300]}\n")
        return EXIT_NOTHING_READ
