"""Layer 3, handouts: one module per handout type, each turning content into its template's view.

A module here is named after its template under `templates/handouts/`; the pack builder imports one only
when a class uses that type.
"""
