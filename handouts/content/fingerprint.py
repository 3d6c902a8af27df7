"""A short fingerprint of everything a pack is made from, printed in its footer to match paper to source."""

import hashlib

from handouts import __version__
from handouts.content.project import Project

SOURCE_PARTS = ("handouts.toml", "data", "templates", "assets", "locales")


def source_fingerprint(project: Project) -> str:
    """Return 8 hex digits that change whenever the project's content, templates, assets or handouts change."""
    digest = hashlib.sha256(__version__.encode())
    for part in SOURCE_PARTS:
        base = project.root / part
        files = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file())
        for path in files:
            digest.update(path.relative_to(project.root).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:8]
