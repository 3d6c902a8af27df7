"""A short fingerprint of everything a pack is made from, printed in its footer to match paper to source."""

import hashlib
import json
import tomllib
from pathlib import Path

from handouts import __version__
from handouts.content.project import CONFIG_NAME, Project

SOURCE_PARTS = ("handouts.toml", "data", "templates", "assets", "locales")
# Tables of handouts.toml that change no page: where mail goes out. Editing them must not make the packs and
# personal copies stale (the copies would be rendered again, and `email` would refuse them as another edition).
NOT_PRINTED = ("smtp",)


def printed_bytes(path: Path, root: Path) -> bytes:
    """Return what of the project file `path` a pack is made from: the file itself, but for handouts.toml its
    settings without the tables no page shows (as canonical JSON, so a comment or a re-ordering is no change)."""
    data = path.read_bytes()
    if path != root / CONFIG_NAME:
        return data
    try:
        settings = tomllib.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return data  # the loader names the problem; until then the raw bytes stand for the file
    for table in NOT_PRINTED:
        settings.pop(table, None)
    return json.dumps(settings, sort_keys=True, default=str).encode()


def project_digest(root: Path) -> bytes:
    """Return the digest of every project file a render reads, names included (a renamed stylesheet changes
    which one a template finds). Editor clutter counts too: a needless rebuild is cheap, a stale pack is not."""
    digest = hashlib.sha256()
    for part in SOURCE_PARTS:
        base = root / part
        files = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file())
        for path in files:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(printed_bytes(path, root)).digest())
    return digest.digest()


def source_fingerprint(project: Project) -> str:
    """Return 8 hex digits that change whenever the project's content, templates, assets or handouts change."""
    return hashlib.sha256(__version__.encode() + project_digest(project.root)).hexdigest()[:8]
