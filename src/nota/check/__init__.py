"""CHECK: the rules across fields and files (numbers, references, totals, advice, images, sizes).

In: a validated `Document`. Out: its `Outline` (numbers and anchors) and a list of problems; nothing is
written. `check.recipe` is the one recipe (load, model, check, under a deadline) every command runs.
"""
