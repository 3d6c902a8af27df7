"""The content fingerprint in every footer: it must change with anything a pack is made from, and only then."""

import re

from handouts.content.fingerprint import source_fingerprint
from handouts.content.project import Project


def test_the_fingerprint_changes_with_each_source_part_and_only_with_it(make_project):
    root = make_project()
    project = Project(root)
    first = source_fingerprint(project)
    assert re.fullmatch(r"[0-9a-f]{8}", first)
    assert source_fingerprint(Project(root)) == first  # the same files give the same fingerprint
    (root / "out").mkdir()
    (root / "out" / "pack.pdf").write_bytes(b"%PDF")  # output next to the project is not a source
    assert source_fingerprint(project) == first
    seen = {first}
    for part in ("handouts.toml", "data/muscles.yaml", "templates/pack.html", "assets/css/base.css"):
        path = root / part
        original = path.read_bytes()
        path.write_bytes(original + b"\n")
        changed = source_fingerprint(project)
        assert changed not in seen, part
        seen.add(changed)
        path.write_bytes(original)
        assert source_fingerprint(project) == first, part


def test_a_renamed_file_changes_the_fingerprint(make_project):
    root = make_project()
    first = source_fingerprint(Project(root))
    (root / "assets" / "logo.svg").rename(root / "assets" / "logo-2.svg")
    assert source_fingerprint(Project(root)) != first
