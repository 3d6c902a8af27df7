"""Checks across content files that no single schema can make, each returning problems rather than raising."""
