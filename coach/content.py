"""Content packs: the wording a career center may change, kept as YAML under `content/`.

Each pack has a pydantic schema, so a typo in a pack fails loudly at load with the file and
field named, instead of surfacing as odd text in front of a student. Templates inside packs
are rendered by Jinja's sandboxed environment with strict undefined variables: a pack can
format text but cannot reach Python objects, and a misspelt variable is an error, not a blank.
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path
from typing import Annotated, Any, TypeVar

import yaml
from jinja2 import StrictUndefined, TemplateSyntaxError
from jinja2 import Template as JinjaTemplate
from jinja2.sandbox import SandboxedEnvironment
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"

_env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False, trim_blocks=True)


class ContentError(Exception):
    """A content pack is missing, is not valid YAML, or does not match its schema."""


def _compiles(source: str) -> str:
    try:
        _env.parse(source)
    except TemplateSyntaxError as exc:
        raise ValueError(f"template syntax error on line {exc.lineno}: {exc.message}") from None
    return source


Template = Annotated[str, AfterValidator(_compiles)]


def render(template: str, **context: Any) -> str:
    """Render a pack template in the sandbox; surrounding blank lines are trimmed."""
    return _compiled(template).render(**context).strip()


@lru_cache(maxsize=256)
def _compiled(source: str) -> JinjaTemplate:
    """Compiling costs milliseconds; packs hold few templates, so compile each once."""
    return _env.from_string(source)


class Pack(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RequestPack(Pack):
    """The outreach request: its template and the word lists behind the five-point checks."""

    subject: Template
    body: Template
    situation_phrases: dict[str, str] = Field(min_length=1)
    max_words: int = Field(gt=0)
    min_notice_business_days: int = Field(gt=0)
    connection_cues: list[str] = Field(min_length=1)
    advice_words: list[str] = Field(min_length=1)
    job_ask_words: list[str] = Field(min_length=1)
    deadline_words: list[str] = Field(min_length=1)
    slot_times: list[str] = Field(min_length=2, max_length=3)
    tips: list[str] = Field(default_factory=list)


P = TypeVar("P", bound=Pack)


def load_pack(relative: str, schema: type[P], root: Path | None = None) -> P:
    path = (root or CONTENT_DIR) / relative
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ContentError(f"{path}: cannot be read ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        raise ContentError(f"{path}: not valid YAML: {exc}") from None
    try:
        return schema.model_validate(raw)
    except ValidationError as exc:
        raise ContentError(f"{path}: {exc}") from None


@cache
def request_pack() -> RequestPack:
    return load_pack("request.yaml", RequestPack)
