"""Deprecated: `Variant` is the old name of `handouts.edition.Edition`; new code imports Edition."""

from handouts.edition import PAGE_SIZES, Edition

Variant = Edition  # kept so the handout preparers that still say `variant` keep working

__all__ = ["PAGE_SIZES", "Edition", "Variant"]
