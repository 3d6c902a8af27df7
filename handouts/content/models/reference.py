"""A citation, as `data/references.yaml` lists them."""

from pydantic import Field

from handouts.content.models.base import Id, Model, Text


class Reference(Model):
    """One source that a number or claim on a handout rests on."""

    id: Id = Field(description="Id that content cites, e.g. 'niemuth-2005'.")
    authors: Text = Field(description="Authors as printed, e.g. 'Niemuth PE, Johnson RJ, Myers MJ, Thieman TJ'.")
    title: Text
    source: Text = Field(description="Journal or publisher, with volume and pages.")
    year: int = Field(ge=1900, le=2100)
    doi: str | None = Field(default=None, pattern=r"^10\.\d{4,9}/\S+$")
    url: str | None = Field(default=None, pattern=r"^https://")
    note: Text | None = Field(default=None, description="What the handouts use it for.")
