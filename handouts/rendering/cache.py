"""Skip a pack build when nothing that can change its bytes has changed since the last one.

The key is a digest of every input of a render: the project's files, this program's code, the versions of
the engine, its libraries and fonts, the class, the edition and `SOURCE_DATE_EPOCH`. It is computed from raw
files before anything heavy is imported or any content is parsed, which is what makes an unchanged rebuild
cheap. A hit is only trusted when the pack on disk still has the digest recorded beside it, so a pack edited,
replaced or deleted by hand is rebuilt.
"""

import ctypes
import ctypes.util
import hashlib
import json
import os
import platform
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path

from handouts import __version__
from handouts.content.fingerprint import project_digest
from handouts.files import write_atomically

# Python distributions whose versions can change a PDF's bytes (the engine, its parsers, the fonts and the
# libraries that draw figures, QR codes and stamps).
ENGINE_DISTRIBUTIONS = (
    "weasyprint", "pydyf", "tinycss2", "cssselect2", "tinyhtml5", "fonttools", "pyphen", "pillow", "jinja2",
    "markupsafe", "pydantic", "ruamel.yaml", "reportlab", "pikepdf", "babel", "svgelements", "defusedxml",
    "font-source-sans-pro", "manimgx-fonts",
)
# The C libraries WeasyPrint loads, by the names it tries first on Linux, macOS and Windows, then by search.
_C_LIBRARIES = {
    "pango": (("libpango-1.0.so.0", "libpango-1.0.dylib", "libpango-1.0-0.dll"), "pango-1.0", "pango_version_string"),
    "harfbuzz": (("libharfbuzz.so.0", "libharfbuzz.0.dylib", "libharfbuzz-0.dll"), "harfbuzz", "hb_version_string"),
    # With and without HarfBuzz's subsetter (and its vector drawing) WeasyPrint takes other paths.
    "hb-subset": (("libharfbuzz-subset.so.0", "libharfbuzz-subset.0.dylib", "libharfbuzz-subset-0.dll"),
                  "harfbuzz-subset", None),
    "hb-vector": (("libharfbuzz-vector.so.0", "libharfbuzz-vector.0.dylib", "libharfbuzz-vector-0.dll"),
                  "harfbuzz-vector", None),
}
_CODE_DIR = Path(__file__).resolve().parents[1]  # the whole handouts package
RECORD_DIR = ".cache"  # inside OUT/ID/, beside the packs it describes


def _walk(root: Path, parts: Iterable[str]) -> Iterable[Path]:
    for part in parts:
        base = root / part
        if base.is_file():
            yield base
        elif base.is_dir():
            yield from sorted(p for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def _digest_files(digest, root: Path, paths: Iterable[Path]) -> None:
    for path in paths:
        # The name goes in too: renaming a stylesheet changes which one a template finds.
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())


@cache
def _code_digest() -> bytes:
    """Digest of this program's own files (code, templates it ships and the like), once per process."""
    digest = hashlib.sha256(__version__.encode())
    _digest_files(digest, _CODE_DIR, (p for p in _walk(_CODE_DIR, ["."]) if p.suffix != ".pyc"))
    return digest.digest()


def _c_library(names: tuple[str, ...], search: str, symbol: str | None) -> str:
    # Read through ctypes rather than WeasyPrint's cffi bindings: importing WeasyPrint costs more than a whole
    # up-to-date check should. ctypes.util.find_library runs ldconfig, so it is only the last resort.
    library = None
    for name in names:
        try:
            library = ctypes.CDLL(name)
            break
        except OSError:
            continue
    if library is None:
        found = ctypes.util.find_library(search)
        if not found:
            return "absent"
        try:
            library = ctypes.CDLL(found)
        except OSError:
            return "absent"
    if symbol is None:
        return "present"
    function = getattr(library, symbol, None)
    if function is None:
        return "present"
    function.restype = ctypes.c_char_p
    return function().decode()


@cache
def engine_versions() -> tuple[str, ...]:
    """Versions of Python, the PDF engine, its C libraries and the font packages."""
    versions = [f"python {platform.python_implementation()} {platform.python_version()}"]
    for name in ENGINE_DISTRIBUTIONS:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} absent")
    versions.extend(f"{name} {_c_library(*how)}" for name, how in _C_LIBRARIES.items())
    return tuple(versions)


def edition_token(edition) -> str:
    """Return the edition as the key and the record's name spell it (any object with `as_dict()`)."""
    return json.dumps(edition.as_dict(), sort_keys=True)


def inputs_digest(project_root: Path) -> str:
    """Return the digest of every input shared by the project's packs: its files, the code, the engine.

    Take it before the content is loaded: a file saved during the render then makes the next build miss,
    where a digest taken afterwards would record the new file against the old pack.
    """
    digest = hashlib.sha256()
    digest.update(_code_digest())
    for line in engine_versions():
        digest.update(line.encode() + b"\0")
    digest.update(f"SOURCE_DATE_EPOCH {os.environ.get('SOURCE_DATE_EPOCH', '')}\0".encode())
    digest.update(project_digest(project_root))  # the same files, read the same way, as the footer's fingerprint
    return digest.hexdigest()


def build_key(inputs: str, class_id: str, edition) -> str:
    """Return the key of class `class_id`'s pack in `edition`, given the project's `inputs_digest`."""
    return hashlib.sha256(f"{inputs}\0class {class_id}\0edition {edition_token(edition)}".encode()).hexdigest()


@dataclass(frozen=True)
class BuiltPack:
    """A pack on disk and what its build reported: written just now, or found up to date by its key.

    It lives here, not beside the pack builder, so that an up-to-date check needs nothing heavier than this.
    """

    path: Path
    pages: int
    size: int
    warnings: list[str] = field(default_factory=list)
    content_warnings: list[str] = field(default_factory=list)


def _record_path(out_dir: Path, class_id: str, edition) -> Path:
    name = hashlib.sha256(edition_token(edition).encode()).hexdigest()[:16]
    return out_dir / class_id / RECORD_DIR / f"pack-{name}.json"


def cached_pack(out_dir: Path, class_id: str, edition, key: str) -> BuiltPack | None:
    """Return the pack of `class_id` in `edition` under `out_dir` if it was built with `key` and is unchanged."""
    try:
        record = json.loads(_record_path(out_dir, class_id, edition).read_text(encoding="utf-8"))
        if not isinstance(record, dict) or record.get("key") != key:
            return None
        path = out_dir / class_id / record["file"]
        data = path.read_bytes()
        if record.get("sha256") != hashlib.sha256(data).hexdigest():
            return None
        return BuiltPack(path, int(record["pages"]), len(data), list(record.get("warnings", [])),
                          list(record.get("content_warnings", [])))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def remember(out_dir: Path, class_id: str, edition, key: str, path: Path, data: bytes, pages: int,
             warnings: Iterable[str] = (), content_warnings: Iterable[str] = ()) -> None:
    """Record that `path` now holds `data`, the pack of `class_id` in `edition` built with `key`."""
    record = {
        "key": key, "file": path.name, "sha256": hashlib.sha256(data).hexdigest(), "pages": pages,
        "warnings": list(warnings), "content_warnings": list(content_warnings),
    }
    write_atomically(_record_path(out_dir, class_id, edition), json.dumps(record, indent=1).encode())


def forget(out_dir: Path, class_id: str, edition) -> None:
    """Drop the record of `class_id`'s pack in `edition`, so the next build renders it again."""
    _record_path(out_dir, class_id, edition).unlink(missing_ok=True)
