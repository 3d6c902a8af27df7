"""Exercise figures drawn from pose data: a consistent filled-limb style, so a new exercise needs no artist.

The pose data itself (FigureSpec and its parts) is content and lives in handouts.content.models.pose; FigureSpec is
re-exported here because it is what render_figure takes.
"""

from handouts.content.models.pose import FigureSpec
from handouts.drawing.figures.render import Figure, Layout, Palette, render_figure

__all__ = ["Figure", "FigureSpec", "Layout", "Palette", "render_figure"]
