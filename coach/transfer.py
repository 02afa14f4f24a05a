"""Export and import of a whole workspace as YAML.

An imported file is untrusted: it is size-capped, parsed with a safe loader that refuses
aliases outright (the "billion laughs" shape needs them and our exports never write them),
validated against the workspace schema, and every problem is reported with the field path
and the line it sits on, so the user can fix the file instead of guessing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml
from pydantic import ValidationError

from coach.model import SCHEMA_VERSION, Workspace

MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_REPORTED_PROBLEMS = 12

Path = tuple[str | int, ...]


class ImportProblem(Exception):
    """Raised when an import file cannot become a workspace; `problems` are for the user."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class _ExportDumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _str_presenter(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    """Multi-line notes as literal blocks; anything unprintable double-quoted, where YAML escapes it."""
    if any(not (ch.isprintable() or ch == "\n") for ch in value):
        style: str | None = '"'
    else:
        style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_ExportDumper.add_representer(str, _str_presenter)


class _ImportLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors' aliases instead of expanding them."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in an import file", event.start_mark
            )
        return super().compose_node(parent, index)


def to_yaml(workspace: Workspace) -> str:
    header = "# Informational Interview Coach workspace export. Import it from the Start page.\n"
    body = yaml.dump(
        workspace.model_dump(mode="json"),
        Dumper=_ExportDumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
    )
    return header + body


def from_yaml(data: bytes) -> Workspace:
    """Parse and validate an import file; raises ImportProblem listing what is wrong."""
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportProblem(
            [f"The file is {len(data) / 1024 / 1024:.1f} MB; an import may be at most 2 MB. "
             "Export again from the app, or remove large research results from the file."]
        )
    if b"\x00" in data:
        raise ImportProblem(["The file contains binary data. Choose a .yaml file exported by this app."])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportProblem(
            [f"The file is not UTF-8 text (byte {exc.start} is not valid). Choose a .yaml file exported by this app."]
        ) from None
    raw, lines = _parse(text)
    if not isinstance(raw, dict):
        raise ImportProblem(["The file does not hold a workspace: expected keys such as profile and conversations at the top."])
    raw = migrate(raw)
    try:
        return Workspace.model_validate(raw)
    except ValidationError as exc:
        raise ImportProblem(_describe(exc, lines)) from None


def _parse(text: str) -> tuple[Any, dict[Path, int]]:
    loader: _ImportLoader | None = None
    try:
        loader = _ImportLoader(text)
        node = loader.get_single_node()
        if node is None:
            raise ImportProblem(["The file is empty. Choose a .yaml file exported by this app."])
        lines = dict(_node_lines(node, ()))
        return loader.construct_document(node), lines
    except yaml.MarkedYAMLError as exc:
        where = f" (line {exc.problem_mark.line + 1}, column {exc.problem_mark.column + 1})" if exc.problem_mark else ""
        raise ImportProblem([f"The file is not valid YAML{where}: {exc.problem}."]) from None
    except yaml.YAMLError as exc:
        raise ImportProblem([f"The file is not valid YAML: {exc}."]) from None
    except RecursionError:
        raise ImportProblem(["The file nests too deeply to be a workspace export."]) from None
    finally:
        if loader is not None:
            loader.dispose()


def _node_lines(node: yaml.Node, path: Path) -> Iterator[tuple[Path, int]]:
    yield path, node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                yield from _node_lines(value, (*path, key.value))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _node_lines(item, (*path, index))


def _describe(exc: ValidationError, lines: dict[Path, int]) -> list[str]:
    problems = []
    for error in exc.errors()[:MAX_REPORTED_PROBLEMS]:
        loc = tuple(error["loc"])
        # Errors inside a union or a tagged type add the type's name to the path: drop those.
        loc = tuple(part for part in loc if isinstance(part, int) or not str(part)[:1].isupper())
        line = _nearest_line(loc, lines)
        field = _dotted(loc) or "the top level"
        message = error["msg"]
        if error["type"] == "extra_forbidden":
            message = "is not a field this app knows (check the spelling, or remove it)"
        elif error["type"] == "missing":
            message = "is required but missing"
        problems.append(f"{field}{f' (line {line})' if line else ''}: {message}")
    hidden = exc.error_count() - MAX_REPORTED_PROBLEMS
    if hidden > 0:
        problems.append(f"… and {hidden} more problems.")
    return problems


def _nearest_line(loc: Path, lines: dict[Path, int]) -> int | None:
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


def _dotted(loc: Path) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def migrate(raw: dict[str, Any]) -> dict[str, Any]:
    """Bring an older export up to the current schema; refuse files from a newer app."""
    version = raw.get("schema_version")
    if version is None:
        raise ImportProblem(["schema_version is missing: this does not look like a workspace exported by this app."])
    if not isinstance(version, int) or isinstance(version, bool):
        raise ImportProblem([f"schema_version must be a whole number, not {version!r}."])
    if version > SCHEMA_VERSION:
        raise ImportProblem(
            [f"The file was made by a newer version of the app (schema {version}; this one reads up to {SCHEMA_VERSION}). Update the app, then import again."]
        )
    if version < 1:
        raise ImportProblem([f"schema_version {version} is not one this app ever wrote."])
    return raw
