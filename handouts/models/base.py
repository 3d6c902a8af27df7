"""The base every content model shares."""

from dataclasses import dataclass
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

# Unknown keys are kept (extra="allow") so the loader can report them as warnings, or errors with --strict.
Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=64)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


@dataclass(frozen=True)
class Ref:
    """Marks an id field as naming an entry of a content collection (checked by handouts.crossrefs)."""

    collection: str
    noun: str


@dataclass(frozen=True)
class Asset:
    """Marks a field as a file path inside the project (checked by handouts.crossrefs)."""


@dataclass(frozen=True)
class Translatable:
    """Marks participant-facing text: extracted into the PO catalogues and replaced in an edition (handouts.i18n).

    Ids, URLs, dates, asset paths, citation keys and the clinic's own details never carry it.
    """


MuscleId = Annotated[Id, Ref("muscles", "muscle")]
ExerciseId = Annotated[Id, Ref("exercises", "exercise")]
ReferenceId = Annotated[Id, Ref("references", "reference")]
ChecklistId = Annotated[Id, Ref("checklists", "checklist")]
AssetPath = Annotated[str, Asset()]
TText = Annotated[Text, Translatable()]
TStr = Annotated[str, Translatable()]


class Model(BaseModel):
    """A content model: unknown keys are collected as warnings rather than rejected."""

    model_config = ConfigDict(extra="allow", frozen=True, str_strip_whitespace=True)
