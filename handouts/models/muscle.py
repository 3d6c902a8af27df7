"""A muscle or muscle group, as `data/muscles.yaml` describes it."""

from typing import Literal

from pydantic import Field

from handouts.models.base import Id, Model, ReferenceId, TText

Region = Literal["upper-body", "core", "hips", "thighs", "lower-legs-feet"]
View = Literal["front", "back"]

REGION_TITLES: dict[str, str] = {
    "upper-body": "Upper body",
    "core": "Core",
    "hips": "Hips",
    "thighs": "Thighs",
    "lower-legs-feet": "Lower legs and feet",
}


class Muscle(Model):
    """One muscle or group of muscles."""

    id: Id = Field(description="Stable id used by exercises, classes and the muscle map.")
    name: TText = Field(description="Anatomical name, e.g. 'Gluteus medius'.")
    plain_name: TText = Field(description="What a participant would call it, e.g. 'Side of the hip'.")
    region: Region = Field(description="Body region the handouts group muscles by.")
    group: TText = Field(description="The family it belongs to, e.g. 'Quadriceps' or 'Hip abductors'.")
    actions: list[TText] = Field(min_length=1, description="Joint actions, anatomically correct.")
    in_running: TText = Field(description="One plain sentence: what it does when you run.")
    injuries: list[TText] = Field(default_factory=list, description="Running injuries it is linked to.")
    views: list[View] = Field(min_length=1, description="Views of the body it is seen (or lies) on.")
    deep: bool = Field(default=False, description="Lies under other muscles: drawn dashed on the map.")
    cites: list[ReferenceId] = Field(default_factory=list, description="Reference ids backing the claims above.")
