"""Branded, printable, emailable PDF handouts for a clinic's wellness-series classes."""

__version__ = "0.1.0"
