"""Load and validate a project's content: every file, every cross-reference, all problems at once."""

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from handouts.content.checks.contrast import contrast_problems
from handouts.content.checks.coverage import coverage_problems, session_warnings
from handouts.content.checks.crossrefs import Unloaded, check_references
from handouts.content.checks.placeholders import placeholder_warnings
from handouts.content.checks.readability import readability_warnings
from handouts.content.checks.safety import safety_warnings
from handouts.content.corpus import Content
from handouts.content.models import Checklist, Exercise, HandoutClass, Muscle, ProjectConfig, Reference
from handouts.content.models.base import Id
from handouts.content.parse import unknown_keys, validate
from handouts.content.project import Project
from handouts.content.sourcefile import Loc, SourceFile, read_toml, read_yaml
from handouts.errors import ContentError, Problem

__all__ = ["Content", "load_content"]

M = TypeVar("M", bound=BaseModel)
ID_PATTERN = Id.__metadata__[0].pattern  # type: ignore[attr-defined]  # the Annotated constraint
# A pack with more exercise cards than this takes minutes to build and is more than anyone works through;
# `handouts check` refuses it (split the class in two).
MAX_EXERCISES_PER_CLASS = 40


@dataclass
class _Loader:
    project: Project
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    located: list[tuple[BaseModel, SourceFile, Loc]] = field(default_factory=list)
    # Per collection, what failed to load: later "unknown id" lines for those are knock-ons, not root causes.
    unloaded: dict[str, Unloaded] = field(default_factory=dict)

    def read(self, path: Path, kind: str) -> SourceFile | None:
        shown = self.project.relative(path)
        source = read_toml(path, shown) if kind == "toml" else read_yaml(path, shown)
        if isinstance(source, Problem):
            self.errors.append(source)
            return None
        return source

    def one(self, model: type[M], source: SourceFile | None) -> M | None:
        if source is None:
            return None
        if not isinstance(source.data, dict):
            self.errors.append(Problem(source.path, 1, "", "expected a mapping of keys to values"))
            return None
        obj, problems = validate(model, source.data, source)
        self.errors += problems
        if obj is not None:
            self.warnings += unknown_keys(obj, source)
            self.located.append((obj, source, ()))
        return obj

    def listing(self, model: type[M], path: Path, key: str) -> dict[str, M]:
        shown = self.project.relative(path)
        lacking = self.unloaded.setdefault(key, Unloaded())
        source = self.read(path, "yaml") if path.is_file() else None
        if source is None:
            if not path.is_file():
                self.errors.append(Problem(shown, None, "", "file is missing"))
            lacking.files.append(shown)
            return {}
        entries = source.data.get(key) if isinstance(source.data, dict) else None
        if not isinstance(entries, list):
            self.errors.append(Problem(source.path, 1, "", f"expected a top-level '{key}:' list"))
            lacking.files.append(shown)
            return {}
        found: dict[str, M] = {}
        for index, entry in enumerate(entries):
            obj, problems = validate(model, entry, source, (key, index))
            self.errors += problems
            if obj is None:
                entry_id = entry.get("id") if isinstance(entry, dict) else None
                if isinstance(entry_id, str):
                    lacking.ids[entry_id] = shown
                else:
                    lacking.files.append(shown)
                continue
            self.warnings += unknown_keys(obj, source, (key, index))
            self.located.append((obj, source, (key, index)))
            ident: str = obj.id  # type: ignore[attr-defined]  # every model a listing holds has an id
            if ident in found:
                self.errors.append(source.problem((key, index, "id"), f"duplicate id '{ident}'"))
            found[ident] = obj
        return found

    def folder(self, model: type[M], folder: Path, key: str) -> dict[str, M]:
        found: dict[str, M] = {}
        lacking = self.unloaded.setdefault(key, Unloaded())
        for path in sorted(folder.glob("*.yaml")):
            shown = self.project.relative(path)
            if re.fullmatch(ID_PATTERN, path.stem) is None:
                message = "file name must be a lower-case id like 'hip-strength.yaml'"
                self.errors.append(Problem(shown, None, "", message))
                continue
            source = self.read(path, "yaml")
            data = source.data if source else None
            if source is not None and isinstance(data, dict) and "id" in data and data["id"] != path.stem:
                message = f"id '{data['id']}' does not match the file name '{path.stem}'"
                self.errors.append(source.problem(("id",), message))
                lacking.ids[path.stem] = shown
                continue
            if isinstance(data, dict) and "id" in model.model_fields and "id" not in data:
                data["id"] = path.stem
            obj = self.one(model, source)
            if obj is not None:
                found[path.stem] = obj
            else:
                lacking.ids[path.stem] = shown
        return found


def load_content(project: Project, *, strict: bool = False) -> Content:
    """Read and check every content file of `project`; raise ContentError listing every problem."""
    loader = _Loader(project)
    config_source = loader.read(project.config_path, "toml")
    config = loader.one(ProjectConfig, config_source)
    if config is not None and config_source is not None:
        loader.errors += contrast_problems(config.brand, config_source)
    muscles = loader.listing(Muscle, project.data_dir / "muscles.yaml", "muscles")
    exercises = loader.listing(Exercise, project.data_dir / "exercises.yaml", "exercises")
    references = loader.listing(Reference, project.data_dir / "references.yaml", "references")
    checklists = loader.folder(Checklist, project.data_dir / "checklists", "checklists")
    classes = loader.folder(HandoutClass, project.data_dir / "classes", "classes")
    if not classes and not any(p.path.startswith("data/classes") for p in loader.errors):
        loader.errors.append(Problem("data/classes", None, "", "no class files found"))
    if config is None:
        raise _failure(loader, strict)
    content = Content(project, config, muscles, exercises, references, checklists, classes)
    loader.errors += check_references(content, loader.located, loader.unloaded)
    map_errors, map_warnings = coverage_problems(content, loader.located)
    if loader.unloaded["muscles"].files or loader.unloaded["muscles"].ids:
        # Shapes "naming no muscle" would then only echo muscles.yaml's own errors.
        map_warnings = [warning for warning in map_warnings if "names no muscle" not in warning.message]
    loader.errors += map_errors
    loader.warnings += map_warnings
    loader.errors += _class_size_problems(loader.located)
    loader.warnings += session_warnings(loader.located)
    to_fill_in = placeholder_warnings(content, loader.located)
    example_placeholders = len(to_fill_in) if config.example else 0
    if not config.example:
        loader.warnings += to_fill_in
    loader.warnings += safety_warnings(loader.located) + readability_warnings(loader.located)
    if loader.errors or (strict and loader.warnings):
        raise _failure(loader, strict)
    return Content(
        project, config, muscles, exercises, references, checklists, classes, loader.warnings, example_placeholders
    )


def _class_size_problems(located: list[tuple[BaseModel, SourceFile, Loc]]) -> list[Problem]:
    problems = []
    for obj, source, loc in located:
        if isinstance(obj, HandoutClass):
            cards = sum(len(handout.exercises) for handout in obj.handouts if handout.type == "exercises")
            if cards > MAX_EXERCISES_PER_CLASS:
                problems.append(source.problem(
                    (*loc, "handouts"),
                    f"{cards} exercise cards in one class; the limit is {MAX_EXERCISES_PER_CLASS}, so split the class",
                ))
    return problems


def _failure(loader: _Loader, strict: bool) -> ContentError:
    if strict:
        return ContentError(loader.errors + loader.warnings)
    return ContentError(loader.errors, loader.warnings)
