"""The print variants of a pack: paper size, large print, duplex padding and print-shop bleed."""

from dataclasses import dataclass

from handouts.models.config import Paper

PAGE_SIZES: dict[str, str] = {"letter": "letter", "a4": "A4"}


@dataclass(frozen=True)
class Variant:
    """How one rendering of a pack is laid out; `paper=None` means the project's default paper."""

    paper: Paper | None = None
    large_print: bool = False
    duplex: bool = False
    print_shop: bool = False

    def flags(self) -> list[str]:
        """Return the variant's switched-on options, named as their stylesheets and file suffixes are."""
        options = (("large-print", self.large_print), ("duplex", self.duplex), ("print-shop", self.print_shop))
        return [name for name, on in options if on]

    def suffix(self, default_paper: str) -> str:
        """Return the file-name suffix, e.g. '.a4.large-print', empty for the standard pack."""
        paper = [self.paper] if self.paper and self.paper != default_paper else []
        return "".join(f".{part}" for part in [*paper, *self.flags()])

    def stylesheets(self) -> list[str]:
        """Return the variant stylesheets (under assets/css/) to lay over the base ones."""
        return self.flags()

    def page_css(self, default_paper: str) -> str:
        """Return the @page rule that sets the paper size."""
        return f"@page {{ size: {PAGE_SIZES[self.paper or default_paper]}; }}"
