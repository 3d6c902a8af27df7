"""The content fingerprint in every footer: it must change with anything a pack is made from, and only then."""

import re

from handouts.content.fingerprint import source_fingerprint
from handouts.content.project import Project
from handouts.rendering import cache


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
        # handouts.toml counts by its settings (see below), the other files byte for byte.
        path.write_bytes(original.replace(b"(555) 014-2290", b"(555) 014-2291") if part == "handouts.toml"
                         else original + b"\n")
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


def test_mail_settings_and_comments_in_handouts_toml_change_no_pack(make_project):
    # Where mail goes out is on no page: changing it must not make packs stale, nor personal copies, which
    # `email` would otherwise render again or refuse.
    root = make_project()
    project = Project(root)
    first, key = source_fingerprint(project), cache.inputs_digest(root)
    config = root / "handouts.toml"
    config.write_text("# our settings\n" + config.read_text(encoding="utf-8").replace(
        "[smtp]\n", "[smtp]\ntimeout = 1\n").replace("port = 8025", "port = 2525"), encoding="utf-8")
    assert (source_fingerprint(project), cache.inputs_digest(root)) == (first, key)
    config.write_text(config.read_text(encoding="utf-8").replace("Riverside", "Lakeside"), encoding="utf-8")
    assert source_fingerprint(project) != first and cache.inputs_digest(root) != key
