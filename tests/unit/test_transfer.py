"""Export/import: every valid workspace round-trips; every bad file is refused with a reason."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.model import Conversation, Person, Profile, Workspace
from coach.transfer import MAX_IMPORT_BYTES, ImportProblem, from_yaml, to_yaml
from tests.strategies import workspaces


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workspaces)
def test_any_valid_workspace_round_trips_through_yaml(workspace: Workspace) -> None:
    assert from_yaml(to_yaml(workspace).encode("utf-8")) == workspace


def test_export_is_readable_yaml_with_multiline_notes_as_blocks() -> None:
    ws = Workspace(profile=Profile(name="Ana"), conversations=[Conversation(person=Person(name="Jo"))])
    ws.conversations[0].request.draft = "Dear Jo,\n\nThank you."
    text = to_yaml(ws)
    assert "draft: |" in text
    assert "&" not in text and "*" not in text


def _problems(data: bytes) -> list[str]:
    with pytest.raises(ImportProblem) as caught:
        from_yaml(data)
    return caught.value.problems


def test_malformed_yaml_names_the_line() -> None:
    (problem,) = _problems(b"schema_version: 1\nprofile:\n  name: [unclosed\n")
    assert "not valid YAML" in problem and "line" in problem


def test_wrong_types_and_unknown_fields_are_reported_with_path_and_line() -> None:
    data = b"schema_version: 1\nprofile:\n  name: Ana\n  situation: astronaut\n  nickname: A\nconversations:\n- person:\n    email: not-an-email\n"
    problems = _problems(data)
    joined = "\n".join(problems)
    assert "profile.situation (line 4)" in joined
    assert "profile.nickname (line 5): is not a field this app knows" in joined
    assert "conversations[0].person.email (line 8)" in joined and "email address" in joined


def test_file_over_two_megabytes_is_refused_before_parsing() -> None:
    (problem,) = _problems(b"#" * (3 * 1024 * 1024))
    assert "3.0 MB" in problem and "2 MB" in problem
    assert MAX_IMPORT_BYTES == 2 * 1024 * 1024


def test_alias_bomb_is_refused() -> None:
    bomb = b'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for level in "bcdefghi":
        prev = chr(ord(level) - 1)
        bomb += f"{level}: &{level} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n".encode()
    (problem,) = _problems(bomb)
    assert "aliases" in problem


@pytest.mark.parametrize(
    "data, words",
    [
        (bytes(range(256)) * 10, "binary data"),
        (b"\xffjunk\x80\x81", "not UTF-8"),
        (b"", "empty"),
        (b"- just\n- a list\n", "does not hold a workspace"),
        (b"profile: {}\n", "schema_version is missing"),
        (b"schema_version: 99\n", "newer version"),
        (b"schema_version: yes\n", "whole number"),
        (b"[" * 5000, "nests too deeply"),
    ],
)
def test_bad_files_give_a_clear_message(data: bytes, words: str) -> None:
    problems = _problems(data)
    assert any(words in p for p in problems), problems


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_either_import_or_raise_import_problem(data: bytes) -> None:
    try:
        result = from_yaml(data)
    except ImportProblem as problem:
        assert problem.problems and all(isinstance(p, str) and p for p in problem.problems)
    else:
        assert isinstance(result, Workspace)


def test_duplicate_conversation_ids_are_refused() -> None:
    data = b"schema_version: 1\nconversations:\n- id: same\n- id: same\n"
    assert any("same id" in p or "share one id" in p for p in _problems(data))
