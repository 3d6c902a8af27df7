"""The base every content model shares."""

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, StringConstraints

# Length limits keep every field inside the box the layout gives it; a longer value is refused at its line.
# An id is a file name and a form field name; a name or title fits on one or two lines of a heading; any other
# text is at most a long paragraph (about a third of a page).
MAX_ID_LENGTH = 64
MAX_NAME_LENGTH = 120
MAX_TEXT_LENGTH = 2_000

# Unknown keys are kept (extra="allow") so the loader can report them as warnings, or errors with --strict.
Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=MAX_ID_LENGTH)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT_LENGTH)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_NAME_LENGTH)]

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _calendar_date(value: Any) -> dt.date:
    # Only YYYY-MM-DD: pydantic would read 20261128 as seconds since 1970, and YAML hands dates over as text.
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError("not a real date; use YYYY-MM-DD")


Date = Annotated[dt.date, BeforeValidator(_calendar_date)]


@dataclass(frozen=True)
class Ref:
    """Marks an id field as naming an entry of a content collection (checked by handouts.content.checks.crossrefs)."""

    collection: str
    noun: str


@dataclass(frozen=True)
class Asset:
    """Marks a field as a file path inside the project (checked by handouts.content.checks.crossrefs)."""


@dataclass(frozen=True)
class Translatable:
    """Marks participant-facing text: extracted into the PO catalogues and replaced in an edition.

    The catalogues are made and read by handouts.content.i18n.

    Ids, URLs, dates, asset paths, citation keys and the clinic's own details never carry it.
    """


MuscleId = Annotated[Id, Ref("muscles", "muscle")]
ExerciseId = Annotated[Id, Ref("exercises", "exercise")]
ReferenceId = Annotated[Id, Ref("references", "reference")]
ChecklistId = Annotated[Id, Ref("checklists", "checklist")]
AssetPath = Annotated[str, Asset()]
TText = Annotated[Text, Translatable()]
TName = Annotated[Name, Translatable()]
TStr = Annotated[str, Translatable()]


class Model(BaseModel):
    """A content model: unknown keys are collected as warnings rather than rejected."""

    model_config = ConfigDict(extra="allow", frozen=True, str_strip_whitespace=True)
