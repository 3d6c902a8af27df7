"""A muscle or muscle group, as `data/muscles.yaml` describes it."""

import warnings
from typing import Any, Literal

from pydantic import Field, model_validator

from handouts.content.models.base import Id, Model, ReferenceId, TName, TText

Region = Literal["upper-body", "core", "hips", "thighs", "lower-legs-feet"]
View = Literal["front", "back"]

class Muscle(Model):
    """One muscle or group of muscles."""

    id: Id = Field(description="Stable id used by exercises, classes and the muscle map.")
    name: TName = Field(description="Anatomical name, e.g. 'Gluteus medius'.")
    plain_name: TName = Field(description="What a participant would call it, e.g. 'Side of the hip'.")
    region: Region = Field(description="Body region the handouts group muscles by.")
    group: TName = Field(description="The family it belongs to, e.g. 'Quadriceps' or 'Hip abductors'.")
    actions: list[TText] = Field(min_length=1, description="Joint actions, anatomically correct.")
    in_action: TText = Field(
        description="One plain sentence: what it does in the class's activity (e.g. when you run). "
        "Formerly `in_running`, which still loads with a deprecation warning."
    )
    injuries: list[TText] = Field(default_factory=list, description="Running injuries it is linked to.")
    views: list[View] = Field(min_length=1, description="Views of the body it is seen (or lies) on.")
    deep: bool = Field(default=False, description="Lies under other muscles: drawn dashed on the map.")
    cites: list[ReferenceId] = Field(default_factory=list, description="Reference ids backing the claims above.")

    @model_validator(mode="before")
    @classmethod
    def _old_field_name(cls, data: Any) -> Any:
        # `in_running` named one activity; older projects keep loading while they rename it.
        if isinstance(data, dict) and "in_running" in data and "in_action" not in data:
            warnings.warn(
                f"muscle '{data.get('id', '?')}': 'in_running' is renamed 'in_action'", DeprecationWarning, stacklevel=2
            )
            data = {**data, "in_action": data["in_running"]}
            del data["in_running"]
        return data

    @property
    def in_running(self) -> str:
        """The old name of `in_action`, kept so code written against it still works."""
        return self.in_action
