"""Layer 1, content: the project's files read into validated models, with every cross-file check.

Nothing here imports drawing, rendering or delivery code, so `handouts check` stays quick and a model can be
used on its own. `models` is the bottom of the package: it imports only `handouts.errors`.
"""
