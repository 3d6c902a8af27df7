"""Find content text that no bundled font can draw, naming the file, the field and the character."""

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from handouts.errors import Problem
from handouts.fonts import describe, unprintable

if TYPE_CHECKING:
    from handouts.content.corpus import Content


def glyph_problems(content: "Content", class_ids: list[str] | None = None) -> list[Problem]:
    """Return one problem per field holding a character no bundled font draws (all classes unless `class_ids`)."""
    sources: list[tuple[str, str, Any]] = [("handouts.toml", "", content.config)]
    sources += [("data/muscles.yaml", key, value) for key, value in content.muscles.items()]
    sources += [("data/exercises.yaml", key, value) for key, value in content.exercises.items()]
    sources += [("data/references.yaml", key, value) for key, value in content.references.items()]
    sources += [(f"data/checklists/{key}.yaml", "", value) for key, value in content.checklists.items()]
    for key in class_ids if class_ids is not None else list(content.classes):
        sources.append((f"data/classes/{key}.yaml", "", content.classes[key]))
    problems = []
    for path, prefix, value in sources:
        for where, text in _strings(value, prefix):
            for char in unprintable(text):
                problems.append(Problem(path, None, where, describe(char)))
    return problems


def _strings(value: Any, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _strings(getattr(value, name), f"{where}.{name}" if where else name)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{where}.{key}" if where else str(key))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _strings(item, f"{where}[{index}]")
