"""Read YAML and TOML content files, keeping line numbers so every problem can point at its line."""

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError

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


def _toml_line(text: str, loc: Loc) -> int:
    # tomllib keeps no positions; find `key =` under its `[table]` header, which covers handouts.toml's shape.
    # A key that is missing points at its table's header, and a missing table at the top of the file.
    keys = [part for part in loc if isinstance(part, str)]
    if not keys:
        return 1
    table, key = ".".join(keys[:-1]), keys[-1]
    current = ""
    headers: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("[") and line.endswith("]"):
            current = line.strip("[]").strip()
            headers.setdefault(current, number)
        elif current == table and line.split("=", 1)[0].strip() == key:
            return number
    for depth in range(len(keys), 0, -1):
        if ".".join(keys[:depth]) in headers:
            return headers[".".join(keys[:depth])]
    return 1


def format_loc(loc: Loc) -> str:
    """Render a location as `handouts[2].exercises[0]`."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _Constructor(RoundTripConstructor):
    """Keeps a date as the text it was written as, so an impossible one (2026-02-30) reaches the model, which
    reports it at its line, instead of crashing the YAML reader."""


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", RoundTripConstructor.construct_yaml_str)

_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_AT_END = " (at end of document)"


def _read_text(path: Path, shown_as: str) -> str | Problem:
    """Return the file's text; a UTF-8 byte-order mark, as Windows editors write it, is dropped."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return Problem(shown_as, None, "", f"cannot read: {exc.strerror or exc}")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return Problem(shown_as, line, "", f"not UTF-8 text ({exc.reason}); save the file as UTF-8")


def read_yaml(path: Path, shown_as: str) -> SourceFile | Problem:
    """Parse one YAML file, or return the Problem that stops it being read."""
    text = _read_text(path, shown_as)
    if isinstance(text, Problem):
        return text
    yaml = YAML(typ="rt", pure=True)
    yaml.Constructor = _Constructor
    try:
        data = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        return Problem(shown_as, line, "", f"YAML syntax error: {_one_line(what)}")
    except ReaderError as exc:
        line = text.count("\n", 0, max(exc.position, 0)) + 1
        character = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        return Problem(shown_as, line, "", f"YAML error: character {character} is not allowed in YAML text")
    except YAMLError as exc:
        return Problem(shown_as, 1, "", f"YAML error: {_one_line(str(exc))}")
    except RecursionError:
        return Problem(shown_as, 1, "", "YAML error: nested too deeply to read")
    return SourceFile(shown_as, data)


def _one_line(message: str) -> str:
    # The parsers' messages may span lines with a pointer underneath; a problem is one line.
    return " ".join(message.split())


def read_toml(path: Path, shown_as: str) -> SourceFile | Problem:
    """Parse one TOML file, or return the Problem that stops it being read."""
    text = _read_text(path, shown_as)
    if isinstance(text, Problem):
        return text
    try:
        return SourceFile(shown_as, tomllib.loads(text), text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        position = _TOML_POSITION.search(message)
        if message.endswith(_TOML_AT_END):
            what = message.removesuffix(_TOML_AT_END)
            return Problem(shown_as, text.count("\n") + 1, "", f"TOML syntax error: {what[:1].lower()}{what[1:]}")
        if position is None:
            return Problem(shown_as, 1, "", f"TOML syntax error: {message}")
        what = message[: position.start()]
        return Problem(
            shown_as, int(position[1]), "", f"TOML syntax error: {what[:1].lower()}{what[1:]} (column {position[2]})"
        )
    except RecursionError:
        return Problem(shown_as, 1, "", "TOML error: nested too deeply to read")
