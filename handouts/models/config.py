"""Project settings, as `handouts.toml` holds them."""

from typing import Literal

from pydantic import Field

from handouts.models.base import AssetPath, Model, Name, Text
from handouts.models.smtp import SmtpSettings

Paper = Literal["letter", "a4"]


class Clinic(Model):
    """Who hands the packs out and how to reach them."""

    name: Name
    logo: AssetPath = Field(description="SVG or PNG path inside the project, e.g. 'assets/logo.svg'.")
    phone: Text
    email: Text
    website: str | None = None
    address: Text


class Brand(Model):
    """Brand colours as #rrggbb."""

    primary: str = Field(pattern=r"^#[0-9a-fA-F]{6}$")
    accent: str = Field(pattern=r"^#[0-9a-fA-F]{6}$")
    text: str = Field(default="#1b2430", pattern=r"^#[0-9a-fA-F]{6}$")
    background: str = Field(default="#ffffff", pattern=r"^#[0-9a-fA-F]{6}$")
    tint: str = Field(default="#eef4f8", pattern=r"^#[0-9a-fA-F]{6}$", description="Light panel background.")


class Series(Model):
    """The wellness series the classes belong to."""

    name: Name
    language: str = Field(default="en", pattern=r"^[a-z]{2}(-[A-Z]{2})?$")
    paper: Paper = "letter"
    footer: Text
    disclaimer: Text


class ProjectConfig(Model):
    """The whole of `handouts.toml`."""

    clinic: Clinic
    brand: Brand
    series: Series
    smtp: SmtpSettings | None = Field(default=None, description="Mail server for `handouts email --send`.")
