"""The loaded, validated content of a project, as one value the checks, the handouts and delivery all take.

It lives apart from the loader (handouts.content.load) so the checks the loader runs can name it without importing
the loader back.
"""

from dataclasses import dataclass, field
from pathlib import Path

from handouts.content.models import Checklist, Exercise, HandoutClass, Muscle, ProjectConfig, Reference
from handouts.content.parse import did_you_mean
from handouts.content.project import Project
from handouts.errors import Problem, UnknownClass


@dataclass(frozen=True)
class Content:
    """Everything a project says, validated; collections are keyed by id in file order."""

    project: Project
    config: ProjectConfig
    muscles: dict[str, Muscle]
    exercises: dict[str, Exercise]
    references: dict[str, Reference]
    checklists: dict[str, Checklist]
    classes: dict[str, HandoutClass]
    warnings: list[Problem] = field(default_factory=list)
    # Placeholders a project that says it is an example (`example = true`) keeps on purpose; counted, not listed.
    example_placeholders: int = 0

    @property
    def root(self) -> Path:
        return self.project.root

    def get_class(self, class_id: str) -> HandoutClass:
        """Return the class `class_id`, or raise UnknownClass naming the known ones."""
        if class_id in self.classes:
            return self.classes[class_id]
        known = ", ".join(self.classes) or "none"
        hint = did_you_mean(class_id, set(self.classes))
        raise UnknownClass(f"unknown class '{class_id}'{hint}; known classes: {known}")
