"""Where `handouts build` wrote a pack, asked of the product (handouts.rendering.pack.pack_path), never parsed from the
command's output: a warning line printed before the path must not break every test that reads a pack."""

from collections.abc import Sequence
from functools import cache
from pathlib import Path

from handouts.content.corpus import Content
from handouts.content.edition import Edition
from handouts.content.load import load_content
from handouts.content.project import find_project
from handouts.rendering.pack import pack_path


@cache
def _content(root: Path | None) -> Content:
    return load_content(find_project(root))


def edition_of(options: Sequence[str]) -> Edition:
    """Return the edition that the build options `options` (as given on the command line) ask for."""
    words = list(options)
    paper = words[words.index("--paper") + 1] if "--paper" in words else None
    return Edition(paper=paper, large_print="--large-print" in words, duplex="--duplex" in words,  # type: ignore[arg-type]
                   print_shop="--print-shop" in words)


def built_pack(out: Path, class_id: str, options: Sequence[str] = (), project: Path | None = None) -> Path:
    """Return the pack `handouts build --class class_id --out out *options` wrote; fail when it is not there."""
    path = pack_path(_content(project), class_id, Path(out), edition_of(options))
    assert path.is_file(), f"no pack at {path}"
    return path
