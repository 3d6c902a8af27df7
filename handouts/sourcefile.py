"""Read YAML and TOML content files, keeping line numbers so every problem can point at its line."""

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from handouts.errors import Problem

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class SourceFile:
    """A parsed content file: its data and how to find the line of any place in it."""

    path: str
    data: Any
    text: str | None = None

    def line_of(self, loc: Loc) -> int | None:
        """Return the 1-based line of the deepest node along `loc` that the file records."""
        if self.text is not None:
            return _toml_line(self.text, loc)
        node, line = self.data, None
        for part in loc:
            if isinstance(node, CommentedMap) and part in node:
                line = node.lc.key(part)[0] + 1
                node = node[part]
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
                line = node.lc.item(part)[0] + 1
                node = node[part]
            else:
                break
        if line is None and isinstance(self.data, (CommentedMap, CommentedSeq)):
            line = self.data.lc.line + 1
        return line

    def problem(self, loc: Loc, message: str) -> Problem:
        """Return a Problem located at `loc` in this file."""
        return Problem(self.path, self.line_of(loc), format_loc(loc), message)


def _toml_line(text: str, loc: Loc) -> int | None:
    # tomllib keeps no positions; find `key =` under its `[table]` header, which covers handouts.toml's shape.
    keys = [part for part in loc if isinstance(part, str)]
    if not keys:
        return None
    table, key = ".".join(keys[:-1]), keys[-1]
    current, found = "", None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("[") and line.endswith("]"):
            current = line.strip("[]").strip()
            if current == ".".join(keys) and found is None:
                found = number
        elif current == table and line.split("=", 1)[0].strip() == key:
            return number
    return found


def format_loc(loc: Loc) -> str:
    """Render a location as `handouts[2].exercises[0]`."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def read_yaml(path: Path, shown_as: str) -> SourceFile | Problem:
    """Parse one YAML file, or return the Problem that stops it being read."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return Problem(shown_as, None, "", f"not UTF-8 text ({exc.reason} at byte {exc.start})")
    except OSError as exc:
        return Problem(shown_as, None, "", f"cannot read: {exc.strerror}")
    try:
        data = YAML(typ="rt", pure=True).load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        return Problem(shown_as, line, "", f"YAML syntax error: {what}")
    except YAMLError as exc:
        return Problem(shown_as, None, "", f"YAML error: {exc}")
    return SourceFile(shown_as, data)


def read_toml(path: Path, shown_as: str) -> SourceFile | Problem:
    """Parse one TOML file, or return the Problem that stops it being read."""
    try:
        text = path.read_text(encoding="utf-8")
        return SourceFile(shown_as, tomllib.loads(text), text)
    except UnicodeDecodeError as exc:
        return Problem(shown_as, None, "", f"not UTF-8 text ({exc.reason} at byte {exc.start})")
    except tomllib.TOMLDecodeError as exc:
        return Problem(shown_as, None, "", f"TOML syntax error: {exc}")
    except OSError as exc:
        return Problem(shown_as, None, "", f"cannot read: {exc.strerror}")
