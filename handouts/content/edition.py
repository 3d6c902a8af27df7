"""An edition of a class pack: the paper, large print, duplex padding and print-shop bleed it is laid out with.

One value type serves the pack build, the personal copies and the emails, so an option named on the command
line means the same thing (the same file suffix, the same stylesheets, the same manifest entry) everywhere.
"""

from __future__ import annotations  # `Paper` only as an annotation: the build cache checks without pydantic

from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from handouts.content.models.config import Paper

PAGE_SIZES: dict[str, str] = {"letter": "letter", "a4": "A4"}


class Wishes(Protocol):
    """What a reader may ask of their copy (a roster row says it); delivery's `Participant` is one."""

    @property
    def paper(self) -> Paper | None: ...
    @property
    def large_print(self) -> bool: ...
    @property
    def language(self) -> str | None: ...


@dataclass(frozen=True)
class Edition:
    """How one rendering of a pack is laid out; `paper=None` means the project's default paper.

    `language=None` means the series language. Files are named language first, then paper, then the
    switched-on options: `ID.es.pdf`, `ID.es.a4.large-print.pdf` (the README's one naming rule).
    """

    paper: Paper | None = None
    large_print: bool = False
    duplex: bool = False
    print_shop: bool = False
    language: str | None = None

    def flags(self) -> list[str]:
        """Return the edition's switched-on options, named as their stylesheets and file suffixes are."""
        options = (("large-print", self.large_print), ("duplex", self.duplex), ("print-shop", self.print_shop))
        return [name for name, on in options if on]

    def suffix(self, default_paper: str, default_language: str = "en") -> str:
        """Return the file-name suffix, e.g. '.es.a4.large-print', empty for the standard pack."""
        return "".join(f".{part}" for part in [*self._language(default_language), *self._named(default_paper)])

    def _language(self, default_language: str) -> list[str]:
        if not self.language or self.language.replace("_", "-").lower() == default_language.lower():
            return []
        return [self.language]

    def _named(self, default_paper: str) -> list[str]:
        paper = [self.paper] if self.paper and self.paper != default_paper else []
        return [*paper, *self.flags()]

    def stylesheets(self) -> list[str]:
        """Return the edition's stylesheets (under assets/css/) to lay over the base ones."""
        return self.flags()

    def page_css(self, default_paper: str) -> str:
        """Return the @page rule that sets the paper size."""
        return f"@page {{ size: {PAGE_SIZES[self.paper or default_paper]}; }}"

    def on(self, default_paper: Paper) -> Edition:
        """Return this edition with its paper named, so two spellings of one layout compare equal."""
        return self if self.paper else replace(self, paper=default_paper)

    def for_participant(
        self, participant: Wishes, default_paper: Paper, default_language: str = "en"
    ) -> Edition:
        """Return the edition `participant` gets: their own paper, large print and language over this edition."""
        return replace(
            self.on(default_paper),
            paper=participant.paper or self.paper or default_paper,
            large_print=participant.large_print or self.large_print,
        ).in_language(participant.language or self.language, default_language)

    def in_language(self, language: str | None, default_language: str = "en") -> Edition:
        """Return this edition in `language`; the series language (or None) is spelled None, so both compare equal."""
        same = not language or language.replace("_", "-").lower() == default_language.replace("_", "-").lower()
        return replace(self, language=None if same else language)

    def options(self, default_paper: str) -> str:
        """Return the command-line options that ask for this edition, e.g. '--paper a4 --duplex' ('' for none)."""
        paper = [f"--paper {self.paper}"] if self.paper and self.paper != default_paper else []
        language = [f"--lang {self.language}"] if self.language else []
        return " ".join([*language, *paper, *(f"--{flag}" for flag in self.flags())])

    def describe(self, default_paper: str) -> str:
        """Return the edition in words for messages, e.g. 'es, a4, duplex' or 'standard'."""
        language = [self.language] if self.language else []
        return ", ".join([*language, *self._named(default_paper)]) or "standard"

    def as_dict(self) -> dict:
        """Return the edition as the manifest stores it (no language key for the series language, as before)."""
        data = asdict(self)
        if data["language"] is None:
            del data["language"]
        return data

    def sort_key(self) -> tuple:
        """Order editions for rendering (paper None first)."""
        return (self.language or "", self.paper or "", self.large_print, self.duplex, self.print_shop)
