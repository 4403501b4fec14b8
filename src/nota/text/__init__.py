"""TEXT: the one configured Markdown parser and the Dutch formats of numbers, amounts and dates.

Pure functions on strings and numbers; no files, no models.
"""
