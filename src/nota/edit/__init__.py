"""EDIT: the commands that write content for a person: `fix` (the figures the rows determine), `new`
(the next edition of a document) and `init` (a new project).

In: a project's content/ (read with the same loader and models as `check`). Out: content files
rewritten in place, all or nothing, with comments, key order, quoting and line layout kept.
"""
