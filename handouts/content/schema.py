"""JSON Schemas of the content files, generated from the pydantic models, for editors that check as you type."""

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from handouts.content.models import Checklist, Exercise, HandoutClass, Muscle, ProjectConfig, Reference

# One schema per kind of content file: (schema file name, what it describes, the model, its list key or None).
CONTENT_FILES: list[tuple[str, str, type[BaseModel], str | None]] = [
    ("handouts.schema.json", "handouts.toml", ProjectConfig, None),
    ("muscles.schema.json", "data/muscles.yaml", Muscle, "muscles"),
    ("exercises.schema.json", "data/exercises.yaml", Exercise, "exercises"),
    ("references.schema.json", "data/references.yaml", Reference, "references"),
    ("checklist.schema.json", "data/checklists/*.yaml", Checklist, None),
    ("class.schema.json", "data/classes/*.yaml", HandoutClass, None),
]
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def file_schema(model: type[BaseModel], list_key: str | None, describes: str) -> dict[str, Any]:
    """Return the JSON Schema of one content file: the model itself, or a top-level list of it."""
    schema = model.model_json_schema(by_alias=True, mode="validation")
    if list_key is not None:
        defs = schema.pop("$defs", {})
        defs[model.__name__] = schema
        schema = {
            "type": "object",
            "properties": {list_key: {"type": "array", "items": {"$ref": f"#/$defs/{model.__name__}"}}},
            "required": [list_key],
            "$defs": defs,
        }
    if model is HandoutClass or model is Checklist:
        # The file name is the id; a file may repeat it.
        schema.setdefault("properties", {})["id"] = {"type": "string", "description": "Optional: the file name."}
        schema["required"] = [key for key in schema.get("required", []) if key != "id"]
    _close(schema)
    return {"$schema": SCHEMA_DIALECT, "title": describes, **schema}


def _close(node: Any) -> None:
    # The loader keeps unknown keys only to warn about them; an editor should flag them as typos at once.
    if isinstance(node, dict):
        if "properties" in node and node.get("type") == "object":
            node["additionalProperties"] = False
        for value in node.values():
            _close(value)
    elif isinstance(node, list):
        for value in node:
            _close(value)


def write_schemas(folder: Path) -> list[Path]:
    """Write one JSON Schema per content file into `folder`; return the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, describes, model, list_key in CONTENT_FILES:
        path = folder / name
        text = json.dumps(file_schema(model, list_key, describes), indent=2, ensure_ascii=False) + "\n"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
