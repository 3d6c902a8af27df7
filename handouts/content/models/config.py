"""Project settings, as `handouts.toml` holds them."""

from typing import Literal

from pydantic import Field

from handouts.content.models.base import AssetPath, Model, Name, Text, TName, TText
from handouts.content.models.smtp import SmtpSettings

Paper = Literal["letter", "a4"]


class Clinic(Model):
    """Who hands the packs out and how to reach them."""

    name: Name = Field(description="The clinic's name as printed on every page.")
    logo: AssetPath = Field(description="SVG or PNG path inside the project, e.g. 'assets/logo.svg'.")
    phone: Text = Field(description="Printed on the cover and in every 'call us' box.")
    email: Text = Field(description="Where participants write to the clinic.")
    website: str | None = Field(default=None, description="Web address, with or without https://.")
    address: Text = Field(description="Street address, one line.")


class Brand(Model):
    """Brand colours as #rrggbb."""

    primary: str = Field(pattern=r"^#[0-9a-fA-F]{6}$", description="Headings, banners, primary highlights.")
    accent: str = Field(pattern=r"^#[0-9a-fA-F]{6}$", description="Call-outs, arrows, secondary highlights.")
    text: str = Field(default="#1b2430", pattern=r"^#[0-9a-fA-F]{6}$", description="Body text.")
    background: str = Field(default="#ffffff", pattern=r"^#[0-9a-fA-F]{6}$", description="Page background.")
    tint: str = Field(default="#eef4f8", pattern=r"^#[0-9a-fA-F]{6}$", description="Light panel background.")


class Series(Model):
    """The wellness series the classes belong to."""

    name: TName = Field(description="The series name, shown in the page header.")
    language: str = Field(default="en", pattern=r"^[a-z]{2}(-[A-Z]{2})?$")
    paper: Paper = Field(default="letter", description="Default paper; `build --paper` overrides it.")
    footer: TText = Field(description="One line at the foot of every page.")
    disclaimer: TText = Field(description="Printed on the cover, under the class details.")


class ProjectConfig(Model):
    """The whole of `handouts.toml`."""

    example: bool = Field(
        default=False,
        description="This project is a fictional example (like the shipped one): its placeholder addresses are on "
        "purpose, so `check` counts them in one note instead of warning about each. Remove it in a real clinic.",
    )
    clinic: Clinic
    brand: Brand
    series: Series
    smtp: SmtpSettings | None = Field(default=None, description="Mail server for `handouts email --send`.")
