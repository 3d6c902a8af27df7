"""The one drawing kit the SVG drawings share: plane geometry (`plane`) and SVG writing (`svg`).

Both the exercise figures (handouts.figures) and the muscle map (handouts.musclemap) draw with these: `Point`,
`Box`, `catmull_rom`, `shoelace_area`, `lerp`, `number`, `element`, `data_uri`. A helper either package needs
twice belongs here, not in a copy.
"""
