"""Pydantic models of every content file; import them from here."""

from handouts.content.models.checklist import Checklist
from handouts.content.models.classes import Handout, HandoutClass
from handouts.content.models.config import ProjectConfig
from handouts.content.models.exercise import Exercise
from handouts.content.models.muscle import Muscle
from handouts.content.models.reference import Reference

__all__ = ["Checklist", "Exercise", "Handout", "HandoutClass", "Muscle", "ProjectConfig", "Reference"]
