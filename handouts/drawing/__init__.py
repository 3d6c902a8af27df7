"""Layer 2, drawing: the one geometry and SVG kit (`plane`, `svg`), and what is drawn with it.

Both the exercise figures (`figures`) and the muscle map (`musclemap`) draw with `Point`, `Box`, `catmull_rom`,
`shoelace_area`, `lerp`, `number`, `element` and `data_uri`; QR codes (`qr`) and the page measures the map
plans with (`page_measures`) sit beside them. A helper either package needs twice belongs here, not in a copy.
"""
