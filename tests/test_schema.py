"""`handouts schema`: one JSON Schema per content file, which the shipped content itself satisfies."""

import json
import tomllib
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML

from handouts.cli import app
from handouts.content.project import default_project_root
from handouts.content.schema import CONTENT_FILES

ROOT = default_project_root()


@pytest.fixture(scope="module")
def schemas(tmp_path_factory) -> Path:
    from typer.testing import CliRunner

    out = tmp_path_factory.mktemp("schemas")
    result = CliRunner().invoke(app, ["schema", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert len(result.output.splitlines()) == len(CONTENT_FILES)
    return out


def _load(path: Path):
    if path.suffix == ".toml":
        return tomllib.loads(path.read_text(encoding="utf-8"))
    # Dates as their text, as an editor's YAML language server sees them.
    return json.loads(json.dumps(YAML(typ="safe", pure=True).load(path), default=str))


@pytest.mark.parametrize(("name", "pattern"), [(name, pattern) for name, pattern, _, _ in CONTENT_FILES])
def test_shipped_content_satisfies_its_schema(schemas, name, pattern):
    schema = json.loads((schemas / name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    files = sorted(ROOT.glob(pattern))
    assert files, pattern
    for path in files:
        jsonschema.validate(_load(path), schema)


def test_schema_rejects_what_check_rejects(schemas):
    schema = json.loads((schemas / "class.schema.json").read_text(encoding="utf-8"))
    data = _load(ROOT / "data" / "classes" / "hip-strength.yaml")
    data["handouts"].append({"type": "tracker", "weeks": 12})
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)
