"""A small drawing kit shared by the SVG drawings: plane geometry (`plane`) and SVG writing (`svg`).

The exercise figures use it; the muscle map has its own copies of the same helpers (`musclemap/curves.py`,
`musclemap/svg.py`) and can move onto these names: `Box`, `catmull_rom`, `shoelace_area`, `lerp`, `number`,
`data_uri`.
"""
