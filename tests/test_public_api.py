"""The public API in handouts/__init__.py: what scripts use, loaded lazily so the CLI's help stays quick."""

import subprocess
import sys

import pytest

import handouts

HEAVY = (
    "weasyprint", "pikepdf", "reportlab", "pypdfium2", "handouts.rendering.pack", "handouts.delivery.sender",
    "handouts.drawing.figures", "handouts.drawing.musclemap.render",
)


def _modules_after(code: str) -> list[str]:
    probe = f"import sys\n{code}\nprint(' '.join(sorted(sys.modules)))\n"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_every_public_name_resolves():
    for name in handouts.__all__:
        assert getattr(handouts, name) is not None, name
    with pytest.raises(AttributeError):
        handouts.render_html  # noqa: B018 (internal names stay internal)


@pytest.mark.parametrize("code", [
    "import handouts",
    "from handouts.cli import main\nsys.argv = ['handouts', '--help']\ntry:\n    main()\nexcept SystemExit:\n    pass",
])
def test_import_and_help_load_nothing_heavy(code):
    loaded = _modules_after(code)
    assert [m for m in loaded if m.startswith(HEAVY)] == []


def test_a_script_loads_a_project_through_the_api(make_project):
    root = make_project()
    content = handouts.load_content(handouts.load_project(root))
    assert content.root == root.resolve()
    with pytest.raises(handouts.HandoutsError, match="unknown class 'nope'"):
        content.get_class("nope")
    with pytest.raises(handouts.HandoutsError, match="no handouts.toml here"):
        handouts.load_project(root / "data")


def test_the_readme_example_uses_only_public_names():
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    example = readme.split("## Using it from Python", 1)[1].split("```python", 1)[1].split("```", 1)[0]
    used = set(re.findall(r"\bhandouts\.(\w+)", example))
    assert used and used <= set(handouts.__all__), used - set(handouts.__all__)
    compile(example, "README.md", "exec")
