"""Pydantic models of every content file; import them from here."""

from handouts.models.checklist import Checklist
from handouts.models.classes import Handout, HandoutClass
from handouts.models.config import ProjectConfig
from handouts.models.exercise import Exercise
from handouts.models.muscle import Muscle
from handouts.models.reference import Reference

__all__ = ["Checklist", "Exercise", "Handout", "HandoutClass", "Muscle", "ProjectConfig", "Reference"]
