"""JSON Schemas of the file kinds, for editors with the YAML language server."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from salescoach.models import FunnelSnapshot, Manager, Meeting, Settings

KINDS: dict[str, type[BaseModel]] = {
    "settings": Settings,
    "manager": Manager,
    "meeting": Meeting,
    "funnel": FunnelSnapshot,
}
SCHEMA_DIR = "schemas"


def schema_of(kind: str) -> dict[str, Any]:
    """The JSON Schema of one file kind."""
    model = KINDS[kind]
    schema: dict[str, Any] = model.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"salescoach-{kind}.json"
    return schema


def schema_text(kind: str) -> str:
    return json.dumps(schema_of(kind), indent=2, ensure_ascii=False) + "\n"


def schema_comment(kind: str, depth: int) -> str:
    """The first line of a file of ``kind`` that lies ``depth`` folders below the root."""
    prefix = "../" * depth
    return f"# yaml-language-server: $schema={prefix}{SCHEMA_DIR}/{kind}.json\n"
