"""Exercise figures drawn from pose data: a consistent filled-limb style, so a new exercise needs no artist."""

from handouts.figures.pose import Equipment, FigureSpec, Frame, Limbs, Motion
from handouts.figures.render import Figure, Layout, Palette, render_figure

__all__ = ["Equipment", "Figure", "FigureSpec", "Frame", "Layout", "Limbs", "Motion", "Palette", "render_figure"]
