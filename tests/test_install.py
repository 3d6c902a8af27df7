"""A plain install works: every import is a declared dependency, and the README names the packages CI installs."""

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {_normal(re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0]) for requirement in project["dependencies"]}


def _imported_top_level_modules() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted((ROOT / "handouts").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], str(path.relative_to(ROOT)))
    return found


def test_every_import_of_the_package_is_a_declared_runtime_dependency():
    # `pip install .` installs only [project] dependencies; an import that a test extra happens to pull in
    # (click, once) works in development and fails for every user.
    declared = _declared()
    distributions = packages_distributions()
    undeclared = []
    for module, where in _imported_top_level_modules().items():
        if module in sys.stdlib_module_names or module == "handouts":
            continue
        providers = {_normal(name) for name in distributions.get(module, [])}
        if not providers & declared:
            undeclared.append(f"{where}: imports '{module}' from {sorted(providers) or 'nothing installed'}")
    assert not undeclared, "\n".join(undeclared)


def _ci_packages() -> list[str]:
    script = (ROOT / ".ci/run").read_text(encoding="utf-8")
    packages = []
    for match in re.finditer(r"^packages\+?=\(([^)]*)\)", script, flags=re.M):
        packages += match[1].split()
    return packages


def test_readme_quick_start_names_every_debian_package_ci_installs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    packages = _ci_packages()
    assert "libpango-1.0-0" in packages and "libharfbuzz-subset0" in packages
    named = set(re.findall(r"[\w.+-]+", quick_start))
    missing = [package for package in packages if package not in named]
    assert not missing, f"README's quick start lacks {missing}, which .ci/run installs"
