"""LOAD: content files from disk, safely, into plain data that remembers every value's line and column.

In: paths under content/ (and templates/themes/). Out: `SourceFile`s, or a located problem.
"""
